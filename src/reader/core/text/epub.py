"""An EPUB 2 or 3 book -> one reading text.

The zip's container names the package (OPF); its spine gives the chapters
in reading order, each rendered by html.py into one text, a chapter from its
own paragraph. The table of contents (the EPUB 3 navigation document, else
the EPUB 2 NCX) is the outline, at the offsets its links point to; links
between chapters become links to offsets of the text. The package's title,
creators and language are the metadata.

A book is data from elsewhere, and a zip and XML can be turned against
whoever opens them: members are read only up to the limits below, whatever
their headers claim; XML is parsed without a DTD, network or entity
expansion; an encrypted (DRM) book is refused rather than shown as noise.
Each refusal is an EpubError with one line saying why.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from .decoding import printable_line
from .html import HtmlWriter, external_link, resolve_relative
from .reading import ConversionError, Heading, Link, ReadingText

MAX_UNPACKED = 512 * 1024 * 1024  # bytes the whole book may unpack to
MAX_RATIO = 100  # unpacked / packed, for a member over RATIO_FROM: more is a zip bomb
RATIO_FROM = 1024 * 1024
MAX_MEMBERS = 50_000  # files in the zip
MAX_DEPTH = 256  # elements nested deeper than libxml2 parses (without its "huge" mode)

CONTAINER = "META-INF/container.xml"
ENCRYPTION = "META-INF/encryption.xml"
# Font obfuscation (IDPF, Adobe) is listed in encryption.xml but is not DRM: the text is clear.
FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
HTML_TYPES = {"application/xhtml+xml", "text/html", "application/xml", "text/xml"}

_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
_XHTML = "{http://www.w3.org/1999/xhtml}"
_ENC = "{http://www.w3.org/2001/04/xmlenc#}"
_CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_TAG = re.compile(rb"<[^>]*>")
_BLOCK_END = re.compile(rb"</(?:p|div|h[1-6]|li|tr|blockquote|section|pre)\s*>|<br\s*/?>", re.I)


class EpubError(ConversionError):
    """A book that cannot be read."""

    def __init__(self, message: str, problem: str = "broken EPUB") -> None:
        super().__init__(message, problem)


def xml_parser() -> etree.XMLParser:
    """No DTD, no network, no entity expansion, no "huge" mode: an entity
    bomb is refused by libxml2's amplification limit or left unexpanded."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
    )


@dataclass
class _Item:
    path: str  # inside the zip
    media_type: str
    properties: set[str]


def read_epub(source: str | Path | IO[bytes]) -> ReadingText:
    """The reading text of a book, or EpubError saying why not."""
    try:
        book = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise EpubError("not an EPUB: it is not a zip file") from None
    with book:
        return _Book(book).read()


