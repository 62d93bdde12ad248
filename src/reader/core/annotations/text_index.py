"""The normalised form of a reading text, with a map back to its offsets,
and a sampled index of its grams: what re-anchoring the annotations of one
text shares (anchoring.py)."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right

GRAM = 10  # characters per indexed gram of the approximate search
COMMON_GRAM = 48  # a gram occurring more often than this carries no information


# -- the normalised form ---------------------------------------------------------

# Folded one character for one (so offsets shift only where runs collapse).
_FOLDS = (
    ("'", "\u2018\u2019\u201a\u201b\u2032\u00b4`"),
    ('"', "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"),
    ("-", "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"),
    (".", "\u2026"),
    (
        " ",
        "\t\n\r\v\f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u2028\u2029\u202f\u205f\u3000",
    ),
)
# Then runs collapse to one character ("--" is an em dash, "..." an
# ellipsis), and characters that editions add or drop without changing the
# words go: Gutenberg's _italics_, soft hyphens, zero-width characters, BOMs.
DROPPED = "_\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DROPPED_RE = re.compile(f"[{DROPPED}]+")
_RUNS = ((" ", re.compile(f" (?:[{DROPPED}]* )+")), ("-", re.compile("-{2,}")), (".", re.compile(r"\.{2,}")))


def _fold(s: str) -> str:
    ascii = s.isascii()
    for target, sources in _FOLDS:
        for ch in sources:
            if (not ascii or ch.isascii()) and ch in s:
                s = s.replace(ch, target)
    low = s.lower()
    if len(low) != len(s):  # a few characters lower to two ("İ"): keep one for one
        s = s.translate({ord(c): c.lower()[0] for c in set(s) if len(c.lower()) != 1})
        low = s.lower()
    return low


class Normalised:
    """A string's normalised form, with the map back to its offsets: the
    form is made of segments that run in step with the original, each
    starting at starts[i] in the form and origins[i] in the original."""

    __slots__ = ("length", "origins", "starts", "text")

    def __init__(self, original: str) -> None:
        folded = _fold(original)
        spans: list[tuple[int, int, str]] = []
        dropped = any(ch in folded for ch in DROPPED)
        for keep, pattern in _RUNS:
            if keep * 2 in folded or dropped and keep == " ":
                spans += [(m.start(), m.end(), keep) for m in pattern.finditer(folded)]
        if dropped:  # those not inside a run of spaces (" _ " is one space)
            runs = sorted(spans)
            ends = [b for _, b, _ in runs]
            for m in _DROPPED_RE.finditer(folded):
                i = bisect_right(ends, m.start())
                if i == len(runs) or runs[i][0] > m.start():
                    spans.append((m.start(), m.end(), ""))
        spans.sort()
        pieces: list[str] = []
        starts, origins = array("q", [0]), array("q", [0])
        last = n = 0
        for a, b, keep in spans:
            pieces += (folded[last:a], keep)
            n += a - last + len(keep)
            if starts[-1] == n:  # nothing of the previous segment is left
                origins[-1] = b
            else:
                starts.append(n)
                origins.append(b)
            last = b
        pieces.append(folded[last:])
        self.text = "".join(pieces) if spans else folded
        self.starts, self.origins, self.length = starts, origins, len(original)

    def original(self, p: int) -> int:
        """Offset in the original of the form's character p (of the end when
        p is the form's length)."""
        if p >= len(self.text):
            return self.length
        i = bisect_right(self.starts, p) - 1
        return self.origins[i] + p - self.starts[i]

    def position(self, o: int) -> int:
        """Offset in the form of the original's character o (approximate
        inside a collapsed run)."""
        i = bisect_right(self.origins, o) - 1
        p = self.starts[i] + o - self.origins[i]
        if i + 1 < len(self.starts):  # inside a run that collapsed: after it
            p = min(p, self.starts[i + 1])
        return max(0, min(p, len(self.text)))


# -- the text --------------------------------------------------------------------


class TextIndex:
    """What the annotations of one text share: its normalised form, and an
    index of sampled grams for approximate search, built on first use (it
    costs about 0.4 s on 3 MB)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.normal = Normalised(text)
        self._grams: list[int] | None = None
        self._step = 1

    def _build(self) -> list[int]:
        # Every step-th gram of the form, as one sorted list of ints: the
        # gram's hash above, its number below (a flat list of ints sorts
        # without a key function, and takes a tenth of a dict of lists).
        norm = self.normal.text
        self._step = step = max(8, -(-len(norm) // _SLOTS))
        grams = [
            (hash(norm[i : i + GRAM]) & _HASH) << _BITS | n for n, i in enumerate(range(0, len(norm) - GRAM + 1, step))
        ]
        grams.sort()
        self._grams = grams
        return grams

    def positions(self, gram: str) -> list[int]:
        """Where `gram` starts among the sampled positions (a rare hash
        collision adds a candidate that scoring rejects)."""
        grams = self._build() if self._grams is None else self._grams
        key = (hash(gram) & _HASH) << _BITS
        lo = bisect_left(grams, key)
        hi = bisect_left(grams, key + (1 << _BITS), lo)
        if hi - lo > COMMON_GRAM:
            return []
        return [(g & _SLOTS - 1) * self._step for g in grams[lo:hi]]


_BITS = 20  # at most a million grams (about 40 MB), sampled more sparsely in longer texts
_SLOTS = 1 << _BITS
_HASH = (1 << 40) - 1
