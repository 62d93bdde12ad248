"""Searching every document of a corpus: hits stream in document by
document, from worker processes when the corpus is big.

Documents are not indexed whole (that costs more than the search): substring
counts (in C) of a few bigrams or trigrams of each query token pick the
regions of a text worth indexing, and only those are searched.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, CancelledError, Future, wait
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from itertools import combinations, islice
from typing import TYPE_CHECKING

from ..library.corpus import Document, DocumentError, load
from ..text.decoding import printable_line
from .find import (
    FUZZY_FROM,
    Match,
    Mode,
    SearchError,
    WordIndex,
    fuzzy,
    normalise,
    occurrences,
    query_pattern,
    query_tokens,
    required_tokens,
    text_blocks,
    window_words,
)

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from ctypes import c_longlong

_NON_WORD = re.compile(r"\W")


@dataclass(frozen=True)
class CorpusHit:
    doc: Document
    match: Match
    snippet: str  # the match with some context, one printable line
    snippet_spans: tuple[tuple[int, int], ...]  # the match's highlighted words inside `snippet`


# -- the corpus -----------------------------------------------------------------

RADIUS_PER_WORD = 24  # characters of text around a candidate, per word of the window
REGION_BATCH = 1 << 20  # characters of regions indexed between two checks of cancelled()
SNIPPET = 118  # characters of text in a snippet, besides the "…" at its ends


def search_corpus(
    documents: list[Document],
    query: str,
    mode: Mode = Mode.FUZZY,
    per_document: int = 5,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[CorpusHit]:
    """Hits from each document in turn (its best `per_document` ones, best
    first), as soon as that document is searched, so the UI can stream
    them; checks cancelled() between documents (and within big ones) and
    stops when it returns True. Documents that cannot be loaded
    (DocumentError) or have a `problem` are skipped."""
    if not query.strip():
        return
    pattern = None if mode is Mode.FUZZY else query_pattern(query, mode)  # SearchError before any reading
    tokens = query_tokens(query)
    if pattern is None and not tokens:
        return
    grams = [query_grams(token) for token in tokens]
    for doc in documents:
        if cancelled():
            return
        if doc.problem:
            continue
        try:
            text = load(doc).text
        except DocumentError:
            continue
        matches: list[Match] | None
        if pattern is not None:
            matches = list(islice(occurrences(pattern, text), per_document))
        else:
            matches = fuzzy_regions(text, tokens, grams, per_document, cancelled)
            if matches is None:
                return
        for match in matches:
            line, spans = snippet(text, match)
            yield CorpusHit(doc, match, line, spans)


# -- in worker processes --------------------------------------------------------

PARALLEL_FROM = 16 << 20  # bytes of corpus: less is searched in the calling thread
BATCH_BYTES = 1 << 20  # a worker's task: documents of about this many bytes in all
BATCH_DOCUMENTS = 32  # ... or this many small ones
END_TIMEOUT = 1.0  # seconds: how long close() waits for each terminated worker to be gone


class WorkerError(SearchError):
    """The worker processes could not start, or one of them ended during a
    search; str() is one line for the user. The next search starts new ones."""


class CorpusSearcher:
    """Searches the documents of a corpus, in worker processes (one per
    core) when it is big, since the work is CPU-bound Python that threads
    cannot share out. The processes start on first use (or warm_up()) and
    serve every search until close()."""

    def __init__(self, documents: list[Document], workers: int | None = None, parallel: bool | None = None) -> None:
        """`parallel`: use worker processes (default: when there are cores
        to share and the corpus is big enough to be worth their start)."""
        self.documents = documents
        self.workers = workers or os.cpu_count() or 1
        if parallel is None:
            parallel = self.workers > 1 and sum(doc.size for doc in documents) >= PARALLEL_FROM
        self.parallel = parallel
        self._lock = threading.Lock()  # warm_up() (the UI's thread) and a search's thread both start
        self._pool: ProcessPoolExecutor | None = None
        # Shared with the workers: a running search that is not the newest stops.
        self._generation: c_longlong | None = None

    def warm_up(self) -> None:
        """Start the worker processes now, so that the first search does not
        wait for them. If they cannot start, that search tries again and says why."""
        if self.parallel:
            with suppress(WorkerError):
                self._start()

    def _start(self) -> tuple[ProcessPoolExecutor, c_longlong]:
        with self._lock:
            if self._pool is None or self._generation is None:
                self._pool, self._generation = _new_pool(self.workers)
            return self._pool, self._generation

    def search(
        self,
        query: str,
        mode: Mode = Mode.FUZZY,
        per_document: int = 5,
        cancelled: Callable[[], bool] = lambda: False,
        documents: list[Document] | None = None,
    ) -> Iterator[tuple[int, list[CorpusHit]]]:
        """(how many documents are searched so far, the hits found since the
        last yield), until every document is searched or cancelled() is
        true. Hits are those of search_corpus(); with workers they come
        batch by batch, and roughly (not exactly) in document order. Raises
        SearchError for an invalid regex, before any work, and WorkerError
        if the worker processes cannot start or one ends. `documents`: only
        these (default: all)."""
        if mode is not Mode.FUZZY:
            query_pattern(query, mode)
        documents = self.documents if documents is None else documents
        if not self.parallel:
            for searched, doc in enumerate(documents, 1):
                if cancelled():
                    return
                yield searched, list(search_corpus([doc], query, mode, per_document, cancelled))
            return
        pool, shared = self._start()
        shared.value += 1
        generation = shared.value
        batches = iter(_batches(documents))
        running: dict[Future, list[int]] = {}
        searched = 0
        try:
            while True:
                while len(running) < 2 * self.workers and (batch := next(batches, None)):
                    docs = [documents[i] for i in batch]
                    running[self._submit(pool, docs, query, mode, per_document, generation)] = batch
                if not running:
                    return
                done, _ = wait(running, timeout=0.05, return_when=FIRST_COMPLETED)
                if cancelled():
                    return
                for future in done:
                    # Under load several batches are done at once: the caller
                    # may close() while it holds the first (the app quits).
                    if self._pool is not pool:
                        return
                    batch = running.pop(future)
                    searched += len(batch)
                    yield (
                        searched,
                        [
                            CorpusHit(documents[batch[k]], match, line, spans)
                            for k, match, line, spans in future.result()
                        ],
                    )
        except (CancelledError, RuntimeError) as err:  # BrokenExecutor is a RuntimeError
            if self._pool is not pool:
                return  # closed meanwhile (the app quits): its futures fail, and no one waits for hits
            if not isinstance(err, BrokenExecutor):
                raise  # raised by the search itself, in a worker
            self._discard(pool)
            raise WorkerError("search stopped: a worker process ended unexpectedly") from err
        finally:
            if shared.value == generation:
                shared.value += 1  # stops this search's batches still running
            for future in running:
                future.cancel()

    def _submit(
        self,
        pool: ProcessPoolExecutor,
        docs: list[Document],
        query: str,
        mode: Mode,
        per_document: int,
        generation: int,
    ) -> Future:
        try:
            return pool.submit(_search_batch, docs, query, mode, per_document, generation)
        except RuntimeError:
            raise  # broken or shut down: search() tells which
        except Exception as err:  # submit() starts a process while none is idle: it may fail
            self._discard(pool)
            raise _not_started(err) from err

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        _end(pool)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            _end(pool)


def _new_pool(workers: int) -> tuple[ProcessPoolExecutor, c_longlong]:
    """`workers` processes, started, and the generation they share. Raises
    WorkerError if they cannot start."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # with multiprocessing: imported when a search needs them

    # Spawned, not forked: the caller has threads (the UI's) whose locks a
    # fork would copy in whatever state they are.
    context = multiprocessing.get_context("spawn")
    pool = None
    try:
        _start_resource_tracker()
        generation = context.Value("q", 0, lock=False)
        pool = ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=(generation,))
        for _ in range(workers):  # a submit() starts a process while none is idle
            pool.submit(int)
    except Exception as err:  # no fork, no executable, no pipe...: whatever it is, one line for the user
        if pool is not None:
            _end(pool)
        raise _not_started(err) from err
    return pool, generation


