"""What the status line says on its right: the parts (section, time left,
line, encoding, how far), which of them fit, and the words left to read.

Words are counted as the sidebar counts them (corpus.count_words), each
block of the text once, when first asked, so that moving the cursor costs
the two part-blocks at the ends."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len, set_cell_size

from .library.corpus import count_words, count_words_in

WORDS_A_MINUTE = 250
SEPARATOR = " · "  # between the parts on the right
LEFT_SEPARATOR = " — "  # between the title and the file name
BLOCK = 1 << 14  # characters: a part-block is counted in well under a millisecond


class Part(NamedTuple):
    text: str
    keep: int  # the higher, the sooner it is given room
    # Its first `head` cells have `keep`, the rest `rest_keep`: a long title
    # keeps its start, cut with "…", when the line is narrow (0: all or nothing).
    head: int = 0
    rest_keep: int = 0


def time_left(words: int) -> str:
    """`12 min left`: `words` read at WORDS_A_MINUTE. Beside the section's
    title it is the section's; without one, the document's."""
    minutes = round(words / WORDS_A_MINUTE)
    said = "< 1 min" if minutes < 1 else f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"
    return f"{said} left"


class _Piece(NamedTuple):
    part: int  # which part (its index in the line) this is of
    text: str
    keep: int


def fitting(left: list[Part], right: list[Part], width: int) -> tuple[str, str]:
    """The two sides of the line: the parts (or heads of parts) given room
    in order of `keep`, each that fits beside those before it; the first
    always. A narrow line drops the least kept parts, not its end."""
    sides = [(LEFT_SEPARATOR, left), (SEPARATOR, right)]
    pieces: list[_Piece] = []
    for index, part in enumerate([*left, *right]):
        if part.head and cell_len(part.text) > part.head:
            head = set_cell_size(part.text, part.head)
            pieces += [_Piece(index, head, part.keep), _Piece(index, part.text, part.rest_keep)]
        elif part.text:
            pieces.append(_Piece(index, part.text, part.keep))
    shown: dict[int, str] = {}  # part -> its text as shown
    for piece in sorted(pieces, key=lambda piece: -piece.keep):
        trial = {**shown, piece.part: piece.text}
        if not shown or _width(sides, trial) <= width:
            shown = trial
    for piece in pieces:  # a head shown alone ends in "…"
        if shown.get(piece.part) == piece.text and piece.text != [*left, *right][piece.part].text:
            shown[piece.part] = set_cell_size(piece.text, cell_len(piece.text) - 1) + "…"
    return _joined(sides, shown)


def _joined(sides: list[tuple[str, list[Part]]], shown: dict[int, str]) -> tuple[str, str]:
    joined, index = [], 0
    for separator, parts in sides:
        joined.append(separator.join(shown[i] for i in range(index, index + len(parts)) if i in shown))
        index += len(parts)
    return joined[0], joined[1]


def _width(sides: list[tuple[str, list[Part]]], shown: dict[int, str]) -> int:
    left, right = _joined(sides, shown)
    return cell_len(left) + cell_len(right) + (1 if left and right else 0)


class WordCounts:
    """The words of one text, counted a block at a time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._blocks: dict[int, int] = {}  # block number -> words starting in it

    def between(self, start: int, end: int) -> int:
        """How many words start in [start, end) (one the cursor is inside does not)."""
        start, end = max(0, start), min(end, len(self.text))
        first, last = -(-start // BLOCK), end // BLOCK  # the whole blocks inside
        if first >= last:
            return self._starts(start, end)
        inside = sum(self._block(k) for k in range(first, last))
        return self._starts(start, first * BLOCK) + inside + self._starts(last * BLOCK, end)

    def _block(self, k: int) -> int:
        if k not in self._blocks:
            self._blocks[k] = self._starts(k * BLOCK, (k + 1) * BLOCK)
        return self._blocks[k]

    def _starts(self, start: int, end: int) -> int:
        if start >= end:
            return 0
        before = self.text[start - 1 : start]
        # The words of the piece, less the one it continues from before it.
        return count_words_in((before, self.text[start:end])) - count_words(before)
