"""(X)HTML element tree -> reading text + Markup, as markdown.py renders Markdown.

What a reader sees of a page: headings on their own lines, emphasis, lists
with bullets or numbers, block quotes behind the Markdown renderer's bar,
tables as rows of cells, images as their alt text, MathML as its alt text,
annotation or symbols; scripts, styles and hidden elements go. Every piece
of text is made printable on its way in, so nothing in a book can drive the
terminal. Each element's id is kept with the offset where its text starts,
so links to `#id` (or `chapter2.xhtml#id`, across the chapters of an EPUB)
can be followed.

The tree is walked with an explicit stack, never by recursion: a page of
100,000 nested <div>s renders in linear time like any other.
"""

from __future__ import annotations

import html.entities
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from .decoding import make_printable
from .links import has_controls, openable
from .markdown import QUOTE_BAR, RULE
from .reading import Heading, Link, Markup

CELL_SEPARATOR = " │ "
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
MATHML = "{http://www.w3.org/1998/Math/MathML}"

# Newlines an element wants around it: 2 a paragraph break, 1 a line of its own.
_BREAKS = {
    **dict.fromkeys(
        "p h1 h2 h3 h4 h5 h6 ul ol dl blockquote pre table figure section article aside header footer nav main"
        " address details hgroup fieldset form center hr body".split(),
        2,
    ),
    **dict.fromkeys("div li dt dd tr caption figcaption summary legend".split(), 1),
}
_SKIPPED = {"script", "style", "head", "template", "noscript", "iframe", "object", "embed", "video", "audio", "canvas"}
_INLINE_STYLES = {
    "b": "strong",
    "strong": "strong",
    "th": "strong",
    "i": "em",
    "em": "em",
    "cite": "em",
    "dfn": "em",
    "var": "em",
    "caption": "em",
    "figcaption": "em",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "pre": "code",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
}
_FOOTNOTE_TYPES = {"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"}
_FOOTNOTE_ROLES = {"doc-footnote", "doc-endnote", "doc-endnotes"}
_SPACES = re.compile(r"[ \t\n\r\f]+")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)
# Alt text some converters write on every formula: the formula itself says more.
_NO_ALT = re.compile(r"not available|^\W*$", re.I)


@dataclass
class Rendered:
    text: str
    markup: Markup
    ids: dict[str, int] = field(default_factory=dict)  # element id -> offset of its text


def render_html(root, base_url: str = "") -> Rendered:
    """One (X)HTML document: links to its own ids go there; a relative link
    elsewhere is made absolute on `base_url` when that is a web address."""
    writer = HtmlWriter()
    writer.chapter(root, "")
    ids = {key: offset for (name, key), offset in writer.ids.items() if name == "" and key}

    def resolve(href: str, chapter: str) -> Link | None:
        parts = urlsplit(href)
        if not parts.scheme and not parts.netloc and not parts.path and parts.fragment in ids:
            return Link(0, 0, "", target=ids[parts.fragment])
        absolute = urljoin(base_url, href) if base_url.startswith(("http://", "https://")) else href
        return external_link(absolute)

    text, markup = writer.finish(resolve)
    return Rendered(text, markup, ids)


def external_link(href: str) -> Link | None:
    """A link to the web or mail: only an address the opener may be handed
    (links.openable) is kept."""
    href = href.strip()  # as a browser reads an href
    return Link(0, 0, href) if openable(href) else None


