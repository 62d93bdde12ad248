"""Re-anchoring annotations when a document's reading text has changed
(docs/ARCHITECTURE.md, "Anchoring").

An annotation is looked for in the new text, cheapest first:

1. at its old offsets, with the same quote and context: EXACT;
2. where its neighbours moved to (reanchor() passes the shift of the
   previous annotation), or where it was: the quote aligned in a small
   window, then the quote with its whole context exactly within 20,000
   characters;
3. anywhere exactly: the quote with its context, the quote alone (with a
   piece of context when it is a word or two);
4. anywhere approximately: a sampled index of 10-character grams votes for
   places, where the quote is aligned with edlib;
5. in two pieces: its two ends, each with its outer side of context,
   found apart (text inserted inside the quote) or together (a part cut
   out): offered for review only.

Everything is compared on a normalised form of the text (quotes, dashes and
ellipses folded, runs of white space made one space, Gutenberg's _italics_
and soft hyphens dropped, lower case) with a map back to offsets, so a
re-wrapped or re-typeset edition matches exactly. A quote made before a
mojibake repair is looked for repaired too.

A place is attached (MOVED) only when the quote agrees (exactly, if only
one side of its context does), each side of the context agrees closely,
the agreeing text is long enough to be distinctive (a word or two needs its
context on both sides, closely), and no other place is nearly as good
(support: characters of quote and context that agree, beyond chance). A
plausible but uncertain place is FUZZY, for the user to review; anything
weaker is ORPHANED: a wrong attachment is worse than an orphan. Last,
reanchor() checks the attached annotations against their neighbours: a
group that landed out of order where the text did not grow to receive it
sits on a twin of a deleted passage, and goes to review.

edlib (Myers' bit-parallel edit distance) does the approximate matching:
rapidfuzz compares whole strings, or returns one best window, while this
needs a quote's approximate occurrences in a window of text (infix mode)
with the alignment path, to map the quote's ends.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..text.decoding import BinaryFile, decode
from .model import QUOTE_CONTEXT, Annotation, now, quote_at
from .text_index import DROPPED, GRAM, Normalised, TextIndex

# -- thresholds -----------------------------------------------------------------
# Similarities are 1 - edits / length, on the normalised form.

MAX_EDITS = 0.3  # approximate search: at most this share of a needle's length in edits
SIDE_OK = 0.85  # a side of the context that agrees at least this well counts as evidence
SIDE_CLOSE = 0.9  # ... and this well when it is the only side, or a short quote's context
QUOTE_OK_BOTH = 0.75  # with both sides of context agreeing, a quote this similar (or within
# 2 edits) is attached; with one side it must be intact
QUOTE_OK = 0.9  # a quote without any context (it was the whole text) must be this similar
EVIDENCE = 40  # characters of agreeing quote and context needed to attach
FUZZY_MIN = 0.55  # weighted similarity needed to offer a match for review
MARGIN = 12  # characters of support by which the best place must beat the next
SHORT = 16  # quotes shorter than this are located with their context
HINT_RADIUS = 100  # how far from a predicted position the quote is looked for
LOCAL = 20_000  # ... and with its whole context, exactly
NEAR = 8  # a candidate this close to a predicted position is "where expected"
FAR = 2000  # ... and one further than this is far from it
LIMIT = 40  # exact occurrences examined per needle (more: too common to tell apart)
CLUSTERS = 6  # approximate candidates examined per annotation
BRIDGE = 1000  # how far the missing side of a quote's context is looked for
TRIM = 3  # net edits at an end of an approximate match that are cut off
AGREE = 200  # annotations whose shifts differ by less moved together


class State(enum.Enum):
    EXACT = "exact"  # same offsets, same text
    MOVED = "moved"  # found with confidence elsewhere, or with changed typography
    FUZZY = "fuzzy"  # a plausible place, for the user to confirm
    ORPHANED = "orphaned"  # not found, or not told apart from another place


@dataclass(frozen=True)
class Anchored:
    state: State
    start: int | None  # None when orphaned
    end: int | None
    score: float  # 0..1, 1 = certain

    @property
    def confident(self) -> bool:
        """Safe to write back without asking the user."""
        return self.state in (State.EXACT, State.MOVED)


# -- what is looked for -------------------------------------------------------------

_EDGES = " \t\n\r\v\f\x85\u00a0\u2028\u2029" + DROPPED  # left out at a quote's ends
_SPACE_OR_DROPPED = frozenset(_EDGES)


@dataclass(frozen=True)
class _Needle:
    prefix: str  # normalised, with the white space between it and the quote
    quote: str  # normalised, without white space at either end
    suffix: str
    lead: int  # white space (or dropped characters) the exact quote starts with
    trail: int  # ... and ends with


def _needle(prefix: str, exact: str, suffix: str) -> _Needle:
    whole = Normalised(prefix + exact + suffix)
    a = whole.position(len(prefix)) if exact else 0
    b = whole.position(len(prefix) + len(exact)) if exact else 0
    form = whole.text
    while a < b and form[a] == " ":
        a += 1
    while b > a and form[b - 1] == " ":
        b -= 1
    lead, trail = len(exact) - len(exact.lstrip(_EDGES)), len(exact) - len(exact.rstrip(_EDGES))
    return _Needle(form[:a][-QUOTE_CONTEXT:], form[a:b], form[b:][:QUOTE_CONTEXT], lead, trail)


def _repaired(parts: tuple[str, ...]) -> tuple[str, ...]:
    """The parts through the pipeline's repairs (mojibake above all): an
    annotation made before a repair quotes the text as it was. One call for
    all parts, as one line: the repair costs a millisecond a call."""
    joined = _SEPARATOR.join(parts)
    if joined.isascii() or _NEWLINE in joined or joined.count(_SEPARATOR) != len(parts) - 1:
        return parts
    joined = joined.replace("\n", _NEWLINE)
    try:
        fixed = decode(joined.encode("utf-8")).text
    except (UnicodeEncodeError, BinaryFile):
        return parts
    fixed_parts = tuple(part.replace(_NEWLINE, "\n") for part in fixed.split(_SEPARATOR))
    return fixed_parts if len(fixed_parts) == len(parts) else parts


_SEPARATOR, _NEWLINE = "\ue000", "\ue001"  # private use: the repairs leave them alone


def _needles(a: Annotation) -> list[_Needle]:
    needles = [_needle(a.prefix, a.exact, a.suffix)]
    fixed = _repaired((a.prefix, a.exact, a.suffix))
    if fixed != (a.prefix, a.exact, a.suffix):
        needles.append(_needle(*fixed))
    return needles


# -- edit distance ------------------------------------------------------------------


class _Symbols(dict):
    """The query's characters as byte values; any other character is 255
    (it matches nothing in the query, so edit distances are unchanged)."""

    def __missing__(self, key: int) -> int:
        return 255


def _bytes(query: str, target: str) -> tuple[bytes, bytes]:
    # edlib maps str arguments in Python (0.4 s on 3 MB) and refuses more
    # than 256 symbols; bytes are mapped in C.
    try:  # Western text: one byte a character as it is
        return query.encode("latin-1"), target.encode("latin-1")
    except UnicodeEncodeError:
        pass
    table = _Symbols()
    for ch in query:
        if ord(ch) not in table:
            table[ord(ch)] = min(len(table), 254)  # past 254 symbols (CJK): some share one
    return query.translate(table).encode("latin-1"), target.translate(table).encode("latin-1")


def _align(query: str, target: str, mode: str, k: int, task: str) -> dict | None:
    if not query or not target:
        return None
    import edlib  # compiled, and only needed once a quote is not where it was: start-up stays lean

    q, t = _bytes(query, target)
    found = edlib.align(q, t, mode=mode, task=task, k=k)
    return found if found["editDistance"] >= 0 else None


_CIGAR = re.compile(r"(\d+)([=XID])")


def _project(cigar: str, qa: int, qb: int) -> tuple[int, int]:
    """Target offsets of query offsets qa <= qb in an alignment. Target
    characters inserted at either end of [qa, qb) are left out."""
    qi = ti = 0
    a = b = None
    for count, op in _CIGAR.findall(cigar):
        n = int(count)
        if op == "D":  # target characters the query does not have
            ti += n
            continue
        on_target = op != "I"
        if a is None and qa < qi + n:
            a = ti + (qa - qi) * on_target
        if b is None and qb <= qi + n:
            b = ti + (qb - qi) * on_target
        qi += n
        ti += n * on_target
    return (ti if a is None else a), (ti if b is None else b)


def _side(part: str, norm: str, at: int, before: bool) -> float | None:
    """How well a side of the context agrees with the text before (or
    after) offset `at`. An annotation without context on a side was at an
    end of the text: None (nothing to compare) if `at` is at that end too,
    else 0."""
    if not part:
        edge = norm[:at] if before else norm[at:]
        return None if not edge.strip() else 0.0
    return _agreement(part, norm, at, before)


def _agreement(part: str, norm: str, at: int, before: bool) -> float:
    """_side() of a non-empty `part`."""
    slack = 4 + len(part) // 4
    if before:
        window, part = norm[max(0, at - len(part) - slack) : at][::-1], part[::-1]
    else:
        window = norm[at : at + len(part) + slack]
    if not window:
        return 0.0
    found = _align(part, window, "SHW", -1, "distance")
    return 0.0 if found is None else max(0.0, 1 - found["editDistance"] / len(part))


# -- candidates -----------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int  # in the normalised form
    end: int
    quote: float  # similarity of the quote
    prefix: float | None
    suffix: float | None
    total: float = 0.0  # weighted similarity: the quote counts twice
    support: float = 0.0  # characters of agreement (context above chance)
    attachable: bool = False  # would be attached if nothing rivalled it
    offerable: bool = False  # worth offering for review
    expected: bool = False  # where its neighbours say it should be
    far: bool = False  # not even near there

    def overlaps(self, other: _Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def _above_chance(sim: float | None) -> float:
    # Unrelated English text agrees about 40% with a context by edit distance.
    return 0.0 if sim is None else max(0.0, (sim - 0.4) / 0.6)


def _judge(c: _Candidate, n: _Needle) -> _Candidate:
    lq, sides = len(n.quote), [(len(n.prefix), c.prefix), (len(n.suffix), c.suffix)]
    weight = 2 * lq + sum(size for size, sim in sides if sim is not None)
    c.total = (2 * lq * c.quote + sum(size * sim for size, sim in sides if sim is not None)) / weight
    c.support = lq * c.quote + sum(size * _above_chance(sim) for size, sim in sides)
    present = [sim for _, sim in sides if sim is not None]
    agreeing = [(size, sim) for size, sim in sides if sim is not None and sim >= SIDE_OK]
    evidence = lq * c.quote + sum(size * sim for size, sim in agreeing)
    if not present:  # the quote is the whole text
        c.attachable = c.quote >= QUOTE_OK and evidence >= EVIDENCE
    elif len(agreeing) == len(present):
        edits = round((1 - c.quote) * lq)
        context = sum(size * sim for size, sim in agreeing) / max(1, sum(size for size, _ in agreeing))
        # A word or two is placed by its context: parallel sentences
        # elsewhere agree with it too, only less closely.
        c.attachable = (
            (c.quote >= QUOTE_OK_BOTH or edits <= 2) and evidence >= EVIDENCE and (lq >= SHORT or context >= SIDE_CLOSE)
        )
    else:
        # One side, closely, and a quote that is not a word or two: it must
        # be intact (an approximate quote with one side is most often a
        # quote that lost its other end).
        c.attachable = (
            bool(agreeing)
            and lq >= SHORT
            and c.quote == 1.0
            and evidence >= EVIDENCE
            and max(sim for _, sim in agreeing) >= SIDE_CLOSE
        )
    c.offerable = c.total >= FUZZY_MIN and c.support >= EVIDENCE / 2 and (lq >= SHORT or bool(agreeing))
    return c


def _both_sides(c: _Candidate) -> bool:
    return all(side is None or side >= SIDE_OK for side in (c.prefix, c.suffix))


def _trimmed(quote: str, span: str) -> tuple[int, int]:
    """How many characters to leave out at each end of `span`, where its
    alignment with `quote` is more edits than matches: a passage cut off
    the quote is otherwise replaced by whatever text is next to it."""
    found = _align(quote, span, "NW", -1, "path")
    if found is None:
        return 0, 0
    ops = [(int(n), op) for n, op in _CIGAR.findall(found["cigar"])]

    def cut(ops: list[tuple[int, str]]) -> int:
        score = low = 0
        at = best = 0  # offsets in the span
        for n, op in ops:
            score += n if op == "=" else -n
            at += n if op != "I" else 0
            if score < low:
                low, best = score, at
        return best if low <= -TRIM else 0

    head = cut(ops)
    tail = cut(ops[::-1])
    return (head, tail) if head + tail < len(span) else (0, 0)


def _gapped(quote: str, span: str) -> float:
    """How much of `quote` is in `span`, in order, whatever was inserted
    between (the longest common subsequence): for a span whose ends are
    already placed by the quote's ends and both sides of context."""
    from rapidfuzz.distance import Indel  # compiled, and only needed when re-anchoring

    common = (len(quote) + len(span) - Indel.distance(quote, span)) // 2
    return common / len(quote)


