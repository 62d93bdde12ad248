"""Soft wrapping of the reading text, a block at a time.

The reading pane never wraps a whole document: it finds the blocks around
the reading position and wraps only those, so opening a 100 MB file or
jumping to its end costs the same as a small one. A block is a paragraph
(the text between two newlines), or, for a paragraph longer than BLOCK
characters, a slice of it that ends after a space. Block boundaries depend
only on the text, never on the width, so a position survives a resize.

A row is a half-open range [start, end) of offsets into the text; the
newline that ends a paragraph belongs to no row. With a Reflow, the lines
of a hard-wrapped paragraph make one block, their newlines drawn as spaces.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.cells import get_character_cell_size

from .reflow import Reflow

BLOCK = 16 * 1024
TAB = 8


class Wrapper:
    """Blocks and their rows for one text at one width, with a cache of the
    rows of recently seen blocks."""

    def __init__(self, text: str, width: int, cache_size: int = 512, reflow: Reflow | None = None) -> None:
        self.text = text
        self.reflow = reflow  # paragraphs of hard-wrapped lines, their newlines drawn as spaces
        # A final newline ends the last paragraph; it does not start another.
        self.end = len(text) - 1 if text.endswith("\n") else len(text)
        self.width = max(1, width)
        self._cache: OrderedDict[int, list[int]] = OrderedDict()
        self._cache_size = cache_size

    # -- blocks ---------------------------------------------------------------

    def block_at(self, offset: int) -> tuple[int, int]:
        """The block holding `offset` (an offset at a newline belongs to the
        block that the newline ends)."""
        text = self.text
        offset = max(0, min(offset, len(text)))
        para_start = text.rfind("\n", 0, offset) + 1
        para_end = text.find("\n", offset)
        if self.reflow is not None:
            joins = self.reflow.joins
            while para_start > 0 and joins(para_start - 1):
                para_start = text.rfind("\n", 0, para_start - 1) + 1
            while para_end >= 0 and joins(para_end):
                para_end = text.find("\n", para_end + 1)
        if para_end < 0:
            para_end = len(text)
        if para_end - para_start <= BLOCK:
            return para_start, para_end
        # The paragraph's end belongs to its last slice, never to an empty one.
        pos = min(offset, para_end - 1)
        k = (pos - para_start) // BLOCK
        start = self._boundary(para_start, para_end, k)
        if pos < start:
            k -= 1
            start = self._boundary(para_start, para_end, k)
        end = self._boundary(para_start, para_end, k + 1)
        return start, end

    def _boundary(self, para_start: int, para_end: int, k: int) -> int:
        # The k-th boundary of a long paragraph: just after the first space at
        # or past k * BLOCK, looked for in half a block so that boundaries stay
        # in order; a hard cut where there is none (CJK, a giant token).
        if k <= 0:
            return para_start
        nominal = para_start + k * BLOCK
        if nominal >= para_end:
            return para_end
        space = self.text.find(" ", nominal, min(para_end, nominal + BLOCK // 2))
        return space + 1 if space >= 0 else nominal

    def next_block(self, block: tuple[int, int]) -> tuple[int, int] | None:
        end = block[1]
        if end >= self.end:
            return None
        # After a newline the next paragraph starts; after a slice of a long
        # paragraph, the next slice.
        return self.block_at(end + 1 if self.text[end] == "\n" else end)

    def prev_block(self, block: tuple[int, int]) -> tuple[int, int] | None:
        start = block[0]
        return self.block_at(start - 1) if start > 0 else None

    def last_block(self) -> tuple[int, int]:
        return self.block_at(self.end)

    # -- rows ------------------------------------------------------------------

    def rows(self, block: tuple[int, int]) -> list[int]:
        """Start offsets of the rows of a block (at least one)."""
        start, end = block
        cached = self._cache.get(start)
        if cached is not None:
            self._cache.move_to_end(start)
            return cached
        segment = self.text[start:end]
        if self.reflow is not None:
            segment = segment.replace("\n", " ")
        if segment.isascii() and "\t" not in segment:
            rows = _wrap_ascii(segment, self.width)
        else:
            rows = _wrap_cells(segment, self.width)
        rows = [start + r for r in rows]
        self._cache[start] = rows
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return rows

    def row_end(self, block: tuple[int, int], rows: list[int], index: int) -> int:
        return rows[index + 1] if index + 1 < len(rows) else block[1]


def _wrap_ascii(s: str, width: int) -> list[int]:
    """Word wrap where every character is one cell: a C-speed search for the
    last space that fits, once per row."""
    rows = [0]
    pos, end = 0, len(s)
    while end - pos > width:
        cut = s.rfind(" ", pos, pos + width + 1)  # a space in the last column may hang
        if cut <= pos:
            nxt = pos + width  # no space to break at: break the word
        else:
            nxt = cut + 1
            while nxt < end and s[nxt] == " ":
                nxt += 1  # further spaces hang past the edge too
            if nxt == end:
                break
        rows.append(nxt)
        pos = nxt
    return rows


def _wrap_cells(s: str, width: int) -> list[int]:
    """Word wrap by terminal cells: wide (CJK) characters count two and may
    break anywhere, tabs run to the next multiple of TAB."""
    rows = [0]
    col = 0
    row_start = 0
    brk = -1  # where the current row may break: after a space, around a wide char
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == " ":
            col += 1  # spaces hang past the edge rather than start a row
            i += 1
            brk = i
            continue
        w = TAB - col % TAB if ch == "\t" else get_character_cell_size(ch)
        if w == 2 and i > row_start:
            brk = i
        if col + w > width and i > row_start:
            cut = brk if brk > row_start else i
            rows.append(cut)
            row_start, col, brk = cut, _cells(s, cut, i), -1
            continue  # place this character again on the new row
        col += w
        i += 1
        if w == 2 or ch == "\t":
            brk = i
    return rows


def _cells(s: str, start: int, end: int) -> int:
    col = 0
    for ch in s[start:end]:
        col += TAB - col % TAB if ch == "\t" else get_character_cell_size(ch)
    return col


def row_text(text: str, column: int = 0) -> str:
    """A row as it is drawn: a newline inside a reflowed paragraph as a
    space, tabs expanded."""
    return expand_row(text.replace("\n", " "), column)


def expand_row(text: str, column: int = 0) -> str:
    """Text as it is drawn from `column` on: tabs expanded to spaces."""
    if "\t" not in text:
        return text
    out = []
    col = column
    for ch in text:
        if ch == "\t":
            pad = TAB - col % TAB
            out.append(" " * pad)
            col += pad
        else:
            out.append(ch)
            col += get_character_cell_size(ch)
    return "".join(out)


def column_offset(text: str, start: int, end: int, x: int) -> int:
    """The offset of the character of the row [start, end) drawn at cell
    column `x` (the row's end when `x` is past its last character)."""
    col = 0
    for i in range(start, end):
        ch = text[i]
        col += TAB - col % TAB if ch == "\t" else 1 if ch == "\n" else get_character_cell_size(ch)
        if col > x:
            return i
    return end
