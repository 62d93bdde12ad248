"""Labels that tell documents of the same title apart (core/library/labels.py)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.core.library.corpus import Document
from reader.core.library.labels import Labels, distinct


def docs(*pairs: tuple[str, str]) -> list[Document]:
    """Documents by (path, title)."""
    return [Document(Path(rel), rel, title=title) for rel, title in pairs]


def test_a_title_of_its_own_is_the_label():
    assert distinct(docs(("a.txt", "Emma"), ("b.txt", "Persuasion"))) == {"a.txt": "Emma", "b.txt": "Persuasion"}


def test_editions_are_told_apart_by_the_part_of_their_names_that_differs():
    title = "Pride and Prejudice, by Jane Austen"
    labels = distinct(docs(("pride-and-prejudice-2015.txt", title), ("pride-and-prejudice-2018.txt", title)))
    assert labels == {
        "pride-and-prejudice-2015.txt": f"{title} · 2015",
        "pride-and-prejudice-2018.txt": f"{title} · 2018",
    }


def test_the_shortest_part_no_other_name_holds():
    labels = distinct(
        docs(("pg1342.txt", "P"), ("pg42671.txt", "P"), ("000_730c42d09e.txt", "Q"), ("001_df91be.txt", "Q"))
    )
    assert labels == {
        "pg1342.txt": "P · pg1342",
        "pg42671.txt": "P · pg42671",
        "000_730c42d09e.txt": "Q · 000",
        "001_df91be.txt": "Q · 001",
    }


def test_a_name_holding_all_of_another_is_told_by_whole_names():
    labels = distinct(docs(("moby-dick.txt", "Moby Dick"), ("moby-dick-illustrated.txt", "Moby Dick")))
    assert labels == {
        "moby-dick.txt": "Moby Dick · moby-dick.txt",
        "moby-dick-illustrated.txt": "Moby Dick · moby-dick-illustrated.txt",
    }


def test_one_name_in_two_folders_is_told_by_its_folder():
    labels = distinct(
        docs(("books/intro.txt", "Intro"), ("articles/intro.txt", "Intro"), ("x/a/n.txt", "N"), ("y/a/n.txt", "N"))
    )
    assert labels == {
        "books/intro.txt": "Intro · books/intro.txt",
        "articles/intro.txt": "Intro · articles/intro.txt",
        "x/a/n.txt": "N · x/a/n.txt",
        "y/a/n.txt": "N · y/a/n.txt",
    }


def test_a_label_that_is_another_documents_title_is_numbered():
    labels = distinct(
        docs(("a-1.txt", "A"), ("a-2.txt", "A"), ("z.txt", "A · 1"), ("y-1", "A · 1 (2)"), ("y-2", "A · 1 (2)"))
    )
    assert labels == {
        "a-1.txt": "A · 1 (2)",  # "A · 1" is z.txt's own title
        "a-2.txt": "A · 2",
        "z.txt": "A · 1",
        "y-1": "A · 1 (2) · 1",
        "y-2": "A · 1 (2) · 2",
    }


def test_labels_follow_titles_as_they_are_filled_in():
    documents = docs(("a/x-1.txt", "x-1.txt"), ("b/x-2.txt", "x-2.txt"), ("c.txt", "c.txt"))
    labels = Labels(documents)
    assert [doc.label for doc in documents] == ["x-1.txt", "x-2.txt", "c.txt"]
    documents[0].title = documents[1].title = "Same"
    assert labels.update() == documents[:2]  # their rows are drawn again
    assert [doc.label for doc in documents] == ["Same · 1", "Same · 2", "c.txt"]
    assert labels.update() == []  # no title changed since: nothing computed
    documents[1].title = "Other"
    assert labels.update() == documents[:2]
    assert [doc.label for doc in documents] == ["Same", "Other", "c.txt"]


_PART = st.text("ab1-_. ·/", min_size=1, max_size=4).filter(lambda part: part.strip("/") == part and "//" not in part)
_PATH = st.lists(_PART, min_size=1, max_size=3).map("/".join).filter(lambda rel: "//" not in rel)


@given(st.lists(st.tuples(_PATH, st.sampled_from(["A", "A · 1", "A · b", "B", "A · a (2)", ""])), max_size=12))
def test_labels_are_distinct_whenever_paths_are(pairs):
    unique = list({rel: title for rel, title in pairs}.items())
    labels = distinct(docs(*unique))
    assert len(set(labels.values())) == len(unique)
    for rel, title in unique:
        assert labels[rel].startswith(title)  # the title first, always


@given(
    st.lists(_PATH, min_size=1, max_size=8, unique=True),
    st.lists(st.tuples(st.integers(0, 7), st.sampled_from(["A", "B", "A · 1", "C · x"])), max_size=10),
)
def test_labels_kept_up_to_date_are_those_computed_afresh(rels, renames):
    documents = docs(*((rel, "A") for rel in rels))
    labels = Labels(documents)
    for place, title in renames:
        documents[place % len(documents)].title = title
        labels.update()
        assert {doc.rel: doc.label for doc in documents} == distinct(documents)
