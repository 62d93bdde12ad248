"""Re-anchoring accuracy and speed: how many annotations follow a changed
document to the right place, how many are orphaned, how many go wrong.

Run by hand: `.venv/bin/python bench/anchoring.py [FOLDER ...]` (about a
minute; --no-speed or --speed-only for a part). Texts: the seeds, the books
of ../shared/corpora/, and every document of the folders given. On each
text, 1,000 annotations of one word to three paragraphs (cut at word
boundaries, as the keys select) are placed, the text is changed, and every
annotation is re-anchored in the new text with reanchor(). Each change is
built piece by piece, so where every character of the old text went is
known: the right span is the one the quoted characters went to (ends within
2 characters, or 2% of the length). A quote less than half of which
survives, or that was cut in two and its parts moved apart (none holding
90% of it), has no right span: it should be orphaned, or its largest piece
offered for review (fuzzy), never attached. Rows are split by
whether the change touched the quote.

The two Gutenberg editions of Pride and Prejudice are a real pair: the right
span there comes from aligning the two texts (difflib, by lines then by
characters), independently of the anchoring code.

Speed: 1,000 annotations on 3 MiB (the books and seeds, then paragraphs of
their words in a random order), each change timed over --runs runs.

Progress goes to stderr; the Markdown to stdout and to /tmp/anchoring_bench.md.
"""

from __future__ import annotations

import argparse
import difflib
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import ftfy.bad_codecs  # noqa: E402,F401  (registers sloppy-windows-1252)

from reader.core.annotations.anchoring import State, TextIndex, reanchor  # noqa: E402
from reader.core.annotations.model import Annotation, make_annotation  # noqa: E402
from reader.core.library.corpus import load, open_corpus  # noqa: E402
from reader.core.text.decoding import decode  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
EDITIONS = CORPORA / "editions"
OUTPUT = Path("/tmp/anchoring_bench.md")
COUNT = 1000
TARGET_TIME = 2.0
MIB = 1 << 20


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


# -- texts ------------------------------------------------------------------------


def reading_texts(folders: list[Path]) -> list[tuple[str, str]]:
    """(name, reading text) of every document: seeds one by one, the books,
    the folders given (the 2018 edition is kept for the pair)."""
    found = []
    for folder in [ROOT / "seeds", CORPORA, *folders]:
        if not folder.exists():
            log(f"skipped {folder}: not found")
            continue
        corpus = open_corpus(folder)
        for doc in corpus.documents:
            if folder == CORPORA and (doc.rel.endswith("-2018.txt") or doc.rel == "README.md"):
                continue
            text = load(doc).text
            if len(text) >= 2000:
                found.append((doc.rel if folder != ROOT / "seeds" else f"seeds/{doc.rel}", text))
    return found


# -- annotations -------------------------------------------------------------------

KINDS = (("word", 25), ("2-3 words", 20), ("phrase", 20), ("sentence", 15), ("paragraph", 12), ("2-3 paragraphs", 8))


