from hypothesis import given
from hypothesis import strategies as st

from reader.core.text import lines as lines_module
from reader.core.text.lines import LineIndex


def test_lines_are_numbered_from_one_as_in_less() -> None:
    lines = LineIndex("one\ntwo\n\nfour\n")
    assert lines.count == 4
    assert [lines.line_of(i) for i in (0, 3, 4, 8, 9, 13)] == [1, 1, 2, 3, 4, 4]
    assert [lines.start_of(n) for n in (1, 2, 3, 4)] == [0, 4, 8, 9]
    assert lines.start_of(0) == 0 and lines.start_of(99) == 9  # clamped to the text's lines


def test_a_text_without_newlines_is_one_line() -> None:
    assert LineIndex("abc").count == 1 and LineIndex("").count == 0
    assert LineIndex("abc").start_of(5) == 0


@given(st.text(alphabet="ab\n", max_size=60), st.sampled_from([3, 4, 7, 1 << 16]))
def test_lines_agree_with_counting_newlines_whatever_the_blocks(text: str, block: int) -> None:
    kept, lines_module.BLOCK = lines_module.BLOCK, block  # small blocks: lines cross them
    try:
        lines = LineIndex(text)
        assert lines.count == len(text.splitlines())
        for offset in range(len(text)):
            number = text.count("\n", 0, offset) + 1
            assert lines.line_of(offset) == number
            assert lines.start_of(number) == text.rfind("\n", 0, offset) + 1
    finally:
        lines_module.BLOCK = kept
