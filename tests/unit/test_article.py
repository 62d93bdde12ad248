"""A saved web page read for its article (core/text/article.py): its text,
metadata and charset, on the shared benchmark pages and on hostile ones."""

from __future__ import annotations

import codecs
import json
import re
import shutil
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.text import article
from reader.core.text.article import Article, PageTooLarge, extract_article
from reader.core.text.decoding import make_printable
from reader.core.text.html import render_html
from tests.conftest import SHARED

PAGES = SHARED / "corpora" / "html"

STORY = [
    "The harbour town woke early on the morning the ferries came back to the island after the storm.",
    "Fishermen mended their nets along the quay while the baker handed out bread to the children of the crews.",
    "By noon the first boat had crossed the strait, carrying the mail, two tractors and a choir from the mainland.",
    "The mayor said the village had never waited so long for the sea to calm, not in forty winters of keeping records.",
    "In the evening the choir sang in the church, and the whole town came to listen, even those who never go there.",
]


def article_text(article: Article) -> str:
    """What the reader shows of a page: its article rendered, or its plain text."""
    return render_html(article.body).text if article.body is not None else article.plain_text


def page(body: str, head: str = "") -> str:
    """An article page: a header, a menu and a footer around `body`."""
    return (
        f"<!DOCTYPE html><html><head>{head}<title>Ferries return</title></head><body>"
        "<header><nav><ul><li><a href='/'>Home page of the Gazette</a></li>"
        "<li><a href='/sport'>Sport and leisure news</a></li></ul></nav></header>"
        f"<main><article><h1>Ferries return</h1>{body}</article></main>"
        "<footer><p>Copyright the Island Gazette, all rights reserved, privacy policy and cookies.</p></footer>"
        "</body></html>"
    )


def story(*extra: str) -> str:
    return "".join(f"<p>{sentence}</p>" for sentence in [*STORY, *extra])


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    for path in PAGES.iterdir():
        shutil.copy(path, folder / path.name)
    return folder


def read(pages: Path, name: str) -> article.Article:
    return extract_article((pages / f"{name}.html").read_bytes())


# -- the shared pages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "author", "date"),
    [
        ("04a6711caa7c6875", "Opinion | Republicans Are Following Trump to Nowhere", "Jamelle Bouie", "2019-11-19"),
        ("05844573ca7e1fba", "New SUVs and electric vehicles highlight L.A. Auto Show", "Tom Krisher", "2019-11-20"),
        (
            "08f793762792bd25",
            "Browns player on Mason Rudolph's role in fight with Myles Garrett: He asked for it",
            "Bryan DeArdo",
            "2019-11-19",
        ),
    ],
)
def test_a_shared_page_names_its_title_byline_and_date(
    pages: Path, name: str, title: str, author: str, date: str
) -> None:
    found = read(pages, name)
    assert (found.title, found.date) == (title, date)
    assert author in found.author
    assert found.encoding == "utf-8"
    assert found.url.startswith("https://")


@pytest.mark.parametrize(
    ("name", "boilerplate"),
    [
        ("05844573ca7e1fba", ["Advertise with Us", "Privacy Notice", "Careers with Us"]),
        ("0d46122928b6f468", ["Subscribe to SN NOW", "Hometown Hockey"]),
        ("1ee91d1fce65e09b", ["Skip to main content", "About this project"]),
    ],
)
def test_a_shared_page_reads_as_its_article_without_menus_or_footers(
    pages: Path, name: str, boilerplate: list[str]
) -> None:
    truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))[name]["articleBody"]
    html = (pages / f"{name}.html").read_text(encoding="utf-8")
    text = article_text(read(pages, name))
    paragraphs = [line for line in truth.splitlines() if line.strip()]
    assert words(paragraphs[0]) in words(text)
    assert words(paragraphs[-1]) in words(text)
    for line in boilerplate:
        assert line in html and line not in truth
        assert line not in text


def test_an_article_keeps_its_structure_as_simple_html() -> None:
    body = (
        story()
        + "<h2>What the mayor said</h2>"
        + "<blockquote><p>We waited forty winters for a calm like this one, and the sea gave it back to us today.</p>"
        + "</blockquote><ol><li>The mail came first, as it always does on this island.</li>"
        + "<li>Then the tractors, which the farms had waited for since the autumn.</li></ol>"
        + "<p>Read the <a href='/archive/1987'>story of the great storm</a> and <em>weep</em>"
        + " for the <strong>old harbour</strong> that it took away.</p>"
        + "<table><tr><th>Boat</th><th>Crossing</th></tr><tr><td>Morning Star</td><td>40 minutes</td></tr></table>"
    )
    found = extract_article(page(body).encode())
    assert found.body is not None
    tags = {element.tag for element in found.body.iter()}
    assert {"h2", "blockquote", "ol", "li", "a", "i", "strong", "table", "td"} <= tags
    # Links keep their href as written: no page URL makes them absolute.
    assert [a.get("href") for a in found.body.iter("a")] == ["/archive/1987"]
    text = article_text(found)
    assert "What the mayor said\n\n│ We waited forty winters" in text  # a heading, then the quote with its bar
    assert "1. The mail came first" in text and "2. Then the tractors" in text
    assert "Boat │ Crossing\nMorning Star │ 40 minutes" in text
    assert "Home page of the Gazette" not in text and "Copyright" not in text


# -- charsets -----------------------------------------------------------------

WESTERN = "Le café de la place, où l’on sert « la bière » — et l’été, des crêpes. "
JAPANESE = "港町の朝は早い。嵐の後、フェリーが島に戻ってきた。漁師たちは岸壁で網を繕っていた。"