def by_lines(text: str) -> bool:
    """Whether the text's paragraphs are its lines (blank lines are rare)."""
    return len(re.findall(r"\n[ \t]*\n", text)) * 10 < text.count("\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    pattern = r"\S.*" if by_lines(text) else r"\S(?:.|\n(?![ \t]*\n))*"
    spans = []
    for m in re.finditer(pattern, text):
        s, e = m.span()
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((s, e))
    return spans


def place(rng: random.Random, text: str, count: int) -> list[Annotation]:
    words = [m.span() for m in re.finditer(r"\S+", text)]
    starts = [s for s, _ in words]
    paragraphs = paragraph_spans(text)
    sentence_ends = [m.end() for m in re.finditer(r"[.!?;:][\"'”’)]*(?=\s)", text)]
    names, weights = zip(*KINDS)
    out = []
    while len(out) < count:
        kind = rng.choices(names, weights)[0]
        if kind.endswith(("paragraph", "paragraphs")):
            n = 1 if kind == "paragraph" else rng.randint(2, 3)
            i = rng.randrange(max(1, len(paragraphs) - n + 1))
            s, e = paragraphs[i][0], paragraphs[min(len(paragraphs), i + n) - 1][1]
            if e - s > 4000:  # a chapter-long "paragraph" (verse, tables): cut at a word
                e = words[min(len(words) - 1, bisect_left(starts, s + 4000))][1]
        else:
            i = rng.randrange(len(words))
            if kind == "word":
                j = i
            elif kind == "2-3 words":
                j = i + rng.randint(1, 2)
            elif kind == "phrase":
                j = i + rng.randint(3, 11)
            else:  # from a word after a sentence end to the next sentence end
                k = bisect_left(sentence_ends, words[i][0])
                if k >= len(sentence_ends):
                    continue
                i = bisect_left(starts, sentence_ends[k - 1]) if k else 0
                j = bisect_left(starts, sentence_ends[k]) - 1
            j = min(j, len(words) - 1)
            if j < i:
                continue
            s, e = words[i][0], words[j][1]
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(make_annotation(text, s, e, kind))
    return out


# -- changes: the new text and where each old character went ------------------------


class Change:
    """The old text (annotations are placed on it), the new one, and how
    they correspond: pieces (old start, old end, new start, new end, same),
    in old order; a piece that is not the same was replaced (or deleted,
    or inserted) as a whole."""

    def __init__(self) -> None:
        self.old_parts: list[str] = []
        self.new_parts: list[str] = []
        self.pieces: list[tuple[int, int, int, int, bool]] = []
        self.o = self.n = 0

    def same(self, s: str) -> None:
        self._add(s, s, True)

    def differ(self, old: str, new: str) -> None:
        self._add(old, new, False)

    def _add(self, old: str, new: str, same: bool) -> None:
        if old or new:
            self.pieces.append((self.o, self.o + len(old), self.n, self.n + len(new), same))
            self.old_parts.append(old)
            self.new_parts.append(new)
            self.o += len(old)
            self.n += len(new)

    def done(self):
        return "".join(self.old_parts), "".join(self.new_parts), self.pieces


def moved(old: str, order: list[tuple[int, int]]):
    """The old text's pieces (old start, old end) in a new order."""
    parts, pieces, n = [], [], 0
    for a, b in order:
        parts.append(old[a:b])
        pieces.append((a, b, n, n + b - a, True))
        n += b - a
    return old, "".join(parts), sorted(pieces)


def rewrap(text: str, rng: random.Random):
    """Paragraphs filled again to another width: 50 columns if they were
    wrapped wider, else 72 (long lines get wrapped)."""
    lengths = [len(line) for line in text.split("\n") if len(line) > 30]
    width = 50 if lengths and statistics.median(lengths) > 60 else 72
    c, col, last = Change(), 0, 0
    one_line_paragraphs = by_lines(text)
    for m in re.finditer(r"\S+", text):
        sep = text[last : m.start()]
        if last == 0 or sep.count("\n") > 1 or one_line_paragraphs and "\n" in sep:
            c.same(sep)  # paragraph breaks stay
            col = len(sep) - sep.rfind("\n") - 1 if "\n" in sep else col + len(sep)
        else:
            new = "\n" if col + 1 + len(m.group()) > width else " "
            c.same(sep) if new == sep else c.differ(sep, new)
            col = 0 if new == "\n" else col + 1
        c.same(m.group())
        col += len(m.group())
        last = m.end()
    c.same(text[last:])
    return c.done()


def crlf(text: str, rng: random.Random):
    new = decode(text.replace("\n", "\r\n").encode("utf-8")).text
    assert new == text, "the pipeline does not give back the same reading text"
    return text, new, [(0, len(text), 0, len(text), True)]


def misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    how = rng.randrange(4)
    if how == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == 1:
        return word[:i] + word[i + 1 :]
    if how == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]


def typos_fixed(text: str, rng: random.Random):
    """The old text had a typo every ~400 characters; the new one fixes them."""
    c, last = Change(), 0
    for m in re.finditer(r"[^\W\d_]{4,}", text):
        if rng.random() < 1 / 60:
            c.same(text[last : m.start()])
            c.differ(misspell(rng, m.group()), m.group())
            last = m.end()
    c.same(text[last:])
    return c.done()


def paragraphs_inserted_deleted(text: str, rng: random.Random):
    """5% of paragraphs deleted, new paragraphs (words of the text in a
    random order) inserted before 5% of them."""
    vocabulary = re.findall(r"\S+", text)
    spans = paragraph_spans(text)
    joint = "\n" if by_lines(text) else "\n\n"
    c, last = Change(), 0
    for i, (s, _) in enumerate(spans):
        nxt = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        c.same(text[last:s])
        if rng.random() < 0.05:
            words = rng.choices(vocabulary, k=rng.randint(20, 120))
            c.differ("", "\n".join(" ".join(words[j : j + 11]) for j in range(0, len(words), 11)) + joint)
        if rng.random() < 0.05:
            c.differ(text[s:nxt], "")
        else:
            c.same(text[s:nxt])
        last = nxt
    c.same(text[last:])
    return c.done()


