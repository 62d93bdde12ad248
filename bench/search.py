"""Search speed: find() in one big document, CorpusSearcher over a big corpus.

Run by hand, not by the test suite: `.venv/bin/python bench/search.py`.
Generates an English-like document of 3 MiB (words of the seeds and made-up
words, Zipf-distributed, in sentences and paragraphs) and a corpus of 1,000
such documents totalling 100 MiB in a temporary folder. Queries are 2 to 5
consecutive words of the generated text with a typo in every word of 5
letters or more. Each figure is beside the raw cost of the library work it
rests on (rapidfuzz over the vocabulary; reading and scanning the corpus),
so our own overhead shows. Progress goes to stderr, the markdown to stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from itertools import accumulate, islice
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.core.library.corpus import load, open_corpus  # noqa: E402
from reader.core.search.corpus_search import CorpusSearcher, _fold, candidate_regions, query_grams  # noqa: E402
from reader.core.search.find import Mode, WordIndex, _cutoff, find, query_tokens  # noqa: E402
from reader.ui.find_bar import LIMIT  # noqa: E402

MIB = 1 << 20
TARGET_FIND = 0.050
TARGET_FIRST = 0.300
TARGET_ALL = 3.0


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """ASCII words: those of the seeds, most frequent first, then made-up
    ones as the rare tail; Zipf-distributed, so a few words are everywhere."""
    seen = Counter(
        w.lower()
        for path in sorted((ROOT / "seeds").iterdir())
        for w in re.findall(r"[a-zA-Z]+", path.read_text("utf-8"))
    )
    syllables = ["ka", "lo", "ren", "tis", "mar", "ul", "pe", "dra", "vin", "os", "te", "quo", "sa", "nim"]
    made_up = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(40_000)} - set(seen))
    rng.shuffle(made_up)
    words = [w for w, _ in seen.most_common()] + made_up
    return words, list(accumulate(1 / (rank + 1) for rank in range(len(words))))


def generate(rng: random.Random, words: list[str], cum_weights: list[float], size: int) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(2, 8)):
            sentence = rng.choices(words, cum_weights=cum_weights, k=rng.randint(6, 24))
            sentence[0] = sentence[0].capitalize()
            sentences.append(" ".join(sentence) + rng.choice(".....?!"))
        out.append(" ".join(sentences))
        length += len(out[-1]) + 1
    return "\n".join(out)[:size]


def misspell(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["drop", "swap", "replace"])
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]


def queries(rng: random.Random, text: str, count: int) -> list[tuple[str, int]]:
    """(query, where its passage starts)."""
    words = list(re.finditer(r"\w+", text))
    found = []
    while len(found) < count:
        n = 2 + len(found) % 4
        i = rng.randrange(len(words) - n)
        passage = words[i : i + n]
        if sum(len(w.group()) >= 5 for w in passage) < 2:
            continue  # a query of only short, common words says little
        found.append((" ".join(misspell(rng, w.group()) for w in passage), passage[0].start()))
    return found


def timed(fn, runs: int) -> tuple[float, float, object]:
    """(first run, median of runs, last result)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def verdict(seconds: float, target: float) -> str:
    return f"{ms(seconds)} {'PASS' if seconds <= target else 'FAIL'}"


