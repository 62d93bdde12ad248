"""What the library index knows of each document, in SQLite beside the
passages: the facts the sidebar shows at start, and what decides whether a
document must be indexed again."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,        -- the passages' `doc`: kept when a document is renamed
    rel TEXT UNIQUE NOT NULL,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,        -- nanoseconds
    sha TEXT NOT NULL,             -- of the file's bytes
    title TEXT NOT NULL,
    words INTEGER,
    encoding TEXT NOT NULL,
    problem TEXT,
    indexed INTEGER NOT NULL,      -- 1 once its passages are committed
    notes_key TEXT NOT NULL,       -- size and mtime of its annotation file when its notes were placed
    review INTEGER NOT NULL,       -- notes placed approximately
    orphaned INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class Row:
    id: int
    rel: str
    size: int
    mtime: int
    sha: str
    title: str
    words: int | None
    encoding: str
    problem: str | None
    indexed: bool
    notes_key: str
    review: int
    orphaned: int

    def matches(self, size: int, mtime: int) -> bool:
        return self.size == size and self.mtime == mtime


_COLUMNS = "id, rel, size, mtime, sha, title, words, encoding, problem, indexed, notes_key, review, orphaned"


class Catalog:
    """The documents table. One writer at a time (the indexer holds the
    index's lock); readers see each committed batch (WAL)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=5.0, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def rows(self) -> dict[str, Row]:
        rows = {}
        for values in self.db.execute(f"SELECT {_COLUMNS} FROM documents").fetchall():
            row = Row(*values)
            row.indexed = bool(row.indexed)  # SQLite holds it as 0 or 1
            rows[row.rel] = row
        return rows

    def version(self) -> int:
        """Changes whenever another connection has committed (SQLite's data_version)."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def next_id(self) -> int:
        return (self.db.execute("SELECT max(id) FROM documents").fetchone()[0] or 0) + 1

    def put(self, rows: list[Row]) -> None:
        """Write `rows` in one transaction (replacing those of the same id)."""
        with self._transaction():
            # A renamed document takes its id to a name that a stale row may hold.
            self.db.executemany("DELETE FROM documents WHERE rel = ? AND id != ?", [(r.rel, r.id) for r in rows])
            self.db.executemany(
                f"INSERT OR REPLACE INTO documents ({_COLUMNS}) VALUES ({','.join('?' * 13)})",
                [
                    (
                        r.id,
                        r.rel,
                        r.size,
                        r.mtime,
                        r.sha,
                        r.title,
                        r.words,
                        r.encoding,
                        r.problem,
                        int(r.indexed),
                        r.notes_key,
                        r.review,
                        r.orphaned,
                    )
                    for r in rows
                ],
            )

    def remove(self, ids: list[int]) -> None:
        with self._transaction():
            self.db.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in ids])

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
