"""Keys typed (or pasted as keys) at full speed right after the one that opens
an input all arrive in it, in order. The terminal's driver hands the app its
keys one at a time between turns of the event loop; `gap` turns between two
keys put each at a different point of the focus moving to the input."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from reader.ui.note_editor import NoteEditor
from reader.ui.search_screen import SearchScreen
from tests.ui.conftest import make_app, reading, settle

GAPS = range(8)
KEYS = {"/": "slash", " ": "space", "?": "question_mark", "\t": "tab", "\n": "enter"}
SPECIAL = {"\b": "backspace", "←": "left", "⇤": "home"}  # keys without a character


async def type_burst(app, keys: str, gap: int) -> None:
    """`keys` as the terminal's driver hands them over; \\t, \\n, \\b, ←
    and ⇤ are tab, enter, backspace, left and home."""
    for char in keys:
        if char in SPECIAL:
            app.post_message(events.Key(SPECIAL[char], None))
        else:
            app.post_message(events.Key(KEYS.get(char, char), "\r" if char == "\n" else char))
        for _ in range(gap):
            await asyncio.sleep(0)  # one turn of the loop: the driver's next key comes


async def paste_burst(app, key: str, text: str, gap: int) -> None:
    """The key that opens an input, and a paste right after it."""
    await type_burst(app, key, gap)
    app.post_message(events.Paste(text))


@pytest.mark.parametrize("gap", GAPS)
async def test_a_query_typed_right_after_slash_is_found_as_typed(seeds: Path, gap: int) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the reading pane
        await type_burst(app, "/rare erth exprt controls", gap)
        await settle(pilot)
        assert app.focused is reading(app).find_bar.input
        assert reading(app).find_bar.input.value == "rare erth exprt controls"


@pytest.mark.parametrize("again", [False, True])
@pytest.mark.parametrize("gap", GAPS)
async def test_a_search_typed_right_after_s_is_searched_as_typed(seeds: Path, gap: int, again: bool) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        if again:  # the screen is kept: the second `s` brings the same one back
            await pilot.press("s", "escape")
            await settle(pilot)
        # "o" and "t" are the app's keys too (outline, notes): here they are text.
        await type_burst(app, "snegotiaters to bejing", gap)
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input) and app.focused.value == "negotiaters to bejing"


async def test_a_filter_typed_at_full_speed_arrives_whole(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pressure pain")  # no pause after /
        await settle(pilot)
        assert reading(app).sidebar.query_one("#filter").value == "pressure pain"
        assert [doc.rel for doc in reading(app).sidebar.shown] == ["002_49671702ffe5f58f.txt"]
        await pilot.press("enter")
        await settle(pilot)
        assert reading(app).current.rel == "002_49671702ffe5f58f.txt"


@pytest.mark.parametrize("gap", GAPS)
async def test_bound_keys_typed_fast_act_in_their_turn(seeds: Path, gap: int) -> None:
    # A backspace, an arrow or home in a burst acts where it was typed,
    # not after the letters typed behind it.
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await type_burst(app, "/rare erthh\b exprtt\b controlz\bs⇤[←\b", gap)
        await settle(pilot)
        assert reading(app).find_bar.input.value == "[rare erth exprt controls"


@pytest.mark.parametrize("gap", GAPS)
async def test_a_paste_right_after_slash_lands_in_the_find_bar(seeds: Path, gap: int) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await paste_burst(app, "/", "rare erth exprt controls", gap)
        await settle(pilot)
        assert reading(app).find_bar.input.value == "rare erth exprt controls"


@pytest.mark.parametrize("gap", GAPS)
async def test_a_filter_and_enter_typed_at_full_speed_open_what_was_typed(seeds: Path, gap: int) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_burst(app, "/uschina trdx\be\n", gap)
        await settle(pilot)
        assert reading(app).sidebar.query_one("#filter").value == "uschina trde"
        assert reading(app).current.rel == "004_fb88cd4e1ca0a06e.txt"


@pytest.mark.parametrize("gap", GAPS)
async def test_keys_typed_right_after_enter_in_the_filter_move_in_the_text(seeds: Path, gap: int) -> None:
    # Enter opens the document and focuses its text: the j j typed after it
    # move the cursor there, they are not typed into the filter.
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_burst(app, "/uschina trde\njj", gap)
        await settle(pilot)
        screen = reading(app)
        assert screen.sidebar.query_one("#filter").value == "uschina trde"
        assert screen.current.rel == "004_fb88cd4e1ca0a06e.txt"
        assert app.focused is screen.pane
        assert screen.pane.cursor > 0 and screen.pane.text.count("\n", 0, screen.pane.cursor) == 2


@pytest.mark.parametrize("gap", GAPS)
async def test_enter_enter_in_search_all_goes_on_to_the_best_hit(seeds: Path, gap: int) -> None:
    # The first enter goes to the results; the ones typed at once after it go
    # there too (they went into the query before): the best document's hits,
    # then its best hit opened.
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"rare earth export controls")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        best = app.screen.hits[0]
        await type_burst(app, "\n\n\n", gap)
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert reading(app).current is best.doc


@pytest.mark.parametrize("gap", GAPS)
async def test_a_note_and_its_tags_typed_at_full_speed_arrive_whole(seeds: Path, gap: int) -> None:
    # The note right after the `a` that opens the editor, then tab and the
    # tags, in one burst, with a backspace in each.
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("j", "v", "e", "e")
        await type_burst(app, "aWho blinks firstt\b?\ttrade chinx\ba", gap)
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("#note-text").text == "Who blinks first?"
        assert editor.query_one("#note-tags").value == "trade china"
