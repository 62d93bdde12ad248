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
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

from .decoding import make_printable
from .links import has_controls
from .reading import Heading, Link, Markup, ReadingText, text_sha256

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
# markdown-it-py renders about 2 MB a second: past this a document is shown
# as it is written rather than keep the reader waiting.
RENDER_MAX = 8 * 1024 * 1024
# Containers (a quote, a list, a list item: one level each) nested deeper
# than this show the rest of their lines as written: markdown-it drops what
# is past its own limit, and deeper nesting means nothing to a reader.
NESTING_MAX = 24
# A paragraph where more than this many characters, and one in four, are
# inline syntax (`*`, `_`, `[`, `<`...) is shown as written: markdown-it makes
# a token of each (about 15 µs apiece), so 200 KB of `*` would take seconds.
INLINE_MARKS_MAX = 1000
FRONT_MATTER_FIELDS = 256  # front matter fields kept (a title, a video id: the first few)
FIELD_MAX = 1024  # characters of a field's value kept

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SCALAR = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_ATX = re.compile(r"^#{1,6}[ \t]+\S", re.M)
# No class below runs over the character that ends it (a bracket holds no
# bracket): a line of 40,000 `[[` is one pass, not one per bracket.
_INLINE_SYNTAX = re.compile(r"\*\*\S|\[[^\[\]\n]+\]\([^()\s]+\)|\[\[[^\[\]\n]+\]\]|^```|^[-*] \S", re.M)
_WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]*))?\]\]")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)([^>]*)>", re.S)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ANY_TAG = re.compile(r"<!--.*?-->|<[/!?]?[A-Za-z][^<>]*>", re.S)
_ANY_TAG_BUT_COMMENTS = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")

