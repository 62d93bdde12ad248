"""Markdown that fights back (core/text/markdown.py): nesting past any
sensible depth, pages of emphasis or brackets, a front matter of 100,000
keys, unclosed comments. Every word of it still shows, nothing raises, and
what is kept is bounded. (Speed is measured by bench/hostile_markdown.py,
not asserted here.)"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.text.decoding import decode
from reader.core.text.markdown import FIELD_MAX, FRONT_MATTER_FIELDS, is_markdown, render, shown
from reader.core.text.reading import ReadingText


def md(source: str) -> ReadingText:
    return render(decode(source.encode("utf-8")))


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


@pytest.mark.parametrize("depth", [20, 24, 25, 40, 200, 5000])
def test_quotes_nested_deep_show_all_their_text_and_what_follows(depth: int) -> None:
    reading = md(f"{'>' * depth} deep words\n{'>' * depth} more deep words\n\nAfter the quote.\n")
    assert "deep words" in reading.text and "more deep words" in reading.text
    assert reading.text.rstrip().endswith("After the quote.")


def test_a_quote_as_deep_as_markdown_allows_is_drawn_as_quotes() -> None:
    reading = md(">" * 20 + " deep words\n")
    assert reading.text == "│ " * 20 + "deep words\n"


@pytest.mark.parametrize("levels", [10, 12, 13, 30])
def test_lists_nested_deep_show_every_item_and_what_follows(levels: int) -> None:
    source = "".join("  " * i + f"- item{i}\n" for i in range(levels)) + "\nAfter the list.\n"
    reading = md(source)
    assert words(reading.text) == [w for i in range(levels) for w in (f"item{i}",)] + ["After", "the", "list"]


def test_past_the_depth_the_rest_of_an_item_is_kept_as_written_and_the_list_goes_on() -> None:
    deep = "".join("  " * i + f"- item{i}\n" for i in range(14))
    reading = md(deep + "- back at the top\n")
    assert "item13" in reading.text
    assert reading.text.rstrip().endswith("• back at the top")


# A paragraph as thick with syntax as these is shown as written; the divs
# are an HTML block (its tags go) and the references are read.
@pytest.mark.parametrize(
    "source",
    [
        "*" * 100_000 + "a" + "*" * 100_000,
        "*a " * 66_000 + "b" + " c*" * 66_000,
        "_a " * 66_000,
        "a*" * 100_000,
        "[" * 200_000,
        "![" * 100_000,
        "[a" * 100_000 + "](x)",
        "`" * 100_000 + "x" + "`" * 99_999,
        "a " + "<b>" * 60_000 + "text",
        "<div>" * 40_000 + "text" + "</div>" * 40_000,
        "&amp;" * 40_000,
    ],
    ids=[
        "star runs",
        "nested em",
        "underscores",
        "a-star",
        "brackets",
        "images",
        "links",
        "ticks",
        "tags",
        "divs",
        "refs",
    ],
)
def test_pages_of_inline_syntax_keep_their_words(source: str) -> None:
    reading = md(source)
    assert reading.markup is not None
    assert words(reading.text) == words(re.sub(r"<div>|</div>|&amp;", "", source))


def test_a_paragraph_thick_with_syntax_is_shown_as_written_others_still_rendered() -> None:
    reading = md("**Bold** before.\n\n" + "*a " * 2000 + "\n\nAnd *after*.\n")
    assert reading.text.startswith("Bold before.\n\n*a *a ")
    assert reading.text.rstrip().endswith("And after.")
    assert reading.markup is not None
    emphasised = [reading.text[s:e] for s, e, name in reading.markup.styles if name in ("em", "strong")]
    assert emphasised == ["Bold", "after"]


def test_emphasis_nested_thousands_deep_is_a_few_spans_per_piece_of_text() -> None:
    # 2,000 nested <em> over one word: one span for it, not 2,000.
    reading = md("*" * 2000 + "word" + "*" * 2000)
    assert reading.markup is not None
    assert len(reading.markup.styles) <= 4


def test_a_front_matter_of_100000_keys_keeps_the_first_ones_and_the_text() -> None:
    keys = "".join(f"key{n}: {'v' * min(n * 8, 3000)}\n" for n in range(100_000))
    reading = md(f"---\ntitle: Many keys\n{keys}---\nThe body.\n")
    assert reading.markup is not None
    metadata = reading.markup.metadata
    assert len(metadata) == FRONT_MATTER_FIELDS
    assert metadata["title"] == "Many keys" and "key0" in metadata
    assert max(map(len, metadata.values())) == FIELD_MAX
    assert reading.text == "The body.\n"


def test_an_unclosed_comment_or_tag_keeps_its_text() -> None:
    assert words(md("Before <!-- never closed, still read\n").text) == words("Before never closed still read")
    assert "<!--" * 3 in md("<!--" * 20_000 + "\n").text
    assert md("<!-- gone --> kept <a <a <a text\n").text.startswith("kept")


@pytest.mark.parametrize(
    "source",
    ["[[" * 40_000, "[[a" + " " * 40_000, "[[a| x" + " " * 40_000, "[a](" * 40_000, "a|" * 40_000 + "]]"],
    ids=["wiki opens", "wiki spaces", "wiki label spaces", "link opens", "bars"],
)
def test_wiki_and_link_shapes_never_stall_detection_quotes_or_rendering(source: str) -> None:
    assert not is_markdown("notes.txt", "# One\n# Two\n" + source)
    shown(source)  # a quote's shape, cut anywhere: it returns
    assert words(md(source).text) == words(source)


@pytest.mark.parametrize(
    "source",
    ["> - " * 5000 + "text\n", "".join("> " * i + "- item\n" for i in range(300)), "1. " * 3000 + "text\n"],
    ids=["quote in list in quote", "a deeper quote each line", "ordered lists"],
)
def test_containers_mixed_thousands_deep_raise_nothing_and_keep_their_text(source: str) -> None:
    reading = md(source)
    assert words(reading.text)[-1] == words(source)[-1]
    assert len(words(reading.text)) >= len(words(source)) // 2


SYNTAX = st.text(alphabet="*_[]()<>!`>-+ \n#|&;:/\\a1=\"'~{}", max_size=400)


@given(SYNTAX)
def test_any_mix_of_syntax_renders_printable_text(source: str) -> None:
    reading = md(source)
    assert reading.text.endswith("\n")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", reading.text)
    assert reading.markup is not None
    assert all(0 <= start <= end <= len(reading.text) for start, end, _ in reading.markup.styles)
