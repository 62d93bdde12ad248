"""`reader check`: do the annotations still point at their passages? Per
annotated document, how many are exact, moved, fuzzy and orphaned (placed
as the app places them: placing.place), which ones need the user's eyes,
files whose document is gone, and the document again when only its name
changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..library.corpus import Corpus, DocumentError, load
from ..text.decoding import printable_line
from ..text.reading import text_sha256
from .anchoring import State, moved_to
from .model import AnnotationSet, DocumentInfo, StoreError, merge
from .placing import place
from .store import Store

QUOTE_SHOWN = 40  # characters of a quote named in the report


@dataclass
class Flagged:
    """An annotation the user should look at: fuzzy or orphaned."""

    id: str
    state: State
    quote: str  # its first words, printable
    line: int | None  # 1-based line of the document: where it is offered (fuzzy) or was (orphaned)


@dataclass
class DocumentCheck:
    rel: str
    file: str  # its annotation file, for the user
    counts: Counter = field(default_factory=Counter)  # State -> annotations
    flagged: list[Flagged] = field(default_factory=list)
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
    and the notes of a renamed document are merged into the file of its
    new name (the old file removed only once every note is there)."""
    documents = {doc.rel: doc for doc in corpus.documents}
    files = store.files()
    by_sha: dict[str, str] | None = None  # sha256 -> document without a file: computed when needed
    checks = []
    for rel in files:
        result = DocumentCheck(rel, _file_name(store, rel))
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
                result.flagged = [Flagged(a.id, State.ORPHANED, _quote(a.exact), None) for a in aset.ordered()]
                continue
            result.counts[State.EXACT] = len(aset.annotations)
            if fix:
                result.problem = _move(store, aset, rel, result.found_as)
                result.fixed = result.problem is None
            continue
        try:
            reading = load(doc)
        except DocumentError as err:
            result.problem = str(err)
            continue
        text = reading.text
        results = place(aset.annotations.values(), aset.document.sha256, reading).states
        result.counts.update(r.state for r in results.values())
        result.flagged = _flagged(text, aset, results)
        if fix:
            for id, r in results.items():
                a = aset.annotations[id]
                if r.confident and (r.start, r.end) != (a.start, a.end):
                    aset.put(moved_to(a, r, text))
            sha = text_sha256(text)
            if all(r.confident for r in results.values()):
                aset.document = DocumentInfo(rel, sha, len(text), reading.encoding)
            store.save(aset)
            result.fixed = True
    return checks


def _flagged(text: str, aset: AnnotationSet, results: dict) -> list[Flagged]:
    """The fuzzy and orphaned annotations in the order of their lines."""
    found = []
    for a in aset.ordered():
        r = results[a.id]
        if r.state in (State.FUZZY, State.ORPHANED):
            at = r.start if r.start is not None else min(a.start, len(text))
            found.append((at, Flagged(a.id, r.state, _quote(a.exact), None)))
    found.sort(key=lambda f: f[0])
    line, counted = 1, 0
    for at, flagged in found:  # lines counted from the previous one on: one pass over the text
        line += text.count("\n", counted, at)
        counted = at
        flagged.line = line
    return [flagged for _, flagged in found]


def _quote(exact: str) -> str:
    shown = " ".join(printable_line(exact).split())
    return shown if len(shown) <= QUOTE_SHOWN else shown[: QUOTE_SHOWN - 1].rstrip() + "…"


def _file_name(store: Store, rel: str) -> str:
    path = store.path_for(rel)
    try:
        return printable_line(path.relative_to(store.folder.parent).as_posix())
    except ValueError:
        return printable_line(str(path))


def _shas(corpus: Corpus, annotated: set[str]) -> dict[str, str]:
    """sha256 of the reading text -> path, for the documents without annotations."""
    found: dict[str, str] = {}
    for doc in corpus.documents:
        if doc.rel in annotated or doc.problem:
            continue
        try:
            found.setdefault(text_sha256(load(doc).text), doc.rel)
        except DocumentError:
            continue
    return found


def _move(store: Store, aset: AnnotationSet, old: str, new: str) -> str | None:
    """Merge the notes of `old` into the file of `new` (by id, with what is
    there), then remove the old file once the new one, read back, holds
    every note and tombstone of it. A problem for the user, else None."""
    target = Store(store.library)  # a fresh base: the file of `new` may have been written in this run
    try:
        there = target.load(new)
    except StoreError as err:
        return f"not moved to {printable_line(new)}: {err}"
    moving = AnnotationSet(
        DocumentInfo(new, aset.document.sha256, aset.document.length, aset.document.encoding),
        dict(aset.annotations),
        dict(aset.deleted),
    )
    target.save(merge(there, moving) if there is not None else moving)
    written = Store(store.library).load(new)
    kept = set(written.annotations) | set(written.deleted) if written else set()
    if not set(aset.annotations) | set(aset.deleted) <= kept:
        return f"not every note could be written to {printable_line(new)}; {printable_line(old)} is kept"
    store.path_for(old).unlink()
    return None


def report_lines(checks: list[DocumentCheck]) -> list[str]:
    """The report as `reader check` prints it: a line per document, then one
    per annotation to look at."""
    lines = []
    for result in checks:
        rel = printable_line(result.rel)
        if result.problem:
            lines.append(f"{rel}: cannot be checked: {printable_line(result.problem)}")
            continue
        if result.gone and result.found_as:
            lines.append(
                f"{rel}: document gone; the same text is {printable_line(result.found_as)}: "
                + ("its annotations moved there" if result.fixed else "--fix moves its annotations there")
            )
            continue
        if result.gone:
            lines.append(f"{rel}: document gone: {result.counts[State.ORPHANED]} orphaned ({result.file})")
        else:
            counts = ", ".join(f"{result.counts[state]} {state.value}" for state in State)
            lines.append(f"{rel}: {counts}" + (" (confident ones written back)" if result.fixed else ""))
        for f in result.flagged:
            where = f"line {f.line}" if f.line is not None else "no line"
            lines.append(f"  {f.state.value:<8} {where:<10} “{f.quote}”  {result.file} id {printable_line(f.id)}")
    return lines


def report_json(checks: list[DocumentCheck]) -> str:
    """The report as JSON: a list of documents, each with its counts and the
    annotations to look at."""
    import json

    return (
        json.dumps(
            [
                {
                    "document": result.rel,
                    "file": result.file,
                    "gone": result.gone,
                    "found_as": result.found_as,
                    "problem": result.problem,
                    "fixed": result.fixed,
                    "counts": {state.value: result.counts[state] for state in State},
                    "flagged": [
                        {"id": f.id, "state": f.state.value, "quote": f.quote, "line": f.line} for f in result.flagged
                    ],
                }
                for result in checks
            ],
            ensure_ascii=True,
            indent=2,
        )
        + "\n"
    )
