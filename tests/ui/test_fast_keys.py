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

from reader.ui.search_screen import SearchScreen
from tests.ui.conftest import make_app, settle

GAPS = range(8)


async def type_burst(app, keys: str, gap: int) -> None:
    for char in keys:
        name = {"/": "slash", " ": "space"}.get(char, char)
        app.post_message(events.Key(name, char))
        for _ in range(gap):
            await asyncio.sleep(0)  # one turn of the loop: the driver's next key comes


@pytest.mark.parametrize("gap", GAPS)
async def test_a_query_typed_right_after_slash_is_found_as_typed(seeds: Path, gap: int) -> None:
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the reading pane
        await type_burst(app, "/rare erth exprt controls", gap)
        await settle(pilot)
        assert app.focused is app.find_bar.input
        assert app.find_bar.input.value == "rare erth exprt controls"


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
        assert app.sidebar.query_one("#filter").value == "pressure pain"
        assert [doc.rel for doc in app.sidebar.shown] == ["002_49671702ffe5f58f.txt"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.current.rel == "002_49671702ffe5f58f.txt"