class _Search:
    """One annotation looked for in one text."""

    def __init__(self, index: TextIndex, needle: _Needle, expected: list[int]) -> None:
        self.index, self.n = index, needle
        self.norm = index.normal.text
        self.expected = expected  # positions in the normalised form
        self.found: list[_Candidate] = []

    def candidate(self, start: int, end: int) -> _Candidate:
        """The place [start, end) of the form, scored; a long quote is first
        trimmed of ends that do not match it, and when only one side of its
        context agrees, the other is looked for a little further on (text
        inserted inside the quote leaves its ends apart)."""
        n, norm = self.n, self.norm
        if len(n.quote) >= SHORT and norm[start:end] != n.quote:
            head, tail = _trimmed(n.quote, norm[start:end])
            start, end = start + head, end - tail
        c = self._scored(start, end)
        if (
            len(n.quote) >= SHORT
            and c.quote < 1
            and c.prefix is not None
            and c.suffix is not None
            and (c.prefix >= SIDE_OK) != (c.suffix >= SIDE_OK)
        ):
            bridged = self._bridged(c, c.suffix < SIDE_OK)
            if bridged is not None:
                c = bridged
        return self._add(c)

    def _add(self, c: _Candidate) -> _Candidate:
        """Keep `c`, or the better of it and a candidate of the same span."""
        for i, f in enumerate(self.found):
            if f.start == c.start and f.end == c.end:
                if c.total > f.total:
                    self.found[i] = c
                return self.found[i]
        self.found.append(c)
        return c

    def _scored(self, start: int, end: int) -> _Candidate:
        from rapidfuzz.distance import Levenshtein  # compiled, and only needed when re-anchoring

        n, norm = self.n, self.norm
        while start < end and norm[start] == " ":
            start += 1
        while end > start and norm[end - 1] == " ":
            end -= 1
        quote = (
            1.0
            if norm[start:end] == n.quote
            else max(0.0, 1 - Levenshtein.distance(n.quote, norm[start:end]) / len(n.quote))
        )
        c = _judge(
            _Candidate(start, end, quote, _side(n.prefix, norm, start, True), _side(n.suffix, norm, end, False)), n
        )
        c.expected = any(abs(start - e) <= NEAR for e in self.expected)
        c.far = all(abs(start - e) > FAR for e in self.expected)
        return c

    def _bridged(self, c: _Candidate, suffix_missing: bool) -> _Candidate | None:
        """`c` stretched to where its missing side of context (the suffix, or
        the prefix) is, within BRIDGE characters (or the quote's length);
        None if it is not there."""
        n, norm = self.n, self.norm
        reach = max(BRIDGE, len(n.quote))
        if suffix_missing:
            lo = c.end
            found = _align(n.suffix, norm[lo : lo + reach + len(n.suffix)], "HW", int(len(n.suffix) * 0.2), "locations")
            if found is None:
                return None
            end = lo + min(s for s, _ in found["locations"])
            bridged = self._scored(c.start, end)
        else:
            lo = max(0, c.start - reach - len(n.prefix))
            found = _align(n.prefix, norm[lo : c.start], "HW", int(len(n.prefix) * 0.2), "locations")
            if found is None:
                return None
            start = lo + max(e for _, e in found["locations"]) + 1
            bridged = self._scored(start, c.end)
        # A few characters are edits at the quote's end, not inserted text;
        # and the quote's own end must be there, just inside the context.
        if bridged.end - bridged.start - (c.end - c.start) < SHORT:
            return None
        edge = (
            _agreement(n.quote[-16:], norm, bridged.end, True)
            if suffix_missing
            else _agreement(n.quote[:16], norm, bridged.start, False)
        )
        return bridged if _both_sides(bridged) and edge >= SIDE_OK else None

    def near(self, at: int, radius: int) -> _Candidate | None:
        """The best place for the quote around `at` (where its start is
        thought to be); looked for again further out when the best place
        runs into the edge of the window (the quote may extend past it)."""
        found = self._near(at, radius)
        if found is not None and found[1]:
            found = self._near(at, 4 * radius) or found
        return None if found is None else self.candidate(*found[0])

    def _near(self, at: int, radius: int) -> tuple[tuple[int, int], bool] | None:
        n, norm = self.n, self.norm
        lq = len(n.quote)
        if lq >= SHORT:
            lo, hi = max(0, at - radius), min(len(norm), at + lq + radius)
            found = _align(n.quote, norm[lo:hi], "HW", int(lq * MAX_EDITS), "locations")
            if found is None:
                return None
            # The start nearest `at`; among equally good ends, the length
            # nearest the quote's, then the shorter.
            s, e = min(
                found["locations"], key=lambda loc: (abs(lo + loc[0] - at), abs(loc[1] + 1 - loc[0] - lq), loc[1])
            )
            return (lo + s, lo + e + 1), (s == 0 < lo) or (lo + e + 1 == hi < len(norm))
        # A word or two matches anywhere: align it with its context, and
        # without a side when that side has changed.
        best = None
        for before, after in ((n.prefix, n.suffix), ("", n.suffix), (n.prefix, "")):
            if best is not None and best[0] <= 0.1:
                break
            needle = before + n.quote + after
            if needle == n.quote and best is not None:
                continue
            lo = max(0, at - len(before) - radius)
            hi = min(len(norm), at - len(before) + len(needle) + radius)
            found = _align(needle, norm[lo:hi], "HW", int(len(needle) * MAX_EDITS), "path")
            if found is not None:
                ratio = found["editDistance"] / len(needle)
                if best is None or ratio < best[0]:
                    best = (ratio, found, len(before), lo, hi)
        if best is None:
            return None
        _, found, offset, lo, hi = best
        s, e = found["locations"][0]
        a, b = _project(found["cigar"], offset, offset + len(n.quote))
        if b <= a:
            return None
        return (lo + s + a, lo + s + b), (s == 0 < lo) or (lo + e + 1 == hi < len(norm))

    def exact(self, needle: str, offset: int) -> int:
        """Candidates where `needle` (the quote at `offset` in it) occurs
        exactly; the number of occurrences, LIMIT + 1 meaning more."""
        norm, lq, count = self.norm, len(self.n.quote), 0
        at = norm.find(needle)
        while at >= 0 and count <= LIMIT:
            count += 1
            self.candidate(at + offset, at + offset + lq)
            at = norm.find(needle, at + 1)
        return count

    def approximate(self) -> None:
        """Candidates where grams of the quote and its context occur, by
        where they put the quote's start."""
        n, index = self.n, self.index
        needle = n.prefix + n.quote + n.suffix
        if len(needle) < GRAM:
            return
        votes: list[int] = []
        last = len(needle) - GRAM
        step = max(1, last // 1500)  # a quote of pages: a sample of its grams
        for j in range(0, last + 1, step):
            votes += [p - j + len(n.prefix) for p in index.positions(needle[j : j + GRAM])]
        if not votes:
            return
        votes.sort()
        gap = 16 + len(needle) // 10  # indels shift the implied start
        clusters, first = [], 0
        for i in range(1, len(votes) + 1):
            if i == len(votes) or votes[i] - votes[i - 1] > gap:
                clusters.append(votes[first:i])
                first = i
        clusters.sort(key=len, reverse=True)
        for cluster in clusters[:CLUSTERS]:
            self.near(cluster[len(cluster) // 2], gap + 16)

    def split(self) -> None:
        """The quote's two ends, each with its outer side of context, found
        apart: text inserted inside the quote moved them apart, a passage
        cut out of it brought them together. Such a place is offered for
        review, never attached."""
        n, norm = self.n, self.norm
        if len(n.quote) < 2 * SHORT or not n.prefix or not n.suffix:
            return  # a word or two: its ends would be its context alone
        m = min(len(n.quote) // 2, 48)
        head, tail = n.prefix + n.quote[:m], n.quote[-m:] + n.suffix
        reach = max(BRIDGE, len(n.quote)) + len(n.quote) + len(tail)  # where the tail may end
        pairs = []
        for start, _ in self._pieces(head, len(n.prefix), len(n.prefix)):
            for end, _ in self._pieces(tail, m, 0, (start, start + reach)):
                pairs.append((start, end))
        for end, _ in self._pieces(tail, m, 0):
            for start, _ in self._pieces(head, len(n.prefix), len(n.prefix), (end - reach, end), first=False):
                pairs.append((start, end))
        for start, end in dict.fromkeys(pairs):
            # The quote's own ends must be there, not only its context.
            if (
                start < end
                and _agreement(n.quote[:m], norm, start, False) >= SIDE_OK
                and _agreement(n.quote[-m:], norm, end, True) >= SIDE_OK
            ):
                c = self._scored(start, end)
                c.quote = max(c.quote, _gapped(n.quote, norm[c.start : c.end]))
                c = _judge(c, n)
                c.attachable = False
                self._add(c)

    def _pieces(
        self, piece: str, cut: int, side: int, within: tuple[int, int] | None = None, first: bool = True
    ) -> list[tuple[int, float]]:
        """Where `piece` is (its offset `cut` mapped into the text), with its
        similarity: `within` (lo, hi) (the first or last place there), else
        exactly anywhere, else near where the quote is expected. `side` is
        the length of the context at its start."""
        norm = self.norm
        if within is None:
            places: list[tuple[int, float]] = []
            at = norm.find(piece)
            while at >= 0 and len(places) < 3:
                places.append((at + cut, 1.0))
                at = norm.find(piece, at + 1)
            if places:
                return places
            windows = [(e - side - HINT_RADIUS, e - side + len(piece) + HINT_RADIUS) for e in self.expected]
        else:
            windows = [within]
        found = []
        for w_lo, w_hi in windows:
            w_lo, w_hi = max(0, w_lo), min(len(norm), w_hi)
            if w_hi - w_lo < len(piece) // 2:
                continue
            r = _align(piece, norm[w_lo:w_hi], "HW", int(len(piece) * 0.2), "path")
            if r is None:
                continue
            s, _ = r["locations"][0] if first else r["locations"][-1]
            if not first:  # the path is of the first location: align the last again
                w_lo += s
                s = 0
                r = _align(piece, norm[w_lo:w_hi], "SHW", int(len(piece) * 0.2), "path")
                if r is None:
                    continue
            a, _ = _project(r["cigar"], cut, cut)
            found.append((w_lo + s + a, 1 - r["editDistance"] / len(piece)))
        return found

    def decide(self) -> tuple[_Candidate | None, State, float]:
        if not self.found:
            return None, State.ORPHANED, 0.0
        best = max(self.found, key=lambda c: (c.total, c.expected, c.support))
        rivals = [c for c in self.found if not c.overlaps(best)]
        runner = max(rivals, key=lambda c: c.support, default=None)
        margin = float("inf") if runner is None else best.support - runner.support
        # Two places about as good: the one its neighbours point to, if only
        # one of them is there; else neither. A rival that would be attached
        # on its own must be beaten by more.
        ambiguous = (
            runner is not None
            and margin < (2 * MARGIN if runner.attachable else MARGIN)
            and not (best.expected and not runner.expected and _both_sides(best))
        )
        score = best.total * max(0.0, min(1.0, margin / (2 * MARGIN)))
        # On one side of its context only, and far from where it was
        # expected: as likely a twin of a deleted passage as the passage.
        lonely = best.far and not _both_sides(best)
        if best.attachable and not ambiguous and not lonely:
            return best, State.MOVED, score
        if best.offerable and margin >= 3:
            return best, State.FUZZY, score
        return best, State.ORPHANED, score


def _search(index: TextIndex, n: _Needle, hints: list[int]) -> tuple[_Candidate | None, State, float]:
    if not n.quote:
        return None, State.ORPHANED, 0.0
    normal = index.normal
    expected = list(dict.fromkeys(normal.position(h) for h in hints))
    search = _Search(index, n, expected)
    # 1. Where its neighbours moved to, or where it was: the quote with both
    # sides of its context, there, is enough.
    for at in expected:
        c = search.near(at, HINT_RADIUS + len(n.quote) // 8)
        if c is not None and c.attachable and _both_sides(c):
            return c, State.MOVED, c.total
    # 2. Exactly with its whole context, not far from there (text inserted
    # or deleted since its neighbours), then anywhere; then the quote
    # alone, or with a piece of context when it is short.
    whole, norm = n.prefix + n.quote + n.suffix, index.normal.text
    for at in expected:
        lo = max(0, at - LOCAL)
        near = norm.find(whole, lo, at + LOCAL + len(whole))
        if near >= 0 and norm.find(whole, near + 1, at + LOCAL + len(whole)) < 0:
            c = search.candidate(near + len(n.prefix), near + len(n.prefix) + len(n.quote))
            return c, State.MOVED, c.total
    if search.exact(whole, len(n.prefix)) == 1:
        return search.decide()
    if len(n.quote) >= SHORT:
        search.exact(n.quote, 0)
    else:
        tail, head = n.prefix[-12:], n.suffix[:12]
        if search.exact(n.quote, 0) > LIMIT:
            search.found = [c for c in search.found if c.attachable]
        if tail:
            search.exact(tail + n.quote, len(tail))
        if head:
            search.exact(n.quote + head, 0)
    # 3. Anywhere, approximately, unless an exact place is already certain.
    best, state, score = search.decide()
    if state is State.MOVED and best is not None and best.quote == 1.0:
        return best, state, score
    search.approximate()
    best, state, score = search.decide()
    if state is State.MOVED:
        return best, state, score
    # 4. In two pieces.
    search.split()
    return search.decide()


# -- the API ------------------------------------------------------------------------------


def _anchor(index: TextIndex, a: Annotation, hints: list[int]) -> Anchored:
    text = index.text
    if (
        text[a.start : a.end] == a.exact
        and a.end <= len(text)
        and a.start >= len(a.prefix)
        and text[a.start - len(a.prefix) : a.start] == a.prefix
        and text[a.end : a.end + len(a.suffix)] == a.suffix
    ):
        return Anchored(State.EXACT, a.start, a.end, 1.0)
    # As it was, and repaired: the better wins (the first, on a tie).
    c, state, score, needle = max(
        ((*_search(index, needle, hints), needle) for needle in _needles(a)),
        key=lambda found: (_RANK[found[1]], found[2]),
    )
    if c is None or state is State.ORPHANED:
        return Anchored(State.ORPHANED, None, None, round(score, 3))
    normal = index.normal
    start, end = _widen(text, normal.original(c.start), normal.original(c.end), needle.lead, needle.trail)
    if state is State.MOVED and (start, end) == (a.start, a.end) and text[start:end] == a.exact:
        state = State.EXACT
    return Anchored(state, start, end, round(min(1.0, score), 3))


_RANK = {State.EXACT: 3, State.MOVED: 2, State.FUZZY: 1, State.ORPHANED: 0}


def _widen(text: str, start: int, end: int, lead: int, trail: int) -> tuple[int, int]:
    """The span with the white space the old quote had at its ends (the
    normalised form leaves it out)."""
    for _ in range(lead):
        if start == 0 or text[start - 1] not in _SPACE_OR_DROPPED:
            break
        start -= 1
    for _ in range(trail):
        if end == len(text) or text[end] not in _SPACE_OR_DROPPED:
            break
        end += 1
    return start, end


def anchor(text: str, annotation: Annotation, index: TextIndex | None = None) -> Anchored:
    """Where `annotation` is in `text`, and how sure that is. `index` (of
    this text) saves the normalisation when anchoring many annotations."""
    if index is None:
        index = TextIndex(text)
    elif index.text is not text and index.text != text:
        raise ValueError("the index is of another text")
    return _anchor(index, annotation, [annotation.start])


def reanchor(
    text: str,
    annotations: Iterable[Annotation],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> dict[str, Anchored]:
    """Every annotation anchored in `text`, by id. They are taken in the
    order of their old offsets, each first looked for where the previous
    one moved to. progress(done, total) is called now and then; when
    cancelled() turns true, the annotations done so far are returned."""
    todo = sorted(annotations, key=lambda a: (a.start, a.end, a.id))
    index = TextIndex(text)
    result: dict[str, Anchored] = {}
    shift, every = 0, max(1, len(todo) // 100)
    for done, a in enumerate(todo, 1):
        if cancelled():
            break
        hints = [a.start + shift, a.start] if shift else [a.start]
        found = _anchor(index, a, hints)
        if found.confident and found.start is not None:
            shift = found.start - a.start
        result[a.id] = found
        if progress is not None and (done % every == 0 or done == len(todo)):
            progress(done, len(todo))
    placed = [(a, r.state, r.start) for a in todo if (r := result.get(a.id)) and r.confident and r.start is not None]
    for id in _out_of_place(placed):
        r = result[id]
        result[id] = Anchored(State.FUZZY, r.start, r.end, round(r.score / 2, 3))
    return result


def _out_of_place(entries: list[tuple[Annotation, State, int]]) -> list[str]:
    """Ids of annotations attached (MOVED) where another passage already was.

    A passage deleted while its twin survives elsewhere (a licence at both
    ends of a book) is found whole at the twin, with its context: only its
    neighbours tell. Annotations are grouped into runs that moved together
    (consecutive in the old order, with shifts within AGREE); a run that
    landed out of order between two other annotations must have been moved
    there, and then the text between those two has grown by about its
    length. If it has not, the run sits on a passage that was there before.
    `entries`: the confident results, (annotation, state, new start), in the old order."""
    shifts = [start - a.start for a, _, start in entries]
    by_new = sorted(range(len(entries)), key=lambda k: (entries[k][2], k))
    rank = {k: i for i, k in enumerate(by_new)}
    out: list[str] = []
    first = 0
    for k in range(1, len(entries) + 1):
        if k < len(entries) and abs(shifts[k] - shifts[k - 1]) <= AGREE:
            continue
        run, first = range(first, k), k
        if all(entries[m][1] is State.EXACT for m in run):
            continue
        x = min(rank[m] for m in run) - 1
        while x >= 0 and by_new[x] in run:
            x -= 1
        y = max(rank[m] for m in run) + 1
        while y < len(by_new) and by_new[y] in run:
            y += 1
        if y >= len(by_new):
            continue  # at the end of the text: nothing to compare with
        # Before the first annotation, the start of the text (shift 0).
        old_before, shift_before = (entries[by_new[x]][0].start, shifts[by_new[x]]) if x >= 0 else (0, 0)
        after = by_new[y]
        if old_before <= entries[run[0]][0].start and entries[run[-1]][0].start <= entries[after][0].start:
            continue  # in its old order
        extent = max(entries[m][0].end for m in run) - entries[run[0]][0].start
        if shifts[after] - shift_before < extent / 2:
            out += [entries[m][0].id for m in run if entries[m][1] is State.MOVED]
    return out


def moved_to(annotation: Annotation, anchored: Anchored, text: str) -> Annotation:
    """The annotation pointed at its new place in `text`: quote and context
    taken from there, so that the next change starts from the new text."""
    if anchored.start is None or anchored.end is None:
        raise ValueError("an orphaned annotation has no place to move to")
    return replace(annotation, **quote_at(text, anchored.start, anchored.end), updated=max(now(), annotation.updated))
