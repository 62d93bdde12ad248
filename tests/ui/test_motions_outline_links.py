"""Issue 14 in the app: sentence motions that trust "Mr.", an outline that
says when a document has none, and [[wiki links]] that open the library's
documents."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from reader.ui.outline_screen import OutlineScreen

from ..conftest import SHARED
from .conftest import make_app, notifications, reading, settle

SIZE = (120, 40)
PRIDE = SHARED / "corpora" / "editions" / "pride-and-prejudice-2015.txt"
SENTENCE = (
    "His brother-in-law, Mr. Hurst, merely looked the gentleman; but his friend Mr. Darcy soon drew the "
    "attention of the room by his fine, tall person, handsome features, "
    "noble mien, and the report which was in general circulation within five minutes after his entrance, "
    "of his having ten thousand a year."
)


def words(text: str) -> str:
    return " ".join(text.split())


async def test_sentence_motion_passes_mr_and_the_line_ends_of_a_paragraph(tmp_path: Path) -> None:
    book = tmp_path / "pride.txt"
    shutil.copy(PRIDE, book)
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        found = re.search(r"His brother-in-law, Mr\.\s+Hurst", pane.text)
        assert found is not None
        start = found.start()
        pane.move_cursor(start)  # where the reader has got to
        await pilot.press("v", "right_parenthesis")
        assert words(pane.text[start : pane.cursor + 1]) == SENTENCE
        await pilot.press("escape", "left_parenthesis")
        assert pane.cursor == start


async def test_o_on_a_document_without_structure_says_so(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A short note without headings.\nIts second line.\n")
    app = make_app(note)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, OutlineScreen)
        lines = [str(w.render()) for w in app.screen.query("Static")]
        assert lines[1:] == ["This document has no structure: no headings, posts or chapters were found."]
        assert not app.screen.query("OptionList")  # no empty list below it
        await pilot.press("down", "enter", "escape")
        assert not isinstance(app.screen, OutlineScreen)


def wiki_library(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    (lib / "topics").mkdir(parents=True)
    (lib / "index.md").write_text("# Index\n\nRead [[Rare Earths | the one on rare earths]], then [[nowhere]].\n")
    (lib / "topics" / "rare_earths.md").write_text("# Rare earths\n\nBack to the [[index]].\n")
    return lib


async def test_f_on_a_wiki_link_opens_the_document_it_names(tmp_path: Path) -> None:
    app = make_app(wiki_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # index.md, the first document
        await settle(pilot)
        assert reading(app).current.rel == "index.md"
        await pilot.press("f")
        await settle(pilot)
        assert reading(app).current.rel == "topics/rare_earths.md"
        assert "topics/rare_earths.md" in str(reading(app).status.render())
        await pilot.press("f")  # and back by its own link
        await settle(pilot)
        assert reading(app).current.rel == "index.md"


async def test_f_on_a_wiki_link_to_nothing_says_there_is_no_such_document(tmp_path: Path) -> None:
    app = make_app(wiki_library(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = reading(app).pane
        pane.move_cursor(pane.text.index("nowhere"))
        await pilot.press("f")
        assert "No document called nowhere." in await notifications(pilot)
        assert reading(app).current.rel == "index.md"


async def test_the_seeds_wiki_links_name_documents_that_are_not_there(seeds: Path) -> None:
    app = make_app(seeds / "004_fb88cd4e1ca0a06e.txt")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f")  # "From: allin": a wiki link to a podcast's page
        assert "No document called allin." in await notifications(pilot)


async def test_a_link_of_another_scheme_is_not_handed_to_the_opener(tmp_path: Path, monkeypatch) -> None:
    opened = tmp_path / "opened"
    monkeypatch.setenv("READER_OPENER", f"touch {opened}")
    note = tmp_path / "note.md"
    note.write_text("# Links\n\nSee [the paper](zotero://select/items/ABC).\n")
    app = make_app(note)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f")
        messages = await notifications(pilot)
        assert any("zotero://select/items/ABC" in m and "Copied to the clipboard" in m for m in messages), messages
        assert not any("Opened with" in m for m in messages)
