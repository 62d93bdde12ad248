"""Finding the documents of a corpus, and what the sidebar says about each."""

from __future__ import annotations

import codecs
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library.corpus import (
    HEAD,
    DocumentError,
    count_words,
    count_words_in,
    describe,
    load,
    load_head,
    open_corpus,
    scan,
)

from ..conftest import SHARED
from .conftest import single_document, write

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256)) * 8
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + bytes(range(256)) * 8


def listed(root: Path) -> list[str]:
    return [doc.rel for doc in scan(root)]


# -- scanning -------------------------------------------------------------------


def test_scan_lists_text_files_recursively(tmp_path):
    for name in ["a.txt", "b.md", "c.markdown", "d.text", "e.TXT", "sub/f.txt", "sub/deeper/g.md", "README"]:
        write(tmp_path / name, f"text of {name}\n")
    assert listed(tmp_path) == [
        "a.txt",
        "b.md",
        "c.markdown",
        "d.text",
        "e.TXT",
        "README",
        "sub/deeper/g.md",
        "sub/f.txt",
    ]


def test_scan_skips_other_suffixes(tmp_path):
    write(tmp_path / "keep.txt", "text\n")
    write(tmp_path / "code.py", "print('text')\n")
    write(tmp_path / "image.png", PNG)
    assert listed(tmp_path) == ["keep.txt"]


def test_scan_skips_hidden_files_and_folders(tmp_path):
    write(tmp_path / "visible.txt", "text\n")
    write(tmp_path / ".hidden.txt", "text\n")
    write(tmp_path / ".git" / "notes.txt", "text\n")
    write(tmp_path / "sub" / ".cache" / "page.md", "text\n")
    assert listed(tmp_path) == ["visible.txt"]


def test_scan_skips_the_annotations_folder(tmp_path):
    write(tmp_path / "doc.txt", "text\n")
    write(tmp_path / "annotations" / "doc.txt", "not a document\n")
    write(tmp_path / "sub" / "annotations" / "doc.md", "not a document\n")
    assert listed(tmp_path) == ["doc.txt"]


def test_scan_skips_extensionless_binary_files(tmp_path):
    write(tmp_path / "notes", "an extension-less text file\n")
    write(tmp_path / "program", ELF)
    write(tmp_path / "picture", PNG)
    assert listed(tmp_path) == ["notes"]


def test_scan_lists_extensionless_utf16_text(tmp_path):
    write(tmp_path / "notes", codecs.BOM_UTF16_LE + "Some notes\n".encode("utf-16-le"))
    assert listed(tmp_path) == ["notes"]


def test_scan_orders_numbers_naturally(tmp_path):
    for name in ["file10.txt", "file2.txt", "File1.txt", "ch10/a.txt", "ch9/a.txt"]:
        write(tmp_path / name, "text\n")
    assert listed(tmp_path) == ["ch9/a.txt", "ch10/a.txt", "File1.txt", "file2.txt", "file10.txt"]


def test_scan_lists_a_name_with_a_digit_that_is_not_a_number(tmp_path):
    # "²" is a digit to str.isdigit() but not to int() nor to \d.
    for name in ["a1²2.txt", "a1.txt"]:
        write(tmp_path / name, "text\n")
    assert listed(tmp_path) == ["a1.txt", "a1²2.txt"]


# -- documents that cannot be read ------------------------------------------------


@pytest.mark.parametrize("data", [PNG, b"\x00\x01\x02\x03" * 64], ids=["png", "nul-bytes"])
def test_binary_data_in_a_txt_file_is_listed_but_not_loaded(tmp_path, data):
    write(tmp_path / "fake.txt", data)
    (doc,) = scan(tmp_path)
    assert doc.rel == "fake.txt"
    with pytest.raises(DocumentError, match="fake.txt is not text"):
        load(doc)


def test_binary_data_in_a_txt_file_is_described_as_binary(tmp_path):
    write(tmp_path / "fake.txt", PNG)
    (doc,) = scan(tmp_path)
    describe(doc)
    assert doc.problem == "binary"
    assert doc.words is None


def test_empty_file_loads_as_empty_text(tmp_path):
    write(tmp_path / "empty.txt", b"")
    (doc,) = scan(tmp_path)
    assert load(doc).text == ""
    describe(doc)
    assert (doc.problem, doc.title, doc.words) == (None, "empty.txt", 0)


