"""Fuzzy find in a 3 MB document, one keystroke at a time: the engine's time per key.

Run by hand, not by the test suite: `.venv/bin/python bench/find.py`.
The document is the shared books end to end (../shared/corpora: the Quijote,
Pride and Prejudice 2015 and 2018), cut at `--size` MiB, read as the app reads
it. The WordIndex (and where every word is, as the find bar's worker does it)
is built once and timed apart. Then each query is typed a letter at a time:
find() runs on every prefix, as the find bar runs it (limit 1000), with the
matcher of this working tree and with the one before the change (`--before`,
as bench/find_recall.py imports it). The queries are those of
bench/find_recall.py (half-remembered sentences of the books), the first
`--queries` of each book, and the issue's Moby-Dick example. The app's own
keystroke to screen (drawing included) is bench/search.py's `keys` part.
Progress goes to stderr, the markdown to stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import types
from datetime import date

import find_recall  # bench/find_recall.py, beside this script

from reader.core.search import find
from reader.ui.find_bar import LIMIT

MIB = 1 << 20
TARGET = 0.050
SEED = 14  # bench/find_recall.py's
MOBY_DICK = "the whiteness of the whale appalled me"


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def typed(module: types.ModuleType, text: str, index: object, query: str) -> list[float]:
    """Seconds of find() for each prefix of `query`, as it is typed."""
    times = []
    for n in range(1, len(query) + 1):
        start = time.perf_counter()
        module.find(text, query[:n], index=index, limit=LIMIT)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=3, help="MiB of the document")
    parser.add_argument("--queries", type=int, default=6, help="queries of each book, typed")
    parser.add_argument("--before", default=find_recall.BEFORE, help="the git revision to compare with")
    args = parser.parse_args()
    books = [find_recall.book_text(path) for path in find_recall.BOOKS.values()]
    editions = find_recall.CORPORA / "editions" / "pride-and-prejudice-2018.txt"
    text = "\n\n".join([books[1], books[0], find_recall.book_text(editions)])[: int(args.size * MIB)]
    queries = [q.text for n, book in enumerate(books) for q in find_recall.queries(book, args.queries, SEED + n)]
    queries.append(MOBY_DICK)
    old_find, _ = find_recall.before_modules(args.before)
    rows = []
    keys: dict[str, list[float]] = {"before": [], "after": []}
    for label, module in (("before", old_find), ("after", find)):
        start = time.perf_counter()
        index = module.WordIndex(text)
        built = time.perf_counter() - start
        index.locate_all()
        located = time.perf_counter() - start - built
        rows.append(
            f"| WordIndex build, {label} ({len(index.ids):,} words, {len(index.vocab):,} distinct) "
            f"| {ms(built)} (+ locate_all: {ms(located)}) | — |"
        )
        for query in queries:
            log(label, query)
            keys[label] += typed(module, text, index, query)
    for label, times in keys.items():
        median, worst = statistics.median(times), max(times)
        over = sum(t > TARGET for t in times)
        rows.append(
            f"| typing {len(queries)} queries, {label} ({len(times)} keys; {over} over {ms(TARGET)}) "
            f"| {ms(median)} {'PASS' if median <= TARGET else 'FAIL'} | {ms(worst)} |"
        )
    print(f"Command: `.venv/bin/python bench/find.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`  ")
    print(f"Date: {date.today()}  ")
    print(
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}  "
    )
    print(f"Document: {len(text) / MIB:.1f} MiB of the shared books\n")
    print("| fuzzy find, a key at a time | median a key | worst key |")
    print("|---|---|---|")
    print("\n".join(rows))
    print(f"\nTarget: ≤ {ms(TARGET)} a keystroke (the engine's part).")


if __name__ == "__main__":
    main()
