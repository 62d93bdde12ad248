"""Search all documents (`s`): ranked across the library, grouped by
document with each one's true count.

The index (index/search_index.py) proposes passages, best first by BM25; our
own matcher then verifies each on its text (the words to highlight, and
whether it matches at all), as find in one document does. Documents the
index does not hold yet (or no longer holds as they are) are scanned, so
that a search finds everything while the index is being built."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..index.catalog import Row
from ..index.search_index import LibraryIndex
from ..library.corpus import Document
from ..text.cjk import cjk_character
from .corpus_search import CorpusHit, CorpusSearcher, candidate_regions, query_grams, snippet
from .find import (
    FUZZY_FROM,
    Match,
    Mode,
    WordIndex,
    fuzzy,
    occurrences,
    query_pattern,
    query_tokens,
    required_tokens,
)

if TYPE_CHECKING:
    import tantivy  # imported when first searched: start-up stays lean

FIRST = 64  # passages verified before the first results are shown
MOST = 20_000  # passages verified in all (exact, regex: in C): past this, counts are "at least"
MOST_FUZZY = 2_000  # ... fuzzy: our matcher is Python; these are the best by BM25, words close together first
PER_PASSAGE = 64  # matches a passage may hold
PER_DOCUMENT = 10_000  # hits counted in one scanned document


@dataclass
class Group:
    """The hits of one document."""

    doc: Document
    order: int  # the document's place in the corpus: ties keep corpus order
    hits: list[CorpusHit] = field(default_factory=list)
    rank: tuple[float, float] = (0.0, 0.0)  # (-best score, -its passage's BM25): smaller is better

    def add(self, hit: CorpusHit, bm25: float) -> None:
        self.hits.append(hit)
        self.rank = min(self.rank, (-hit.match.score, -bm25)) if len(self.hits) > 1 else (-hit.match.score, -bm25)


@dataclass
class Results:
    """Where a search is: its groups best first (a new list each time)."""

    groups: list[Group]
    hits: int  # in all
    done: bool
    capped: bool  # more passages matched than were verified: counts are at least these
    indexed: int  # documents answered from the index
    to_scan: int  # documents the index does not hold (yet)
    scanned: int  # ... of which searched so far

    def sorted_hits(self, group: Group) -> list[CorpusHit]:
        return sorted(group.hits, key=lambda h: (-h.match.score, h.match.start))


class LibrarySearch:
    """Search all documents of a corpus, with its index where there is one."""

    def __init__(
        self, documents: list[Document], root: Path, index_folder: Path | None, scanner: CorpusSearcher
    ) -> None:
        self.documents = documents
        self.root = root
        self.folder = index_folder
        self.scanner = scanner
        self._order = {id(doc): n for n, doc in enumerate(documents)}
        self._by_rel = {doc.rel: doc for doc in documents}
        self._index: LibraryIndex | None = None
        self._fresh: dict[int, Document] = {}  # catalog id -> the document it holds as it is now
        self._catalog_version = -1
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    # -- what the index holds ------------------------------------------------------

    def _open(self) -> LibraryIndex | None:
        if self._index is None and self.folder is not None:
            try:
                self._index = LibraryIndex(self.folder, self.root, writing=False)
            except Exception:  # none yet, or being rebuilt: scan meanwhile
                return None
        return self._index

    def rows(self) -> dict[str, Row]:
        """The catalog's rows ({} while there is no index to read)."""
        with self._lock:
            index = self._open()
            try:
                return index.rows() if index is not None else {}
            except Exception:  # removed under us (a rebuild)
                self._close()
                return {}

    def indexed(self) -> dict[int, Document]:
        """Catalog id -> document, for the documents the index holds as they are now."""
        with self._lock:  # searches overlap: a cancelled one runs on while the next starts
            return self._indexed()

    def _indexed(self) -> dict[int, Document]:
        index = self._open()
        if index is None:
            return {}
        try:
            version = index.catalog.version()
            if version != self._catalog_version:
                rows = index.rows()
                self._fresh = {
                    row.id: doc
                    for rel, row in rows.items()
                    if row.indexed and (doc := self._by_rel.get(rel)) is not None and row.matches(doc.size, doc.mtime)
                }
                self._catalog_version = version
        except Exception:  # the index was removed under us (a rebuild): scan
            self._close()
            self._fresh, self._catalog_version = {}, -1
        return self._fresh

    # -- searching -------------------------------------------------------------------

    def search(
        self, query: str, mode: Mode = Mode.FUZZY, cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[Results]:
        """Results as they grow, the last one with done=True (unless
        cancelled). Raises SearchError for an invalid regex, before any work."""
        pattern = None if mode is Mode.FUZZY else query_pattern(query, mode)
        tokens = query_tokens(query)
        if not query.strip() or (pattern is None and not tokens):
            return
        with self._lock:
            fresh, index = self._indexed(), self._index
        index_query = _index_query(index, query, mode) if index is not None and fresh else None
        in_index = {id(doc) for doc in fresh.values()} if index_query is not None else set()
        to_scan = [doc for doc in self.documents if not doc.problem and id(doc) not in in_index]
        groups: dict[int, Group] = {}
        state = {"hits": 0, "capped": False, "scanned": 0}

        def results(done: bool) -> Results:
            ranked = sorted(groups.values(), key=lambda g: (g.rank, g.order))
            capped = bool(state["capped"])  # the dict holds it as an int to mypy
            return Results(ranked, state["hits"], done, capped, len(in_index), len(to_scan), state["scanned"])

        def add(doc: Document, hit: CorpusHit, bm25: float) -> None:
            group = groups.get(id(doc))
            if group is None:
                group = groups[id(doc)] = Group(doc, self._order[id(doc)])
            group.add(hit, bm25)
            state["hits"] += 1

        if index_query is not None and index is not None:
            searcher = index.searcher()
            most = MOST if pattern is not None else MOST_FUZZY
            first = searcher.search(index_query, limit=FIRST)
            pages = [first.hits]
            if first.count > FIRST:
                pages.append(searcher.search(index_query, limit=min(first.count, most) - FIRST, offset=FIRST).hits)
            state["capped"] = first.count > most
            for page in pages:
                for batch in _batches(page):
                    if cancelled():
                        return
                    found = []
                    for bm25, address in batch:
                        entry = searcher.doc(address)
                        doc = fresh.get(entry["doc"][0])
                        if doc is not None:  # else stale: the document changed since, and is scanned
                            text = entry["text"][0].decode("utf-8", "surrogatepass")
                            found.append(_Passage(doc, entry["start"][0], entry["end"][0], text, bm25))
                    for passage, match in _verify(found, tokens, pattern):
                        add(passage.doc, _hit(passage.doc, passage.text, passage.start, match), passage.bm25)
                    yield results(done=False)
        if to_scan:
            for scanned, hits in self.scanner.search(query, mode, PER_DOCUMENT, cancelled, documents=to_scan):
                state["scanned"] = scanned
                for hit in hits:
                    add(hit.doc, hit, 0.0)
                yield results(done=False)
            if cancelled():
                return
        yield results(done=True)


@dataclass
class _Passage:
    doc: Document
    start: int
    end: int
    text: str
    bm25: float


BATCH = 1024  # passages verified at once


def _batches(page: list) -> Iterator[list]:
    # The first few alone, so that the first results come at once.
    yield page[:FIRST]
    for at in range(FIRST, len(page), BATCH):
        yield page[at : at + BATCH]


def _verify(
    passages: list[_Passage], tokens: list[str], pattern: re.Pattern | None
) -> Iterator[tuple[_Passage, Match]]:
    """The matches in each passage that start in its own part (before its
    `end`: the rest is the next passage's)."""
    if pattern is not None:
        for passage in passages:
            core = passage.end - passage.start
            for n, match in enumerate(occurrences(pattern, passage.text)):
                if match.start >= core or n >= PER_PASSAGE:
                    break
                yield passage, match
        return
    # Fuzzy: the passages side by side in one text, and only the regions
    # around the likely places of a match indexed (as in a scan: indexing
    # words costs far more than the matching); no region spans two passages.
    joined = "\n".join(passage.text for passage in passages)
    starts, at = [], 0
    for passage in passages:
        starts.append(at)
        at += len(passage.text) + 1
    regions = []
    for lo, hi in candidate_regions(joined, tokens, [query_grams(token) for token in tokens]):
        k = bisect_right(starts, lo)
        while k < len(starts) and starts[k] < hi:  # cut where the next passage starts
            regions.append((lo, starts[k] - 1))
            lo = starts[k]
            k += 1
        regions.append((lo, hi))
    index = WordIndex.of_regions(joined, regions)
    for match in fuzzy(index, tokens, PER_PASSAGE * len(passages)):
        k = bisect_right(starts, match.start) - 1
        passage, shift = passages[k], starts[k]
        if match.start - shift < passage.end - passage.start:
            yield (
                passage,
                Match(
                    match.start - shift,
                    match.end - shift,
                    tuple((s - shift, e - shift) for s, e in match.spans),
                    match.score,
                ),
            )


def _hit(doc: Document, text: str, start: int, match: Match) -> CorpusHit:
    line, spans = snippet(text, match)
    shifted = Match(
        match.start + start, match.end + start, tuple((s + start, e + start) for s, e in match.spans), match.score
    )
    return CorpusHit(doc, shifted, line, spans)


# -- the index's query ----------------------------------------------------------------


def _index_query(index: LibraryIndex, query: str, mode: Mode) -> tantivy.Query | None:
    """The tantivy query whose passages hold every match of `query` (a
    superset), or None where the index cannot narrow it (then every
    document is scanned)."""
    import tantivy

    schema = index.schema
    if mode is Mode.FUZZY:
        terms = index.tokens(query)
        if not terms:
            return None
        parts = []
        for j, term in enumerate(terms):
            last = j == len(terms) - 1
            if len(term) >= FUZZY_FROM:
                # The distance our matcher allows (ratio 75 from 4 letters, 80 from 6).
                parts.append(
                    tantivy.Query.fuzzy_term_query(
                        schema, "words", term, distance=2 if len(term) >= 10 else 1, prefix=last
                    )
                )
            elif last and not cjk_character().match(term):  # a word still being typed
                parts.append(tantivy.Query.fuzzy_term_query(schema, "words", term, distance=0, prefix=True))
            else:
                parts.append(tantivy.Query.term_query(schema, "words", term))
        required = required_tokens(len(terms))
        words = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, part) for part in parts], minimum_number_should_match=required
        )
        if len(terms) == 1:
            return words
        # Passages that hold the words close together and in order first. (The
        # ignores: tantivy's stub wants an invariant list of str | (offset, str),
        # which a list[str] is to tantivy, not to mypy.)
        phrase = tantivy.Query.phrase_query(schema, "words", terms, slop=2)  # type: ignore[arg-type]
        near = tantivy.Query.boost_query(phrase, 2.0)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, words), (tantivy.Occur.Should, near)])
    if mode is Mode.EXACT:
        terms = index.tokens(query)
        if not terms:
            return None  # punctuation only: scanned
        # The first and the last word of the query may be parts of words.
        patterns = [re.escape(term) for term in terms]
        if not cjk_character().match(terms[0]) and query.lstrip()[:1].isalnum():
            patterns[0] = ".*" + patterns[0]
        if not cjk_character().match(terms[-1]) and query.rstrip()[-1:].isalnum():
            patterns[-1] = patterns[-1] + ".*"
        if len(patterns) == 1:
            return tantivy.Query.regex_query(schema, "words", patterns[0])
        return tantivy.Query.regex_phrase_query(schema, "words", patterns)  # type: ignore[arg-type]
    literals = regex_words(query)
    if not literals:
        return None
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, tantivy.Query.regex_query(schema, "words", f".*{re.escape(word)}.*"))
            for term in literals
            for word in index.tokens(term)
        ]
    )


def regex_words(pattern: str) -> list[str]:
    """Runs of word characters (3 or more) that every match of the regex
    `pattern` holds: its literal characters outside groups, repeats and
    alternatives. [] where there are none (the index cannot narrow it)."""
    try:  # re's own parser: private, so typeshed has no stub of it (the ignore)
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern)
    except Exception:
        return []
    literal = _parser.LITERAL
    runs, run = [], []
    for op, value in parsed:
        if op is literal:
            run.append(chr(value))
        else:
            runs.append("".join(run))
            run = []
    runs.append("".join(run))
    return [word for piece in runs for word in re.findall(r"\w{3,}", piece)]
