"""Finding documents by title and path as the user types."""

from __future__ import annotations

from pathlib import Path

from reader.core.library.corpus import Document
from reader.core.search.filtering import DocumentFilter


def docs(*titles: str) -> list[Document]:
    return [Document(Path(f"/c/{n:02d}.txt"), f"{n:02d}.txt", title=title) for n, title in enumerate(titles)]


def titles(found: list[Document]) -> list[str]:
    return [doc.title for doc in found]


def test_typos_find_the_title_best_first_and_ties_keep_their_order() -> None:
    library = docs("Moby-Dick", "Pride and Prejudice", "Pride and Prejudice", "Dulcinea del Toboso")
    found = DocumentFilter(library)("pride and prejduice")
    assert found[:2] == library[1:3]  # the same score: in corpus order
    assert DocumentFilter(library)("dulcinea tobozo")[0] is library[3]


def test_an_empty_query_lists_everything_in_order() -> None:
    library = docs("b", "a")
    assert DocumentFilter(library)("  ") == library


def test_the_path_is_matched_too() -> None:
    library = docs("Untitled", "Untitled")
    assert DocumentFilter(library)("01.txt")[0] is library[1]


def test_one_or_two_characters_are_found_as_typed() -> None:
    # partial_ratio would give "du" 67 against any title ending in "d".
    library = docs("Dulcinea", "Island", "Ulysses", "Hadúque")
    assert titles(DocumentFilter(library)("du")) == ["Dulcinea"]
    assert titles(DocumentFilter(library)("U")) == ["Dulcinea", "Ulysses", "Hadúque"]


def test_a_title_filled_in_later_is_found_once_told() -> None:
    library = docs("01.txt", "02.txt")
    find = DocumentFilter(library)
    assert find("moby") == []
    library[1].title = "Moby-Dick"
    find.changed([library[1]])
    assert find("moby") == [library[1]]
