"""What the reading screen decides about the open document's annotations,
apart from how it draws them (the UI maps these kinds and flags to styles):
which are drawn where, what the notes panel says of each, the passage a
selection stands for, and where re-anchoring's results put them back.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .anchoring import Anchored, moved_to
from .model import Annotation
from .placing import holds


class Mark(NamedTuple):  # a tuple, not a frozen dataclass: a book's 10,000 are made at each draw
    """An annotation as the reading pane shows it."""

    id: str
    kind: str
    start: int
    end: int
    noted: bool  # it has a note
    review: bool = False  # at the place re-anchoring suggests, for the reader to confirm (not filled)


@dataclass(frozen=True)
class Marks:
    marks: list[Mark]
    in_place: bool  # every annotation's span holds its quote: none for re-anchoring to find


def marks(annotations: Iterable[Annotation], text: str, results: Mapping[str, Anchored] | None = None) -> Marks:
    """Each annotation whose span holds its quote in `text` is drawn there.
    Of the others (re-anchoring, given its `results`, finds them again),
    those it places without confidence are drawn at that place for review;
    the rest (orphaned, or placed with confidence and about to be written
    back there) are not drawn."""
    drawn: list[Mark] = []
    in_place = True
    for a in annotations:
        if holds(text, a):
            drawn.append(Mark(a.id, a.kind, a.start, a.end, bool(a.note)))
            continue
        in_place = False
        r = results.get(a.id) if results else None
        if r is not None and r.start is not None and r.end is not None and not r.confident:
            drawn.append(Mark(a.id, a.kind, r.start, r.end, bool(a.note), review=True))
    return Marks(drawn, in_place)


class Standing(enum.Enum):
    """What the notes panel says of an annotation that needs a look (its words, which the filter matches)."""

    REVIEW = "review"  # drawn at a suggested place
    ORPHANED = "orphaned"  # not drawn: no place in this text
    CHANGED = "moved, words changed"  # placed with confidence on words other than its quote's


def standings(
    annotations: Iterable[Annotation],
    drawn: Collection[str],
    results: Mapping[str, Anchored] | None,
    changed: Collection[str],
) -> dict[str, Standing]:
    """Annotation id -> its standing, for those of the open document that
    have one: `drawn` holds the ids the pane shows, `results` re-anchoring's
    results for its text, `changed` the ids it moved onto changed words."""
    results = results or {}
    found = {}
    for a in annotations:
        if a.id not in drawn:
            found[a.id] = Standing.ORPHANED
        elif a.id in results and not results[a.id].confident:
            found[a.id] = Standing.REVIEW
        elif a.id in changed:
            found[a.id] = Standing.CHANGED
    return found


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) of `text` without the white space at its edges; None
    when nothing else is in it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def suggested(results: Mapping[str, Anchored] | None, id: str) -> tuple[int, int] | None:
    """Where re-anchoring suggests the annotation `id` belongs (what
    accepting it in the notes panel re-attaches it to); None: nowhere."""
    r = (results or {}).get(id)
    if r is None or r.start is None or r.end is None:
        return None
    return r.start, r.end


def moved(annotations: Mapping[str, Annotation], results: Mapping[str, Anchored], text: str) -> list[Annotation]:
    """The annotations re-anchoring placed with confidence elsewhere than
    their span, pointed at their new places in `text` (to be written back).
    An exact hit is elsewhere too when the quote was looked for in a
    Markdown document's rendering."""
    return [
        moved_to(annotations[id], r, text)
        for id, r in results.items()
        if r.confident and id in annotations and (r.start, r.end) != (annotations[id].start, annotations[id].end)
    ]
