"""Annotations in memory (docs/ARCHITECTURE.md, "The annotation format"):
what an annotation holds, its limits, and a document's set of them.

A set is state-based: annotations by id, last `updated` wins, and tombstones
for deletions; so any two versions of a file merge without a common base.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypedDict

QUOTE_CONTEXT = 32  # characters of prefix and suffix kept with a quote
# What a file may hold: more is refused (a hostile or broken file must not
# exhaust memory or the screen), in characters.
MAX_QUOTE = 64 << 20  # a whole book highlighted
MAX_CONTEXT = 4096
MAX_NOTE = 1 << 20
MAX_NAME = 256  # an id, a kind, a tag
MAX_TAGS = 1000
MAX_FILE = 1 << 30  # bytes
# Later dates are taken as this one: a file may say 9999-12-31, and dating
# a change one second after that would overflow.
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def now() -> datetime:
    """The time in UTC, to the second (what the files hold)."""
    return datetime.now(UTC).replace(microsecond=0)


@functools.lru_cache(maxsize=4096)  # annotations made in one sitting share their times
def iso_utc(when: datetime) -> str:
    """`when` as the files and exports write it: 2026-11-23T08:00:00Z."""
    return when.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, in 26 characters
    of Crockford base 32; sorts by creation, unique across machines."""
    value = (time.time_ns() // 1_000_000 << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    kind: str  # "yellow", "green", "blue", "pink", "orange" or a user-configured name
    start: int  # code points in the reading text
    end: int
    exact: str  # text[start:end]
    prefix: str  # up to QUOTE_CONTEXT characters before start
    suffix: str  # up to QUOTE_CONTEXT characters after end
    note: str = ""  # Markdown allowed, may be multi-line
    tags: tuple[str, ...] = ()
    created: datetime = field(default_factory=now)  # aware, UTC
    updated: datetime = field(default_factory=now)

    def __post_init__(self) -> None:
        if not isinstance(self.tags, tuple):  # a list would make it unhashable
            object.__setattr__(self, "tags", tuple(self.tags))
        # Checked here so that nothing is saved that load() would refuse.
        if not 0 <= self.start <= self.end:
            raise ValueError(f"start {self.start} and end {self.end} are not 0 ≤ start ≤ end")
        if self.created.tzinfo is None or self.updated.tzinfo is None:
            raise ValueError("created and updated must have a time zone")
        for name, value, most in (
            ("id", self.id, MAX_NAME),
            ("kind", self.kind, MAX_NAME),
            ("exact", self.exact, MAX_QUOTE),
            ("prefix", self.prefix, MAX_CONTEXT),
            ("suffix", self.suffix, MAX_CONTEXT),
            ("note", self.note, MAX_NOTE),
        ):
            if len(value) > most:
                raise ValueError(f"{name} has {len(value):,} characters, more than the {most:,} reader takes")
        if len(self.tags) > MAX_TAGS or any(len(tag) > MAX_NAME for tag in self.tags):
            raise ValueError(f"tags: at most {MAX_TAGS} of at most {MAX_NAME} characters each")
        if self.created > LATEST:
            object.__setattr__(self, "created", LATEST)
        if self.updated > LATEST:
            object.__setattr__(self, "updated", LATEST)


class Quote(TypedDict):
    """The fields of Annotation that place it in a text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def quote_at(text: str, start: int, end: int) -> Quote:
    """An annotation's place in `text`: the span, its quote and the context
    that finds it again if the text changes, as Annotation's fields (for
    Annotation(...) and dataclasses.replace)."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} is not inside a text of {len(text)} characters")
    return {
        "start": start,
        "end": end,
        "exact": text[start:end],
        "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
        "suffix": text[end : end + QUOTE_CONTEXT],
    }


def make_annotation(text: str, start: int, end: int, kind: str, note: str = "", tags: Iterable[str] = ()) -> Annotation:
    """A new annotation of text[start:end]."""
    stamp = now()
    return Annotation(
        id=new_id(), kind=kind, note=note, tags=tuple(tags), created=stamp, updated=stamp, **quote_at(text, start, end)
    )


@dataclass
class DocumentInfo:
    path: str  # the document's path inside the corpus, forward slashes
    sha256: str  # hex sha256 of the reading text (utf-8 encoded)
    length: int  # len(reading text) in code points
    encoding: str


def rank(a: Annotation) -> tuple:
    # Later `updated` wins; on a tie every field decides, so that merging
    # two different versions gives the same result in either order.
    return (a.updated, a.created, a.kind, a.start, a.end, a.exact, a.prefix, a.suffix, a.note, a.tags, a.id)


@dataclass
class AnnotationSet:
    document: DocumentInfo
    annotations: dict[str, Annotation] = field(default_factory=dict)  # by id
    deleted: dict[str, datetime] = field(default_factory=dict)  # tombstones: id -> when deleted
    # An id is never in both: a tombstone goes when its annotation comes back.

    def ordered(self) -> list[Annotation]:
        return sorted(self.annotations.values(), key=lambda a: (a.start, a.end, a.id))

    def put(self, annotation: Annotation) -> Annotation:
        """Add or replace; returns what was stored. A change that is not
        later than the version it replaces (or than the tombstone of its id)
        is dated one second after it: edits within one second must still
        win a merge with a copy of the version before them."""
        floor = self.deleted.pop(annotation.id, None)
        old = self.annotations.get(annotation.id)
        if old is not None and old != annotation:
            floor = old.updated if floor is None else max(floor, old.updated)
        if floor is not None and annotation.updated <= floor:
            annotation = replace(annotation, updated=floor + SECOND)
        self.annotations[annotation.id] = annotation
        return annotation

    def delete(self, id: str) -> Annotation:
        """Remove and leave a tombstone; returns the removed annotation."""
        removed = self.annotations.pop(id)
        # Never earlier than the version deleted, or a copy of it would win.
        self.deleted[id] = max(now(), removed.updated)
        return removed

    def restore(self, annotation: Annotation) -> Annotation:
        """Undo a delete: put it back dated after its tombstone, so that it
        also wins over the tombstone in copies that have it."""
        return self.put(replace(annotation, updated=now()))


def merge(ours: AnnotationSet, theirs: AnnotationSet) -> AnnotationSet:
    """Both sets in one: union by id, the later version of each; a tombstone
    removes an annotation not updated after it. Commutative, associative and
    idempotent, so any copies merge to the same result in any order. The
    document info is ours."""
    annotations = dict(ours.annotations)
    for id, a in theirs.annotations.items():
        mine = annotations.get(id)
        if mine is None or (mine != a and rank(a) > rank(mine)):
            annotations[id] = a
    deleted = dict(ours.deleted)
    for id, when in theirs.deleted.items():
        if id not in deleted or when > deleted[id]:
            deleted[id] = when
    settle(annotations, deleted)
    return AnnotationSet(ours.document, annotations, deleted)


def settle(annotations: dict[str, Annotation], deleted: dict[str, datetime]) -> None:
    """Keep each id in one of the two: the annotation if updated after its tombstone."""
    for id in [id for id in deleted if id in annotations]:
        if annotations[id].updated > deleted[id]:
            del deleted[id]
        else:
            del annotations[id]


class StoreError(Exception):
    """A file of annotations that cannot be used; str() says which and why,
    in one line for the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


REFUSED = " — fix or move the file; reader will not write over it"
