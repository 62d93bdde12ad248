"""Find in a document (`/`) and search all documents (`s`), with real key presses."""

from __future__ import annotations

from pathlib import Path

from reader.ui.find_bar import FindBar
from reader.ui.reading_pane import ReadingPane
from reader.ui.search_screen import SearchScreen

from .conftest import make_app, settle

SIZE = (120, 40)


def count(app) -> str:
    return str(app.query_one("#find-count").render())


def current_words(app) -> str:
    bar = app.find_bar
    match = bar.matches[bar.current]
    return " ".join(app.pane.text[start:end] for start, end in match.spans)


def on_screen(app, offset: int) -> bool:
    return app.pane.top <= offset < app.pane.bottom


async def test_slash_finds_a_misspelled_phrase_and_n_steps(seeds: Path) -> None:
    app = make_app(seeds / "000_730c42d09e53c65d.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"rare erth exprt controls")
        await settle(pilot)
        bar = app.query_one(FindBar)
        assert bar.is_open and app.focused is bar.input
        assert current_words(app).lower() == "rare earth export controls"
        total = len(bar.matches)
        assert count(app) == f"1/{total}"
        first = bar.matches[0]
        assert on_screen(app, first.start)
        if total > 1:
            await pilot.press("enter")
            assert count(app) == f"2/{total}"
            assert on_screen(app, bar.matches[1].start)
        await pilot.press("escape")
        assert not bar.is_open
        assert isinstance(app.focused, ReadingPane)
        assert not app.pane._marks


async def test_n_and_shift_n_in_the_reading_pane(seeds: Path) -> None:
    app = make_app(seeds / "000_730c42d09e53c65d.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ctrl+t", *"china")
        await settle(pilot)
        bar = app.find_bar
        assert str(app.query_one("#find-mode").render()).startswith("exact")
        total = len(bar.matches)
        assert total > 3
        assert all(app.pane.text[m.start:m.end].lower() == "china" for m in bar.matches)
        await pilot.press("tab")  # to the reading pane
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("n", "n")
        assert count(app) == f"3/{total}"
        await pilot.press("N")
        assert count(app) == f"2/{total}"
        await pilot.press("escape")
        assert not bar.is_open


async def test_no_match_and_an_invalid_regex_are_said(seeds: Path) -> None:
    app = make_app(seeds / "002_49671702ffe5f58f.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzqx plorf")
        await settle(pilot)
        assert count(app) == "no match"
        assert not app.pane._marks
        await pilot.press("ctrl+t", "ctrl+t")  # regex
        await pilot.press(*["backspace"] * 10, "(", "a")
        await settle(pilot)
        assert str(app.query_one("#find-mode").render()).startswith("regex")
        assert "missing )" in count(app)
        assert app.query_one("#find-count").has_class("-error")
        assert app.is_running


async def test_search_all_opens_a_hit_at_its_match_and_esc_returns(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", *"negotiaters in bejing and washingtn")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.hits and screen.hits[0].doc.rel == "002_49671702ffe5f58f.txt"
        best = screen.hits[0]
        await pilot.press("down", "enter")  # the document: its hits are listed, best first
        await settle(pilot)
        assert app.screen is screen and screen.group is not None and screen.hits[0] is best
        assert len(screen.hits) == len(screen.group.hits) > 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.current.rel == "002_49671702ffe5f58f.txt"
        bar = app.find_bar
        assert bar.is_open and isinstance(app.focused, ReadingPane)
        assert bar.matches[bar.current].start == screen.hits[0].match.start
        assert on_screen(app, screen.hits[0].match.start)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#search-input").value == "negotiaters in bejing and washingtn"
