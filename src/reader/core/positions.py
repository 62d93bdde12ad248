"""Where the reader was in each document, and the marks they set in it
(`m` + a letter), kept in the user's state folder.

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
        top = _relocated(text, self.top, self.context)
        last = max(0, len(text) - 1)
        return max(0, min(top, last)), max(0, min(self.cursor + top - self.top, last))


@dataclass(frozen=True)
class Mark:
    """A place the reader marked: the cursor, and the text there."""

    offset: int
    context: str = ""

    def place_in(self, text: str) -> int:
        return max(0, min(_relocated(text, self.offset, self.context), len(text) - 1))


def _relocated(text: str, at: int, context: str) -> int:
    """`at`, or where `context` went when the document changed (its nearest copy)."""
    if context and text[at : at + len(context)] != context:
        found = [p for p in (text.rfind(context, 0, at + 1), text.find(context, at)) if p >= 0]
        if found:
            return min(found, key=lambda p: abs(p - at))
    return at


def default_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("reader") / "positions.json"


class Positions:
    """The positions of one corpus's documents, and the document read last."""

    def __init__(self, corpus_root: Path, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.key = str(corpus_root.resolve())
        self._changed: dict[str, Position] = {}
        self._marks_changed: set[str] = set()
        self._last_changed = False
        entry = _dict(self._read().get(self.key))
        last = entry.get("last")
        self.last: str | None = last if isinstance(last, str) else None
        self.documents: dict[str, Position] = {}
        self._marks: dict[str, dict[str, Mark]] = {}
        for rel, fields in _dict(entry.get("documents")).items():
            fields = _dict(fields)
            try:
                self.documents[rel] = Position(
                    int(fields["top"]), int(fields["cursor"]), float(fields["fraction"]), str(fields.get("context", ""))
                )
            except (KeyError, TypeError, ValueError):
                pass  # an entry from a future version, or hand-edited: skip it
            marks = {
                letter: Mark(mark[0], mark[1])
                for letter, mark in _dict(fields.get("marks")).items()
                if isinstance(mark, list) and len(mark) == 2 and type(mark[0]) is int and isinstance(mark[1], str)
            }
            if marks:
                self._marks[rel] = marks

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

    def marks(self, rel: str) -> dict[str, Mark]:
        """The marks set in document `rel`, by letter."""
        return self._marks.get(rel, {})

    def set_mark(self, rel: str, letter: str, mark: Mark) -> None:
        self._marks.setdefault(rel, {})[letter] = mark
        self._marks_changed.add(rel)

    def remember(self, rel: str, position: Position) -> None:
        if self.documents.get(rel) != position:
            self.documents[rel] = self._changed[rel] = position
        if self.last != rel:
            self.last, self._last_changed = rel, True

    def save(self) -> None:
        """Write what changed since the last save (temp file, then rename)."""
        if not self._changed and not self._marks_changed and not self._last_changed:
            return
        data = self._read()
        entry = data[self.key] = _dict(data.get(self.key))
        entry["last"] = self.last
        documents = entry["documents"] = _dict(entry.get("documents"))
        for rel in self._changed.keys() | self._marks_changed:
            fields = documents[rel] = _dict(documents.get(rel))  # what this process did not change stays
            if rel in self._changed:
                fields.update(asdict(self._changed[rel]))
            if rel in self._marks_changed:
                saved = _dict(fields.get("marks"))  # another reader's marks of it too
                saved.update({letter: [m.offset, m.context] for letter, m in self.marks(rel).items()})
                fields["marks"] = saved
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
        self._marks_changed.clear()
        self._last_changed = False


def _dict(value: object) -> dict:
    """A table of the file, or an empty one where it holds something else
    (hand-edited, or from another version): positions are a convenience."""
    return value if isinstance(value, dict) else {}
