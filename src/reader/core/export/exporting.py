"""Notes out of reader: Markdown to read, W3C Web Annotation JSON-LD for
other tools (https://www.w3.org/TR/annotation-model/).

collect() gathers the annotated documents, each annotation placed in the
document's reading text as it is now; to_markdown() and to_jsonld() write
them. Both outputs are functions of the annotations and texts alone (no
date of the export), so exporting twice gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..annotations import placing
from ..annotations.model import REFUSED, Annotation, StoreError, iso_utc, quote_at
from ..annotations.store import Store, write_atomically
from ..library.corpus import Corpus, Document, DocumentError, load, title_of
from ..text.decoding import make_printable, printable_line
from ..text.reading import ReadingText

HEADER = "# Notes from reader"
ORPHANS_HEADING = "## Orphaned annotations"
NOTE_LABEL = "+ Note:"
CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
KIND_KEY = "reader:kind"  # extension properties: the W3C model has no words for these
STATE_KEY = "reader:anchoring"


class ExportError(ValueError):
    """Input an export cannot use (a document not in the corpus, an
    annotation file that does not parse); str() is one line for the user."""


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to make, and there are 10,000
class ExportedAnnotation:
    annotation: Annotation
    state: str  # "exact", "moved", "fuzzy" or "orphaned"
    start: int | None  # where it is in the text as it is now; None when orphaned
    end: int | None
    line: int | None  # 1-based line of start
    percent: int | None  # how far through the text start is, 0 to 100 (floor)


@dataclass
class ExportedDocument:
    rel: str  # the document's path inside the corpus
    title: str
    text: str | None  # its reading text; None when it is gone or cannot be read
    annotations: list[ExportedAnnotation]  # the placed ones in reading order, then the orphans
    problem: str | None = None  # why text is None, for the user

    @property
    def placed(self) -> list[ExportedAnnotation]:
        return [e for e in self.annotations if e.state != "orphaned"]

    @property
    def orphans(self) -> list[ExportedAnnotation]:
        return [e for e in self.annotations if e.state == "orphaned"]


# -- anchoring -------------------------------------------------------------------


def place(reading: ReadingText | None, sha256: str, annotations: list[Annotation]) -> list[ExportedAnnotation]:
    """The annotations placed in the reading text as the app places them
    (placing.place): those with a place in reading order, then the orphans
    in the order they are stored. Fuzzy ones are listed at the place the
    app offers for review."""
    states = placing.place(annotations, sha256, reading).states
    text = reading.text if reading is not None else ""
    found, lost = [], []
    for a in annotations:
        r = states[a.id]
        if r.start is None or r.end is None:
            lost.append(ExportedAnnotation(a, r.state.value, None, None, None, None))
        else:
            found.append((r.start, r.end, a.id, a, r.state.value))
    found.sort(key=lambda f: f[:3])
    placed, line, counted = [], 1, 0
    for start, end, _, a, state in found:
        # Lines counted from the previous annotation on: one pass over the text in all.
        line += text.count("\n", counted, start)
        counted = start
        percent = start * 100 // len(text) if text else 0
        placed.append(ExportedAnnotation(a, state, start, end, line, percent))
    lost.sort(key=lambda e: (e.annotation.start, e.annotation.end, e.annotation.id))
    return placed + lost


# -- what is exported --------------------------------------------------------------


def collect(
    corpus: Corpus,
    store: Store,
    doc: str | None = None,
    tag: str | None = None,
    kind: str | None = None,
    *,
    on_error: Callable[[str], None] | None = None,
) -> list[ExportedDocument]:
    """The annotated documents in corpus order, then those whose document is
    gone (all their annotations orphaned, titled by their path), each with
    the annotations that pass the filters: `doc` (a path inside the corpus),
    `tag` (a leading # ignored, case ignored), `kind`. Documents left with
    none are left out.

    ExportError for a `doc` that is neither in the corpus nor in the store.
    An annotation file that does not parse is never written: it raises
    ExportError, or, with `on_error`, is reported to it and left out."""
    documents = {d.rel: d for d in corpus.documents}
    files = store.files()
    if corpus.single_file:  # the other files beside it are not this corpus's
        files = [rel for rel in files if rel in documents]
    if doc is not None:
        rels = [_resolve(doc, corpus, documents, files)]
    else:
        have = set(files)
        rels = [d.rel for d in corpus.documents if d.rel in have] + [rel for rel in files if rel not in documents]
    wanted_tag = tag.removeprefix("#").casefold() if tag is not None else None
    # Read through a Store of our own: Store.load remembers what it read as
    # the base of the next save, and an export must not move that base under
    # the app's feet (its next save would then not merge what another
    # program wrote meanwhile).
    reader = Store(store.library)
    exported = []
    for rel in rels:
        try:
            aset = reader.load(rel)
        except StoreError as err:
            message = store_problem(err)
            if on_error is None:
                raise ExportError(message) from None
            on_error(message)
            continue
        if aset is None:
            continue
        chosen = [
            a
            for a in aset.annotations.values()
            if (kind is None or a.kind == kind)
            and (wanted_tag is None or any(t.casefold() == wanted_tag for t in a.tags))
        ]
        if chosen:
            reading, title, problem = _reading(documents.get(rel), rel)
            exported.append(
                ExportedDocument(
                    rel, title, reading.text if reading else None, place(reading, aset.document.sha256, chosen), problem
                )
            )
    return exported


def store_problem(err: StoreError) -> str:
    """A StoreError's message, one line, saying what an export does about it."""
    return (
        " ".join(str(err).removesuffix(REFUSED).split())
        + " — its annotations are left out (reader never writes over such a file)"
    )


def _resolve(doc: str, corpus: Corpus, documents: dict[str, Document], files: list[str]) -> str:
    """`doc` as a path inside the corpus: given as one, or as a path to the file."""
    if doc in documents or doc in files:
        return doc
    try:
        rel = Path(doc).resolve().relative_to(corpus.root.resolve()).as_posix()
    except (ValueError, OSError):
        rel = None
    if rel in documents or rel in files:
        return rel
    raise ExportError(f"no document {printable_line(doc)!r} in the corpus {printable_line(str(corpus.root))}")


def _reading(doc: Document | None, rel: str) -> tuple[ReadingText | None, str, str | None]:
    """(reading text, title, problem) of a document."""
    if doc is None:
        return None, printable_line(rel), "The document is no longer in the corpus."
    try:
        reading = load(doc)
    except DocumentError as err:
        return None, doc.title or printable_line(rel), str(err)
    return reading, reading.title or title_of(reading.text) or doc.title or printable_line(rel), None


# -- Markdown ----------------------------------------------------------------------
#
# Quotes, titles, kinds and tags are text, never Markdown: every character
# that could start a construct is backslash-escaped (CommonMark lets any
# ASCII punctuation be escaped), so a quote holding `# x`, `---`, `<b>` or
# `1. ` reads back as those characters, inside its blockquote.
#
# Notes are the user's Markdown and are kept as written, inside a list item:
#
#     + Note:
#
#       every line of the note, indented by two
#
# A heading, a rule, a fence left open or an HTML block in a note then ends
# where the item ends, before the next annotation. The note starts on a line
# of its own, after the label, so that every line of it, the first too, is
# shifted by the same two columns (the item's content column) and keeps its
# meaning: "+ ---" or "+   foo" would put a first line elsewhere than the
# others. "+" because "- " or "* " followed by a note's first line could be
# read as a thematic break.

_INLINE = re.compile(r"([\\`*_\[\]<&~|])")  # emphasis, code, links, HTML, entities, strike, tables
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))", re.M)  # headings, quotes, lists, setext lines
_LINE_BLANKS = re.compile(r"[ \t]*\n[ \t]*")
_BLANK_LINES = re.compile(r"^[ \t]+$", re.M)


