"""The reading app driven with real key presses (Textual's Pilot)."""

from __future__ import annotations

import time
from pathlib import Path

from textual import events
from textual.command import CommandList, CommandPalette

from reader.ui.document_list import DocumentList
from reader.ui.help_screen import HelpScreen
from reader.ui.reading_pane import ReadingPane

from .conftest import make_app, reading, screen_text, settle

SIZE = (120, 40)


async def test_starts_on_the_first_document_with_the_sidebar_focused(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, DocumentList)
        assert reading(app).current.rel == "000_730c42d09e53c65d.txt"
        lines = screen_text(app)
        assert lines[0].strip() == "Peter Alexander"
        # The mojibake of this seed is repaired on screen.
        assert any("“do noting”" in line for line in lines)
        assert not any("ā€" in line for line in lines)


async def test_sidebar_shows_titles_and_word_counts(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompts = [str(reading(app).sidebar.prompt(doc)) for doc in reading(app).sidebar.shown]
        assert len(prompts) == 5
        assert prompts[2].startswith("Pressure ... Pain ... Ouch!")
        assert prompts[4].startswith("USChina trade relations and rare earth dependencies")
        assert all(" words" in prompt for prompt in prompts)


async def test_arrows_preview_and_enter_reads(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        assert reading(app).current.rel == "002_49671702ffe5f58f.txt"
        assert screen_text(app)[0].startswith("Pressure ... Pain ... Ouch!")
        await pilot.press("enter")
        assert isinstance(app.focused, ReadingPane)


async def test_scroll_page_top_and_bottom(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        await pilot.press("enter")
        first = screen_text(app)
        height = pane.content_size.height
        # j and k move the reading cursor; the view follows it past the edges.
        await pilot.press(*["j"] * (height - 1))
        assert screen_text(app) == first and pane.cursor >= pane.screen_rows()[-1][0]
        await pilot.press("j")
        assert screen_text(app)[0] == first[1]
        await pilot.press(*["k"] * height)
        assert screen_text(app) == first and pane.cursor == 0
        await pilot.press("space")
        paged = screen_text(app)
        assert paged[0] != first[0]
        assert pane.top <= pane.cursor < pane.bottom  # the cursor came along
        await pilot.press("ctrl+b")
        assert screen_text(app) == first
        await pilot.press("G")
        assert pane.fraction == 1.0
        assert "deliverable is Taiwan" in " ".join(screen_text(app))
        assert "100%" in str(app.query_one("#status").render())
        await pilot.press("j")  # nothing below the end
        assert pane.fraction == 1.0
        await pilot.press("g")
        assert screen_text(app) == first
        assert "utf-8" in str(app.query_one("#status").render())


async def test_mouse_wheel_scrolls_three_rows(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = screen_text(app)
        pane = reading(app).pane
        pane.post_message(events.MouseScrollDown(pane, 10, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert screen_text(app)[0] == first[3]
        pane.post_message(events.MouseScrollUp(pane, 10, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert screen_text(app) == first


async def test_resize_rewraps_and_keeps_the_passage(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", *["j"] * 25)
        pane = reading(app).pane
        top = pane.top
        passage = pane.text[top : top + 20]
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert max(len(line.rstrip()) for line in screen_text(app)) <= pane.content_size.width
        start, end = pane.screen_rows()[0]
        assert start <= top < end  # the old top character is on the new top row
        assert passage.split()[0] in " ".join(screen_text(app)[:2])
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert pane.screen_rows()[0][0] <= top < pane.screen_rows()[0][1]


async def test_wide_characters_take_two_cells(seeds: Path) -> None:
    app = make_app(seeds / "003_66d8e60a35b94f19.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = reading(app).pane
        assert isinstance(app.focused, ReadingPane)  # `reader FILE` starts reading
        for y in range(pane.content_size.height):
            assert pane.render_line(y).cell_length == pane.content_size.width


async def test_tab_moves_focus_between_sidebar_and_pane(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, DocumentList)


async def test_slash_filters_the_sidebar_fuzzily(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"presure pian")  # two typos
        sidebar = app.query_one("#sidebar")
        assert sidebar.shown[0].rel == "002_49671702ffe5f58f.txt"
        assert len(sidebar.shown) < 5
        await pilot.press("enter")
        await settle(pilot)
        assert reading(app).current.rel == "002_49671702ffe5f58f.txt"
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("shift+tab", "escape")
        assert len(sidebar.shown) == 5
        assert sidebar.current.rel == "002_49671702ffe5f58f.txt"


async def test_q_in_the_filter_is_typed_not_quit(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        assert app.is_running
        assert app.query_one("#filter").value == "q"


async def test_help_lists_every_key_from_the_bindings(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
        for binding in ReadingPane.BINDINGS:
            if binding.id and binding.id.startswith("reading.highlight_"):
                continue  # named by their kinds, below
            assert binding.description in shown
        for kind in ("yellow", "green", "blue", "pink", "orange"):
            assert f"Highlight the selection: {kind}" in shown
        assert "kind 6" not in shown and ": kind" not in shown  # only as many keys as kinds
        assert "Quit" in shown and "Filter" in shown and "Save" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_opens_a_document_by_title(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"USChina trade")
        # The palette asks its providers in a worker: enter once it lists the document.
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one(CommandList)
        deadline = time.monotonic() + 10
        while not any("USChina" in str(options.get_option_at_index(i).prompt) for i in range(options.option_count)):
            assert time.monotonic() < deadline, "the palette never listed the document"
            await pilot.pause(0.01)
        await pilot.press("enter")
        await settle(pilot)
        assert reading(app).current.rel == "004_fb88cd4e1ca0a06e.txt"


async def test_q_quits(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_bad_files_are_listed_and_explained(tmp_path: Path) -> None:
    (tmp_path / "a-good.txt").write_text("Some words to read.\n")
    (tmp_path / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "c-empty.txt").write_bytes(b"")
    (tmp_path / "d-broken.txt").symlink_to(tmp_path / "nowhere.txt")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompts = [str(reading(app).sidebar.prompt(doc)) for doc in reading(app).sidebar.shown]
        assert "binary" in prompts[1]
        assert "broken link" in prompts[3]
        await pilot.press("down")
        await settle(pilot)
        assert "b-binary.txt is not text" in " ".join(screen_text(app))
        await pilot.press("down")
        await settle(pilot)
        assert "This document is empty." in " ".join(screen_text(app))
        await pilot.press("down")
        await settle(pilot)
        assert "link to a file that does not exist" in " ".join(screen_text(app))
        await pilot.press("up", "up", "up")
        await settle(pilot)
        assert screen_text(app)[0] == "Some words to read."


async def test_a_large_document_shows_its_start_first_and_g_waits_for_the_end(tmp_path: Path) -> None:
    paragraph = "a long paragraph of words that goes on " * 40
    body = "\n\n".join(f"{i} {paragraph}" for i in range(3500))  # ~5.5 MB
    (tmp_path / "big.txt").write_text(f"FIRST WORDS\n\n{body}\n\nLAST WORDS\n")
    app = make_app(tmp_path / "big.txt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen_text(app)[0] == "FIRST WORDS"
        await pilot.press("G")  # pressed before the whole text may be there
        await settle(pilot)
        assert not reading(app).pane.partial
        assert screen_text(app)[-1] == "LAST WORDS"
        assert "100%" in str(reading(app).status.render())
