"""Reading as in less and vim, with the installed `reader` in tmux on a
real book: a count before `%`, find from the reader's place, esc back
where it began, and the jump list."""

from __future__ import annotations

import re
from pathlib import Path

from ..conftest import SHARED

QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


def text_rows(screen: str) -> list[str]:
    """The reading pane's rows (a single file: no sidebar; the scroll bar cut off)."""
    return [line[:-2].rstrip() for line in screen.splitlines()[:30]]


def test_find_starts_at_the_reader_s_place_and_ctrl_o_jumps_back(terminal, tmp_path: Path) -> None:
    (tmp_path / "quijote.txt").write_bytes(QUIJOTE.read_bytes())
    term = terminal(str(tmp_path / "quijote.txt"))
    term.wait_for("El ingenioso hidalgo", "latin-1")
    term.keys("8", "9", "%")
    screen = term.wait_for_pattern(r"(89|90)%")
    assert "Select a passage first" not in screen  # `8` and `9` were a count, not the highlight keys
    before = text_rows(screen)
    term.keys("/", "C-t", "dulcinea del toboso")
    screen = term.wait_for_pattern(r"exact \^t\s+(\d+)/112")
    current = int(re.search(r"(\d+)/112", screen).group(1))
    assert current > 90  # not match 1, at the start of the book: the first after the 89% mark
    assert re.search(r"Dulcinea\s+del\s+Toboso", screen, re.IGNORECASE)
    term.keys("Escape")  # no match chosen: back where find began
    term.wait_until_gone("/dulcinea")
    assert text_rows(term.screen()) == before
    term.keys("/", "Up")  # the query kept: recalled
    term.wait_for("/dulcinea del toboso")
    term.wait_for_pattern(rf"\b{current}/112")  # found again: the same match, the first after the place
    term.keys("Enter")  # chosen: the reader is at the match, the text focused
    term.wait_for("v Select")
    at_match = text_rows(term.screen())
    term.keys("g")
    term.wait_for("START OF THIS PROJECT GUTENBERG EBOOK")
    term.keys("C-o")  # back where `g` jumped from
    term._poll(lambda screen: text_rows(screen) == at_match, "the match's screen again", 20)
    term.keys("C-o")  # and where the find began
    term._poll(lambda screen: text_rows(screen) == before, "the screen where find began", 20)
    term.keys("C-n", "C-n")  # forward again, to the top
    term.wait_for("START OF THIS PROJECT GUTENBERG EBOOK")
    term.quit()


PRIDE = SHARED / "corpora" / "editions" / "pride-and-prejudice-2015.txt"


def test_a_half_remembered_sentence_is_found(terminal, tmp_path: Path) -> None:
    """Six words forgotten in the middle ("in possession of a good fortune")
    and the sentence is found all the same, as the current match."""
    (tmp_path / "pride.txt").write_bytes(PRIDE.read_bytes())
    term = terminal(str(tmp_path / "pride.txt"))
    term.wait_for("Pride and Prejudice", "Chapter 1")
    term.keys("/", "truth universally acknowledged that a single man must be in want of a wife")
    term.wait_for_pattern(r"fuzzy \^t\s+1/1\b")
    words = "single man in possession of a good fortune, must be in want of a wife".split()
    term.wait_for_pattern(r"[\s│┃]+".join(map(re.escape, words)))  # on screen, across its rows
    term.keys("Escape")
    term.wait_until_gone("/truth universally")
    term.quit()


def test_a_count_and_marks_typed_in_one_burst(terminal, tmp_path: Path) -> None:
    """Keys typed at full speed: each acts in its turn, the count on its `%`,
    the letter on its `m` and `'` (not `a`: a note; not `g`: the top)."""
    (tmp_path / "quijote.txt").write_bytes(QUIJOTE.read_bytes())
    term = terminal(str(tmp_path / "quijote.txt"))
    term.wait_for("El ingenioso hidalgo", "latin-1")
    term.keys("5", "0", "%", "m", "a", "g", "'", "a", "j")
    screen = term.wait_for_pattern(r"L 18,\d+ · (latin-1 · )?50%")  # at the mark, a row on
    assert "Select a passage first" not in screen and "New note" not in screen
    term.quit()
