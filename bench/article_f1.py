"""Article-body F1 of reader's HTML article extraction on the shared pages,
beside plain trafilatura.extract() in the same run.

The score is the article-extraction-benchmark's (scrapinghub/zyte,
evaluate.py), computed the same way: 4-word shingles of `\\w+` tokens (case
kept), per page true positives, false positives and false negatives
normalised by their sum, precision and recall averaged over the pages (a page
counts for precision only when something was predicted, for recall only when
the truth has shingles), F1 from the two averages. Ours is scored on the text
the reader shows: `read_page`'s reading text, the article rendered.

    .venv/bin/python bench/article_f1.py [--pages ../shared/corpora/html] [--per-page]

Prints a Markdown table on stdout (per page with --per-page), progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from reader.core.text.page import read_page

PAGES = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "html"
TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_counts(true: str, pred: str) -> Counts:
    truth, guess = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in truth.keys() | guess.keys():
        tp += min(truth[key], guess[key])
        fp += max(0, guess[key] - truth[key])
        fn += max(0, truth[key] - guess[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(counts: list[Counts]) -> tuple[float, float, float]:
    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return 2 * p * r / (p + r), p, r


def ours(data: bytes) -> str:
    return read_page(data).text


def trafilatura_default(data: bytes) -> str:
    # As the benchmark runs it: the page read as UTF-8, extract() with comments off.
    return trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False) or ""


EXTRACTORS: dict[str, Callable[[bytes], str]] = {"reader": ours, "trafilatura.extract": trafilatura_default}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--per-page", action="store_true")
    args = parser.parse_args()
    truth = json.loads((args.pages / "ground-truth.json").read_text(encoding="utf-8"))
    counts: dict[str, list[Counts]] = {name: [] for name in EXTRACTORS}
    seconds: dict[str, float] = dict.fromkeys(EXTRACTORS, 0.0)
    rows = []
    for key in sorted(truth):
        data = (args.pages / f"{key}.html").read_bytes()
        row = [key]
        for name, extract in EXTRACTORS.items():
            start = time.perf_counter()
            text = extract(data)
            seconds[name] += time.perf_counter() - start
            found = shingle_counts(truth[key]["articleBody"], text)
            counts[name].append(found)
            row.append(f"{precision(*found):.3f} / {recall(*found):.3f}")
        rows.append(row)
        print(key, *row[1:], file=sys.stderr)
    if args.per_page:
        print("| page | " + " | ".join(f"{name} P / R" for name in EXTRACTORS) + " |")
        print("| --- |" + " --- |" * len(EXTRACTORS))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print()
    print(f"{len(truth)} pages of {args.pages}\n")
    print("| extractor | F1 | precision | recall | seconds |")
    print("| --- | --- | --- | --- | --- |")
    for name in EXTRACTORS:
        f1, p, r = scores(counts[name])
        print(f"| {name} | {f1:.3f} | {p:.3f} | {r:.3f} | {seconds[name]:.1f} |")


if __name__ == "__main__":
    main()
