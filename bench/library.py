"""The library benchmarks of issue 12: start with many documents, search all
of them (`s`), build the index; measured in the real app in a terminal.

Run by hand: `.venv/bin/python bench/library.py` (1,000 documents / 100 MB
and the 20,000-document start), `--sizes 1000:100,10000:1000` for 1 GB too.
Progress and the screen lines matched go to stderr, the markdown table to stdout.

Corpora come from bench/library_corpus.py (real prose, planted sentences),
in a temporary folder unless `--keep DIR` (made there once, reused after).
reader runs in a detached 120x40 tmux session on a private socket, its screen
read with `capture-pane` every ~10 ms, with XDG_CACHE_HOME, XDG_STATE_HOME and
XDG_CONFIG_HOME in a temporary folder (one per corpus, so an index built by
`reader index` or by a first launch is found by the next launches).

- *start*: from launching `reader CORPUS` to the first words of the first
  document's text on screen; a first launch unmeasured, then `--start-runs`.
- *search all*: `s`, then each query sent in one `send-keys` (as a paste or a
  fast typist would), from sending it to the first hit row on screen and to
  the status line saying the search is done (search_done()); then typed key
  by key (`--key-interval` apart), from the last key. Medians of `--runs`;
  the input is emptied between runs (ctrl+a ctrl+k).
- *peers*, same files and queries: `rg -c -i -F` (exact) and `ugrep -r -Z2 -c
  -i -F` (fuzzy: up to 2 edits), wall time, median of `--runs`.
- *index*: `reader index CORPUS` (when the command exists), its time, what it
  printed and the size of the cache folder; then again after one document
  changed.

A screen state counts only when the next capture, at least CONFIRM later,
still shows it: a frame drawn between the input taking a key and the list
being emptied for it (the previous query's hits under the new query) lasts
one refresh, and must not pass for the new query's answer.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from library_corpus import MB, PLANTED, Library, generate, read_manifest  # noqa: E402

READER = ROOT / ".venv" / "bin" / "reader"
WIDTH, HEIGHT = 120, 40
POLL = 0.005  # seconds between captures (a capture itself takes ~5 ms)
CONFIRM = 0.025  # a state must still be on screen this much later (over one 60 Hz frame)
SETTLE = 2.0  # seconds after `s` before the first query: the app starts its search workers then

# What the app shows, in one place for when the screens change.
SEARCH_OPENED = "search all documents"  # the search input's placeholder
MODE_LABEL = "{} ^t"  # beside the search input: the mode, and the key that cycles it
MODES = ["fuzzy", "exact", "regex"]  # the order ctrl+t cycles through
HIT_ROW = re.compile(r"^\W{0,3}Volume \d{5}\b")  # a hit (or a document's group) starts with its title
# Before the index: "12 hits in 1000/1000 documents", " …" at the end while searching.
# With it: "514 hits in 3 documents" ("at least" when capped), " so far …" while searching,
# and "  ·  180/1000 documents read" while files the index does not hold are read.
STATUS = re.compile(
    r"(?:\b(?P<hits>[\d,]+) hits?\b.*?\bin (?:(?P<done>[\d,]+)/)?(?P<all>[\d,]+) documents?"
    r"|\bno match(?:es)?\b)(?P<rest>.*)$"
)
READ = re.compile(r"(?P<read>[\d,]+)/(?P<of>[\d,]+) documents read")


def search_done(line: str) -> bool:
    """Whether a screen line is the status of a search that has finished."""
    found = STATUS.search(line.rstrip())
    if not found:
        return False
    if found["done"] is not None and found["done"] != found["all"]:
        return False  # "7 hits in 180/1000 documents"
    rest = found["rest"].rstrip()
    if "so far" in line or rest.endswith("…"):
        return False  # still searching
    read = READ.search(line)
    return read is None or read["read"] == read["of"]


@dataclass
class Query:
    label: str
    mode: str
    text: str


PASSAGE = " ".join(PLANTED[0].split()[1:8])  # "lighthouse keeper counted eleven herons at dawn"
QUERIES = [
    Query("planted sentence (1 document)", "fuzzy", PASSAGE),
    Query("planted sentence, 2 typos", "fuzzy", "lighthouse keepr countd eleven herons at dawn"),
    Query("common phrase", "fuzzy", "dijo don Quijote"),
    Query("exact phrase", "exact", "Dulcinea del Toboso"),
]


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


QUIET_LIMIT = 5.0  # seconds waited at most for the machine to be quiet before a measurement
BUSY: list[float] = []  # how busy the machine was, for each measurement started before it was quiet
QUIET_RUNS: list[None] = []  # one for each measurement started on a quiet machine


def wait_quiet(limit: float = QUIET_LIMIT) -> None:
    """Wait (up to `limit`) for other work to stop: the cores are few, the timings small."""

    def cpu() -> list[int]:  # jiffies spent in each state, all cores together
        return [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]

    deadline = time.monotonic() + limit
    busy = 1.0
    while time.monotonic() < deadline:
        before = cpu()
        time.sleep(0.5)
        delta = [b - a for a, b in zip(before, cpu())]
        busy = 1 - (delta[3] + delta[4]) / max(1, sum(delta))  # all but idle and iowait
        if busy < 0.15:
            QUIET_RUNS.append(None)
            return
    BUSY.append(busy)
    log(f"  the machine stayed {busy:.0%} busy; measuring anyway")


# -- the terminal -----------------------------------------------------------------


class Terminal:
    """A 120x40 tmux session on a private server, running one command
    (the approach of tests/e2e/conftest.py)."""

    def __init__(self, command: list[str]) -> None:
        self.socket = f"reader-bench-{uuid.uuid4().hex[:8]}"
        shell = "stty cols 120 rows 40; exec " + " ".join(_quote(part) for part in command)
        self._tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-s",
            "bench",
            shell,
            ";",
            "set-option",
            "-g",
            "default-size",
            f"{WIDTH}x{HEIGHT}",
        )

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "bench").stdout

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "bench", *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "bench", "-l", "--", text)

    def running(self) -> bool:
        return self._tmux("has-session", "-t", "bench").returncode == 0

    def quit(self) -> None:
        """`q`, then the server goes (killed if the app is still there after 10 s)."""
        self.keys("q")
        deadline = time.monotonic() + 10
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.close()

    def close(self) -> None:
        self._tmux("kill-server")


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


class Timeout(Exception):
    pass


def wait_for(
    term: Terminal,
    checks: dict[str, Callable[[str], str | None]],
    t0: float,
    timeout: float,
    until: Callable[[dict], bool] | None = None,
) -> dict[str, tuple[float, str]]:
    """For each named check (a screen -> the line it matched, or None): the
    seconds from t0 to the first capture where it matched and still matched
    at the next capture at least CONFIRM later, with that line. Waits until
    every check has (or `until(found)` is true). Timeout past `timeout`."""
    found: dict[str, tuple[float, str]] = {}
    pending: dict[str, tuple[float, float, str]] = {}  # name -> (elapsed, captured at, line)
    while len(found) < len(checks) and not (until and until(found)):
        screen = term.screen()
        now = time.monotonic()
        if not screen and not term.running():
            raise Timeout("the app has ended")
        for name, check in checks.items():
            if name in found:
                continue
            line = check(screen)
            if line is None:
                pending.pop(name, None)
            elif name not in pending:
                pending[name] = (now - t0, now, line)
            elif now - pending[name][1] >= CONFIRM:
                found[name] = (pending[name][0], pending[name][2])
        if now - t0 > timeout:
            raise Timeout(
                f"after {timeout:.0f} s, still waiting for {sorted(set(checks) - set(found))}; "
                f"the screen was:\n{screen}"
            )
        time.sleep(POLL)
    return found


# -- screens -----------------------------------------------------------------------


def search_rows(screen: str) -> list[str]:
    """The screen's lines below the search input (its first line)."""
    return screen.split("\n")[1:]


