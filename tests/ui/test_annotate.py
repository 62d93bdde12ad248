"""Highlights and notes with the keyboard (and the mouse), kept across restarts."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import TextArea

from reader.core.annotations.store import Store
from reader.core.library.rule import Library
from reader.ui.export_screen import ExportScreen
from reader.ui.note_editor import NoteEditor
from reader.ui.notes_panel import NotesPanel

from .conftest import make_app, note_line, notifications, reading, settle, under_cursor

SIZE = (120, 40)
DOC = "002_49671702ffe5f58f.txt"  # "Pressure ... Pain ... Ouch!", the third document


async def open_third(pilot) -> None:
    await settle(pilot)
    await pilot.press("down", "down", "enter")
    await settle(pilot)
    assert reading(pilot.app).current.rel == DOC


def annotation_file(seeds: Path) -> Path:
    return Store(Library.of(seeds)).path_for(DOC)


async def test_select_highlight_note_quit_and_find_it_again(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        pane = reading(app).pane
        # "Now that negotiators…": select the first word of the second line.
        await pilot.press("j", "v", "e")
        assert pane.selection is not None
        start, end = pane.selection
        assert pane.text[start:end] == "Now"
        await pilot.press("e", "e", "1")  # "Now that negotiators", yellow
        assert pane.selection is None
        (only,) = app.notebook.get(DOC).annotations.values()
        assert (only.exact, only.kind) == ("Now that negotiators", "yellow")
        assert [h.style.bgcolor.name for _, _, h in pane.highlights.spans] == ["#f2d45c"]
        # Drawn over exactly those words: the cells of the row carry the colour
        # (the cursor, drawn over everything, moved off them first).
        await pilot.press("k")
        row = pane.render_line(
            pane.screen_rows().index(next(r for r in pane.screen_rows() if r[0] <= only.start < r[1]))
        )
        coloured = "".join(
            seg.text for seg in row if seg.style and seg.style.bgcolor and seg.style.bgcolor.name == "#f2d45c"
        )
        assert coloured == "Now that negotiators"
        # A second passage with a note and tags.
        await pilot.press("j", "j", "0", "v", "right_parenthesis", "a")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await pilot.press(*"Who blinks first?")
        await pilot.press("tab", *"trade #china")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, NoteEditor)
        assert "Who blinks first?" in note_line(app) and "#china" in note_line(app)
        assert "✎ 2" in str(reading(app).sidebar.prompt(reading(app).sidebar.shown[2]))
        await pilot.press("q")
    saved = tomllib.loads(annotation_file(seeds).read_text("utf-8"))
    assert [a["exact"] for a in saved["annotation"]][0] == "Now that negotiators"
    assert saved["annotation"][1]["note"] == "Who blinks first?"
    assert saved["annotation"][1]["tags"] == ["trade", "china"]

    again = make_app(seeds)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reading(again).current.rel == DOC  # the document read last opens again
        assert len(reading(again).pane.highlights) == 2
        await pilot.press("enter", "g", "right_square_bracket")
        assert reading(again).pane.cursor == saved["annotation"][0]["start"]
        await pilot.press("right_square_bracket")
        assert "Who blinks first?" in note_line(again)


async def test_edit_delete_undo_and_jump(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        pane = reading(app).pane
        await pilot.press("j", "v", "e", "2")
        await pilot.press("j", "v", "e", "e", "3")
        assert len(pane.highlights) == 2
        await pilot.press("g", "right_square_bracket", "c")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"later")
        await pilot.press("escape")  # asks first: the note was typed
        assert isinstance(app.screen, NoteEditor) and app.screen.has_class("-confirming")
        await pilot.press("ctrl+s")
        assert note_line(app) == "▌ green  later"
        await pilot.press("x")
        assert len(pane.highlights) == 1 and note_line(app) == ""
        await pilot.press("u")
        assert len(pane.highlights) == 2
        assert note_line(app) == "▌ green  later"
        await pilot.press("right_square_bracket")
        assert note_line(app) == "▌ blue  no note: a or e writes one"
        await pilot.press("left_square_bracket")
        assert note_line(app) == "▌ green  later"
        await pilot.press("c", "escape")  # nothing typed: closes at once
        assert not isinstance(app.screen, NoteEditor)


async def test_keys_without_a_selection_say_what_to_do(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_third(pilot)
        await pilot.press("1", "escape")  # without a selection, a digit is a count (1G, 5j), not a highlight
        assert not annotation_file(seeds).exists()
        await pilot.press("a")
        assert not annotation_file(seeds).exists()
        assert any("Select a passage first" in n for n in await notifications(pilot))
        await pilot.press("v", "escape")
        assert reading(app).pane.selection is None


async def test_a_corrupt_file_is_never_written_over(seeds: Path) -> None:
    path = annotation_file(seeds)
    path.parent.mkdir(parents=True)
    broken = b'[document]\npath = "002_49671702ffe5f58f.txt"\n\n[[annotation]]\nid = \n'
    path.write_bytes(broken)
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_third(pilot)
        assert reading(app).pane.text  # the document still opens
        messages = await notifications(pilot)
        assert any(f"{DOC}.toml" in m and "line 5" in m for m in messages), messages
        await pilot.press("v", "e", "1")
        assert any("Annotating this document is refused" in n for n in await notifications(pilot))
    assert path.read_bytes() == broken


async def test_notes_panel_filters_and_jumps(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        await pilot.press("j", "v", "e", "a", *"magnets", "ctrl+s")
        await pilot.press("G", "v", "e", "4")
        await pilot.press("t")
        panel = app.screen
        assert isinstance(panel, NotesPanel) and len(panel.rows) == 2
        await pilot.press(*"magnet")
        assert [row.annotation.note for row in panel.rows] == ["magnets"]
        await pilot.press("enter")
        assert not isinstance(app.screen, NotesPanel)
        assert note_line(app) == "▌ yellow  magnets"
        await pilot.press("t", *"pink")  # by colour
        assert [row.annotation.kind for row in app.screen.rows] == ["pink"]
        await pilot.press("escape")
        # All documents: one note in another document too.
        await pilot.press("g", "tab", "up", "enter")
        await settle(pilot)
        await pilot.press("v", "e", "5", "t", "ctrl+t")
        assert {row.rel for row in app.screen.rows} == {DOC, reading(app).current.rel}


async def test_dragging_the_mouse_selects(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        pane = reading(app).pane
        # The second row: "Now that negotiators in Beijing…"
        await pilot.mouse_down(pane, offset=(pane.gutter.left, 1))
        await pilot.hover(pane, offset=(pane.gutter.left + 7, 1))
        await pilot.mouse_up(pane, offset=(pane.gutter.left + 7, 1))
        start, end = pane.selection
        assert pane.text[start:end] == "Now that"
        await pilot.press("1")
        assert under_cursor(app) == "Now that"


async def test_the_note_editor_is_a_text_area(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        await pilot.press("v", "e", "a", *"two", "enter", *"lines")
        assert app.screen.query_one(TextArea).text == "two\nlines"
        await pilot.press("ctrl+s")
        assert note_line(app) == "▌ yellow  two lines"  # the note line shows its lines as one
        (only,) = app.notebook.get(DOC).annotations.values()
        assert only.note == "two\nlines"


async def test_overlapping_highlights_both_stay_visible(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        pane = reading(app).pane
        await pilot.press("j", "v", "e", "e", "1")  # "Now that"
        await pilot.press("0", "e", "e", "l", "v", "e", "e", "3")  # " negotiators in", trimmed
        await pilot.press("0", "e", "l", "l", "v", "e", "e", "2")  # "that negotiators": over both
        assert len(pane.highlights) == 3
        await pilot.press("k")  # the cursor off the row
        row = list(pane.render_line(1))
        by_text = {seg.text: seg.style for seg in row if seg.text.strip()}
        colours = {style.bgcolor.name for style in by_text.values() if style and style.bgcolor}
        assert {"#f2d45c", "#95d38f", "#8cbcf2"} <= colours  # yellow, green and blue all show
        underlined = [seg.text for seg in row if seg.style and seg.style.underline]
        assert underlined == ["that", "negotiators"]  # where two overlap (the space between, green only)


async def test_shift_e_exports_this_document_or_all(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_third(pilot)
        await pilot.press("j", "v", "e", "a", *"# not a heading", "ctrl+s")
        await pilot.press("E")
        await pilot.press("enter")  # this document
        await settle(pilot)
        exported = seeds.parent / "exports" / f"{DOC}.md"
        text = exported.read_text("utf-8")
        assert "Pressure ... Pain ... Ouch!" in text and "Now" in text and "# not a heading" in text
        assert any("exports" in n for n in await notifications(pilot))
        await pilot.press("E", "down", "enter")  # all documents
        await settle(pilot)
        everything = (seeds.parent / "exports" / "notes.md").read_text("utf-8")
        assert "Pressure ... Pain ... Ouch!" in everything and "# not a heading" in everything
        await pilot.press("E")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)
