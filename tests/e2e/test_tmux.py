"""The installed `reader` in a real terminal: tmux runs it, we type and read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from ..conftest import SHARED
from .conftest import READER


def test_read_a_seed_to_the_end_and_quit(terminal, seeds: Path) -> None:
    term = terminal(str(seeds))
    term.wait_for("China Morning Missive", "Pressure ... Pain ... Ouch!", "words")
    term.keys("Enter", "G")
    term.wait_for("The deliverable is Taiwan.", "100%")
    term.keys("g")
    term.wait_for("China Morning Missive", "Peter Alexander")
    term.keys("?")
    term.wait_for("Keys", "Page down")
    term.keys("Escape")  # alone: ESC followed at once by q would read as alt+q
    term.wait_until_gone("Keys  (esc closes")
    term.quit()


def test_a_document_cannot_drive_the_terminal(terminal, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_bytes(
        b"first line\n\x1b]0;pwned-title\x07 title\n\x1b[2J cleared?\n"
        b"\x1b]52;c;aGVsbG8=\x07 clipboard\n[bold]not bold[/bold]\nlast line\n"
    )
    term = terminal(str(evil))
    screen = term.wait_for("first line", "last line")
    assert "␛]0;pwned-title␇ title" in screen
    assert "␛[2J cleared?" in screen
    assert "␛]52;c;aGVsbG8=␇ clipboard" in screen
    assert "[bold]not bold[/bold]" in screen
    assert "pwned" not in term.title()


def test_a_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run([str(READER), str(tmp_path / "nope")], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"reader: no such file or folder: {tmp_path / 'nope'}"]


def test_find_and_search_typed_at_full_speed(terminal, seeds: Path) -> None:
    # Each query goes in the same burst as the key that opens its input, as
    # when typing fast or pasting: no character may be lost on the way.
    term = terminal(str(seeds))
    term.wait_for("China Morning Missive", "words")
    term.keys("Tab")
    term.wait_for("v Select")  # the reading pane has the focus
    term.keys("/", "rare erth exprt controls")
    screen = term.wait_for("/rare erth exprt controls", "1/")
    assert "no match" not in screen
    term.keys("Escape")
    term.wait_until_gone("/rare erth")
    term.keys("s", "negotiaters in bejing")
    term.wait_for("negotiaters in bejing", "Pressure ... Pain ... Ouch!  2 hits", "2 hits in 1 document")
    term.keys("Down")
    time.sleep(0.3)
    term.keys("Enter")  # the document: its two hits are listed
    term.wait_for("esc: all documents")
    term.keys("Enter")
    term.wait_for("002_49671702ffe5f58f.txt", "/negotiaters in bejing", "1/2")


def test_a_highlight_and_its_note_survive_a_restart(terminal, seeds: Path) -> None:
    term = terminal(str(seeds))
    term.wait_for("China Morning Missive", "words")
    for key in ("Down", "Down", "Enter"):  # the third document, as a user picks it
        term.keys(key)
        time.sleep(0.3)
    term.wait_for("Pressure ... Pain ... Ouch! — 002_49671702ffe5f58f.txt")
    for key in ("j", "v", "e", "e", "e", "a"):
        term.keys(key)
        time.sleep(0.15)
    term.wait_for("New note", "ctrl+s")
    term.keys("Who blinks first?")
    term.keys("C-s")
    term.wait_until_gone("New note")
    term.wait_for("Who blinks first?")  # the note line under the pane: the cursor is in the highlight
    term.quit()
    saved = (seeds.parent / "annotations" / "seeds" / "002_49671702ffe5f58f.txt.toml").read_text("utf-8")
    assert 'exact = "Now that negotiators"' in saved and "Who blinks first?" in saved

    again = terminal(str(seeds))
    # The document read last opens again; the sidebar counts its note.
    again.wait_for("Pressure ... Pain ... Ouch! — 002_49671702ffe5f58f.txt", "✎ 1")
    for key in ("Enter", "g", "]"):
        again.keys(key)
        time.sleep(0.2)
    again.wait_for("Who blinks first?")


def test_markdown_outline_and_the_place_kept_for_next_time(terminal, seeds: Path) -> None:
    term = terminal(str(seeds))
    term.wait_for("China Morning Missive", "words")
    term.keys("End", "Enter")  # 004: Markdown with front matter
    screen = term.wait_for("From: allin", "Market Dynamics and Trade Negotiations")
    assert "[[" not in screen and "<a class" not in screen and "videoId" not in screen
    term.keys("o")
    term.wait_for("Outline — USChina trade relations")
    term.keys("containment")
    term.wait_for("Containment Strategy")
    term.keys("Enter")
    term.wait_for("The US approach to China-Taiwan relations", "Containment Strategy ·")
    term.quit()
    again = terminal(str(seeds))  # the same document, at the same place
    again.wait_for("The US approach to China-Taiwan relations", "Containment Strategy ·")


def test_a_fifo_in_the_corpus_is_listed_and_never_freezes(terminal, tmp_path: Path) -> None:
    shutil.copy(SHARED / "corpora" / "books" / "don-quijote-latin1.txt", tmp_path / "book.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    term = terminal(str(tmp_path))
    term.wait_for("not a file (a FIFO)", "384,264 words")  # word counts went past it
    term.keys("Down", "Enter")
    term.wait_for("is not a file (a FIFO): reader never opens one.")
    term.keys("s", "lugar de la mancha")
    term.wait_for("hits in 1 document")
    term.wait_until_gone("so far")  # the search went past it too
    term.keys("Escape")
    term.wait_until_gone("hits in 1 document")
    term.quit()
