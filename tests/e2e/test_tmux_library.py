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
    for key in ("v", "e", "e", "1"):
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


def test_notes_of_the_old_layout_are_moved_and_shown(terminal, tmp_path: Path) -> None:
    # Before the library rule: lib/annotations/<path inside the corpus>.toml,
    # shared by every folder of lib/ holding a book.txt.
    from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation
    from reader.core.annotations.store import Store
    from reader.core.library.corpus import load, open_corpus
    from reader.core.text.reading import text_sha256

    lib = tmp_path / "lib"
    (lib / "books").mkdir(parents=True)
    shutil.copy(BOOK, lib / "books" / "book.txt")
    text = load(open_corpus(lib / "books").documents[0]).text
    quote = text[text.index("En un lugar de la Mancha") :][:60]
    aset = AnnotationSet(DocumentInfo("book.txt", text_sha256(text), len(text), "latin-1"))
    start = text.index(quote)
    aset.put(make_annotation(text, start, start + len(quote), "green", "the first line"))
    Store(lib / "annotations").save(aset)

    term = terminal(str(lib / "books"))
    term.wait_for("✎ 1")
    term.keys("t")
    term.wait_for("this document")
    term.keys("C-t")  # every document's notes, read from their files
    term.wait_for("En un lugar de la Mancha", "the first line")
    term.keys("Escape")
    term.wait_until_gone("the first line")
    term.quit()
    assert sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*.toml")) == ["annotations/books/book.txt.toml"]