def test_the_charset_of_a_meta_is_the_one_read(tmp_path: Path) -> None:
    path = tmp_path / "cafe.html"
    path.write_bytes(page(story(WESTERN * 3), '<meta charset="windows-1252">').encode("cp1252"))
    found = extract_article(path.read_bytes())
    assert found.encoding == "cp1252"
    assert WESTERN.strip() in article_text(found)


def test_an_http_equiv_content_type_names_the_charset(tmp_path: Path) -> None:
    path = tmp_path / "japan.html"
    head = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    path.write_bytes(page(story(JAPANESE * 4), head).encode("shift_jis"))
    found = extract_article(path.read_bytes())
    assert found.encoding == "cp932"  # the encoding standard's Shift_JIS
    assert JAPANESE in article_text(found)


def test_meta_charset_wins_over_http_equiv_and_a_bom_over_both() -> None:
    both = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><meta charset="Shift_JIS">'
    data = page(story(JAPANESE), both).encode("shift_jis")
    assert extract_article(data).encoding == "cp932"
    bommed = extract_article(codecs.BOM_UTF8 + page(story(WESTERN), both).encode("utf-8"))
    assert bommed.encoding == "utf-8 (BOM)"
    assert WESTERN.strip() in article_text(bommed)


def test_a_utf16_page_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.html"
    path.write_bytes(codecs.BOM_UTF16_LE + page(story(JAPANESE * 2)).encode("utf-16-le"))
    found = extract_article(path.read_bytes())
    assert found.encoding == "utf-16-le (BOM)"
    assert JAPANESE in article_text(found)


def test_a_page_that_names_no_charset_is_utf8_or_guessed() -> None:
    assert extract_article(page(story(WESTERN)).encode("utf-8")).encoding == "utf-8"
    guessed = extract_article(page(story(WESTERN * 4)).encode("cp1252"))
    assert guessed.encoding == "cp1252"
    assert WESTERN.strip() in article_text(guessed)
    unknown = extract_article(page(story(WESTERN), '<meta charset="no-such-charset">').encode("utf-8"))
    assert unknown.encoding == "utf-8"


# -- pages that fight back ------------------------------------------------------


def test_a_deeply_nested_page_shows_all_its_text_as_plain_text() -> None:
    data = page("<div>" * 5000 + story() + "</div>" * 5000 + "<p>The last words after the nesting.</p>").encode()
    found = extract_article(data)
    assert found.body is None
    assert "nested over 255 levels" in found.note
    text = article_text(found)
    assert all(sentence in text for sentence in STORY)
    assert "The last words after the nesting." in text


def test_a_page_of_too_many_elements_is_shown_as_plain_text() -> None:
    data = page(story() + "<div></div>" * (article.MAX_ARTICLE_ELEMENTS + 1)).encode()
    found = extract_article(data)
    assert found.body is None and "elements" in found.note and "plain text" in found.note
    assert all(sentence in found.plain_text for sentence in STORY)


def test_a_huge_page_is_refused_in_one_line() -> None:
    with pytest.raises(PageTooLarge, match="bytes reader reads"):
        extract_article(b"<html><body>" + b"x" * article.MAX_PAGE_BYTES)
    with pytest.raises(PageTooLarge, match="tags"):
        extract_article(b"<html><body>" + b"<div>" * (article.MAX_PAGE_TAGS + 1))


def test_links_keep_their_href_as_given_for_the_link_rule_to_judge() -> None:
    body = story(
        "Read <a href='javascript:alert(document.cookie)'>the harbour master's notice</a> before you board.",
        "Or the <a href='file:///etc/passwd'>ferry timetable</a> and <a href='java&#10;script:x'>the tide tables</a>.",
        "Or <a href='-oProxyCommand=evil'>the weather</a> for the crossing.",
    )
    found = extract_article(page(body).encode())
    assert found.body is not None
    hrefs = [a.get("href") for a in found.body.iter("a")]
    assert hrefs == ["javascript:alert(document.cookie)", "file:///etc/passwd", "java\nscript:x", "-oProxyCommand=evil"]


def test_markup_and_control_characters_in_a_page_stay_text() -> None:
    hostile = "[bold]loud[/bold] \x1b]52;c;aGVsbG8=\x07 \x1b[2J \x9b31m and then the harbour"
    found = extract_article(page(story(hostile)).encode())
    text = make_printable(article_text(found))
    assert "[bold]loud[/bold]" in text
    assert not any(ch < " " and ch != "\n" or "\x7f" <= ch <= "\x9f" for ch in text)
    assert "and then the harbour" in text


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch, pages: Path) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    head = (
        "<link rel='canonical' href='https://example.org/ferries'><meta property='og:image' content='https://x/y.jpg'>"
    )
    assert extract_article(page(story(), head).encode()).url == "https://example.org/ferries"
    assert read(pages, "16c30add7e96315e").body is not None


def test_a_page_without_an_article_shows_its_text() -> None:
    found = extract_article(b"<html><body><script>var x = '<p>not text</p>';</script><p>Hi.</p></body></html>")
    assert article_text(found).strip() == "Hi."
    assert "not text" not in article_text(found)


PIECES = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<a href='x'>",
        "</a>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<b>",
        "<table><tr><td>",
        "&amp;",
        "&#0;",
        "<",
        ">",
        "\x1b",
        "word ",
        *STORY,
    ]
)


@settings(max_examples=60)
@given(st.lists(PIECES, max_size=60))
def test_any_tag_soup_gives_an_article_or_its_plain_text(pieces: list[str]) -> None:
    found = extract_article(page("".join(pieces)).encode())
    text = article_text(found)
    assert (found.body is None) == bool(found.note)
    assert "\n\n\n" not in text and not text.startswith("\n")  # paragraphs apart, no runs of blank lines
