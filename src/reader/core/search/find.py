"""Fuzzy finding of passages, word by word (documents by title: filtering.py).

Passages are found word by word. A WordIndex turns a reading text into one
string of word ids (one character per word, so the regex engine can scan it
in C) over a vocabulary of unique normalised words; a query's tokens are
matched against that vocabulary with rapidfuzz, and only windows of words
around the occurrences of the rarest matched token are scored in Python.
Searching the whole corpus is in corpus_search.py.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, chain, islice, repeat

from ..text.cjk import CJK_CHARS, cjk_character


class Mode(enum.Enum):
    FUZZY = "fuzzy"
    EXACT = "exact"
    REGEX = "regex"


class SearchError(ValueError):
    """A query that cannot run (an invalid regex); str() is a one-line
    message for the user, e.g. "unbalanced parenthesis at position 3"."""


@dataclass(frozen=True)
class Match:
    start: int  # first character of the match in the reading text
    end: int  # just past its last character
    spans: tuple[tuple[int, int], ...]  # the characters to highlight, inside [start, end), in order
    score: float  # 0..100, 100 = perfect


# -- words ----------------------------------------------------------------------


@functools.cache
def word() -> re.Pattern[str]:
    """A word: a run of word characters, or one CJK character (text/cjk.py)."""
    return re.compile(f"[{CJK_CHARS}]|[^\\W{CJK_CHARS}]+")


@functools.cache
def _word_split() -> re.Pattern[str]:
    return re.compile(f"({word().pattern})")


# Where a block holds no CJK character, \w+ finds the same words faster.
_PLAIN_WORD = re.compile(r"\w+")
_PLAIN_WORD_SPLIT = re.compile(r"(\w+)")
_NON_WORD = re.compile(r"\W")
BLOCK = 1 << 16  # characters indexed at a time; word offsets are computed per block, on demand

# Word ids are characters. Surrogates are skipped (they are not characters a
# str may hold in every operation); id 0 is the empty word, which matches no
# token, and stands for every word past the 1.1 million-th distinct one.
_SURROGATES = 0xD800
_MAX_IDS = 0x110000 - 0x800
_UNSEARCHABLE = "\x00"


def _id_char(i: int) -> str:
    return chr(i if i < _SURROGATES else i + 0x800)


def normalise(word: str) -> str:
    """A word as fuzzy matching sees it: case folded, accents dropped."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def text_blocks(text: str, start: int, end: int, size: int = BLOCK) -> Iterator[tuple[int, int]]:
    # Pieces of about `size` characters, cut before a non-word character so
    # that no word is split.
    while end - start > size:
        cut = _NON_WORD.search(text, start + size, end)
        if cut is None:
            break
        yield start, cut.start()
        start = cut.start()
    yield start, end


def _has_cjk(text: str, start: int, end: int) -> bool:
    return not text.isascii() and cjk_character().search(text, start, end) is not None


