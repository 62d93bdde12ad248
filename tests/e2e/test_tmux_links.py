"""Wiki links in a real terminal: `f` on a [[wiki link]] opens the
library's document it names, a note or a whole book."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..conftest import SHARED

BOOK = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"
BOOK_SHOWN = r"Don Quijote.*latin-1 · \d+%"  # the status line: its title (cut to fit), encoding, where


def shown(rel: str) -> str:
    """The status line of a note: its title, its path, (its section,) its encoding."""
    return rf"— {re.escape(rel)} .*utf-8"


def test_f_follows_wiki_links_from_note_to_note_to_the_book(terminal, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(BOOK, lib / "Don Quijote.txt")  # 2 MB, Latin-1
    (lib / "index.md").write_text("# Index\n\nMy [[Notes | notes on the book]], kept apart.\n")
    (lib / "notes.md").write_text("# Notes\n\nOn [[don_quijote | the book]], from the [[index]].\n")

    term = terminal(str(lib))
    term.wait_for_pattern(BOOK_SHOWN)  # the first document
    term.keys("Down")
    term.wait_for_pattern(shown("index.md"))
    term.keys("Enter")  # read it: the pane has the keys
    term.wait_for("v Select")
    term.keys("f")
    screen = term.wait_for_pattern(shown("notes.md"))
    assert "On the book, from the index." in screen  # the note, its links' labels
    term.keys("f")  # its first link: the book
    term.wait_for_pattern(BOOK_SHOWN)
    term.quit()