def resolve_relative(chapter: str, href: str) -> tuple[str, str] | None:
    """The (path, fragment) inside the book a relative href of `chapter` names."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = (
        posixpath.normpath(posixpath.join(posixpath.dirname(chapter), unquote(parts.path))) if parts.path else chapter
    )
    return path.lstrip("/"), unquote(parts.fragment)


class _Frame:
    """An open element, and what closing it must undo."""

    __slots__ = ("tag", "start", "styles", "close_break", "pops", "heading", "first_part", "href", "after")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.start: int | None = None  # where its first text went, once written
        self.styles: tuple[str, ...] = ()
        self.close_break = 0
        self.pops = ""  # "c" a container, "l" a list, "r" a table row, "x" a cell, "p" pre
        self.heading = 0
        self.first_part = 0
        self.href: str | None = None
        self.after = ""  # written as it closes (a quotation's closing mark)


class HtmlWriter:
    """Writes (X)HTML documents one after another into one reading text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.styles: list[tuple[int, int, str]] = []
        self.headings: list[Heading] = []
        self.ids: dict[tuple[str, str], int] = {}  # (chapter, id) -> offset; id "" is the chapter's start
        self.raw_links: list[tuple[int, int, str, str]] = []  # start, end, href, chapter
        self.active: dict[str, int] = {}  # style -> how many open elements give it
        self.containers: list[list] = []  # ["quote"] or ["item", marker, used]
        self.lists: list[list] = []  # [next number or None]
        self.rows: list[list[bool]] = []  # per open table row: whether a cell was begun
        self.waiting: list[_Frame | tuple[str, str]] = []  # want the offset of the next text
        self.want_break = 0
        self.space = False
        self.fresh = True  # at the start of a line (after its prefix)
        self.pre = 0
        self.cells = 0
        self.chapter_name = ""

    # -- writing ---------------------------------------------------------------------

    def _emit(self, text: str, *styles: str) -> None:
        self.parts.append(text)
        start, self.pos = self.pos, self.pos + len(text)
        for style in styles:
            self.styles.append((start, self.pos, style))

    def _prefix(self) -> None:
        for container in self.containers:
            if container[0] == "quote":
                self._emit(QUOTE_BAR, "marker")
            elif container[2]:
                self._emit(" " * len(container[1]))
            else:
                container[2] = True
                self._emit(container[1], "marker")

    def _flush(self) -> None:
        if self.want_break:
            if self.pos:
                self._emit("\n" * self.want_break)
            self.want_break = 0
            self._prefix()
            self.fresh = True
        elif self.space and not self.fresh:
            self._emit(" ")
        self.space = False

    def write(self, text: str, *styles: str) -> None:
        """Content: after any break or space waiting, with the open elements' styles."""
        if not text:
            return
        self._flush()
        for waiting in self.waiting:
            if isinstance(waiting, _Frame):
                waiting.start = self.pos
            else:
                self.ids.setdefault(waiting, self.pos)
        self.waiting.clear()
        self._emit(make_printable(unicodedata.normalize("NFC", text)), *self.active, *styles)
        self.fresh = False

    def text(self, text: str | None) -> None:
        if not text:
            return
        if self.pre:
            for n, line in enumerate(text.split("\n")):
                if n:
                    self._flush()
                    self._emit("\n")
                    self._prefix()
                    self.fresh = True
                self.write(line)
            return
        collapsed = _SPACES.sub(" ", text)
        if collapsed.startswith(" "):
            self.space = True
            collapsed = collapsed[1:]
        if not collapsed:
            return
        trailing = collapsed.endswith(" ")
        self.write(collapsed.rstrip(" "))
        self.space = trailing

    def request_break(self, newlines: int) -> None:
        if self.cells:
            self.space = True  # a cell's paragraphs stay on its row
        else:
            self.want_break = max(self.want_break, newlines)

    def line_break(self) -> None:
        if self.cells:
            self.space = True
        else:
            self.want_break = min(self.want_break + 1, 2)

    # -- documents -------------------------------------------------------------------

    def chapter(self, root, name: str) -> None:
        """Write one document, from its own paragraph; `name` is its path, for its ids."""
        self.chapter_name = name
        self.request_break(2)
        self.waiting.append((name, ""))
        stack: list[tuple[Any, _Frame | None]] = [(root, None)]
        while stack:
            el, frame = stack.pop()
            if frame is not None:
                self._close(frame)
                self.text(el.tail)
                continue
            opened = self._open(el)
            if opened is None:
                self.text(el.tail)
                continue
            stack.append((el, opened))
            if opened.tag not in ("img", "math", "svg", "br", "hr"):
                children = list(el)
                children.reverse()
                stack.extend((child, None) for child in children)
        for waiting in self.waiting:
            if not isinstance(waiting, _Frame):
                self.ids.setdefault(waiting, self.pos)
        self.waiting.clear()

    def finish(self, resolve: Callable[[str, str], Link | None]) -> tuple[str, Markup]:
        """The reading text and its Markup; `resolve` makes a Link (its span
        filled in here) of each href and the chapter it is in, or None where it
        leads nowhere reader opens. An href with a control character leads nowhere."""
        links = []
        for start, end, href, chapter in self.raw_links:
            link = None if has_controls(href) else resolve(href, chapter)
            if link is None:
                links.append(Link(start, end, "", label="a link reader does not open"))
            else:
                links.append(Link(start, end, link.url, link.label, target=link.target))
        text = "".join(self.parts) + "\n" if self.parts else ""
        headings = sorted(self.headings, key=lambda h: h.start)
        return text, Markup(self.styles, links, headings)

    # -- elements --------------------------------------------------------------------

    def _open(self, el) -> _Frame | None:
        tag = el.tag
        if not isinstance(tag, str):
            if tag is etree.Entity:
                self.write(_entity(el.text or ""))
            return None  # a comment or processing instruction: only its tail is text
        local = tag.rpartition("}")[2].lower()
        if local in _SKIPPED or (_hidden(el) and not _footnote(el)):
            return None
        frame = _Frame(local)
        element_id = el.get("id") or (el.get("name") if local == "a" else None)
        if element_id:
            self.waiting.append((self.chapter_name, element_id))
        newlines = _BREAKS.get(local, 0)
        if local in ("ul", "ol", "dl") and self.containers and self.containers[-1][0] == "item":
            newlines = 1  # a list nested in an item goes on from its line
        if local == "math" and el.get("display") == "block":
            newlines = 1
        if newlines:
            self.request_break(newlines)
            frame.close_break = newlines
        style = _INLINE_STYLES.get(local)
        if style:
            frame.styles = (style,)
        self._open_kind(el, local, frame)
        for style in frame.styles:
            self.active[style] = self.active.get(style, 0) + 1
        if local in ("img", "math", "svg"):
            self.write(_image_text(el) if local != "math" else math_text(el), "em")
        elif local == "br":
            self.line_break()
        elif local == "hr":
            self.write(RULE, "marker")
        else:
            text = el.text
            if local == "pre" and text and text.startswith("\n"):
                text = text[1:]  # as HTML drops a newline right after <pre>
            self.text(text)
        return frame

    def _open_kind(self, el, local: str, frame: _Frame) -> None:
        """What an element opens besides a break and a style."""
        if local in ("h1", "h2", "h3", "h4", "h5", "h6"):
            frame.heading = int(local[1])
            frame.styles = (local,)
            frame.first_part = len(self.parts)
            self.waiting.append(frame)
        elif local == "a" and el.get("href") is not None:
            frame.href = el.get("href").strip()
            frame.styles = ("link",)
            self.waiting.append(frame)
            if _noteref(el):
                self.write("[")
                frame.after = "]"
        elif local in ("ul", "ol"):
            number = None
            if local == "ol":
                start = el.get("start", "1").strip()
                number = int(start) if start.isdigit() and len(start) < 10 else 1
            self.lists.append([number])
            frame.pops = "l"
        elif local == "li":
            numbered = self.lists[-1] if self.lists else [None]
            marker = "• " if numbered[0] is None else f"{numbered[0]}. "
            if numbered[0] is not None:
                numbered[0] += 1
            self.containers.append(["item", marker, False])
            frame.pops = "c"
        elif local == "dd":
            self.containers.append(["item", "    ", False])
            frame.pops = "c"
        elif local == "blockquote":
            self.containers.append(["quote"])
            frame.pops = "c"
        elif local == "pre":
            self.pre += 1
            frame.pops = "p"
        elif local == "tr":
            self.rows.append([False])
            frame.pops = "r"
        elif local in ("td", "th"):
            if self.rows and self.rows[-1][0]:
                self.space = False  # the separator is the space between cells
                self.write(CELL_SEPARATOR, "marker")
            if self.rows:
                self.rows[-1][0] = True
            self.cells += 1
            frame.pops = "x"
        elif local == "q":
            self.write("“")
            frame.after = "”"

    def _close(self, frame: _Frame) -> None:
        for style in frame.styles:
            self.active[style] -= 1
            if not self.active[style]:
                del self.active[style]
        if frame.after:
            self.write(frame.after)
        if frame.heading and frame.start is not None:
            title = " ".join("".join(self.parts[frame.first_part :]).split())
            self.headings.append(Heading(frame.start, frame.heading, title))
        if frame.href is not None and frame.start is not None and self.pos > frame.start:
            self.raw_links.append((frame.start, self.pos, frame.href, self.chapter_name))
        pops = frame.pops
        if pops == "c":
            self.containers.pop()
        elif pops == "l":
            self.lists.pop()
        elif pops == "r":
            self.rows.pop()
        elif pops == "x":
            self.cells -= 1
        elif pops == "p":
            self.pre -= 1
        if frame.close_break:
            self.request_break(frame.close_break)