def test_broken_link_is_listed_and_not_loaded(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (doc,) = scan(tmp_path)
    assert (doc.rel, doc.problem) == ("gone.txt", "broken link")
    with pytest.raises(DocumentError, match="does not exist"):
        load(doc)


def test_file_without_read_permission_is_listed_as_unreadable(tmp_path):
    path = write(tmp_path / "secret.txt", "secret text\n")
    path.chmod(0)
    try:
        (doc,) = scan(tmp_path)
        if os.access(path, os.R_OK):  # root reads anything: the file just works
            assert doc.problem is None
            assert load(doc).text == "secret text\n"
        else:
            assert doc.problem.startswith("unreadable")
            with pytest.raises(DocumentError, match="secret.txt"):
                load(doc)
    finally:
        path.chmod(0o644)


def test_file_removed_after_scan_gives_a_clear_error(tmp_path):
    path = write(tmp_path / "doc.txt", "text\n")
    (doc,) = scan(tmp_path)
    path.unlink()
    with pytest.raises(DocumentError, match="doc.txt is gone"):
        load(doc)


# -- opening a corpus -------------------------------------------------------------


def test_open_corpus_on_a_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_corpus(tmp_path / "nowhere")


def test_open_corpus_on_one_file_gives_a_single_file_corpus(tmp_path):
    path = write(tmp_path / "sub" / "only.md", "# Only\n")
    write(tmp_path / "sub" / "sibling.md", "# Sibling\n")
    corpus = open_corpus(path)
    assert corpus.single_file
    assert corpus.root == path.parent
    assert [doc.rel for doc in corpus.documents] == ["only.md"]
    assert load(corpus.documents[0]).text == "Only\n"  # rendered: the heading without its #


def test_open_corpus_on_a_folder_scans_it(tmp_path):
    write(tmp_path / "a.txt", "a\n")
    write(tmp_path / "b" / "c.md", "c\n")
    corpus = open_corpus(tmp_path)
    assert not corpus.single_file
    assert [doc.rel for doc in corpus.documents] == ["a.txt", "b/c.md"]


# -- titles -------------------------------------------------------------------


def test_front_matter_title_wins(tmp_path):
    shutil.copyfile(SEEDS / "004_fb88cd4e1ca0a06e.txt", tmp_path / "004.txt")
    (doc,) = open_corpus(tmp_path / "004.txt").documents
    describe(doc)
    assert doc.title == "USChina trade relations and rare earth dependencies"


def test_quoted_front_matter_title_is_unquoted(described):
    assert described('---\ntitle: "A quoted title"\n---\n# Heading\n', "a.md").title == "A quoted title"


def test_title_is_first_line_with_a_letter_or_digit(described):
    doc = described("\n\n   \n---\n***\n___\n...\n\n  Chapter One: the start  \nmore\n")
    assert doc.title == "Chapter One: the start"


def test_title_strips_markdown_heading_marks(described):
    assert described("\n## The *real* heading\nbody\n", "a.md").title == "The *real* heading"


def test_title_after_front_matter_without_title_is_the_first_body_line(described):
    assert described("---\nvideoId: abc\n---\n\n# Body heading\n", "a.md").title == "Body heading"


def test_title_falls_back_to_the_file_name(described):
    assert described("...\n---\n* * *\n\n", "only-punctuation.txt").title == "only-punctuation.txt"


def test_title_is_a_number_if_that_comes_first(described):
    assert described("\n2024\nReport\n").title == "2024"


def test_title_with_control_characters_is_shown_safely(described):
    title = described("\x1b]0;pwned\x07Real\x1b[2J title\n").title
    assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in title)
    assert "]0;pwned" in title and "Real" in title and "[2J title" in title


def test_front_matter_title_with_control_characters_is_shown_safely(described):
    title = described("---\ntitle: Bad\x1b[31m title\x07\n---\nbody\n").title
    assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in title)
    assert "[31m title" in title


def test_title_with_markup_stays_literal(described):
    assert described("[bold]x[/bold] and [link=x]y[/link]\n").title == "[bold]x[/bold] and [link=x]y[/link]"


def test_long_title_is_shortened_at_a_word(described):
    title = described(" ".join(["word"] * 40) + "\n").title
    assert len(title) <= 81 and title.endswith("word…")


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("editions/pride-and-prejudice-2015.txt", "Pride and Prejudice, by Jane Austen"),  # ASCII, "EBook", CRLF
        ("editions/pride-and-prejudice-2018.txt", "Pride and Prejudice, by Jane Austen"),  # UTF-8 with a BOM
    ],
)
def test_a_gutenberg_book_is_titled_by_its_header(tmp_path, name, title):
    book = SHARED / "corpora" / name
    shutil.copyfile(book, tmp_path / book.name)
    (doc,) = scan(tmp_path)
    describe(doc)
    assert doc.title == title


