"""The passages of a reading text: the pieces the library index holds and
ranks, each a paragraph or a few short ones, with its offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

TARGET = 1024  # characters: short paragraphs are joined until a passage has this many
LONGEST = 4096  # characters: a longer paragraph is cut (at a space) into passages of about this size
OVERLAP = 256  # characters of a cut paragraph's next passage kept with the one before the cut

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Passage:
    start: int  # offset in the reading text
    end: int  # a match starting at or after this belongs to the next passage
    text: str  # text[start:end], and up to OVERLAP more where a paragraph was cut, so that
    #            a match starting before `end` is whole in it


def passages(text: str) -> Iterator[Passage]:
    """The passages of `text`, in order; together they cover it all."""
    start = 0
    size = len(text)
    while start < size:
        end, cut = _end_of(text, start)
        yield Passage(start, end, text[start : min(size, end + OVERLAP) if cut else end])
        start = end


def _end_of(text: str, start: int) -> tuple[int, bool]:
    """Where the passage from `start` ends, and whether it cuts a paragraph."""
    if len(text) - start <= TARGET:
        return len(text), False
    brk = _PARAGRAPH_BREAK.search(text, start + TARGET, start + LONGEST)
    if brk is not None:
        return brk.end(), False
    brk = _PARAGRAPH_BREAK.search(text, start + 1, start + TARGET)
    if brk is not None:  # the passage holds short paragraphs and stops before a long one
        *_, last = _PARAGRAPH_BREAK.finditer(text, start + 1, start + TARGET)
        return last.end(), False
    if len(text) - start <= LONGEST:
        return len(text), False
    # A paragraph longer than LONGEST: cut at the last space before it.
    limit = start + LONGEST
    space = text.rfind(" ", start + TARGET, limit)
    if space < 0:
        found = _SPACE.search(text, start + TARGET, limit)
        space = found.start() if found else limit - 1
    return space + 1, True
