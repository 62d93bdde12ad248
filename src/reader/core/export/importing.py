"""W3C Web Annotation JSON-LD in: what `reader export --format json` writes,
or another tool that speaks the model, into the TOML store.

Each quote is anchored in the document's reading text as it is now. An
annotation whose quote is not there (or whose document is gone) is stored
all the same, as an orphan: its quote, prefix and suffix as given, at
start = end = 0. That span is empty, so the app draws nothing for it even
where it trusts positions (an unchanged sha256), and since the quote is not
at 0 the export lists it as orphaned until re-anchoring finds it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from ..annotations import placing
from ..annotations.model import Annotation, AnnotationSet, DocumentInfo, StoreError, now, quote_at
from ..annotations.store import Store
from ..library.corpus import Corpus, Document, DocumentError, load
from ..text.decoding import printable_line
from ..text.reading import ReadingText, text_sha256
from .exporting import ANNOTATION_URN, DOCUMENT_URN, KIND_KEY

DEFAULT_KIND = "yellow"


class ImportFormatError(ValueError):
    """The data is not an annotation collection we can read; one line."""


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0  # an id already stored, replaced by a later version
    unchanged: int = 0  # an id already stored, the same or newer (or deleted later) here
    orphaned: int = 0  # of all the above, those whose quote was not found (stored anyway)
    fuzzy: int = 0  # ... and those found only approximately: offered for review in the app
    skipped: int = 0  # not stored: see warnings
    warnings: list[str] = field(default_factory=list)  # one line each

    @property
    def read(self) -> int:
        return self.added + self.updated + self.unchanged + self.skipped


@dataclass
class _Incoming:
    id: str
    source: str
    exact: str | None
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    kind: str
    note: str
    tags: tuple[str, ...]
    created: datetime
    updated: datetime


class _Skip(Exception):
    """An item that cannot be imported; the message says why (grouped in warnings)."""


def import_jsonld(data: str, corpus: Corpus, store: Store) -> ImportReport:
    """Read an AnnotationCollection, an AnnotationPage, an Annotation or a
    JSON array of them (see _items) into `store`, merged
    by id with what is there: an id already stored keeps one annotation, the
    later `modified` winning (a tie keeps ours; the same content is
    "unchanged" whatever the dates). ImportFormatError, and nothing written,
    when `data` is not such JSON; items that cannot be used are skipped
    and counted, with a warning."""
    try:
        parsed = json.loads(data)
    except json.JSONDecodeError as err:
        raise ImportFormatError(f"not valid JSON: {err}") from None
    except RecursionError:
        raise ImportFormatError("not valid JSON: nested too deeply") from None
    report = ImportReport()
    reasons: dict[str, list[str]] = defaultdict(list)  # why skipped -> the ids (or item numbers)
    groups: dict[str, list[_Incoming]] = defaultdict(list)
    documents = {d.rel: d for d in corpus.documents}
    for n, item in enumerate(_items(parsed), 1):
        try:
            incoming = _read_item(item, n)
            rel = _source_rel(incoming.source, corpus, documents, store)
        except _Skip as why:
            reasons[str(why)].append(_label(item, n))
            continue
        groups[rel].append(incoming)
    # Our own Store, as export does: the app's Store must see these files as
    # changed by another program, and merge them into its next save.
    writer = Store(store.library)
    for rel in sorted(groups):
        _import_document(rel, groups[rel], documents.get(rel), writer, report, reasons)
    for reason, labels in reasons.items():
        report.skipped += len(labels)
        report.warnings.append(
            f"{len(labels)} annotation{'s' if len(labels) > 1 else ''} skipped: {reason} "
            f"({', '.join(labels[:3])}{', …' if len(labels) > 3 else ''})"
        )
    return report


# -- reading the JSON ---------------------------------------------------------------


def _types(node: dict) -> list:
    kind = node.get("type", node.get("@type"))
    return kind if isinstance(kind, list) else [kind]


_KINDS = ("AnnotationCollection", "AnnotationPage", "Annotation")


def _kind(node: object) -> str | None:
    """Which of _KINDS a node of the JSON is: by its type (`type` or
    `@type`, a compact or full IRI too: "oa:Annotation"), else, when it has
    none, by its keys; None for anything else."""
    if not isinstance(node, dict):
        return None
    types = _types(node)
    names = {re.split(r"[#/:]", t)[-1] for t in types if isinstance(t, str)}
    if kind := next((k for k in _KINDS if k in names), None):
        return kind
    if types != [None]:  # a type of another vocabulary
        return None
    return next((k for k, key in zip(_KINDS, ("first", "items", "target")) if key in node), None)


def _items(parsed: object) -> list:
    """The annotations to read: a collection's (in its first page, embedded,
    or, as older exports of ours wrote them, in the collection itself), a
    page's, a single annotation, or the elements of a JSON array."""
    if isinstance(parsed, list):
        return parsed
    kind = _kind(parsed)
    if kind == "Annotation":
        return [parsed]
    if kind is None or not isinstance(parsed, dict):  # a kind is only ever found in a dict
        if not isinstance(parsed, dict):
            what = f"the JSON is {type(parsed).__name__}"
        else:
            what = (
                f"its type is {printable_line(str(_types(parsed)[0]))[:80]}"
                if _types(parsed) != [None]
                else "it has no type"
            )
        raise ImportFormatError(
            f"not W3C Web Annotations: not an AnnotationCollection, AnnotationPage, "
            f"Annotation or a list of them ({what})"
        )
    items = parsed.get("items")
    first = parsed.get("first")
    if kind == "AnnotationCollection" and items is None:
        if isinstance(first, list) and len(first) == 1:  # the model allows a list of one
            first = first[0]
        if isinstance(first, str):
            raise ImportFormatError(
                f"an AnnotationCollection whose pages are not in the file (first: {printable_line(first)[:80]})"
            )
        items = first.get("items") if isinstance(first, dict) else None
    if not isinstance(items, list):
        raise ImportFormatError(f"a W3C {kind} without a list of items")
    page = first if kind == "AnnotationCollection" and isinstance(first, dict) else parsed
    if isinstance(page.get("next"), (str, dict)):
        # Importing one page of several would look like the whole and be part.
        following = page["next"] if isinstance(page["next"], str) else page["next"].get("id", "")
        raise ImportFormatError(
            f"a page of annotations whose next pages are not in the file (next: {printable_line(str(following))[:80]})"
        )
    return items


