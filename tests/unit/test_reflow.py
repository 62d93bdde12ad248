"""Reflowing hard-wrapped text (core/text/reflow.py, and its use by core/text/wrap.py):
the lines of a paragraph wrapped at 70 columns are drawn as one paragraph
at the pane's width, while headings, verse, lists and paragraph breaks keep
their lines — and the reading text, so every offset, never changes."""

from __future__ import annotations

import textwrap
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library.corpus import load, open_corpus
from reader.core.text.reflow import Reflow, hard_wrap_width
from reader.core.text.wrap import Wrapper, row_text
from tests.conftest import SHARED

Block = tuple[int, int]
PRIDE = SHARED / "corpora" / "editions" / "pride-and-prejudice-2015.txt"

_WORDS = [
    "it",
    "is",
    "a",
    "truth",
    "universally",
    "acknowledged",
    "that",
    "a",
    "single",
    "man",
    "in",
    "possession",
    "of",
    "a",
    "good",
    "fortune",
    "must",
    "be",
    "in",
    "want",
    "of",
    "a",
    "wife",
    "however",
    "little",
    "known",
    "the",
    "feelings",
    "or",
    "views",
    "of",
    "such",
    "a",
    "man",
    "may",
    "be",
    "on",
    "his",
    "first",
    "entering",
    "a",
    "neighbourhood",
]


def paragraph(words: int, seed: int) -> str:
    chosen = [_WORDS[(seed * 7 + k * 3) % len(_WORDS)] for k in range(words)]
    return textwrap.fill(" ".join(chosen).capitalize() + ".", 70)


HEADING = "CHAPTER I."
VERSE = (
    "    Tyger Tyger, burning bright, in the forests of the night,\n"
    "    What immortal hand or eye could frame thy fearful symmetry?\n"
    "    In what distant deeps or skies burnt the fire of thine eyes?\n"
    "    On what wings dare he aspire, what the hand dare seize the fire?"
)
LIST = (
    "- apples from the orchard on the hill behind the old stone house\n"
    "- pears that were picked before they were quite ripe, in a basket\n"
    "- a basket of plums, and another of damsons for the winter jam"
)
PARAGRAPHS = [paragraph(120, 1), paragraph(90, 2), paragraph(150, 3), paragraph(60, 4)]
SAMPLE = "\n\n".join([HEADING, PARAGRAPHS[0], PARAGRAPHS[1], VERSE, PARAGRAPHS[2], LIST, PARAGRAPHS[3]]) + "\n"


def walk(wrapper: Wrapper) -> list[Block]:
    blocks = [wrapper.block_at(0)]
    while (block := wrapper.next_block(blocks[-1])) is not None:
        assert block[0] >= blocks[-1][1], "next_block does not advance"
        blocks.append(block)
    return blocks


def assert_tiles(wrapper: Wrapper, blocks: list[Block]) -> None:
    """From the start to the end, each block starting where the last ended
    (or after the newline that ended it): no gap, no overlap."""
    text = wrapper.text
    assert blocks[0][0] == 0
    for prev, block in pairwise(blocks):
        gap = text[prev[1] : block[0]]
        assert gap in ("", "\n"), (prev, block, gap)
    assert blocks[-1][1] == len(text) or (blocks[-1][1] == len(text) - 1 and text.endswith("\n"))


def row_ranges(wrapper: Wrapper, block: Block) -> list[Block]:
    starts = wrapper.rows(block)
    return [(s, wrapper.row_end(block, starts, k)) for k, s in enumerate(starts)]


def drawn_rows(wrapper: Wrapper) -> list[str]:
    return [row_text(wrapper.text[s:e]) for block in walk(wrapper) for s, e in row_ranges(wrapper, block)]


def reflowed(text: str, width: int = 100) -> Wrapper:
    hard = hard_wrap_width(text)
    assert hard is not None
    return Wrapper(text, width, reflow=Reflow(text, hard))


# -- is a text hard-wrapped? -------------------------------------------------------


