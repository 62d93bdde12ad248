"""What reading a document as a reader sees it costs: rendering Markdown,
building the outline, deciding and drawing reflow.

Run by hand: `.venv/bin/python bench/structure.py`. Prints a Markdown table
(median of --runs runs) with the peer or limit each figure is held to.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from reader.core.text.decoding import decode
from reader.core.text.markdown import render
from reader.core.text.outline import chapters, feed_posts
from reader.core.text.reflow import Reflow, hard_wrap_width
from reader.core.text.wrap import Wrapper

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    md_bytes = (SEEDS / "004_fb88cd4e1ca0a06e.txt").read_bytes()
    head, body = md_bytes.split(b"---\n\n", 1)
    md_1mb = decode(head + b"---\n\n" + body * 100)
    md_seed = decode(md_bytes)
    feed = decode((SEEDS / "001_df91be1286c1e71b.txt").read_bytes()).text
    book = decode((SHARED / "corpora/editions/pride-and-prejudice-2015.txt").read_bytes()).text
    big = book * 140
    width = hard_wrap_width(book)

    def walk_reflowed() -> None:
        wrapper = Wrapper(book, 100, reflow=Reflow(book, width))
        block = wrapper.block_at(0)
        while block is not None:
            wrapper.rows(block)
            block = wrapper.next_block(block)

    rows = [
        (
            "render seeds/004 (9.8 KB of Markdown)",
            timed(lambda: render(md_seed), runs),
            "opened without a worker up to 16 KB; one frame is 16 ms",
        ),
        (
            f"render {len(md_1mb.text) / 1e6:.1f} MB of Markdown",
            timed(lambda: render(md_1mb), runs),
            "in a worker: the UI stays live; the text appears when done",
        ),
        ("outline of the feed seeds/001 (15 posts)", timed(lambda: feed_posts(feed), runs), "16 ms (a frame)"),
        (
            f"chapters of Pride and Prejudice × 140 ({len(big) / 1e6:.0f} M characters)",
            timed(lambda: chapters(big), max(1, runs // 2)),
            "in a worker, 1 MB per regex call (~3 ms each), so the UI is never held",
        ),
        (
            "is it hard-wrapped? (Pride and Prejudice, first 1 MB)",
            timed(lambda: hard_wrap_width(book), runs),
            "on the UI thread at opening: 16 ms",
        ),
        (
            "every block of Pride and Prejudice reflowed and wrapped at 100 columns",
            timed(walk_reflowed, max(1, runs // 2)),
            "only the screen's blocks are wrapped when reading",
        ),
    ]
    print("| what | median | held to |")
    print("|---|---|---|")
    for what, seconds, limit in rows:
        print(f"| {what} | {seconds * 1000:.1f} ms | {limit} |")


if __name__ == "__main__":
    main()
