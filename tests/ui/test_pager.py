"""The keys of a pager and of vim in the reading pane, pressed for real:
counts, half and whole pages, lines, percentages, marks and the jump list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core.text.lines import LineIndex
from tests.conftest import SHARED

from .conftest import make_app, note_line, notifications, reading, settle

SIZE = (120, 40)
BOOK = SHARED / "corpora" / "editions" / "pride-and-prejudice-2015.txt"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "books"
    folder.mkdir()
    shutil.copy(BOOK, folder / "pride.txt")
    return folder / "pride.txt"


def line_of_cursor(app) -> int:
    pane = reading(app).pane
    return LineIndex(pane.text).line_of(pane.cursor)


async def test_a_count_before_percent_goes_that_far_and_highlights_nothing(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        await pilot.press("5", "0", "percent_sign")  # today's bug: `5` highlighted in kind 5
        await settle(pilot)
        assert abs(pane.cursor / len(pane.text) - 0.5) < 0.01
        assert reading(app).notebook.get("pride.txt") is None or not reading(app).notebook.get("pride.txt").annotations
        assert note_line(app) == ""
        await pilot.press("2", "5", "p")  # less's p, the same
        assert abs(pane.cursor / len(pane.text) - 0.25) < 0.01
        await pilot.press("percent_sign")  # no count: says what to type
        assert any("50%" in n for n in await notifications(pilot))


async def test_a_count_before_g_goes_to_that_line_of_the_text_and_before_j_k_moves_that_many(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("1", "2", "0", "G")
        assert line_of_cursor(app) == 120
        pane = reading(app).pane
        before = pane.cursor
        await pilot.press("j")
        one_row = pane.cursor
        await pilot.press("k", "5", "j")
        assert pane.cursor > one_row > before
        await pilot.press("5", "k")
        assert pane.cursor == before
        await pilot.press("G")  # no count: the end, as before
        assert pane.bottom >= len(pane.text) - 1  # (its last character is the final newline)


async def test_half_pages_whole_pages_and_a_line_without_the_cursor(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        rows = pane.content_size.height
        first_rows = [start for start, _ in pane.screen_rows()]
        await pilot.press("ctrl+d")
        assert pane.top == first_rows[rows // 2]  # half a screen on
        assert pane.top <= pane.cursor < pane.bottom
        await pilot.press("ctrl+u")
        assert pane.top == first_rows[0]
        await pilot.press("ctrl+f")
        page = pane.top
        assert page > first_rows[-1] - 1  # the next screenful
        await pilot.press("ctrl+b")
        assert pane.top == first_rows[0]
        cursor = pane.cursor = first_rows[5]
        await pilot.press("ctrl+e")
        assert pane.top == first_rows[1] and pane.cursor == cursor  # the text moved, not the cursor
        await pilot.press("ctrl+y")
        assert pane.top == first_rows[0] and pane.cursor == cursor


async def test_ctrl_o_goes_back_after_g_percent_and_the_outline_and_ctrl_n_forward(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        await pilot.press("3", "0", "percent_sign")
        thirty = pane.cursor
        await pilot.press("G")
        end = pane.cursor
        await pilot.press("ctrl+o")
        assert pane.cursor == thirty
        await pilot.press("ctrl+o")
        assert pane.cursor == 0  # where the book opened
        await pilot.press("ctrl+n")
        assert pane.cursor == thirty
        await pilot.press("ctrl+n")
        assert pane.cursor == end
        await pilot.press("o")  # the outline: to a chapter
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        chapter = pane.cursor
        assert chapter not in (end, thirty)
        await pilot.press("apostrophe", "apostrophe")  # '': before the last jump
        assert pane.cursor == end
        await pilot.press("apostrophe", "apostrophe")
        assert pane.cursor == chapter


async def test_marks_return_and_are_kept_for_the_next_start(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        await pilot.press("4", "0", "percent_sign", "m", "a")
        marked = pane.cursor
        assert any("Mark a set" in n for n in await notifications(pilot))
        await pilot.press("g", "apostrophe", "a")
        assert pane.cursor == marked
        await pilot.press("grave_accent", "b")  # no mark b
        assert any("No mark b" in n for n in await notifications(pilot))
    again = make_app(book)
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("g", "apostrophe", "a")
        assert reading(again).pane.cursor == marked
