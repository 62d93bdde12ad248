"""Finding in a big document block by block, from the reader's place."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library.corpus import load, open_corpus
from reader.core.search import find_stream
from reader.core.search.find import Mode, SearchError, WordIndex, find, fuzzy, query_pattern, query_tokens
from reader.core.search.find_stream import find_from
from tests.conftest import SHARED

from .conftest import write

QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


@pytest.fixture(scope="module")
def big_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The Quijote twice (4 MB: some 20 blocks), read as the app reads it."""
    path = write(tmp_path_factory.mktemp("big") / "quijote.txt", QUIJOTE.read_bytes() * 2)
    (doc,) = open_corpus(path).documents
    return load(doc).text


def spans(batches: list) -> list[tuple[int, int]]:
    return [(m.start, m.end) for batch in batches for m in batch]


@pytest.mark.parametrize(
    ("query", "mode"),
    [
        ("dulcinea del toboso", Mode.EXACT),  # across line breaks too
        ("quijote", Mode.EXACT),
        (r"\bsan\w+\s+panza\b", Mode.REGEX),
        (r"^capítulo", Mode.REGEX),
    ],
)
@pytest.mark.parametrize("where", [0, 0.37, 0.999])
def test_every_occurrence_once_from_the_reader_s_place(big_text: str, query: str, mode: Mode, where: float) -> None:
    origin = int(len(big_text) * where)
    batches = list(find_from(big_text, query, mode, origin, limit=10**6))
    expected = [m.span() for m in query_pattern(query, mode).finditer(big_text)]
    assert sorted(spans(batches)) == expected and len(expected) > 50
    assert query != "dulcinea del toboso" or len(expected) == 2 * 112
    for batch in batches:  # each in document order
        assert [m.start for m in batch] == sorted(m.start for m in batch)
    # The first is the first after the start of the reader's paragraph.
    paragraph = big_text.rfind("\n\n", 0, origin) + 2 if origin else 0
    after = [start for start, _ in expected if start >= paragraph]
    assert batches[0][0].start == (after[0] if after else expected[0][0])


def test_the_first_batch_comes_from_a_small_first_block(big_text: str) -> None:
    first = next(find_from(big_text, "sancho", Mode.EXACT))
    assert first and first[-1].start < find_stream.FIRST_BLOCK + find_stream.MARGIN


def test_fuzzy_finds_what_the_whole_index_finds(big_text: str) -> None:
    index = WordIndex(big_text)
    for query in ("dulcinea del tobosso", "rocinante", "caballero de la triste figura"):
        streamed = {
            (m.start, m.end, m.score) for batch in find_from(big_text, query, Mode.FUZZY, limit=10**6) for m in batch
        }
        whole = {(m.start, m.end, m.score) for m in fuzzy(index, query_tokens(query), 10**6)}
        # Blocks index the regions around the query's rarest word only (as
        # searching all documents does): a weak match without it may be missed.
        assert streamed <= whole
        assert {m for m in whole if m[2] >= 80} <= streamed
        assert len(streamed) >= 0.95 * len(whole) > 50


def test_at_most_limit_matches(big_text: str) -> None:
    for mode in (Mode.EXACT, Mode.FUZZY):
        assert len(spans(list(find_from(big_text, "sancho", mode, limit=1000)))) == 1000


def test_it_stops_when_cancelled(big_text: str) -> None:
    batches = []
    for batch in find_from(big_text, "sancho", Mode.EXACT, cancelled=lambda: len(batches) >= 2):
        batches.append(batch)
    assert len(batches) == 2 and len(spans(batches)) < len(find(big_text, "sancho", Mode.EXACT, limit=10**6))


def test_an_invalid_regex_raises_before_any_batch_and_an_empty_query_finds_nothing(big_text: str) -> None:
    with pytest.raises(SearchError, match="missing \\)"):
        next(find_from(big_text, "a(b", Mode.REGEX))
    for mode in Mode:
        assert list(find_from(big_text, "  ", mode)) == []
    assert list(find_from(big_text, "…!", Mode.FUZZY)) == []


def test_cjk_text_in_blocks(tmp_path: Path) -> None:
    text = ("企业老板说，" * 10 + "今天很好。\n\n") * 20_000  # 2.4 million characters, no spaces
    streamed = spans(list(find_from(text, "企业老板", Mode.FUZZY, origin=len(text) // 2, limit=10**6)))
    assert sorted(streamed) == [m.span() for m in re.finditer("企业老板", text)]


PARAGRAPHS = st.lists(
    st.lists(st.sampled_from(["ab", "ba", "abc", "c", "Ab"]), min_size=1, max_size=8).flatmap(
        lambda words: st.lists(st.sampled_from([" ", "\n", ", "]), min_size=len(words), max_size=len(words)).map(
            lambda seps: "".join(w + s for w, s in zip(words, seps))
        )
    ),
    min_size=1,
    max_size=40,
).map("\n\n".join)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), text=PARAGRAPHS)
def test_in_tiny_blocks_exact_finds_what_one_scan_finds(data: st.DataObject, text: str) -> None:
    words = list(re.finditer(r"\w+(?:\s\w+)?", text))
    if not words:
        return
    query = data.draw(st.sampled_from(words)).group()
    origin = data.draw(st.integers(0, len(text)))
    with mock.patch.multiple(find_stream, FIRST_BLOCK=4, MAX_BLOCK=64, MARGIN=64):
        streamed = spans(list(find_from(text, query, Mode.EXACT, origin, limit=10**6)))
    assert sorted(streamed) == [(m.start, m.end) for m in find(text, query, Mode.EXACT, limit=10**6)]


def test_a_find_from_the_first_paragraph_starts_at_the_text_start() -> None:
    # Found by the property above: begun at the line of the origin, the
    # scan saw "ab ab" from 3, where one scan sees it at 0 (across the line
    # break) and at 6.
    text = "ab\nab ab ab "
    with mock.patch.multiple(find_stream, FIRST_BLOCK=4, MAX_BLOCK=64, MARGIN=64):
        streamed = spans(list(find_from(text, "ab\nab", Mode.EXACT, origin=3)))
    assert sorted(streamed) == [(0, 5), (6, 11)]
