"""Markdown, front matter and HTML noise -> reading text + styles.

A Markdown document is read as a reader sees it: the front matter becomes
metadata, the syntax is hidden (its effect kept as named styles over spans
of the reading text), wiki links show their label (and are links to the
document they name) and HTML tags go, their text kept. The rendered text
is the reading text: every annotation offset, search hit and reading
position refers to it. markdown-it-py (which Rich already depends on) does
the parsing: CommonMark has too many corner cases (nesting, escapes,
entities, lazy lines) to get right with regexes.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

from .decoding import make_printable
from .reading import Heading, Link, Markup, ReadingText, text_sha256

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
# markdown-it-py renders about 2 MB a second: past this a document is shown
# as it is written rather than keep the reader waiting.
RENDER_MAX = 8 * 1024 * 1024

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SCALAR = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_ATX = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_INLINE_SYNTAX = re.compile(r"\*\*\S|\[[^\]\n]+\]\([^)\s]+\)|\[\[[^\]\n]+\]\]|^```|^[-*] \S", re.M)
_WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\s*\|\s*([^\[\]\n]+?))?\s*\]\]")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)([^>]*)>", re.S)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ANY_TAG = re.compile(r"<!--.*?-->|<[/!?]?[A-Za-z][^>]*>", re.S)

QUOTE_BAR = "│ "
RULE = "─" * 24


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """YAML front matter's top-level scalars, and where the body starts.

    Only `key: value` lines are read (quotes removed); that is all a title
    or a video id needs, and it keeps a YAML parser out of the dependencies.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, 0
    fields = {}
    for line in match.group(1).split("\n"):
        scalar = _SCALAR.match(line)
        if scalar:
            key, value = scalar.groups()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            fields[key] = value
    return fields, match.end()


def is_markdown(rel: str, text: str) -> bool:
    """By extension, or by content: front matter, or headings together with
    other Markdown syntax (a `.txt` export of a notes vault)."""
    if PurePosixPath(rel).suffix.lower() in MARKDOWN_SUFFIXES:
        return True
    head = text[: 64 * 1024]
    if _FRONT_MATTER.match(head):
        return True
    return len(_ATX.findall(head)) >= 2 and _INLINE_SYNTAX.search(head) is not None


def render(reading: ReadingText) -> ReadingText:
    """The reading text of a Markdown document, with its Markup."""
    fields, body = front_matter(reading.text)
    tokens = _parser().parse(reading.text[body:])
    out = _Renderer(fields)
    out.blocks(tokens)
    markup = Markup(out.styles, out.links, out.headings, fields, text_sha256(reading.text), len(reading.text), body)
    return replace(
        reading, text="".join(out.parts) + "\n", markup=markup, title=make_printable(fields.get("title", ""))
    )


_EDGE_TAG_START = re.compile(r"\A[^<]*?>")  # a quote that starts inside a tag
_EDGE_TAG_END = re.compile(r"<[^>]*\Z")
_EDGE_WIKI_START = re.compile(r"\A[^\[\]]*?\|\s*(?=[^\[\]]*\]\])")  # inside a wiki link's target
_EDGE_WIKI_END = re.compile(r"\[\[[^\]|]*(?:\|\s*)?(?=[^\]]*\Z)")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_HEADING_MARK = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?", re.M)
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+", re.M)
_EMPHASIS = re.compile(r"\*\*|__|~~|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def shown(source: str) -> str:
    """A piece of Markdown source (maybe cut anywhere) as it reads rendered:
    an approximation of render() for quotes and their context."""
    s = _EDGE_TAG_END.sub("", _EDGE_TAG_START.sub("", source))
    s = _ANY_TAG.sub("", s)
    s = _WIKI_LINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), s)
    s = _EDGE_WIKI_END.sub("", _EDGE_WIKI_START.sub("", s)).replace("]]", "").replace("[[", "")
    s = _MD_LINK.sub(r"\1", s)
    s = _HEADING_MARK.sub("", s)
    s = _QUOTE_MARK.sub(QUOTE_BAR, s)
    s = _BULLET.sub(r"\1• ", s)
    s = _EMPHASIS.sub("", s)
    return make_printable(html.unescape(s))


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt  # imported on first use: start-up stays lean

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


