"""Hostile file names, annotations and kinds in a real terminal: tmux, set to
take OSC 52 into its buffers as a terminal's clipboard, gets no title and no
clipboard write from them on any screen. The one clipboard write is the
export's own, and it holds the Markdown with the controls made visible.
Special files and hostile Markdown in a corpus leave the app answering."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import SHARED
from ..ui.test_hostile_strings import CLIP_NAME, KIND, hostile_app, toml_string

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config.toml names the hostile kind (tmux passes the environment on)."""
    folder = tmp_path / "config"
    (folder / "reader").mkdir(parents=True)
    (folder / "reader" / "config.toml").write_text(
        f'[[kind]]\nname = {toml_string(KIND)}\ncolor = "#f2d45c"\n', "utf-8"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def test_hostile_data_sets_no_title_and_no_clipboard(terminal, tmp_path: Path, config_home: Path) -> None:
    # The files, and the annotations where reader looks for them. No orphan:
    # its notice would cover the note line.
    corpus = hostile_app(tmp_path, orphan=False).corpus.root
    term = terminal(str(corpus), clipboard=True)

    def untouched() -> None:
        assert "PWNED" not in term.title()
        assert term.buffers() == []

    term.wait_for("␛]52;c;aGVsbG8=␇[bold]Hostile", CLIP_NAME.replace("\x1b", "␛").replace("\x07", "␇"), "words")
    untouched()
    term.keys("Enter")
    # The text shows as soon as the document is highlighted (a preview); the
    # footer's reading keys say the pane has the focus that `]` needs.
    term.wait_for("Some text before the passage with a note", "v Select")
    term.keys("]")  # onto the highlight: the note line shows its kind, note and tags
    term.wait_for("k␛]0;PWNED␇[bold]", "note ␛]0;PWNED␇ [bold]␀ line two ␛]52;c;aGVsbG8=␇", "#␛[2J #[red]")
    untouched()
    term.keys("t")
    term.wait_for("this document", "  note ␛]0;PWNED␇ [bold]␀", "  #␛[2J #[red] #t\ufffd␀")
    term.keys("C-t")
    term.wait_for("all documents", "other ␛[2J")
    untouched()
    term.keys("Escape")
    term.wait_until_gone("all documents")
    term.keys("c")
    term.wait_for("Edit note", "line two ␛]52;c;aGVsbG8=␇ \ufffd [/y]", "␛[2J [red] t\ufffd␀")
    untouched()
    term.keys("Escape")
    term.wait_until_gone("Edit note")
    term.keys("C-p")
    term.wait_for("clip␛]52;c;aGVsbG8=␇.txt")
    term.keys("wipe")
    term.wait_for("wipe␛[2J\ufffd[red].txt", "Open this document")
    untouched()
    term.keys("Escape")
    term.wait_until_gone("Open this document")

    term.keys("E")
    term.wait_for("This document")
    term.keys("Enter")
    term.wait_for("Notes exported")
    assert "PWNED" not in term.title()
    (exported,) = corpus.parent.rglob("exports/*.md")
    markdown = exported.read_text("utf-8")
    assert term.buffers() == [markdown]
    assert "note ␛]0;PWNED␇ [bold]␀" in markdown and not CONTROL.search(markdown)


def test_special_files_and_hostile_markdown_never_freeze_the_app(terminal, tmp_path: Path) -> None:
    # A real book beside a FIFO and links to /dev/zero and /dev/urandom named
    # like text, and a note nested 20 quotes deep under 100,000 front matter keys.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SHARED / "corpora" / "books" / "don-quijote-latin1.txt", corpus / "book.txt")
    os.mkfifo(corpus / "x.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "rand.txt").symlink_to("/dev/urandom")
    keys = "".join(f"key{n}: value {n}\n" for n in range(100_000))
    (corpus / "deep.md").write_text(
        f"---\ntitle: Deep note\n{keys}---\n{'>' * 20} The bottom of the quotes.\n\nAfter the quotes.\n", "utf-8"
    )
    term = terminal(str(corpus))
    screen = term.wait_for("384,264 words", "rand.txt", "x.txt", "zero.txt", "Deep note")
    assert screen.count("not a file (a device)") == 2 and "not a file (a FIFO)" in screen
    term.keys("Down", "Enter")  # the note: every word of it, and its details at once
    term.wait_for("The bottom of the quotes.", "After the quotes.")
    term.keys("i")
    term.wait_for("Front matter", "key0", "value 1")
    term.keys("Escape")
    term.wait_until_gone("Front matter")
    for special in ("rand.txt", "x.txt", "zero.txt"):
        term.keys("Tab", "Down", "Enter")
        term.wait_for(f"{special} is not a file")
    term.keys("s", "lugar de la mancha")  # still answering: search all goes past them
    term.wait_for("hits in 1 document")
    term.wait_until_gone("so far")
    term.keys("Escape")
    term.wait_until_gone("hits in 1 document")
    term.quit()