def _label(item: object, n: int) -> str:
    id = item.get("id", item.get("@id")) if isinstance(item, dict) else None
    return printable_line(id)[:60] if isinstance(id, str) and id else f"item {n}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _string(value: object, default: str = "") -> str:
    """A string of the JSON, else `default`. A lone surrogate (an escape such
    as \\ud800 decodes to one) becomes U+FFFD: it cannot be written as UTF-8."""
    if not isinstance(value, str):
        return default
    return value if value.isascii() else _SURROGATE.sub("\ufffd", value)


def _text(value: object) -> str:
    # As the reading text is: NFC, \n newlines (a quote from a web page may be neither).
    return unicodedata.normalize("NFC", _string(value).replace("\r\n", "\n").replace("\r", "\n"))


def _offset(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (ValueError, OverflowError):  # not a date; a date of year 1 moved before year 1
        return None


def _listed(value: object) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _read_item(item: object, n: int) -> _Incoming:
    if not isinstance(item, dict) or _kind(item) != "Annotation":
        raise _Skip("not an Annotation")
    target = next((t for t in _listed(item.get("target")) if isinstance(t, dict)), None)
    source = _string(target.get("source")) if target is not None else ""
    if target is None or not source:
        raise _Skip("no target with a source")
    quote: dict | None = None
    position: dict | None = None
    for selector in _listed(target.get("selector")):
        if isinstance(selector, dict):
            if selector.get("type") == "TextQuoteSelector" and isinstance(selector.get("exact"), str):
                quote = quote or selector
            elif selector.get("type") == "TextPositionSelector":
                position = position or selector
    start, end = (_offset(position.get("start")), _offset(position.get("end"))) if position else (None, None)
    if start is None or end is None or start > end:
        start = end = None
    if quote is None and start is None:
        raise _Skip("no TextQuoteSelector or TextPositionSelector")
    exact = _text(quote["exact"]) if quote else None
    if exact == "":
        raise _Skip("an empty quote")
    note, tags = _bodies(item)
    updated = _time(item.get("modified")) or _time(item.get("created")) or now()
    created = _time(item.get("created")) or updated
    kind = _string(item.get(KIND_KEY)).strip() or DEFAULT_KIND
    prefix, suffix = (_text(quote.get("prefix")), _text(quote.get("suffix"))) if quote else ("", "")
    id = _string(item.get("id", item.get("@id")))
    if id.startswith(ANNOTATION_URN):  # one of ours: the id it had
        id = unquote(id[len(ANNOTATION_URN) :])
    if not id:
        # Derived from what it says, so that importing the same file again adds nothing.
        key = json.dumps([source, exact, prefix, suffix, start, end], ensure_ascii=False)
        id = "urn:reader:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return _Incoming(id, source, exact, prefix, suffix, start, end, kind, note, tags, created, updated)


def _bodies(item: dict) -> tuple[str, tuple[str, ...]]:
    """(note, tags): tagging bodies are tags; every other textual body is
    part of the note (the model's shortcut bodyValue too)."""
    notes, tags = [], []
    tagging = "tagging" in _listed(item.get("motivation"))
    if isinstance(item.get("bodyValue"), str):
        notes.append(_string(item["bodyValue"]))
    for body in _listed(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # a body by reference (an IRI) has no text to keep
        purposes = _listed(body.get("purpose"))
        if "tagging" in purposes or (not purposes and tagging):
            tag = _string(body["value"]).strip()
            if tag and tag not in tags:
                tags.append(tag)
        else:
            notes.append(_string(body["value"]))
    return "\n\n".join(note for note in notes if note.strip()), tuple(tags)


def _source_rel(source: str, corpus: Corpus, documents: dict[str, Document], store: Store) -> str:
    """The path inside the corpus of a target's source: the path in one of
    ours (DOCUMENT_URN), or a path inside it as older exports wrote it; or
    a URL (file://, https://...) or an absolute path that ends with one of
    the corpus's documents. A path not in the corpus is taken as a
    document that is gone (its annotations orphaned), as our own export
    lists those."""
    ours = source.startswith(DOCUMENT_URN)
    if ours:
        source = unquote(source[len(DOCUMENT_URN) :])
    if source in documents:
        return source
    url = not ours and ("://" in source or source.startswith(("urn:", "file:")))
    if url or (not ours and source.startswith("/")):
        path = unquote(urlsplit(source).path) if url else source
        found = [rel for rel in documents if path == rel or path.endswith("/" + rel)]
        if found:
            return max(found, key=len)
        raise _Skip(f"no document of the corpus at {printable_line(source)[:80]}")
    rel = PurePosixPath(source).as_posix()  # ./a.txt, a//b.txt
    if rel in documents:
        return rel
    if corpus.single_file:
        raise _Skip(f"no document {printable_line(source)[:80]} here")
    try:
        if "\\" in rel or printable_line(rel) != rel:  # a Windows path, a NUL: no file of ours
            raise ValueError(rel)
        store.path_for(rel)
    except ValueError:
        raise _Skip(f"not a path inside the corpus: {printable_line(source)[:80]}") from None
    if any(part.startswith(".") for part in PurePosixPath(rel).parts):
        # Hidden files are no documents of a corpus (corpus.scan), nor their
        # notes listed by export or check: stored there, they would be lost.
        raise _Skip(f"a hidden path, never a document of the corpus: {printable_line(source)[:80]}")
    return rel


# -- into the store --------------------------------------------------------------


def _import_document(
    rel: str,
    incoming: list[_Incoming],
    doc: Document | None,
    store: Store,
    report: ImportReport,
    reasons: dict[str, list[str]],
) -> None:
    reading: ReadingText | None = None
    if doc is not None:
        try:
            reading = load(doc)
        except DocumentError:
            pass
    text, encoding = (reading.text, reading.encoding) if reading is not None else (None, "")
    try:
        aset = store.load(rel)
    except StoreError as err:
        message = " ".join(str(err).split())
        reasons[f"their annotation file cannot be used: {message}"] += [printable_line(i.id)[:60] for i in incoming]
        return
    if aset is None:
        # Described by the text the positions refer to; a gone document has none.
        info = (
            DocumentInfo(rel, text_sha256(text), len(text), encoding)
            if text is not None
            else DocumentInfo(rel, "", 0, "")
        )
        aset = AnnotationSet(info)
    changed = False
    for i, a, state in _anchored(reading, incoming):
        if a is None:
            reasons["no quote, and a position outside the document"].append(printable_line(i.id)[:60])
            continue
        if state == "orphaned":
            report.orphaned += 1
        elif state == "fuzzy":
            report.fuzzy += 1
        old = aset.annotations.get(a.id)
        if old is not None:
            if _content(old) == _content(a) or a.updated <= old.updated:
                report.unchanged += 1
                continue
            report.updated += 1
        elif a.id in aset.deleted and a.updated <= aset.deleted[a.id]:
            report.unchanged += 1  # deleted here after this version: stays deleted
            continue
        else:
            report.added += 1
        aset.deleted.pop(a.id, None)
        aset.annotations[a.id] = a
        changed = True
    if changed:
        try:
            store.save(aset)
        except StoreError as err:  # the file went bad since it was read: never written over
            reasons[f"their annotation file cannot be used: {' '.join(str(err).split())}"] += [
                printable_line(i.id)[:60] for i in incoming
            ]


def _anchored(reading: ReadingText | None, incoming: list[_Incoming]) -> list[tuple[_Incoming, Annotation | None, str]]:
    """Each incoming annotation as stored, and its state, placed as the app
    and export place them (placing.place, all of a document's at once):
    at the new place, with the context there, when found with confidence;
    else as given, as an orphan (see the module's docstring). None when it
    has no quote and its position is not in the text."""
    text = reading.text if reading is not None else None
    drafts: list[Annotation | None] = []
    for i in incoming:
        exact = i.exact
        if exact is None:  # then it has a position
            if text is None or i.start is None or i.end is None or i.end > len(text):
                drafts.append(None)
                continue
            exact = text[i.start : i.end]
        start = i.start if i.start is not None else 0
        end = i.end if i.end is not None else start
        drafts.append(
            Annotation(i.id, i.kind, start, end, exact, i.prefix, i.suffix, i.note, i.tags, i.created, i.updated)
        )
    # Together, as the app will: neighbours tell re-anchoring where a passage
    # went, and the text is indexed once. An id given twice is placed apart.
    first = {d.id: d for d in reversed([d for d in drafts if d is not None])}
    states = placing.place(first.values(), "", reading).states
    out: list[tuple[_Incoming, Annotation | None, str]] = []
    for i, draft in zip(incoming, drafts):
        if draft is None:
            out.append((i, None, "orphaned"))
            continue
        r = states[draft.id] if first[draft.id] is draft else placing.place([draft], "", reading).states[draft.id]
        if (
            text is None or not r.confident or r.start is None or r.end is None
        ):  # the app re-anchors it, and offers a fuzzy one for review
            out.append((i, replace(draft, start=0, end=0), r.state.value))
            continue
        out.append((i, replace(draft, **quote_at(text, r.start, r.end)), r.state.value))
    return out


def _content(a: Annotation) -> tuple:
    return (a.kind, a.start, a.end, a.exact, a.prefix, a.suffix, a.note, a.tags)
