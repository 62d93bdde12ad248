"""Export: 10,000 annotations across 100 documents, as Markdown and as JSON-LD.

Run by hand, not by the test suite: `.venv/bin/python bench/export.py`.
The documents are generated (paragraphs of words from a seed, in a
temporary folder), each with 100 annotations saved through the Store as the
app saves them: spans of 5 to 200 characters, a third with a note (some
over several lines, with Markdown), a tenth with tags. Timed: collect()
(reading every text and annotation file, placing each annotation),
to_markdown() and to_jsonld(), in the process and through `reader export`
(with the interpreter's start); then the same after a line was inserted at
the top of every document, so that every annotation has to be found again
(re-anchored, as the app places notes). Progress goes to stderr, the markdown to stdout
and to /tmp/export_bench.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation  # noqa: E402
from reader.core.annotations.store import Store  # noqa: E402
from reader.core.export.exporting import collect, to_jsonld, to_markdown  # noqa: E402
from reader.core.library.corpus import load, open_corpus  # noqa: E402
from reader.core.library.rule import Library  # noqa: E402
from reader.core.text.reading import text_sha256  # noqa: E402

TARGET = 1.0
SOURCE = ROOT / "seeds" / "003_66d8e60a35b94f19.txt"
OUTPUT = Path("/tmp/export_bench.md")
READER = Path(sys.executable).with_name("reader")
NOTES = [
    "Check this against the 2019 figures.",
    "Compare with chapter 3.\n\nThe numbers differ: see *table 2*.",
    'He says "terbium", not "dysprosium" — which?',
    "# A heading in a note\n\n- one\n- two",
    "TODO",
]


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def timed(fn, runs: int) -> tuple[float, object]:
    """(median of runs, last result)."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def generate(rng: random.Random, folder: Path, documents: int, size: int, per_document: int) -> None:
    words = SOURCE.read_text("utf-8").split()
    corpus, store = folder / "corpus", Store(Library.of(folder / "corpus"))
    corpus.mkdir()
    for n in range(documents):
        paragraphs, length = [f"Document {n}"], 0
        while length < size:
            paragraph = " ".join(rng.choices(words, k=rng.randint(20, 120)))
            paragraphs.append(paragraph)
            length += len(paragraph) + 1
        rel = f"doc{n:03}.txt"
        (corpus / rel).write_text("\n".join(paragraphs) + "\n", "utf-8")
    for doc in open_corpus(corpus).documents:
        text = load(doc).text
        aset = AnnotationSet(DocumentInfo(doc.rel, text_sha256(text), len(text), "utf-8"))
        for _ in range(per_document):
            start = rng.randrange(len(text) - 200)
            note = rng.choice(NOTES) if rng.random() < 1 / 3 else ""
            tags = rng.sample(["rare-earths", "trade", "china", "usa", "quote"], 2) if rng.random() < 0.1 else ()
            aset.put(
                make_annotation(text, start, start + rng.randint(5, 200), rng.choice(["yellow", "green"]), note, tags)
            )
        store.save(aset)


def bench(folder: Path, runs: int, label: str) -> list[str]:
    corpus, store = open_corpus(folder / "corpus"), Store(Library.of(folder / "corpus"))
    log(f"{label}: collect, to_markdown, to_jsonld, {runs} times each")
    collected, documents = timed(lambda: collect(corpus, store), runs)
    count = sum(len(d.annotations) for d in documents)
    states = {}
    for d in documents:
        for e in d.annotations:
            states[e.state] = states.get(e.state, 0) + 1
    markdown, text = timed(lambda: to_markdown(documents), runs)
    jsonld, data = timed(lambda: to_jsonld(documents), runs)
    out = folder / "notes.md"
    cli, _ = timed(
        lambda: subprocess.run([str(READER), "export", str(folder / "corpus"), "-o", str(out)], check=True),
        max(3, runs // 2),
    )
    cli_json, _ = timed(
        lambda: subprocess.run(
            [str(READER), "export", str(folder / "corpus"), "--format", "json", "-o", str(out)], check=True
        ),
        max(3, runs // 2),
    )
    startup, _ = timed(
        lambda: subprocess.run([str(READER), "export", "--help"], check=True, stdout=subprocess.DEVNULL), 3
    )
    verdict = lambda seconds: f"{ms(seconds)} {'PASS' if seconds <= TARGET else 'FAIL'}"  # noqa: E731
    placed = ", ".join(f"{n:,} {state}" for state, n in sorted(states.items()))
    return [
        f"| {label}: collect() — {len(documents)} texts and annotation files read, {count:,} annotations placed "
        f"({placed}) | {ms(collected)} | — |",
        f"| to_markdown() ({len(text.encode()) / 1024 / 1024:.1f} MiB) | {ms(markdown)} | — |",
        f"| to_jsonld() ({len(data.encode()) / 1024 / 1024:.1f} MiB) | {ms(jsonld)} | — |",
        f"| **{label}: export to Markdown, in the process (collect + to_markdown)** "
        f"| {verdict(collected + markdown)} | ≤ {ms(TARGET)} |",
        f"| **{label}: export to JSON-LD, in the process (collect + to_jsonld)** "
        f"| {verdict(collected + jsonld)} | ≤ {ms(TARGET)} |",
        f"| `reader export CORPUS -o FILE`, Markdown, whole command ({ms(startup)} of it is starting Python: "
        f"`reader export --help`) | {ms(cli)} | — |",
        f"| `reader export CORPUS --format json -o FILE`, whole command | {ms(cli_json)} | — |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--per-document", type=int, default=100, help="annotations in each document")
    parser.add_argument("--size", type=int, default=50_000, help="characters in each document")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20261123)
    with tempfile.TemporaryDirectory(prefix="reader-export-") as name:
        folder = Path(name)
        log(f"generating {args.documents} documents of {args.size:,} characters, {args.per_document} annotations each")
        generate(rng, folder, args.documents, args.size, args.per_document)
        rows = bench(folder, args.runs, "unchanged texts")
        for path in (folder / "corpus").iterdir():  # every annotation now has to be found again
            path.write_text("A line inserted at the top.\n" + path.read_text("utf-8"), "utf-8")
        rows += bench(folder, args.runs, "every text edited")
    total = args.documents * args.per_document
    lines = [
        f"Command: `.venv/bin/python bench/export.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`  ",
        f"Date: {date.today()}  ",
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}  ",
        f"Corpus: {args.documents} generated documents of {args.size:,} characters, {total:,} annotations; "
        f"medians of {args.runs} runs\n",
        "| export | median | target |",
        "|---|---|---|",
        *rows,
        '\n"Every text edited": a line inserted at the top of each document, so that no annotation is where it '
        "was and each is found again by its quote and context (re-anchored as the app places them, "
        "core/annotations/placing.py).",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    OUTPUT.write_text(markdown + "\n", "utf-8")


if __name__ == "__main__":
    main()
