"""The library index with the installed `reader` in a real terminal: built
by `reader index` or by the app in the background, searched with a typo,
the hit opened; quitting mid-build leaves no indexer behind."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from reader.core.index.search_index import LibraryIndex, index_folder

from .conftest import READER
from .test_tmux_search import PASSAGE, PLANTED_IN, big_corpus, pane


def indexed(corpus: Path) -> int:
    """How many documents the index of `corpus` holds (0 if there is none)."""
    try:
        index = LibraryIndex(index_folder(corpus), corpus, writing=False)
    except ValueError:
        return 0
    try:
        return sum(row.indexed for row in index.rows().values())
    finally:
        index.close()


def indexers() -> list[str]:
    listing = subprocess.run(["ps", "-wweo", "args="], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if " index " in line and "--progress lines" in line]


def test_reader_index_then_search_with_a_typo_and_open_the_hit(terminal, tmp_path: Path) -> None:
    corpus = big_corpus(tmp_path)
    built = subprocess.run([str(READER), "index", str(corpus)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("indexed 40 documents (18.")
    assert indexed(corpus) == 40
    term = terminal(str(corpus))
    term.wait_for("Tomo 00", "words")
    term.keys("s")
    term.wait_for("search all documents")
    term.keys("lighthouse keepr valparaiso albatroses")  # typos: found anyway
    screen = term.wait_for("1 hit in 1 document", f"Tomo {PLANTED_IN}  1 hit")
    assert "documents read" not in screen  # answered by the index alone
    assert "lighthouse keeper of Valparaiso counted seventeen albatrosses" in screen
    term.keys("Enter")  # to the results
    term.wait_for("space Page down")
    term.keys("Enter")  # its one hit: opened at the match
    term.wait_for(PASSAGE, f"▕ Tomo {PLANTED_IN} ")  # its title begins the status line (the file name may not fit)
    term.quit()


def test_the_app_builds_the_index_in_the_background_and_search_finds_all_meanwhile(terminal, tmp_path: Path) -> None:
    corpus = big_corpus(tmp_path)
    term = terminal(str(corpus))
    term.wait_for("Tomo 00", "words")
    term.keys("s")
    term.wait_for("search all documents")
    term.keys("lighthouse keepr valparaiso")
    term.wait_for("1 hit in 1 document", f"Tomo {PLANTED_IN}  1 hit")  # while indexing, or after
    deadline = time.monotonic() + 120
    while indexed(corpus) < 40:
        assert time.monotonic() < deadline, "the index was never built"
        time.sleep(0.2)
    while indexers():  # its last commit and merge
        assert time.monotonic() < deadline
        time.sleep(0.2)
    term.keys(" albatroses")
    term.wait_for("lighthouse keepr valparaiso albatroses")
    # Now from the index: the line that says how many files were read goes
    # (it stays while the results of the query before are shown).
    term.wait_until_gone("documents read")
    term.wait_for("1 hit in 1 document", f"Tomo {PLANTED_IN}  1 hit")
    term.keys("Escape")
    term.wait_until_gone("esc Back to reading")
    term.quit()


def test_quitting_while_indexing_ends_the_indexer_and_the_next_start_resumes(terminal, tmp_path: Path) -> None:
    corpus = big_corpus(tmp_path)
    term = terminal(str(corpus))
    term._tmux("set-option", "-t", "e2e", "remain-on-exit", "on")
    term.wait_for("Tomo 00")  # the first document is shown: the indexer starts
    deadline = time.monotonic() + 20
    while not any(str(corpus) in line for line in indexers()):
        assert time.monotonic() < deadline, "no indexer was started"
        time.sleep(0.05)
    term.keys("q")
    deadline = time.monotonic() + 10
    while pane(term, "pane_dead") != "1" or any(str(corpus) in line for line in indexers()):
        assert time.monotonic() < deadline, f"left running: {indexers()}"
        time.sleep(0.05)
    assert "Traceback" not in term.screen()
    again = terminal(str(corpus))  # resumes (or restarts) the build, and finishes it
    again.wait_for("Tomo 00", "words")
    deadline = time.monotonic() + 120
    while indexed(corpus) < 40:
        assert time.monotonic() < deadline, "the index was never finished"
        time.sleep(0.2)
    again.quit()
