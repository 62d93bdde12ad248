"""Find keeps the reader's place, as in less and vim: it starts at the
cursor and goes forward, esc returns to where it began, n and N go on after
the bar is closed, and the arrows recall earlier queries (kept for next time)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from reader.core.search.find import find
from reader.ui import find_bar
from reader.ui.reading_pane import ReadingPane
from tests.conftest import SHARED

from .conftest import make_app, reading, settle

SIZE = (120, 40)
BOOK = SHARED / "corpora" / "editions" / "pride-and-prejudice-2015.txt"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "books"
    folder.mkdir()
    shutil.copy(BOOK, folder / "pride.txt")
    return folder / "pride.txt"


def count(app) -> str:
    return str(app.query_one("#find-count").render())


async def test_find_from_89_percent_lands_after_the_cursor_and_esc_comes_back(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        await pilot.press("8", "9", "percent_sign")
        top, cursor = pane.top, pane.cursor
        await pilot.press("slash", "ctrl+t", *"elizabeth")  # exact: every one of them
        await settle(pilot)
        bar = reading(app).find_bar
        current = bar.matches[bar.current]
        assert current.start > cursor
        assert all(m.start <= cursor for m in bar.matches[: bar.current])  # the first after it
        assert count(app) == f"{bar.current + 1}/{len(bar.matches)}" and bar.current > 100
        assert pane.top <= current.start < pane.bottom
        await pilot.press("escape")  # no match chosen: back where find began
        assert (pane.top, pane.cursor) == (top, cursor)


async def test_enter_chooses_the_match_and_n_goes_on_after_the_bar_is_closed(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        await pilot.press("5", "0", "percent_sign")
        began = pane.cursor
        await pilot.press("slash", "ctrl+t", *"netherfield", "enter")
        await settle(pilot)
        bar = reading(app).find_bar
        chosen = bar.matches[bar.current].start
        assert isinstance(app.focused, ReadingPane) and pane.cursor == chosen > began
        await pilot.press("escape")  # chosen: the reader stays there
        assert not bar.is_open and pane.cursor == chosen
        await pilot.press("n")  # the same query again, from here
        await settle(pilot)
        assert bar.matches[bar.current].start > chosen and pane.cursor == bar.matches[bar.current].start
        following = pane.cursor
        await pilot.press("escape", "N")
        await settle(pilot)
        assert pane.cursor == chosen
        await pilot.press("ctrl+o")
        assert pane.cursor == following
        await pilot.press("apostrophe", "apostrophe")
        assert pane.cursor == chosen


@pytest.fixture
def late_matches(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Matches that come in only once the returned event is set: a search
    still running (a loaded machine) when the keys after it are typed."""
    release = threading.Event()

    def late_find(*args, **kwargs):
        release.wait(10)
        return find(*args, **kwargs)

    monkeypatch.setattr(find_bar, "find", late_find)
    return release


@pytest.mark.parametrize("then", [(), ("g",)])
async def test_matches_that_come_in_after_enter_do_not_undo_the_keys_after_it(
    book: Path, late_matches: threading.Event, then: tuple[str, ...]
) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        await pilot.press("5", "0", "percent_sign")
        await pilot.press("slash", "ctrl+t", *"netherfield", "enter", *then)
        late_matches.set()
        await settle(pilot)
        bar = reading(app).find_bar
        assert bar.matches and count(app) == f"{bar.current + 1}/{len(bar.matches)}"
        if then:  # g: the top, where the reader went, not back to the match
            assert pane.cursor == 0 and pane.top == 0
        else:  # enter alone: at the match once it is known
            assert pane.cursor == bar.matches[bar.current].start


async def test_up_and_down_recall_earlier_queries_also_after_a_restart(book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query in ("darcy", "pemberley"):
            await pilot.press("slash", *query, "enter", "escape")
        await pilot.press("slash")
        assert reading(app).find_bar.input.value == ""  # a new query, not the last one run again
        await pilot.press("up")
        assert reading(app).find_bar.input.value == "pemberley"
        await pilot.press("up")
        assert reading(app).find_bar.input.value == "darcy"
        await pilot.press("down", "down")
        assert reading(app).find_bar.input.value == ""
        await pilot.press("escape", "s", *"lydia", "escape")
    again = make_app(book.parent)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "slash", "up")
        assert reading(again).find_bar.input.value == "pemberley"
        await pilot.press("escape", "s")
        await settle(pilot)
        await pilot.press("up")
        assert again.screen.query_one("#search-input").value == "lydia"
