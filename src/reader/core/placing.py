"""Where each annotation of a document is in its text as it is now: the one
answer that the app, `reader export`, `reader import` and `reader check`
all give (each calls place()).

A span is trusted only while it still holds its quote, whatever the file's
sha256 says (a hand edit can move a span and keep the sha).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .anchoring import Anchored, State, reanchor
from .markup import as_rendered
from .store import Annotation
from .text import ReadingText

ORPHANED = Anchored(State.ORPHANED, None, None, 0.0)


def holds(text: str, a: Annotation) -> bool:
    """Whether the annotation's span still holds its quote in `text`."""
    return a.start < a.end <= len(text) and text[a.start:a.end] == a.exact


@dataclass
class Placed:
    states: dict[str, Anchored]  # annotation id -> where it is and how sure
    changed: set[str] = field(default_factory=set)  # ids placed with confidence on other words than the quote's

    def state(self, id: str) -> State:
        return self.states[id].state


def place(annotations: Iterable[Annotation], sha256: str, reading: ReadingText | None,
          progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] = lambda: False) -> Placed:
    """Every annotation: all EXACT when every span holds its quote; else
    all re-anchored in the reading text together (the ones still in place
    tell where their neighbours went), their quotes rendered first when
    `sha256` (of the text their file was last written for) is that of a
    Markdown document's source. With no reading text (the document is gone
    or unreadable) every one is orphaned."""
    annotations = list(annotations)
    if reading is None:
        return Placed({a.id: ORPHANED for a in annotations})
    text = reading.text
    if all(holds(text, a) for a in annotations):
        return Placed({a.id: Anchored(State.EXACT, a.start, a.end, 1.0) for a in annotations})
    looked_for = as_rendered(annotations, sha256, reading)
    states = reanchor(text, looked_for, progress, cancelled)
    changed = {a.id for a in looked_for if (r := states.get(a.id)) is not None and r.confident
               and _words(text[r.start:r.end]) != _words(a.exact)}
    return Placed(states, changed)


def _words(text: str) -> list[str]:
    # Typography and spacing changes are not news to the reader; words are.
    return re.findall(r"\w+", text.casefold())
