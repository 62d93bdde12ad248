"""Cursor motions by word, sentence and paragraph."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reader.core.text.cjk import CJK_CHARS
from reader.core.text.motions import (
    paragraph_end,
    paragraph_start,
    sentence_end,
    sentence_start,
    word_back,
    word_end,
    word_next,
)

TEXT = "First one. Second, “quoted” here! Third?\n\nNext para starts. Ends\nLast"


def at(s: str) -> int:
    return TEXT.index(s)


def test_word_end_takes_whole_words_one_at_a_time() -> None:
    pos = at("Second")
    pos = word_end(TEXT, pos)
    assert TEXT[: pos + 1].endswith("Second")
    pos = word_end(TEXT, pos)
    assert TEXT[: pos + 1].endswith("Second,")
    pos = word_end(TEXT, pos)
    assert TEXT[: pos + 1].endswith("“")


def test_word_back_goes_back_a_word() -> None:
    assert word_back(TEXT, at("here")) == at("” here")
    assert word_back(TEXT, at("ere")) == at("here")
    assert word_back(TEXT, 0) == 0


def test_sentences() -> None:
    assert TEXT[: sentence_end(TEXT, 0) + 1] == "First one."
    pos = sentence_end(TEXT, at("Second"))
    assert TEXT[at("Second") : pos + 1] == "Second, “quoted” here!"
    assert TEXT[sentence_end(TEXT, pos)] == "?"  # the next one
    assert sentence_start(TEXT, at("here")) == at("Second")
    assert sentence_start(TEXT, at("Second")) == 0
    assert sentence_start(TEXT, at("Next")) == at("Third")
    assert sentence_start(TEXT, at("Ends")) == at("Next")


def test_paragraphs() -> None:
    assert TEXT[paragraph_end(TEXT, 0)] == "?"
    assert TEXT[paragraph_end(TEXT, at("?"))] == "s"  # the next paragraph's end: "Ends"
    assert paragraph_start(TEXT, at("para")) == at("Next")
    assert paragraph_start(TEXT, at("Next")) == 0
    assert paragraph_start(TEXT, at("Last")) == at("Next")
    assert paragraph_end(TEXT, len(TEXT) - 1) == len(TEXT) - 1


# -- vim's words: w, b, e ------------------------------------------------------------

WORDS = "one two_2, “three”  four.\n\nfive"


def hops(motion, text: str, pos: int, count: int) -> list[str]:
    """The characters a motion lands on, `count` times from `pos`."""
    landed = []
    for _ in range(count):
        pos = motion(text, pos)
        landed.append(text[pos])
    return landed


def test_w_goes_to_the_start_of_the_next_word_punctuation_being_a_word_too() -> None:
    starts = [0]
    for _ in range(8):
        starts.append(word_next(WORDS, starts[-1]))
    assert [WORDS[s:].split(None, 1)[0][:4] for s in starts] == [
        "one", "two_", ",", "“thr", "thre", "”", "four", ".", "five"
    ]  # fmt: skip
    assert word_next(WORDS, WORDS.index("wo_2")) == WORDS.index(",")  # from inside a word
    assert word_next(WORDS, len(WORDS) - 3) == len(WORDS) - 1  # the last word: its end


def test_b_goes_to_the_start_of_this_word_then_the_previous_one() -> None:
    assert word_back(WORDS, WORDS.index("hree")) == WORDS.index("three")
    assert word_back(WORDS, WORDS.index("three")) == WORDS.index("“")
    assert word_back(WORDS, WORDS.index("five")) == WORDS.index(".")
    assert word_back(WORDS, 0) == 0


def test_e_goes_to_the_end_of_this_word_then_the_next_one() -> None:
    assert hops(word_end, WORDS, 0, 5) == ["e", "2", ",", "“", "e"]
    assert word_end(WORDS, WORDS.index("wo_2")) == WORDS.index(",") - 1
    assert word_end(WORDS, len(WORDS) - 1) == len(WORDS) - 1


def test_each_chinese_character_is_a_word() -> None:
    text = "评价: 推荐。好"
    assert hops(word_next, text, 0, 5) == ["价", ":", "推", "荐", "。"]
    assert word_back(text, text.index("荐")) == text.index("推")
    assert hops(word_end, text, 0, 2) == ["价", ":"]


def test_a_word_longer_than_the_look_back_is_gone_back_over_whole() -> None:
    text = "start " + "x" * 5000 + " end"
    assert word_back(text, text.index("end")) == text.index("x")


# -- sentences ------------------------------------------------------------------------


def sentence_after(text: str, pos: int = 0) -> str:
    """The text from `pos` to where `)` lands, inclusive."""
    return text[pos : sentence_end(text, pos) + 1]


@pytest.mark.parametrize(
    "text, first",
    [
        ("Mr. Darcy bowed. She smiled.", "Mr. Darcy bowed."),
        ("Mrs. Bennet and Dr. Jones met at St. Paul's. Then", "Mrs. Bennet and Dr. Jones met at St. Paul's."),
        ("Ask Prof. Smith, Jr. or Ms. Lee. Yes", "Ask Prof. Smith, Jr. or Ms. Lee."),
        ("Fruit, e.g. figs, i.e. food, etc. or tea vs. milk. No", "Fruit, e.g. figs, i.e. food, etc. or tea vs. milk."),
        ("By J. R. R. Tolkien. Next", "By J. R. R. Tolkien."),
        ("El Sr. Pérez y la Sra. Díaz, D. Juan y Dña. Ana. Luego", "El Sr. Pérez y la Sra. Díaz, D. Juan y Dña. Ana."),
        ("“Is it Mr. Collins?” she asked. No", "“Is it Mr. Collins?”"),
        ("他来了。我走了。", "他来了。"),
    ],
)  # fmt: skip
def test_an_abbreviation_or_an_initial_does_not_end_a_sentence(text: str, first: str) -> None:
    assert sentence_after(text) == first


def test_a_word_ending_like_an_abbreviation_ends_a_sentence() -> None:
    assert sentence_after("It was the worst. Then") == "It was the worst."  # "worst" is not "St"
    assert sentence_after("A sister. Then") == "A sister."  # "ster" is not "Sr"


HARD_WRAPPED = (
    "It is a truth universally acknowledged, that a single man in possession\n"
    "of a good fortune, must be in want of a wife. However little known the\n"
    "feelings or views of such a man may be on his first entering a\n"
    "neighbourhood, this truth is fixed.\n"
    "\n"
    "CHAPTER II\n"
    "\n"
    "Mr. Bennet was among the earliest of those who waited on Mr.\n"
    "Bingley\n"
    "\n"
    "Next paragraph"
)


def test_a_line_end_inside_a_paragraph_is_a_space() -> None:
    assert sentence_after(HARD_WRAPPED).endswith("want of a wife.")
    second = HARD_WRAPPED.index("However")
    assert sentence_after(HARD_WRAPPED, second).endswith("truth is fixed.")
    assert sentence_start(HARD_WRAPPED, HARD_WRAPPED.index("this truth")) == second
    assert sentence_start(HARD_WRAPPED, HARD_WRAPPED.index("neighbourhood")) == second


def test_a_blank_line_or_a_short_line_ends_a_sentence() -> None:
    chapter = HARD_WRAPPED.index("CHAPTER")
    assert sentence_after(HARD_WRAPPED, chapter) == "CHAPTER II"
    bennet = HARD_WRAPPED.index("Mr. Bennet")
    assert sentence_after(HARD_WRAPPED, bennet).endswith("waited on Mr.\nBingley")  # "Mr." at a line end too
    assert sentence_start(HARD_WRAPPED, HARD_WRAPPED.index("Next")) == bennet
    assert sentence_after("Heading without a stop\nThe first sentence. Two") == "Heading without a stop"
    assert sentence_after("Ends with Mr.\n\nNext") == "Ends with Mr."


# -- properties --------------------------------------------------------------------

PIECES = st.sampled_from([*"ab_9 .!?\n\t,“”中文。J", "Mr", "St", "e.g", "  "])
TEXTS = st.lists(PIECES, max_size=60).map("".join)
FORWARD = (word_next, word_end, sentence_end, paragraph_end)
BACKWARD = (word_back, sentence_start, paragraph_start)
_KIND = re.compile(rf"(?P<cjk>[{CJK_CHARS}])|(?P<word>\w)|(?P<other>\S)")


def kind(text: str, i: int) -> str:
    """What a character is for vim's words: white space, a word character,
    other visible ones, or a CJK character (a word of its own: unique)."""
    if not 0 <= i < len(text) or text[i].isspace():
        return " "
    m = _KIND.match(text, i)
    assert m is not None
    return f"cjk{i}" if m.lastgroup == "cjk" else str(m.lastgroup)


def is_word_start(text: str, i: int) -> bool:
    return kind(text, i) != " " and kind(text, i) != kind(text, i - 1)


def is_word_end(text: str, i: int) -> bool:
    return kind(text, i) != " " and kind(text, i) != kind(text, i + 1)


@given(TEXTS, st.data())
def test_motions_stay_in_the_text_and_go_their_way(text: str, data: st.DataObject) -> None:
    assume(text)
    pos = data.draw(st.integers(0, len(text) - 1))
    for motion in FORWARD:
        moved = motion(text, pos)
        assert pos <= moved < len(text), motion.__name__
        if text[pos + 1 :].strip():
            assert moved > pos, motion.__name__
    for motion in BACKWARD:
        moved = motion(text, pos)
        assert 0 <= moved <= pos, motion.__name__
        if text[:pos].strip():
            assert moved < pos, motion.__name__


@given(TEXTS, st.data())
def test_words_are_vims(text: str, data: st.DataObject) -> None:
    assume(text.strip())
    pos = data.draw(st.integers(0, len(text) - 1))
    after = word_next(text, pos)
    if any(is_word_start(text, i) for i in range(pos + 1, len(text))):
        assert is_word_start(text, after)
        assert not any(is_word_start(text, i) for i in range(pos + 1, after))  # none skipped
        if any(is_word_start(text, i) for i in range(pos + 1)):
            back = word_back(text, after)
            assert back <= pos and is_word_start(text, back)
            assert word_next(text, back) == after
    end = word_end(text, pos)
    if any(is_word_end(text, i) for i in range(pos + 1, len(text))):
        assert is_word_end(text, end) and not any(is_word_end(text, i) for i in range(pos + 1, end))
    if any(is_word_start(text, i) for i in range(pos)):
        back = word_back(text, pos)
        assert is_word_start(text, back) and not any(is_word_start(text, i) for i in range(back + 1, pos))


@given(TEXTS, st.data())
def test_sentence_start_goes_back_to_where_sentence_end_went_from(text: str, data: st.DataObject) -> None:
    assume(text.strip())
    pos = data.draw(st.integers(0, len(text) - 1))
    end = sentence_end(text, pos)
    if end > pos and text[end + 1 :].strip():
        # The next sentence starts at the first visible character after this
        # one's end: ( from inside it comes back there.
        start = end + 1 + len(text[end + 1 :]) - len(text[end + 1 :].lstrip())
        following = sentence_end(text, end)
        if following > start:
            assert sentence_start(text, following) == start
