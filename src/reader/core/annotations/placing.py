"""Where each annotation of a document is in its text as it is now: the one
answer that the app, `reader export`, `reader import` and `reader check`
all give (each calls place()).

A span is trusted only while it still holds its quote, whatever the file's
sha256 says (a hand edit can move a span and keep the sha).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..text.markdown import shown
from ..text.reading import ReadingText
from .anchoring import EVIDENCE, SHORT, Anchored, State, reanchor
from .model import Annotation
from .text_index import Normalised

ORPHANED = Anchored(State.ORPHANED, None, None, 0.0)


def holds(text: str, a: Annotation) -> bool:
    """Whether the annotation's span still holds its quote in `text`."""
    return a.start < a.end <= len(text) and text[a.start : a.end] == a.exact


@dataclass
class Placed:
    states: dict[str, Anchored]  # annotation id -> where it is and how sure
    changed: set[str] = field(default_factory=set)  # ids placed with confidence on other words than the quote's


def place(
    annotations: Iterable[Annotation],
    sha256: str,
    reading: ReadingText | None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Placed:
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
    states = shifted(text, looked_for)
    if states is None:
        states = reanchor(text, looked_for, progress, cancelled)
    changed = {
        a.id
        for a in looked_for
        if (r := states.get(a.id)) is not None and r.confident and _words(text[r.start : r.end]) != _words(a.exact)
    }
    return Placed(states, changed)


def as_rendered(annotations: Iterable[Annotation], sha256: str, reading: ReadingText) -> list[Annotation]:
    """Annotations ready to re-anchor in a rendered Markdown document. Those
    made while it was shown as written (their file's sha256 is that of the
    source) quote its syntax: a timestamp tag, a wiki link's target. Their
    quotes and context are rendered the same way first, so that they are
    found on the words they showed, where approximate search alone would
    orphan every quote the syntax made long."""
    markup = reading.markup
    if markup is None or sha256 != markup.source_sha256:
        return list(annotations)
    body = markup.source_body
    scale = len(reading.text) / max(1, markup.source_length - body)
    out = []
    for a in annotations:
        exact = shown(a.exact)
        # The front matter is not shown: no context comes from it.
        prefix = a.prefix[max(0, len(a.prefix) - max(0, a.start - body)) :]
        start = round(max(0, a.start - body) * scale)
        out.append(
            replace(a, exact=exact, prefix=shown(prefix), suffix=shown(a.suffix), start=start, end=start + len(exact))
        )
    return out


def shifted(text: str, annotations: list[Annotation]) -> dict[str, Anchored] | None:
    """The common case done fast: every quote, with its whole prefix and
    suffix, intact and in the old order, where the one before it moved (a
    passage inserted or deleted between notes, a line added at the top).
    What reanchor() would answer then (each is found at its predicted
    place with all its context; nothing landed out of order), at a
    fraction of the cost; None when any note is not such a case."""
    results: dict[str, Anchored] = {}
    shift, last = 0, -1
    normalised: str | None = None  # the text as re-anchoring compares it, made once if needed
    for a in sorted(annotations, key=lambda a: (a.start, a.end, a.id)):
        if len(a.exact) < SHORT or len(a.prefix) + len(a.exact) + len(a.suffix) < EVIDENCE:
            return None  # too little to go on alone: re-anchoring's own rules decide
        at = a.start + shift
        if not _intact(text, a, at):
            if text.startswith(a.exact, at):
                return None  # the quote where it was, its context changed: re-anchoring weighs the two
            needle = a.prefix + a.exact + a.suffix
            found = text.find(needle)
            if found < 0 or text.find(needle, found + 1) >= 0:
                return None  # gone, changed or not unique: re-anchoring decides
            # Unique as typed, but maybe not to re-anchoring, which folds case,
            # spacing and typography ("the\n\nthe" is "the the"): a twin there
            # makes the place a guess, for reanchor() to judge.
            if normalised is None:
                normalised = Normalised(text).text
            folded = Normalised(needle).text.strip()
            first = normalised.find(folded)
            if first < 0 or normalised.find(folded, first + 1) >= 0:
                return None
            at = found + len(a.prefix)
            shift = at - a.start
        if at < last:
            return None  # out of the old order: a moved passage or a twin, for reanchor() to judge
        last = at
        results[a.id] = Anchored(State.EXACT if at == a.start else State.MOVED, at, at + len(a.exact), 1.0)
    return results


def _intact(text: str, a: Annotation, at: int) -> bool:
    start = at - len(a.prefix)
    return (
        start >= 0
        and text.startswith(a.prefix, start)
        and text.startswith(a.exact, at)
        and text.startswith(a.suffix, at + len(a.exact))
    )


def _words(text: str) -> list[str]:
    # Typography and spacing changes are not news to the reader; words are.
    return re.findall(r"\w+", text.casefold())
