"""Searching every document of a corpus: streaming, cancelling, bad files, worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core.corpus import Document, load, open_corpus
from reader.core.corpus_search import CorpusHit, CorpusSearcher, search_corpus
from reader.core.search import Mode, SearchError, find

from .conftest import write
from .test_search import CONTROLS, PRESSURE, SEEDS, words_at


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def documents(path: Path) -> list[Document]:
    return open_corpus(path).documents


def test_search_corpus_streams_hits_with_snippets(seeds: Path) -> None:
    docs = documents(seeds)
    hits = search_corpus(docs, "rare erth exprt controls")
    first = next(hits)  # a generator: the first hit comes before the rest is searched
    assert isinstance(first, CorpusHit) and first.doc.rel == CONTROLS
    all_hits = [first, *hits]
    assert {hit.doc.rel for hit in all_hits} >= {CONTROLS}
    for hit in all_hits:
        text = load(hit.doc).text
        assert len(hit.snippet) <= 122 and "\n" not in hit.snippet
        assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == words_at(text, hit.match)
    assert first.match == find(load(first.doc).text, "rare erth exprt controls")[0]


def test_search_corpus_best_per_document_in_corpus_order(seeds: Path) -> None:
    docs = documents(seeds)
    hits = list(search_corpus(docs, "china", per_document=2))
    order = [d.rel for d in docs]
    rels = [hit.doc.rel for hit in hits]
    assert rels == sorted(rels, key=order.index)
    for rel in set(rels):
        scores = [hit.match.score for hit in hits if hit.doc.rel == rel]
        assert len(scores) <= 2 and scores == sorted(scores, reverse=True)


def test_search_corpus_finds_a_passage_in_a_big_document(tmp_path: Path) -> None:
    # Big enough that only regions around candidates are indexed.
    filler = "the quick brown fox jumps over the lazy dog and keeps running. " * 4000
    phrase = "Negotiators in Beijing and Washington"
    write(tmp_path / "corpus" / "big.txt", filler + phrase + " agreed. " + filler)
    (hit,) = search_corpus(documents(tmp_path / "corpus"), "negotiaters in bejing and washingtn")
    text = load(hit.doc).text
    assert text[hit.match.start:hit.match.end] == phrase
    assert hit.match == find(text, "negotiaters in bejing and washingtn")[0]


def test_search_corpus_can_be_cancelled(seeds: Path) -> None:
    docs = documents(seeds)
    everything = list(search_corpus(docs, "china"))
    seen: list[CorpusHit] = []
    for hit in search_corpus(docs, "china", cancelled=lambda: bool(seen)):
        seen.append(hit)
    assert seen and len({hit.doc.rel for hit in seen}) == 1
    assert len(seen) < len(everything)
    assert list(search_corpus(docs, "china", cancelled=lambda: True)) == []


def test_search_corpus_checks_cancelled_within_a_big_document(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "big.txt", "rare earth export controls. " * 100_000)  # 2.8 MB
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 1  # after the check before the document is read

    assert list(search_corpus(documents(tmp_path / "corpus"), "rare earth", cancelled=cancelled)) == []
    assert calls == 2


def test_search_corpus_skips_documents_it_cannot_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", "rare earth export controls\n")
    write(corpus / "binary.txt", b"\x00\x01\x02\x03" * 100)
    write(corpus / "gone.txt", "rare earth export controls\n")
    (corpus / "link.txt").symlink_to(corpus / "nowhere.txt")
    docs = documents(corpus)
    (corpus / "gone.txt").unlink()
    hits = list(search_corpus(docs, "rare earth"))
    assert [hit.doc.rel for hit in hits] == ["a.txt"]


def test_search_corpus_exact_and_regex(seeds: Path) -> None:
    docs = documents(seeds)
    exact = list(search_corpus(docs, "Rare Earth", Mode.EXACT, per_document=100))
    for hit in exact:
        text = load(hit.doc).text
        assert text[hit.match.start:hit.match.end].lower() == "rare earth"
        (span,) = hit.snippet_spans
        assert hit.snippet[span[0]:span[1]].lower() == "rare earth"
    expected = sum(load(d).text.lower().count("rare earth") for d in docs)
    assert len(exact) == expected > 3
    regex = list(search_corpus(docs, r"terbium\w*", Mode.REGEX))
    assert [hit.doc.rel for hit in regex] == [PRESSURE]
    with pytest.raises(SearchError, match="position"):
        list(search_corpus(docs, "(unclosed", Mode.REGEX))



# -- in worker processes --------------------------------------------------------

def test_worker_processes_find_what_one_thread_finds(tmp_path: Path, seeds: Path) -> None:
    corpus = tmp_path / "many"
    for n in range(12):  # several batches: the seeds, copied
        shutil.copytree(seeds, corpus / f"copy{n:02}")
    docs = documents(corpus)
    searcher = CorpusSearcher(docs, workers=2, parallel=True)
    try:
        for query, mode in (("rare erth exprt controls", Mode.FUZZY), ("Rare Earth", Mode.EXACT)):
            expected = {(hit.doc.rel, hit.match, hit.snippet) for hit in search_corpus(docs, query, mode)}
            progress, found = [], set()
            for searched, hits in searcher.search(query, mode):
                progress.append(searched)
                found |= {(hit.doc.rel, hit.match, hit.snippet) for hit in hits}
                assert all(hit.doc in docs for hit in hits)  # the caller's own documents
            assert found == expected and len(expected) > 12
            assert progress == sorted(progress) and progress[-1] == len(docs)
        with pytest.raises(SearchError):
            next(searcher.search("(unclosed", Mode.REGEX))
        stopped = list(searcher.search("china", cancelled=lambda: True))
        assert sum(len(hits) for _, hits in stopped) < len(list(search_corpus(docs, "china")))
    finally:
        searcher.close()


def test_a_small_corpus_is_searched_without_processes(seeds: Path) -> None:
    searcher = CorpusSearcher(documents(seeds), workers=2)
    assert not searcher.parallel
    steps = list(searcher.search("rare erth exprt controls"))
    assert [searched for searched, _ in steps] == list(range(1, 6))
    assert searcher._pool is None
