"""Two editions of one book told apart wherever documents are named: the
sidebar, search all's documents and the notes panel of all documents."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList

from reader.ui.notes_panel import NotesPanel
from reader.ui.search_screen import SearchScreen

from ..conftest import SHARED
from .conftest import make_app, reading, settle

SIZE = (120, 40)
TITLE = "Pride and Prejudice, by Jane Austen"
EDITIONS = [f"{TITLE} · 2015", f"{TITLE} · 2018"]


def editions(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    for year in (2015, 2018):
        shutil.copyfile(
            SHARED / "corpora" / "editions" / f"pride-and-prejudice-{year}.txt",
            library / f"pride-and-prejudice-{year}.txt",
        )
    return library


def listed(options: OptionList) -> list[str]:
    """The first line of each option, as shown."""
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def test_two_editions_are_told_apart_wherever_they_are_named(tmp_path: Path) -> None:
    app = make_app(editions(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = reading(app).sidebar.listing
        # The sidebar wraps each label to its width: its rows joined read as the labels.
        shown = " ".join(listing.render_line(y).text.strip() for y in range(listing.size.height))
        assert all(label in shown for label in EDITIONS)
        assert "Project Gutenberg" not in shown

        await pilot.press("s", *"elizabeth bennet")
        await settle(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        assert sorted(row.split("  ")[0] for row in listed(search.options)) == EDITIONS
        await pilot.press("escape")
        await settle(pilot)

        # A note in each edition, then the notes of all documents.
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("v", "w", "1", "shift+tab", "down", "enter")
        await settle(pilot)
        await pilot.press("v", "w", "1", "t", "ctrl+t")
        panel = app.screen
        assert isinstance(panel, NotesPanel)
        rows = listed(panel.query_one(OptionList))
        assert sorted(row.split("  — ")[1] for row in rows) == EDITIONS
