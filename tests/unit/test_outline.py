"""A document's outline (core/text/outline.py): the posts of a feed, the headings
of a Markdown note, the chapters of a book — each entry an offset the
reading pane can jump to, titled as the reader would name it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.core.library.corpus import load, open_corpus
from reader.core.text.outline import (
    PART_MARK,
    TITLE_WORDS,
    Entry,
    chapters,
    feed_posts,
    outline,
    section_at,
)
from reader.core.text.reading import ReadingText
from tests.conftest import SHARED

FEED = "001_df91be1286c1e71b.txt"
NOTE = "004_fb88cd4e1ca0a06e.txt"
AVATAR = "Peter Alexander's avatar"
PRIDE = SHARED / "corpora" / "editions" / "pride-and-prejudice-2015.txt"
QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


def load_path(path: Path) -> ReadingText:
    (doc,) = open_corpus(path).documents
    return load(doc)


def book(path: Path) -> ReadingText:
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return load_path(path)


# -- a feed -------------------------------------------------------------------------


@pytest.fixture
def feed(seeds: Path) -> ReadingText:
    return load_path(seeds / FEED)


def test_a_feed_has_one_entry_per_post(feed: ReadingText) -> None:
    entries = outline(feed.text, feed.markup)
    avatars = [m.start() for m in re.finditer(re.escape(AVATAR), feed.text)]
    assert len(avatars) == 15  # the profile header, then 14 posts
    assert [e.start for e in entries] == avatars
    assert entries == feed_posts(feed.text)


def test_each_post_starts_at_its_avatar_line(feed: ReadingText) -> None:
    for entry in outline(feed.text):
        assert entry.start == 0 or feed.text[entry.start - 1] == "\n"
        assert feed.text[entry.start :].startswith(AVATAR + "\n")


def test_posts_are_titled_by_their_first_words(feed: ReadingText) -> None:
    entries = outline(feed.text)
    assert entries[0].title == "Peter Alexander"  # the profile header
    assert entries[1].title.startswith("China Morning Missive If rare earth minerals")
    assert entries[4].title.startswith("It’s official. 2026 in China.")
    for entry in entries:
        assert AVATAR not in entry.title
        assert not entry.title.startswith("prc30")  # the date line is not a title
        assert len(entry.title) <= TITLE_WORDS + 1
        assert "\n" not in entry.title


def test_a_long_first_line_is_cut_at_a_word() -> None:
    body = "word " * 40
    text = "".join(f"Someone's avatar\nsomeone {n} days ago\n{body}\n" for n in range(4))
    entries = feed_posts(text)
    assert len(entries) == 4
    for entry in entries:
        assert entry.title.endswith("word…")
        assert len(entry.title) <= TITLE_WORDS + 1


def test_a_play_is_not_a_feed() -> None:
    play = (
        "ACT III. SCENE I. A room in the Castle.\n\n"
        "HAMLET.\nTo be, or not to be, that is the question:\n\n"
        "OPHELIA.\nGood my lord, how does your honour for this many a day?\n\n"
        "HAMLET.\nI humbly thank you; well, well, well.\n\n"
        "OPHELIA.\nMy lord, I have remembrances of yours,\n\n"
        "HAMLET.\nNo, not I, I never gave you aught.\n\n"
        "OPHELIA.\nMy honour'd lord, you know right well you did,\n\n"
        "HAMLET.\nHa, ha! Are you honest?\n"
    )
    assert feed_posts(play) == []
    entries = outline(play)
    assert [e.title for e in entries] == ["ACT III. SCENE I. A room in the Castle."]
    assert entries[0].level == 1


# -- Markdown headings ----------------------------------------------------------------


def test_a_markdown_note_lists_its_headings_in_order(seeds: Path) -> None:
    note = load_path(seeds / NOTE)
    assert note.markup is not None
    entries = outline(note.text, note.markup)
    titles = [e.title for e in entries]
    assert titles[:3] == [
        "Market Dynamics and Trade Negotiations",
        "Trump's Negotiation Strategy",
        "Communication Challenges",
    ]
    assert titles[-1] == "Containment Strategy"
    assert len(entries) == len(re.findall(r"^#{1,6} ", (seeds / NOTE).read_text("utf-8"), re.MULTILINE))
    assert [e.level for e in entries[:2]] == [2, 3]
    starts = [e.start for e in entries]
    assert starts == sorted(starts)
    for entry in entries:
        assert note.text[entry.start : entry.start + len(entry.title)] == entry.title


# -- chapters of books -----------------------------------------------------------------


def test_pride_and_prejudice_has_61_chapters() -> None:
    reading = book(PRIDE)
    entries = outline(reading.text, reading.markup)
    assert [e.title for e in entries] == [f"Chapter {n}" for n in range(1, 62)]
    for entry in entries:
        assert reading.text[entry.start : entry.start + len(entry.title)] == entry.title
        assert reading.text[entry.start - 2 : entry.start] == "\n\n"


def starts_at_its_line(text: str, entry: Entry) -> bool:
    """Whether the entry points at its heading: the title, but for a part's
    name before it, starts with the line at its offset."""
    line = text[entry.start : text.find("\n", entry.start)].strip()
    return entry.title.rpartition(PART_MARK)[2].startswith(line)


def test_don_quijote_chapters() -> None:
    reading = book(QUIJOTE)
    assert "Capítulo" in reading.text  # decoded from Latin-1
    entries = outline(reading.text, reading.markup)
    titles = [e.title for e in entries]
    assert "PRÓLOGO" in titles
    assert "Primera parte · Capítulo primero. Que trata de la condición" in "\n".join(titles)
    assert "Primera parte · Capítulo II. Que trata de la primera salida" in "\n".join(titles)
    first = next(k for k, t in enumerate(titles) if "Capítulo primero." in t)
    second = next(k for k, t in enumerate(titles) if "Capítulo II." in t)
    assert first < second
    for entry in entries:
        assert starts_at_its_line(reading.text, entry)


def test_a_chapter_title_over_two_lines_keeps_both() -> None:
    reading = book(QUIJOTE)
    titles = [e.title for e in outline(reading.text)]
    (eighth,) = [t for t in titles if "Capítulo VIII. Del buen suceso" in t]
    assert eighth.endswith(
        "Capítulo VIII. Del buen suceso que el valeroso don Quijote tuvo en la espantable y jamás imaginada "
        "aventura de los molinos de viento, con otros sucesos dignos de felice recordación"
    )
    text = "Preamble.\n\nCHAPTER I\nDown the Rabbit-Hole\n\nAlice was beginning to get very tired.\n"
    assert [e.title for e in chapters(text)] == ["CHAPTER I Down the Rabbit-Hole"]


def test_a_paragraph_right_under_a_heading_is_not_its_title() -> None:
    body = "It was a bright cold day in April, and the clocks were striking thirteen.\n" * 5
    text = f"Preamble.\n\nChapter 1\n{body}\nChapter 2\n\nMore.\n"
    assert [e.title for e in chapters(text)] == ["Chapter 1", "Chapter 2"]


def test_chapters_numbered_again_in_a_later_part_show_their_part() -> None:
    text = "".join(
        f"\n\nPART {part}\n\n" + "".join(f"Chapter {n}\n\nText of part {part}.\n\n" for n in (1, 2))
        for part in ("I", "II")
    )
    entries = chapters(text)
    assert [(e.title, e.level) for e in entries] == [
        ("PART I", 1),
        ("PART I · Chapter 1", 2),
        ("PART I · Chapter 2", 2),
        ("PART II", 1),
        ("PART II · Chapter 1", 2),
        ("PART II · Chapter 2", 2),
    ]
    for entry in entries:
        assert starts_at_its_line(text, entry)


def test_don_quijote_s_two_books_tell_their_chapters_apart() -> None:
    # Its first book has four parts, numbered on; its second, "Segunda parte"
    # too, starts again at chapter one.
    reading = book(QUIJOTE)
    entries = outline(reading.text)
    titles = [e.title for e in entries]
    assert len(set(titles)) == len(titles)
    parts = [e.title for e in entries if e.level == 1]
    assert [p.split()[0] for p in parts] == ["Primera", "Segunda", "Tercera", "Cuarta", "Segunda"]
    ninths = [t for t in titles if "Capítulo IX." in t]
    assert [t.partition(PART_MARK)[0] for t in ninths] == [
        "Segunda parte del ingenioso hidalgo",
        "Segunda parte del ingenioso caballero",
    ]


def test_chapters_numbered_on_across_parts_are_titled_alone() -> None:
    text = "BOOK ONE\n\nChapter 1\n\nText.\n\nBOOK TWO\n\nChapter 2\n\nText.\n"
    assert [e.title for e in chapters(text)] == ["BOOK ONE", "Chapter 1", "BOOK TWO", "Chapter 2"]


def test_a_word_like_part_mid_paragraph_is_not_a_chapter() -> None:
    text = (
        "We talked for hours about what had gone wrong with the harvest that year.\n"
        "Part of the problem was that nobody knew what to do, and the rest was rain.\n"
        "Chapter and verse were quoted at us all evening, to no use at all.\n\n"
        "Part of the problem was time.\n"
    )
    assert chapters(text) == []
    assert outline(text) == []


def test_chapter_kinds_and_levels() -> None:
    text = (
        "BOOK ONE\n\nCHAPTER I.\n\nIt was a dark night.\n\nCHAPTER II.\n\nMorning came.\n\n"
        "PART TWO\n\nIII.\n\nThen evening.\n"
    )
    entries = chapters(text)
    assert [(e.title, e.level) for e in entries] == [
        ("BOOK ONE", 1),
        ("CHAPTER I.", 2),
        ("CHAPTER II.", 2),
        ("PART TWO", 1),
        ("III.", 2),
    ]
    for entry in entries:
        assert text[entry.start : entry.start + len(entry.title)] == entry.title


def test_an_indented_chapter_heading_points_at_its_words() -> None:
    text = "Preamble.\n\n    Chapter 3\n\nBody.\n"
    (entry,) = chapters(text)
    assert entry.title == "Chapter 3"
    assert text[entry.start :].startswith("Chapter 3")


# -- where the reader is --------------------------------------------------------------


def test_section_at() -> None:
    entries = [Entry(10, 2, "One"), Entry(50, 2, "Two"), Entry(90, 1, "Three")]
    assert section_at(entries, 0) is None
    assert section_at(entries, 9) is None
    assert section_at(entries, 10) == entries[0]
    assert section_at(entries, 49) == entries[0]
    assert section_at(entries, 50) == entries[1]
    assert section_at(entries, 89) == entries[1]
    assert section_at(entries, 90) == entries[2]
    assert section_at(entries, 10_000) == entries[2]
    assert section_at([], 5) is None


def test_section_at_in_the_feed(feed: ReadingText) -> None:
    entries = outline(feed.text)
    at = feed.text.index("During the holiday break")
    assert section_at(entries, at) == entries[2]
    assert section_at(entries, entries[3].start - 1) == entries[2]
    assert section_at(entries, len(feed.text)) == entries[-1]