QUOTE_BAR = "│ "
RULE = "─" * 24


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """YAML front matter's top-level scalars, and where the body starts.

    Only `key: value` lines are read (quotes removed); that is all a title
    or a video id needs, and it keeps a YAML parser out of the dependencies.
    At most FRONT_MATTER_FIELDS fields, each value cut at FIELD_MAX
    characters: a front matter of 100,000 keys is a document's text, not
    its details.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, 0
    fields: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        scalar = _SCALAR.match(line)
        if scalar:
            key, value = scalar.groups()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            if key not in fields and len(fields) == FRONT_MATTER_FIELDS:
                break
            fields[key] = value[:FIELD_MAX]
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
_EDGE_TAG_END = re.compile(r"<[^<>]*\Z")
_EDGE_WIKI_START = re.compile(r"\A[^\[\]|]*\|\s*(?=[^\[\]]*\]\])")  # inside a wiki link's target
_EDGE_WIKI_END = re.compile(r"\[\[[^\]|]*(?:\|\s*)?(?=[^\]]*\Z)")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*\)")
_HEADING_MARK = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?", re.M)
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+", re.M)
_EMPHASIS = re.compile(r"\*\*|__|~~|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def shown(source: str) -> str:
    """A piece of Markdown source (maybe cut anywhere) as it reads rendered:
    an approximation of render() for quotes and their context."""
    s = _EDGE_TAG_END.sub("", _EDGE_TAG_START.sub("", source))
    s = _without_tags(s)
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

    # markdown-it's own limit is never reached: _too_deep stops first.
    md = MarkdownIt("commonmark", {"maxNesting": NESTING_MAX + 8}).enable(["table", "strikethrough"])
    md.block.ruler.before(md.block.ruler.get_all_rules()[0], "too_deep", _too_deep)
    md.core.ruler.before("inline", "dense_inline", _dense_inline)
    return md


_DEEP = "deep_block"  # lines past NESTING_MAX, as written
_PLAIN = "plain_inline"  # a paragraph's text as written, not parsed


def _too_deep(state, start: int, end: int, silent: bool) -> bool:
    """Past NESTING_MAX, the rest of the container's lines as one block of
    plain lines (markdown-it would drop them)."""
    if state.level < NESTING_MAX:
        return False
    last = start + 1
    for line in range(start + 1, end):
        if not state.isEmpty(line):
            if state.sCount[line] < state.blkIndent:
                break  # the container ends (a list item's lines are indented)
            last = line + 1
    if not silent:
        token = state.push(_DEEP, "", 0)
        token.content = state.getLines(start, last, state.blkIndent, False)
        token.map = [start, last]
        state.line = last
    return True


_MARKS = "*_[]<`!&~\\"


def _dense_inline(state) -> None:
    """A paragraph thick with inline syntax is taken as written."""
    from markdown_it.token import Token

    for token in state.tokens:
        content = token.content
        if token.type != "inline" or len(content) <= INLINE_MARKS_MAX:
            continue
        marks = sum(map(content.count, _MARKS))
        if marks > INLINE_MARKS_MAX and marks * 4 > len(content):
            token.type = _PLAIN
            token.children = []
            for n, line in enumerate(content.split("\n")):
                if n:
                    token.children.append(Token("softbreak", "br", 0))
                token.children.append(Token("text", "", 0, content=line))


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
        elif kind == _DEEP:
            self.begin_block()
            for n, line in enumerate(tok.content.rstrip("\n").split("\n")):
                if n:
                    self.newline()
                self.write(line)
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
            elif tok.type in ("inline", _PLAIN):
                if not first_cell:
                    self.write(" │ ", "marker")
                first_cell = False
                self.inline(tok.children or [], ("strong",) if header else ())
            i += 1
        return i

    # -- inline ------------------------------------------------------------------

    def inline(self, children, styles: tuple[str, ...]) -> None:
        stack = _Styles(styles)
        links: list[tuple[int, str, str]] = []  # open links: start, url, label
        # A break after the last words (`From: x <br/>`) would leave a blank line.
        while children and _is_break(children[-1]):
            children = children[:-1]
        for tok in children:
            kind = tok.type
            if kind == "text":
                self.text(tok.content, stack.active)
            elif kind in ("softbreak", "hardbreak"):
                self.newline()
            elif kind == "code_inline":
                self.write(tok.content, *stack.active, "code")
            elif kind in ("strong_open", "em_open", "s_open"):
                stack.push({"strong_open": "strong", "em_open": "em", "s_open": "strike"}[kind])
            elif kind in ("strong_close", "em_close", "s_close"):
                stack.pop({"strong_close": "strong", "em_close": "em", "s_close": "strike"}[kind])
            elif kind == "link_open":
                links.append((self.pos, *_kept_url(str(tok.attrs.get("href", "")), "")))
                stack.push("link")
            elif kind == "link_close":
                self.close_link(links, stack)
            elif kind == "image":
                self.write(tok.content or "image", *stack.active, "em")
            elif kind == "html_inline":
                self.html(tok.content, stack, links)
        while links:
            self.close_link(links, stack)

    def text(self, text: str, styles: tuple[str, ...]) -> None:
        at = 0
        for m in _WIKI_LINK.finditer(text):
            self.write(text[at : m.start()], *styles)
            start = self.pos
            self.write((m.group(2) or m.group(1)).strip(), *styles, "wikilink")
            if self.pos > start:
                self.links.append(Link(start, self.pos, "", wiki=m.group(1).strip()))
            at = m.end()
        self.write(text[at:], *styles)

    def html(self, tag: str, stack: _Styles, links: list[tuple[int, str, str]]) -> None:
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
            href = attrs.get("href", "")
            url, label = html.unescape(href), ""
            stamp = attrs.get("data-t")
            if stamp is not None:
                seconds = self.stamps.seconds(stamp)
                label = f"{seconds // 60}:{seconds % 60:02d} into the video" if seconds is not None else ""
                if self.video and seconds is not None:
                    url = f"https://www.youtube.com/watch?v={quote(self.video)}&t={seconds}s"
            links.append((self.pos, *_kept_url(url, label, href)))
            stack.push("link")
        elif name in ("b", "strong", "i", "em", "code"):
            style = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "code": "code"}[name]
            if closing:
                stack.pop(style)
            else:
                stack.push(style)

    def close_link(self, links: list[tuple[int, str, str]], stack: _Styles) -> None:
        start, url, label = links.pop()
        stack.pop("link")
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


class _Styles:
    """The inline styles in force, each with how many times it is open: a
    style opened 50,000 times over (`*****…a*****…`) is still one to write,
    so a piece of text costs the few distinct styles, not the depth."""

    def __init__(self, styles: tuple[str, ...]) -> None:
        self.open = Counter(styles)

    def push(self, style: str) -> None:
        self.open[style] += 1

    def pop(self, style: str) -> None:
        if self.open[style] > 1:
            self.open[style] -= 1
        else:
            self.open.pop(style, None)

    @property
    def active(self) -> tuple[str, ...]:
        return tuple(self.open)


REFUSED_URL = "its address holds control characters (refused)"


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,8}));?")


def _kept_url(url: str, label: str, written: str = "") -> tuple[str, str]:
    """(url, label) a Link keeps: no url at all where it holds a control
    character (an `&#10;` or ESC in an href could split or disguise what
    the opener is handed). `written`: the href as written, since
    html.unescape drops some references to controls (`&#27;`) unseen."""
    referred = _CHAR_REF.sub(lambda m: chr(min(int(m[1] or m[2], 16 if m[1] else 10), 0x10FFFF)), written)
    return ("", REFUSED_URL) if has_controls(url) or has_controls(referred) else (url, label)


def _strip_tags(text: str) -> str:
    return html.unescape(_without_tags(text))


def _without_tags(text: str) -> str:
    """`text` without its tags and comments, in one pass: a tag holds no
    `<`, and past the last `-->` no comment closes, so no `<!--` or `<a`
    there is looked for to the end (a text of thousands was quadratic). An
    unclosed comment's text stays."""
    closed = text.rfind("-->") + 3 if "-->" in text else 0
    return _ANY_TAG.sub("", text[:closed]) + _ANY_TAG_BUT_COMMENTS.sub("", text[closed:])
