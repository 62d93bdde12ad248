"""Cursor motions by word, sentence and paragraph."""

from __future__ import annotations

from reader.core.text.motions import (
    paragraph_end,
    paragraph_start,
    sentence_end,
    sentence_start,
    word_end,
    word_start,
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


def test_word_start_goes_back_a_word() -> None:
    assert word_start(TEXT, at("here")) == at("” here")
    assert word_start(TEXT, at("ere")) == at("here")
    assert word_start(TEXT, 0) == 0


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