def hit_row(query: str) -> Callable[[str], str | None]:
    def check(screen: str) -> str | None:
        if not shows_query(screen, query):
            return None
        return next((line.strip() for line in search_rows(screen) if HIT_ROW.match(line)), None)

    return check


def done_line(query: str) -> Callable[[str], str | None]:
    def check(screen: str) -> str | None:
        if not shows_query(screen, query):
            return None
        return next((line.strip() for line in search_rows(screen) if search_done(line)), None)

    return check


def shows_query(screen: str, query: str) -> bool:
    return query in screen.split("\n", 1)[0]


def emptied(screen: str) -> str | None:
    """The search screen with an empty input and nothing found on it."""
    top = screen.split("\n", 1)[0]
    rows = search_rows(screen)
    if SEARCH_OPENED in top and not any(HIT_ROW.match(line) or STATUS.search(line) for line in rows):
        return top.strip()
    return None


# -- measurements -----------------------------------------------------------------


@dataclass
class Figures:
    """Seconds of each run, and the screen lines that ended them."""

    runs: list[float] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, seconds: float, line: str) -> None:
        self.runs.append(seconds)
        self.lines.append(line)

    def cell(self) -> str:
        if not self.runs:
            return "— (" + (self.failures[0] if self.failures else "not measured") + ")"
        text = seconds(statistics.median(self.runs))
        if len(self.runs) > 1:
            text += f" ({seconds(min(self.runs))}–{seconds(max(self.runs))})"
        if self.failures:
            text += f", {len(self.failures)} timed out"
        return text


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def app_command(corpus: Path, xdg: Path) -> list[str]:
    # reader as a user runs it: Python may cache bytecode (this workplace sets
    # PYTHONDONTWRITEBYTECODE=1, which recompiles reader at every start).
    return [
        "env",
        "-u",
        "PYTHONDONTWRITEBYTECODE",
        f"XDG_CACHE_HOME={xdg / 'cache'}",
        f"XDG_STATE_HOME={xdg / 'state'}",
        f"XDG_CONFIG_HOME={xdg / 'config'}",
        str(READER),
        str(corpus),
    ]


