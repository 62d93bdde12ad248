from __future__ import annotations

from pathlib import Path

from rich.style import Style
from textual.pilot import Pilot

from reader.core.library.corpus import open_corpus
from reader.ui.app import ReaderApp
from reader.ui.reading_screen import ReadingScreen


def make_app(path: Path, **kwargs) -> ReaderApp:
    return ReaderApp(open_corpus(path), **kwargs)


def reading(app: ReaderApp) -> ReadingScreen:
    """The reading screen: the sidebar, the pane and the open document."""
    return app.reading_screen


async def settle(pilot: Pilot) -> None:
    """Let the workers (loading, word counts) finish and the screen catch up."""
    for _ in range(2):  # a finished worker's message may start another
        while any(worker.is_running for worker in pilot.app.workers):
            await pilot.pause(0.01)
        await pilot.pause()


def screen_text(app: ReaderApp) -> list[str]:
    """The reading pane's lines as the user sees them (the text column, without margins or the scroll bar)."""
    pane = reading(app).pane
    left = pane.text_left
    return [
        pane.render_line(y).crop(left, left + pane.text_width).text.rstrip() for y in range(pane.content_size.height)
    ]


def whole_screen(app: ReaderApp) -> list[str]:
    """Every row of the terminal as drawn, notifications over what is under them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def notifications(pilot: Pilot) -> list[str]:
    """What the notifications on screen say, each its title (if any) and its
    message. Toasts are drawn only where the test runs the app with
    `run_test(notifications=True)`."""
    await pilot.pause()  # their toasts are mounted in the app's next turns
    return [str(toast.render()) for toast in pilot.app.screen.query("Toast")]


def note_line(app: ReaderApp) -> str:
    """The line under the pane: the kind, note and tags of the highlight under the cursor ("" when none)."""
    line = reading(app).note_line
    return str(line.render()) if line.has_class("-shown") else ""


def under_cursor(app: ReaderApp) -> str:
    """The passage of the highlight under the cursor, as drawn ("" when none)."""
    pane = reading(app).pane
    here = pane.highlights_at(pane.cursor)
    return pane.text[here[-1][0] : here[-1][1]] if here else ""


def found_on_screen(app: ReaderApp, current: bool = False) -> list[str]:
    """The runs of text on screen the pane marks as found passages (those of
    the current match, with `current`), row by row."""
    pane = reading(app).pane
    style: Style = pane.get_component_rich_style("reading-pane--current-match" if current else "reading-pane--match")
    runs = []
    for y in range(pane.content_size.height):
        run = ""
        for segment in pane.render_line(y).crop(pane.text_left, pane.text_left + pane.text_width):
            if segment.style is not None and segment.style.bgcolor == style.bgcolor:
                run += segment.text
            elif run:
                runs.append(run)
                run = ""
        if run:
            runs.append(run)
    return runs
