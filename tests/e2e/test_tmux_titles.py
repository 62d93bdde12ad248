"""Titles that say what a document is, in a real terminal: Gutenberg books by
their header's title and author, two editions of one book told apart."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import SHARED

SIDEBAR = 35  # columns: the sidebar's rows, left of its border
EDITIONS = ["Pride and Prejudice, by Jane Austen · 2015", "Pride and Prejudice, by Jane Austen · 2018"]


def sidebar(screen: str) -> str:
    """The sidebar's rows joined: its labels as they read, unwrapped."""
    return " ".join(" ".join(line[:SIDEBAR].split()) for line in screen.splitlines()[:-2])


def test_the_sidebar_names_the_books_and_tells_the_editions_apart(terminal, tmp_path: Path) -> None:
    library = tmp_path / "books"
    shutil.copytree(SHARED / "corpora" / "books", library)
    for edition in (SHARED / "corpora" / "editions").iterdir():
        shutil.copy(edition, library / edition.name)

    term = terminal(str(library))
    term.wait_for("· 2015", "· 2018", "words")
    listed = sidebar(term.wait_for("Don Quijote, by Miguel de"))
    assert all(label in listed for label in EDITIONS) and "Project Gutenberg" not in listed
    term.keys("Down")  # the status line says which file it is
    term.wait_for("Pride and Prejudice, by Jane Austen · 2015", "0%")
    term.quit()

    # Again, the titles from the library index built meanwhile.
    again = terminal(str(library))
    listed = sidebar(again.wait_for("· 2015", "· 2018", "Don Quijote, by Miguel de", "words"))
    assert all(label in listed for label in EDITIONS)
    again.quit()
