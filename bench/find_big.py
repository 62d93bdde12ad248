"""Find in a big document, in the real app: time to the first match, peak memory.

Run by hand, not by the test suite: `.venv/bin/python bench/find_big.py --size 500`.
Writes a document of `--size` MiB (2**20 bytes) of the paragraphs of the shared
books (../shared/corpora: Don Quijote and the 2015 Pride and Prejudice, whose
characters all fit one byte in a Python str), shuffled, in a temporary folder;
then for each query starts the installed `reader` on it in a detached 120x40
tmux session (its state, config and cache folders temporary too), waits until
the whole document is read ("reading…" gone from the status line), presses `/`
(and ctrl+t for exact)
and types the query in one go, and polls the screen (~every 10 ms) until the
find counter shows a first match ("1/…") and until it is final. Peak memory is
the reader process's VmHWM, read once loading is done and again after the find.
The same queries in the Quijote alone are the peer: what typing the keys costs
whatever the document's size. Progress goes to stderr, the markdown to stdout.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.core.text.decoding import decode  # noqa: E402

READER = ROOT / ".venv" / "bin" / "reader"
CORPORA = ROOT.parent / "shared" / "corpora"
BOOKS = [CORPORA / "books" / "don-quijote-latin1.txt", CORPORA / "editions" / "pride-and-prejudice-2015.txt"]
MIB = 1 << 20
SOCKET = "reader-find-big"
WIDTH, HEIGHT = 120, 40
POLL = 0.01
TIMEOUT = 300.0
FIRST_TARGET = 1.0  # seconds from the last key typed to the first match on screen
MEMORY_FACTOR = 2  # peak RSS at most this many times the file
# (mode, query): a phrase across line breaks, a misspelled one, a rare one.
QUERIES = [
    ("exact", "dulcinea del toboso"),
    ("fuzzy", "dulcinea del tobosso"),
    ("fuzzy", "elizabeth bennet"),
    ("exact", "quarrelsome"),
]
COUNTER = re.compile(r"(\d+)/(\d+)([+…]?)\s*$|no match\s*$")
log = functools.partial(print, file=sys.stderr, flush=True)


def tmux(*args: str, check: bool = True) -> str:
    # A server per run (the session's name is the socket's): one whose last
    # session just ended may still be shutting down when the next starts.
    session = args[args.index("-t") + 1] if "-t" in args else args[args.index("-s") + 1]
    return subprocess.run(
        ["tmux", "-L", f"{SOCKET}-{session}", *args], capture_output=True, text=True, check=check
    ).stdout


def write_document(path: Path, size: int, rng: random.Random) -> None:
    paragraphs = [p for book in BOOKS for p in decode(book.read_bytes()).text.split("\n\n") if p.strip()]
    written = 0
    with path.open("w", encoding="utf-8") as f:
        while written < size:
            rng.shuffle(paragraphs)
            for p in paragraphs:
                f.write(p + "\n\n")
                written += len(p.encode("utf-8")) + 2
                if written >= size:
                    break


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session, check=False)


def find_line(session: str, query: str) -> str | None:
    """The find bar's row, once it shows the whole query."""
    return next((line for line in screen(session).split("\n") if f"/{query} " in line), None)


def wait(condition, t0: float, pid: int, what: str) -> float | None:
    """Seconds from t0 until condition() holds; None after TIMEOUT or if the program died."""
    while not condition():
        if time.perf_counter() - t0 > TIMEOUT or not Path(f"/proc/{pid}").exists():
            log(f"  gave up waiting for {what}")
            return None
        time.sleep(POLL)
    return time.perf_counter() - t0


