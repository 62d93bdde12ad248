"""The library index: built, refreshed (added, changed, renamed, deleted
documents), resumed after a killed build, rebuilt when corrupt, one per
library; and search all answering from it, ranked, with true counts."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.index.building import Busy, Progress, refresh
from reader.core.index.search_index import LibraryIndex, index_folder
from reader.core.library.corpus import describe, load, open_corpus
from reader.core.library.rule import Library
from reader.core.search.corpus_search import CorpusSearcher
from reader.core.search.find import Mode
from reader.core.search.library_search import LibrarySearch, Results, regex_words

from ..conftest import SHARED

QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


def make_corpus(folder: Path, docs: dict[str, str]) -> Path:
    for rel, text in docs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return folder


def build(root: Path, folder: Path, **kwargs) -> list[Progress]:
    seen: list[Progress] = []
    corpus = open_corpus(root)
    refresh(
        corpus, Library.of(corpus.root), folder=folder, progress=lambda p: seen.append(Progress(**vars(p))), **kwargs
    ).close()
    return seen


def search_all(root: Path, folder: Path | None, query: str, mode: Mode = Mode.FUZZY) -> Results:
    corpus = open_corpus(root)
    search = LibrarySearch(corpus.documents, corpus.root, folder, CorpusSearcher(corpus.documents, parallel=False))
    try:
        *_, last = search.search(query, mode)
    finally:
        search.close()
    assert last.done
    return last


def counts(results: Results) -> dict[str, int]:
    return {group.doc.rel: len(group.hits) for group in results.groups}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_corpus(
        tmp_path / "lib",
        {
            "a/heron.txt": "The Heron\n\nThe lighthouse keeper counted eleven herons at dawn.\n\nThen he slept.\n",
            "a/whale.txt": "The Whale\n\nCall me Ishmael. Some years ago, never mind how long precisely.\n",
            "b/tea.md": "---\ntitle: Tea\n---\n# Tea\n\nA pot of green tea, and eleven biscuits.\n",
        },
    )


def test_a_first_build_holds_every_document_and_its_facts(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    progress = build(library, folder)
    assert progress[-1].indexed == 3 and progress[-1].documents == 3
    corpus = open_corpus(library)
    index = LibraryIndex(folder, corpus.root, writing=False)
    rows = index.rows()
    index.close()
    for doc in corpus.documents:
        describe(doc)
        row = rows[doc.rel]
        assert (row.title, row.indexed, row.size) == (doc.title, True, doc.size)
    assert rows["a/heron.txt"].words == corpus.documents[0].words
    results = search_all(library, folder, "eleven")
    assert results.indexed == 3 and results.to_scan == 0
    assert counts(results) == {"a/heron.txt": 1, "b/tea.md": 1}


def test_refresh_reads_again_only_what_changed(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    build(library, folder)
    assert build(library, folder)[-1].indexed == 0  # nothing changed: nothing read
    (library / "a" / "new.txt").write_text("Added\n\nA cormorant dried its wings.\n", "utf-8")  # added
    (library / "a" / "whale.txt").write_text("The Whale\n\nCall me Queequeg.\n", "utf-8")  # changed
    os.rename(library / "b" / "tea.md", library / "b" / "green-tea.md")  # renamed: same bytes
    (library / "a" / "heron.txt").unlink()  # deleted
    assert build(library, folder)[-1].indexed == 2  # the new and the changed one; not the renamed one
    assert counts(search_all(library, folder, "cormorant")) == {"a/new.txt": 1}
    assert counts(search_all(library, folder, "queequeg")) == {"a/whale.txt": 1}
    assert counts(search_all(library, folder, "ishmael")) == {}
    assert counts(search_all(library, folder, "biscuits")) == {"b/green-tea.md": 1}
    assert counts(search_all(library, folder, "herons")) == {}
    index = LibraryIndex(folder, library, writing=False)
    assert sorted(index.rows()) == ["a/new.txt", "a/whale.txt", "b/green-tea.md"]
    index.close()


def test_a_document_changed_since_it_was_indexed_is_searched_as_it_is(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    build(library, folder)
    (library / "a" / "whale.txt").write_text("The Whale\n\nCall me Queequeg, said the harpooneer.\n", "utf-8")
    results = search_all(library, folder, "harpooneer")
    assert counts(results) == {"a/whale.txt": 1} and results.to_scan == 1 and results.indexed == 2
    assert counts(search_all(library, folder, "ishmael")) == {}  # the index's old passage is not trusted


def test_while_the_index_is_incomplete_search_finds_everything(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    looked = []
    build(library, folder, cancelled=lambda: len(looked) > 0 or bool(looked.append(1)))  # one document, then stop
    results = search_all(library, folder, "eleven")
    assert counts(results) == {"a/heron.txt": 1, "b/tea.md": 1}
    assert results.indexed >= 1 and results.to_scan >= 1
    # The next refresh resumes: it reads only what the first did not commit.
    assert build(library, folder)[-1].indexed == 3 - results.indexed


def test_a_killed_build_is_resumed_or_restarted(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    text = QUIJOTE.read_bytes()
    for n in range(8):
        (root / f"d{n}").mkdir(parents=True)
        (root / f"d{n}" / "quijote.txt").write_bytes(text[n * 100 :] + f"\n\nfin del tomo {n}\n".encode())
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    child = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(root), "--progress", "lines"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    json.loads(child.stdout.readline())  # it has started
    child.send_signal(signal.SIGKILL)
    child.wait()
    folder = index_folder(root)
    assert build(root, folder)[-1].documents == 8
    results = search_all(root, folder, "fin del tomo", Mode.EXACT)
    assert results.indexed == 8 and results.to_scan == 0
    assert sorted(counts(results).values()) == [1] * 8


def test_a_corrupt_or_foreign_index_is_rebuilt_without_a_word(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    build(library, folder)
    (folder / "passages" / "meta.json").write_text("{ not json", "utf-8")
    assert search_all(library, folder, "eleven").to_scan == 3  # searching never breaks: it scans
    assert build(library, folder)[-1].indexed == 3
    assert search_all(library, folder, "eleven").indexed == 3
    index = LibraryIndex(folder, library, writing=False)
    index.catalog.set_meta("version", "0")  # an index of another version
    index.close()
    assert build(library, folder)[-1].indexed == 3
    (folder / "catalog.sqlite").write_bytes(b"garbage" * 100)
    assert build(library, folder)[-1].indexed == 3
    assert counts(search_all(library, folder, "eleven")) == {"a/heron.txt": 1, "b/tea.md": 1}


def test_two_libraries_have_two_indexes(tmp_path: Path) -> None:
    one = make_corpus(tmp_path / "one", {"x.txt": "Only here: albatross.\n"})
    two = make_corpus(tmp_path / "two", {"x.txt": "Only here: pelican.\n"})
    assert index_folder(one) != index_folder(two)
    build(one, index_folder(one))
    build(two, index_folder(two))
    assert counts(search_all(one, index_folder(one), "albatross")) == {"x.txt": 1}
    assert counts(search_all(one, index_folder(one), "pelican")) == {}
    assert counts(search_all(two, index_folder(two), "pelican")) == {"x.txt": 1}


def test_one_indexer_at_a_time(library: Path, tmp_path: Path) -> None:
    from filelock import FileLock

    folder = tmp_path / "index"
    with FileLock(str(folder) + ".lock"):
        with pytest.raises(Busy):
            build(library, folder)


def test_hits_are_ranked_across_documents_not_in_their_order(tmp_path: Path) -> None:
    root = make_corpus(
        tmp_path / "lib",
        {
            "01.txt": "First\n\nThe whiteness of the whael was what appalled him.\n",  # a typo
            "02.txt": "Second\n\nNothing of the sort here, only ships.\n",
            "03.txt": "Third\n\nIt was the whiteness of the whale that above all things appalled me.\n",
        },
    )
    folder = tmp_path / "index"
    build(root, folder)
    results = search_all(root, folder, "whiteness of the whale")
    assert [group.doc.rel for group in results.groups] == ["03.txt", "01.txt"]
    assert results.groups[0].hits[0].match.score > results.groups[1].hits[0].match.score


@pytest.mark.parametrize("query", ["dulcinea del toboso", "sancho panza", "rocinante", "quijote de la mancha"])
def test_counts_are_true_counts_of_the_text(tmp_path: Path, query: str) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "quijote.txt").write_bytes(QUIJOTE.read_bytes())
    (root / "other.txt").write_text("Nothing about it.\n", "utf-8")
    folder = tmp_path / "index"
    build(root, folder)
    text = load(open_corpus(root).documents[1]).text
    assert open_corpus(root).documents[1].rel == "quijote.txt"
    from reader.core.search.find import query_pattern

    expected = len(query_pattern(query, Mode.EXACT).findall(text))
    results = search_all(root, folder, query, Mode.EXACT)
    assert results.indexed == 2 and counts(results) == {"quijote.txt": expected}
    assert results.hits == expected > 0
    # Each hit is where the text holds the query.
    hits = results.groups[0].hits
    assert all(re.fullmatch(query_pattern(query, Mode.EXACT), text[h.match.start : h.match.end]) for h in hits)


def test_fuzzy_search_finds_a_typo_and_folds_accents_and_case(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "lib", {"a.txt": "El Señor de la MANCHA vivía allí.\n", "b.txt": "nada\n"})
    folder = tmp_path / "index"
    build(root, folder)
    results = search_all(root, folder, "senor de la mamcha")
    assert counts(results) == {"a.txt": 1}
    hit = results.groups[0].hits[0]
    text = (root / "a.txt").read_text("utf-8")
    assert [text[s:e] for s, e in hit.match.spans] == ["Señor", "de", "la", "MANCHA"]


def test_chinese_is_found_by_a_few_characters(seeds: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    build(seeds, folder)
    exact = search_all(seeds, folder, "企业老板", Mode.EXACT)
    assert counts(exact) == {"003_66d8e60a35b94f19.txt": 4}
    assert exact.indexed == 5
    fuzzy = search_all(seeds, folder, "企业老板")
    assert counts(fuzzy) == {"003_66d8e60a35b94f19.txt": 4}  # every place exact finds
    assert {h.match.start for h in fuzzy.groups[0].hits} == {h.match.start for h in exact.groups[0].hits}


def test_a_phrase_across_a_hard_line_break_is_found_by_search_all(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "quijote.txt").write_bytes(QUIJOTE.read_bytes())
    folder = tmp_path / "index"
    build(root, folder)
    text = load(open_corpus(root).documents[0]).text
    everywhere = len(re.findall(r"dulcinea\s+del\s+toboso", text, re.IGNORECASE))
    assert everywhere == 112
    assert search_all(root, folder, "dulcinea del toboso", Mode.EXACT).hits == everywhere
    assert search_all(root, folder, "dulcinea del toboso").hits >= everywhere  # fuzzy: these and near ones


def test_regex_search_is_narrowed_by_its_words_and_verified(tmp_path: Path) -> None:
    assert regex_words(r"dulcinea\s+del\s+toboso") == ["dulcinea", "del", "toboso"]
    assert regex_words(r"(sancho|quijote)") == []  # alternatives: not narrowed
    assert regex_words(r"x\d+y") == []
    root = tmp_path / "lib"
    root.mkdir()
    (root / "quijote.txt").write_bytes(QUIJOTE.read_bytes())
    folder = tmp_path / "index"
    build(root, folder)
    text = load(open_corpus(root).documents[0]).text
    for pattern in [r"dulcinea\s+del\s+toboso", r"(sancho|quijote) panza"]:
        results = search_all(root, folder, pattern, Mode.REGEX)
        assert results.hits == len(re.findall(pattern, text, re.IGNORECASE | re.MULTILINE))
