"""`reader check`: do the annotations still point at their passages? Per
annotated document, how many are exact, moved, fuzzy and orphaned; files
whose document is gone, and the document again when only its name changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .anchoring import State, moved_to, reanchor
from .markup import as_rendered
from .corpus import Corpus, DocumentError, load
from .export import annotation_files
from .store import AnnotationSet, DocumentInfo, Store, StoreError, text_sha256


@dataclass
class DocumentCheck:
    rel: str
    counts: Counter = field(default_factory=Counter)  # State -> annotations
    gone: bool = False  # the document is not in the corpus
    found_as: str | None = None  # ... but a document with the same text is, under this path
    problem: str | None = None  # the annotation file or the document cannot be read
    fixed: bool = False  # --fix wrote something back

    @property
    def ok(self) -> bool:
        return not self.problem and not self.counts[State.ORPHANED] and not (self.gone and not self.fixed)


def check(corpus: Corpus, store: Store, fix: bool = False) -> list[DocumentCheck]:
    """Every annotation file of `store` checked against `corpus`; with `fix`,
    confident results are written back (new positions, the text's sha256),
    and a file whose document was renamed is moved to the new name."""
    documents = {doc.rel: doc for doc in corpus.documents}
    files = annotation_files(store)
    by_sha: dict[str, str] | None = None  # sha256 -> document without a file: computed when needed
    checks = []
    for rel in files:
        result = DocumentCheck(rel)
        checks.append(result)
        try:
            aset = store.load(rel)
        except StoreError as err:
            result.problem = str(err)
            continue
        if aset is None:
            continue
        doc = documents.get(rel)
        if doc is None:
            result.gone = True
            if by_sha is None:
                by_sha = _shas(corpus, set(files))
            result.found_as = by_sha.get(aset.document.sha256)
            if result.found_as is None:
                result.counts[State.ORPHANED] = len(aset.annotations)
                continue
            result.counts[State.EXACT] = len(aset.annotations)
            if fix:
                _rename(store, aset, rel, result.found_as)
                result.fixed = True
            continue
        try:
            reading = load(doc)
        except DocumentError as err:
            result.problem = str(err)
            continue
        text = reading.text
        sha = text_sha256(text)
        if sha == aset.document.sha256:
            for a in aset.annotations.values():
                result.counts[State.ORPHANED if a.start == a.end else State.EXACT] += 1
            continue
        results = reanchor(text, as_rendered(aset.annotations.values(), aset.document.sha256, reading))
        result.counts.update(r.state for r in results.values())
        if fix:
            for id, r in results.items():
                a = aset.annotations[id]
                if r.confident and (r.start, r.end) != (a.start, a.end):
                    aset.put(moved_to(a, r, text))
            if all(r.confident for r in results.values()):
                aset.document = DocumentInfo(rel, sha, len(text), reading.encoding)
            store.save(aset)
            result.fixed = True
    return checks


def _shas(corpus: Corpus, annotated: set[str]) -> dict[str, str]:
    """sha256 of the reading text -> path, for the documents without annotations."""
    found = {}
    for doc in corpus.documents:
        if doc.rel in annotated or doc.problem:
            continue
        try:
            found.setdefault(text_sha256(load(doc).text), doc.rel)
        except DocumentError:
            continue
    return found


def _rename(store: Store, aset: AnnotationSet, old: str, new: str) -> None:
    # Saved under the new name first: a crash between the two steps leaves
    # two copies (merged by id when both are read), never none.
    aset.document.path = new
    store.save(aset)
    store.path_for(old).unlink()
