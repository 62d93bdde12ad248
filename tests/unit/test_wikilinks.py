"""Wiki links: `[[target | label]]` is a link to the library's document
called `target` (core/library/wikilinks.py, core/text/markdown.py)."""

from __future__ import annotations

from pathlib import Path

from reader.core.library.corpus import Document
from reader.core.library.wikilinks import resolve
from reader.core.text.markdown import render
from reader.core.text.reading import ReadingText


def doc(rel: str, title: str = "", problem: str | None = None) -> Document:
    return Document(Path("/lib") / rel, rel, title=title, problem=problem)


LIBRARY = [
    doc("notes/Rare Earths.md"),
    doc("notes/us_china_relations.md", title="US–China relations"),
    doc("archive/notes/rare earths.md"),
    doc("summaries/004.txt", title="Trade and Tariffs"),
    doc("broken.md", problem="broken link"),
]


def test_a_file_name_with_or_without_its_suffix_in_any_case_with_spaces_or_underscores() -> None:
    for target in ("Rare Earths", "rare_earths", "RARE EARTHS.md", "  rare   earths "):
        assert resolve(target, LIBRARY) is LIBRARY[0]
    assert resolve("US China relations", LIBRARY) is LIBRARY[1]
    assert resolve("us_china_relations.md", LIBRARY) is LIBRARY[1]


def test_a_path_inside_the_library_wins_over_a_name() -> None:
    assert resolve("archive/notes/rare_earths", LIBRARY) is LIBRARY[2]
    assert resolve("archive/notes/Rare Earths.md", LIBRARY) is LIBRARY[2]


def test_a_title() -> None:
    assert resolve("trade and tariffs", LIBRARY) is LIBRARY[3]
    assert resolve("US–China Relations", LIBRARY) is LIBRARY[1]


def test_a_heading_after_hash_names_its_document() -> None:
    assert resolve("Rare Earths#Supply", LIBRARY) is LIBRARY[0]


def test_nothing_called_so() -> None:
    assert resolve("containment", LIBRARY) is None
    assert resolve("", LIBRARY) is None
    assert resolve("broken", LIBRARY) is None  # a file that cannot be read is not a target
    assert resolve("notes", LIBRARY) is None  # a folder is not a document


def test_rendered_wiki_links_are_links_to_their_target() -> None:
    reading = render(ReadingText("See [[rare_earths | the rare earths]] and [[allin]].\n", "utf-8"))
    assert reading.text.startswith("See the rare earths and allin.")
    assert reading.markup is not None
    links = reading.markup.links
    assert [(reading.text[link.start : link.end], link.wiki, link.url) for link in links] == [
        ("the rare earths", "rare_earths", ""),
        ("allin", "allin", ""),
    ]
