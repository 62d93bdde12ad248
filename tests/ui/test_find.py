"""Find in a document (`/`) and search all documents (`s`), with real key presses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from reader.core.search.find import Mode, query_pattern
from reader.core.search.find_stream import STREAM_FROM
from reader.ui.find_bar import FindBar
from reader.ui.reading_pane import ReadingPane
from reader.ui.search_screen import SearchScreen
from tests.conftest import SHARED

from .conftest import found_on_screen, make_app, reading, settle

SIZE = (120, 40)
QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


def count(app) -> str:
    return str(app.query_one("#find-count").render())


def current_words(app) -> str:
    bar = reading(app).find_bar
    match = bar.matches[bar.current]
    return " ".join(reading(app).pane.text[start:end] for start, end in match.spans)


def on_screen(app, offset: int) -> bool:
    return reading(app).pane.top <= offset < reading(app).pane.bottom


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
            await pilot.press("enter", "n")  # enter: to the text at the match; n: the next
            assert count(app) == f"2/{total}"
            assert on_screen(app, bar.matches[1].start)
        await pilot.press("escape")
        assert not bar.is_open
        assert isinstance(app.focused, ReadingPane)
        assert not found_on_screen(app)


async def test_n_and_shift_n_in_the_reading_pane(seeds: Path) -> None:
    app = make_app(seeds / "000_730c42d09e53c65d.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ctrl+t", *"china")
        await settle(pilot)
        bar = reading(app).find_bar
        assert str(app.query_one("#find-mode").render()).startswith("exact")
        total = len(bar.matches)
        assert total > 3
        assert all(reading(app).pane.text[m.start : m.end].lower() == "china" for m in bar.matches)
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
        assert not found_on_screen(app)
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
        assert reading(app).current.rel == "002_49671702ffe5f58f.txt"
        bar = reading(app).find_bar
        assert bar.is_open and isinstance(app.focused, ReadingPane)
        assert bar.matches[bar.current].start == screen.hits[0].match.start
        assert on_screen(app, screen.hits[0].match.start)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#search-input").value == "negotiaters in bejing and washingtn"


async def test_exact_finds_the_phrase_across_line_breaks_and_highlights_its_words(tmp_path: Path) -> None:
    shutil.copy(QUIJOTE, tmp_path / "quijote.txt")
    app = make_app(tmp_path / "quijote.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ctrl+t", *"dulcinea del toboso")
        await settle(pilot)
        bar = reading(app).find_bar
        assert count(app) == "1/112"
        across = next(i for i, m in enumerate(bar.matches) if "\n" in reading(app).pane.text[m.start : m.end])
        await pilot.press("enter", *["n"] * across)
        assert count(app) == f"{across + 1}/112"
        assert current_words(app).lower() == "dulcinea del toboso"  # the line break is not highlighted
        assert on_screen(app, bar.matches[across].start)
        text = reading(app).pane.text
        assert found_on_screen(app, current=True) == [text[start:end] for start, end in bar.matches[across].spans]


async def test_fuzzy_chinese_finds_every_place(seeds: Path) -> None:
    app = make_app(seeds / "003_66d8e60a35b94f19.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"企业老板")
        await settle(pilot)
        bar = reading(app).find_bar
        assert [m.start for m in bar.matches[:4]] == [
            m.start() for m in re.finditer("企业老板", reading(app).pane.text)
        ]
        assert count(app) == f"1/{len(bar.matches)}" and current_words(app) == "企 业 老 板"


async def done(pilot, bar: FindBar) -> None:
    """Until every match of the big document's search is in."""
    while bar.searching:
        await pilot.pause(0.01)
    await settle(pilot)


async def test_a_big_document_is_found_from_the_reader_s_place(tmp_path: Path) -> None:
    book = QUIJOTE.read_bytes()
    copies = STREAM_FROM // len(book) + 1
    (tmp_path / "big.txt").write_bytes(book * copies)
    app = make_app(tmp_path / "big.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = reading(app).pane.text
        assert len(text) > STREAM_FROM and not reading(app).pane.partial
        reading(app).pane.move_cursor(len(text) // 2)  # the reader is half way through
        await pilot.press("slash", "ctrl+t", *"dulcinea del toboso")
        bar = reading(app).find_bar
        await done(pilot, bar)
        starts = [m.start() for m in query_pattern("dulcinea del toboso", Mode.EXACT).finditer(text)]
        assert [m.start for m in bar.matches] == starts and len(starts) == 112 * copies
        place = len(text) // 2
        first = next(i for i, start in enumerate(starts) if start > place)
        assert count(app) == f"{first + 1}/{len(starts)}"  # the first after the reader's place
        assert on_screen(app, starts[first])
        # A new query replaces the search under way, whatever it found.
        await pilot.press("ctrl+t", "ctrl+t", *["backspace"] * 19, *"rocinante")  # fuzzy, meanwhile
        await done(pilot, bar)
        assert bar.mode is Mode.FUZZY and bar.input.value == "rocinante"
        assert current_words(app).lower() == "rocinante"
        assert not any("dulcinea" in text[m.start : m.end].lower() for m in bar.matches)
        current = bar.current
        assert count(app) == f"{current + 1}/{len(bar.matches)}"
        assert bar.matches[current].start > place >= bar.matches[current - 1].start
        await pilot.press("enter", "n")
        assert count(app) == f"{current + 2}/{len(bar.matches)}"
