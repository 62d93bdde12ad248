"""The user's kept choices (the reading width set with `=` and `-`, the
theme chosen in the palette), in the user's state folder.

Like the reading positions (positions.py), they are one person's and a
convenience: one small JSON file, written atomically; a save re-reads the
file and changes only what this process set. A file that does not parse
is read as the defaults and never written over: it may be the user's,
hand-edited, and losing a theme is better than losing their file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .config import WIDTH_RANGE


def default_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("reader") / "settings.json"


class Settings:
    """The kept choices; None where the user has made none."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._changed: dict[str, Any] = {}
        data = self._read() or {}
        theme, width, width_default = data.get("theme"), data.get("width"), data.get("width_default")
        self.theme: str | None = theme if isinstance(theme, str) else None
        self._width: tuple[int, int] | None = None  # as set, and config.toml's default then
        if isinstance(width, int) and isinstance(width_default, int) and not isinstance(width, bool):
            self._width = (width, width_default)

    def _read(self) -> dict | None:
        """The file's table: {} when there is none yet, None when it does not parse."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def width(self, default: int) -> int | None:
        """The width the user set with the keys, unless config.toml's default
        changed since: an edit of the config wins over an older key press."""
        if self._width is None or self._width[1] != default:
            return None
        low, high = WIDTH_RANGE
        return max(low, min(self._width[0], high))

    def set_width(self, width: int, default: int) -> None:
        self._width = (width, default)
        self._changed.update(width=width, width_default=default)

    def set_theme(self, theme: str) -> None:
        if theme != self.theme:
            self.theme = self._changed["theme"] = theme

    def save(self) -> bool:
        """Write what changed since the last save (temp file, then rename).
        False when it could not be written: a folder that cannot be
        written, or a file that does not parse (left as it is)."""
        if not self._changed:
            return True
        data = self._read()
        if data is None:
            return False
        data.update(self._changed)
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".settings.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
            return False  # kept in memory: tried again at the next save
        self._changed.clear()
        return True
