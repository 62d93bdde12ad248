"""The sidebar at 20,000 documents: start, and the filter typed key by key.

Run by hand, not by the test suite:
    .venv/bin/python bench/sidebar.py --documents 20000 --runs 3
The figures before a change: copy this file into the older checkout's bench/
and run it there with that checkout's .venv (both parts measure the reader of
the checkout the script is in), with --shared naming ../shared/corpora's parent.

It writes `--documents` small documents of real prose (paragraphs of the books
in ../shared/corpora, shuffled; a first line as the title) into a temporary
folder, then, in a real terminal (a detached 120x40 tmux session on the
private socket `-L readerbench-sidebar`, its screen polled with capture-pane):
  - start: launching reader until the first document's text is on screen;
  - filter: once reader is idle (its word counts done), `/`, then the query
    one key at a time, each timed from sending it until the screen settles:
    the filter field shows the query so far and the list's top row is the
    title the filter puts first (computed here with the same DocumentFilter).
Then in-process (Textual's Pilot, headless, no terminal): the same keys,
each timed until the sidebar has filtered and the screen refreshed.
Medians and maxima of all keys of `--runs` runs; the report goes to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.core.library.corpus import open_corpus  # noqa: E402

READER = ROOT / ".venv" / "bin" / "reader"
BOOKS = [("books/don-quijote-latin1.txt", "latin-1"), ("editions/pride-and-prejudice-2015.txt", "ascii")]
SOCKET = "readerbench-sidebar"
WIDTH, HEIGHT = 120, 40
SIDEBAR = 34  # columns of the sidebar's rows
POLL = 0.005
TIMEOUT = 60.0
QUERY = "dulcinea del toboso"
TARGET = 0.050  # seconds a key (issue 12)
log = functools.partial(print, file=sys.stderr, flush=True)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


# -- the corpus ------------------------------------------------------------------


def paragraphs(corpora: Path) -> list[str]:
    found = []
    for name, encoding in BOOKS:
        text = (corpora / name).read_text(encoding).replace("\r\n", "\n")
        found += [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 8]
    return found


def make_corpus(folder: Path, count: int, corpora: Path, seed: int = 12) -> str:
    """`count` documents of 2-5 paragraphs in folders of 500; returns the
    first words of the first document's text (the start's marker)."""
    rng = random.Random(seed)
    pieces = paragraphs(corpora)
    marker = ""
    for n in range(count):
        body = rng.sample(pieces, rng.randint(2, 5))
        title = " ".join(rng.choice(pieces).split()[: rng.randint(3, 9)]).strip(" ,;:-")
        path = folder / f"{n // 500:03d}" / f"doc-{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(title + "\n\n" + "\n\n".join(body) + "\n", "utf-8")
        if n == 0:
            marker = " ".join(body[0].split()[:4])
    return marker


# -- in a terminal -------------------------------------------------------------------


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", "bench")


def wait_until(test, timeout: float = TIMEOUT) -> float:
    """Seconds until test(screen) holds."""
    t0 = time.perf_counter()
    while not test(screen()):
        if time.perf_counter() - t0 > timeout:
            raise SystemExit(f"gave up; the screen was:\n{screen()}")
        time.sleep(POLL)
    return time.perf_counter() - t0


def wait_idle(pid: int, quiet: float = 1.0) -> None:
    """Until the process has used no CPU for `quiet` seconds (word counts done)."""

    def ticks() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    last, since = ticks(), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.1)
        now = ticks()
        if now != last:
            last, since = now, time.monotonic()


def program_pid(pane: int) -> int:
    pid = pane
    while Path(f"/proc/{pid}/comm").read_text().strip() in {"sh", "env"}:
        pid = int(Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0])
    return pid


def sidebar_rows(text: str) -> list[str]:
    return [line[: SIDEBAR + 1].strip() for line in text.splitlines()]


# The measured installation's own filter (before issue 12 it was core.search's filter_documents).
TOPS = """
import json, sys
from pathlib import Path
from reader.core.library.corpus import describe, open_corpus
try:
    from reader.core.search.filtering import DocumentFilter
except ImportError:
    from reader.core.search.find import filter_documents
    DocumentFilter = lambda docs: lambda query: filter_documents(docs, query)
docs = open_corpus(Path(sys.argv[1])).documents
for doc in docs:
    describe(doc)
