"""Building and refreshing the library index: documents added, changed,
renamed or deleted since the last run are indexed again, the rest kept.

Passages are committed in batches, and a document counts as indexed only
once its batch is: a build that is killed resumes where its last commit
left it. One indexer at a time writes an index (a lock file beside it)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .corpus import Corpus, Document, count_words, title_of
from .index_catalog import Row
from .library import Library
from .library_index import LibraryIndex, index_folder, wipe
from .markup import RENDER_MAX, is_markdown, render
from .notebook import Notebook
from .passages import passages
from .store import Store
from .text import BinaryFile, ReadingText, decode

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


def refresh(corpus: Corpus, library: Library, *, rebuild: bool = False,
            progress: Callable[[Progress], None] = lambda p: None,
            cancelled: Callable[[], bool] = lambda: False, folder: Path | None = None) -> LibraryIndex:
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
    def __init__(self, index: LibraryIndex, corpus: Corpus, library: Library,
                 progress: Callable[[Progress], None], cancelled: Callable[[], bool]) -> None:
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
        for doc in work:
            if self.cancelled():
                break
            row = rows.get(doc.rel)
            data = self._read(doc)
            sha = hashlib.sha256(data).hexdigest() if data is not None else ""
            if row is not None and row.sha == sha and row.indexed and data is not None:
                row.mtime, row.size = doc.mtime, doc.size  # touched, not changed
                self._notes(doc, row, None, data)
            elif (moved := gone.pop(sha, None)) is not None and moved.indexed and data is not None:
                moved.rel, moved.mtime, moved.size = doc.rel, doc.mtime, doc.size  # passages keep its id
                if row is not None:
                    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", row.id))
                row = moved
                self._notes(doc, row, None, data)
            else:
                if row is not None:
                    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", row.id))
                else:
                    row = Row(next_id, doc.rel, 0, 0, "", "", None, "", None, False, "", 0, 0)
                    next_id += 1
                    # A killed build may have committed passages under this id, never recorded.
                    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", row.id))
                reading = self._index(writer, tantivy, doc, row, data, sha)
                self._notes(doc, row, reading, data)
                fresh_passages.add(id(row))
                done.indexed += 1
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
                index.catalog.put([replace(row, indexed=False) if id(row) in fresh_passages else row
                                   for row in pending[facts:]])
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
        return row is not None and row.indexed and row.matches(doc.size, doc.mtime) \
            and row.notes_key == self._notes_key(doc.rel)

    def _notes_key(self, rel: str) -> str:
        if rel not in self.annotated:  # finding a document's annotations folder costs a few stats
            return ""
        return notes_key(self.notebook.store, rel)

    @staticmethod
    def _read(doc: Document) -> bytes | None:
        if doc.problem:
            return None
        try:
            return doc.path.read_bytes()
        except OSError:
            return None

    def _index(self, writer, tantivy, doc: Document, row: Row, data: bytes | None,  # type: ignore[no-untyped-def]
               sha: str) -> ReadingText | None:
        """Add the passages of `doc` and fill in its row; its reading text."""
        row.size, row.mtime, row.sha, row.indexed = doc.size, doc.mtime, sha, True
        row.problem = doc.problem or ("unreadable" if data is None else None)
        if data is None:
            return None
        try:
            raw = decode(data)
        except BinaryFile:
            row.problem = "binary"
            return None
        del data
        row.title = title_of(raw.text) or doc.title
        row.words = count_words(raw.text)
        reading = render(raw) if len(raw.text) <= RENDER_MAX and is_markdown(doc.rel, raw.text) else raw
        row.encoding = reading.encoding
        for passage in passages(reading.text):
            entry = tantivy.Document()
            entry.add_unsigned("doc", row.id)
            entry.add_unsigned("start", passage.start)
            entry.add_unsigned("end", passage.end)
            entry.add_text("text", passage.text)
            writer.add_document(entry)
        return reading

    def _notes(self, doc: Document, row: Row, reading: ReadingText | None, data: bytes | None) -> None:
        """How many of its notes need a look (placed as the app will place them)."""
        row.notes_key = self._notes_key(doc.rel)
        row.review = row.orphaned = 0
        if not row.notes_key or row.problem:
            return
        if reading is None and data is not None:
            try:
                raw = decode(data)
            except BinaryFile:
                return
            reading = render(raw) if len(raw.text) <= RENDER_MAX and is_markdown(doc.rel, raw.text) else raw
        self.notebook.survey(doc.rel, reading)
        row.review, row.orphaned = self.notebook.attention.get(doc.rel, (0, 0))

    def _commit(self, writer, rows: list[Row]) -> None:  # type: ignore[no-untyped-def]
        writer.commit()
        self.index.catalog.put(rows)  # after the passages: a row says "indexed" only once they are