def peak_rss(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024  # given in kB


def run(path: Path, folder: Path, mode: str, query: str, n: int) -> dict:
    session = f"find{n}"
    env = [f"XDG_{name}_HOME={folder / name.lower()}" for name in ("STATE", "CONFIG", "CACHE", "DATA")]
    argv = [
        "env",
        "-u",
        "PYTHONDONTWRITEBYTECODE",
        *env,
        f"READER_CEILING_DIRECTORIES={folder}",
        str(READER),
        str(path),
    ]
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), *argv)
    result: dict = {"mode": mode, "query": query}
    try:
        pane = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
        time.sleep(0.2)
        pid = (
            int(Path(f"/proc/{pane}/task/{pane}/children").read_text().split()[0])
            if Path(f"/proc/{pane}/comm").read_text().strip() == "env"
            else pane
        )
        loaded = lambda: "reading…" not in (s := screen(session)) and "utf-8" in s  # noqa: E731
        result["loaded"] = wait(loaded, t0, pid, "the whole document")
        result["rss_loaded"] = peak_rss(pid)
        keys = ["/"] if mode == "fuzzy" else ["/", "C-t"]
        tmux("send-keys", "-t", session, *keys)
        tmux("send-keys", "-t", session, "-l", query)
        t1 = time.perf_counter()
        shown = lambda: (line := find_line(session, query)) is not None and COUNTER.search(line)  # noqa: E731
        result["first"] = wait(shown, t1, pid, "a first match")

        def final() -> bool:
            line = find_line(session, query)
            found = line is not None and COUNTER.search(line)
            return bool(found) and "…" not in found.group(0)

        result["all"] = wait(final, t1, pid, "every match")
        line = find_line(session, query) or ""
        result["counter"] = m.group(0).strip() if (m := COUNTER.search(line)) else "?"
        result["rss"] = peak_rss(pid)
        tmux("send-keys", "-t", session, "Escape", "q", check=False)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        tmux("kill-session", "-t", session, check=False)
    return result


def secs(value: float | None) -> str:
    return "timeout" if value is None else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=500, help="MiB of the document")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reader-find-big-") as name:
        folder = Path(name)
        path = folder / "big.txt"
        log(f"writing {args.size:.0f} MiB to {path}")
        write_document(path, int(args.size * MIB), random.Random(20261201))
        size = path.stat().st_size
        # The peer: the same keys in the Quijote alone (2 MB, found at once),
        # for what typing costs whatever the document's size.
        peer = folder / "quijote.txt"
        peer.write_text(decode(BOOKS[0].read_bytes()).text, "utf-8")
        rows = []
        for n, (document, (mode, query)) in enumerate([(path, q) for q in QUERIES] + [(peer, q) for q in QUERIES]):
            log(f"{document.name}: {mode} {query!r}")
            r = run(document, folder, mode, query, n)
            log(f"  {r}")
            big = document == path
            first_ok = r["first"] is not None and r["first"] <= FIRST_TARGET
            memory_ok = r["rss"] <= MEMORY_FACTOR * document.stat().st_size
            rows.append(
                f"| {'' if big else 'peer, Quijote 2 MB: '}{mode} `{r['query']}` "
                f"| {secs(r['first'])}{(' PASS' if first_ok else ' FAIL') if big else ''} "
                f"| {secs(r['all'])} ({r['counter']}) | {r['rss'] / MIB:,.0f} MiB"
                f"{(' PASS' if memory_ok else ' FAIL') if big else ''} | {r['rss_loaded'] / MIB:,.0f} MiB "
                f"| {secs(r['loaded'])} |"
            )
    print(f"Command: `.venv/bin/python bench/find_big.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`  ")
    print(f"Date: {date.today()}  ")
    print(
        f"Machine: {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}, "
        f"{subprocess.run(['tmux', '-V'], capture_output=True, text=True).stdout.strip()}  "
    )
    print(f"Document: {size / MIB:,.0f} MiB\n")
    print(
        "| find | keys typed → first match on screen | → final counter | peak RSS | "
        "peak RSS once opened (before find) | opening to fully read |"
    )
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(
        f"\nTargets: first match ≤ {FIRST_TARGET:.0f} s; peak RSS ≤ {MEMORY_FACTOR}× the file "
        f"({MEMORY_FACTOR * size / MIB:,.0f} MiB)."
    )


if __name__ == "__main__":
    main()
