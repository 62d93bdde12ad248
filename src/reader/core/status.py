"""What the status line says on its right: the parts (section, time left,
line, encoding, how far), which of them fit, and the words left to read.

Words are counted as the sidebar counts them (corpus.count_words), each
block of the text once, when first asked, so that moving the cursor costs
the two part-blocks at the ends."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len

from .library.corpus import count_words, count_words_in

WORDS_A_MINUTE = 250
SEPARATOR = " · "
BLOCK = 1 << 14  # characters: a part-block is counted in well under a millisecond


class Part(NamedTuple):
    text: str
    keep: int  # the lowest is dropped first when the line is narrow


def time_left(words: int, where: str = "") -> str:
    """`12 min left in section`: `words` read at WORDS_A_MINUTE."""
    minutes = round(words / WORDS_A_MINUTE)
    said = "< 1 min" if minutes < 1 else f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"
    return f"{said} left{f' in {where}' if where else ''}"


def fitting(parts: list[Part], room: int) -> str:
    """The parts, in their order, joined, without the least kept ones until
    they fit in `room` cells; the one kept most always stays."""
    kept = [part for part in parts if part.text]
    while len(kept) > 1 and cell_len(SEPARATOR.join(part.text for part in kept)) > room:
        kept.remove(min(kept, key=lambda part: part.keep))
    return SEPARATOR.join(part.text for part in kept)


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
