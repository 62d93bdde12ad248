"""Soft wrapping, a block at a time (reader.core.text.wrap)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.core.text.wrap import BLOCK, TAB, Wrapper, expand_row

Block = tuple[int, int]


# -- helpers --------------------------------------------------------------------


def walk(wrapper: Wrapper) -> list[Block]:
    blocks = [wrapper.block_at(0)]
    while (block := wrapper.next_block(blocks[-1])) is not None:
        assert len(blocks) <= len(wrapper.text) + 1, "next_block does not advance"
        blocks.append(block)
    return blocks


def walk_back(wrapper: Wrapper) -> list[Block]:
    blocks = [wrapper.last_block()]
    while (block := wrapper.prev_block(blocks[-1])) is not None:
        assert len(blocks) <= len(wrapper.text) + 1, "prev_block does not go back"
        blocks.append(block)
    return blocks[::-1]


def row_ranges(wrapper: Wrapper, block: Block) -> list[Block]:
    starts = wrapper.rows(block)
    return [(start, wrapper.row_end(block, starts, i)) for i, start in enumerate(starts)]


def all_rows(wrapper: Wrapper) -> list[str]:
    return [wrapper.text[s:e] for block in walk(wrapper) for s, e in row_ranges(wrapper, block)]


def shown_width(row: str) -> int:
    """Cells a row takes on screen; spaces may hang past the edge."""
    return cell_len(expand_row(row).rstrip(" "))


def assert_rows_fit(wrapper: Wrapper) -> None:
    for row in all_rows(wrapper):
        # One character wider than the pane (a wide one at width 1) must still go somewhere.
        assert shown_width(row) <= wrapper.width or len(row.rstrip(" \t")) == 1, (row, wrapper.width)


def assert_partition(wrapper: Wrapper) -> None:
    """Blocks and their rows cover the text in order, with no gap or overlap;
    the only characters in no row are paragraph-ending newlines."""
    text, pos = wrapper.text, 0
    for block in walk(wrapper):
        assert block[0] == pos, f"block {block} does not start where the last one ended ({pos})"
        rows = row_ranges(wrapper, block)
        for start, end in rows:
            assert start == pos and (end > start or block[0] == block[1])
            assert "\n" not in text[start:end]
            pos = end
        assert pos == block[1]
        if pos < len(text) and text[pos] == "\n":
            pos += 1  # the newline that ends the paragraph
    assert pos == len(text), "the walk stopped before the end of the text"


def assert_block_at_agrees(wrapper: Wrapper, blocks: list[Block], step: int = 1) -> None:
    text = wrapper.text
    for block in blocks:
        start, end = block
        for offset in {*range(start, end, step), start, max(start, end - 1)}:
            assert wrapper.block_at(offset) == block, offset
        if end == len(text) or text[end] == "\n":  # the end of a paragraph belongs to it
            assert wrapper.block_at(end) == block, end


@pytest.fixture
def wrapped(read_file):
    """wrapped(data, width) -> a Wrapper for the reading text of a file."""

    def wrap(data: str, width: int) -> Wrapper:
        return Wrapper(read_file(data).text, width)

    return wrap


PROSE = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness.\n\nShort.\n   Indented line with  two  spaces.\n"
    "A supercalifragilisticexpialidocious word and a URL https://example.com/a/very/long/path.\n"
)


# -- rows ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [1, 2, 5, 10, 17, 40, 80, 200])
def test_rows_fit_the_width(wrapped, width):
    assert_rows_fit(wrapped(PROSE, width))


@pytest.mark.parametrize("width", [1, 7, 40, 200])
def test_rows_cover_the_text_in_order_without_gaps(wrapped, width):
    assert_partition(wrapped(PROSE, width))


def test_words_wrap_at_spaces(wrapped):
    assert all_rows(wrapped("the quick brown fox jumps", 10)) == ["the quick ", "brown fox ", "jumps"]


def test_word_longer_than_the_width_is_broken(wrapped):
    assert all_rows(wrapped("a abcdefghijklmnopqrstuvwxyz b", 10)) == [
        "a ",
        "abcdefghij",
        "klmnopqrst",
        "uvwxyz b",
    ]


def test_spaces_hang_past_the_edge_instead_of_starting_a_row(wrapped):
    rows = all_rows(wrapped("abc     def", 4))
    assert rows == ["abc     ", "def"]


def test_cjk_text_wraps_at_the_width_in_cells(wrapped):
    rows = all_rows(wrapped("中文测试文本汉字很好看", 9))
    assert rows == ["中文测试", "文本汉字", "很好看"]  # 8 cells each: a ninth would split a character
    assert all(shown_width(row) <= 9 for row in rows)


def test_cjk_mixed_with_latin_never_exceeds_the_width(wrapped):
    text = "Beijing 北京 and Shanghai 上海市 are cities; 中华人民共和国 is the PRC. " * 5
    for width in range(1, 30):
        assert_rows_fit(wrapped(text, width))
        assert_partition(wrapped(text, width))


def test_tabs_expand_to_multiples_of_eight():
    assert TAB == 8
    assert expand_row("a\tb") == "a" + " " * 7 + "b"
    assert expand_row("abcdefgh\tx") == "abcdefgh" + " " * 8 + "x"
    assert expand_row("\t\tx") == " " * 16 + "x"
    assert expand_row("中\tx") == "中" + " " * 6 + "x"  # a wide character takes two cells


def test_wrapping_counts_a_tab_to_the_next_multiple_of_eight(wrapped):
    assert all_rows(wrapped("abc\tdef", 11)) == ["abc\tdef"]  # 3 + 5 + 3 cells
    assert all_rows(wrapped("abc\tdef", 10)) == ["abc\t", "def"]


def test_rows_with_tabs_fit_the_width(wrapped):
    text = "name\tvalue\tnote\n\tindented\ttext with words\n中文\t表格\t数据\n"
    for width in range(1, 40):
        assert_rows_fit(wrapped(text, width))
        assert_partition(wrapped(text, width))


# -- blocks -------------------------------------------------------------------


def test_each_paragraph_is_a_block(wrapped):
    wrapper = wrapped("one\n\ntwo three\nfour", 80)
    assert walk(wrapper) == [(0, 3), (4, 4), (5, 14), (15, 19)]


def test_walking_visits_every_character_once(wrapped):
    assert_partition(wrapped(PROSE * 3, 13))


def test_prev_block_walks_back_through_the_same_blocks(wrapped):
    wrapper = wrapped(PROSE * 3, 13)
    assert walk_back(wrapper) == walk(wrapper)


def test_block_at_agrees_with_walking(wrapped):
    wrapper = wrapped(PROSE, 13)
    assert_block_at_agrees(wrapper, walk(wrapper))


def test_final_newline_adds_no_empty_last_block(wrapped):
    wrapper = wrapped("first\nlast\n", 80)
    assert walk(wrapper) == [(0, 5), (6, 10)]
    assert wrapper.last_block() == (6, 10)
    assert walk_back(wrapper) == walk(wrapper)


def test_blank_line_at_the_end_is_a_block(wrapped):
    wrapper = wrapped("first\nlast\n\n", 80)
    assert walk(wrapper) == [(0, 5), (6, 10), (11, 11)]
    assert wrapper.last_block() == (11, 11)


def test_empty_text_is_one_empty_row(wrapped):
    wrapper = wrapped("", 80)
    assert walk(wrapper) == [(0, 0)]
    assert wrapper.last_block() == (0, 0)
    assert row_ranges(wrapper, (0, 0)) == [(0, 0)]


LONG_PARAGRAPHS = {
    "words": ("lorem ipsum dolor sit amet consectetur adipiscing elit " * 4000)[:200_000],
    "no-spaces": "x" * 200_000,
    "cjk": "中文测试文本" * 34_000,
}


@pytest.mark.parametrize("kind", LONG_PARAGRAPHS)
def test_long_paragraph_is_split_into_blocks_that_do_not_depend_on_the_width(wrapped, kind):
    text = "Before.\n" + LONG_PARAGRAPHS[kind] + "\nAfter.\n"
    blocks = walk(wrapped(text, 80))
    assert len(blocks) > len(LONG_PARAGRAPHS[kind]) // BLOCK
    assert all(end - start <= BLOCK + BLOCK // 2 for start, end in blocks)
    for width in (1, 7, 33, 200):
        assert walk(wrapped(text, width)) == blocks


def test_long_paragraph_blocks_end_after_a_space(wrapped):
    text = LONG_PARAGRAPHS["words"]
    blocks = walk(wrapped(text, 80))
    assert all(text[end - 1] == " " for _, end in blocks[:-1])


@pytest.mark.parametrize("kind", LONG_PARAGRAPHS)
def test_long_paragraph_is_walked_and_wrapped_whole(wrapped, kind):
    wrapper = wrapped("Before.\n" + LONG_PARAGRAPHS[kind] + "\nAfter.\n", 37)
    assert_partition(wrapper)
    assert_rows_fit(wrapper)
    assert walk_back(wrapper) == walk(wrapper)
    assert_block_at_agrees(wrapper, walk(wrapper), step=997)


@pytest.mark.parametrize(
    "text",
    [
        "x" * (2 * BLOCK),  # a paragraph whose length is a multiple of BLOCK
        "x" * (2 * BLOCK) + "\nnext",
        "x" * (2 * BLOCK - 1) + " ",  # ending with the space a boundary would follow
        "x" * (2 * BLOCK - 1) + " \nnext",
    ],
    ids=["length-of-blocks", "length-of-blocks-then-more", "space-at-end", "space-at-end-then-more"],
)
def test_end_of_a_long_paragraph_belongs_to_its_last_block(wrapped, text):
    wrapper = wrapped(text, 80)
    blocks = walk(wrapper)
    assert all(end > start for start, end in blocks)
    assert_block_at_agrees(wrapper, blocks, step=499)
    assert walk_back(wrapper) == blocks


# -- property -----------------------------------------------------------------

TEXTS = st.text(
    st.one_of(
        st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")),
        st.sampled_from([" ", " ", "\n", "\t"]),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E20),
    ),
    max_size=400,
)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=120))
def test_rows_partition_any_text_and_fit_any_width(text, width):
    wrapper = Wrapper(text, width)
    assert_partition(wrapper)
    assert_rows_fit(wrapper)
    assert walk_back(wrapper) == walk(wrapper)
