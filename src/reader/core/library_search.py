"""Search all documents (`s`): ranked across the library, grouped by
document with each one's true count.

The index (library_index.py) proposes passages, best first by BM25; our
own matcher then verifies each on its text (the words to highlight, and
whether it matches at all), as find in one document does. Documents the
index does not hold yet (or no longer holds as they are) are scanned, so
that a search finds everything while the index is being built."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Document
from .corpus_search import CorpusHit, CorpusSearcher, snippet
from .library_index import CJK_CHARS, LibraryIndex
from .search import FUZZY_FROM, Match, Mode, WordIndex, fuzzy, occurrences, query_pattern, query_tokens, \
    required_tokens

FIRST = 64  # passages verified before the first results are shown
MOST = 20_000  # passages verified in all: past this, counts are "at least"
PER_PASSAGE = 64  # matches a passage may hold
PER_DOCUMENT = 10_000  # hits counted in one scanned document
_CJK = re.compile(f"[{CJK_CHARS}]")


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

    def __init__(self, documents: list[Document], root: Path, index_folder: Path | None,
                 scanner: CorpusSearcher) -> None:
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
                self._fresh = {row.id: doc for rel, row in rows.items()
                               if row.indexed and (doc := self._by_rel.get(rel)) is not None
                               and row.matches(doc.size, doc.mtime)}
                self._catalog_version = version
        except Exception:  # the index was removed under us (a rebuild): scan
            self._close()
            self._fresh, self._catalog_version = {}, -1
        return self._fresh

    # -- searching -------------------------------------------------------------------

    def search(self, query: str, mode: Mode = Mode.FUZZY,
               cancelled: Callable[[], bool] = lambda: False) -> Iterator[Results]:
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
            return Results(ranked, state["hits"], done, state["capped"], len(in_index), len(to_scan),
                           state["scanned"])

        def add(doc: Document, hit: CorpusHit, bm25: float) -> None:
            group = groups.get(id(doc))
            if group is None:
                group = groups[id(doc)] = Group(doc, self._order[id(doc)])
            group.add(hit, bm25)
            state["hits"] += 1

        if index_query is not None and index is not None:
            searcher = index.searcher()
            first = searcher.search(index_query, limit=FIRST)
            pages = [first.hits]
            if first.count > FIRST:
                pages.append(searcher.search(index_query, limit=min(first.count, MOST), offset=FIRST).hits)
            state["capped"] = first.count > MOST
            for page in pages:
                for bm25, address in page:
                    if cancelled():
                        return
                    entry = searcher.doc(address)
                    doc = fresh.get(entry["doc"][0])
                    if doc is None:
                        continue  # stale: the document changed since, and is scanned
                    start, end, text = entry["start"][0], entry["end"][0], entry["text"][0]
                    for match in _verify(text, end - start, query, tokens, pattern):
                        add(doc, _hit(doc, text, start, match), bm25)
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


def _verify(text: str, core: int, query: str, tokens: list[str], pattern: re.Pattern | None) -> list[Match]:
    """The matches in a passage's text that start in its own part (before `core`)."""
    if pattern is not None:
        found = []
        for match in occurrences(pattern, text):
            if match.start >= core:
                break
            found.append(match)
            if len(found) >= PER_PASSAGE:
                break
        return found
    return [m for m in fuzzy(WordIndex(text), tokens, PER_PASSAGE) if m.start < core]


def _hit(doc: Document, text: str, start: int, match: Match) -> CorpusHit:
    line, spans = snippet(text, match)
    shifted = Match(match.start + start, match.end + start,
                    tuple((s + start, e + start) for s, e in match.spans), match.score)
    return CorpusHit(doc, shifted, line, spans)


# -- the index's query ----------------------------------------------------------------

def _index_query(index: LibraryIndex, query: str, mode: Mode):  # type: ignore[no-untyped-def]
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
                parts.append(tantivy.Query.fuzzy_term_query(schema, "text", term, distance=2 if len(term) >= 10 else 1,
                                                            prefix=last))
            elif last and not _CJK.match(term):  # a word still being typed
                parts.append(tantivy.Query.fuzzy_term_query(schema, "text", term, distance=0, prefix=True))
            else:
                parts.append(tantivy.Query.term_query(schema, "text", term))
        required = required_tokens(len(terms))
        words = tantivy.Query.boolean_query([(tantivy.Occur.Should, part) for part in parts],
                                            minimum_number_should_match=required)
        if len(terms) == 1:
            return words
        # Passages that hold the words close together and in order first.
        near = tantivy.Query.boost_query(tantivy.Query.phrase_query(schema, "text", terms, slop=2), 2.0)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, words), (tantivy.Occur.Should, near)])
    if mode is Mode.EXACT:
        terms = index.tokens(query)
        if not terms:
            return None  # punctuation only: scanned
        # The first and the last word of the query may be parts of words.
        words = [re.escape(term) for term in terms]
        if not _CJK.match(terms[0]) and query.lstrip()[:1].isalnum():
            words[0] = ".*" + words[0]
        if not _CJK.match(terms[-1]) and query.rstrip()[-1:].isalnum():
            words[-1] = words[-1] + ".*"
        if len(words) == 1:
            return tantivy.Query.regex_query(schema, "text", words[0])
        return tantivy.Query.regex_phrase_query(schema, "text", words)
    literals = regex_words(query)
    if not literals:
        return None
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, tantivy.Query.regex_query(schema, "text", f".*{re.escape(word)}.*"))
         for term in literals for word in index.tokens(term)])


def regex_words(pattern: str) -> list[str]:
    """Runs of word characters (3 or more) that every match of the regex
    `pattern` holds: its literal characters outside groups, repeats and
    alternatives. [] where there are none (the index cannot narrow it)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern)
    except Exception:
        return []
    literal = _parser.LITERAL  # type: ignore[attr-defined]
    runs, run = [], []
    for op, value in parsed:
        if op is literal:
            run.append(chr(value))
        else:
            runs.append("".join(run))
            run = []
    runs.append("".join(run))
    return [word for piece in runs for word in re.findall(r"\w{3,}", piece)]