class WordIndex:
    """The words of one reading text, normalised for fuzzy matching; built
    once per document (it may take a while on a big document; the UI builds
    it in a worker)."""

    def __init__(self, text: str) -> None:
        self._build(text, [(0, len(text))])

    @classmethod
    def of_regions(cls, text: str, regions: list[tuple[int, int]]) -> WordIndex:
        """An index of some regions of `text` only (each starting and ending
        between words); no match spans two regions."""
        index = cls.__new__(cls)
        index._build(text, regions)
        return index

    def _build(self, text: str, regions: list[tuple[int, int]]) -> None:
        self.text = text
        self._blocks: list[tuple[int, int]] = []
        self._block_words = array("i")  # index of each block's first word
        self._segments = array("i")  # index of each region's first word
        words: list[list[str]] = []
        count = 0
        for start, end in regions:
            self._segments.append(count)
            for lo, hi in text_blocks(text, start, end):
                words.append((word() if _has_cjk(text, lo, hi) else _PLAIN_WORD).findall(text, lo, hi))
                self._blocks.append((lo, hi))
                self._block_words.append(count)
                count += len(words[-1])
        self._block_words.append(count)
        self._segments.append(count)
        # Each distinct word is normalised once, ASCII ones all in one call.
        distinct = list(set().union(*words))
        joined = "\n".join(distinct)
        normal = joined.lower().split("\n") if joined.isascii() else list(map(normalise, distinct))
        unique = list(dict.fromkeys(normal))
        if len(unique) < _SURROGATES:
            numbers = map(chr, range(1, len(unique) + 1))
        else:
            numbers = map(_id_char, range(1, min(len(unique) + 1, _MAX_IDS)))
        self.norm_ids = dict(zip(unique, numbers))  # normalised word -> id
        self.vocab = ["", *islice(unique, len(self.norm_ids))]  # id number -> normalised word
        raw_ids = dict(zip(distinct, map(self.norm_ids.get, normal, repeat(_UNSEARCHABLE))))
        self.ids = "".join(map(raw_ids.__getitem__, chain.from_iterable(words)))  # one character a word
        self.freq = Counter(self.ids)
        self.sorted_vocab = sorted(self.norm_ids)  # for prefix matching by bisection
        self._offsets: dict[int, array] = {}

    def span(self, word: int) -> tuple[int, int]:
        """Where the `word`-th word is in the text."""
        block = bisect_right(self._block_words, word) - 1
        offsets = self._offsets.get(block)
        if offsets is None:
            offsets = self._locate(block)
        k = 2 * (word - self._block_words[block])
        return offsets[k], offsets[k + 1]

    def _locate(self, block: int) -> array:
        # [start, end) of each word of the block: the lengths of the
        # alternating separators and words, summed in C.
        lo, hi = self._blocks[block]
        split = _word_split() if _has_cjk(self.text, lo, hi) else _PLAIN_WORD_SPLIT
        parts = split.split(self.text[lo:hi])
        offsets = self._offsets[block] = array("i", accumulate(map(len, parts), initial=lo))[1:-1]
        return offsets

    def locate_all(self) -> None:
        """Find where every word is now, rather than block by block when
        span() first needs it (a worker does it before the first search)."""
        for block in range(len(self._blocks)):
            if block not in self._offsets:
                self._locate(block)

    def segment(self, word: int) -> tuple[int, int]:
        """The words of the region holding the `word`-th word."""
        region = bisect_right(self._segments, word) - 1
        return self._segments[region], self._segments[region + 1]


# -- fuzzy ----------------------------------------------------------------------

FUZZY_FROM = 4  # shorter tokens must match exactly (the last one: or as the start of a word)
MIN_SCORE = 50  # below this a window is not shown: "no match" beats a bad match
PERFECT = 100.0  # every word matched whole, in order, adjacent
# A blank line between two matched words that have words between them: the
# user forgot words of a sentence, not a paragraph break.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def window_words(tokens: int) -> int:
    """How many words a match of `tokens` query tokens spans at most: twice
    as many and one, so that words the user forgot between those they
    remember ("the whiteness of the whale appalled me") cost score, not the
    match."""
    return 2 * tokens + 1


def _cutoff(length: int) -> float:
    # fuzz.ratio of one substituted letter: 75 in 4 letters, 80 in 5, 83 in 6;
    # longer tokens allow two.
    return 75.0 if length <= 5 else 80.0


def _prefix_score(token: str, word: str) -> float:
    return 80.0 + 20.0 * len(token) / len(word)


def required_tokens(tokens: int) -> int:
    """How many query tokens a match must contain."""
    return tokens if tokens <= 3 else tokens - 1


def query_tokens(query: str) -> list[str]:
    # A lone combining kana mark (a word of its own) normalises to nothing.
    return [token for token in map(normalise, word().findall(query)) if token]