def bench_document(rng: random.Random, words, weights, size: int, runs: int) -> list[str]:
    log(f"generating a {size / MIB:.0f} MiB document")
    text = generate(rng, words, weights, size)
    _, build, index = timed(lambda: WordIndex(text), 5)
    rows = [
        f"| index build, {size / MIB:.0f} MiB ({len(index.ids):,} words, {len(index.vocab):,} distinct) "
        f"| {ms(build)} | — | — | — |"
    ]
    typing = [("t", -1), ("the e", -1), ("the econ", -1)]  # keystrokes on the way to a query
    for query, where in queries(rng, text, 8) + typing:
        fresh = WordIndex(text)  # the first search also computes word offsets where it needs them
        first, median, matches = timed(lambda: find(text, query, index=fresh, limit=LIMIT), runs)
        tokens = query_tokens(query)

        def raw() -> None:
            for token in tokens:
                if len(token) >= 4:
                    process.extract(token, index.vocab, scorer=fuzz.ratio, score_cutoff=_cutoff(len(token)), limit=None)

        _, raw_median, _ = timed(raw, runs)
        starts = [m.start for m in matches]
        top = (
            ""
            if where < 0
            else ", passage first"
            if starts[:1] == [where]
            else (f", passage rank {starts.index(where) + 1}" if where in starts else ", passage missed")
        )
        rows.append(
            f"| fuzzy `{query}` ({len(matches):,} matches{top}) | {verdict(median, TARGET_FIND)} "
            f"| {ms(first)} | {ms(raw_median)} | — |"
        )
    for mode, query in (
        (Mode.EXACT, "the"),
        (Mode.EXACT, "economy"),
        (Mode.REGEX, r"\bthe \w+ing\b"),
        (Mode.REGEX, r"^[A-Z]\w+ \w+"),
    ):
        first, median, matches = timed(lambda: find(text, query, mode), max(3, runs // 4))
        pattern = re.compile(
            re.escape(query) if mode is Mode.EXACT else query,
            re.IGNORECASE | re.MULTILINE if query.islower() or mode is Mode.EXACT else re.MULTILINE,
        )
        _, raw_median, _ = timed(lambda: sum(1 for _ in islice(pattern.finditer(text), 10_000)), max(3, runs // 4))
        rows.append(
            f"| {mode.value} `{query}` ({len(matches):,} matches) | {verdict(median, TARGET_FIND)} "
            f"| {ms(first)} | {ms(raw_median)} | — |"
        )
    return rows


def bench_keys(text: str, folder: Path, typed: list[str]) -> list[str]:
    """Type each query into the find bar of the real app (headless), one key
    at a time; time each key from its press to its matches drawn."""
    import asyncio

    from reader.core.library.corpus import open_corpus as open_
    from reader.ui.app import ReaderApp

    path = folder / "big.txt"
    path.write_text(text, "utf-8")
    rows = []

    async def run() -> None:
        app = ReaderApp(open_(path))
        async with app.run_test(size=(120, 40)) as pilot:
            # The Pilot waits for the app to be idle after each key, so the
            # time is taken from inside: when the results were applied, and
            # when the next frame was composed for the terminal after that
            # (headless, it is not written: that costs ~1 ms in a terminal).
            writes: list[float] = []
            display = app._display
            app._display = lambda screen, update: (
                writes.append(time.perf_counter()) if update else None,
                display(screen, update),
            )[1]
            bar = app.reading_screen.find_bar
            applied: dict[int, float] = {}
            found = bar._found
            bar._found = lambda *args: (found(*args), applied.__setitem__(bar._generation, time.perf_counter()))[0]
            await pilot.pause(0.5)
            await pilot.press("slash")
            while bar._index is None:  # built while the first query is typed
                await asyncio.sleep(0.01)
            for query in typed:
                times = []
                for key in query:
                    start = time.perf_counter()
                    await pilot.press("space" if key == " " else key)
                    generation = bar._generation
                    while generation not in applied:
                        await asyncio.sleep(0.001)
                    await pilot.pause()
                    drawn = min(t for t in writes if t >= applied[generation])
                    times.append(drawn - start)
                rows.append(
                    f"| keystroke to screen, typing `{query}` in the app ({len(bar.matches):,} matches; "
                    f"slowest key {ms(max(times))}) | {verdict(statistics.median(times), TARGET_FIND)} "
                    f"| {ms(times[0])} | — | — |"
                )
                await pilot.press(*["backspace"] * len(query))

    asyncio.run(run())
    return rows


def bench_corpus(rng: random.Random, words, weights, folder: Path, documents: int, size: int, runs: int) -> list[str]:
    log(f"generating a corpus of {documents} documents, {size / MIB:.0f} MiB in all, in {folder}")
    texts = []
    for n in range(documents):
        text = generate(rng, words, weights, rng.randint(size // documents // 2, size // documents * 3 // 2))
        (folder / f"doc{n:04}.txt").write_text(text, "utf-8")
        texts.append(text)
    docs = open_corpus(folder).documents
    total = sum(d.size for d in docs)

    def read_all() -> None:
        for doc in docs:
            _fold(load(doc).text)

    _, read_median, _ = timed(read_all, runs)
    loaded = [load(doc).text for doc in docs]
    rows = [
        f"| corpus: read, decode and lowercase every document ({len(docs)} documents, {total / MIB:.0f} MiB) "
        f"| — | — | {ms(read_median)} | — |"
    ]
    sample = loaded[:50]
    _, index_sample, _ = timed(lambda: [WordIndex(t) for t in sample], 1)
    rows.append(
        f"| corpus: a full WordIndex of every document (from {len(sample)}, extrapolated) "
        f"| — | — | {ms(index_sample * len(loaded) / len(sample))} | — |"
    )
    picks = [(query, Mode.FUZZY) for query, _ in queries(rng, texts[rng.randrange(documents)], 3)]
    picks += [("the economy of", Mode.FUZZY), ("the economy", Mode.EXACT), (r"\bthe \w+ing\b", Mode.REGEX)]
    searchers = [CorpusSearcher(docs), CorpusSearcher(docs, parallel=False)]
    searchers[0].warm_up()
    time.sleep(1)  # the worker processes start (the app starts them when the search screen opens)
    try:
        for query, mode in picks:
            figures = [corpus_run(searcher, query, mode, runs) for searcher in searchers]
            (first, everything, count), (_, alone, _) = figures
            raw = "—"
            if mode is Mode.FUZZY:
                tokens = query_tokens(query)
                grams = [query_grams(token) for token in tokens]
                _, prefilter, _ = timed(lambda: [candidate_regions(t, tokens, grams) for t in loaded], 1)
                raw = f"{ms(prefilter)} (prefilter only, texts in memory)"
            rows.append(
                f"| corpus {mode.value} `{query}` ({count} hits) | {verdict(first, TARGET_FIRST)} "
                f"| — | {raw} | {verdict(everything, TARGET_ALL)} ({ms(alone)} in one process) |"
            )
    finally:
        searchers[0].close()
    return rows


def corpus_run(searcher: CorpusSearcher, query: str, mode: Mode, runs: int) -> tuple[float, float, int]:
    """Medians of (time to the first hit, time to the last), and the hits."""
    firsts, alls, count = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        first = None
        count = 0
        for _searched, hits in searcher.search(query, mode):
            if hits and first is None:
                first = time.perf_counter() - start
            count += len(hits)
        alls.append(time.perf_counter() - start)
        firsts.append(first if first is not None else alls[-1])
    return statistics.median(firsts), statistics.median(alls), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=3, help="MiB of the one document")
    parser.add_argument("--corpus", type=float, default=100, help="MiB of the corpus")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20, help="runs of each in-document search")
    parser.add_argument("--corpus-runs", type=int, default=3)
    parser.add_argument("--parts", default="document,keys,corpus", help="which parts to run")
    args = parser.parse_args()
    rng = random.Random(20261123)
    words, weights = vocabulary(rng)
    parts = args.parts.split(",")
    rows = []
    if "document" in parts:
        rows += bench_document(rng, words, weights, int(args.size * MIB), args.runs)
    if "keys" in parts:
        with tempfile.TemporaryDirectory(prefix="reader-keys-") as folder:
            text = generate(random.Random(1), words, weights, int(args.size * MIB))
            typed = [query for query, _ in queries(random.Random(2), text, 4)] + ["the economy"]
            rows += bench_keys(text, Path(folder), typed)
    if "corpus" in parts:
        with tempfile.TemporaryDirectory(prefix="reader-search-") as folder:
            rows += bench_corpus(
                rng, words, weights, Path(folder), args.documents, int(args.corpus * MIB), args.corpus_runs
            )
    print(f"Command: `.venv/bin/python bench/search.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`  ")
    print(f"Date: {date.today()}  ")
    print(
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}\n"
    )
    print("| search | median (engine) | first run | raw library cost | all hits |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print(
        f"\nTargets: in-document find ≤ {TARGET_FIND * 1000:.0f} ms (the engine's part of keystroke to screen); "
        f"corpus first hit ≤ {TARGET_FIRST * 1000:.0f} ms, all hits ≤ {TARGET_ALL:.0f} s."
    )


if __name__ == "__main__":
    main()