def sections_moved(text: str, rng: random.Random):
    """The text cut in 12 sections at paragraph breaks; 3 of them moved."""
    breaks = [m.end() for m in re.finditer(r"\n" if by_lines(text) else r"\n[ \t]*\n", text)]
    cuts = sorted({breaks[min(len(breaks) - 1, int(len(breaks) * k / 12))] for k in range(1, 12)}) if breaks else []
    bounds = [0, *cuts, len(text)]
    sections = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    order = list(sections)
    for section in rng.sample(sections, min(3, len(sections))):
        order.remove(section)
        order.insert(rng.randrange(len(order) + 1), section)
    return moved(text, order)


def edited(text: str, rng: random.Random):
    """5% of the characters substituted, deleted, or given a character before them."""
    positions = sorted(rng.sample(range(len(text)), len(text) // 20))
    c, last = Change(), 0
    for p in positions:
        c.same(text[last:p])
        how = rng.random()
        letter = rng.choice("etaoinshrdlu")
        if how < 0.5:
            c.differ(text[p], letter)
        elif how < 0.75:
            c.differ(text[p], "")
        else:
            c.differ("", letter)
            c.same(text[p])
        last = p + 1
    c.same(text[last:])
    return c.done()


def mojibake_repaired(text: str, rng: random.Random):
    """The old text is the new one's UTF-8 read as Windows-1252 (what the
    pipeline repairs): annotations made before the repair quote mojibake."""
    c, last = Change(), 0
    for m in re.finditer(r"[^\x00-\x7f]+", text):
        c.same(text[last : m.start()])
        c.differ(m.group().encode("utf-8").decode("sloppy-windows-1252"), m.group())
        last = m.end()
    c.same(text[last:])
    old, new, copies = c.done()
    return (old, new, copies) if old != new else None


CHANGES = {
    "re-wrapped": rewrap,
    "CRLF": crlf,
    "typos fixed": typos_fixed,
    "paragraphs inserted and deleted": paragraphs_inserted_deleted,
    "sections moved": sections_moved,
    "5% of characters edited": edited,
    "mojibake repaired": mojibake_repaired,
}


# -- judging ---------------------------------------------------------------------------


def expected_span(a: Annotation, pieces) -> tuple[tuple[int, int] | None, bool, list[tuple[int, int]]]:
    """(where the quote went, None when it is gone; whether the change
    touched it; where its surviving pieces are). A piece replaced inside
    the quote maps onto its replacement; inserted text inside it becomes
    part of it."""
    i = max(0, bisect_left(pieces, (a.start,)) - 1)
    segments, kept, touched = [], 0, False
    while i < len(pieces) and pieces[i][0] <= a.end:
        o1, o2, n1, n2, same = pieces[i]
        i += 1
        lo, hi = max(o1, a.start), min(o2, a.end)
        if o1 == o2:  # an insertion: inside the quote only strictly between its ends
            if a.start < o1 < a.end:
                touched = True
                segments.append((n1, n2))
            continue
        if lo >= hi:
            continue
        if same:
            segments.append((n1 + lo - o1, n1 + hi - o1))
            kept += hi - lo
        else:
            touched = True
            if n2 > n1:  # replaced (not deleted): the part of the replacement in proportion
                scale = (n2 - n1) / (o2 - o1)
                segments.append((n1 + round((lo - o1) * scale), n1 + round((hi - o1) * scale)))
                kept += hi - lo
    length = a.end - a.start
    segments = [seg for seg in segments if seg[1] > seg[0]]
    touched = touched or len(segments) != 1
    if kept * 2 < length or not segments:
        return None, touched, segments
    # Cut in two and the parts moved apart: the right span is the part
    # holding 90% of the quote, if one does.
    runs, run = [], [segments[0]]
    for seg in segments[1:]:
        if run[-1][1] <= seg[0] <= run[-1][1] + 50 + length // 2:
            run.append(seg)
        else:
            runs.append(run)
            run = [seg]
    runs.append(run)
    if len(runs) == 1:
        return (segments[0][0], segments[-1][1]), touched, segments
    best = max(runs, key=lambda r: sum(e - s for s, e in r))
    if sum(e - s for s, e in best) >= 0.9 * length:
        return (best[0][0], best[-1][1]), touched, segments
    return None, touched, segments


@dataclass
class Tally:
    n: int = 0
    right: int = 0
    fuzzy_right: int = 0
    orphaned: int = 0  # the passage is there, the annotation was not attached
    wrong: int = 0  # attached (exact or moved) to a wrong span
    review_piece: int = 0  # of right: passage cut apart or mostly deleted, a piece of it offered for review
    review_wrong: int = 0  # offered for review (fuzzy) on a wrong span
    gone: int = 0  # passages deleted or cut apart (right = orphaned, or a piece for review)

    def add(self, other: Tally) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def same_words(a: Annotation, got, new: str) -> bool:
    """The quote verbatim with one side of its context verbatim: in a text
    that repeats itself (a feed's headers), as right as any place."""
    if got.start is None or new[got.start : got.end] != a.exact:
        return False
    return (
        new[max(0, got.start - len(a.prefix)) : got.start] == a.prefix
        or new[got.end : got.end + len(a.suffix)] == a.suffix
    )


def judge(a: Annotation, got, expected: tuple[int, int] | None, t: Tally, pieces=(), new: str = "") -> None:
    t.n += 1
    if expected is None and same_words(a, got, new):
        t.right += 1
        t.fuzzy_right += got.state is State.FUZZY
        return
    if expected is None:
        t.gone += 1
        if got.state is State.ORPHANED:
            t.right += 1
        elif got.state is State.FUZZY:
            on_piece = any(min(got.end, e) - max(got.start, s) > (e - s) // 2 for s, e in pieces)
            if on_piece:  # the policy for a cut passage: its piece, for review
                t.right += 1
                t.review_piece += 1
            else:
                t.review_wrong += 1
        else:
            t.wrong += 1
        return
    if got.state is State.ORPHANED:
        t.orphaned += 1
        return
    tol = max(2, (expected[1] - expected[0]) // 50)
    if abs(got.start - expected[0]) <= tol and abs(got.end - expected[1]) <= tol or same_words(a, got, new):
        t.right += 1
        t.fuzzy_right += got.state is State.FUZZY
    elif got.state is State.FUZZY:
        t.review_wrong += 1
    else:
        t.wrong += 1


def pct(part: int, whole: int) -> str:
    return "—" if not whole else f"{100 * part / whole:.1f}%"


def row(label: str, t: Tally, goal: float | None = None) -> str:
    verdict = ""
    if goal is not None and t.n:
        ok = t.right >= goal * t.n and t.wrong == 0
        verdict = " PASS" if ok else " FAIL"
    return (
        f"| {label} | {t.n} | {pct(t.right, t.n)}{verdict} | {pct(t.fuzzy_right, t.n)} | {pct(t.review_piece, t.n)} "
        f"| {pct(t.orphaned, t.n)} | {pct(t.wrong, t.n)} | {pct(t.review_wrong, t.n)} | {t.gone} |"
    )


COLUMNS = (
    "annotations | right | of which fuzzy | of which a piece of a cut passage (fuzzy) | orphaned "
    "| wrong (attached) | wrong (fuzzy) | passages gone"
)
HEADER = "| {} | " + COLUMNS + " |\n|---|---|---|---|---|---|---|---|---|"


def run_change(name: str, text: str, change, rng: random.Random, count: int):
    built = change(text, rng)
    if built is None:
        return None
    old, new, copies = built
    annotations = place(rng, old, count)
    started = time.perf_counter()
    found = reanchor(new, annotations)
    elapsed = time.perf_counter() - started
    outside, inside = Tally(), Tally()
    wrong_examples = []
    for a in annotations:
        expected, touched, pieces = expected_span(a, copies)
        t = inside if touched else outside
        before = t.wrong
        judge(a, found[a.id], expected, t, pieces, new)
        if t.wrong > before:
            wrong_examples.append((a, found[a.id], expected))
    return outside, inside, elapsed, wrong_examples


# -- the real pair -------------------------------------------------------------------


def aligned_copies(old: str, new: str):
    """How `old` corresponds to `new` (pieces as Change makes them): lines
    aligned first, then the characters of the lines that differ."""

    def offsets(lines: list[str]) -> list[int]:
        at = [0]
        for line in lines:
            at.append(at[-1] + len(line) + 1)
        return at

    old_lines, new_lines = old.split("\n"), new.split("\n")
    o_at, n_at = offsets(old_lines), offsets(new_lines)
    pieces = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append((o_at[i1], o_at[i2], n_at[j1], n_at[j2], True))
            continue
        a, b = "\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2])
        inner = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for t2, a1, a2, b1, b2 in inner.get_opcodes():
            pieces.append((o_at[i1] + a1, o_at[i1] + a2, n_at[j1] + b1, n_at[j1] + b2, t2 == "equal"))
    return sorted(pieces)


def bench_pair(rng: random.Random, count: int) -> list[str]:
    old_path, new_path = EDITIONS / "pride-and-prejudice-2015.txt", EDITIONS / "pride-and-prejudice-2018.txt"
    if not old_path.exists() or not new_path.exists():
        return ["| Pride and Prejudice 2015 → 2018 | (editions not found) |"]
    old, new = decode(old_path.read_bytes()).text, decode(new_path.read_bytes()).text
    pieces = aligned_copies(old, new)
    annotations = place(rng, old, count)
    started = time.perf_counter()
    found = reanchor(new, annotations)
    elapsed = time.perf_counter() - started
    outside, inside = Tally(), Tally()
    for a in annotations:
        expected, touched, parts = expected_span(a, pieces)
        judge(a, found[a.id], expected, inside if touched else outside, parts, new)
    states = Counter(found[a.id].state.value for a in annotations)
    log(f"pair: {elapsed:.2f} s, states {dict(states)}")
    return [
        row("Pride and Prejudice 2015 → 2018, quote unchanged", outside, 0.99),
        row("Pride and Prejudice 2015 → 2018, quote changed (curly quotes...)", inside, 0.95),
        f"| (re-anchored in {elapsed:.2f} s; states: "
        + ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
        + ") | | | | | | | | |",
    ]


# -- speed ----------------------------------------------------------------------------


def three_mib(texts: list[tuple[str, str]], rng: random.Random) -> str:
    """The books and seeds end to end, then paragraphs of their words in a
    random order, to 3 MiB of UTF-8."""
    body = "\n\n".join(t for _, t in sorted(texts, key=lambda nt: -len(nt[1])))
    size = len(body.encode("utf-8"))
    vocabulary = re.findall(r"\S+", body[:500_000])
    filler = []
    while size < 3 * MIB:
        words = rng.choices(vocabulary, k=rng.randint(40, 200))
        paragraph = "\n".join(" ".join(words[j : j + 11]) for j in range(0, len(words), 11))
        filler.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return body + "\n\n" + "\n\n".join(filler)


def bench_speed(texts: list[tuple[str, str]], rng: random.Random, count: int, runs: int) -> list[str]:
    big = three_mib(texts, rng)
    rows = []
    index_started = time.perf_counter()
    index = TextIndex(big)
    normalise = time.perf_counter() - index_started
    index._build()
    grams = time.perf_counter() - index_started - normalise
    rows.append(f"| normalised form of the text (once per text) | {normalise:.2f} s | | | |")
    rows.append(f"| gram index for approximate search (built on first need) | {grams:.2f} s | | | |")
    for name in [
        "unchanged (offsets shifted by one character)",
        "re-wrapped",
        "paragraphs inserted and deleted",
        "sections moved",
        "5% of characters edited",
    ]:
        if name.startswith("unchanged"):
            old, new, copies = big, " " + big, [(0, 0, 0, 1, False), (0, len(big), 1, len(big) + 1, True)]
        else:
            old, new, copies = CHANGES[name](big, rng)
        annotations = place(rng, old, count)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            found = reanchor(new, annotations)
            times.append(time.perf_counter() - started)
        t = Tally()
        for a in annotations:
            expected, _, pieces = expected_span(a, copies)
            judge(a, found[a.id], expected, t, pieces, new)
        median = statistics.median(times)
        verdict = "PASS" if median <= TARGET_TIME else "FAIL"
        rows.append(
            f"| {name} | {median:.2f} s {verdict} | {max(times):.2f} s | {pct(t.right, t.n)} | {pct(t.wrong, t.n)} |"
        )
        log(f"speed {name}: " + ", ".join(f"{x:.2f} s" for x in times))
    return [
        f"Text: the books and seeds end to end, then paragraphs of their words in a random order: "
        f"{len(big):,} characters, {len(big.encode('utf-8')) / MIB:.2f} MiB of UTF-8; {count} annotations; "
        f"time of `reanchor()` (normalising the text and building the index included), median of {runs} runs.\n",
        "| change | median | slowest | right | wrong (attached) |",
        "|---|---|---|---|---|",
        *rows,
    ]


LEGEND = """Right: re-anchored on the span the quoted characters went to (ends within 2 characters, or 2% of
the length), in any state; or, when less than half of the quote survives or it was cut in two and
its parts moved apart (its passage is gone), orphaned or offered for review (fuzzy) on a surviving
piece, never attached; or, in a text that repeats itself, attached to the quote verbatim with one side
of its context verbatim. Of which fuzzy: right, but offered for review. Of which a piece of a cut
passage: the passage is gone and its largest surviving piece is offered for review. Orphaned: the
passage is there, the annotation was not attached. Wrong (attached): exact or moved on another span.
Wrong (fuzzy): offered for review on another span.
"""


# -- main --------------------------------------------------------------------------------


def machine() -> str:
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), platform.processor())
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def revision() -> str:
    out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True, text=True
    ).stdout.strip()
    return out.stdout.strip() + (" + uncommitted changes in src/" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more folders of texts")
    parser.add_argument("--count", type=int, default=COUNT, help="annotations per text and change")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-speed", action="store_true", help="skip the 3 MiB timing")
    parser.add_argument("--speed-only", action="store_true", help="only the 3 MiB timing")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing (the median is reported)")
    parser.add_argument("--examples", action="store_true", help="print wrong attachments to stderr")
    args = parser.parse_args()
    texts = reading_texts(args.folders)
    log(f"{len(texts)} texts: " + ", ".join(f"{n} ({len(t):,})" for n, t in texts))
    per_text = []
    totals: dict[str, tuple[Tally, Tally]] = defaultdict(lambda: (Tally(), Tally()))
    for name, text in [] if args.speed_only else texts:
        for change_name, change in CHANGES.items():
            result = run_change(change_name, text, change, random.Random(f"{args.seed}{name}{change_name}"), args.count)
            if result is None:
                per_text.append(
                    f"| {name} | {change_name} | (no non-ASCII characters: nothing to repair) | | | | | | | | |"
                )
                continue
            outside, inside, elapsed, wrong = result
            totals[change_name][0].add(outside)
            totals[change_name][1].add(inside)
            for label, t in (("outside", outside), ("inside", inside)):
                if t.n:
                    per_text.append(f"| {name} | {change_name} " + row(f"change {label} the quote", t))
            log(
                f"{name} / {change_name}: {elapsed:.2f} s, outside right {pct(outside.right, outside.n)}, "
                f"inside right {pct(inside.right, inside.n)}, wrong {outside.wrong + inside.wrong}"
            )
            if args.examples:
                for a, got, expected in wrong[:5]:
                    log(f"  WRONG {a.exact[:60]!r} at {a.start}: got {got}, expected {expected}")
    summary = []
    for change_name, (outside, inside) in totals.items():
        summary.append(row(f"{change_name}, change outside the quote", outside, 0.99))
        summary.append(row(f"{change_name}, change inside the quote", inside, 0.95))
    pair = [] if args.speed_only else bench_pair(random.Random(args.seed), args.count)
    speed = [] if args.no_speed else bench_speed(texts, random.Random(args.seed), args.count, args.runs)
    lines = [
        f"Command: `.venv/bin/python bench/anchoring.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`  ",
        f"Date: {date.today()}, reader at {revision()}  ",
        f"Machine: {machine()}  ",
        f"Texts: {len(texts)} ({', '.join(n for n, _ in texts)}); {args.count} annotations per text and change, "
        f"{', '.join(f'{k} {w}%' for k, w in KINDS)}\n",
        LEGEND,
        "All texts, per change (goals: right ≥ 99% when the change is outside the quote, ≥ 95% inside, "
        "0 wrong attachments):\n",
        HEADER.format("change"),
        *summary,
        *pair,
        "",
        "Per text:\n",
        "| text | change | rows | " + COLUMNS + " |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *per_text,
    ]
    if speed:
        lines += ["", "Speed (goal: 1,000 annotations on a 3 MB text in ≤ 2 s):\n", *speed]
    markdown = "\n".join(lines)
    print(markdown)
    OUTPUT.write_text(markdown + "\n", "utf-8")


if __name__ == "__main__":
    main()
