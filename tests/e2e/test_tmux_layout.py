"""The reading width and the sidebar in a real 220-column terminal."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..conftest import SHARED

QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"
SIDEBAR = 36  # its width with its border


def prose_rows(screen: str) -> list[str]:
    """The rows of the reading pane that hold text (the status line and footer left out)."""
    rows = screen.splitlines()[:-2]
    return [row for row in rows if re.search(r"\w{3,}", row)]


def text_span(row: str, left: int) -> tuple[int, int]:
    """(first, last + 1) column of the text right of `left`, the scroll bar left out."""
    inside = row[left:].rstrip().rstrip("┃│").rstrip()
    return left + len(inside) - len(inside.lstrip()), left + len(inside)


def test_a_book_at_220_columns_is_a_centred_column_and_backslash_hides_the_sidebar(terminal, tmp_path: Path) -> None:
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(QUIJOTE, books / "quijote.txt")
    shutil.copy(QUIJOTE, books / "quijote-2.txt")
    term = terminal(str(books), size=(220, 40))
    term.wait_for("words")
    term.keys("Enter")
    term.keys("o")
    term.wait_for("Capítulo primero")
    term.keys("primero", "Enter")
    screen = term.wait_for_pattern(r"Capítulo primero.* L [\d,]+ · .*%")
    assert "min left" in screen

    def columns(screen: str, left: int) -> list[tuple[int, int]]:
        spans = [span for span in (text_span(row, left) for row in prose_rows(screen)) if span[1] > span[0]]
        assert len(spans) > 20
        return spans

    # With the sidebar: the text in 80 columns, centred in the 184 columns right of it.
    spans = columns(screen, SIDEBAR)
    first = min(start for start, _ in spans)
    assert max(end - start for start, end in spans) <= 80
    assert max(end for _, end in spans) - first > 70  # reflowed to the measure
    pane_left, pane_right = SIDEBAR + 1, 220 - 1  # inside the pane's padding
    assert abs((first - pane_left) - (pane_right - (first + 80))) <= 2

    term.keys("\\")
    term.wait_until_gone("384,264 words")  # the sidebar's counts
    screen = term.screen()
    spans = columns(screen, 0)
    first = min(start for start, _ in spans)
    assert max(end - start for start, end in spans) <= 80
    assert abs(first - (220 - (first + 80))) <= 3  # centred in the whole width
    term.quit()
