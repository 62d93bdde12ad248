"""Spans of a text (highlights, found passages), sorted, so that those on
one row are found by bisection rather than by a pass over all of them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Spans(Generic[T]):
    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        self.spans = sorted(spans, key=lambda span: (span[0], span[1]))
        self._starts = [start for start, _, _ in self.spans]
        # A span overlapping [start, end) starts at most this far before start.
        self._longest = max((end - start for start, end, _ in self.spans), default=0)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """The spans that share a character with [start, end) (or, for an
        empty range, that hold `start`), in order of their starts."""
        found = []
        for span in self.spans[bisect_left(self._starts, start - self._longest) :]:
            if span[0] >= max(end, start + 1):
                break
            if span[1] > start:
                found.append(span)
        return found

    def after(self, offset: int) -> tuple[int, int, T] | None:
        """The first span that starts after `offset`."""
        i = bisect_left(self._starts, offset + 1)
        return self.spans[i] if i < len(self.spans) else None

    def before(self, offset: int) -> tuple[int, int, T] | None:
        """The last span that starts before `offset`."""
        i = bisect_left(self._starts, offset)
        return self.spans[i - 1] if i > 0 else None
