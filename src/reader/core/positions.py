"""Where the reader was in each document, kept in the user's state folder.

Not in the corpus: a reading position is one person's, and the corpus may
be shared or read-only. One small JSON file for every corpus, keyed by the
corpus's absolute path; a save re-reads the file and changes only what this
process moved, so two readers at once lose nothing but a race on the same
document.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

POSITION_CONTEXT = 40  # characters at the position, to find it again in a changed text


@dataclass
class Position:
    top: int  # the offset of the first character on screen
    cursor: int
    fraction: float  # how far through the document the reader is, 0 to 1
    context: str = ""  # the text at `top` when the position was taken

    def place_in(self, text: str) -> tuple[int, int]:
        """(top, cursor) in `text`: as stored, or where the context went
        when the document changed (the nearest copy of it), or clamped."""
        top, cursor = self.top, self.cursor
        if self.context and text[top : top + len(self.context)] != self.context:
            before = text.rfind(self.context, 0, top + 1)
            after = text.find(self.context, top)
            found = [p for p in (before, after) if p >= 0]
            if found:
                moved = min(found, key=lambda p: abs(p - top))
                cursor, top = cursor + moved - top, moved
        last = max(0, len(text) - 1)
        return max(0, min(top, last)), max(0, min(cursor, last))


def default_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("reader") / "positions.json"


class Positions:
    """The positions of one corpus's documents, and the document read last."""

    def __init__(self, corpus_root: Path, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.key = str(corpus_root.resolve())
        self._changed: dict[str, Position] = {}
        self._last_changed = False
        entry = _dict(self._read().get(self.key))
        last = entry.get("last")
        self.last: str | None = last if isinstance(last, str) else None
        self.documents: dict[str, Position] = {}
        for rel, fields in _dict(entry.get("documents")).items():
            try:
                self.documents[rel] = Position(
                    int(fields["top"]), int(fields["cursor"]), float(fields["fraction"]), str(fields.get("context", ""))
                )
            except (KeyError, TypeError, ValueError):
                continue  # an entry from a future version, or hand-edited: skip it

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: positions are a convenience
        return data if isinstance(data, dict) else {}

    def get(self, rel: str) -> Position | None:
        return self.documents.get(rel)

    def fraction(self, rel: str) -> float | None:
        position = self.documents.get(rel)
        return position.fraction if position else None

    def remember(self, rel: str, position: Position) -> None:
        if self.documents.get(rel) != position:
            self.documents[rel] = self._changed[rel] = position
        if self.last != rel:
            self.last, self._last_changed = rel, True

    def save(self) -> None:
        """Write what changed since the last save (temp file, then rename)."""
        if not self._changed and not self._last_changed:
            return
        data = self._read()
        entry = data[self.key] = _dict(data.get(self.key))
        entry["last"] = self.last
        documents = entry["documents"] = _dict(entry.get("documents"))
        for rel, position in self._changed.items():
            documents[rel] = asdict(position)
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".positions.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
            return  # a read-only home: keep them in memory, try again next time
        self._changed.clear()
        self._last_changed = False


def _dict(value: object) -> dict:
    """A table of the file, or an empty one where it holds something else
    (hand-edited, or from another version): positions are a convenience."""
    return value if isinstance(value, dict) else {}
