"""What an unexpected error leaves behind: the traceback in a log file of
the user's state folder, and any note being written in a recovery file
beside it, so that the error costs the user nothing they typed."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from textual.app import App

from .note_editor import NoteEditor


def state_folder() -> Path:
    from platformdirs import user_state_path

    return user_state_path("reader")


def keep_what_was_lost(app: App, error: BaseException) -> tuple[Path | None, list[Path]]:
    """(the log file, the recovery files) written for `error`; None and []
    where the state folder cannot be written (the traceback still shows)."""
    folder = state_folder()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"crash-{stamp}.log"
        log.write_text("".join(traceback.format_exception(error)), "utf-8")
    except OSError:
        return None, []
    recovered = []
    for n, screen in enumerate(s for s in app.screen_stack if isinstance(s, NoteEditor)):
        try:
            edit = screen.edit
        except Exception:  # the editor itself may be what broke
            continue
        path = folder / f"note-{stamp}-{n + 1}.md"
        try:
            path.write_text(f"{edit.note}\n\ntags: {' '.join(edit.tags)}\n\nquote: {screen.quote}\n", "utf-8")
        except OSError:
            continue
        recovered.append(path)
    return log, recovered