find = DocumentFilter(docs)
query = sys.argv[2]
firsts = [(find(query[:n]) or [None])[0] for n in range(1, len(query) + 1)]
print(json.dumps([first.title[:20] if first else "" for first in firsts]))
"""


def expected_tops(reader: Path, folder: Path, query: str) -> list[str]:
    """For each prefix of `query`: the start of the title the reader's filter lists first."""
    python = reader.with_name("python")
    return json.loads(
        subprocess.run([str(python), "-c", TOPS, str(folder), query], capture_output=True, text=True, check=True).stdout
    )


def terminal_run(reader: Path, folder: Path, marker: str, tops: list[str], state: Path) -> tuple[float, list[float]]:
    tmux("kill-server")
    env = [
        "env",
        "-u",
        "PYTHONDONTWRITEBYTECODE",
        f"XDG_STATE_HOME={state}",
        f"XDG_CACHE_HOME={state}",
        f"READER_CEILING_DIRECTORIES={folder.parent}",
    ]
    t0 = time.perf_counter()
    tmux(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "bench",
        "-x",
        str(WIDTH),
        "-y",
        str(HEIGHT),
        *env,
        str(reader),
        str(folder),
    )
    wait_until(lambda s: marker in s)
    start = time.perf_counter() - t0
    pid = program_pid(int(tmux("list-panes", "-t", "bench", "-F", "#{pane_pid}").split()[0]))
    wait_idle(pid)
    tmux("send-keys", "-t", "bench", "/")
    wait_until(lambda s: "filter documents" in s)
    keys = []
    for n, char in enumerate(QUERY, 1):
        typed, top = QUERY[:n], tops[n - 1]
        tmux("send-keys", "-t", "bench", "-l", char)

        def settled(text: str) -> bool:
            rows = sidebar_rows(text)
            return any(row.endswith(typed.rstrip()) for row in rows[:2]) and bool(top) and top in " ".join(rows[1:4])

        keys.append(wait_until(settled))
    tmux("kill-server")
    return start, keys


# -- in process ------------------------------------------------------------------------


async def pilot_run(folder: Path, state: Path) -> list[float]:
    """Each key's time until filtered and drawn, in process."""
    from reader.ui.app import ReaderApp

    os.environ.update(
        XDG_STATE_HOME=str(state), XDG_CACHE_HOME=str(state), READER_CEILING_DIRECTORIES=str(folder.parent)
    )  # never the user's folders
    app = ReaderApp(open_corpus(folder))
    times = []
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        while any(worker.is_running for worker in app.workers):
            await asyncio.sleep(0.1)
        await pilot.press("slash")
        await pilot.pause()
        for char in QUERY:
            t0 = time.perf_counter()
            await pilot.press("space" if char == " " else char)
            await pilot.pause()
            times.append(time.perf_counter() - t0)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the folder holding corpora/")
    parser.add_argument("--no-pilot", action="store_true", help="only the terminal figures")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reader-bench-sidebar-"))
    try:
        folder = work / "library"
        log(f"writing {args.documents:,} documents into {folder} ...")
        marker = make_corpus(folder, args.documents, args.shared / "corpora")
        tops = expected_tops(READER, folder, QUERY)
        starts, keys = [], []
        for run in range(args.runs):
            state = work / f"state-{run}"
            start, run_keys = terminal_run(READER, folder, marker, tops, state)
            log(
                f"run {run + 1}: start {ms(start)}, keys median {ms(statistics.median(run_keys))}, "
                f"max {ms(max(run_keys))}; each: {' '.join(f'{k * 1000:.0f}' for k in run_keys)}"
            )
            starts.append(start)
            keys += run_keys
        print(f"reader: {READER}")
        print(f"| {args.documents:,} documents | start to first text | filter, key to screen settled |")
        print("|---|---|---|")
        print(
            f"| tmux 120x40, {args.runs} runs, {len(QUERY)} keys each | median {ms(statistics.median(starts))} "
            f"| median {ms(statistics.median(keys))}, max {ms(max(keys))} (target {ms(TARGET)}) |"
        )
        if not args.no_pilot:
            times = [t for run in range(args.runs) for t in asyncio.run(pilot_run(folder, work / f"pilot-{run}"))]
            print(f"| Pilot, in process | | median {ms(statistics.median(times))}, max {ms(max(times))} |")
    finally:
        tmux("kill-server")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
