"""Annotations follow a document that changed; orphans are listed and re-attached."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reader.core.annotations.store import Store
from reader.core.library.rule import Library
from reader.ui.notes_panel import NotesPanel

from .conftest import make_app, notifications, reading, settle, under_cursor

SIZE = (120, 40)
DOC = "002_49671702ffe5f58f.txt"
KEPT = "what really counts is terbium for the Americans"
GONE = "For all America’s longstanding complaints about industrial subsidies"


async def open_third(pilot) -> None:
    await settle(pilot)
    await pilot.press("down", "down", "enter")
    await settle(pilot)


async def annotate(app, pilot, phrase: str, key: str) -> None:
    start = reading(app).pane.text.index(phrase)
    reading(app).pane.move_cursor(start, select=True)
    reading(app).pane.move_cursor(start + len(phrase) - 1)
    await pilot.press(key)


async def test_a_changed_document_moves_its_highlights_and_lists_its_orphans(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_third(pilot)
        await annotate(app, pilot, KEPT, "1")
        await annotate(app, pilot, GONE, "2")
        assert len(reading(app).pane.highlights) == 2
    # The document changes: a paragraph added at the top, the second passage rewritten.
    path = seeds / DOC
    text = path.read_text("utf-8")
    path.write_text(
        "A new first paragraph, added by the editor.\n\n"
        + text.replace(GONE, "Whatever Washington said about subsidies and theft"),
        "utf-8",
    )

    again = make_app(seeds)
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert reading(again).current.rel == DOC  # read last: it opens again
        await pilot.press("enter")
        pane = reading(again).pane
        ((start, end, _),) = pane.highlights.spans
        assert pane.text[start:end] == KEPT and start == pane.text.index(KEPT)
        assert any(n.startswith("Annotations re-anchored\n") for n in await notifications(pilot))
        saved = tomllib.loads(Store(Library.of(seeds)).path_for(DOC).read_text("utf-8"))
        kept = next(a for a in saved["annotation"] if a["exact"] == KEPT)
        assert kept["start"] == start  # written back
        await pilot.press("t")
        panel = again.screen
        assert isinstance(panel, NotesPanel)
        states = {row.annotation.exact: row.state for row in panel.rows}
        assert states == {KEPT: "", GONE: "orphaned"}
        await pilot.press("escape")
        # Re-attach the orphan to a passage chosen by hand.
        new = "Whatever Washington said about subsidies"
        start = pane.text.index(new)
        pane.move_cursor(start, select=True)
        pane.move_cursor(start + len(new) - 1)
        await pilot.press("t", *"orphaned", "ctrl+r")
        assert not isinstance(again.screen, NotesPanel)
        assert len(pane.highlights) == 2
        assert under_cursor(again) == new


async def test_a_note_moved_onto_changed_words_says_so_in_the_notes_panel(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        await annotate(app, pilot, KEPT, "1")
        await pilot.press("q")
    path = seeds / DOC
    # A paragraph above it, and one of its words changed.
    path.write_text(
        "A new first paragraph, to move everything.\n\n"
        + path.read_text("utf-8").replace(KEPT, KEPT.replace("terbium", "dysprosium")),
        "utf-8",
    )
    again = make_app(seeds)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reading(again).current.rel == DOC
        await pilot.press("t")
        await settle(pilot)
        panel = again.screen
        assert isinstance(panel, NotesPanel)
        from textual.widgets import OptionList

        shown = str(panel.query_one(OptionList).get_option_at_index(0).prompt)
        assert "[moved, words changed]" in shown and "dysprosium" in shown  # the words it is on now