def test_the_sample_is_wrapped_at_70() -> None:
    assert max(len(line) for line in SAMPLE.split("\n") if not line.startswith("    ")) <= 70
    width = hard_wrap_width(SAMPLE)
    assert width is not None and 66 <= width <= 72


@pytest.mark.parametrize("name", ["002_49671702ffe5f58f.txt", "003_66d8e60a35b94f19.txt"])
def test_paragraph_lines_are_not_hard_wrapped(seeds: Path, name: str) -> None:
    (doc,) = open_corpus(seeds / name).documents
    assert hard_wrap_width(load(doc).text) is None


def test_verse_is_not_hard_wrapped() -> None:
    verse = (
        "\n".join(
            [
                "The woods are lovely, dark and deep,",
                "But I have promises to keep,",
                "And miles to go before I sleep,",
                "And miles to go before I sleep.",
            ]
            * 8
        )
        + "\n"
    )
    assert hard_wrap_width(verse) is None


def test_too_few_lines_say_nothing() -> None:
    assert hard_wrap_width(paragraph(40, 1)) is None  # a handful of lines
    assert hard_wrap_width("") is None


def test_the_same_text_unwrapped_is_not_hard_wrapped() -> None:
    unwrapped = SAMPLE.replace("\n\n", "\0").replace("\n", " ").replace("\0", "\n\n")
    assert hard_wrap_width(unwrapped) is None


# -- reflowed in the pane -------------------------------------------------------------


def test_a_paragraph_is_one_block_wrapped_to_the_pane() -> None:
    wrapper = reflowed(SAMPLE, 100)
    start = SAMPLE.index(PARAGRAPHS[0])
    end = start + len(PARAGRAPHS[0])
    for offset in (start, start + 75, end - 1):
        assert wrapper.block_at(offset) == (start, end)
    rows = [row_text(SAMPLE[s:e]) for s, e in row_ranges(wrapper, (start, end))]
    assert len(rows) < PARAGRAPHS[0].count("\n") + 1
    assert all(len(row.rstrip()) > 70 for row in rows[:-1])
    assert all(len(row.rstrip()) <= 100 for row in rows)
    assert " ".join(row.strip() for row in rows) == PARAGRAPHS[0].replace("\n", " ")


def test_without_reflow_the_lines_stay() -> None:
    wrapper = Wrapper(SAMPLE, 100)
    start = SAMPLE.index(PARAGRAPHS[0])
    assert wrapper.block_at(start) == (start, SAMPLE.index("\n", start))
    assert max(len(row) for row in drawn_rows(wrapper)) <= 70


def test_breaks_headings_verse_and_lists_keep_their_lines() -> None:
    rows = [row.rstrip() for row in drawn_rows(reflowed(SAMPLE, 100))]
    assert rows[0] == HEADING
    for line in VERSE.split("\n") + LIST.split("\n"):
        assert line in rows, line
    # Paragraph breaks stay: each paragraph's first row starts it, its last row ends it.
    for text in PARAGRAPHS:
        first_words = " ".join(text.split()[:5])
        last_words = " ".join(text.split()[-3:])
        assert any(row.startswith(first_words) for row in rows), first_words
        assert any(row.endswith(last_words) for row in rows), last_words
    assert rows.count("") == SAMPLE.count("\n\n")


def test_the_reading_text_is_unchanged() -> None:
    wrapper = reflowed(SAMPLE, 100)
    assert wrapper.text is SAMPLE
    covered = []
    for block in walk(wrapper):
        for s, e in row_ranges(wrapper, block):
            covered.append(SAMPLE[s:e])
            assert "\n" not in row_text(SAMPLE[s:e])
    # Rows and the paragraph-ending newlines between blocks give back every character.
    assert "".join(covered).replace("\n", "") == SAMPLE.replace("\n", "")


