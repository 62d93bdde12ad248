"""An EPUB in the app: its contents as the outline, links between its
chapters followed and come back from, details, and a highlight kept; and a
saved web page read for its article."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.ui.details_screen import DetailsScreen
from reader.ui.document_list import DocumentList
from reader.ui.outline_screen import OutlineScreen

from ..conftest import SHARED
from .conftest import make_app, reading, screen_text, settle

SIZE = (120, 40)
WASTELAND = SHARED / "corpora" / "epub" / "wasteland.epub"


def library(tmp_path: Path) -> Path:
    folder = tmp_path / "books"
    folder.mkdir()
    shutil.copy(WASTELAND, folder / "wasteland.epub")
    return folder


async def opened(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")  # the only document, from the sidebar
    await settle(pilot)


async def test_the_outline_lists_the_contents_and_enter_goes_there(tmp_path: Path) -> None:
    app = make_app(library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert "The Waste Land" in screen_text(app)
        await pilot.press("o")
        assert isinstance(app.screen, OutlineScreen)
        assert [e.title for e in app.screen.shown][:3] == [
            "I. THE BURIAL OF THE DEAD",
            "II. A GAME OF CHESS",
            "III. THE FIRE SERMON",
        ]
        await pilot.press(*"fire sermon", "enter")
        await settle(pilot)
        pane = reading(app).pane
        assert pane.text[pane.cursor :].startswith("III. THE FIRE SERMON")
        assert "III. THE FIRE SERMON" in screen_text(app)
        assert "III. THE FIRE SERMON" in str(reading(app).status.render())


async def test_f_on_a_note_marker_jumps_to_the_note_and_ctrl_o_comes_back(tmp_path: Path) -> None:
    app = make_app(library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        pane = reading(app).pane
        marker = pane.text.index("Son of man,[*]") + len("Son of man,")
        pane.move_cursor(marker)
        await pilot.pause()
        await pilot.press("f")
        await settle(pilot)
        assert pane.text[pane.cursor :].startswith("Line 20. Cf. Ezekiel 2:1.")
        assert any(row.startswith("Line 20. Cf. Ezekiel 2:1.") for row in screen_text(app))
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert pane.cursor == marker
        assert any("Son of man,[*]" in row for row in screen_text(app))


async def test_details_show_the_format_author_and_language(tmp_path: Path) -> None:
    app = make_app(library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("i")
        assert isinstance(app.screen, DetailsScreen)
        details = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "EPUB 3" in details and "T.S. Eliot" in details and "en-US" in details


async def test_a_highlight_in_a_book_is_there_after_a_restart(tmp_path: Path) -> None:
    folder = library(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        pane = reading(app).pane
        pane.move_cursor(pane.text.index("April is the cruellest month"))
        await pilot.pause()
        await pilot.press("v", "e", "e", "e", "1")
        await settle(pilot)
        assert [pane.text[s:e] for s, e, _ in pane.highlights.spans] == ["April is the"]
    again = make_app(folder)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = reading(again).pane
        assert reading(again).current.rel == "wasteland.epub"
        assert [pane.text[s:e] for s, e, _ in pane.highlights.spans] == ["April is the"]


PAGE = SHARED / "corpora" / "html" / "0d46122928b6f468.html"  # the Davis Cup, on Sportsnet


async def test_a_saved_page_shows_its_article_and_its_details(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(PAGE, folder / "davis-cup.html")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        shown = " ".join(screen_text(app))
        assert "MADRID" in shown and "Rafael Nadal kept Spain" in shown  # the article's first words
        listing = app.query_one(DocumentList)
        rows = " ".join(listing.render_line(y).text.strip() for y in range(listing.size.height))
        assert "Nadal keeps Spain alive against Russia in Davis Cup Finals, by Associated Press" in rows  # not its name
        await pilot.press("i")
        assert isinstance(app.screen, DetailsScreen)
        details = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "HTML, its article" in details and "Associated Press" in details and "2019-11-19" in details
        assert "utf-8" in details
