"""Opening a document and jumping to its end: reader against less.

Run by hand, not by the test suite: `.venv/bin/python bench/open.py --sizes 1,10,100 --runs 3`.
Each program runs in a real terminal (a detached 120x40 tmux session on the
private socket `-L readerbench`), whose screen is polled with `capture-pane`
about every 10 ms, to time: starting the program until the first words of a
generated document (1 MiB = 2**20 bytes) are on screen; sending `G` until its
end is; and to read the process's peak memory (VmHWM) before quitting with `q`.
Medians of `--runs` runs. Progress goes to stderr, the markdown to stdout.

`--start N` (issue 14) times instead the start against its floor: a bare
one-widget Textual app (`Static("hello")`, run by the same interpreter) until
"hello" is on screen, and `reader` on a copy of seeds/ until the first
document's text and the sidebar's last document are, interleaved (bare,
reader, bare, reader, ...) N times each, polled the same way; it prints both
medians, their spread and the ratio.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import itertools
import os
import platform
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = ROOT / ".venv" / "bin" / "reader"
SEEDS = ROOT / "seeds"
SEED_MARKER = "China Morning Missive"  # in the body of seeds/000_730c42d09e53c65d.txt
MIB = 1 << 20
LONG_LINE = 5 * MIB  # the single-line paragraph that ends documents of 10 MiB and more
SOCKET = "readerbench"
WIDTH, HEIGHT = 120, 40
POLL = 0.01
TIMEOUT = 180.0  # less needs over 30 s to show the end of a 5 MiB line
COUNTER = itertools.count()  # session names
# reader as a user runs it: Python may cache bytecode. (This workplace sets
# PYTHONDONTWRITEBYTECODE=1, which recompiles reader's modules at every start,
# ~0.1 s; an ordinary installation does not.)
READER_CMD = ["env", "-u", "PYTHONDONTWRITEBYTECODE", str(READER)]
# less as installed, without a LESSOPEN preprocessor or options from LESS.
LESS = ["env", "-u", "LESSOPEN", "-u", "LESSCLOSE", "-u", "LESS", "less"]
WRAPPERS = {"sh", "bash", "dash", "zsh", "env"}  # processes to look through for the real one
# Targets for reader: first paint and G for every generated document (they
# are stated for 100 MiB, the hardest case); memory for 100 MiB only, since
# below that the interpreter's own ~40 MB exceeds 3 x the file size.
FIRST_PAINT_TARGET, G_TARGET, MEMORY_FACTOR, SEEDS_TARGET = 1.0, 0.2, 3, 0.5
# --start: the floor is a bare Textual app; reader's start is within this factor of it.
BARE_APP = """from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("hello")


