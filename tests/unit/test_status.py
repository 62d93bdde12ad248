"""The status line's parts: time left, which fit, and words left counted a block at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core import status
from reader.core.library.corpus import count_words
from reader.core.status import Part, WordCounts, fitting, time_left


def test_time_left_at_250_words_a_minute() -> None:
    assert time_left(3000) == "12 min left"
    assert time_left(100) == "< 1 min left"
    assert time_left(250 * 95) == "1 h 35 min left"


def test_the_least_kept_parts_go_first_when_narrow() -> None:
    left = [Part("Don Quijote", 10), Part("quijote.txt", 3)]
    right = [Part("Chapter 3", 4), Part("12 min left", 2), Part("L 1,234", 5), Part("utf-8", 1), Part("42%", 9)]
    line = "Don Quijote — quijote.txt", "Chapter 3 · 12 min left · L 1,234 · utf-8 · 42%"
    assert fitting(left, right, 100) == line
    assert fitting(left, right, 72) == ("Don Quijote — quijote.txt", "Chapter 3 · 12 min left · L 1,234 · 42%")
    # A less kept part that still fits stays: the time left went, utf-8 did not.
    assert fitting(left, right, 60) == ("Don Quijote — quijote.txt", "Chapter 3 · L 1,234 · utf-8 · 42%")
    assert fitting(left, right, 46) == ("Don Quijote", "Chapter 3 · L 1,234 · utf-8 · 42%")
    assert fitting(left, right, 26) == ("Don Quijote", "L 1,234 · 42%")
    assert fitting(left, right, 5) == ("Don Quijote", "")  # the one kept most, even when it does not fit
    assert fitting([Part("title", 10)], [Part("", 5), Part("42%", 9)], 80) == ("title", "42%")


def test_a_long_title_keeps_its_start_and_gives_way_to_what_is_kept_more() -> None:
    left = [Part("The Ingenious Gentleman Don Quixote of La Mancha", 10, head=12, rest_keep=3)]
    right = [Part("Chapter 3", 4), Part("42%", 9)]
    assert fitting(left, right, 80) == ("The Ingenious Gentleman Don Quixote of La Mancha", "Chapter 3 · 42%")
    assert fitting(left, right, 40) == ("The Ingenio…", "Chapter 3 · 42%")
    assert fitting(left, right, 10) == ("The Ingenio…", "")


def test_words_left_from_the_cursor() -> None:
    text = "one two  three\nfour 企业 five"
    counts = WordCounts(text)
    assert counts.between(0, len(text)) == count_words(text) == 7
    assert counts.between(text.index("two"), len(text)) == 6
    assert counts.between(text.index("wo"), len(text)) == 5  # the word under the cursor is begun
    assert counts.between(5, 5) == 0


@given(
    st.text(alphabet="ab 企\n", max_size=120),
    st.integers(0, 130),
    st.integers(0, 130),
)
def test_blocks_count_what_the_piece_counts(text: str, start: int, end: int) -> None:
    # Tiny blocks, so that every case crosses several of them.
    status.BLOCK, saved = 7, status.BLOCK
    try:
        counts = WordCounts(text)
        start, end = sorted((start, end))
        expected = count_words(text[:end]) - count_words(text[:start]) if start < len(text) else 0
        assert counts.between(start, end) == max(0, expected)
    finally:
        status.BLOCK = saved