def test_joins_decides_each_newline() -> None:
    reflow = Reflow(SAMPLE, 70)
    inside = SAMPLE.index(PARAGRAPHS[0]) + PARAGRAPHS[0].index("\n")
    assert reflow.joins(inside)
    assert not reflow.joins(len(HEADING))  # after the heading
    assert not reflow.joins(SAMPLE.index(PARAGRAPHS[0]) + len(PARAGRAPHS[0]))  # before a blank line
    verse_start = SAMPLE.index(VERSE)
    assert not reflow.joins(verse_start + VERSE.index("\n"))
    list_start = SAMPLE.index(LIST)
    assert not reflow.joins(list_start + LIST.index("\n"))
    assert not reflow.joins(len(SAMPLE) - 1)  # the final newline


def test_a_line_before_an_indented_one_is_not_joined() -> None:
    text = paragraph(30, 1) + "\n    and an indented quotation that runs on for quite a while here\n"
    reflow = Reflow(text, 70)
    assert not reflow.joins(text.index("\n    and"))


def test_a_list_item_after_prose_starts_its_own_row() -> None:
    text = SAMPLE.replace(
        PARAGRAPHS[3],
        PARAGRAPHS[3] + "\n1. the first numbered point of the list here\n(b) and a lettered one after it, also long",
    )
    rows = [row.rstrip() for row in drawn_rows(reflowed(text, 100))]
    assert "1. the first numbered point of the list here" in rows
    assert "(b) and a lettered one after it, also long" in rows


# -- blocks tile the text -----------------------------------------------------------


_LINES = st.one_of(
    st.text(alphabet=st.sampled_from("ab  \t-1.()"), max_size=90),
    st.builds(lambda n, s: paragraph(n, s), st.integers(1, 60), st.integers(0, 50)),
    st.sampled_from(["", " ", "    indented verse line here", "- item", "CHAPTER I.", "x" * 75]),
)
_TEXTS = st.one_of(st.text(max_size=400), st.lists(_LINES, max_size=30).map("\n".join))


@given(_TEXTS, st.integers(1, 120), st.integers(50, 100), st.booleans())
def test_blocks_tile_the_text(text: str, width: int, hard: int, with_reflow: bool) -> None:
    wrapper = Wrapper(text, width, reflow=Reflow(text, hard) if with_reflow else None)
    blocks = walk(wrapper)
    assert_tiles(wrapper, blocks)
    for offset in range(len(text) + 1):
        start, end = wrapper.block_at(offset)
        assert start <= offset <= end
    for block in blocks:
        assert wrapper.block_at(block[0]) == block
        assert wrapper.block_at(block[1]) == block or wrapper.block_at(block[1])[0] == block[1]
        rows = wrapper.rows(block)
        assert rows[0] == block[0] and rows == sorted(rows)
        assert all(block[0] <= r <= block[1] for r in rows)


def test_a_long_reflowed_paragraph_is_sliced_and_still_tiles() -> None:
    # Base64-like lines: hard-wrapped, with no space to slice a long paragraph at.
    line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx"
    text = "\n".join([line] * 800) + "\n"
    wrapper = reflowed(text, 100)
    blocks = walk(wrapper)
    assert_tiles(wrapper, blocks)
    assert len(blocks) > 1


# -- a real book ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pride() -> str:
    if not PRIDE.exists():
        pytest.skip(f"{PRIDE} is not here")
    (doc,) = open_corpus(PRIDE).documents
    return load(doc).text


def test_pride_and_prejudice_is_hard_wrapped(pride: str) -> None:
    width = hard_wrap_width(pride)
    assert width is not None and 70 <= width <= 75


def test_pride_and_prejudice_reflowed_tiles(pride: str) -> None:
    wrapper = reflowed(pride, 100)
    blocks = walk(wrapper)
    assert_tiles(wrapper, blocks)
    # Far fewer blocks than lines: paragraphs were joined.
    assert len(blocks) < pride.count("\n") / 2
    opening = pride.index("It is a truth universally acknowledged")
    start, end = wrapper.block_at(opening)
    assert "must be in want of a wife" in pride[start:end]
    assert "\n" in pride[start:end]
