"""Searching every document of a corpus: streaming, cancelling, bad files, worker processes."""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import subprocess
import sys
from concurrent.futures import ALL_COMPLETED
from multiprocessing import util
from pathlib import Path

import pytest

from reader.core.library.corpus import Document, load, open_corpus
from reader.core.search import corpus_search
from reader.core.search.corpus_search import CorpusHit, CorpusSearcher, WorkerError, search_corpus
from reader.core.search.find import Mode, SearchError, find

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
    assert text[hit.match.start : hit.match.end] == phrase
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
        assert text[hit.match.start : hit.match.end].lower() == "rare earth"
        (span,) = hit.snippet_spans
        assert hit.snippet[span[0] : span[1]].lower() == "rare earth"
    expected = sum(load(d).text.lower().count("rare earth") for d in docs)
    assert len(exact) == expected > 3
    regex = list(search_corpus(docs, r"terbium\w*", Mode.REGEX))
    assert [hit.doc.rel for hit in regex] == [PRESSURE]
    with pytest.raises(SearchError, match="position"):
        list(search_corpus(docs, "(unclosed", Mode.REGEX))


# -- in worker processes --------------------------------------------------------


def copies(tmp_path: Path, seeds: Path) -> list[Document]:
    """The seeds, copied 12 times: several batches."""
    corpus = tmp_path / "many"
    for n in range(12):
        shutil.copytree(seeds, corpus / f"copy{n:02}")
    return documents(corpus)


def found(searcher: CorpusSearcher, query: str) -> set[tuple[str, int]]:
    return {(hit.doc.rel, hit.match.start) for _, hits in searcher.search(query) for hit in hits}


def test_worker_processes_find_what_one_thread_finds(tmp_path: Path, seeds: Path) -> None:
    docs = copies(tmp_path, seeds)
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


# A fresh interpreter (no resource tracker running yet) whose sys.stderr is,
# as while Textual runs, an object without a file descriptor.
UNDER_A_UI = """
import sys
from pathlib import Path
from reader.core.library.corpus import open_corpus
from reader.core.search.corpus_search import CorpusSearcher

class Capture:
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

documents = open_corpus(Path(sys.argv[1])).documents
sys.stderr = Capture()
searcher = CorpusSearcher(documents, workers=2, parallel=True)
try:
    print(sorted({hit.doc.rel for _, hits in searcher.search("rare erth exprt controls") for hit in hits}))
finally:
    searcher.close()
    sys.stderr = sys.__stderr__  # for the traceback, if any
"""


def test_workers_start_whatever_sys_stderr_is(seeds: Path) -> None:
    result = subprocess.run([sys.executable, "-c", UNDER_A_UI, str(seeds)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert CONTROLS in result.stdout


def started(searcher: CorpusSearcher) -> list[multiprocessing.Process]:
    """Warm `searcher` up: its worker processes (not those of an earlier test still ending)."""
    before = set(multiprocessing.active_children())
    searcher.warm_up()
    return [process for process in multiprocessing.active_children() if process not in before]


def running(pid: int) -> bool:
    """Whether the process runs (not a zombie), by the kernel: is_alive() may
    say True of a process the pool's own thread has just reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except FileNotFoundError:
        return False


def test_workers_that_die_are_one_line_and_the_next_search_starts_new_ones(tmp_path: Path, seeds: Path) -> None:
    docs = copies(tmp_path, seeds)
    expected = {(hit.doc.rel, hit.match.start) for hit in search_corpus(docs, "rare erth exprt controls")}
    searcher = CorpusSearcher(docs, workers=2, parallel=True)
    try:
        killed = started(searcher)
        assert len(killed) == 2
        for process in killed:  # with SIGKILL, as the OOM killer would
            process.kill()  # (the pool may have ended the other one already: no error then)
        for process in killed:
            process.join(10)
        with pytest.raises(WorkerError) as stopped:
            found(searcher, "rare erth exprt controls")
        assert str(stopped.value) == "search stopped: a worker process ended unexpectedly"
        assert found(searcher, "rare erth exprt controls") == expected
    finally:
        searcher.close()


def test_workers_that_cannot_start_are_one_line(tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = copies(tmp_path, seeds)
    searcher = CorpusSearcher(docs, workers=2, parallel=True)

    def no_more_processes(*args: object) -> int:
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))  # as fork() when at the limit

    try:
        # The function every process of multiprocessing (tracker, workers) starts with.
        monkeypatch.setattr(util, "spawnv_passfds", no_more_processes)
        assert started(searcher) == []  # quietly: the search says why
        with pytest.raises(WorkerError) as stopped:
            found(searcher, "rare erth exprt controls")
        assert str(stopped.value) == (
            "search stopped: worker processes could not start ([Errno 11] Resource temporarily unavailable)"
        )
        monkeypatch.undo()
        assert found(searcher, "rare erth exprt controls") == {
            (hit.doc.rel, hit.match.start) for hit in search_corpus(docs, "rare erth exprt controls")
        }
    finally:
        searcher.close()


def test_close_ends_the_workers_and_a_running_search_stops_quietly(tmp_path: Path, seeds: Path) -> None:
    searcher = CorpusSearcher(copies(tmp_path, seeds), workers=2, parallel=True)
    workers = started(searcher)
    assert len(workers) == 2
    steps = searcher.search("china")
    next(steps)
    searcher.close()
    assert not [process.pid for process in workers if running(process.pid)]
    assert list(steps) == []


def test_a_search_closed_while_several_batches_are_done_yields_no_more(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load the searching thread wakes to find several batches done at
    once; closed after the first, it must not hand out the others."""
    every = corpus_search.wait
    monkeypatch.setattr(corpus_search, "wait", lambda fs, timeout, return_when: every(fs, return_when=ALL_COMPLETED))
    searcher = CorpusSearcher(copies(tmp_path, seeds), workers=2, parallel=True)
    steps = searcher.search("china")
    next(steps)
    searcher.close()
    assert list(steps) == []


# A worker ended while it sent its result: the header of a message of 1 MB
# and a few bytes of it in the results' pipe, as a worker killed mid-send
# leaves them (written here, so that the moment is not left to chance).
ENDED_MID_SEND = """
import os, struct, sys
from pathlib import Path
from reader.core.library.corpus import open_corpus
from reader.core.search.corpus_search import CorpusSearcher

searcher = CorpusSearcher(open_corpus(Path(sys.argv[1])).documents, workers=2, parallel=True)
searcher.warm_up()
pool = searcher._pool
os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"half a result")
searcher.close()
print("closed", flush=True)
"""


def test_close_with_half_a_result_in_the_pipe_lets_the_interpreter_exit(seeds: Path) -> None:
    """Else the pool's thread waits for the rest of the message, and the
    interpreter for that thread, forever: the app ended no more on `q`."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", ENDED_MID_SEND, str(seeds)], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired as hung:
        raise AssertionError(f"the interpreter never exited: {hung.stdout!r}") from None
    assert result.returncode == 0 and result.stdout == "closed\n", result.stderr
