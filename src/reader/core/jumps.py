"""The jump list, as vim keeps it: every jump (find, outline, top and
bottom, a link, a note, a search hit, a line number, a mark) records where
the reader was; `ctrl+o` goes back along it, the forward key comes forward
again, and `''` swaps with the place before the last jump."""

from __future__ import annotations

from dataclasses import dataclass

MOST = 100  # places kept, as vim's jumplist


@dataclass(frozen=True)
class Place:
    rel: str  # the document
    offset: int  # the cursor
    top: int | None = None  # the first character on screen: coming back shows the same screen


class JumpList:
    def __init__(self) -> None:
        self._places: list[Place] = []
        self._at = 0  # where back() goes from: len(_places) when at the newest
        self.before_last: Place | None = None  # where the last jump started: `''`

    def record(self, here: Place) -> None:
        """A jump starts at `here`: places ahead of the one gone back to are
        dropped (as a browser's forward history), `here` is the newest."""
        del self._places[self._at :]
        if not self._places or self._places[-1] != here:
            self._places.append(here)
        del self._places[:-MOST]
        self._at = len(self._places)
        self.before_last = here

    def back(self, here: Place) -> Place | None:
        """The place before `here`, None at the oldest. (`''` then returns to `here`.)"""
        if self._at == len(self._places):  # leaving the newest: keep it, for forward()
            if not self._places or self._places[-1] != here:
                self._places.append(here)
            self._at = len(self._places) - 1
        if self._at == 0:
            return None
        self._at -= 1
        self.before_last = here
        return self._places[self._at]

    def forward(self, here: Place) -> Place | None:
        """The place after the one gone back to, None at the newest."""
        if self._at + 1 >= len(self._places):
            return None
        self._at += 1
        self.before_last = here
        return self._places[self._at]

    def swap(self, here: Place) -> Place | None:
        """`''`: the place before the last jump, which itself is a jump (so
        that `''` again comes back here)."""
        target = self.before_last
        if target is None:
            return None
        self.record(here)
        return target