def app_env(xdg: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        XDG_CACHE_HOME=str(xdg / "cache"), XDG_STATE_HOME=str(xdg / "state"), XDG_CONFIG_HOME=str(xdg / "config")
    )
    return env


def launch(library: Library, xdg: Path, timeout: float) -> tuple[Terminal, float, str]:
    """reader on the library, and the seconds until its first document's text is on screen."""
    t0 = time.monotonic()
    term = Terminal(app_command(Path(library.root), xdg))
    try:
        found = wait_for(term, {"text": lambda s: library.first_text if library.first_text in s else None}, t0, timeout)
    except BaseException:
        term.close()
        raise
    return term, *found["text"]


def measure_start(library: Library, xdg: Path, runs: int, timeout: float) -> tuple[Figures, Figures]:
    """(the first launch, the launches after it)."""
    first, later = Figures(), Figures()
    for n in range(runs + 1):
        wait_quiet()
        try:
            term, elapsed, line = launch(library, xdg, timeout)
        except Timeout as err:
            (first if n == 0 else later).failures.append("timed out")
            log(f"  start: {err}")
            continue
        (first if n == 0 else later).add(elapsed, line)
        log(f"  start {'(first launch)' if n == 0 else n}: {seconds(elapsed)}  [{line}]")
        term.quit()
    return first, later


def set_mode(term: Terminal, mode: str, current: str) -> str:
    while current != mode:
        term.keys("C-t")
        current = MODES[(MODES.index(current) + 1) % len(MODES)]
        wait_for(
            term,
            {"mode": lambda s: s if MODE_LABEL.format(current) in s.split("\n", 1)[0] else None},
            time.monotonic(),
            10,
        )
    return current


def empty_input(term: Terminal, timeout: float) -> None:
    term.keys("C-a", "C-k")
    wait_for(term, {"emptied": emptied}, time.monotonic(), timeout)


def search_once(
    term: Terminal, query: str, typed: bool, interval: float, timeout: float
) -> dict[str, tuple[float, str]]:
    empty_input(term, timeout)
    wait_quiet()
    if typed:
        for key in query[:-1]:
            term.type(key)
            time.sleep(interval)
    t0 = time.monotonic()
    term.type(query[-1] if typed else query)
    checks = {"first": hit_row(query), "done": done_line(query)}
    return wait_for(term, checks, t0, timeout, until=lambda found: "done" in found and found_nothing(found["done"][1]))


