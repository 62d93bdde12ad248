"""Markdown rendered for reading (core/text/markdown.py): what the reader sees of a
Markdown note — its front matter as a title, its syntax hidden but its
effect kept as styles, wiki links and HTML tags reduced to their text, and
video timestamps turned into links to the right second."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library.corpus import load, open_corpus
from reader.core.text.decoding import BinaryFile, decode
from reader.core.text.markdown import QUOTE_BAR, Timestamps, front_matter, is_markdown, render
from reader.core.text.reading import ReadingText

NOTE = "004_fb88cd4e1ca0a06e.txt"
VIDEO = "https://www.youtube.com/watch?v=4tcd1EgQrhU"
C0_BUT_NL_TAB = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def load_path(path: Path) -> ReadingText:
    (doc,) = open_corpus(path).documents
    return load(doc)


@pytest.fixture
def note(seeds: Path) -> ReadingText:
    return load_path(seeds / NOTE)


def md(source: str) -> ReadingText:
    return render(decode(source.encode("utf-8")))


def styled(reading: ReadingText, style: str) -> list[str]:
    assert reading.markup is not None
    return [reading.text[s:e] for s, e, name in reading.markup.styles if name == style]


# -- the seed note ------------------------------------------------------------------


def test_the_note_is_rendered_and_titled_by_its_front_matter(note: ReadingText) -> None:
    assert note.markup is not None
    assert note.title == "USChina trade relations and rare earth dependencies"
    assert note.markup.metadata["videoId"] == "4tcd1EgQrhU"


def test_front_matter_is_not_in_the_reading_text(note: ReadingText) -> None:
    assert "videoId" not in note.text
    assert "4tcd1EgQrhU" not in note.text
    assert "---" not in note.text
    assert not note.text.startswith("title:")
    assert note.text.startswith("From: allin")


def test_headings_point_at_their_text_with_no_hashes(note: ReadingText) -> None:
    assert note.markup is not None
    headings = {h.title: h for h in note.markup.headings}
    market = headings["Market Dynamics and Trade Negotiations"]
    trump = headings["Trump's Negotiation Strategy"]
    assert market.level == 2
    assert trump.level == 3
    assert market.start < trump.start
    for heading in note.markup.headings:
        assert note.text[heading.start : heading.start + len(heading.title)] == heading.title
    assert "#" not in note.text
    assert (market.start, market.start + len(market.title), "h2") in note.markup.styles


def test_wiki_links_show_their_label(note: ReadingText) -> None:
    assert "The ongoing US-China trade relations are characterized" in note.text
    assert "us_china_relations_and_business_impact" not in note.text
    assert "[[" not in note.text and "]]" not in note.text
    assert "|" not in note.text
    # A link with no label shows its target.
    assert note.text.startswith("From: allin")
    assert "US-China trade relations" in styled(note, "wikilink")
    assert "allin" in styled(note, "wikilink")


def test_no_html_tags_are_left(note: ReadingText) -> None:
    assert "<" not in note.text
    for tag in ("<a", "</a>", "<br", "yt-timestamp", "data-t"):
        assert tag not in note.text
    # The tag's text stays.
    assert "rare earths [02:27:00]." in note.text


@pytest.mark.parametrize(
    "stamp, seconds",
    [
        ("[02:27:00]", 147),  # below the hour: minutes, seconds and a zero
        ("[01:19:30]", 4770),  # above it: hours, minutes, seconds
        ("[32:03:00]", 1923),  # more "hours" than the note reaches: minutes again
        ("[06:06:00]", 366),
    ],
)
def test_timestamps_link_to_that_second_of_the_video(note: ReadingText, stamp: str, seconds: int) -> None:
    assert note.markup is not None
    at = note.text.index(stamp)
    (link,) = [link for link in note.markup.links if link.start <= at < link.end]
    assert (link.start, link.end) == (at, at + len(stamp))
    assert link.url == f"{VIDEO}&t={seconds}s"
    assert link.label == f"{seconds // 60}:{seconds % 60:02d} into the video"


def test_every_timestamp_is_a_link(note: ReadingText) -> None:
    assert note.markup is not None
    stamps = [m.start() for m in re.finditer(r"\[\d\d:\d\d:\d\d\]", note.text)]
    starts = {link.start for link in note.markup.links if link.url.startswith(VIDEO)}
    assert stamps and set(stamps) <= starts


def test_timestamps_without_a_video_have_no_url() -> None:
    reading = md('Said so <a class="yt-timestamp" data-t="12:30:00">[12:30:00]</a>.\n')
    assert reading.markup is not None
    (link,) = reading.markup.links
    assert reading.text[link.start : link.end] == "[12:30:00]"
    assert link.url == ""
    assert link.label == "12:30 into the video"


def test_timestamp_reading_rules() -> None:
    mixed = Timestamps(["02:27:00", "01:19:30", "32:03:00"])
    assert mixed.seconds("02:27:00") == 147
    assert mixed.seconds("01:19:30") == 4770
    assert mixed.seconds("32:03:00") == 1923
    assert mixed.seconds("01:00:00") == 3600  # within the note's hours: an hour
    assert mixed.seconds("4:05") == 245
    assert mixed.seconds("soon") is None
    alone = Timestamps(["12:30:00"])
    assert alone.seconds("12:30:00") == 750  # more than 9 "hours" with no other stamps
    assert alone.seconds("03:00:00") == 3 * 3600


# -- small documents ------------------------------------------------------------------


def test_emphasis_strong_and_code_are_styled_over_exactly_their_words() -> None:
    reading = md("Some *soft* and **hard** and `x = 1` and ~~gone~~ here.\n")
    assert reading.text == "Some soft and hard and x = 1 and gone here.\n"
    assert styled(reading, "em") == ["soft"]
    assert styled(reading, "strong") == ["hard"]
    assert styled(reading, "code") == ["x = 1"]
    assert styled(reading, "strike") == ["gone"]


def test_nested_emphasis() -> None:
    reading = md("A ***both*** word.\n")
    assert reading.text == "A both word.\n"
    assert styled(reading, "em") == ["both"]
    assert styled(reading, "strong") == ["both"]


def test_a_list_shows_bullets() -> None:
    reading = md("Things:\n\n- apples\n- pears\n")
    assert reading.text == "Things:\n\n• apples\n• pears\n"
    assert styled(reading, "marker") == ["• ", "• "]


def test_a_numbered_list_keeps_its_numbers() -> None:
    reading = md("3. three\n4. four\n")
    assert reading.text == "3. three\n4. four\n"


def test_a_blockquote_line_starts_with_a_bar() -> None:
    reading = md("Before.\n\n> quoted line\n> more of it\n\nAfter.\n")
    lines = reading.text.split("\n")
    assert lines[2] == QUOTE_BAR + "quoted line"
    assert lines[3] == QUOTE_BAR + "more of it"
    assert QUOTE_BAR == "│ "
    assert ">" not in reading.text


def test_a_fenced_code_block_keeps_its_content() -> None:
    code = "def f(x):\n    return [bold] * 2  # **not strong**"
    reading = md(f"Code:\n\n```python\n{code}\n```\n")
    assert code in reading.text
    assert "```" not in reading.text
    assert "python" not in reading.text
    assert styled(reading, "strong") == []
    assert "    return [bold] * 2  # **not strong**" in styled(reading, "code")


def test_a_markdown_link_shows_its_text() -> None:
    reading = md("See [the docs](https://example.org/a) now.\n")
    assert reading.text == "See the docs now.\n"
    assert reading.markup is not None
    (link,) = reading.markup.links
    assert reading.text[link.start : link.end] == "the docs"
    assert link.url == "https://example.org/a"


def test_rich_markup_stays_literal() -> None:
    reading = md("A [bold]loud[/bold] word and [red]x[/].\n")
    assert reading.text == "A [bold]loud[/bold] word and [red]x[/].\n"
    assert styled(reading, "strong") == []


@pytest.mark.parametrize(
    "source",
    [
        "Clear &#27;[2J screen\n",
        "Clear &#x1b;]0;title&#7; screen\n",
        "Clear \x1b[2J screen\n",
        "<div>&#27;[31m red</div>\n",
        "# Head \x1b]52;c;aGk=\x07\n",
        "---\ntitle: T\x1b[2J\n---\nbody\n",
    ],
)
def test_escape_never_reaches_the_terminal(source: str) -> None:
    for reading in (md(source), render(ReadingText(source, "utf-8"))):
        assert "\x1b" not in reading.text
        assert "\x07" not in reading.text
        assert "\x1b" not in reading.title
        assert reading.markup is not None
        for heading in reading.markup.headings:
            assert "\x1b" not in heading.title


def test_front_matter_reads_scalars() -> None:
    fields, body = front_matter('---\ntitle: "Quoted: yes"\ntags:\n  - a\nvideoId: abc\n---\nText\n')
    assert fields == {"title": "Quoted: yes", "tags": "", "videoId": "abc"}
    assert body == len('---\ntitle: "Quoted: yes"\ntags:\n  - a\nvideoId: abc\n---\n')
    assert front_matter("No front matter\n---\n") == ({}, 0)


# -- which documents are Markdown ------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.md", "NOTES.MD", "a/b.markdown"])
def test_markdown_by_name(name: str) -> None:
    assert is_markdown(name, "plain words\n")


def test_markdown_by_front_matter() -> None:
    assert is_markdown("note.txt", "---\ntitle: x\n---\nbody\n")


def test_the_seed_note_is_markdown_by_content(seeds: Path) -> None:
    text = (seeds / NOTE).read_text("utf-8")
    assert is_markdown(NOTE, text)


@pytest.mark.parametrize(
    "name",
    [
        "000_730c42d09e53c65d.txt",
        "001_df91be1286c1e71b.txt",
        "002_49671702ffe5f58f.txt",
        "003_66d8e60a35b94f19.txt",
    ],
)
def test_the_other_seeds_are_not_markdown(seeds: Path, name: str) -> None:
    reading = load_path(seeds / name)
    assert not is_markdown(name, reading.text)
    assert reading.markup is None
    assert reading.text == decode((seeds / name).read_bytes()).text


def test_a_txt_with_headings_and_syntax_is_markdown() -> None:
    text = "# One\n\nSome **bold** words.\n\n## Two\n\n- item\n"
    assert is_markdown("vault-export.txt", text)
    assert not is_markdown("plain.txt", "# one comment\nplain words\n# two\n")


# -- properties -------------------------------------------------------------------------

_MD_BITS = st.sampled_from(
    [
        "*",
        "**",
        "_",
        "`",
        "```\n",
        "# ",
        "## ",
        "> ",
        "- ",
        "1. ",
        "[",
        "]",
        "(",
        ")",
        "[[",
        "]]",
        "|",
        "<a href='x'>",
        "</a>",
        '<a class="yt-timestamp" data-t="01:02:03">',
        "<br/>",
        "<b>",
        "</b>",
        "&#27;",
        "&amp;",
        "\x1b",
        "\x00",
        "\r",
        "\t",
        "\n",
        "\n\n",
        "---\n",
        "~~",
        "word",
        " ",
        "é",
        "漢",
    ]
)
_SOURCES = st.one_of(st.text(), st.lists(_MD_BITS, max_size=40).map("".join))


@given(_SOURCES)
def test_spans_lie_within_the_text_and_no_controls_are_left(source: str) -> None:
    readings = [render(ReadingText(source, "utf-8"))]
    try:
        readings.append(md(source))
    except BinaryFile:
        pass  # NUL bytes: not a text file at all
    for reading in readings:
        text = reading.text
        assert reading.markup is not None
        for start, end, _ in reading.markup.styles:
            assert 0 <= start <= end <= len(text)
        for link in reading.markup.links:
            assert 0 <= link.start <= link.end <= len(text)
        for heading in reading.markup.headings:
            assert 0 <= heading.start <= len(text)
        assert C0_BUT_NL_TAB.search(text) is None, repr(text)
        assert C0_BUT_NL_TAB.search(reading.title) is None
