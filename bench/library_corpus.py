"""Library corpora of real prose, for the issue-12 benchmarks and for tests.

`python bench/library_corpus.py OUT --docs N --mb M [--seed S]` writes N
documents of about M MB in all (1 MB = 10**6 bytes of UTF-8) into OUT, a new
or empty folder, and what was planted where into OUT.json beside it (not in
OUT: every file in OUT is a document). Tests import `generate()`.

The prose is the paragraphs (blank-line separated) of the Gutenberg books in
../shared/corpora, without Gutenberg's header and licence: Don Quijote
(Latin-1, decoded as such) and Pride and Prejudice (2018 edition, UTF-8 with
curly quotes). The hard line breaks inside paragraphs are kept (CRLF becomes
LF), since phrases split by them are part of what a search must find. The
paragraphs are dealt out in ever new shuffles of a seeded RNG, so every
document is a different run of them, and cut into documents whose sizes vary
from half to one and a half times the mean. A document is
`<folder>/<shelf>/volume-NNNNN.txt` in 20 folders (documents in natural order
of their paths are in number order) and starts with its title line
`Volume NNNNN`. A few made-up sentences, in none of the books, are planted,
each in exactly one document (its own paragraph, never the first one), so
that "the passage is in one document" searches exist; the manifest says in
which document and on which line. Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
SOURCES = (SHARED / "books" / "don-quijote-latin1.txt", SHARED / "editions" / "pride-and-prejudice-2018.txt")
MB = 10**6
VERSION = 2  # of the layout: a manifest of another version is not this generator's output
TITLE = "Volume {:05d}"
WINGS, SHELVES = 5, 4  # 20 folders: wing-W/shelf-S
# Made-up sentences, in none of the books (checked when generating). The
# last two are a phrase split by a hard line break, as in Gutenberg books,
# and one with accents to fold.
PLANTED = (
    "The lighthouse keeper counted eleven herons at dawn and wrote their names in chalk.",
    "A clockmaker from Tromsø mended the orchard gate with seven copper hinges.",
    "Our cartographer misplaced the northern glacier twice before supper on Thursday.",
    "The violinist traded her bicycle for a jar of saffron and a map of Lisbon.",
    "Nineteen porcelain foxes guarded the stairwell of the abandoned observatory.",
    "Beneath the tramway bridge a beekeeper whistled hymns to the sleeping barges.",
    "The ferryman's daughter kept a ledger\nof every comet she had seen since the flood.",
    "La tejedora de Cádiz guardó trece cometas de papel en un baúl de nogal.",
)


@dataclass
class Planted:
    text: str  # as written, hard line break included
    rel: str  # the document's path inside the corpus
    line: int  # 1-based line of the document where it starts


@dataclass
class Library:
    """What generate() wrote: enough for a benchmark or a test to know what to look for."""

    root: str
    documents: int
    mb: float  # asked for
    seed: int
    bytes: int  # written, in all
    first_document: str  # rel path of the first document in natural order
    first_text: str  # the start of that document's first line of text (not its title)
    planted: list[Planted] = field(default_factory=list)
    version: int = VERSION

    @property
    def manifest(self) -> Path:
        return manifest_path(Path(self.root))


def manifest_path(root: Path) -> Path:
    return root.parent / f"{root.name}.json"


def read_manifest(root: Path) -> Library | None:
    """The manifest generate() wrote beside `root`, if it is there and current."""
    try:
        data = json.loads(manifest_path(root).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != VERSION:
        return None
    data["planted"] = [Planted(**p) for p in data["planted"]]
    return Library(**data)


def paragraphs(path: Path) -> list[str]:
    """The paragraphs of a Gutenberg book's body, hard line breaks kept."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # the one book that is not UTF-8 is ISO-8859-1
    text = text.replace("\r\n", "\n")
    start = re.search(r"^\*\*\* ?START OF.*$", text, re.MULTILINE)
    end = re.search(r"^\*\*\* ?END OF.*$", text, re.MULTILINE)
    body = text[start.end() if start else 0 : end.start() if end else len(text)]
    # Gutenberg's own lines inside the body ("Produced by ... Project Gutenberg volunteer") are not the book.
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", body) if p.strip() and "Project Gutenberg" not in p]


def _sizes(rng: random.Random, documents: int, total: int) -> list[int]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(documents)]
    scale = total / sum(weights)
    return [max(1, round(w * scale)) for w in weights]


def _first_words(line: str, limit: int = 32) -> str:
    """The start of `line` cut at a word end, short enough to stay on one screen line."""
    if len(line) <= limit:
        return line.rstrip()
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > 8 else limit].rstrip()


def rel_path(n: int, documents: int) -> str:
    """Documents in blocks, folder by folder, so natural order is number order."""
    folder = n * WINGS * SHELVES // documents
    return f"wing-{folder // SHELVES}/shelf-{folder % SHELVES}/volume-{n:05d}.txt"


def generate(root: Path, documents: int, mb: float, seed: int = 12) -> Library:
    """Write the corpus into `root` (created; must be empty) and its manifest beside it."""
    if documents < len(PLANTED):
        raise ValueError(f"at least {len(PLANTED)} documents: one for each planted sentence")
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    pool = [p for source in SOURCES for p in paragraphs(source)]
    folded = "\n\n".join(pool).lower()
    for sentence in PLANTED:
        assert sentence.lower() not in folded, f"planted sentence found in the books: {sentence}"
    sizes = [len(p.encode("utf-8")) + 2 for p in pool]  # with the blank line after it

    rng = random.Random(seed)
    targets = _sizes(rng, documents, round(mb * MB))
    planted_in = dict(zip(rng.sample(range(documents), len(PLANTED)), PLANTED))
    order: list[int] = []
    taken = 0
    library = Library(str(root), documents, mb, seed, 0, rel_path(0, documents), "")
    for n, target in enumerate(targets):
        title = TITLE.format(n)
        budget = target - len(title) - 2
        body: list[str] = []
        while True:
            if taken == len(order):  # a new shuffle of every paragraph
                order = list(range(len(pool)))
                rng.shuffle(order)
                taken = 0
            if body and budget < sizes[order[taken]] / 2:
                break  # closer to the target without it
            body.append(pool[order[taken]])
            budget -= sizes[order[taken]]
            taken += 1
        if n in planted_in:
            at = rng.randrange(1, len(body) + 1)
            body.insert(at, planted_in[n])
            line = 3 + sum(p.count("\n") + 2 for p in body[:at])  # title, blank line, then paragraphs
            library.planted.append(Planted(planted_in[n], rel_path(n, documents), line))
        if n == 0:
            library.first_text = _first_words(body[0].split("\n", 1)[0])
        data = (title + "\n\n" + "\n\n".join(body) + "\n").encode("utf-8")
        path = root / rel_path(n, documents)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        library.bytes += len(data)
    library.planted.sort(key=lambda p: PLANTED.index(p.text))
    manifest_path(root).write_text(json.dumps(asdict(library), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return library


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="a new or empty folder")
    parser.add_argument("--docs", type=int, required=True, help="how many documents")
    parser.add_argument("--mb", type=float, required=True, help="MB (10**6 bytes) of text in all")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        library = generate(args.out, args.docs, args.mb, args.seed)
    except ValueError as err:
        print(f"library_corpus: {err}", file=sys.stderr)
        return 2
    print(
        f"{library.documents} documents, {library.bytes / MB:.1f} MB in {args.out} "
        f"({time.monotonic() - started:.1f} s); planted sentences in {library.manifest}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