class _Book:
    def __init__(self, book: zipfile.ZipFile) -> None:
        self.zip = book
        infos = book.infolist()
        if len(infos) > MAX_MEMBERS:
            raise EpubError(f"refused: {len(infos):,} files in the zip (at most {MAX_MEMBERS:,})", "zip bomb")
        self.members = {info.filename: info for info in infos}
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED:
            raise EpubError(f"refused: it unpacks to over {MAX_UNPACKED >> 20} MiB (a zip bomb?)", "zip bomb")
        for info in infos:
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise EpubError(
                    f"refused: {printable_line(info.filename)} unpacks {info.file_size // max(info.compress_size, 1):,}"
                    f" times its size (a zip bomb?)",
                    "zip bomb",
                )
        self.budget = MAX_UNPACKED  # what reading may still unpack, whatever the headers said
        self.repairs: list[str] = []

    # -- members -----------------------------------------------------------------------

    def bytes_of(self, path: str) -> bytes | None:
        """A member's bytes, None when the zip lacks it; reading stops at the budget."""
        info = self.members.get(path)
        if info is None:
            return None
        try:
            with self.zip.open(info) as f:
                data = f.read(self.budget + 1)
        except zipfile.BadZipFile as err:
            raise EpubError(f"its file {printable_line(path)} is damaged ({err})") from None
        except (NotImplementedError, RuntimeError) as err:  # an unknown compression, a password
            raise EpubError(f"its file {printable_line(path)} cannot be unpacked ({err})") from None
        if len(data) > self.budget:
            raise EpubError(f"refused: it unpacks to over {MAX_UNPACKED >> 20} MiB (a zip bomb?)", "zip bomb")
        self.budget -= len(data)
        return data

    def xml_of(self, path: str, what: str) -> Any:
        data = self.bytes_of(path)
        if data is None:
            raise EpubError(f"not an EPUB: it has no {what} ({printable_line(path)})")
        try:
            return etree.fromstring(data, xml_parser())
        except etree.XMLSyntaxError as err:
            raise EpubError(f"its {what} does not parse: {printable_line(str(err))}") from None

    # -- the package -------------------------------------------------------------------

    def read(self) -> ReadingText:
        self.refuse_drm()
        container = self.xml_of(CONTAINER, "META-INF/container.xml")
        rootfile = next(container.iter(_CONTAINER_NS + "rootfile", "rootfile"), None)
        opf_path = (rootfile.get("full-path") or "").strip() if rootfile is not None else ""
        if not opf_path:
            raise EpubError("not an EPUB: its container.xml names no package file")
        opf = self.xml_of(opf_path, "package file")
        version = (opf.get("version") or "2.0").strip()
        manifest = self.manifest(opf, posixpath.dirname(opf_path))
        spine = self.spine(opf, manifest)
        writer = HtmlWriter()
        starts: list[int] = []
        for item in spine:
            root = self.chapter(item)
            if root is not None:
                starts.append(writer.pos)
                writer.chapter(root, item.path)
        if not starts:
            raise EpubError("its spine names no chapter the book holds")
        text, markup = writer.finish(partial(_resolve, writer.ids))
        toc = self.toc(opf, manifest, writer.ids)
        if toc:
            markup.headings = toc
        metadata = self.metadata(opf)
        markup.metadata = {**metadata, "format": f"EPUB {version.split('.')[0]}"}
        return ReadingText(text, f"EPUB {version.split('.')[0]}", self.repairs, markup, title=metadata.get("title", ""))

    def refuse_drm(self) -> None:
        if ENCRYPTION not in self.members:
            return
        try:
            root = etree.fromstring(self.bytes_of(ENCRYPTION) or b"", xml_parser())
        except etree.XMLSyntaxError:
            raise EpubError("its META-INF/encryption.xml does not parse: it may be DRM-protected", "DRM") from None
        for method in root.iter(_ENC + "EncryptionMethod"):
            if (method.get("Algorithm") or "").strip() not in FONT_OBFUSCATION:
                raise EpubError("it is DRM-protected (its content is encrypted): reader cannot show it", "DRM")

    def manifest(self, opf: Any, base: str) -> dict[str, _Item]:
        items = {}
        for el in opf.iter(_OPF + "item"):
            href, item_id = el.get("href"), el.get("id")
            if href is None or item_id is None:
                continue
            path = posixpath.normpath(posixpath.join(base, unquote(urlsplit(href).path))).lstrip("/")
            items[item_id] = _Item(
                path, (el.get("media-type") or "").strip(), set((el.get("properties") or "").split())
            )
        return items

    def spine(self, opf: Any, manifest: dict[str, _Item]) -> list[_Item]:
        chapters = []
        for ref in opf.iter(_OPF + "itemref"):
            item = manifest.get(ref.get("idref") or "")
            if item is None:
                self.repairs.append(f"the spine names {printable_line(ref.get('idref') or '')}, not in the manifest")
            elif item.media_type in HTML_TYPES:
                chapters.append(item)
        return chapters

    def chapter(self, item: _Item) -> Any:
        """A chapter's element tree; None (and a repair said) when it is missing."""
        data = self.bytes_of(item.path)
        name = printable_line(item.path)
        if data is None:
            self.repairs.append(f"{name} is missing from the book: left out")
            return None
        try:
            return etree.fromstring(data, xml_parser())
        except etree.XMLSyntaxError as err:
            if "depth" in str(err).lower():
                self.repairs.append(f"{name} nests elements over {MAX_DEPTH} deep: shown as plain text")
                return _plain(data)
            self.repairs.append(f"{name} is not well-formed XHTML: read as HTML")
        import lxml.html

        parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True)
        try:
            return lxml.html.document_fromstring(data, parser=parser)
        except (etree.ParserError, ValueError):
            self.repairs.append(f"{name} holds no text reader can read: left out")
            return None

    # -- what the package says ---------------------------------------------------------

    def metadata(self, opf: Any) -> dict[str, str]:
        def first(tag: str) -> str:
            el = next(opf.iter(_DC + tag), None)
            return " ".join((el.text or "").split()) if el is not None else ""

        creators = [" ".join((el.text or "").split()) for el in opf.iter(_DC + "creator")]
        creators = [c for c in creators if c]
        author = " and ".join(creators) if len(creators) <= 2 else ", ".join(creators[:-1]) + " and " + creators[-1]
        found = {"title": first("title"), "author": author, "language": first("language")}
        return {key: printable_line(value) for key, value in found.items() if value}

    def toc(self, opf: Any, manifest: dict[str, _Item], ids: dict[tuple[str, str], int]) -> list[Heading]:
        """The table of contents at the offsets its entries point to."""
        nav = next((item for item in manifest.values() if "nav" in item.properties), None)
        entries = self.nav_entries(nav.path) if nav is not None else []
        if not entries:
            spine = opf.find(_OPF + "spine")
            ncx = manifest.get(spine.get("toc") or "") if spine is not None else None
            ncx = ncx or next((i for i in manifest.values() if i.media_type == "application/x-dtbncx+xml"), None)
            entries = self.ncx_entries(ncx.path) if ncx is not None else []
        headings = []
        for level, title, place in entries:
            offset = _offset(ids, place)
            if offset is not None and title:
                headings.append(Heading(offset, min(level, 6), title))
        headings.sort(key=lambda h: h.start)
        return headings

    def nav_entries(self, path: str) -> list[tuple[int, str, tuple[str, str]]]:
        try:
            root = self.xml_of(path, "navigation document")
        except EpubError as err:
            self.repairs.append(f"table of contents not read: {err}")
            return []
        navs = list(root.iter(_XHTML + "nav", "nav"))
        toc = next((n for n in navs if "toc" in (n.get("{http://www.idpf.org/2007/ops}type") or "").split()), None)
        if toc is None:
            return []
        entries = []
        stack: list[tuple[Any, int]] = [(toc, 0)]
        while stack:  # depth first, in document order; a list (ol) inside an entry is one level down
            el, level = stack.pop()
            local = el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""
            if local == "li":
                level += 1
                anchor = next(
                    (c for c in el if isinstance(c.tag, str) and c.tag.rpartition("}")[2] in ("a", "span")), None
                )
                href = anchor.get("href") if anchor is not None else None
                if href:
                    place = resolve_relative(path, href.strip())
                    if place is not None:
                        entries.append((level, _label(anchor), place))
            children = [c for c in el if isinstance(c.tag, str) and c.tag.rpartition("}")[2] in ("ol", "ul", "li")]
            stack.extend((child, level) for child in reversed(children))
        return entries

    def ncx_entries(self, path: str) -> list[tuple[int, str, tuple[str, str]]]:
        try:
            root = self.xml_of(path, "NCX table of contents")
        except EpubError as err:
            self.repairs.append(f"table of contents not read: {err}")
            return []
        nav_map = root.find(_NCX + "navMap")
        if nav_map is None:
            return []
        entries = []
        stack: list[tuple[Any, int]] = [(point, 1) for point in reversed(nav_map.findall(_NCX + "navPoint"))]
        while stack:
            point, level = stack.pop()
            label = point.find(f"{_NCX}navLabel/{_NCX}text")
            content = point.find(_NCX + "content")
            src = content.get("src") if content is not None else None
            if src:
                place = resolve_relative(path, src.strip())
                if place is not None:
                    entries.append((level, _label(label) if label is not None else "", place))
            stack.extend((child, level + 1) for child in reversed(point.findall(_NCX + "navPoint")))
        return entries


def _offset(ids: dict[tuple[str, str], int], place: tuple[str, str]) -> int | None:
    path, fragment = place
    return ids.get((path, fragment)) if fragment and (path, fragment) in ids else ids.get((path, ""))


def _label(el: Any) -> str:
    return printable_line(" ".join("".join(el.itertext()).split()))


def _resolve(ids: dict[tuple[str, str], int], href: str, chapter: str) -> Link | None:
    """A link to a place in the book (an offset), else to the web or mail."""
    place = resolve_relative(chapter, href)
    target = _offset(ids, place) if place is not None else None
    return Link(0, 0, "", target=target) if target is not None else external_link(href)


def _plain(data: bytes) -> Any:
    """A chapter nested too deep for the parser, as its text alone (tags
    dropped, a paragraph per block's end), in a tree html.py renders."""
    root = etree.Element("body")
    for block in _BLOCK_END.split(data):
        text = html.unescape(_TAG.sub(b"", block).decode("utf-8", "replace"))
        if text.strip():
            etree.SubElement(root, "p").text = text
    return root
