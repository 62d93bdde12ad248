"""The annotations of a corpus as the app works with them: each document's
set loaded when it is opened, every change saved at once, deletions undoable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

from ..text.reading import ReadingText, text_sha256
from .anchoring import Anchored, State
from .model import Annotation, AnnotationSet, DocumentInfo, StoreError, now, quote_at
from .store import Store

T = TypeVar("T")


class Notebook:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._sets: dict[str, AnnotationSet] = {}
        self._errors: dict[str, str] = {}  # document -> why its annotations cannot be used
        self._undo: list[tuple[str, Annotation]] = []  # deletions, newest last
        self.counts: dict[str, int] = {}  # document -> annotations, for the sidebar
        self.attention: dict[str, tuple[int, int]] = {}  # document -> notes (to review, orphaned)
        # document -> notes re-anchoring moved onto changed words, kept for the
        # session (written back, they are in place when opened again)
        self.changed: dict[str, set[str]] = {}

    def load_counts(self) -> dict[str, int]:
        """Counts for every document with annotations (reads every file: call it in a worker)."""
        counts = self.store.load_all_counts() | {rel: len(s.annotations) for rel, s in self._sets.items()}
        self.counts.clear()  # in place: the sidebar holds this dict
        self.counts.update(counts)
        return self.counts

    def open(self, rel: str, text: str, encoding: str) -> AnnotationSet | None:
        """The annotations of the document `rel` whose reading text is
        `text`; None when its file cannot be used (see error())."""
        if rel in self._sets:
            return self._sets[rel]
        try:
            loaded = self.store.load(rel)
        except StoreError as err:
            self._errors[rel] = str(err)
            return None
        self._errors.pop(rel, None)
        if loaded is None:
            # Described by the text it was made on; kept while annotations
            # made on an older text wait to be re-anchored.
            info = DocumentInfo(rel, text_sha256(text), len(text), encoding)
            loaded = AnnotationSet(info, {}, {})
        self._sets[rel] = loaded
        return loaded

    def placed(self, rel: str, states: dict[str, Anchored], changed: set[str] | None = None) -> None:
        """Note how the document's annotations were placed (placing.place's
        states, and the ids it placed on changed words), for the sidebar's
        marks and the notes panel."""
        fuzzy = sum(r.state is State.FUZZY for r in states.values())
        orphaned = sum(r.state is State.ORPHANED for r in states.values())
        self.attention[rel] = (fuzzy, orphaned)
        if changed is not None:
            self.changed[rel] = changed

    def in_place(self, rel: str) -> bool:
        """Every annotation of the document is in place (re-attached, or
        deleted): nothing is left for the sidebar to mark. Whether its
        marks changed."""
        if self.attention.get(rel, (0, 0)) == (0, 0):
            return False
        self.attention[rel] = (0, 0)
        return True

    def survey(self, rel: str, reading: ReadingText | None) -> None:
        """Place the annotations of a document that is not open, as the app
        would when it opens (reads the file apart from the app's base)."""
        from .placing import place

        header = self.store.header(rel)
        if (
            header is not None
            and reading is not None
            and header.length == len(reading.text)
            and header.sha256 == text_sha256(reading.text)
        ):
            # The text they were written for: nothing to look at, without
            # parsing the file (a book's 10,000 notes take 0.15 s). A hand
            # edit that moved a span shows when the document is opened.
            self.attention[rel] = (0, 0)
            return
        try:
            aset = Store(self.store.library).load(rel)
        except StoreError:
            return
        if aset is not None:
            self.placed(rel, place(aset.annotations.values(), aset.document.sha256, reading).states)

    def error(self, rel: str) -> str | None:
        return self._errors.get(rel)

    def get(self, rel: str) -> AnnotationSet | None:
        return self._sets.get(rel)

    def put(self, rel: str, annotation: Annotation) -> Annotation:
        """Add `annotation` (or replace the one with its id), save, and
        return it as stored (its `updated` may be moved on, so it wins merges)."""
        return self._change(rel, lambda aset: aset.put(annotation))

    def edit(self, rel: str, annotation: Annotation, **changes) -> Annotation:
        return self.put(rel, dataclasses.replace(annotation, **changes, updated=now()))

    def reattach(self, rel: str, annotation: Annotation, text: str, start: int, end: int) -> Annotation:
        """Put `annotation` on text[start:end], its quote and context taken from there."""
        return self.edit(rel, annotation, **quote_at(text, start, end))

    def reanchored(self, rel: str, moved: list[Annotation], document: DocumentInfo | None) -> None:
        """Write back re-anchoring's confident results in one save: the
        annotations at their new places, and (when every one was placed)
        the document's new sha256, so that the next opening trusts them."""
        if not moved and document is None:
            return

        def change(aset: AnnotationSet) -> None:
            for annotation in moved:
                aset.put(annotation)
            if document is not None:
                aset.document = document

        self._change(rel, change)

    def delete(self, rel: str, id: str) -> Annotation:
        removed = self._change(rel, lambda aset: aset.delete(id))
        self._undo.append((rel, removed))
        return removed

    def undo(self) -> tuple[str, Annotation] | None:
        """Bring back the last deleted annotation: (its document, it). If it
        cannot be saved, it stays on the undo list."""
        while self._undo:
            rel, annotation = self._undo[-1]
            if self._sets.get(rel) is None or rel in self._errors:
                self._undo.pop()
                continue

            def restore(aset: AnnotationSet, a: Annotation = annotation) -> Annotation:
                return aset.restore(a)

            restored = self._change(rel, restore)
            self._undo.pop()
            return rel, restored
        return None

    def _writable(self, rel: str) -> AnnotationSet:
        if rel in self._errors:
            raise StoreError(self._errors[rel])
        return self._sets[rel]

    def _change(self, rel: str, change: Callable[[AnnotationSet], T]) -> T:
        """Apply `change` to the document's set and save it; if the save is
        refused, the set is as it was (memory says what the disk says) and
        the error goes to the caller."""
        aset = self._writable(rel)
        before = (dict(aset.annotations), dict(aset.deleted), aset.document)
        try:
            result = change(aset)
            merged = self.store.save(aset)
        except StoreError as err:
            aset.annotations, aset.deleted, aset.document = before
            # The file went bad on disk since it was read: from now on it is
            # refused, as at opening.
            self._errors[rel] = str(err)
            raise
        except BaseException:
            aset.annotations, aset.deleted, aset.document = before
            raise
        self._sets[rel] = merged
        self.counts[rel] = len(merged.annotations)
        return result