GUTENBERG_2021 = (
    "The Project Gutenberg eBook of Moby Dick; Or, The Whale, by Herman Melville\r\n\r\n"
    "This eBook is for the use of anyone anywhere in the United States and\r\n"
    "most other parts of the world at no cost and with almost no restrictions\r\n\r\n"
    "Title: Moby Dick; Or, The Whale\r\n\r\nAuthor: Herman Melville\r\n\r\n"
    "Release Date: June, 2001 [eBook #2701]\r\n\r\n"
    "*** START OF THE PROJECT GUTENBERG EBOOK MOBY DICK; OR, THE WHALE ***\r\n\r\n"
    "Title: not this one\r\n"
)


def test_a_new_style_gutenberg_header_with_crlf(described):
    assert described(GUTENBERG_2021).title == "Moby Dick; Or, The Whale, by Herman Melville"


def test_a_gutenberg_title_over_two_lines_and_no_author(described):
    header = (
        "The Project Gutenberg EBook of Alice's Adventures in Wonderland\n\n"
        "Title: Alice's Adventures in Wonderland\n       Illustrated by Arthur Rackham\n\n"
        "Release Date: May, 2009\n"
    )
    assert described(header).title == "Alice's Adventures in Wonderland Illustrated by Arthur Rackham"


def test_a_latin1_gutenberg_header(described):
    header = "The Project Gutenberg EBook of Niebla\r\n\r\nTitle: Niebla (Nivola)\r\n\r\nAuthor: Miguel de Unamuno\r\n"
    text = header + "Capítulo I. Al aparecer Augusto a la puerta de su casa...\r\n" * 50
    assert described(text.encode("latin-1")).title == "Niebla (Nivola), by Miguel de Unamuno"


def test_a_gutenberg_book_without_a_title_field_is_titled_by_its_first_line(described):
    text = "Project Gutenberg's The Time Machine, by H. G. Wells\n\nThis eBook is for the use of anyone\n"
    assert described(text).title == "The Time Machine, by H. G. Wells"


def test_a_line_about_project_gutenberg_is_not_a_gutenberg_header(described):
    assert described("Project Gutenberg turns fifty\n\nTitle: a field of the text\n").title == (
        "Project Gutenberg turns fifty"
    )


@pytest.mark.parametrize(
    "labels",
    ["评价: 推荐\n", "Date: 2021-01-01\n", "tags: a, b\nsource: https://example.com\n", "评价：推荐\n"],
)
def test_label_lines_are_not_titles(described, labels):
    assert described(f"\n{labels}The first real line\nbody\n").title == "The first real line"


def test_the_seed_with_a_label_line_is_titled_by_its_first_paragraph(tmp_path):
    shutil.copyfile(SEEDS / "003_66d8e60a35b94f19.txt", tmp_path / "003.txt")
    (doc,) = scan(tmp_path)
    describe(doc)
    assert doc.title.startswith("As China prepares to select taikonauts") and doc.title.endswith("landing…")


def test_a_title_label_line_gives_the_title(described):
    assert described("Date: 2021-01-01\nTitle: Minutes of the meeting\n\nWe met.\n").title == "Minutes of the meeting"


def test_a_title_with_a_colon_after_two_words_is_a_title(described):
    assert described("Star Wars: A New Hope\n\nA long time ago\n").title == "Star Wars: A New Hope"


def test_a_document_of_label_lines_only_is_titled_by_the_first(described):
    assert described("Date: 2021-01-01\ntags: a, b\n").title == "Date: 2021-01-01"


# -- word counts ----------------------------------------------------------------


def test_word_count_of_ascii_text(described):
    assert described("one two  three\n\nfour\tfive\n").words == 5


def test_word_count_counts_each_cjk_character(described):
    assert described("中文测试 and 日本語\n").words == 4 + 1 + 3


@pytest.mark.parametrize("line_end", ["\n", " "], ids=["many-lines", "one-line"])
def test_word_count_of_a_file_larger_than_a_mebibyte(tmp_path, described, line_end):
    # Words of 1 to 10 letters, so that chunk boundaries fall inside words.
    words = [("abcdefghij"[: 1 + i % 10]) for i in range(60_000)]
    lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    text = line_end.join(lines * 9)
    assert len(text) > 3 << 20
    doc = described(text, "big.txt")
    assert doc.problem is None
    assert doc.words == len(text.split())


