"""Half-remembered passages: how often fuzzy find puts the right passage first.

Run by hand, not by the test suite: `.venv/bin/python bench/find_recall.py`.
Builds a fixed set of queries (seeded) from real sentences of the shared books
(../shared/corpora: Pride and Prejudice 2015, English; the Quijote, Spanish):
5 to 10 words of a sentence, lowercased, with one or two runs of 1 to 3
inner words forgotten between them (as "the whiteness of the whale appalled
me" forgets "that above all things"), a typo or two (a letter dropped, swapped
or replaced in a word of 5 letters or more), two neighbouring words swapped,
or several of these. Each query is run through the matcher of this working tree and through
the one before the change (src/reader/core/search/find.py and corpus_search.py
as of `--before`, read with `git show` and imported under other names), both
ways a text is searched: find() over a WordIndex of the whole book (find in a
document) and fuzzy_regions() over the regions the prefilter picks (search
all's verifier and find in a big document). A query is right when its top
match overlaps the sentence it was made from. Progress goes to stderr, the
markdown to stdout.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import re
import subprocess
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.core.search import corpus_search, find  # noqa: E402
from reader.core.text.decoding import decode  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
BOOKS = {
    "Pride and Prejudice": CORPORA / "editions" / "pride-and-prejudice-2015.txt",
    "Quijote": CORPORA / "books" / "don-quijote-latin1.txt",
}
BEFORE = "711cc23"  # main before fuzzy find allowed forgotten words
# What is done to each query, in turn: runs of inner words forgotten (their
# lengths), typos, two neighbouring words swapped.
EDITS = [((1,), 0, False), ((2,), 0, False), ((3,), 0, False), ((2, 2), 0, False), ((3, 2), 0, False)]
EDITS += [((3,), 1, False), ((2, 1), 1, False), ((), 2, False), ((), 0, True), ((), 1, True), ((2,), 0, True)]
EDITS += [((3, 1), 1, True)]
Edit = tuple[tuple[int, ...], int, bool]
_SENTENCE = re.compile(r"[^.!?;:]+[.!?;:]")
_WORD = re.compile(r"\w+")


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Query:
    text: str  # what the user types
    start: int  # the sentence it was made from, in the book's reading text
    end: int
    edit: Edit


def book_text(path: Path) -> str:
    return decode(path.read_bytes()).text


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of 10 to 40 words inside one paragraph, between Gutenberg's
    start and end lines."""
    body_start = text.index("\n", text.index("*** START")) + 1
    body_end = text.index("*** END")
    found = []
    for paragraph in re.finditer(r"(?:[^\n]+\n?)+", text[body_start:body_end]):
        for sentence in _SENTENCE.finditer(paragraph.group()):
            if 10 <= len(_WORD.findall(sentence.group())) <= 40:
                found.append(
                    (body_start + paragraph.start() + sentence.start(), body_start + paragraph.start() + sentence.end())
                )
    return found


def misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["drop", "swap", "replace"])
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letter = rng.choice([c for c in "aeioulnrst" if c != word[i]])
    return word[:i] + letter + word[i + 1 :]


def make_query(rng: random.Random, text: str, sentence: tuple[int, int], edit: Edit) -> Query | None:
    """5 to 10 words the user remembers of the sentence, as `edit` says, or
    None where the sentence is too short for it."""
    runs, typos, swap = edit
    words = _WORD.findall(text[sentence[0] : sentence[1]].lower())
    remembered = rng.randint(5, 10)
    length = remembered + sum(runs)
    if length > len(words):
        return None
    first = rng.randrange(len(words) - length + 1)
    forgotten = dict(zip(rng.sample(range(1, remembered), len(runs)), runs))  # before which remembered word
    run, at = [], first
    for i in range(remembered):
        at += forgotten.get(i, 0)
        run.append(words[at])
        at += 1
    long = [i for i, word in enumerate(run) if len(word) >= 5]
    if len(long) < typos:
        return None
    for i in rng.sample(long, typos):
        run[i] = misspell(rng, run[i])
    if swap:
        i = rng.randrange(len(run) - 1)
        run[i], run[i + 1] = run[i + 1], run[i]
    return Query(" ".join(run), *sentence, edit)


def queries(text: str, count: int, seed: int) -> list[Query]:
    rng = random.Random(seed)
    candidates = sentences(text)
    made: list[Query] = []
    while len(made) < count:
        query = make_query(rng, text, rng.choice(candidates), EDITS[len(made) % len(EDITS)])
        if query is not None:
            made.append(query)
    return made