def _not_started(err: Exception) -> WorkerError:
    return WorkerError(f"search stopped: worker processes could not start ({printable_line(str(err))})")


_swapping_stderr = threading.Lock()


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (if it is not running) with
    the interpreter's own sys.stderr in place.

    Left to itself, the tracker is started by the first semaphore of a
    "spawn" context, and hands its process sys.stderr.fileno() to keep:
    while Textual runs, sys.stderr is its capture, whose fileno() is -1,
    and the start fails with "bad value(s) in fds_to_keep". File descriptor
    2 is inherited anyway, so the tracker is the same whoever holds
    sys.stderr at this moment."""
    from multiprocessing import resource_tracker

    with _swapping_stderr:
        held, sys.stderr = sys.stderr, sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = held


def _end(pool: ProcessPoolExecutor) -> None:
    """Shut `pool` down and end its processes now, not after their batches:
    a regex that backtracks a lot never looks at the generation, and
    quitting must neither wait for it nor leave it running. (Python 3.14's
    terminate_workers() does this; shutdown() forgets the processes, hence
    the copy first.)

    A worker ended while it sent a result leaves half a message in the
    results' pipe, and the pool's manager thread waits for the rest, which
    only EOF ends: this process holds the pipe's write end too, so it is
    closed here once the workers are gone. Else that thread never ends,
    and neither does this interpreter, which joins it at exit."""
    processes = list((pool._processes or {}).values())
    results = pool._result_queue
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(END_TIMEOUT)
    if results is not None:
        results._writer.close()  # type: ignore[attr-defined]  # typeshed leaves out the pipe ends


def _batches(documents: list[Document]) -> Iterator[list[int]]:
    batch: list[int] = []
    size = 0
    for i, doc in enumerate(documents):
        batch.append(i)
        size += doc.size
        if size >= BATCH_BYTES or len(batch) >= BATCH_DOCUMENTS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


_shared_generation: c_longlong | None = None  # in a worker: the generation of the newest search


def _init_worker(generation: c_longlong) -> None:
    # A worker's standard output and error are the caller's: under the UI,
    # the terminal it draws on, which a worker's dying words would scribble
    # over. Results and errors come back through the pool.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    global _shared_generation
    _shared_generation = generation


def _search_batch(
    docs: list[Document], query: str, mode: Mode, per_document: int, generation: int
) -> list[tuple[int, Match, str, tuple[tuple[int, int], ...]]]:
    """In a worker: the hits of search_corpus(), each with its document's
    place in `docs` instead of the document (the caller has its own)."""
    place = {id(doc): k for k, doc in enumerate(docs)}
    newest = _shared_generation
    stale = lambda: newest is not None and newest.value != generation  # noqa: E731
    return [
        (place[id(hit.doc)], hit.match, hit.snippet, hit.snippet_spans)
        for hit in search_corpus(docs, query, mode, per_document, stale)
    ]


def fuzzy_regions(
    text: str, tokens: list[str], grams: list[list[str]], limit: int, cancelled: Callable[[], bool]
) -> list[Match] | None:
    """The best fuzzy matches in the candidate regions of `text`; None if
    cancelled."""
    matches: list[Match] = []
    batch: list[tuple[int, int]] = []
    size = 0
    # A big region is cut (a passage across a cut may be missed) so that
    # cancelled() is asked often enough.
    regions = [
        piece for region in candidate_regions(text, tokens, grams) for piece in text_blocks(text, *region, REGION_BATCH)
    ]
    for n, region in enumerate(regions, 1):
        batch.append(region)
        size += region[1] - region[0]
        if size >= REGION_BATCH or n == len(regions):
            if cancelled():
                return None
            matches += fuzzy(WordIndex.of_regions(text, batch), tokens, limit)
            batch, size = [], 0
    matches.sort(key=lambda m: (-m.score, m.start))
    return matches[:limit]


# English letter frequencies, to guess which substrings of a query are rare.
_LETTER_ODDS = dict(
    zip(
        "etaoinshrdlcumwfgypbvkjxqz",
        (
            0.127,
            0.091,
            0.082,
            0.075,
            0.070,
            0.067,
            0.063,
            0.061,
            0.060,
            0.043,
            0.040,
            0.028,
            0.028,
            0.024,
            0.024,
            0.022,
            0.020,
            0.020,
            0.019,
            0.015,
            0.010,
            0.008,
            0.002,
            0.002,
            0.001,
            0.001,
        ),
    )
)


def _odds(gram: str) -> float:
    """How likely `gram` is at a given place in English text, roughly (any
    other character than an English letter counts as rare)."""
    odds = 1.0
    for ch in gram:
        odds *= _LETTER_ODDS.get(ch, 0.001)
    return odds


def query_grams(token: str) -> list[str]:
    """Substrings of which a word matching `token` very likely holds one:
    the token itself when it must match exactly or as a prefix; else the
    (likely) rarest of its bigrams (up to 5 letters) or trigrams that no
    single typo spoils together (a typo spoils at most two bigrams or three
    trigrams in a row): two of them, three from 9 letters on."""
    if len(token) < FUZZY_FROM:
        return [token]
    size = 2 if len(token) <= 5 else 3
    starts = range(len(token) - size + 1)
    spread = [
        chosen
        for chosen in combinations(starts, 3 if len(token) >= 9 else 2)
        if all(j - i >= size for i, j in zip(chosen, chosen[1:]))
    ]
    chosen = min(spread, key=lambda c: sum(_odds(token[i : i + size]) for i in c))
    return [token[i : i + size] for i in chosen]


def candidate_regions(text: str, tokens: list[str], grams: list[list[str]]) -> list[tuple[int, int]]:
    """Parts of `text` (between words) that may hold a match: around each
    occurrence of a rare token, where enough tokens occur.

    Only one token anchors the regions, even where a match may lack one
    token: a document holding every token shows the passages that hold the
    anchor (the best ones, almost always), and common tokens never make the
    whole document a candidate."""
    folded = _fold(text)
    required = required_tokens(len(tokens))
    radius = RADIUS_PER_WORD * window_words(len(tokens))
    common = len(text) // (2 * radius)  # more occurrences: the regions would cover most of the text
    anchor, fewest, missing = -1, len(text) + 1, 0
    # Counting costs a pass over the text per substring: the likeliest rare
    # tokens first, and none after one that is rare enough.
    for j in sorted(range(len(tokens)), key=lambda j: sum(map(_odds, grams[j]))):
        count = sum(map(folded.count, grams[j]))
        if not count:
            missing += 1
            if missing > len(tokens) - required:
                return []
        elif count < fewest:
            anchor, fewest = j, count
            if count <= common // 4:
                break
    if anchor < 0:
        return []
    if fewest > common:
        return [(0, len(text))]
    places = []
    for gram in grams[anchor]:  # few occurrences: str.find beats a regex
        at = folded.find(gram)
        while at >= 0:
            places.append(at)
            at = folded.find(gram, at + 1)
    regions: list[tuple[int, int]] = []
    for at in sorted(places):
        lo, hi = _word_end(text, at - radius), _word_end(text, at + radius)
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], hi)
        else:
            regions.append((lo, hi))
    return [(lo, hi) for lo, hi in regions if _holds(folded[lo:hi], grams) >= required]


def _holds(part: str, grams: list[list[str]]) -> int:
    """How many tokens may occur in `part`."""
    return sum(any(gram in part for gram in token_grams) for token_grams in grams)


def _word_end(text: str, i: int) -> int:
    """The first position from `i` on that is not inside a word."""
    after = _NON_WORD.search(text, max(0, i))
    return after.start() if after else len(text)


@cache
def _accents() -> dict[int, str]:
    """str.translate table: precomposed letters -> their base letter (one
    character each, so offsets are kept)."""
    table = {}
    for code in range(0xC0, 0x2000):
        base = normalise(chr(code))
        if len(base) == 1 and base != chr(code).lower():
            table[code] = base
    return table


_ACCENTED = re.compile("[\u00c0-\u1fff]")  # where _accents() may apply


def _fold(text: str) -> str:
    """The text lowercased and without accents, offset for offset."""
    if text.isascii():
        return text.lower()
    # "İ".lower() is two characters; every other lowercase is one.
    folded = text.replace("\u0130", "i").lower()
    # translate() is slow: not for English whose only non-ASCII are quotes.
    return folded.translate(_accents()) if _ACCENTED.search(folded) else folded


def snippet(text: str, match: Match) -> tuple[str, tuple[tuple[int, int], ...]]:
    """One printable line around the match, and where its words are in it."""
    start, end = match.start, min(match.end, match.start + SNIPPET)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    room = SNIPPET - (end - start)
    left = max(line_start, start - room // 2)
    right = min(line_end, left + SNIPPET)
    left = max(line_start, min(left, right - SNIPPET))
    # Cut between words, and trim the whitespace at the cuts.
    if left > line_start:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < line_end:
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    before = "…" if left > line_start else ""
    after = "…" if right < line_end else ""
    shift = len(before) - left
    spans = tuple((max(s, left) + shift, min(e, right) + shift) for s, e in match.spans if s < right)
    return before + printable_line(text[left:right]) + after, spans
