"""EPUB books and saved pages with the installed `reader` in tmux: a folder of the shared
books and a big plain-text book beside them, a book opened from the
sidebar, its outline and find."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import SHARED

EPUBS = SHARED / "corpora" / "epub"
QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


def test_open_a_book_from_the_sidebar_read_its_outline_and_find(terminal, tmp_path: Path) -> None:
    folder = tmp_path / "books"
    shutil.copytree(EPUBS, folder)
    shutil.copy(QUIJOTE, folder / "don-quijote-latin1.txt")
    term = terminal(str(folder))
    # The sidebar names each book by its title and author, with its words.
    term.wait_for("The Waste Land, by T.S. Eliot", "Accessible EPUB 3, by Matt Garrish", "words")
    term.keys("/", "waste land")
    term.wait_for(" waste land", "4,678 words")
    term.keys("Enter", "Enter")  # the filter, then the book
    # The book is shown as soon as the filter finds it (a preview), before
    # enter: the text's own keys in the footer say enter has given it the focus.
    term.wait_for("The Waste Land", "T.S. Eliot", "EPUB 3", "v Select")
    term.keys("o")
    term.wait_for("I. THE BURIAL OF THE DEAD", "V. WHAT THE THUNDER SAID")
    term.keys(*"game of chess")
    term.wait_for("II. A GAME OF CHESS")
    term.keys("Enter")
    term.wait_for("The Chair she sat in, like a burnished throne")
    term.keys("/", "C-t", "hyacinth girl")
    term.wait_for("/hyacinth girl", "exact ^t", "1/")
    term.keys("Enter")
    term.wait_for('"They called me the hyacinth girl."')
    term.quit()


PAGES = SHARED / "corpora" / "html"


def test_a_saved_page_is_read_for_its_article_beside_a_big_book(terminal, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(PAGES, folder, ignore=shutil.ignore_patterns("*.json"))
    shutil.copy(QUIJOTE, folder / "don-quijote-latin1.txt")
    term = terminal(str(folder))
    term.wait_for("Nadal keeps Spain alive", "Associated Press")  # pages named by their titles
    term.keys("/", "nadal keeps")
    term.wait_for(" nadal keeps")
    term.keys("Enter", "Enter")
    term.wait_for("MADRID", "Rafael Nadal kept Spain")  # the article, not the site's menus
    term.keys("i")
    term.wait_for("HTML, its article", "2019-11-19")
    term.keys("Escape")
    term.wait_until_gone("HTML, its article")
    term.quit()


def test_search_all_finds_a_verse_inside_a_book_in_a_library_over_16_mb(terminal, tmp_path: Path) -> None:
    """Eight copies of the Quijote (17 MB) beside the EPUBs: search all reads
    the books' reading text too, and opens the hit in the book, at its place."""
    folder = tmp_path / "library"
    shutil.copytree(EPUBS, folder)
    for n in range(8):
        shutil.copy(QUIJOTE, folder / f"quijote-{n}.txt")
    assert sum(f.stat().st_size for f in folder.iterdir()) > 16 << 20
    term = terminal(str(folder))
    term.wait_for("The Waste Land, by T.S. Eliot", "words")
    term.keys("s")
    term.wait_for("search all documents")
    term.keys("they called me the hyacinth girl")
    term.wait_for("The Waste Land", "hyacinth girl")
    term.keys("Enter", "Enter")  # to the results and, typed at once, open the hit
    term.wait_for('"They called me the hyacinth girl."', "▕ The Waste Land")
    term.quit()
