"""Earlier queries of find (`/`) and search all (`s`), recalled with the
arrow keys, kept per user in the state folder (one small JSON file, written
atomically, as the reading positions are)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

MOST = 200  # queries kept of each kind
LONGEST = 1000  # characters: a longer query (a paste) is not kept


def default_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("reader") / "history.json"


class History:
    """The queries of one kind ("find" or "search"), oldest first, and
    where the arrow keys are among them."""

    def __init__(self, kind: str, path: Path | None = None) -> None:
        self.kind = kind
        self.path = path or default_path()
        kept = _read(self.path).get(kind)
        self.queries: list[str] = [q for q in kept if isinstance(q, str)][-MOST:] if isinstance(kept, list) else []
        self._at = len(self.queries)  # len(): past the newest, at what is being typed
        self._typed = ""

    @property
    def recalling(self) -> bool:
        """Whether an earlier query is shown (↓ comes back towards what was typed)."""
        return self._at < len(self.queries)

    def add(self, query: str) -> None:
        """Keep `query` as the newest (once: an earlier copy moves up) and save."""
        self._at = len(self.queries)
        if not query.strip() or len(query) > LONGEST:
            return
        if query in self.queries:
            self.queries.remove(query)
        self.queries.append(query)
        del self.queries[:-MOST]
        self._at = len(self.queries)
        self._save()

    def older(self, typed: str) -> str | None:
        """The query before the one shown (`typed` is what the input holds:
        kept, to come back to past the newest); None at the oldest."""
        if self._at == len(self.queries):
            self._typed = typed
        if self._at == 0:
            return None
        self._at -= 1
        return self.queries[self._at]

    def newer(self) -> str | None:
        """The query after the one shown, what was typed past the newest;
        None when already there."""
        if self._at >= len(self.queries):
            return None
        self._at += 1
        return self.queries[self._at] if self._at < len(self.queries) else self._typed

    def _save(self) -> None:
        data = _read(self.path)
        theirs = data.get(self.kind)  # another reader's queries since this one started stay
        merged = [q for q in theirs if isinstance(q, str) and q not in self.queries] if isinstance(theirs, list) else []
        data[self.kind] = (merged + self.queries)[-MOST:]
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".history.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)  # a read-only home: the queries stay for this session


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: history is a convenience
    return data if isinstance(data, dict) else {}
