"""Building and refreshing the library index: documents added, changed,
renamed or deleted since the last run are indexed again, the rest kept.

Passages are committed in batches, and a document counts as indexed only
once its batch is: a build that is killed resumes where its last commit
left it. One indexer at a time writes an index (a lock file beside it)."""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..annotations.notebook import Notebook
from ..annotations.store import Store
from ..library.corpus import (
    Corpus,
    Document,
    DocumentError,
    book_label,
    convert,
    count_words,
    is_converted,
    open_document_file,
    title_of,
)
from ..library.rule import Library
from ..text.decoding import BinaryFile, decode
from ..text.markdown import RENDER_MAX, is_markdown, render
from ..text.reading import ConversionError, ReadingText
from .catalog import Row
from .passages import passages
from .search_index import LibraryIndex, index_folder, wipe, words_of

COMMIT_BYTES = 64 << 20  # bytes of documents indexed between two commits
COMMIT_SECONDS = 5.0  # ... or this long, so that a killed build loses little
FACTS_SECONDS = 0.5  # titles and word counts go to the catalog this often, for the sidebar
WRITER_HEAP = 256 << 20  # tantivy's indexing memory, shared by its threads


@dataclass
class Progress:
    documents: int  # looked at so far
    total: int
    bytes: int  # of documents read and indexed so far
    total_bytes: int  # of the documents to index
    indexed: int  # documents indexed so far (read again)


class Busy(Exception):
    """Another reader is indexing this library now."""


def refresh(
    corpus: Corpus,
    library: Library,
    *,
    rebuild: bool = False,
    progress: Callable[[Progress], None] = lambda p: None,
    cancelled: Callable[[], bool] = lambda: False,
    folder: Path | None = None,
) -> LibraryIndex:
    """Bring the index of `corpus` up to date with its documents and notes;
    raises Busy if another process holds the lock."""
    from filelock import FileLock, Timeout

    folder = folder or index_folder(corpus.root)
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise Busy("another reader is indexing this library") from None
    try:
        if rebuild:
            wipe(folder)
        index = LibraryIndex(folder, corpus.root)
        _Refresh(index, corpus, library, progress, cancelled).run()
        return index
    finally:
        lock.release()


def notes_key(store: Store, rel: str) -> str:
    """What says whether a document's notes changed since they were placed:
    the size and mtime of its annotation file ("" where it has none)."""
    try:
        info = store.path_for(rel).stat()
    except (OSError, ValueError):
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}"


class _Refresh:
    def __init__(
        self,
        index: LibraryIndex,
        corpus: Corpus,
        library: Library,
        progress: Callable[[Progress], None],
        cancelled: Callable[[], bool],
    ) -> None:
        self.index = index
        self.corpus = corpus
        self.notebook = Notebook(Store(library))
        self.annotated = set(self.notebook.store.files())
        self.report = progress
        self.cancelled = cancelled

    def run(self) -> None:
        import tantivy

        index = self.index
        rows = index.rows()
        documents = self.corpus.documents
        current = {doc.rel for doc in documents}
        gone = {row.sha: row for rel, row in rows.items() if rel not in current}  # renamed, or deleted
        work = [doc for doc in documents if not self._fresh(doc, rows.get(doc.rel))]
        done = Progress(len(documents) - len(work), len(documents), 0, sum(doc.size for doc in work), 0)
        self.report(done)
        writer = index.tantivy.writer(heap_size=WRITER_HEAP)
        pending: list[Row] = []
        fresh_passages: set[int] = set()  # ids of the rows of pending whose passages are not committed yet
        batch_bytes, last_commit = 0, time.monotonic()
        facts, last_facts = 0, last_commit  # rows of pending whose facts are in the catalog
        next_id = index.catalog.next_id()
        for doc, ready in _prepared(work, self.annotated, self.cancelled):
            row = rows.get(doc.rel)
            if row is not None and row.sha == ready.sha and row.indexed and ready.sha:
                row.mtime, row.size = doc.mtime, doc.size  # touched, not changed
            elif (moved := gone.pop(ready.sha, None)) is not None and moved.indexed and ready.sha:
                moved.rel, moved.mtime, moved.size = doc.rel, doc.mtime, doc.size  # passages keep its id
                if row is not None:
                    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", row.id))
                row = moved
            else:
                if row is not None:
                    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", row.id))
                else:
                    row = Row(next_id, doc.rel, 0, 0, "", "", None, "", None, False, "", 0, 0)
                    next_id += 1
                    # A killed build may have committed passages under this id, never recorded.
                    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", row.id))
                self._index(writer, tantivy, doc, row, ready)
                fresh_passages.add(id(row))
                done.indexed += 1
            self._notes(doc, row, ready.reading)
            pending.append(row)
            done.documents += 1
            done.bytes += doc.size
            batch_bytes += doc.size
            if batch_bytes >= COMMIT_BYTES or time.monotonic() - last_commit > COMMIT_SECONDS:
                self._commit(writer, pending)
                pending, fresh_passages, batch_bytes, last_commit = [], set(), 0, time.monotonic()
                facts, last_facts = 0, last_commit
                self.report(done)
            elif time.monotonic() - last_facts > FACTS_SECONDS:
                # The facts before the passages: a row says "indexed" only once they are committed.
                index.catalog.put(
                    [replace(row, indexed=False) if id(row) in fresh_passages else row for row in pending[facts:]]
                )
                facts, last_facts = len(pending), time.monotonic()
                self.report(done)
        if not self.cancelled():
            # Deleted documents (what is left of `gone`): their passages, then their rows.
            for row in gone.values():
                writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", row.id))
        self._commit(writer, pending)
        if not self.cancelled():
            index.catalog.remove([row.id for row in gone.values()])
        writer.wait_merging_threads()
        self.report(done)

    def _fresh(self, doc: Document, row: Row | None) -> bool:
        return (
            row is not None
            and row.indexed
            and row.matches(doc.size, doc.mtime)
            and row.notes_key == self._notes_key(doc.rel)
        )

    def _notes_key(self, rel: str) -> str:
        if rel not in self.annotated:  # finding a document's annotations folder costs a few stats
            return ""
        return notes_key(self.notebook.store, rel)

    def _index(self, writer, tantivy, doc: Document, row: Row, ready: Prepared) -> None:
        """Add the passages of `doc` and fill in its row."""
        row.size, row.mtime, row.sha, row.indexed = doc.size, doc.mtime, ready.sha, True
        row.problem, row.encoding = ready.problem, ready.encoding
        row.title, row.words = ready.title or doc.title, ready.words
        for start, end, text in ready.passages:
            entry = tantivy.Document()
            entry.add_unsigned("doc", row.id)
            entry.add_unsigned("start", start)
            entry.add_unsigned("end", end)
            entry.add_bytes("text", text.encode("utf-8", "surrogatepass"))
            entry.add_text("words", words_of(text))
            writer.add_document(entry)

    def _notes(self, doc: Document, row: Row, reading: ReadingText | None) -> None:
        """How many of its notes need a look (placed as the app will place them)."""
        row.notes_key = self._notes_key(doc.rel)
        row.review = row.orphaned = 0
        if not row.notes_key or row.problem:
            return
        self.notebook.survey(doc.rel, reading)
        row.review, row.orphaned = self.notebook.attention.get(doc.rel, (0, 0))

    def _commit(self, writer, rows: list[Row]) -> None:
        writer.commit()
        self.index.catalog.put(rows)  # after the passages: a row says "indexed" only once they are