def status_text(line: str) -> str:
    """The status in a screen line, without the progress bar before it."""
    found = STATUS.search(line)
    return line[found.start() :] if found else line


def found_nothing(status: str) -> bool:
    """A search that found nothing is done without a hit row."""
    found = STATUS.search(status)
    return found is not None and found["hits"] in (None, "0")


@dataclass
class SearchFigures:
    first: Figures = field(default_factory=Figures)
    done: Figures = field(default_factory=Figures)
    typed_first: Figures = field(default_factory=Figures)
    typed_done: Figures = field(default_factory=Figures)


def measure_search(
    library: Library, xdg: Path, runs: int, typed: bool, interval: float, timeout: float
) -> dict[str, SearchFigures]:
    figures = {query.label: SearchFigures() for query in QUERIES}
    term, _, _ = launch(library, xdg, timeout)
    try:
        term.keys("s")
        wait_for(term, {"opened": lambda s: s if SEARCH_OPENED in s else None}, time.monotonic(), timeout)
        time.sleep(SETTLE)
        mode = "fuzzy"
        for query in QUERIES:
            empty_input(term, timeout)
            mode = set_mode(term, query.mode, mode)
            ways = [(False, "first", "done")] + ([(True, "typed_first", "typed_done")] if typed else [])
            for way_typed, first_name, done_name in ways:
                for n in range(runs):
                    try:
                        found = search_once(term, query.text, way_typed, interval, timeout)
                    except Timeout as err:
                        getattr(figures[query.label], done_name).failures.append("timed out")
                        log(f"  {query.label}: {err}")
                        continue
                    for name, key in ((first_name, "first"), (done_name, "done")):
                        if key in found:
                            getattr(figures[query.label], name).add(*found[key])
                    log(
                        f"  {query.label}{' (typed)' if way_typed else ''} run {n + 1}: "
                        + ", ".join(f"{key} {seconds(t)} [{line}]" for key, (t, line) in found.items())
                    )
        term.quit()
    finally:
        term.close()
    return figures


@dataclass
class Peer:
    seconds: list[float] = field(default_factory=list)
    files: int = 0
    lines: int = 0
    failure: str = ""

    def cell(self) -> str:
        if not self.seconds:
            return f"— ({self.failure})"
        return (
            f"{seconds(statistics.median(self.seconds))}, {self.lines:,} line{'s' if self.lines != 1 else ''}"
            f" in {self.files:,} file{'s' if self.files != 1 else ''}"
        )


def measure_peer(argv: list[str], runs: int, timeout: float) -> Peer:
    """Wall time of a `-c` grep (its output read whole), and what it counted."""
    peer = Peer()
    for _ in range(runs):
        wait_quiet()
        t0 = time.monotonic()
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            peer.failure = f"over {timeout:.0f} s"
            return peer
        peer.seconds.append(time.monotonic() - t0)
        counts = [int(line.rsplit(":", 1)[1]) for line in done.stdout.splitlines() if ":" in line]
        peer.files, peer.lines = sum(1 for c in counts if c), sum(counts)
    return peer


def peers(library: Library, runs: int, timeout: float) -> dict[str, tuple[Peer, Peer]]:
    out = {}
    for query in QUERIES:
        rg = measure_peer(["rg", "-c", "-i", "-F", "--", query.text, library.root], runs, timeout)
        ug = measure_peer(["ugrep", "-r", "-Z2", "-c", "-i", "-F", "--", query.text, library.root], runs, timeout)
        log(f"  {query.label}: rg {rg.cell()}; ugrep {ug.cell()}")
        out[query.label] = (rg, ug)
    return out


