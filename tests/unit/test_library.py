"""The library rule: which annotations file holds a document's notes, and
moving notes of the old layout to their place."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.annotations.migration import migrate
from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation
from reader.core.annotations.store import Store
from reader.core.library.corpus import load, open_corpus
from reader.core.library.rule import Library
from reader.core.text.reading import text_sha256


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def note_on(corpus: Path, rel: str, quote: str, note: str = "", single: bool = False) -> str:
    """Annotate `quote` in the document as the app would (opening `corpus`); its id."""
    opened = open_corpus(corpus / rel if single else corpus)
    doc = next(d for d in opened.documents if d.rel == (Path(rel).name if single else rel))
    text = load(doc).text
    store = Store(Library.of(opened.root, opened.single_file))
    aset = store.load(doc.rel) or AnnotationSet(DocumentInfo(doc.rel, text_sha256(text), len(text), "utf-8"))
    start = text.index(quote)
    a = make_annotation(text, start, start + len(quote), "yellow", note)
    aset.put(a)
    store.save(aset)
    return a.id


def notes_of(corpus: Path, rel: str, single: bool = False) -> dict:
    opened = open_corpus(corpus / rel if single else corpus)
    aset = Store(Library.of(opened.root, opened.single_file)).load(Path(rel).name if single else rel)
    return {} if aset is None else {a.id: a.note for a in aset.annotations.values()}


def test_same_names_in_two_folders_never_share_a_file(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    write(lib / "books" / "intro.txt", "A book begins with a long and winding sentence.\n")
    write(lib / "articles" / "intro.txt", "An article starts with its news, right away.\n")
    book = note_on(lib / "books", "intro.txt", "long and winding", "book note")
    article = note_on(lib / "articles", "intro.txt", "its news", "article note")
    assert notes_of(lib / "books", "intro.txt") == {book: "book note"}
    assert notes_of(lib / "articles", "intro.txt") == {article: "article note"}
    assert (lib / "annotations" / "books" / "intro.txt.toml").is_file()
    assert (lib / "annotations" / "articles" / "intro.txt.toml").is_file()


def test_the_same_document_finds_its_notes_however_it_is_opened(tmp_path: Path, monkeypatch) -> None:
    lib = tmp_path / "lib"
    write(lib / "shelf" / "a" / "doc.txt", "Some text worth a note, and more text after it.\n")
    id = note_on(lib / "shelf", "a/doc.txt", "worth a note", "mine")
    assert notes_of(lib / "shelf" / "a", "doc.txt") == {id: "mine"}  # its own folder
    assert notes_of(lib, "shelf/a/doc.txt") == {id: "mine"}  # a parent folder
    assert notes_of(lib / "shelf" / "a", "doc.txt", single=True) == {id: "mine"}  # the file alone
    monkeypatch.chdir(lib / "shelf")
    assert notes_of(Path("."), "a/doc.txt") == {id: "mine"}  # `cd shelf; reader .`
    assert notes_of(Path("a/../."), "a/doc.txt") == {id: "mine"}


def test_a_file_opened_alone_writes_beside_itself_only(tmp_path: Path) -> None:
    write(tmp_path / "x" / "file.txt", "A lone file with words to highlight.\n")
    write(tmp_path / "y" / "file.txt", "Another lone file, other words.\n")
    note_on(tmp_path / "x", "file.txt", "words to highlight", single=True)
    note_on(tmp_path / "y", "file.txt", "other words", single=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.toml")) == [
        "x/annotations/file.txt.toml",
        "y/annotations/file.txt.toml",
    ]
    assert not (tmp_path / "annotations").exists()


names = (
    st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters="-_ "), min_size=1, max_size=8)
    .map(str.strip)
    .filter(lambda n: n and n != "annotations" and not n.startswith("."))
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(names, min_size=2, max_size=2, unique=True),
    st.lists(names, min_size=1, max_size=3, unique=True),
    st.booleans(),
)
def test_notes_made_in_one_folder_never_appear_in_another(tmp_path_factory, folders, files, nested) -> None:
    root = tmp_path_factory.mktemp("lib")
    first, second = root / folders[0], (root / folders[0] / folders[1]) if nested else root / folders[1]
    for name in files:
        write(first / f"{name}.txt", f"first folder {name}: words here.\n")
        write(second / f"{name}.txt", f"second folder {name}: words here.\n")
    made = {name: note_on(first, f"{name}.txt", "words here") for name in files}
    for name in files:
        assert made[name] not in notes_of(second, f"{name}.txt")
        assert made[name] not in notes_of(second, f"{name}.txt", single=True)
        assert set(notes_of(first, f"{name}.txt")) == {made[name]}


def old_layout(parent: Path, rel: str, *notes: tuple[str, str]) -> Path:
    """An annotation file as reader wrote them before the library rule: by
    the path inside the corpus, in annotations/ beside the corpus folder.
    `notes`: (document it was made on, quote)."""
    aset = None
    for doc, quote in notes:
        text = (parent / doc).read_text("utf-8")
        start = text.index(quote)
        if aset is None:
            aset = AnnotationSet(DocumentInfo(rel, text_sha256(text), len(text), "utf-8"))
        aset.put(make_annotation(text, start, start + len(quote), "green", f"on {doc}"))
    Store(parent / "annotations").save(aset)
    return parent / "annotations" / f"{rel}.toml"


def test_old_files_move_to_their_place(tmp_path: Path) -> None:
    write(tmp_path / "seeds" / "one.txt", "The first document says something notable.\n")
    old = old_layout(tmp_path, "one.txt", ("seeds/one.txt", "something notable"))
    corpus = open_corpus(tmp_path / "seeds")
    report = migrate(corpus, Library.of(corpus.root))
    assert report.moved == 1 and report.left == [] and not old.exists()
    assert list(notes_of(tmp_path / "seeds", "one.txt").values()) == ["on seeds/one.txt"]
    assert migrate(corpus, Library.of(corpus.root)).moved == 0  # once only


def test_a_file_holding_two_documents_notes_is_split_by_quote(tmp_path: Path) -> None:
    write(tmp_path / "books" / "intro.txt", "A book begins with a long and winding sentence.\n")
    write(tmp_path / "articles" / "intro.txt", "An article starts with its news, right away.\n")
    write(tmp_path / "news" / "intro.txt", "Today the news is that nothing happened at all.\n")
    old = old_layout(
        tmp_path,
        "intro.txt",
        ("books/intro.txt", "long and winding"),
        ("articles/intro.txt", "starts with"),
        ("news/intro.txt", "nothing happened"),
    )
    corpus = open_corpus(tmp_path / "books")
    report = migrate(corpus, Library.of(corpus.root))
    assert report.moved == 3 and report.left == [] and not old.exists()
    for folder in ("books", "articles", "news"):
        assert list(notes_of(tmp_path / folder, "intro.txt").values()) == [f"on {folder}/intro.txt"]


def test_a_note_two_documents_hold_is_not_guessed(tmp_path: Path) -> None:
    text = "A book begins with a long and winding sentence.\n"
    write(tmp_path / "books" / "intro.txt", text)
    write(tmp_path / "copies" / "intro.txt", text)  # the same text in two places
    write(tmp_path / "articles" / "intro.txt", "An article starts with its news, right away.\n")
    old = old_layout(
        tmp_path, "intro.txt", ("books/intro.txt", "long and winding"), ("articles/intro.txt", "starts with")
    )
    corpus = open_corpus(tmp_path / "articles")
    report = migrate(corpus, Library.of(corpus.root))
    assert report.moved == 1 and len(report.left) == 1 and "more than one document" in report.left[0]
    assert list(notes_of(tmp_path / "articles", "intro.txt").values()) == ["on articles/intro.txt"]
    assert notes_of(tmp_path / "books", "intro.txt") == notes_of(tmp_path / "copies", "intro.txt") == {}
    # The one it cannot tell stays where it was, alone: nothing is lost.
    assert [a.note for a in Store(tmp_path / "annotations").load("intro.txt").annotations.values()] == [
        "on books/intro.txt"
    ]
    assert old.exists()


def test_migration_is_said_by_the_command_line(tmp_path: Path, capsys) -> None:
    write(tmp_path / "seeds" / "one.txt", "The first document says something notable.\n")
    old_layout(tmp_path, "one.txt", ("seeds/one.txt", "something notable"))
    assert main(["check", str(tmp_path / "seeds")]) == 0
    captured = capsys.readouterr()
    assert "1 note moved to" in captured.err
    assert captured.out == "one.txt: 1 exact, 0 moved, 0 fuzzy, 0 orphaned\n"


def test_a_link_inside_annotations_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "seeds" / "sub" / "doc.txt", "Text with a passage to note.\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "annotations" / "seeds").mkdir(parents=True)
    os.symlink(elsewhere, tmp_path / "annotations" / "seeds" / "sub")
    corpus = open_corpus(tmp_path / "seeds")
    store = Store(Library.of(corpus.root))
    text = load(corpus.documents[0]).text
    aset = AnnotationSet(DocumentInfo("sub/doc.txt", text_sha256(text), len(text), "utf-8"))
    aset.put(make_annotation(text, 0, 4, "yellow"))
    try:
        store.save(aset)
    except Exception as err:  # StoreError: said, and nothing written
        assert "is a link" in str(err)
    else:
        raise AssertionError("a save through a link inside annotations/ was not refused")
    assert list(elsewhere.iterdir()) == []
    assert store.files() == []