def _clean(text: str) -> str:
    """Newlines as \\n (CommonMark also breaks lines at a lone \\r), control
    characters shown as symbols."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return make_printable(text)


@functools.lru_cache(maxsize=1024)  # kinds and tags: a few, again and again
def escape_inline(text: str) -> str:
    """One line of plain text that Markdown shows as typed."""
    return _INLINE.sub(r"\\\1", printable_line(text))


def _escape_lines(text: str) -> str:
    """Lines of plain text that Markdown shows as typed (clean text in)."""
    # Blanks at either end of a line would make code blocks and hard breaks.
    text = _LINE_BLANKS.sub("\n", text.strip(" \t"))
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", text)


def blockquote(text: str) -> str:
    """`text` as one blockquote, every line shown as typed; blank lines
    stay inside it as a bare `>`."""
    quoted = ("> " + _escape_lines(_clean(text)).replace("\n", "\n> ")).replace("> \n", ">\n")
    return quoted[:-1] if quoted.endswith("> ") else quoted  # lines end in no blank, but an empty one


def note_block(note: str) -> str:
    """A note's Markdown in its list item (see above); "" for a blank note."""
    if not note.strip(" \t\r\n"):
        return ""
    text = _clean(note)
    if "\t" in text:
        text = "\n".join(map(_expand_leading_tabs, text.split("\n")))
    lines = _BLANK_LINES.sub("", text).strip("\n").split("\n")
    return "\n".join([NOTE_LABEL, "", *(f"  {line}" if line else "" for line in lines)])


