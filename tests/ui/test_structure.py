"""Documents as a reader sees them: Markdown rendered, the outline, links,
reflowed paragraphs, and the reading position kept across restarts."""

from __future__ import annotations

import json
import stat
import textwrap
import tomllib
from pathlib import Path

from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation
from reader.core.annotations.store import Store
from reader.core.library.rule import Library
from reader.core.text.decoding import decode
from reader.core.text.reading import text_sha256
from reader.ui.details_screen import DetailsScreen
from reader.ui.outline_screen import OutlineScreen

from .conftest import make_app, reading, screen_text, settle

SIZE = (120, 40)
MARKDOWN = "004_fb88cd4e1ca0a06e.txt"
LONG = "003_66d8e60a35b94f19.txt"


async def open_doc(pilot, rel: str) -> None:
    await settle(pilot)
    app = pilot.app
    await pilot.press("shift+tab" if reading(app).pane.has_focus else "escape")  # back to the sidebar
    rels = [doc.rel for doc in reading(app).sidebar.shown]
    for _ in range(len(rels)):
        if reading(app).current.rel == rel:
            break
        await pilot.press("down" if rels.index(rel) > rels.index(reading(app).current.rel) else "up")
        await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_markdown_is_shown_rendered_with_its_title(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_doc(pilot, MARKDOWN)
        shown = "\n".join(screen_text(app))
        assert "From: allin" in shown
        assert "Market Dynamics and Trade Negotiations" in shown
        for syntax in ("---", "videoId", "[[", "<a ", "</a>", "## "):
            assert syntax not in shown
        status = str(reading(app).status.render())
        assert "USChina trade relations and rare earth dependencies" in status
        await pilot.press("i")
        assert isinstance(app.screen, DetailsScreen)
        details = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "videoId" in details and "4tcd1EgQrhU" in details and "Markdown" in details


async def test_outline_jumps_to_a_heading_and_the_status_names_the_section(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_doc(pilot, MARKDOWN)
        await pilot.press("o")
        assert isinstance(app.screen, OutlineScreen)
        titles = [e.title for e in app.screen.shown]
        assert titles[:3] == [
            "Market Dynamics and Trade Negotiations",
            "Trump's Negotiation Strategy",
            "Communication Challenges",
        ]
        await pilot.press(*"containment", "enter")
        await settle(pilot)
        pane = reading(app).pane
        assert pane.text[pane.cursor :].startswith("Containment Strategy")
        assert "Containment Strategy" in screen_text(app)  # the last heading: the view stops at the end
        assert "Containment Strategy" in str(reading(app).status.render())


async def test_outline_of_a_feed_has_one_entry_per_post(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_doc(pilot, "001_df91be1286c1e71b.txt")
        await pilot.press("o")
        entries = app.screen.shown
        assert len(entries) == 15  # the profile, then 14 posts
        assert entries[1].title.startswith("China Morning Missive If rare earth minerals")
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert reading(app).pane.cursor == entries[2].start
        assert entries[2].title[:19] in str(reading(app).status.render())  # cut to fit the status line


async def test_f_follows_a_timestamp_link_to_its_second_of_the_video(seeds: Path, tmp_path: Path, monkeypatch) -> None:
    # A stand-in for the system's opener that writes down what it was given.
    opened = tmp_path / "opened.txt"
    opener = tmp_path / "opener"
    opener.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    opener.chmod(opener.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("READER_OPENER", str(opener))
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_doc(pilot, MARKDOWN)
        pane = reading(app).pane
        # Past the wiki links before it ("From: [[allin]]", "US-China trade relations").
        pane.move_cursor(pane.text.index("[02:27:00]") - len("rare earths "))
        await pilot.press("f")  # the first link from the cursor on: [02:27:00]
        assert pane.text[pane.cursor :].startswith("[02:27:00]")
        for _ in range(100):
            if opened.exists():
                break
            await pilot.pause(0.02)
        assert opened.read_text().split() == ["https://www.youtube.com/watch?v=4tcd1EgQrhU&t=147s"]
        # A click on a link opens it too.
        row = next(
            y for y, (start, end) in enumerate(pane.screen_rows()) if start <= pane.text.index("[06:06:00]") < end
        )
        column = pane.text.index("[06:06:00]") - pane.screen_rows()[row][0]
        await pilot.click(pane, offset=(pane.gutter.left + column + 2, row))
        for _ in range(100):
            if len(opened.read_text().split()) == 2:
                break
            await pilot.pause(0.02)
        assert opened.read_text().split()[1].endswith("&t=366s")


GUTENBERG = (
    "\n\n".join(
        [
            "CHAPTER I.",
            textwrap.fill(
                "It is a truth universally acknowledged, that a single man in possession of a good "
                "fortune, must be in want of a wife. However little known the feelings or views of "
                "such a man may be on his first entering a neighbourhood, this truth is so well fixed "
                "in the minds of the surrounding families, that he is considered the rightful property "
                "of some one or other of their daughters.",
                70,
            ),
            "    The verse stays as it was,\n    a line for every line,\n    however wide the window.",
            *[
                textwrap.fill(
                    f"Paragraph {n}: " + "the words go on and on, wrapped at seventy columns as the "
                    "volunteers of Project Gutenberg wrapped them, one line after another " * 3,
                    70,
                )
                for n in range(30)
            ],
        ]
    )
    + "\n"
)


async def test_hard_wrapped_text_reflows_to_the_window_and_r_shows_the_original_lines(tmp_path: Path) -> None:
    book = tmp_path / "book.txt"
    book.write_text(GUTENBERG, "utf-8")
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_text(app)
        first = GUTENBERG.split("\n\n")[1]
        # Reflowed: the paragraph's first row runs past its 70 columns.
        assert lines[0] == "CHAPTER I."
        assert len(lines[2]) > 75 and lines[2].startswith("It is a truth universally acknowledged")
        assert "\n" not in "".join(lines)
        verse = [line for line in lines if line.startswith("    ")]
        assert verse == ["    The verse stays as it was,", "    a line for every line,", "    however wide the window."]
        await pilot.press("r")
        lines = screen_text(app)
        assert lines[2] == first.split("\n")[0]  # the original line, as it was wrapped
        await pilot.press("r")
        assert len(screen_text(app)[2]) > 75


async def test_the_reading_position_is_restored_after_a_restart(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_doc(pilot, LONG)
        await pilot.press("space", "space", "j", "j")
        top, cursor = reading(app).pane.top, reading(app).pane.cursor
        assert top > 0
        await pilot.press("q")
    again = make_app(seeds)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reading(again).current.rel == LONG  # the document read last
        assert (reading(again).pane.top, reading(again).pane.cursor) == (top, cursor)
        # The sidebar says how far each document has been read.
        prompt = str(
            reading(again).sidebar.prompt(next(doc for doc in reading(again).sidebar.shown if doc.rel == LONG))
        )
        assert f"{int(reading(again).pane.fraction * 100)}% read" in prompt
        await pilot.press("g")  # elsewhere in another document, then back: restored there too
        await open_doc(pilot, MARKDOWN)
        await open_doc(pilot, LONG)
        assert reading(again).pane.top == 0


async def test_notes_made_on_the_markdown_as_written_stay_on_their_words(seeds: Path, state_home: Path) -> None:
    """004 was shown as written before Markdown was rendered: a note made then
    quotes its syntax, with offsets into the raw lines. Opening it now
    re-anchors the notes onto the rendered words and writes them back."""
    raw = decode((seeds / MARKDOWN).read_bytes()).text
    phrase = "will prevent trade from coming to a standstill and will pursue deals"
    tagged = 'deals <a class="yt-timestamp" data-t="06:06:00">[06:06:00]</a>. The market'
    store = Store(Library.of(seeds))
    aset = AnnotationSet(DocumentInfo(MARKDOWN, text_sha256(raw), len(raw), "utf-8"))
    for quote, kind in ((phrase, "yellow"), (tagged, "green")):
        start = raw.index(quote)
        aset.put(make_annotation(raw, start, start + len(quote), kind, note=f"on {kind}"))
    store.save(aset)
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_doc(pilot, MARKDOWN)
        await settle(pilot)
        pane = reading(app).pane
        text = pane.text
        drawn = sorted(text[s:e] for s, e, _ in pane.highlights.spans)
        assert drawn == ["deals [06:06:00]. The market", phrase]
        await pilot.press("space")  # read on: a position worth keeping
        top, cursor = pane.top, pane.cursor
        assert top > 0
    saved = tomllib.loads(store.path_for(MARKDOWN).read_text("utf-8"))
    assert saved["document"]["sha256"] == text_sha256(text)
    assert sorted(a["exact"] for a in saved["annotation"]) == ["deals [06:06:00]. The market", phrase]
    assert all(text[a["start"] : a["end"]] == a["exact"] for a in saved["annotation"])
    # The position went to the test's state folder (core/positions.py), keyed by the corpus.
    positions = json.loads((state_home / "reader" / "positions.json").read_text("utf-8"))
    entry = positions[str(seeds.resolve())]
    assert entry["last"] == MARKDOWN
    assert (entry["documents"][MARKDOWN]["top"], entry["documents"][MARKDOWN]["cursor"]) == (top, cursor)