Bare().run()
"""
START_TARGET = 1.3
# The sidebar's last document, by its file name (at first paint) or its title
# (once the titles are read): the sidebar is drawn.
SIDEBAR_MARKERS = ("004_fb88cd4e1ca0a06e", "USChina trade relations")
log = functools.partial(print, file=sys.stderr, flush=True)  # progress; the report goes to stdout


def tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check).stdout


# -- documents ---------------------------------------------------------------


def make_document(path: Path, mib: int, rng: random.Random) -> tuple[str, str]:
    """Write a document of about `mib` MiB; return its (start, end) markers."""
    token = f"{rng.getrandbits(40):010x}"
    # The first line becomes reader's title (sidebar and status line), so the
    # first-paint marker is the opening of the first paragraph, seen only
    # when the text itself is drawn.
    head = f"START {token}\n\nTEXT BEGINS {token} "
    end = f"THE END {token}"
    vocab = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 10))) for _ in range(4000)]
    size = mib * MIB
    long_line = LONG_LINE if size >= 2 * LONG_LINE else 0
    budget = size - len(head) - long_line - len(end) - 3
    with path.open("w", encoding="ascii") as f:
        f.write(head)
        while budget > 0:
            para = " ".join(rng.choices(vocab, k=rng.randint(20, 600)))
            if len(para) > budget:  # the last paragraph: cut it to fit
                para = para[: max(1, para.rfind(" ", 0, budget))]
            f.write(para + "\n\n")
            budget -= len(para) + 2
        if long_line:
            words = " ".join(rng.choices(vocab, k=long_line // 4))
            f.write(words[: words.rfind(" ", 0, long_line)] + "\n\n")
        f.write(end + "\n")
    return f"TEXT BEGINS {token}", end


# -- one run in a terminal ---------------------------------------------------


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session, check=False)


# Text to wait for: a string, or all of a tuple's parts (each a string, or any one of a tuple's).
Marker = str | tuple[str | tuple[str, ...], ...]


def shows(text: str, marker: Marker) -> bool:
    if isinstance(marker, str):
        return marker in text
    return all(part in text if isinstance(part, str) else any(p in text for p in part) for part in marker)


def wait_for(session: str, marker: Marker, t0: float, pid: int) -> float | None:
    """Seconds from t0 until `marker` is on screen; None after TIMEOUT or
    if the program died (its last screen is printed)."""
    while True:
        if shows(screen(session), marker):
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > TIMEOUT or not Path(f"/proc/{pid}").exists():
            log(f"  gave up waiting for {marker!r}; screen:\n{screen(session)}")
            return None
        time.sleep(POLL)


def wait_stable(session: str, quiet: float = 0.5, limit: float = 15.0) -> None:
    """Wait for the screen to stay still for `quiet` seconds, so that `G` is timed
    alone, not with the tail of the opening (reader counts words in a thread)."""
    start = changed = time.monotonic()
    last = screen(session)
    while time.monotonic() - changed < quiet and time.monotonic() - start < limit:
        time.sleep(0.05)
        now = screen(session)
        if now != last:
            last, changed = now, time.monotonic()


def program_pid(pid: int) -> int:
    """The measured process: the pane's, or through a shell or env that did
    not exec, its (first) child."""
    while Path(f"/proc/{pid}/comm").read_text().strip() in WRAPPERS and (
        children := Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ):
        pid = int(children[0])
    return pid


def peak_rss(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024  # given in kB


def wait_quiet(limit: float = 300.0) -> None:
    """Start a run only once other work has stopped: the cores are few, the timings small."""

    def cpu() -> list[int]:  # jiffies spent in each state, all cores together
        return [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = cpu()
        time.sleep(0.5)
        delta = [b - a for a, b in zip(before, cpu())]
        busy = 1 - (delta[3] + delta[4]) / max(1, sum(delta))  # all but idle and iowait
        if busy < 0.1:
            return
        log(f"  waiting: the machine is {busy:.0%} busy")


def run_once(
    argv: list[str], start: Marker, end: str | None, n: int, g_at_once: bool = False, quit_key: str = "q"
) -> tuple:
    """(first paint s, G s, peak RSS bytes) of one run; None where unknown."""
    session = f"run{n}"
    # Each run as a first start: its own state, cache and config folders (a
    # position remembered by the run before would open the document at its
    # end), and never the user's.
    home = Path(tempfile.mkdtemp(prefix=f"readerbench-home{n}-"))
    folders = [f"-e{name}={home / name}" for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")]
    wait_quiet()
    t0 = time.perf_counter()
    # Several arguments: tmux executes them directly, without a shell.
    tmux("new-session", "-d", "-s", session, *folders, "-x", str(WIDTH), "-y", str(HEIGHT), *argv)
    first = jump = rss = None
    try:
        pane = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
        first = wait_for(session, start, t0, pane)
        if first is not None and end is not None:
            if not g_at_once:
                wait_stable(session)
            t1 = time.perf_counter()
            tmux("send-keys", "-t", session, "G", check=False)
            jump = wait_for(session, end, t1, pane)
        if first is not None:
            pid = program_pid(pane)
            rss = peak_rss(pid)
            tmux("send-keys", "-t", session, quit_key, check=False)
            deadline = time.monotonic() + 10
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.02)
    finally:
        tmux("kill-session", "-t", session, check=False)
        shutil.rmtree(home, ignore_errors=True)
    return first, jump, rss


def measure(argv: list[str], start: str, end: str | None, runs: int, label: str, g_at_once: bool = False) -> tuple:
    """Medians over `runs` runs (None if any run failed)."""
    results = []
    for i in range(runs):
        results.append(run_once(argv, start, end, next(COUNTER), g_at_once))
        first, jump, rss = results[-1]
        log(f"  {label} run {i + 1}: first paint {secs(first)}, G {secs(jump) if end else '—'}, peak {mib(rss)}")
    return tuple(
        None if any(r[k] is None for r in results) else statistics.median(r[k] for r in results) for k in range(3)
    )


# -- the report --------------------------------------------------------------


def secs(value: float | None) -> str:
    return "timeout" if value is None else f"{value:.2f} s"


def mib(value: float | None) -> str:
    return "—" if value is None else f"{value / MIB:.0f} MiB"


def cell(value: float | None, fmt=secs, limit: float | None = None) -> str:
    """A figure, marked PASS or FAIL when it has a target."""
    return fmt(value) + ("" if limit is None else " PASS" if value is not None and value <= limit else " FAIL")


def output(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True).stdout.strip()


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor(),
    )
    less = output("less", "--version").split("\n")[0].split(" (")[0]
    return (
        f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, "
        f"Python {platform.python_version()}, {output('tmux', '-V')}, {less}"
    )


def revision() -> str:
    """The commit, and a digest of any uncommitted change to src/."""
    diff = output("git", "-C", str(ROOT), "diff", "HEAD", "--", "src")
    return output("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD") + (
        f" + uncommitted changes in src/ (diff {hashlib.sha1(diff.encode()).hexdigest()[:8]})" if diff else ""
    )


def start_server() -> None:
    tmux("kill-server", check=False)  # left on our private socket by an aborted run
    # Keep the server up between sessions; no user config; keep a pane
    # whose program died so that its last words can be printed.
    tmux(
        "-f",
        "/dev/null",
        "start-server",
        ";",
        "set-option",
        "-s",
        "exit-empty",
        "off",
        ";",
        "set-option",
        "-g",
        "default-terminal",
        "tmux-256color",
        ";",
        "set-option",
        "-g",
        "remain-on-exit",
        "on",
    )


def header(title: str, measured: str) -> str:
    if revision() != measured:
        log(f"warning: reader changed during the run ({measured} -> {revision()})")
    command = " ".join([".venv/bin/python", "bench/open.py", *sys.argv[1:]])
    return (
        f"## {title}\n\nCommand: `{command}`  \n"
        f"Date: {date.today().isoformat()}, reader at {measured}  \nMachine: {machine()}\n"
    )


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}–{max(values):.3f})"


def start_against_floor(runs: int, workdir: Path) -> None:
    """--start: a bare Textual app and `reader seeds/`, interleaved, `runs` times each."""
    measured = revision()
    bare = workdir / "bare.py"
    bare.write_text(BARE_APP)
    seeds = workdir / "seeds"
    shutil.copytree(SEEDS, seeds)  # reader may write beside its corpus; never in the checkout
    python = ["env", "-u", "PYTHONDONTWRITEBYTECODE", str(READER.parent / "python")]
    programs = {
        "bare": ([*python, str(bare)], "hello", "C-q"),  # ctrl+q: Textual's own quit key
        "reader": ([*READER_CMD, str(seeds)], (SEED_MARKER, SIDEBAR_MARKERS), "q"),
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    for i in range(runs):
        for name, (argv, marker, quit_key) in programs.items():
            first = run_once(argv, marker, None, next(COUNTER), quit_key=quit_key)[0]
            log(f"  {name} run {i + 1}: first paint {secs(first)}")
            if first is None:
                sys.exit(f"{name} did not paint")
            times[name].append(first)
    ratio = statistics.median(times["reader"]) / statistics.median(times["bare"])
    pairs = sorted(r / b for r, b in zip(times["reader"], times["bare"]))
    print(header("Start against a bare Textual app (bench/open.py --start)", measured))
    print("| program | first paint: median (min–max) |\n|---|---|")
    print(f"| bare Textual app, one `Static` | {spread(times['bare'])} |")
    print(f"| `reader seeds/` (text and sidebar) | {spread(times['reader'])} |")
    print(
        f"\nRatio of the medians: {ratio:.2f} {'PASS' if ratio <= START_TARGET else 'FAIL'} "
        f"(target ≤ {START_TARGET}); of each pair of runs: median {statistics.median(pairs):.2f} "
        f"({pairs[0]:.2f}–{pairs[-1]:.2f}). {runs} runs each, interleaved; terminal {WIDTH}x{HEIGHT} (tmux), "
        f"screen polled every {POLL * 1000:.0f} ms."
    )


def main() -> None:
    global TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="document sizes in MiB, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is reported)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed for the documents")
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT,
        help="seconds to wait for a marker (less takes long to reach a huge line's end)",
    )
    parser.add_argument(
        "--g-at-once", action="store_true", help="send G as soon as the first words show, not once the screen is still"
    )
    parser.add_argument(
        "--start",
        type=int,
        metavar="N",
        help="only the start: a bare Textual app against `reader seeds/`, N runs each, interleaved",
    )
    args = parser.parse_args()
    TIMEOUT = args.timeout
    workdir = Path(tempfile.mkdtemp(prefix="readerbench-"))
    try:
        start_server()
        if args.start:
            start_against_floor(args.start, workdir)
        else:
            open_and_jump(args, workdir)
    finally:
        tmux("kill-server", check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def open_and_jump(args: argparse.Namespace, workdir: Path) -> None:
    sizes = [int(s) for s in args.sizes.split(",") if s]
    measured = revision()  # before: the code may change while this runs
    rows = [
        (
            "| document | size | reader first paint | reader G | reader peak RSS "
            "| less first paint | less G | less peak RSS |"
        ),
        "|---|---|---|---|---|---|---|---|",
    ]
    rng = random.Random(args.seed)
    for size in sizes:
        path = workdir / f"doc_{size}mib.txt"
        log(f"writing {path} ...")
        start, end = make_document(path, size, rng)
        nbytes = path.stat().st_size
        reader = measure([*READER_CMD, str(path)], start, end, args.runs, f"reader {size} MiB", args.g_at_once)
        less = measure([*LESS, str(path)], start, end, args.runs, f"less {size} MiB", args.g_at_once)
        memory_limit = MEMORY_FACTOR * nbytes if size >= 100 else None
        kind = "paragraphs + 5 MiB line" if nbytes >= 2 * LONG_LINE else "paragraphs"
        rows.append(
            f"| generated, {kind} | {nbytes / MIB:.1f} MiB "
            f"| {cell(reader[0], secs, FIRST_PAINT_TARGET)} | {cell(reader[1], secs, G_TARGET)} "
            f"| {cell(reader[2], mib, memory_limit)} "
            f"| {secs(less[0])} | {secs(less[1])} | {mib(less[2])} |"
        )
        path.unlink()
    seeds = measure([*READER_CMD, str(SEEDS)], SEED_MARKER, None, args.runs, "reader seeds")
    seeds_size = sum(p.stat().st_size for p in SEEDS.iterdir() if p.is_file())
    rows.append(
        f"| `reader seeds/` (5 documents) | {seeds_size / 1024:.0f} KiB "
        f"| {cell(seeds[0], secs, SEEDS_TARGET)} | — | {mib(seeds[2])} | — | — | — |"
    )
    print(header("Opening and jumping (bench/open.py)", measured))
    print("\n".join(rows))
    print(
        f"\nMedians of {args.runs} runs; terminal {WIDTH}x{HEIGHT} (tmux); files in the page cache. "
        f"Targets for reader: first paint ≤ {FIRST_PAINT_TARGET} s, G ≤ {G_TARGET} s "
        f"(every generated document), peak RSS ≤ {MEMORY_FACTOR} × file size (100 MiB), "
        f"`reader seeds/` first paint ≤ {SEEDS_TARGET} s. G is sent "
        + ("as soon as the first words show." if args.g_at_once else "once the screen has been still for 0.5 s.")
    )


if __name__ == "__main__":
    main()