# -- reading the documents, on every core -------------------------------------------

PARALLEL_FROM = 8 << 20  # bytes to index: less is read in this process (workers take ~0.5 s to start)
IN_FLIGHT = 8  # documents handed to each worker ahead: bounds what waits in memory


@dataclass
class Prepared:
    """What indexing needs of a document, read and decoded."""

    sha: str = ""  # of its bytes ("" where it could not be read)
    problem: str | None = None
    encoding: str = ""
    title: str = ""
    words: int | None = None
    passages: list[tuple[int, int, str]] = field(default_factory=list)
    reading: ReadingText | None = None  # only for a document with notes (to place them)


def prepare(path: Path, rel: str, problem: str | None, annotated: bool) -> Prepared:
    """Read, decode and cut a document into passages (in a worker process)."""
    if problem:
        return Prepared(problem=problem)
    try:
        with open_document_file(path, rel) as f:
            data = f.read()
    except DocumentError as err:
        return Prepared(problem=err.problem)
    except OSError:
        return Prepared(problem="unreadable")
    ready = Prepared(sha=hashlib.sha256(data).hexdigest())
    if is_converted(rel):
        try:
            reading = convert(rel, data)
        except ConversionError as err:
            ready.problem = err.problem
            return ready
        ready.title, ready.words = book_label(reading), count_words(reading.text)
    else:
        try:
            raw = decode(data)
        except BinaryFile:
            ready.problem = "binary"
            return ready
        ready.title, ready.words = title_of(raw.text), count_words(raw.text)
        reading = render(raw) if len(raw.text) <= RENDER_MAX and is_markdown(rel, raw.text) else raw
    del data
    ready.encoding = reading.encoding
    ready.passages = [(p.start, p.end, p.text) for p in passages(reading.text)]
    if annotated:
        ready.reading = reading
    return ready


def _prepared(
    work: list[Document], annotated: set[str], cancelled: Callable[[], bool]
) -> Iterator[tuple[Document, Prepared]]:
    """Each document of `work` with what prepare() made of it, in order;
    by worker processes (one per core) when there is much to read, since
    decoding is CPU-bound Python."""
    cores = os.cpu_count() or 1
    if cores < 2 or sum(doc.size for doc in work) < PARALLEL_FROM:
        for doc in work:
            if cancelled():
                return
            yield doc, prepare(doc.path, doc.rel, doc.problem, doc.rel in annotated)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    with ProcessPoolExecutor(cores, multiprocessing.get_context("spawn")) as pool:
        futures: deque[tuple[Document, Future[Prepared]]] = deque()
        todo = iter(work)
        while True:
            while len(futures) < IN_FLIGHT * cores and (queued := next(todo, None)) is not None:
                futures.append(
                    (queued, pool.submit(prepare, queued.path, queued.rel, queued.problem, queued.rel in annotated))
                )
            if not futures or cancelled():
                for _, future in futures:
                    future.cancel()
                return
            doc, future = futures.popleft()
            yield doc, future.result()
