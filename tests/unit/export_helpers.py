"""Helpers of the export tests: annotating the seeds as the app does, and
reading an export back with markdown-it-py, as a Markdown renderer would:
the sections, and in each the annotations as blocks (quote, where, note,
tags). A quote or note that broke out of its place shows up here as a block
where none belongs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.core.annotations.model import Annotation, AnnotationSet, DocumentInfo, make_annotation
from reader.core.annotations.store import Store
from reader.core.library.corpus import load, open_corpus
from reader.core.library.rule import Library
from reader.core.text.reading import text_sha256

TERBIUM = "what really counts is terbium for the Americans"
DOC1 = "001_df91be1286c1e71b.txt"
DOC2 = "002_49671702ffe5f58f.txt"
DOC4 = "004_fb88cd4e1ca0a06e.txt"
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def text_of(corpus_root: Path, rel: str) -> str:
    return load(next(d for d in open_corpus(corpus_root).documents if d.rel == rel)).text


def annotate(
    seeds: Path, rel: str, quote: str, kind: str = "yellow", note: str = "", tags=(), nth: int = 0
) -> Annotation:
    """Annotate the nth occurrence of `quote` in a seed and save it, as the app does."""
    text = text_of(seeds, rel)
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    store = Store(Library.of(seeds))
    aset = store.load(rel) or AnnotationSet(DocumentInfo(rel, text_sha256(text), len(text), "utf-8"))
    a = dataclasses.replace(make_annotation(text, start, start + len(quote), kind, note, tags), created=T0, updated=T0)
    aset.put(a)
    store.save(aset)
    return a


def annotate_gone(seeds: Path, rel: str) -> Annotation:
    """An annotation file for a document that is no longer in the corpus."""
    text = "Once upon a time there was a document."
    a = make_annotation(text, 5, 14, "pink", "lost note")
    aset = AnnotationSet(DocumentInfo(rel, text_sha256(text), len(text), "utf-8"))
    aset.put(a)
    Store(Library.of(seeds)).save(aset)
    return a


# CommonMark with raw HTML, plus the GitHub extensions that could claim lines.
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass
class Entry:
    quote: str  # its text as a renderer shows it, whitespace collapsed
    where: str = ""
    note: str | None = None  # the note's source lines, indentation removed
    note_blocks: list[str] = field(default_factory=list)  # the block tokens inside the note's list item
    tags: str | None = None


@dataclass
class Section:
    level: int
    heading: str
    path: str | None = None
    paragraphs: list[str] = field(default_factory=list)  # other paragraphs than those of entries
    entries: list[Entry] = field(default_factory=list)


def plain(inline: Token) -> str:
    """What a renderer shows of an inline token, as text; markup (emphasis,
    links...) shows nothing, so a quote that became markup reads back wrong."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def collapse(text: str) -> str:
    return " ".join(text.split())


def _close(tokens: list[Token], i: int) -> int:
    """The index of the token that closes tokens[i]."""
    closing = tokens[i].type.replace("_open", "_close")
    return next(
        j for j in range(i + 1, len(tokens)) if tokens[j].type == closing and tokens[j].level == tokens[i].level
    )


def read_export(markdown: str) -> list[Section]:
    tokens = MD.parse(markdown)
    lines = markdown.split("\n")
    sections: list[Section] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        end = _close(tokens, i) if t.nesting == 1 else i
        if t.type == "heading_open":
            sections.append(Section(int(t.tag[1]), plain(tokens[i + 1])))
        elif t.type == "paragraph_open":
            inline = tokens[i + 1]
            text = plain(inline)
            section = sections[-1]
            kids = inline.children or []
            if section.path is None and len(kids) == 1 and kids[0].type == "code_inline" and not section.entries:
                section.path = kids[0].content
            elif section.entries and text.startswith(("Line ", "Orphaned")) and not section.entries[-1].where:
                section.entries[-1].where = text
            elif section.entries and text.startswith("Tags: ") and section.entries[-1].tags is None:
                section.entries[-1].tags = text
            else:
                section.paragraphs.append(text)
        elif t.type == "blockquote_open":
            inner = [plain(tokens[j + 1]) for j in range(i, end) if tokens[j].type == "paragraph_open"]
            assert all(tokens[j].type in ("paragraph_open", "inline", "paragraph_close") for j in range(i + 1, end)), (
                "a quote became something else than text"
            )
            sections[-1].entries.append(Entry(collapse(" ".join(inner))))
        elif t.type == "bullet_list_open":
            items = [
                j for j in range(i + 1, end) if tokens[j].type == "list_item_open" and tokens[j].level == t.level + 1
            ]
            assert len(items) == 1, "a note made more than its one list item"
            first, last = tokens[items[0]].map
            body = lines[first:last]
            assert body[0] == "+ Note:" and body[1] == ""
            note = [line[2:] if line else "" for line in body[2:]]
            while note and not note[-1]:
                note.pop()
            assert all(line.startswith("  ") or not line for line in body[2:])
            entry = sections[-1].entries[-1]
            assert entry.note is None and entry.tags is None
            entry.note = "\n".join(note)
            entry.note_blocks = [
                tokens[j].type
                for j in range(items[0] + 1, _close(tokens, items[0]))
                if tokens[j].level == t.level + 2 and tokens[j].nesting >= 0
            ]
        else:
            raise AssertionError(f"unexpected block {t.type} at line {t.map and t.map[0] + 1}")
        i = end + 1
    return sections