def _token_matches(index: WordIndex, token: str, last: bool) -> dict[str, float]:
    """Word id -> how well the word matches `token` (0..100), for the words
    of the vocabulary that match it well enough."""
    from rapidfuzz import fuzz, process  # compiled, and only needed once typing starts

    found: dict[str, float] = {}
    if len(token) >= FUZZY_FROM:
        for _, score, number in process.extract(
            token, index.vocab, scorer=fuzz.ratio, score_cutoff=_cutoff(len(token)), limit=None
        ):
            found[_id_char(number)] = score
    elif not last:  # a short word, typed whole: that word only
        word_id = index.norm_ids.get(token)
        if word_id is not None:
            found[word_id] = 100.0
    if last:  # the last token may be a word still being typed
        words = index.sorted_vocab
        for word in words[bisect_left(words, token) : bisect_left(words, token + "\U0010ffff")]:
            word_id = index.norm_ids[word]
            found[word_id] = max(found.get(word_id, 0.0), _prefix_score(token, word))
    return found


def fuzzy(index: WordIndex, tokens: list[str], limit: int) -> list[Match]:
    k = len(tokens)
    required = required_tokens(k)
    found = [_token_matches(index, token, j == k - 1) for j, token in enumerate(tokens)]
    present = [j for j in range(k) if found[j]]
    if len(present) < required:
        return []
    # Every acceptable window holds one of the (missing allowed + 1) rarest
    # tokens: their occurrences are the only places worth scoring.
    rarity = sorted(present, key=lambda j: sum(map(index.freq.__getitem__, found[j])))
    anchor_ids = set().union(*(found[j] for j in rarity[: len(present) - required + 1]))
    if k == 1:
        candidates = _words(index, found[0], limit)
    else:
        cjk = [cjk_character().fullmatch(token) is not None for token in tokens]
        candidates = _windows(index, found, present, required, cjk, _places(index, anchor_ids))
    candidates.sort(key=lambda c: (-c[0], c[1][0]))
    matches: list[Match] = []
    taken: set[int] = set()
    for score, words in candidates:
        if len(matches) >= limit:
            break
        if taken.isdisjoint(range(words[0], words[-1] + 1)):  # one match a passage: its best window
            taken.update(range(words[0], words[-1] + 1))
            spans = tuple(map(index.span, words))
            matches.append(Match(spans[0][0], spans[-1][1], spans, min(100.0, score)))
    return matches


def _places(index: WordIndex, word_ids: Iterable[str]) -> Iterator[re.Match]:
    """The occurrences of these words, in text order."""
    return re.compile("[" + "".join(map(re.escape, word_ids)) + "]").finditer(index.ids)


GROUPS = 24  # scans of the text for a one-word query before scoring every occurrence at once


def _words(index: WordIndex, scores: dict[str, float], limit: int) -> list[tuple[float, tuple[int, ...]]]:
    """The best occurrences of the words of a one-token query: (score, (word,)).

    A short token (the first keystroke) matches a good part of the text:
    words of the best scores first, and no more than `limit` of them."""
    groups: dict[float, list[str]] = {}
    for word_id, score in scores.items():
        groups.setdefault(score, []).append(word_id)
    if len(groups) > GROUPS:
        found: list[tuple[float, tuple[int, ...]]] = [(scores[m.group()], (m.start(),)) for m in _places(index, scores)]
        found.sort(key=lambda c: -c[0])
        return found[:limit]
    found = []
    for score in sorted(groups, reverse=True):
        found += [(score, (m.start(),)) for m in islice(_places(index, groups[score]), limit - len(found))]
        if len(found) >= limit:
            break
    return found