def _expand_leading_tabs(line: str) -> str:
    # A tab is worth up to four columns from where it stands: shifting the
    # line by two would change what a leading tab is worth.
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)].expandtabs(4) + body


def code_span(text: str) -> str:
    """`text` as inline code, whatever backticks it holds."""
    text = printable_line(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _heading(level: str, title: str, rel: str) -> list[str]:
    title = escape_inline(title).strip(" \t") or escape_inline(rel)
    # Escaped everywhere: trailing #s would close the heading.
    return [f"{level} {title.replace('#', chr(92) + '#')}", code_span(rel)]


def _entry(e: ExportedAnnotation) -> list[str]:
    a = e.annotation
    if e.state == "orphaned":
        where = f"Orphaned · {escape_inline(a.kind)}"
    else:
        where = f"Line {e.line} · {e.percent}% · {escape_inline(a.kind)}"
        if e.state != "exact":
            where += f" · {e.state}"
    parts = [blockquote(a.exact), where]
    if note := note_block(a.note):
        parts.append(note)
    if a.tags:
        parts.append("Tags: " + " ".join("#" + escape_inline(t) for t in a.tags))
    return parts


def to_markdown(documents: list[ExportedDocument], header: bool = True) -> str:
    """The notes as Markdown: a section per document, its annotations in
    reading order, then a section for the orphans of every document."""
    blocks = [HEADER] if header else []
    for d in documents:
        if placed := d.placed:
            blocks += _heading("##", d.title, d.rel)
            for e in placed:
                blocks += _entry(e)
    orphaned = [d for d in documents if d.orphans]
    if orphaned:
        blocks += [ORPHANS_HEADING, "Their passage is not in the document's text as it is now."]
        for d in orphaned:
            blocks += _heading("###", d.title, d.rel)
            if d.problem:
                blocks.append(_escape_lines(printable_line(d.problem)))
            for e in d.orphans:
                blocks += _entry(e)
    return "\n\n".join(blocks) + "\n" if blocks else ""


# -- W3C Web Annotation JSON-LD -------------------------------------------------------
#
# Written by hand in exactly the layout of json.dumps(indent=2,
# ensure_ascii=False), which a test checks, each string escaped by json's own
# encoder: with an indent, json.dumps runs in pure Python and takes 0.5 s for
# 10,000 annotations, five times this. The keys are in a fixed order.
#
# The layout the model gives a collection (and the W3C's test suite checks):
# an AnnotationCollection with an id, its annotations in an AnnotationPage
# embedded as its first (and only) page, each annotation complete with its
# own @context, so that one taken out of the file is still one.
#
# Everything is named by an absolute URI, as the model wants and the suite
# checks (a ULID or a path inside the corpus is not one). Ours are URNs under
# urn:reader:, the namespace the importer already derives ids in, and are made
# from what is exported, never from when or where: no date, no path of this
# machine, so the same notes give the same bytes. The import reads them back
# to the same ids and paths.

ANNOTATION_URN = "urn:reader:annotation:"  # + the id, percent-encoded
DOCUMENT_URN = "urn:reader:document:"  # + the path inside the corpus, percent-encoded
COLLECTION_URN = "urn:reader:collection:"  # + a hash of the annotations' ids
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")
_ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")

_json = json.encoder.encode_basestring  # a str as JSON, as json.dumps(ensure_ascii=False) writes it


def annotation_uri(id: str) -> str:
    """An annotation's id as a URI: one that is a URI already (from another
    tool) as it is; ours (ULIDs) and any other under ANNOTATION_URN."""
    if _UNRESERVED.fullmatch(id):  # a ULID: nothing to encode (and quote() is slow: 6 ms for 10,000)
        return ANNOTATION_URN + id
    if _ABSOLUTE_URI.fullmatch(id) and not id.startswith(ANNOTATION_URN):
        return id
    return ANNOTATION_URN + quote(id, safe="")  # one of ours wrapped again: the import unwraps exactly one


@functools.lru_cache(maxsize=1024)
def document_uri(rel: str) -> str:
    """The URI of the document at `rel` (a path inside the corpus), for a target's source."""
    return DOCUMENT_URN + quote(rel, safe="/")


def collection_uri(ids: list[str]) -> str:
    """The collection's id: a hash of its annotations' ids (URIs, so never
    holding a newline) in their order. The same selection of notes is the
    same collection after an edit of one of them; another selection is
    another collection."""
    return COLLECTION_URN + hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()[:32]


_JOIN = ",\n"


def _item(d: ExportedDocument, e: ExportedAnnotation, id: str) -> str:
    """One annotation, `id` its URI, as an element of the page's items."""
    a = e.annotation
    if e.start is None or e.end is None or d.text is None:
        prefix, suffix = a.prefix, a.suffix
    else:  # the context where it is now, so that the two selectors agree
        at = quote_at(d.text, e.start, e.end)
        prefix, suffix = at["prefix"], at["suffix"]
    bodies = (
        [
            f'{_10}{{\n{_12}"type": "TextualBody",\n{_12}"purpose": "commenting",\n{_12}"value": {_json(a.note)},\n'
            f'{_12}"format": "text/markdown"\n{_10}}}'
        ]
        if a.note
        else []
    )
    bodies += [
        f'{_10}{{\n{_12}"type": "TextualBody",\n{_12}"purpose": "tagging",\n{_12}"value": {_json(tag)}\n{_10}}}'
        for tag in a.tags
    ]
    body = f'\n{_8}"body": [\n{_JOIN.join(bodies)}\n{_8}],' if bodies else ""
    position = (
        (f',\n{_12}{{\n{_14}"type": "TextPositionSelector",\n{_14}"start": {e.start},\n{_14}"end": {e.end}\n{_12}}}')
        if e.start is not None
        else ""
    )
    return (
        f'{_6}{{\n{_8}"@context": "{CONTEXT_URL}",\n{_8}"id": {_json(id)},\n{_8}"type": "Annotation",\n'
        f'{_8}"motivation": "{"commenting" if a.note else "highlighting"}",\n'
        f'{_8}"created": "{iso_utc(a.created)}",\n{_8}"modified": "{iso_utc(a.updated)}",{body}\n'
        f'{_8}"target": {{\n{_10}"source": {_json(document_uri(d.rel))},\n{_10}"selector": [\n{_12}{{\n'
        f'{_14}"type": "TextQuoteSelector",\n{_14}"exact": {_json(a.exact)},\n'
        f'{_14}"prefix": {_json(prefix)},\n{_14}"suffix": {_json(suffix)}\n{_12}}}{position}\n'
        f'{_10}]\n{_8}}},\n{_8}"{KIND_KEY}": {_json(a.kind)},\n{_8}"{STATE_KEY}": "{e.state}"\n{_6}}}'
    )


_6, _8, _10, _12, _14 = (" " * n for n in (6, 8, 10, 12, 14))


def to_jsonld(documents: list[ExportedDocument]) -> str:
    """An AnnotationCollection of every annotation, document by document in
    reading order, orphans last in each (they have no TextPositionSelector),
    all in one AnnotationPage: its first and last."""
    exported = [(d, e) for d in documents for e in d.annotations]
    ids = [annotation_uri(e.annotation.id) for _, e in exported]
    items = [_item(d, e, id) for (d, e), id in zip(exported, ids)]
    listed = f"[\n{_JOIN.join(items)}\n    ]" if items else "[]"
    collection = collection_uri(ids)
    page = collection + ":page:1"
    out = (
        f'{{\n  "@context": "{CONTEXT_URL}",\n  "id": "{collection}",\n  "type": "AnnotationCollection",\n'
        f'  "label": "Notes from reader",\n  "total": {len(items)},\n'
        f'  "first": {{\n    "id": "{page}",\n    "type": "AnnotationPage",\n    "partOf": "{collection}",\n'
        f'    "startIndex": 0,\n    "items": {listed}\n  }},\n  "last": "{page}"\n}}\n'
    )
    # JSON escapes the C0 controls but lets DEL and C1 (CSI, OSC as one
    # character) through, which some terminals obey: escaped too (only
    # strings can hold them, so the JSON means the same).
    return _C1.sub(lambda m: f"\\u{ord(m[0]):04x}", out)


_C1 = re.compile("[\x7f-\x9f]")


def write_export(path: Path, data: str) -> None:
    """Write an export to `path` atomically: a failed write leaves whatever
    was there before, never half a file."""
    write_atomically(Path(path), data.encode("utf-8"))