def _hidden(el) -> bool:
    return el.get("hidden") is not None or _DISPLAY_NONE.search(el.get("style") or "") is not None


def _epub_types(el) -> set[str]:
    return set((el.get(EPUB_TYPE) or el.get("epub:type") or "").split())


def _footnote(el) -> bool:
    """A note a reading system hides until its marker is followed: its text is kept."""
    return bool(_epub_types(el) & _FOOTNOTE_TYPES) or el.get("role") in _FOOTNOTE_ROLES


def _noteref(el) -> bool:
    return "noteref" in _epub_types(el) or el.get("role") == "doc-noteref"


def _entity(reference: str) -> str:
    """An entity reference left unexpanded (XML parsed without its DTD):
    HTML's named characters are known; any other shows as written."""
    name = reference.strip("&;")
    return html.entities.html5.get(name + ";", reference)


def _image_text(el) -> str:
    """[image: its alt text]; nothing for a decorative image (alt="")."""
    alt = el.get("alt")
    if alt is None:
        alt = el.get("aria-label") or el.get("title")
        if alt is None and el.tag.rpartition("}")[2].lower() == "svg":
            title = next((t for t in el.iter() if isinstance(t.tag, str) and t.tag.endswith("title")), None)
            alt = title.text if title is not None else None
        if alt is None:
            return "[image]"
    alt = " ".join(alt.split())
    return f"[image: {alt}]" if alt else ""