def before_modules(revision: str) -> tuple[types.ModuleType, types.ModuleType]:
    """find.py and corpus_search.py as of `revision`, imported as
    reader.core.search.find_before and corpus_search_before."""

    def load(name: str, source: str) -> types.ModuleType:
        spec = importlib.util.spec_from_loader(f"reader.core.search.{name}", loader=None)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "reader.core.search"
        sys.modules[spec.name] = module
        exec(compile(source, f"{name}.py@{revision}", "exec"), module.__dict__)
        return module

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{revision}:{path}"], capture_output=True, text=True, check=True
        ).stdout

    old_find = load("find_before", show("src/reader/core/search/find.py"))
    old_corpus = load(
        "corpus_search_before",
        show("src/reader/core/search/corpus_search.py").replace("from .find import", "from .find_before import"),
    )
    return old_find, old_corpus


Searcher = Callable[[str, str], list]  # (book text, query) -> matches, best first


def searchers(revision: str, texts: dict[str, str]) -> dict[str, Searcher]:
    old_find, old_corpus = before_modules(revision)
    indexes = {
        (module.__name__, name): module.WordIndex(text) for module in (find, old_find) for name, text in texts.items()
    }
    by_text = {id(text): name for name, text in texts.items()}

    def whole(module: types.ModuleType) -> Searcher:
        return lambda text, query: module.find(
            text, query, index=indexes[module.__name__, by_text[id(text)]], limit=1000
        )

    def regions(module: types.ModuleType, finder: types.ModuleType) -> Searcher:
        def search(text: str, query: str) -> list:
            tokens = finder.query_tokens(query)
            grams = [module.query_grams(token) for token in tokens]
            return module.fuzzy_regions(text, tokens, grams, 1000, lambda: False) or []

        return search

    return {
        f"find, before ({revision})": whole(old_find),
        "find, after": whole(find),
        f"regions (search all), before ({revision})": regions(old_corpus, old_find),
        "regions (search all), after": regions(corpus_search, find),
    }


def rank(matches: list, query: Query) -> int | None:
    """Where the first match overlapping the query's sentence stands (1 = first)."""
    for n, match in enumerate(matches[:3], 1):
        if match.start < query.end and query.start < match.end:
            return n
    return None


def describe(edit: Edit) -> str:
    runs, typos, swap = edit
    parts = [f"{'+'.join(map(str, runs))} forgotten"] if runs else []
    parts += [f"{typos} typo{'s' * (typos > 1)}"] if typos else []
    parts += ["swap"] if swap else []
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-book", type=int, default=36, help="queries made from each book")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--before", default=BEFORE, help="the git revision of the matcher to compare with")
    parser.add_argument("--show", action="store_true", help="list the queries and their ranks on stderr")
    args = parser.parse_args()
    texts = {name: book_text(path) for name, path in BOOKS.items()}
    made = [
        (name, q) for n, (name, text) in enumerate(texts.items()) for q in queries(text, args.per_book, args.seed + n)
    ]
    log(f"{len(made)} queries; indexing the books")
    ranks: dict[str, list[int | None]] = {}
    for label, search in searchers(args.before, texts).items():
        log(label)
        ranks[label] = [rank(search(texts[name], q.text), q) for name, q in made]
    if args.show:
        for i, (name, q) in enumerate(made):
            log(f"{name[:5]} {describe(q.edit):26} {[r[i] for r in ranks.values()]} {q.text}")
    kinds = list(dict.fromkeys(EDITS))
    print(f"Command: `.venv/bin/python bench/find_recall.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`  ")
    print(f"Date: {date.today()}  ")
    print(
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}  "
    )
    print(f"Queries: {len(made)} ({', '.join(f'{sum(n == name for n, _ in made)} from {name}' for name in texts)})\n")
    print("| matcher | right first | in the top 3 | " + " | ".join(f"first: {describe(e)}" for e in kinds) + " |")
    print("|---|---|---|" + "---|" * len(kinds))
    for label, found in ranks.items():
        first = sum(r == 1 for r in found)
        top3 = sum(r is not None for r in found)
        by_kind = []
        for edit in kinds:
            of_kind = [r for (_, q), r in zip(made, found) if q.edit == edit]
            by_kind.append(f"{sum(r == 1 for r in of_kind)}/{len(of_kind)}")
        print(
            f"| {label} | {first}/{len(found)} ({100 * first / len(found):.0f}%) "
            f"| {top3}/{len(found)} ({100 * top3 / len(found):.0f}%) | " + " | ".join(by_kind) + " |"
        )


if __name__ == "__main__":
    main()
