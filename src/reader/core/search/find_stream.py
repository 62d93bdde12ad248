"""Finding in a big document: block by block, from where the reader is.

A fuzzy WordIndex of a whole 500 MB text takes minutes and gigabytes, and
even an exact scan takes seconds. So a big text is searched in blocks, the
first ones small: from the reader's place to the end, then from the start
back to that place, and each block's matches are handed over at once. Fuzzy
blocks index only their candidate regions, as searching all documents does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import takewhile

from .corpus_search import fuzzy_regions, query_grams
from .find import Match, Mode, occurrences, query_pattern, query_tokens

STREAM_FROM = 8 << 20  # characters: a bigger text is searched block by block
FIRST_BLOCK = 1 << 16  # characters of the first block: its matches show at once
MAX_BLOCK = 1 << 17  # ... and of the biggest: one holds the interpreter for a few ms at most
# A regex match may run on past its block by this many characters (past
# that it is cut short); an exact one never crosses a blank line.
MARGIN = 1 << 16
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_NON_WORD = re.compile(r"\W")


def find_from(
    text: str,
    query: str,
    mode: Mode,
    origin: int = 0,
    limit: int = 10_000,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[Match]]:
    """Batches of matches, each in document order: first those from the
    paragraph holding `origin` to the end, then those before it; `limit` in
    all at most. Fuzzy matches are those of each block (none spans two
    blocks, which are cut at blank lines where there are some), not ranked
    across the text. Stops
    when cancelled() is true. Raises SearchError (an invalid regex) before
    any batch; an empty query gives none."""
    if not query.strip():
        return
    if mode is Mode.FUZZY:
        tokens = query_tokens(query)
        if not tokens:
            return
        grams = [query_grams(token) for token in tokens]

        def search(lo: int, hi: int, at: int) -> list[Match]:
            found = fuzzy_regions(text[lo:hi], tokens, grams, limit, cancelled) or []
            return sorted((_shifted(m, lo) for m in found), key=lambda m: m.start)
    else:
        pattern = query_pattern(query, mode)

        def search(lo: int, hi: int, at: int) -> list[Match]:
            found = occurrences(pattern, text, at, min(len(text), hi + MARGIN))
            return list(takewhile(lambda m: m.start < hi, found))

    start = _paragraph_start(text, origin)
    count = 0
    first: int | None = None  # where the first match after the origin starts
    for before, (phase_start, phase_end) in enumerate(((start, len(text)), (0, start))):
        resume = phase_start  # past the last match: the next block's may not overlap it
        for lo, hi in _blocks(text, phase_start, phase_end):
            if cancelled():
                return
            batch = search(lo, hi, max(lo, resume))
            if before and first is not None:
                batch = [m for m in batch if m.end <= first]
            batch = batch[: limit - count]
            if not batch:
                continue
            resume = batch[-1].end
            if first is None and not before:
                first = batch[0].start
            count += len(batch)
            yield batch
            if count >= limit:
                return


def _shifted(match: Match, by: int) -> Match:
    return Match(match.start + by, match.end + by, tuple((s + by, e + by) for s, e in match.spans), match.score)


def _paragraph_start(text: str, origin: int) -> int:
    """Where the paragraph holding `origin` starts (or its line, or a word
    before it, in a very long one). Only a paragraph's start (or the text's)
    is sure to be crossed by no exact match, which may span a line break."""
    origin = max(0, min(origin, len(text)))
    floor = max(0, origin - MAX_BLOCK)
    at = text.rfind("\n\n", floor, origin)
    if at >= 0:
        return at + 2
    if floor == 0:
        return 0
    at = text.rfind("\n", floor, origin)
    if at >= 0:
        return at + 1
    gap = _NON_WORD.search(text, floor, origin)
    return gap.start() if gap else origin


def _blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[lo, hi) pieces of text[start:end], growing from FIRST_BLOCK to
    MAX_BLOCK, each cut after a blank line near its size (else before a
    non-word character, so that no word is cut)."""
    size = FIRST_BLOCK
    while start < end:
        cut = end
        if end - start > size + MARGIN:
            paragraph = _PARAGRAPH.search(text, start + size, start + size + MARGIN)
            gap = paragraph or _NON_WORD.search(text, start + size, end)
            if gap is not None:
                cut = gap.end() if paragraph else gap.start()
        yield start, cut
        start = cut
        size = min(2 * size, MAX_BLOCK)
