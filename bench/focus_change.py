"""A focus change: `tab` between the sidebar and the text, until the screen has settled.

Run by hand: `.venv/bin/python bench/focus_change.py [--presses 30] [--src OTHER/src]`.
Headless (Textual's Pilot, 120x40, a copy of seeds/, fresh XDG folders): each
`tab` is pressed, then the app is let run until its queue is empty twice
(the footer redraws after the focus has moved). The Pilot's own overhead is
in every figure alike; `--src` runs another checkout's src/ (an earlier
commit's worktree) with this venv, to compare. Prints the median and minimum.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def presses(count: int) -> list[float]:
    from reader.core.library.corpus import open_corpus
    from reader.ui.app import ReaderApp

    folder = Path(tempfile.mkdtemp(prefix="reader-focus-"))
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    app = ReaderApp(open_corpus(folder / "seeds"))
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)  # the start's workers done
        for _ in range(count):
            start = time.perf_counter()
            await pilot.press("tab")
            await pilot.pause()
            await pilot.pause()
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--src", type=Path, help="another checkout's src/ (default: this one's)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child:
        home = Path(tempfile.mkdtemp(prefix="reader-focus-home-"))
        env = dict(os.environ, **{name: str(home / name) for name in ("XDG_STATE_HOME", "XDG_CONFIG_HOME")})
        if args.src:
            env["PYTHONPATH"] = str(args.src.resolve())
        argv = [sys.executable, __file__, "--child", "--presses", str(args.presses)]
        sys.exit(subprocess.run(argv, env=env).returncode)
    times = asyncio.run(presses(args.presses))
    print(f"| focus change (tab), {args.presses} presses | {statistics.median(times):.0f} ms (min {min(times):.0f}) |")


if __name__ == "__main__":
    main()
