from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.core.library.corpus import open_corpus
from reader.ui.app import ReaderApp


def make_app(path: Path, **kwargs) -> ReaderApp:
    return ReaderApp(open_corpus(path), **kwargs)


async def settle(pilot: Pilot) -> None:
    """Let the workers (loading, word counts) finish and the screen catch up."""
    for _ in range(2):  # a finished worker's message may start another
        while any(worker.is_running for worker in pilot.app.workers):
            await pilot.pause(0.01)
        await pilot.pause()


def screen_text(app: ReaderApp) -> list[str]:
    """The reading pane's lines as the user sees them (without the scroll bar)."""
    pane = app.pane
    return [pane.render_line(y).crop(0, pane.text_width).text.rstrip() for y in range(pane.content_size.height)]