_MATH_TOKENS = {"mi", "mn", "mo", "mtext", "ms"}
# Where a child after the first is written after a mark: x_i, x^2, a/b.
_MATH_MARKS = {"msub": "_", "munder": "_", "msup": "^", "mover": "^", "mfrac": "/", "mroot": " root "}


def math_text(el) -> str:
    """A formula as a reader can read it: its alt text, else its annotation
    (often its TeX), else its symbols in order (x_i, [A]_ij, a/b)."""
    alt = (el.get("alttext") or "").strip()
    if alt and not _NO_ALT.search(alt):
        return " ".join(alt.split())
    for annotation in el.iter(MATHML + "annotation", "annotation"):
        if annotation.text and annotation.text.strip():
            return " ".join(annotation.text.split())
    out: list[str] = []
    stack: list[tuple[Any, str]] = [(el, "")]  # a node and what is written before it; None: a closing mark
    while stack:
        node, mark = stack.pop()
        out.append(mark)
        if node is None or not isinstance(node.tag, str):
            continue
        local = node.tag.rpartition("}")[2]
        if local in _MATH_TOKENS:
            out.append(node.text or "")
            continue
        if local in ("annotation", "annotation-xml"):
            continue
        if local == "mspace":
            out.append(" ")
        elif local == "mfenced":
            out.append(node.get("open", "("))
            stack.append((None, node.get("close", ")")))
        elif local == "msqrt":
            out.append("√(")
            stack.append((None, ")"))
        children = list(node)
        marks = ["_", "^"] if local == "msubsup" else [_MATH_MARKS.get(local, "")] * (len(children) - 1)
        for child, before in reversed(list(zip(children, ["", *marks]))):
            stack.append((child, before))
    return " ".join("".join(out).split())
