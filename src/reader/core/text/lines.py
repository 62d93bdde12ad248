"""Line numbers of the original text: which line an offset is on, and where
line N starts. Newlines are counted once per block of text (str.count, in
C), lazily; within a block they are counted when asked. A 1 GB book is
counted in well under a second, and each look-up costs one block."""

from __future__ import annotations

from array import array
from bisect import bisect_right

BLOCK = 1 << 16  # characters


class LineIndex:
    """Lines of `text` numbered from 1, as less and vim number them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._before: array | None = None  # newlines before each block

    @property
    def before(self) -> array:
        if self._before is None:
            text, before, total = self.text, array("q"), 0
            for start in range(0, len(text), BLOCK):
                before.append(total)
                total += text.count("\n", start, start + BLOCK)
            before.append(total)
            self._before = before
        return self._before

    @property
    def count(self) -> int:
        """How many lines: a final newline ends the last line, it starts none."""
        if not self.text:
            return 0
        return self.before[-1] + (0 if self.text.endswith("\n") else 1)

    def line_of(self, offset: int) -> int:
        """The number of the line that holds `offset`."""
        offset = max(0, min(offset, len(self.text)))
        block = offset // BLOCK
        return self.before[block] + self.text.count("\n", block * BLOCK, offset) + 1

    def start_of(self, line: int) -> int:
        """Where line `line` starts; past the last line, the last line's start."""
        line = max(1, min(line, self.count))
        if line == 1:
            return 0
        before, text = self.before, self.text
        block = bisect_right(before, line - 2, hi=len(before) - 1) - 1  # holds the (line-1)th newline
        at = block * BLOCK - 1
        for _ in range(line - 1 - before[block]):
            at = text.find("\n", at + 1)
        return at + 1
