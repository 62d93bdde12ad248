"""The footer: the keys of what has the focus, the palette's at the right
end, each one pressed by a click."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from reader.core.config import Config
from reader.ui.footer import Footer
from reader.ui.notes_panel import NotesPanel
from reader.ui.reading_pane import ReadingPane

from .conftest import make_app, reading, settle

SIZE = (120, 40)


def footer_line(app) -> str:
    return app.screen.query_one(Footer).render_line(0).text


async def click_on(pilot, text: str) -> None:
    """Click the footer where it shows `text`."""
    line = footer_line(pilot.app)
    assert text in line, line
    await pilot.click(Footer, offset=(line.index(text), 0))
    await pilot.pause()


async def test_the_keys_follow_the_focus(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = footer_line(app)  # the sidebar has the focus
        assert line.startswith(" / Filter  space Page down ")
        assert line.rstrip().endswith("▏^p palette") and len(line) == SIZE[0]
        await pilot.press("tab")
        assert isinstance(app.focused, ReadingPane)
        line = footer_line(app)
        assert line.startswith(" v Select  / Find  a Highlight and note ")
        assert "Filter" not in line


async def test_a_click_on_a_key_presses_it(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await click_on(pilot, "Notes")
        assert isinstance(app.screen, NotesPanel)
        await pilot.press("escape")
        await pilot.pause()
        await click_on(pilot, "^p palette")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)


async def test_the_users_key_is_shown_and_a_narrow_footer_keeps_the_palette(seeds: Path) -> None:
    app = make_app(seeds, config=Config(keys={"app.notes": "T"}))
    async with app.run_test(size=(60, 30)) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert len(line) == 60 and line.rstrip().endswith("▏^p palette")
        assert "Notes" not in line  # past the width: left out, not wrapped
    app = make_app(seeds, config=Config(keys={"app.notes": "T"}))
    async with app.run_test(size=(200, 40)) as pilot:  # a rebound key comes last: room for it
        await settle(pilot)
        assert " T Notes " in footer_line(app) and " t Notes " not in footer_line(app)
        await click_on(pilot, "T Notes")
        assert isinstance(app.screen, NotesPanel)
        assert reading(app).current is not None
