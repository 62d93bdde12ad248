"""The library rule in a real terminal: a book's notes made with the book
opened alone are found again when its library is opened, and never shown
for a document of the same name in another folder."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from ..conftest import SEEDS, SHARED

BOOK = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


def test_a_books_notes_follow_it_from_alone_to_its_library(terminal, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "books").mkdir(parents=True)
    (lib / "archive").mkdir()
    shutil.copy(BOOK, lib / "books" / "book.txt")  # 2 MB, Latin-1
    shutil.copy(SEEDS / "000_730c42d09e53c65d.txt", lib / "archive" / "book.txt")  # same name, other text

    term = terminal(str(lib / "books" / "book.txt"))  # alone: the pane has the focus
    term.wait_for("latin-1")
    for key in ("v", "w", "w", "1"):
        term.keys(key)
        time.sleep(0.15)
    term.quit()
    assert sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*.toml")) == ["books/annotations/book.txt.toml"]

    whole = terminal(str(lib))
    whole.wait_for("Peter Alexander", "words")
    # The book's one note is counted beside it; the other book.txt has none.
    whole.wait_for("✎ 1")
    screen = whole.screen()
    assert screen.count("✎") == 1
    whole.quit()
    assert sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*.toml")) == ["books/annotations/book.txt.toml"]