class Timestamps:
    """Reads the `data-t` stamps of one document as seconds into its video.

    The podcast wikis these notes come from write "02:27:00" for 2 min 27 s
    and "01:19:30" for 1 h 19 min 30 s in the same page: below the hour the
    fields are minutes, seconds and a zero. So a stamp ending in ":00" is
    read as minutes first when its first field is more hours than the
    document's other stamps reach (or, with no other stamps, more than 9).
    """

    def __init__(self, stamps: list[str]) -> None:
        fields = [f for f in map(_fields, stamps) if f and len(f) == 3]
        hours = [f[0] for f in fields if f[2]]
        self.hours = max(hours) if hours else (9 if fields else 0)

    def seconds(self, stamp: str) -> int | None:
        f = _fields(stamp)
        if f is None:
            return None
        if len(f) == 2:
            return f[0] * 60 + f[1]
        if f[2] == 0 and f[0] > self.hours:
            return f[0] * 60 + f[1]
        return f[0] * 3600 + f[1] * 60 + f[2]


def _fields(stamp: str) -> list[int] | None:
    parts = stamp.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() and len(p) <= 3 for p in parts):
        return None
    return [int(p) for p in parts]


class _Renderer:
    """Walks markdown-it's tokens, writing the reading text piece by piece."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.styles: list[tuple[int, int, str]] = []
        self.links: list[Link] = []
        self.headings: list[Heading] = []
        self.video = fields.get("videoId", "")
        self.stamps = Timestamps([])
        self.containers: list[list] = []  # ["quote"] or ["item", marker, used]
        self.lists: list[list] = []  # [tight, next number or None]
        self.blank_before = False

    # -- writing ---------------------------------------------------------------

    def write(self, text: str, *styles: str) -> None:
        if not text:
            return
        text = make_printable(text)
        self.parts.append(text)
        start, self.pos = self.pos, self.pos + len(text)
        for style in styles:
            self.styles.append((start, self.pos, style))

    def prefix(self) -> None:
        """The start of a line inside quotes and list items."""
        for container in self.containers:
            if container[0] == "quote":
                self.write(QUOTE_BAR, "marker")
            elif container[2]:
                self.write(" " * len(container[1]))
            else:
                container[2] = True
                self.write(container[1], "marker")

    def newline(self) -> None:
        self.write("\n")
        self.prefix()

    def begin_block(self) -> None:
        if self.pos:
            tight = (
                bool(self.lists)
                and self.lists[-1][0]
                and self.containers
                and self.containers[-1][0] == "item"
                and not self.blank_before
            )
            self.write("\n" if tight else "\n\n")
        self.blank_before = False
        self.prefix()

    # -- blocks ------------------------------------------------------------------

    def blocks(self, tokens) -> None:
        self.stamps = Timestamps(
            [
                stamp
                for t in tokens
                if t.type == "inline" and "data-t=" in t.content
                for stamp in re.findall(r'data-t="([^"]*)"', t.content)
            ]
        )
        i = 0
        while i < len(tokens):
            i = self.block(tokens, i) + 1

    def block(self, tokens, i: int) -> int:
        tok = tokens[i]
        kind = tok.type
        if kind in ("paragraph_open", "heading_open"):
            self.begin_block()
            inline = tokens[i + 1]
            if kind == "heading_open":
                level = int(tok.tag[1])
                start, first = self.pos, len(self.parts)
                self.inline(inline.children or [], (f"h{level}",))
                self.headings.append(Heading(start, level, "".join(self.parts[first:]).replace("\n", " ")))
            else:
                self.inline(inline.children or [], ())
            return i + 2
        if kind == "blockquote_open":
            self.containers.append(["quote"])
        elif kind == "blockquote_close":
            self.containers.pop()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            tight = i + 2 < len(tokens) and tokens[i + 2].hidden
            number = int(tok.attrs.get("start", 1)) if kind == "ordered_list_open" else None
            # A list starts after a blank line, unless it is nested in a tight item.
            self.blank_before = not (self.lists and self.lists[-1][0])
            self.lists.append([tight, number])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            numbered = self.lists[-1]
            if numbered[1] is None:
                marker = "• "
            else:
                marker = f"{numbered[1]}. "
                numbered[1] += 1
            self.containers.append(["item", marker, False])
        elif kind == "list_item_close":
            self.containers.pop()
        elif kind in ("fence", "code_block"):
            self.begin_block()
            for n, line in enumerate(tok.content.rstrip("\n").split("\n")):
                if n:
                    self.newline()
                self.write(line, "code")
        elif kind == "hr":
            self.begin_block()
            self.write(RULE, "marker")
        elif kind == "html_block":
            text = _strip_tags(tok.content).strip()
            if text:
                self.begin_block()
                for n, line in enumerate(text.split("\n")):
                    if n:
                        self.newline()
                    self.write(line.strip())
        elif kind == "table_open":
            return self.table(tokens, i)
        return i

    def table(self, tokens, i: int) -> int:
        self.begin_block()
        first_row = True
        header = False
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                header = True
            elif tok.type == "tbody_open":
                header = False
            elif tok.type == "tr_open":
                if not first_row:
                    self.newline()
                first_row, first_cell = False, True
            elif tok.type == "inline":
                if not first_cell:
                    self.write(" │ ", "marker")
                first_cell = False
                self.inline(tok.children or [], ("strong",) if header else ())
            i += 1
        return i

    # -- inline ------------------------------------------------------------------

    def inline(self, children, styles: tuple[str, ...]) -> None:
        stack = list(styles)
        links: list[tuple[int, str, str]] = []  # open links: start, url, label
        # A break after the last words (`From: x <br/>`) would leave a blank line.
        while children and _is_break(children[-1]):
            children = children[:-1]
        for tok in children:
            kind = tok.type
            if kind == "text":
                self.text(tok.content, stack)
            elif kind in ("softbreak", "hardbreak"):
                self.newline()
            elif kind == "code_inline":
                self.write(tok.content, *stack, "code")
            elif kind in ("strong_open", "em_open", "s_open"):
                stack.append({"strong_open": "strong", "em_open": "em", "s_open": "strike"}[kind])
            elif kind in ("strong_close", "em_close", "s_close"):
                _remove_last(stack, {"strong_close": "strong", "em_close": "em", "s_close": "strike"}[kind])
            elif kind == "link_open":
                links.append((self.pos, tok.attrs.get("href", ""), ""))
                stack.append("link")
            elif kind == "link_close":
                self.close_link(links, stack)
            elif kind == "image":
                self.write(tok.content or "image", *stack, "em")
            elif kind == "html_inline":
                self.html(tok.content, stack, links)
        while links:
            self.close_link(links, stack)

    def text(self, text: str, stack: list[str]) -> None:
        at = 0
        for m in _WIKI_LINK.finditer(text):
            self.write(text[at : m.start()], *stack)
            start = self.pos
            self.write((m.group(2) or m.group(1)).strip(), *stack, "wikilink")
            if self.pos > start:
                self.links.append(Link(start, self.pos, "", wiki=m.group(1).strip()))
            at = m.end()
        self.write(text[at:], *stack)

    def html(self, tag: str, stack: list[str], links: list[tuple[int, str, str]]) -> None:
        m = _TAG.match(tag)
        if m is None:
            return
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        if name == "br" and not closing:
            self.newline()
        elif name == "a" and closing:
            if links:
                self.close_link(links, stack)
        elif name == "a":
            attrs = {a.lower(): (v1 or v2 or v3) for a, v1, v2, v3 in _ATTR.findall(rest)}
            url, label = html.unescape(attrs.get("href", "")), ""
            stamp = attrs.get("data-t")
            if stamp is not None:
                seconds = self.stamps.seconds(stamp)
                label = f"{seconds // 60}:{seconds % 60:02d} into the video" if seconds is not None else ""
                if self.video and seconds is not None:
                    url = f"https://www.youtube.com/watch?v={quote(self.video)}&t={seconds}s"
            links.append((self.pos, url, label))
            stack.append("link")
        elif name in ("b", "strong", "i", "em", "code"):
            style = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "code": "code"}[name]
            if closing:
                _remove_last(stack, style)
            else:
                stack.append(style)

    def close_link(self, links: list[tuple[int, str, str]], stack: list[str]) -> None:
        start, url, label = links.pop()
        _remove_last(stack, "link")
        if self.pos > start:
            self.links.append(Link(start, self.pos, url, label))


def _is_break(tok) -> bool:
    """A line break, blank text or a <br> tag."""
    if tok.type in ("softbreak", "hardbreak"):
        return True
    if tok.type == "text":
        return not tok.content.strip()
    tag = _TAG.match(tok.content) if tok.type == "html_inline" else None
    return tag is not None and tag.group(2).lower() == "br"


def _remove_last(stack: list[str], style: str) -> None:
    for k in range(len(stack) - 1, -1, -1):
        if stack[k] == style:
            del stack[k]
            return


def _strip_tags(text: str) -> str:
    return html.unescape(_ANY_TAG.sub("", text))