# Each script written without spaces, at both ends of its block, and the
# characters just outside them; Latin with accents and curly quotes; spaces.
CJK_EDGES = "\u3040\u30ff\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\uac00\ud7af"
NEAR_CJK = "\u303f\u3100\u33ff\u4dc0\ua000\uabff\ud7b0\ufb00"


@given(st.text(alphabet="ab\u00e9\u2019 \u3000\n" + CJK_EDGES + NEAR_CJK, max_size=60))
def test_words_are_runs_of_non_space_and_each_cjk_character_alone(text: str) -> None:
    expected, in_word = 0, False
    for ch in text:
        if ch in CJK_EDGES:
            expected, in_word = expected + 1, False
        elif ch.isspace():
            in_word = False
        elif not in_word:
            expected, in_word = expected + 1, True
    assert count_words(text) == expected
    # Cut anywhere, the pieces count as the whole.
    for cut in range(len(text) + 1):
        assert count_words_in([text[:cut], text[cut:]]) == expected


def test_word_count_of_a_large_cjk_file_without_spaces(described):
    text = "汉字测试中文文本" * 300_000  # one 7 MB line, cut mid-character by any chunking
    doc = described(text, "cjk.txt")
    assert doc.words == len(text)
    assert doc.title.startswith("汉字测试中文文本")


def test_large_utf16_file_is_described(described):
    text = "Title line\n" + "some words here\n" * 10_000
    doc = described(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "wide.txt")
    assert doc.problem is None
    assert doc.title == "Title line"
    assert doc.words == len(text.split())


def test_large_latin1_book_is_described(tmp_path):
    book = Path("/work/shared/corpora/books/don-quijote-latin1.txt")
    shutil.copyfile(book, tmp_path / book.name)
    (doc,) = scan(tmp_path)
    describe(doc)
    assert doc.problem is None
    assert doc.title == "Don Quijote, by Miguel de Cervantes Saavedra"  # its header's Title: and Author:
    assert doc.words == len(load(doc).text.split())


def test_the_head_of_a_large_document_is_a_prefix_of_its_reading_text(tmp_path: Path) -> None:
    seed = (SEEDS / "000_730c42d09e53c65d.txt").read_bytes().replace(b"\n", b"\r\n")
    path = write(tmp_path / "big.txt", seed * (2 * HEAD // len(seed) + 1))
    doc = single_document(path)
    head = load_head(doc)
    whole = load(doc)
    assert head is not None and len(head.text) > HEAD // 2
    assert whole.text.startswith(head.text)
    assert "ā€" not in head.text and "\r" not in head.text


def test_no_head_for_a_small_or_utf16_document(tmp_path: Path) -> None:
    assert load_head(single_document(write(tmp_path / "small.txt", "short\n"))) is None
    utf16 = ("line of text\n" * HEAD).encode("utf-16")
    assert load_head(single_document(write(tmp_path / "wide.txt", utf16))) is None


def test_a_long_cjk_title_is_cut_by_terminal_cells(described) -> None:
    from rich.cells import cell_len

    doc = described("中文字符测试这是一个很长的句子没有空格" * 10 + "\n")
    assert doc.title.endswith("…")
    assert cell_len(doc.title) <= 80


def test_rendered_markdown_is_kept_until_its_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# One\n\nfirst *text*\n", "utf-8")
    (doc,) = open_corpus(tmp_path).documents
    first = load(doc)
    assert first.text == "One\n\nfirst text\n"
    assert load(doc) is first  # not rendered again
    path.write_text("# Two\n\nsecond text, longer\n", "utf-8")
    assert load(doc).text == "Two\n\nsecond text, longer\n"


def test_special_files_are_listed_and_never_opened(tmp_path: Path) -> None:
    import os

    from reader.core.library.corpus import DocumentError, describe, load, open_corpus

    (tmp_path / "a.txt").write_text("text\n", "utf-8")
    os.mkfifo(tmp_path / "fifo.txt")  # opening it would block until a writer came
    os.symlink("/dev/zero", tmp_path / "zero.txt")  # reading it would never end
    os.mkfifo(tmp_path / "nosuffix")
    corpus = open_corpus(tmp_path)
    problems = {d.rel: d.problem for d in corpus.documents}
    assert problems == {"a.txt": None, "fifo.txt": "not a file (a FIFO)", "zero.txt": "not a file (a device)"}
    for doc in corpus.documents[1:]:
        describe(doc)
        with pytest.raises(DocumentError, match="not a file"):
            load(doc)
