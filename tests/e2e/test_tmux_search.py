"""Searching all documents (`s`) of a corpus big enough for worker processes,
with the installed `reader` in a real terminal (where Textual holds sys.stderr)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path

from ..conftest import SHARED

BOOK = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"
PASSAGE = "The lighthouse keeper of Valparaiso counted seventeen albatrosses at dawn."
PLANTED_IN = 27
PROCESSES = 1 + (os.cpu_count() or 1)  # the app's workers, one per core, and the resource tracker


def big_corpus(tmp_path: Path) -> Path:
    """40 documents of 450,000 characters of Don Quijote, each from another
    place in the book (18 MB of UTF-8: over the 16 MB from which workers
    search), PASSAGE in the middle of one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    book = BOOK.read_bytes().decode("latin-1").replace("\r\n", "\n")
    twice = book + book
    for n in range(40):
        start = n * 52_711 % len(book)
        body = twice[start : start + 450_000]
        if n == PLANTED_IN:
            middle = body.index("\n\n", len(body) // 2) + 2
            body = body[:middle] + PASSAGE + "\n\n" + body[middle:]
        (corpus / f"tomo-{n:02}.txt").write_text(f"Tomo {n:02}\n\n{body}", encoding="utf-8")
    assert sum(path.stat().st_size for path in corpus.iterdir()) > 16 << 20
    return corpus


def start(terminal, corpus: Path):
    """The app on `corpus` without the library index (these tests are about
    the worker processes that read files the index does not hold), its pane
    kept after it exits (to read what it left on screen)."""
    term = terminal("--no-index", str(corpus))
    term._tmux("set-option", "-t", "e2e", "remain-on-exit", "on")
    term.wait_for("Tomo 00", "words")
    return term


def pane(term, field: str) -> str:
    return term._tmux("display-message", "-p", "-t", "e2e", f"#{{{field}}}").stdout.strip()


def workers(pid: int) -> dict[int, str]:
    """The multiprocessing children of `pid` (its workers and resource
    tracker): pid -> command line."""
    listing = subprocess.run(["ps", "-wweo", "pid=,ppid=,args="], capture_output=True, text=True, check=True).stdout
    children = {}
    for line in listing.splitlines():
        child, parent, args = line.split(maxsplit=2)
        if int(parent) == pid and "multiprocessing" in args:
            children[int(child)] = args
    return children


def alive(pids: dict[int, str]) -> list[int]:
    """Those of `pids` still running the same command (not a reused pid)."""
    listing = subprocess.run(
        ["ps", "-wwo", "pid=,stat=,args=", "-p", ",".join(map(str, pids))], capture_output=True, text=True
    ).stdout
    running = []
    for line in listing.splitlines():
        pid, stat, args = line.split(maxsplit=2)
        if not stat.startswith("Z") and args == pids[int(pid)]:
            running.append(int(pid))
    return running


def own_command(pid: int) -> str:
    return subprocess.run(
        ["ps", "-wwo", "args=", "-p", str(pid)], capture_output=True, text=True, check=True
    ).stdout.strip()


def wait_for_workers(pid: int, count: int) -> dict[int, str]:
    deadline = time.monotonic() + 20
    while len(found := workers(pid)) < count:
        assert time.monotonic() < deadline, f"the worker processes never started: {found}"
        time.sleep(0.05)
    return found


def quit_cleanly(term, pids: dict[int, str], key: str = "q", within: float = 10) -> None:
    """Quit with `key`: within `within` seconds the app has ended, leaving no
    traceback or error on screen, and none of `pids` (its worker processes)
    outlives it. (Its exit status is not read: tmux does not always reap it.)"""
    app = int(pane(term, "pane_pid"))
    pids = {**pids, app: own_command(app)}
    term.keys(key)
    deadline = time.monotonic() + within
    while pane(term, "pane_dead") != "1" or alive(pids):
        assert time.monotonic() < deadline, f"still running: {alive(pids)}\n{term.screen()}"
        time.sleep(0.05)
    screen = term.screen()
    assert "Traceback" not in screen and "error" not in screen.lower(), screen


def test_search_a_big_corpus_open_the_hit_and_quit(terminal, tmp_path: Path) -> None:
    term = start(terminal, big_corpus(tmp_path))
    app = int(pane(term, "pane_pid"))
    term.keys("s")
    term.wait_for("search all documents")
    term.keys("lighthouse keepr valparaiso albatroses")  # typos: fuzzy finds it anyway
    screen = term.wait_for("1 hit in 1 document  ·  40/40 documents read", f"Tomo {PLANTED_IN}")
    assert "lighthouse keeper of Valparaiso" in screen
    pids = wait_for_workers(app, PROCESSES)
    term.keys("Enter")  # to the results, where the app's keys are shown again
    term.wait_for("space Page down")
    term.keys("Enter")  # open the hit
    screen = term.wait_for(
        PASSAGE, f"▕ Tomo {PLANTED_IN} "
    )  # its title begins the status line (the file name may not fit)
    assert "search all documents" not in screen
    quit_cleanly(term, pids)


def test_workers_that_die_are_one_line_and_the_next_search_starts_new_ones(terminal, tmp_path: Path) -> None:
    term = start(terminal, big_corpus(tmp_path))
    app = int(pane(term, "pane_pid"))
    term.keys("s")
    term.wait_for("search all documents")
    term.keys("lighthouse keepr valparaiso")
    term.wait_for("1 hit in 1 document  ·  40/40 documents read")
    first = wait_for_workers(app, PROCESSES)
    killed = {pid: args for pid, args in first.items() if "spawn_main" in args}
    for pid in killed:  # as the OOM killer would
        with suppress(ProcessLookupError):  # the app may have ended it, on seeing the first one die
            os.kill(pid, signal.SIGKILL)
    while alive(killed):
        time.sleep(0.05)
    term.keys(" ")
    screen = term.wait_for("search stopped: a worker process ended unexpectedly")
    assert "Traceback" not in screen and f"Tomo {PLANTED_IN}" not in screen
    term.keys("albatroses")  # searching again starts new workers
    term.wait_for("1 hit in 1 document  ·  40/40 documents read", f"Tomo {PLANTED_IN}")
    pids = workers(app)
    assert set(pids) - set(first)
    term.keys("Escape")
    term.wait_until_gone("esc Back to reading")
    quit_cleanly(term, pids)


def test_quitting_during_a_search_ends_its_workers_at_once(terminal, tmp_path: Path) -> None:
    term = start(terminal, big_corpus(tmp_path))
    app = int(pane(term, "pane_pid"))
    term.keys("s")
    term.wait_for("search all documents")
    term.keys("C-t", "C-t")
    term.wait_for("regex ^t")
    pids = wait_for_workers(app, PROCESSES)
    # Backtracks for seconds in each document, and never finds anything: a
    # worker runs it without a look at whether the search is still wanted.
    term.keys(r"(\w*)*\w@")
    screen = term.wait_for(r"(\w*)*\w@")
    assert "40/40 documents read" not in screen and "no match" not in screen  # still searching
    quit_cleanly(term, pids, key="C-q", within=5)


def test_quitting_while_the_word_counts_are_read_ends_at_once(terminal, tmp_path: Path) -> None:
    """The sidebar's word counts read every file, in a thread the app's exit
    waits for: 1,000 books of 450,000 characters (450 MB: seconds of
    reading) must not keep `q` waiting."""
    corpus = big_corpus(tmp_path)
    book = corpus / "tomo-00.txt"
    for n in range(40, 1000):
        os.link(book, corpus / f"tomo-{n:03}.txt")
    term = start(terminal, corpus)
    quit_cleanly(term, {}, within=5)
