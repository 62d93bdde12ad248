"""A saved web page in the library: its article is the reading text, its
title and byline name it, and a page too big to read is marked, not opened."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reader.core.library.corpus import DocumentError, describe, load, open_corpus
from reader.core.text.article import MAX_PAGE_BYTES
from reader.core.text.page import read_page

from ..conftest import SHARED

PAGES = SHARED / "corpora" / "html"
TRUTH = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
DAVIS_CUP = "0d46122928b6f468"


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in (DAVIS_CUP, "0dd1357045727799"):
        shutil.copy(PAGES / f"{name}.html", folder / f"{name}.html")
    return folder


def test_a_page_in_the_library_is_read_for_its_article_and_named_by_its_title(pages: Path) -> None:
    corpus = open_corpus(pages)
    doc = next(d for d in corpus.documents if d.rel == f"{DAVIS_CUP}.html")
    describe(doc)
    assert doc.title == "Nadal keeps Spain alive against Russia in Davis Cup Finals, by Associated Press"
    reading = load(doc)
    truth = TRUTH[DAVIS_CUP]["articleBody"]
    first, last = truth.split("\n")[0], truth.strip().split("\n")[-1]
    assert words(first) in words(reading.text) and words(last) in words(reading.text)
    assert reading.markup is not None
    assert reading.markup.metadata["date"] == "2019-11-19"
    assert reading.markup.metadata["format"] == "HTML, its article"
    assert reading.encoding == "utf-8"


def test_a_page_over_the_limit_is_marked_and_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "huge.html").write_bytes(b"<p>" + b"x" * MAX_PAGE_BYTES + b"</p>")
    doc = open_corpus(folder).documents[0]
    with pytest.raises(DocumentError, match="over the") as refused:
        load(doc)
    assert refused.value.problem == "page too large"
    describe(doc)
    assert doc.problem == "page too large"


def test_links_of_a_page_reach_the_opener_only_for_the_web_and_mail() -> None:
    story = "".join(
        f"<p>Paragraph {i} of the story of the harbour, told at length so that it reads as an article.</p>"
        for i in range(12)
    )
    page = (
        "<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>"
        f"{story}<p>See <a href='https://example.org/a'>the web</a>, <a href='javascript:alert(1)'>a script</a>,"
        " <a href='file:///etc/passwd'>a file</a> and <a href='mailto:ed@example.org'>the editor</a>.</p>"
        "</article></body></html>"
    )
    reading = read_page(page.encode())
    assert reading.markup is not None
    urls = {reading.text[link.start : link.end]: link.url for link in reading.markup.links}
    assert urls["the web"] == "https://example.org/a" and urls["the editor"] == "mailto:ed@example.org"
    assert not urls.get("a script") and not urls.get("a file")


def test_a_page_s_escapes_and_markup_reach_the_text_as_symbols() -> None:
    story = "".join(
        f"<p>Paragraph {i}: the harbour town woke early on the morning of the ferries.</p>" for i in range(12)
    )
    hostile = "<p>\x1b[2J[bold]end[/x]\x9b</p>"
    title = "<title>[bold]x\x1b]0;owned\x07</title>"
    page = f"<html><head>{title}</head><body><article>{story}{hostile}</article></body></html>"
    reading = read_page(page.encode())
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", reading.text + reading.title)
    assert "[bold]end[/x]" in reading.text  # shown as typed, never read as markup (the UI's shown() does that)
