"""EPUB books as reading texts: the shared IDPF samples, books made here, and
books made to fight back."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from reader.core.annotations.anchoring import State
from reader.core.annotations.model import make_annotation
from reader.core.annotations.placing import place
from reader.core.library.corpus import DocumentError, describe, load, open_corpus
from reader.core.text import epub
from reader.core.text.epub import EpubError, read_epub
from reader.core.text.html import CELL_SEPARATOR
from reader.core.text.reading import text_sha256

from ..conftest import SHARED

SAMPLES = SHARED / "corpora" / "epub"

CONTAINER = """<?xml version="1.0"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def chapter(body: str, title: str = "x") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"'
        f' xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{title}</title></head><body>{body}</body></html>'
    )


def make_epub(
    path: Path,
    chapters: dict[str, str],
    spine: list[str] | None = None,
    title: str = "A Made Book",
    author: str = "Ann Author",
    nav: list[tuple[str, str]] | None = None,
    extra: dict[str, bytes | str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A small EPUB 3: chapters (file name -> XHTML) in `spine` order, a nav
    document listing `nav` (title, href), and any `extra` members."""
    spine = spine if spine is not None else list(chapters)
    items = "".join(
        f'<item id="c{n}" href="{name}" media-type="application/xhtml+xml"/>' for n, name in enumerate(chapters)
    )
    refs = "".join(f'<itemref idref="c{list(chapters).index(name)}"/>' for name in spine)
    if nav is not None:
        items += '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    opf = (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
        f"<dc:creator>{author}</dc:creator><dc:language>fr</dc:language></metadata>"
        f"<manifest>{items}</manifest><spine>{refs}</spine></package>"
    )
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("OEBPS/content.opf", opf)
        for name, xhtml in chapters.items():
            z.writestr(f"OEBPS/{name}", xhtml)
        if nav is not None:
            entries = "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in nav)
            z.writestr("OEBPS/nav.xhtml", chapter(f'<nav epub:type="toc"><ol>{entries}</ol></nav>'))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    folder = tmp_path / "books"
    shutil.copytree(SAMPLES, folder)
    return folder


# -- the shared samples --------------------------------------------------------------


def test_the_waste_land_in_spine_order_with_its_contents_as_outline(samples):
    book = read_epub(samples / "wasteland.epub")
    assert book.title == "The Waste Land" and book.encoding == "EPUB 3"
    assert book.markup.metadata == {
        "title": "The Waste Land",
        "author": "T.S. Eliot",
        "language": "en-US",
        "format": "EPUB 3",
    }
    titles = [h.title for h in book.markup.headings]
    assert titles == [
        "I. THE BURIAL OF THE DEAD",
        "II. A GAME OF CHESS",
        "III. THE FIRE SERMON",
        "IV. DEATH BY WATER",
        "V. WHAT THE THUNDER SAID",
        'NOTES ON "THE WASTE LAND"',
    ]
    for heading in book.markup.headings:
        assert book.text[heading.start :].startswith(heading.title)
    assert book.text.index("April is the cruellest month") < book.text.index("Shantih shantih shantih")


def test_the_waste_lands_note_markers_link_to_their_notes(samples):
    book = read_epub(samples / "wasteland.epub")
    marker = next(link for link in book.markup.links if book.text[: link.start].endswith("Son of man,"))
    assert book.text[marker.start : marker.end] == "[*]" and marker.url == ""
    assert book.text[marker.target :].startswith("Line 20. Cf. Ezekiel 2:1.")
    assert all(link.target is not None for link in book.markup.links)


def test_childrens_literature_chapters_in_spine_order_and_its_authors(samples):
    book = read_epub(samples / "childrens-literature.epub")
    assert book.markup.metadata["author"] == "Charles Madison Curry and Erle Elsworth Clippinger"
    # cover, then the navigation document, then the stories
    assert book.text.startswith("[image: Cover Image]\n\nTHE CONTENTS")
    titles = [h.title for h in book.markup.headings]
    assert titles[:3] == ["SECTION IV FAIRY STORIES—MODERN FANTASTIC TALES", "BIBLIOGRAPHY", "INTRODUCTORY"]
    assert [h.level for h in book.markup.headings[:5]] == [1, 2, 2, 3, 4]


def test_an_accessible_books_images_read_as_their_alt_text(samples):
    book = read_epub(samples / "accessible_epub_3.epub")
    assert "[image: Cover art for EPUB 3 Best Practices, coming in 2012]" in book.text
    assert book.markup.metadata["author"] == "Matt Garrish"
    assert book.markup.headings[0].title == "Preface"
    external = [link.url for link in book.markup.links if link.url]
    assert "http://shop.oreilly.com/product/0636920024897.do" in external


def test_mathml_reads_as_its_symbols_where_its_alt_text_says_nothing(samples):
    book = read_epub(samples / "linear-algebra.epub")
    assert "Alternative text not available" not in book.text
    assert "MC [A]_ij \xa0\xa0Matrix Components" in book.text
    assert book.markup.metadata["title"] == "A First Course in Linear Algebra"


def test_the_library_lists_a_book_by_title_and_author_with_its_words(samples):
    corpus = open_corpus(samples)
    assert [d.rel for d in corpus.documents] == [
        "accessible_epub_3.epub",
        "childrens-literature.epub",
        "linear-algebra.epub",
        "wasteland.epub",
    ]
    waste = corpus.documents[3]
    describe(waste)
    assert waste.title == "The Waste Land, by T.S. Eliot" and waste.problem is None
    assert waste.words == len(load(waste).text.split())
    algebra = corpus.documents[2]
    describe(algebra)
    assert algebra.title == "A First Course in Linear Algebra, by Robert A. Beezer"  # its creator says "by …"


# -- books made here -----------------------------------------------------------------


def test_links_between_chapters_go_to_offsets_and_only_web_links_keep_an_address(tmp_path):
    book = read_epub(
        make_epub(
            tmp_path / "b.epub",
            {
                "one.xhtml": chapter(
                    '<h1>One</h1><p>See <a href="two.xhtml#there">there</a>, <a href="two.xhtml">two</a>,'
                    ' <a href="https://example.org/">web</a>, <a href="javascript:alert(1)">js</a>,'
                    ' <a href="file:///etc/passwd">file</a>, <a href="data:text/html,x">data</a>.</p>'
                ),
                "two.xhtml": chapter('<h1>Two</h1><p>Start.</p><p id="there">Here it is.</p>'),
            },
        )
    )
    links = {book.text[link.start : link.end]: link for link in book.markup.links}
    assert book.text[links["there"].target :].startswith("Here it is.")
    assert book.text[links["two"].target :].startswith("Two\n\nStart.")
    assert links["web"].url == "https://example.org/" and links["web"].target is None
    assert all(links[name].url == "" and links[name].target is None for name in ("js", "file", "data"))


def test_without_a_table_of_contents_the_chapters_headings_are_the_outline(tmp_path):
    book = read_epub(
        make_epub(
            tmp_path / "b.epub",
            {"a.xhtml": chapter("<h1>First</h1><p>a</p>"), "b.xhtml": chapter("<h2>Second</h2><p>b</p>")},
        )
    )
    assert [(h.level, h.title) for h in book.markup.headings] == [(1, "First"), (2, "Second")]
    assert book.text == "First\n\na\n\nSecond\n\nb\n"


def test_the_nav_documents_titles_are_the_outline(tmp_path):
    book = read_epub(
        make_epub(
            tmp_path / "b.epub",
            {"a.xhtml": chapter("<p>a</p>"), "b.xhtml": chapter('<p>b</p><p id="x">c</p>')},
            nav=[("Chapter A", "a.xhtml"), ("Part of B", "b.xhtml#x")],
        )
    )
    assert [(h.title, book.text[h.start]) for h in book.markup.headings] == [("Chapter A", "a"), ("Part of B", "c")]
    assert book.markup.metadata["language"] == "fr"


def test_a_table_reads_as_rows(tmp_path):
    table = "<table><tr><th>Name</th><th>Size</th></tr><tr><td>apple</td><td>3</td></tr></table>"
    book = read_epub(make_epub(tmp_path / "b.epub", {"a.xhtml": chapter(table)}))
    assert book.text == f"Name{CELL_SEPARATOR}Size\napple{CELL_SEPARATOR}3\n"


# -- books that fight back -----------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_refused_in_one_line(tmp_path):
    fake = tmp_path / "fake.epub"
    fake.write_text("just text")
    corpus = open_corpus(tmp_path)
    with pytest.raises(DocumentError, match=r"^fake.epub: not an EPUB: it is not a zip file\.$"):
        load(corpus.documents[0])
    describe(corpus.documents[0])
    assert corpus.documents[0].problem == "broken EPUB"


def test_a_zip_without_container_or_package_is_refused(tmp_path):
    bare = tmp_path / "bare.epub"
    with zipfile.ZipFile(bare, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
    with pytest.raises(EpubError, match="no META-INF/container.xml"):
        read_epub(bare)
    with zipfile.ZipFile(bare, "a") as z:
        z.writestr("META-INF/container.xml", CONTAINER)
    with pytest.raises(EpubError, match=r"no package file \(OEBPS/content.opf\)"):
        read_epub(bare)


def test_a_chapter_missing_from_the_zip_is_left_out_and_said(tmp_path):
    path = make_epub(tmp_path / "b.epub", {"a.xhtml": chapter("<p>kept</p>"), "b.xhtml": chapter("<p>gone</p>")})
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist() if name != "OEBPS/b.xhtml"}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    book = read_epub(path)
    assert book.text == "kept\n" and book.repairs == ["OEBPS/b.xhtml is missing from the book: left out"]


def test_a_drm_protected_book_is_refused_but_font_obfuscation_is_not(tmp_path):
    def encryption(algorithm: str) -> str:
        return (
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"'
            ' xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            f'<enc:EncryptionMethod Algorithm="{algorithm}"/><enc:CipherData>'
            '<enc:CipherReference URI="OEBPS/a.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>'
        )

    locked = tmp_path / "locked.epub"
    make_epub(
        locked,
        {"a.xhtml": chapter("<p>x</p>")},
        extra={"META-INF/encryption.xml": encryption("http://www.w3.org/2001/04/xmlenc#aes128-cbc")},
    )
    with pytest.raises(EpubError, match="DRM-protected") as refused:
        read_epub(locked)
    assert refused.value.problem == "DRM"
    fonts = make_epub(
        tmp_path / "fonts.epub",
        {"a.xhtml": chapter("<p>x</p>")},
        extra={"META-INF/encryption.xml": encryption("http://www.idpf.org/2008/embedding")},
    )
    assert read_epub(fonts).text == "x\n"
    doc = open_corpus(locked).documents[0]
    describe(doc)
    assert doc.problem == "DRM"


def test_a_zip_bomb_is_refused_by_its_ratio_and_by_its_total(tmp_path, monkeypatch):
    bomb = make_epub(
        tmp_path / "bomb.epub", {"a.xhtml": chapter("<p>x</p>")}, extra={"OEBPS/zeros.bin": bytes(8 << 20)}
    )
    with pytest.raises(EpubError, match="zip bomb") as refused:
        read_epub(bomb)
    assert refused.value.problem == "zip bomb" and "OEBPS/zeros.bin unpacks" in str(refused.value)
    monkeypatch.setattr(epub, "MAX_UNPACKED", 1024)
    big = make_epub(tmp_path / "big.epub", {"a.xhtml": chapter("<p>" + "word " * 400 + "</p>")})
    with pytest.raises(EpubError, match="unpacks to over"):
        read_epub(big)


def test_an_entity_bomb_is_refused_or_read_without_expanding(tmp_path):
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{laughs}]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>before &lol9; after</p></body></html>'
    )
    book = read_epub(make_epub(tmp_path / "lol.epub", {"a.xhtml": page}))
    assert "lollollol" not in book.text and len(book.text) < 1000
    external = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>a &secret; b</p></body></html>'
    )
    assert "root:" not in read_epub(make_epub(tmp_path / "xxe.epub", {"a.xhtml": external})).text


def test_a_hundred_thousand_nested_divs_show_their_text(tmp_path):
    deep = chapter("<div>" * 100_000 + "deep down" + "</div>" * 100_000 + "<p>and after</p>")
    # Stored: deflated, its 1 MB of repeated tags would pass for a zip bomb.
    chapters = {"a.xhtml": deep, "b.xhtml": chapter("<p>next</p>")}
    book = read_epub(make_epub(tmp_path / "deep.epub", chapters, compression=zipfile.ZIP_STORED))
    assert "deep down" in book.text and "and after" in book.text and book.text.endswith("next\n")
    assert book.repairs == ["OEBPS/a.xhtml nests elements over 256 deep: shown as plain text"]


def test_nothing_in_a_chapter_or_the_title_can_drive_the_terminal(tmp_path):
    hostile = "[bold]x\x1b]52;c;aGk=\x07 \x1b[2J y\x00z"
    book = read_epub(
        make_epub(tmp_path / "h.epub", {"a.xhtml": chapter(f"<p>{hostile}</p>")}, title="[bold]Title\u009b2J")
    )
    assert "[bold]x␛]52;c;aGk=␇ ␛[2J y" in book.text
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in book.text)
    assert book.title.startswith("[bold]Title") and "\u009b" not in book.title
    assert book.repairs == ["OEBPS/a.xhtml is not well-formed XHTML: read as HTML"]
    # An escape in the package file makes it XML no parser reads: refused, in one printable line.
    with pytest.raises(EpubError) as refused:
        read_epub(make_epub(tmp_path / "t.epub", {"a.xhtml": chapter("<p>x</p>")}, title="T\x1b]52;c;aGk=\x07"))
    assert "\x1b" not in str(refused.value) and "\n" not in str(refused.value)


# -- annotations across editions -------------------------------------------------------


def _edition(source: Path, target: Path, edit=None, spine=None) -> Path:
    """A copy of a shared book with one chapter's bytes edited or its spine reordered."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if edit is not None and info.filename == edit[0]:
                data = edit[1](data)
            if spine is not None and info.filename == "EPUB/package.opf":
                data = spine(data)
            out.writestr(info, data)
    return target


def test_a_highlight_follows_to_an_edited_and_a_reordered_edition(samples, tmp_path):
    first_path = samples / "accessible_epub_3.epub"
    first = read_epub(first_path)
    quote = "creating accessible EPUB 3 publications is not a costly proposition"
    start = first.text.index(quote)
    near_edit = make_annotation(first.text, start, start + len(quote), "yellow")
    later_quote = "Reflowable web content is the direction publishing is heading in"
    later = first.text.index(later_quote)
    moved = make_annotation(first.text, later, later + len(later_quote), "green")

    edited = read_epub(
        _edition(
            first_path,
            tmp_path / "edited.epub",
            edit=("EPUB/ch04.xhtml", lambda b: b.replace(b"My point, however, is only", b"My point, in the end, is")),
        )
    )
    ref = b'<itemref idref="id-id2645682"/>'  # ch04, moved before chapter 1
    reordered = read_epub(
        _edition(
            first_path,
            tmp_path / "reordered.epub",
            spine=lambda b: b.replace(ref, b"").replace(
                b'<itemref idref="id-id2632344"/>', ref + b'<itemref idref="id-id2632344"/>'
            ),
        )
    )
    assert edited.text != first.text and reordered.text != first.text
    assert reordered.text.index(quote) < reordered.text.index("Accessibility is a")  # the preface
    for edition in (edited, reordered):
        placed = place([near_edit, moved], text_sha256(first.text), edition)
        for note, words in ((near_edit, quote), (moved, later_quote)):
            found = placed.states[note.id]
            assert found.state in (State.EXACT, State.MOVED), found
            assert edition.text[found.start : found.end] == words


def test_the_index_reads_a_book_as_the_app_does(samples):
    from reader.core.index.building import prepare

    ready = prepare(samples / "wasteland.epub", "wasteland.epub", None, annotated=False)
    text = read_epub(samples / "wasteland.epub").text
    assert ready.problem is None and ready.title == "The Waste Land, by T.S. Eliot"
    assert ready.encoding == "EPUB 3" and ready.words == len(text.split())
    assert any("April is the cruellest month" in passage for _, _, passage in ready.passages)
    fake = samples / "fake.epub"
    fake.write_bytes(b"PK\x03\x04 not really")
    assert prepare(fake, "fake.epub", None, annotated=False).problem == "broken EPUB"


def test_right_to_left_and_vertical_books_read_in_their_own_order(tmp_path):
    """The text is kept in logical order (the terminal lays out each line's
    direction): an Arabic chapter marked dir="rtl" and a Japanese one set
    vertically (writing-mode: vertical-rl) read their words whole."""
    arabic = "<p dir='rtl'>في البدء كان الكلمة، والكلمة كانت عند الله.</p>"
    japanese = "<p style='writing-mode: vertical-rl'>吾輩は猫である。名前はまだ無い。</p>"
    book = make_epub(
        tmp_path / "both.epub",
        {"ar.xhtml": chapter(arabic, "ar"), "ja.xhtml": chapter(japanese, "ja")},
    )
    text = read_epub(book).text
    assert "في البدء كان الكلمة، والكلمة كانت عند الله." in text
    assert "吾輩は猫である。名前はまだ無い。" in text
    assert text.index("في البدء") < text.index("吾輩")  # spine order
