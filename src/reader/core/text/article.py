"""A saved web page's article: its main text as a small clean HTML fragment,
its metadata and the charset it was read in.

The article is found by trafilatura (its main extractor, checked against its
readability and jusText fallbacks); the page is decoded here, by the rules a
browser follows (BOM, then `<meta charset>`, then the http-equiv
Content-Type), and handed to it as a string. Nothing is ever fetched: links
keep their href as written, relative or not, and no URL is downloaded.

A page too big or too deeply nested for the extractor is given as its plain
text instead, with a note saying why: the extractor takes about 0.15 ms an
element and 1.6 s a million characters of text, and libxml2 keeps nothing
nested deeper than 255 levels. Bytes alone do not decide, so that a page
saved whole, its images inlined as data URIs, is still read for its article.
A page over MAX_PAGE_BYTES or MAX_PAGE_TAGS is refused.
"""

from __future__ import annotations

import codecs
import html
import re
from copy import copy
from dataclasses import dataclass

from lxml.etree import _Element, iterwalk
from lxml.html import HtmlElement

from .decoding import decode

# The extractor's budget, shared: a page of elements/MAX_ARTICLE_ELEMENTS +
# characters/MAX_ARTICLE_CHARS over 1 is shown as its plain text (either
# alone takes about 3 s to extract on a loaded 2-core machine).
MAX_ARTICLE_ELEMENTS = 20_000
MAX_ARTICLE_CHARS = 2 * 1024 * 1024  # of text outside scripts and styles
_MAX_TAGS = 8 * MAX_ARTICLE_ELEMENTS  # `<` in the page: bounds the parse, before it
# Above either of these, refused: the plain text takes about 1 s a million tags.
MAX_PAGE_BYTES = 32 * 1024 * 1024
MAX_PAGE_TAGS = 1_000_000
_PARSER_MAX_DEPTH = 255  # libxml2 keeps no element deeper than this (without XML_PARSE_HUGE)

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_PRESCAN = 64 * 1024  # where a charset declaration is looked for
_META_TAG = re.compile(rb"<meta\s[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([^\s"'>/=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_CONTENT_CHARSET = re.compile(rb"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# The encoding standard reads these labels as the wider code page browsers
# use, and a page declaring UTF-16 in ASCII bytes as UTF-8.
_LABEL_ALIASES = {
    **dict.fromkeys(("ascii", "latin_1"), "cp1252"),
    **dict.fromkeys(("utf_16", "utf_16_le", "utf_16_be", "cp65001"), "utf_8"),
    "iso8859_9": "cp1254",
    **dict.fromkeys(("iso8859_11", "tis_620"), "cp874"),
    "gb2312": "gbk",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}


class PageTooLarge(ValueError):
    """The page is over MAX_PAGE_BYTES or MAX_PAGE_TAGS: it is not read at all."""


@dataclass(frozen=True)
class Article:
    """What a page holds for a reader. `body` is the article as simple HTML
    (`<body>` with h1-h6, p, ul/ol/li, blockquote, pre, a href, i/strong/u/sub/sup,
    table/tr/td/th, br); None when the page is given as `plain_text`,
    and then `note` says why."""

    body: _Element | None
    encoding: str
    title: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    url: str = ""
    description: str = ""
    plain_text: str = ""
    note: str = ""


def extract_article(data: bytes) -> Article:
    """The article of a page's bytes, or its plain text with a note saying
    why; raises PageTooLarge (or BinaryFile, for bytes no charset reads)."""
    if len(data) > MAX_PAGE_BYTES:
        raise PageTooLarge(f"an HTML page of {len(data):,} bytes is over the {MAX_PAGE_BYTES:,} bytes reader reads")
    tags = data.count(b"<")
    if tags > MAX_PAGE_TAGS:
        raise PageTooLarge(f"an HTML page of {tags:,} tags is over the {MAX_PAGE_TAGS:,} reader reads")
    text, encoding = decode_page(data)
    if tags > _MAX_TAGS:
        return _plain(text, encoding, f"a page of over {_MAX_TAGS:,} tags is shown as plain text")
    from trafilatura.utils import load_html  # slow import, only for HTML pages

    tree = load_html(text)
    if tree is None:
        return _plain(text, encoding, "not an HTML page: shown as plain text")
    elements, depth, chars = _size_of(tree)
    if depth >= _PARSER_MAX_DEPTH:
        return _plain(text, encoding, f"a page nested over {_PARSER_MAX_DEPTH} levels deep is shown as plain text")
    if elements / MAX_ARTICLE_ELEMENTS + chars / MAX_ARTICLE_CHARS > 1:
        return _plain(
            text, encoding, f"a page this big ({elements:,} elements, {chars:,} characters) is shown as plain text"
        )
    return _article(tree, text, encoding)


def _article(tree: HtmlElement, text: str, encoding: str) -> Article:
    from trafilatura import bare_extraction
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Document

    # Metadata apart, so that the page's own URL never rewrites its links.
    meta = extract_metadata(copy(tree))
    # Precision mode, images left out: the best of trafilatura's settings on
    # the shared benchmark pages (bench/article_f1.py); images brought in logos
    # and slideshow captions, and a terminal shows an image as its alt text only.
    found = bare_extraction(
        tree,
        favor_precision=True,
        include_comments=False,
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_images=False,
        output_format="xml",
    )
    body = found.body if isinstance(found, Document) else None
    if body is None or not body.xpath("string()").strip():
        return _plain(text, encoding, "no article found: the page is shown as plain text")
    return Article(
        body=_to_html(body),
        encoding=encoding,
        title=meta.title or "",
        author=meta.author or "",
        date=meta.date or "",
        site=meta.sitename or "",
        url=meta.url or "",
        description=meta.description or "",
    )


def _size_of(tree: _Element) -> tuple[int, int, int]:
    """Elements, greatest depth and characters of text outside scripts and
    styles, in one pass (an XPath asking each text for its ancestors takes
    seconds on a big page)."""
    elements = depth = deepest = chars = hidden = 0
    for event, element in iterwalk(tree, events=("start", "end")):
        if event == "start":
            elements += 1
            depth += 1
            deepest = max(deepest, depth)
            hidden += element.tag in _HIDDEN_TAGS
            chars += 0 if hidden else len(element.text or "")
        else:
            depth -= 1
            hidden -= element.tag in _HIDDEN_TAGS
            chars += 0 if hidden else len(element.tail or "")
    return elements, deepest, chars


_HIDDEN_TAGS = frozenset(("script", "style"))


def _to_html(body: _Element) -> _Element:
    """trafilatura's XML as simple HTML (its `<body>`), an ordered list kept ordered."""
    from trafilatura.htmlprocessing import convert_to_html

    for listing in body.iter("list"):
        if listing.get("rend") == "ol":
            listing.tag = "ol"
            listing.attrib.clear()
    return convert_to_html(body)[0]


# -- charset ------------------------------------------------------------------


def decode_page(data: bytes) -> tuple[str, str]:
    """The page's text and the charset it was read in: a BOM, else the
    charset a meta declares, else UTF-8 if it is, else a guess (raising
    BinaryFile when no encoding reads it). A declared charset is trusted as
    browsers trust it: bytes it cannot read become U+FFFD."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), f"{codec} (BOM)"
    declared = declared_charset(data[:_PRESCAN])
    if declared:
        return data.decode(declared, errors="replace"), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _guess(data)


def declared_charset(head: bytes) -> str:
    """The Python codec a `<meta charset>` or, failing that, an http-equiv
    Content-Type meta names; "" when none names one Python knows."""
    metas = [_attributes(tag.group()) for tag in _META_TAG.finditer(head)]
    label = next((meta[b"charset"] for meta in metas if b"charset" in meta), b"")
    if not label:
        content_types = (
            meta.get(b"content", b"") for meta in metas if meta.get(b"http-equiv", b"").lower() == b"content-type"
        )
        label = next((found.group(1) for content in content_types if (found := _CONTENT_CHARSET.search(content))), b"")
    try:
        codec = codecs.lookup(label.decode("ascii").strip()).name.replace("-", "_") if label else ""
    except (LookupError, UnicodeDecodeError):
        return ""
    return _LABEL_ALIASES.get(codec, codec).replace("_", "-")


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return {name.lower(): value.strip(b"\"'").strip() for name, value in _ATTRIBUTE.findall(tag)}


def _guess(data: bytes) -> tuple[str, str]:
    """The reading text's own rule: charset-normalizer asked, but a Western
    code page wins where it is among its candidates (it ranks cp1250 first
    for much cp1252 text)."""
    reading = decode(data)
    return reading.text, reading.encoding


# -- text ---------------------------------------------------------------------

_BLOCKS = frozenset("body p div h1 h2 h3 h4 h5 h6 ul ol li blockquote pre table tr td th img br".split())


# -- the plain text of a page -------------------------------------------------

# Linear in the page's size whatever its nesting: an unclosed <script> ends
# the page instead of making every later match scan to its end.
_HIDDEN = re.compile(r"<(script|style|template|noscript|head)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|blockquote|pre|section|article|header|footer"
    r"|nav|aside|main|figure|figcaption|form|address|details|summary|title|body|html)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\f\v\r\u00a0]+")


def _plain(text: str, encoding: str, note: str) -> Article:
    return Article(body=None, encoding=encoding, plain_text=page_text(text), note=note)


def page_text(page: str) -> str:
    """Every visible word of a page, one paragraph a line, by tag patterns
    alone (no tree: for pages too big or deep for one)."""
    page = _COMMENT.sub("", page)
    page = _HIDDEN.sub("", page)
    page = _BLOCK_TAG.sub("\n", page)
    page = html.unescape(_TAG.sub("", page))
    return _tidy(page)


_LINE_BREAKS = re.compile(r" ?\n[ \n]*")


def _tidy(text: str) -> str:
    """White space runs made one space, a line a paragraph, no blank lines
    (in whole-text passes: a page may have millions of lines)."""
    return _LINE_BREAKS.sub("\n", _SPACES.sub(" ", text)).strip(" \n")
