"""Annotation files: saving one with 1,000 annotations, loading one with 10,000.

Run by hand, not by the test suite: `.venv/bin/python bench/store.py`.
Annotations are made on a real document (a seed), spans of 5 to 200
characters, a third with a note (some over several lines), a tenth with
tags. Files are written in a temporary folder on the file system of
--folder (default: the system's temporary folder), fsync included. Each
figure is beside the raw cost of the library work it rests on: tomli-w and
tomllib over the same data, the fsyncs of one atomic write, so our own
overhead shows. Progress goes to stderr, the markdown to stdout and to
/tmp/store_bench.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tomllib
from datetime import date
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.core.annotations import toml_file  # noqa: E402
from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation, now  # noqa: E402
from reader.core.annotations.store import Store, write_atomically  # noqa: E402
from reader.core.library.corpus import load  # noqa: E402
from reader.core.text.reading import text_sha256  # noqa: E402

TARGET_SAVE = 0.050
TARGET_LOAD = 0.300
TARGET_DRAW = 0.016
BOOK = ROOT.parent / "shared" / "corpora" / "editions" / "pride-and-prejudice-2018.txt"
DOCUMENT = ROOT / "seeds" / "003_66d8e60a35b94f19.txt"
OUTPUT = Path("/tmp/store_bench.md")


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def verdict(seconds: float, target: float) -> str:
    return f"{ms(seconds)} {'PASS' if seconds <= target else 'FAIL'}"


def timed(fn, runs: int) -> tuple[float, float, object]:
    """(first run, median of runs, last result)."""
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times), result


NOTES = [
    "Check this against the 2019 figures.",
    "Compare with chapter 3.\n\nThe numbers differ: see *table 2*.",
    'He says "terbium", not "dysprosium" — which?',
    "TODO",
]


def annotation(rng: random.Random, text: str):
    start = rng.randrange(len(text) - 200)
    note = rng.choice(NOTES) if rng.random() < 1 / 3 else ""
    tags = rng.sample(["rare-earths", "trade", "china", "usa", "quote"], 2) if rng.random() < 0.1 else ()
    return make_annotation(
        text, start, start + rng.randint(5, 200), rng.choice(["yellow", "green", "blue"]), note, tags
    )


def annotated(rng: random.Random, text: str, rel: str, count: int) -> AnnotationSet:
    aset = AnnotationSet(DocumentInfo(rel, text_sha256(text), len(text), "utf-8"))
    for _ in range(count):
        aset.put(annotation(rng, text))
    for id in rng.sample(sorted(aset.annotations), count // 50):
        aset.delete(id)
    return aset


def as_toml(aset: AnnotationSet) -> dict:
    """The same data as one dict, for the raw cost of tomli-w and tomllib."""

    def table(a) -> dict:
        fields = dataclasses.asdict(a)
        fields["tags"] = list(a.tags)
        return {k: v for k, v in fields.items() if v or k in ("start", "end")}

    return {
        "document": dataclasses.asdict(aset.document),
        "annotation": [table(a) for a in aset.ordered()],
        "deleted": [{"id": id, "deleted": when} for id, when in sorted(aset.deleted.items())],
    }


def bench_save(rng: random.Random, text: str, folder: Path, count: int, runs: int) -> list[str]:
    log(f"saving a file of {count:,} annotations, {runs} times")
    Store(folder).save(annotated(rng, text, "save.txt", count))
    store = Store(folder)
    aset = store.load("save.txt")
    size = store.path_for("save.txt").stat().st_size
    changes = 0

    def save_one_change() -> None:
        nonlocal aset, changes
        changes += 1
        if changes % 2:
            aset.put(annotation(rng, text))
        else:
            old = rng.choice(list(aset.annotations.values()))
            aset.put(dataclasses.replace(old, note=f"edited {changes}", updated=now()))
        aset = store.save(aset)

    first, median, _ = timed(save_one_change, runs)
    rows = [
        f"| save a file of {count:,} annotations ({size / 1024:.0f} KiB), one added or edited each time "
        f"| {verdict(median, TARGET_SAVE)} | {ms(first)} (first after load) | see below |"
    ]

    _, load, _ = timed(lambda: Store(folder).load("save.txt"), 5)
    rows.append(f"| load the same file | {verdict(load, TARGET_LOAD)} | — | — |")

    other = Store(folder)  # a second program saving the same document in turn
    theirs = other.load("save.txt")

    def both_save() -> float:
        nonlocal aset, theirs
        theirs.put(annotation(rng, text))
        theirs = other.save(theirs)
        aset.put(annotation(rng, text))
        start = time.perf_counter()
        aset = store.save(aset)  # the file changed since this Store wrote it: read, merge
        return time.perf_counter() - start

    merging = statistics.median(both_save() for _ in range(max(5, runs // 5)))
    rows.append(f"| save after another program saved the same file (read, merge, write) | {ms(merging)} | — | — |")

    data = as_toml(aset)
    _, dumps, dumped = timed(lambda: tomli_w.dumps(data, multiline_strings=True), 5)
    _, loads, _ = timed(lambda: tomllib.loads(dumped), 5)
    _, ours, _ = timed(lambda: toml_file.dumps(aset), 5)
    rows.append(
        f"| raw: tomli_w.dumps + tomllib.loads of the same {count:,} annotations | — | — | {ms(dumps)} + {ms(loads)} |"
    )
    rows.append(f"| render() of all {count:,} annotations anew (no table already rendered) | — | — | {ms(ours)} |")
    payload = toml_file.dumps(aset)[0]
    target = folder / "fsync.toml"
    _, write, _ = timed(lambda: write_atomically(target, payload), runs)
    rows.append(
        f"| raw: one atomic write of {len(payload) / 1024:.0f} KiB (temp file, fsync, rename, fsync of "
        f"the folder) | — | — | {ms(write)} |"
    )
    return rows


def bench_load(rng: random.Random, text: str, folder: Path, count: int, runs: int) -> list[str]:
    log(f"loading a file of {count:,} annotations, {runs} times")
    store = Store(folder)
    store.save(annotated(rng, text, "load.txt", count))
    path = store.path_for("load.txt")
    data = path.read_bytes()
    first, median, aset = timed(lambda: Store(folder).load("load.txt"), runs)
    assert len(aset.annotations) == count - count // 50
    _, raw, _ = timed(lambda: tomllib.loads(data.decode("utf-8")), max(3, runs // 2))
    rows = [
        f"| load a file of {count:,} annotations ({len(data) / 1024 / 1024:.1f} MiB), as reader writes it "
        f"| {verdict(median, TARGET_LOAD)} | {ms(first)} | {ms(raw)} (tomllib.loads) |"
    ]
    path.write_bytes(b"# edited by hand\n" + data)  # no longer laid out as ours: read by tomllib
    _, slow, _ = timed(lambda: Store(folder).load("load.txt"), max(3, runs // 2))
    rows.append(
        f"| load the same file edited by hand (read by tomllib) | {verdict(slow, TARGET_LOAD)} | — "
        f"| {ms(raw)} (tomllib.loads) |"
    )
    return rows


def bench_counts(rng: random.Random, text: str, folder: Path, files: int, count: int) -> list[str]:
    log(f"counting the annotations of {files} files")
    store = Store(folder / "counts")
    for n in range(files):
        store.save(annotated(rng, text, f"doc{n:04}.txt", count))
    first, median, counts = timed(lambda: Store(folder / "counts").load_all_counts(), 3)
    assert len(counts) == files
    return [
        f"| load_all_counts: {files} files of {count} annotations (for the sidebar) | {ms(median)} | {ms(first)} | — |"
    ]


def bench_app(rng: random.Random, folder: Path, count: int, runs: int) -> list[str]:
    """The app itself (headless): open a book holding `count` annotations,
    and draw one screen of it, beside the same screen without annotations."""
    import asyncio
    import shutil

    from reader.core.library.corpus import open_corpus
    from reader.core.positions import Positions
    from reader.ui.app import ReaderApp

    log(f"opening a book with {count:,} annotations in the app, {runs} times")
    corpus = folder / "corpus"
    corpus.mkdir()
    shutil.copy(BOOK, corpus / "book.txt")
    shutil.copy(DOCUMENT, corpus / "aaa.txt")  # opened first, so the book is opened by the timed call
    text = load(open_corpus(corpus / "book.txt").documents[0]).text
    Store(folder / "annotations").save(annotated(rng, text, "book.txt", count))
    opens, drawn, draws, plain = [], [], [], []

    async def run(n: int) -> None:
        # Positions of its own for each run: the user's are never touched, and
        # no run starts on the book the previous one left open.
        positions = Positions(corpus, folder / f"positions-{n}.json")
        app = ReaderApp(open_corpus(corpus), folder / "annotations", positions=positions)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            book = next(doc for doc in app.corpus.documents if doc.rel == "book.txt")
            screen = app.reading_screen
            pane = screen.pane
            start = time.perf_counter()
            screen.open_document(book)  # its text is shown in the next frame; its annotations come from a worker
            opens.append(time.perf_counter() - start)
            while not pane.highlights:
                await asyncio.sleep(0.001)
            drawn.append(time.perf_counter() - start)
            await pilot.pause()
            pane.move_cursor(len(text) // 2)
            await pilot.pause()

            def screen() -> None:
                pane._screen = None
                for y in range(pane.content_size.height):
                    pane.render_line(y)

            for _ in range(10 * runs):
                draws.append(timed(screen, 1)[0])
            highlights = pane.highlights
            pane.set_highlights([])
            for _ in range(10 * runs):
                plain.append(timed(screen, 1)[0])
            pane.highlights = highlights
            shown = len(highlights.overlapping(pane.top, pane.bottom))
            log(f"{shown} highlights on the screen drawn")

    for n in range(runs):
        asyncio.run(run(n))
    return [
        f"| open a book ({len(text) / 1024:.0f} KiB) holding {count:,} annotations in the app: "
        f"its text shown | {verdict(statistics.median(opens), TARGET_LOAD)} | {ms(opens[0])} | — |",
        f"| … and its {count:,} highlights drawn (read in a worker) | "
        f"{verdict(statistics.median(drawn), TARGET_LOAD)} | {ms(drawn[0])} | — |",
        f"| draw one screen (120×40) of it, with its highlights | "
        f"{verdict(statistics.median(draws), TARGET_DRAW)} | — | {ms(statistics.median(plain))} "
        f"(the same screen without highlights) |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save-count", type=int, default=1000, help="annotations in the file saved")
    parser.add_argument("--load-count", type=int, default=10000, help="annotations in the file loaded")
    parser.add_argument("--runs", type=int, default=50, help="saves timed")
    parser.add_argument("--load-runs", type=int, default=10)
    parser.add_argument("--folder", type=Path, default=None, help="where to write the files (a temporary folder in it)")
    args = parser.parse_args()
    rng = random.Random(20261123)
    text = DOCUMENT.read_text("utf-8")
    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-store-", dir=args.folder) as folder:
        rows += bench_save(rng, text, Path(folder), args.save_count, args.runs)
        rows += bench_load(rng, text, Path(folder), args.load_count, args.load_runs)
        rows += bench_counts(rng, text, Path(folder), 200, 50)
        rows += bench_app(rng, Path(folder), args.load_count, 5)
        fs = os.statvfs(folder)
        log(f"files written under {folder} (block size {fs.f_bsize})")
    lines = [
        f"Command: `.venv/bin/python bench/store.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`  ",
        f"Date: {date.today()}  ",
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}  ",
        f"Document: `{DOCUMENT.relative_to(ROOT)}` ({len(text):,} characters); files in "
        f"`{args.folder or tempfile.gettempdir()}`\n",
        "| annotations file | median | first run | raw library cost |",
        "|---|---|---|---|",
        *rows,
        f"\nTargets: a save ≤ {TARGET_SAVE * 1000:.0f} ms; a load ≤ {TARGET_LOAD * 1000:.0f} ms "
        f"(it is part of opening a document); a screen drawn in ≤ {TARGET_DRAW * 1000:.0f} ms.",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    OUTPUT.write_text(markdown + "\n", "utf-8")


if __name__ == "__main__":
    main()