def has_index_command() -> bool:
    """Whether `reader index` is a command (today it would be taken for a corpus named `index`)."""
    try:
        done = subprocess.run([str(READER), "index", "--help"], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0 and "reader index" in done.stdout


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_index(library: Library, xdg: Path, timeout: float) -> tuple[float, str]:
    """Seconds of `reader index CORPUS`, and the last line it printed."""
    wait_quiet()
    t0 = time.monotonic()
    done = subprocess.run(
        [str(READER), "index", library.root], capture_output=True, text=True, timeout=timeout, env=app_env(xdg)
    )
    elapsed = time.monotonic() - t0
    said = (done.stdout.strip() or done.stderr.strip()).splitlines()
    if done.returncode != 0:
        raise RuntimeError(f"`reader index` failed ({done.returncode}): {' / '.join(said[-3:])}")
    return elapsed, said[-1] if said else ""


def measure_index(library: Library, xdg: Path, timeout: float) -> list[tuple[str, str]]:
    """Rows (what, figure): first build, its size, refresh after one document changed."""
    if not has_index_command():
        log("  `reader index` is not a command of this reader: no index figures")
        return [("`reader index CORPUS`", "— (no such command in this version)")]
    rows = []
    build, said = run_index(library, xdg, timeout)
    size = folder_size(xdg / "cache")
    rows.append(
        (
            "`reader index CORPUS`, first build",
            f"{seconds(build)} ({library.bytes / MB / build:.1f} MB/s); it said: {said}",
        )
    )
    rows.append(("index size (the cache folder)", f"{size / MB:.1f} MB = {size / library.bytes:.2f} × the text"))
    changed = Path(library.root) / library.first_document
    before = changed.read_bytes()
    try:
        changed.write_bytes(before + b"\nOne more paragraph, written after the index was built.\n")
        refresh, said = run_index(library, xdg, timeout)
        rows.append(("`reader index CORPUS` after one document changed", f"{seconds(refresh)}; it said: {said}"))
    finally:
        changed.write_bytes(before)
    run_index(library, xdg, timeout)  # in step with the corpus again, for the app
    log("  " + "; ".join(f"{what}: {figure}" for what, figure in rows))
    return rows


# -- corpora -----------------------------------------------------------------------


def corpus(keep: Path | None, scratch: Path, documents: int, mb: float) -> Library:
    """The corpus of this size: made once in `keep` (then reused), else in scratch."""
    root = (keep or scratch) / f"library-{documents}-{mb:g}mb"
    library = read_manifest(root) if keep else None
    if library and library.documents == documents and library.mb == mb:
        log(f"corpus {root}: reused")
        return library
    if root.exists():
        shutil.rmtree(root)  # ours: a half-written or older one
    t0 = time.monotonic()
    library = generate(root, documents, mb)
    log(f"corpus {root}: {documents:,} documents, {library.bytes / MB:.1f} MB, made in {time.monotonic() - t0:.1f} s")
    return library


def warm(library: Library) -> None:
    """Every file read once, so that each measurement finds them in the page cache."""
    for path in Path(library.root).rglob("*.txt"):
        path.read_bytes()


def size_pair(text: str) -> tuple[int, float]:
    documents, mb = text.split(":")
    return int(documents), float(mb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000:100", help="corpora to search, DOCUMENTS:MB,... (default 1000:100)")
    parser.add_argument("--start", default="20000:100", help="the corpus to start with, DOCUMENTS:MB, or 'none'")
    parser.add_argument("--runs", type=int, default=5, help="runs of each search (and each peer)")
    parser.add_argument("--start-runs", type=int, default=3, help="launches measured after the first")
    parser.add_argument("--no-typed", action="store_true", help="skip the queries typed key by key")
    parser.add_argument("--key-interval", type=float, default=0.1, help="seconds between keys typed one by one")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for one measurement")
    parser.add_argument("--keep", type=Path, help="make the corpora in this folder once and reuse them")
    args = parser.parse_args()
    # Killed (SIGTERM): the tmux servers and temporary folders still go, as on an error.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in ("tmux", "rg", "ugrep"):
        if not shutil.which(tool):
            log(f"{tool} is needed: apt-get install -y tmux ripgrep ugrep")
            return 2
    if not READER.exists():
        log(f"the installed reader is missing: {READER} (pip install -e . in .venv)")
        return 2
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    tables: list[str] = []
    with tempfile.TemporaryDirectory(prefix="reader-library-bench-") as scratch_name:
        scratch = Path(scratch_name)
        for n, size in enumerate(args.sizes.split(",") if args.sizes != "none" else []):
            documents, mb = size_pair(size)
            library = corpus(args.keep, scratch, documents, mb)
            xdg = scratch / f"xdg-{n}"
            warm(library)
            log("index:")
            index_rows = measure_index(library, xdg, args.timeout)
            log("peers:")
            peer_figures = peers(library, args.runs, args.timeout)
            log("reader, search all:")
            figures = measure_search(library, xdg, args.runs, not args.no_typed, args.key_interval, args.timeout)
            tables.append(search_table(library, figures, peer_figures, index_rows, args))
        if args.start != "none":
            documents, mb = size_pair(args.start)
            library = corpus(args.keep, scratch, documents, mb)
            xdg = scratch / "xdg-start"
            warm(library)
            log("index:")
            index_rows = measure_index(library, xdg, args.timeout)
            log("reader, start:")
            first, later = measure_start(library, xdg, args.start_runs, args.timeout)
            tables.append(start_table(library, first, later, index_rows))

    print(f"Command: `.venv/bin/python bench/library.py {' '.join(sys.argv[1:])}`  ")
    print(f"Date: {date.today()}, reader at {git_revision()}  ")
    print(
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {tool_version(['tmux', '-V'])}, "
        f"{tool_version(['rg', '--version'])}, {tool_version(['ugrep', '--version'])}\n"
    )
    print("\n\n".join(tables))
    if BUSY:
        print(
            f"\n{len(BUSY)} of {len(BUSY) + len(QUIET_RUNS)} measurements started on a busy machine (other "
            f"work took {min(BUSY):.0%}–{max(BUSY):.0%} of the cores for the {QUIET_LIMIT:.0f} s before them)."
        )
    return 0


def search_table(
    library: Library,
    figures: dict[str, SearchFigures],
    peer_figures: dict[str, tuple[Peer, Peer]],
    index_rows: list[tuple[str, str]],
    args: argparse.Namespace,
) -> str:
    title = f"{library.documents:,} documents, {library.bytes / MB:.0f} MB"
    out = [
        f"**{title}** (`bench/library_corpus.py OUT --docs {library.documents} --mb {library.mb:g}`)",
        "",
        "| query | mode | first hit | full list | last key typed → first hit | → full list "
        "| status line when done | `rg -c -i -F` | `ugrep -r -Z2 -c -i -F` |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for query in QUERIES:
        f = figures[query.label]
        rg, ug = peer_figures[query.label]
        status = status_text(f.done.lines[-1]) if f.done.lines else "—"
        typed = (f.typed_first.cell(), f.typed_done.cell()) if not args.no_typed else ("not measured",) * 2
        out.append(
            f"| {query.label}: `{query.text}` | {query.mode} | {f.first.cell()} | {f.done.cell()} "
            f"| {typed[0]} | {typed[1]} | {status} | {rg.cell()} | {ug.cell()} |"
        )
    out += ["", f"Medians of {args.runs} runs (min–max); keys typed {args.key_interval * 1000:.0f} ms apart.", ""]
    out += [f"- {what}: {figure}" for what, figure in index_rows]
    return "\n".join(out)


def start_table(library: Library, first: Figures, later: Figures, index_rows: list[tuple[str, str]]) -> str:
    out = [
        f"**Start, {library.documents:,} documents, {library.bytes / MB:.0f} MB** "
        f"(`bench/library_corpus.py OUT --docs {library.documents} --mb {library.mb:g}`)",
        "",
        "| `reader CORPUS` to the first document's text | first launch | launches after it |",
        "|---|---|---|",
        f"| `{library.first_text}` | {first.cell()} | {later.cell()} |",
        "",
    ]
    out += [f"- {what}: {figure}" for what, figure in index_rows]
    return "\n".join(out)


def git_revision() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()


def tool_version(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True).stdout.split("\n")[0].strip()


if __name__ == "__main__":
    sys.exit(main())