def _windows(
    index: WordIndex,
    found: list[dict[str, float]],
    present: list[int],
    required: int,
    cjk: list[bool],
    anchors: Iterator[re.Match],
) -> list[tuple[float, tuple[int, ...]]]:
    """The best window around each anchor, or every perfect one: (score,
    its matched words). The anchor stands for each token it matches in turn;
    the other tokens are looked for where a copy of the query would put them,
    in windows of window_words() that end with that copy, centre on it or
    start with it (forgotten words may stand on either side). Each perfect
    window is a candidate, so that the passages a query copies are all
    found, as exact find finds them. `cjk`: which tokens are CJK characters,
    that are adjacent only where nothing separates them in the text."""
    k = len(found)
    size = window_words(k)
    room = size - k
    hits: dict[str, list[tuple[int, float]]] = {}  # word id -> (token, score) pairs
    for j in present:
        for word_id, score in found[j].items():
            hits.setdefault(word_id, []).append((j, score))
    ids = index.ids
    regions = len(index._segments) > 2
    # Most anchors lack tokens near them: a search in C for each token, the
    # rarest first, tells so before the words around are looked at.
    rarest = sorted(present, key=lambda j: sum(map(index.freq.__getitem__, found[j])))
    tokens = [re.compile("[" + "".join(map(re.escape, found[j])) + "]") for j in rarest]
    spare = len(present) - required  # tokens that may be missing
    candidates = []
    for anchor in anchors:
        p = anchor.start()
        lo, hi = max(0, p - size + 1), p + size
        if regions:
            first, last = index.segment(p)
            lo, hi = max(lo, first), min(hi, last)
        missing = 0
        for token_words in tokens:
            if token_words.search(ids, lo, hi) is None:
                missing += 1
                if missing > spare:
                    break
        if missing > spare:
            continue
        near = [(q, pairs) for q, word_id in enumerate(ids[lo:hi], lo) if (pairs := hits.get(word_id))]
        best: tuple[float, tuple[int, ...]] | None = None
        perfect = []
        for token, anchor_score in hits[ids[p]]:
            copy = p - token  # where the query would start if it were copied from here
            # Best score first; among equals, the word where the token would
            # be in a copy, so that a copy scores 100.
            options = sorted(
                (-score, abs(q - copy - j), j, q) for q, pairs in near if q != p for j, score in pairs if j != token
            )
            tries = [_choose(options, token, p, anchor_score, lo, hi)]
            places = [q for q, _ in tries[0].values()]
            if max(places) - min(places) >= size:  # too far apart: the best of a few windows
                starts = {min(max(at, p - size + 1), p) for at in (copy - room, copy - room // 2, copy)}
                tries = [_choose(options, token, p, anchor_score, at, at + size) for at in starts]
            for chosen in tries:
                if len(chosen) < required:
                    continue
                matched = sorted(chosen)
                order = [chosen[j][0] for j in matched]
                score = sum(s for _, s in chosen.values()) / k * _shape(index, order, [cjk[j] for j in matched])
                if score >= PERFECT:
                    perfect.append((score, tuple(order)))
                    break
                if score >= MIN_SCORE and (best is None or score > best[0]):
                    best = (score, tuple(sorted(order)))
        if perfect:
            candidates += perfect
        elif best is not None and not _skips_a_paragraph(index, best[1]):
            candidates.append(best)
    return candidates


def _choose(
    options: list[tuple[float, int, int, int]], token: int, anchor: int, score: float, lo: int, hi: int
) -> dict[int, tuple[int, float]]:
    """Token -> (its word, its score): the anchor for `token`, and for each
    other token the first of `options` (best first) in words [lo, hi) that
    no other token took."""
    chosen = {token: (anchor, score)}
    used = {anchor}
    for negative, _, j, q in options:
        if lo <= q < hi and j not in chosen and q not in used:
            chosen[j] = (q, -negative)
            used.add(q)
    return chosen


def _shape(index: WordIndex, order: list[int], cjk: list[bool]) -> float:
    """What the places of the matched words make of their scores' mean (1 for
    a copy): words in another order cost up to a tenth, and so do words
    between them, the more the further apart they stand."""
    matched = len(order)
    ordered = matched if all(a < b for a, b in zip(order, order[1:])) else _longest_ascending(order)
    in_order = 1.0 if matched < 2 else (ordered - 1) / (matched - 1)
    span = max(order) - min(order) + 1
    if span == matched and ordered == matched and any(cjk):
        # CJK characters are adjacent only where nothing separates them.
        pairs = zip(order, order[1:], cjk, cjk[1:])
        if any(ca and cb and index.span(a)[1] != index.span(b)[0] for a, b, ca, cb in pairs):
            span += 1
    close = 1.0 if span == matched else 0.5 * (matched - 1) / (span - 1)
    return 0.8 + 0.1 * in_order + 0.1 * close


def _longest_ascending(positions: list[int]) -> int:
    """How many of `positions` stand in order (the longest ascending subsequence)."""
    tails: list[int] = []
    for q in positions:
        at = bisect_left(tails, q)
        if at == len(tails):
            tails.append(q)
        else:
            tails[at] = q
    return len(tails)


def _skips_a_paragraph(index: WordIndex, words: tuple[int, ...]) -> bool:
    """Whether words skipped between two of these (in text order) hold a
    paragraph break: forgotten words are those of one passage."""
    return any(
        b - a > 1 and _PARAGRAPH_BREAK.search(index.text, index.span(a)[1], index.span(b)[0]) is not None
        for a, b in zip(words, words[1:])
    )


# -- exact and regex ------------------------------------------------------------

# Whitespace in an exact query: any run of whitespace with at most one line
# break in it, so that a phrase is found across the hard line breaks of a
# paragraph (Gutenberg's 70 columns) but never across a blank line.
_EXACT_SPACE = r"(?=\s)[^\S\n]*\n?[^\S\n]*"
_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[^\S\n]*\n[^\S\n]*")


def query_pattern(query: str, mode: Mode) -> re.Pattern:
    """The pattern that finds `query` in a reading text (exact and regex
    modes); raises SearchError for an invalid regex."""
    if mode is Mode.EXACT:
        return re.compile(_EXACT_SPACE.join(map(re.escape, _SPACES.split(query))), re.IGNORECASE)
    # Smart case: an uppercase letter (not an escape such as \W) makes the
    # pattern case-sensitive. ^ and $ match at every line, as in grep.
    flags = re.MULTILINE
    if not any(ch.isupper() for ch in re.sub(r"\\.", "", query)):
        flags |= re.IGNORECASE
    try:
        return re.compile(query, flags)
    except re.error as err:
        raise SearchError(err.msg if err.pos is None else f"{err.msg} at position {err.pos}") from None
    except OverflowError as err:  # "a{99999999999}"
        raise SearchError(str(err)) from None


def occurrences(pattern: re.Pattern, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
    """The non-empty matches of `pattern` in text[start:end]."""
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        if m.end() > m.start():  # an empty match has nothing to show
            yield Match(m.start(), m.end(), _line_spans(text, m.start(), m.end()), 100.0)


def _line_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """What to highlight of text[start:end]: its pieces on each line, without
    the line breaks and the indentation around them."""
    if text.find("\n", start, end) < 0:
        return ((start, end),)
    spans = []
    for brk in _LINE_BREAK.finditer(text, start, end):
        if brk.start() > start:
            spans.append((start, brk.start()))
        start = brk.end()
    if end > start:
        spans.append((start, end))
    return tuple(spans) or ((start, end),)


def find(
    text: str, query: str, mode: Mode = Mode.FUZZY, index: WordIndex | None = None, limit: int = 10_000
) -> list[Match]:
    """Fuzzy: best first, only good matches (an empty list means "no
    match"). Exact and regex: every occurrence in document order, up to
    `limit`. Raises SearchError for an invalid regex. An empty/blank query
    gives []. `index` is used for fuzzy when given (else built on the fly)."""
    if not query.strip():
        return []
    if mode is Mode.FUZZY:
        tokens = query_tokens(query)
        return fuzzy(index or WordIndex(text), tokens, limit) if tokens else []
    return list(islice(occurrences(query_pattern(query, mode), text), limit))
