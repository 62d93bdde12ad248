"""Find in a document (`/`) with the installed `reader` in tmux: a real book,
and a document big enough to be searched block by block."""

from __future__ import annotations

import re
from pathlib import Path

from ..conftest import SHARED

QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


def test_exact_find_counts_the_phrase_across_line_breaks(terminal, tmp_path: Path) -> None:
    (tmp_path / "quijote.txt").write_bytes(QUIJOTE.read_bytes())
    term = terminal(str(tmp_path / "quijote.txt"))
    term.wait_for("El ingenioso hidalgo", "latin-1")
    term.keys("/", "C-t", "dulcinea del toboso")
    term.wait_for("/dulcinea del toboso", "exact ^t", "1/112")  # 94 on one line, 18 across two
    term.keys("Enter", "n")  # to the text at the first, then the next
    screen = term.wait_for("2/112")
    assert re.search(r"Dulcinea\s+del\s+Toboso", screen, re.IGNORECASE)
    term.keys("Escape")
    term.wait_until_gone("/dulcinea")
    term.quit()


def test_find_in_a_big_document_shows_a_first_match_while_it_searches(terminal, tmp_path: Path) -> None:
    book = QUIJOTE.read_bytes()
    (tmp_path / "big.txt").write_bytes(book * 8)  # 17 MB
    term = terminal(str(tmp_path / "big.txt"))
    term.wait_for("El ingenioso hidalgo", "latin-1")  # read whole ("reading…" before)
    term.keys("/", "dulcinea del tobosso")  # fuzzy, a typo
    term.wait_for("/dulcinea del tobosso", "1/")
    # Brought on screen: the pane moves in the frame after the counter's.
    term.wait_for_pattern(r"Dulcinea\s+del\s+Toboso")
    term.keys("C-t", "BSpace", "BSpace")
    term.wait_for("/dulcinea del tobos ", "exact ^t")
    term.keys("o")  # exact "dulcinea del toboso": every copy's 112
    term.wait_for("/dulcinea del toboso ", "exact ^t", f"1/{112 * 8}", timeout=60)
    term.wait_until_gone(f"1/{112 * 8}…")  # through: the counter is final
    term.keys("Escape")
    term.wait_until_gone("/dulcinea")
    term.quit()
