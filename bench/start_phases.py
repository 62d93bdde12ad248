"""Where the start's time goes, inside reader: its imports, and Textual's
phases up to the first frame that shows the first document's text.

Run by hand: `.venv/bin/python bench/start_phases.py --runs 12 [--src OTHER/src]`.
Each run starts `reader seeds/` in a detached 120x40 tmux session (private
socket, fresh XDG folders), as bench/open.py --start does, but through this
file, which wraps Textual's styling, CSS parsing and compositing and reader's
opening of a document with perf_counter, and ends the app once it is drawn.
Textual and reader's UI are imported with the garbage collector off, as
`reader` imports them.
`--src` times another checkout's src/ (a worktree of an earlier commit) with
this venv. Prints the medians (and minimums) in ms, as markdown.
"""

from __future__ import annotations

import argparse
import ast
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
SOCKET = "readerphases"
MARKER = "China Morning"  # in the first seed's text


def child(out: Path) -> None:
    """In the tmux session: start reader with the phases timed; append them to `out`."""
    t0 = time.perf_counter()
    marks: dict[str, float] = {}
    spent: dict[str, float] = {}
    # As `reader` imports Textual and its UI: with the garbage collector off
    # (cli.read); on, its full collections would be timed as imports.
    gc.disable()
    import textual.app  # noqa: F401 - its import is the floor's (the bare app's), timed apart

    marks["textual"] = time.perf_counter()
    import textual._compositor as compositor
    import textual.css.stylesheet as stylesheet
    from textual.drivers import linux_driver

    from reader import cli
    from reader.ui import app as app_module
    from reader.ui import reading_screen

    marks["imports"] = time.perf_counter()
    drawn = [False]
    write = linux_driver.LinuxDriver.write

    def first_frame(self, data: str) -> None:
        if not drawn[0] and MARKER in data:
            marks["first frame"] = time.perf_counter()
            drawn[0] = True
        write(self, data)

    linux_driver.LinuxDriver.write = first_frame  # type: ignore[method-assign]

    def timed(cls: type, name: str, label: str) -> None:
        method = getattr(cls, name)

        def wrapper(*args, **kwargs):
            if drawn[0]:
                return method(*args, **kwargs)
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

        setattr(cls, name, wrapper)

    timed(stylesheet.Stylesheet, "parse", "CSS parsing")
    timed(stylesheet.Stylesheet, "apply", "styling (with parsing)")
    timed(compositor.Compositor, "render_update", "drawing")
    timed(reading_screen.ReadingScreen, "open_document", "opening the document")
    mounted = app_module.ReaderApp.on_mount

    def on_mount(self) -> None:
        marks["mounted"] = time.perf_counter()
        mounted(self)
        self.set_timer(0.5, self.exit)

    app_module.ReaderApp.on_mount = on_mount
    sys.argv = ["reader", str(ROOT / "seeds")]
    cli.main()
    if not drawn[0]:
        return

    def ms(a: str, b: str) -> float:
        return (marks[b] - marks[a]) * 1000

    row = {
        "Textual imported": (marks["textual"] - t0) * 1000,
        "reader's imports": ms("textual", "imports"),
        "to the app's mount": ms("imports", "mounted"),
        "mount to first frame": ms("mounted", "first frame"),
        **{label: seconds * 1000 for label, seconds in spent.items()},
    }
    with out.open("a") as f:
        f.write(repr(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--src", type=Path, help="another checkout's src/ to time (default: this one's)")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="reader-phases-")) / "phases.txt"
    env = ["env", "-u", "PYTHONDONTWRITEBYTECODE"]  # bytecode cached, as an installed reader has it
    if args.src:
        env.append(f"PYTHONPATH={args.src.resolve()}")
    for n in range(args.runs):
        home = Path(tempfile.mkdtemp(prefix="reader-phases-home-"))
        folders = [f"-e{name}={home / name}" for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")]
        subprocess.run(
            ["tmux", "-L", SOCKET, "new-session", "-d", "-s", f"run{n}", *folders, "-x", "120", "-y", "40"]
            + [*env, str(PYTHON), __file__, "--child", str(out)],
            check=True,
        )
        while (
            subprocess.run(["tmux", "-L", SOCKET, "has-session", "-t", f"run{n}"], capture_output=True).returncode == 0
        ):
            time.sleep(0.1)
        shutil.rmtree(home, ignore_errors=True)
    rows = [ast.literal_eval(line) for line in out.read_text().splitlines()] if out.exists() else []
    if not rows:
        sys.exit("no run reached its first frame")
    print(f"{len(rows)} starts of `reader seeds/`, ms: median (min)\n")
    print("| phase | ms |\n|---|---|")
    for key in rows[0]:
        values = [row.get(key, 0.0) for row in rows]
        print(f"| {key} | {statistics.median(values):.0f} ({min(values):.0f}) |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]))
    else:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        main()
