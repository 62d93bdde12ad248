"""An annotation set as a TOML file and back (docs/ARCHITECTURE.md, "The
annotation format"): dumps() writes it so that a change adds lines and
rewrites none; loads() reads it fast where the file is as dumps() wrote it,
by tomllib where not.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import tomli_w

from .model import (
    LATEST,
    MAX_FILE,
    REFUSED,
    Annotation,
    AnnotationSet,
    DocumentInfo,
    StoreError,
    iso_utc,
    rank,
    settle,
)

# -- the file ------------------------------------------------------------------
#
# Written with tomli-w, one table at a time, in a fixed order and key order,
# so that adding an annotation adds lines and changes none. Notes are
# multi-line strings where tomli-w keeps them exact (it turns \r\n into \n);
# quotes and context stay on one line each. Datetimes are written by hand as
# 2026-11-23T08:00:00Z (tomli-w would write a space and +00:00).


def _document_block(info: DocumentInfo) -> str:
    return "[document]\n" + tomli_w.dumps(
        {"path": info.path, "sha256": info.sha256, "length": info.length, "encoding": info.encoding}
    )


def _annotation_block(a: Annotation) -> str:
    parts = [
        "[[annotation]]\n",
        tomli_w.dumps(
            {
                "id": a.id,
                "kind": a.kind,
                "start": a.start,
                "end": a.end,
                "exact": a.exact,
                "prefix": a.prefix,
                "suffix": a.suffix,
            }
        ),
    ]
    if a.note:
        parts.append(tomli_w.dumps({"note": a.note}, multiline_strings="\r" not in a.note))
    if a.tags:
        parts.append(tomli_w.dumps({"tags": list(a.tags)}))
    parts.append(f"created = {iso_utc(a.created)}\nupdated = {iso_utc(a.updated)}\n")
    return "".join(parts)


def _deleted_block(id: str, when: datetime) -> str:
    return f"[[deleted]]\n{tomli_w.dumps({'id': id})}deleted = {iso_utc(when)}\n"


Blocks = dict[str, tuple[Annotation, str]]  # id -> (an annotation, its table as written)


def dumps(aset: AnnotationSet, blocks: Blocks | None = None, key: str | None = None) -> tuple[bytes, Blocks]:
    """The file's bytes, and the table of each annotation. `blocks` holds
    tables already written (tomli-w is pure Python: writing 1,000
    annotations anew on every save would take most of a save's time).
    `key`: the document's path as the file names it (from its library
    root), if not the set's."""
    blocks = blocks or {}
    written: Blocks = {}
    for a in aset.ordered():
        known = blocks.get(a.id)
        written[a.id] = known if known and (known[0] is a or known[0] == a) else (a, _annotation_block(a))
    document = aset.document if key is None else replace(aset.document, path=key)
    parts = [_document_block(document), *(block for _, block in written.values())]
    parts += [_deleted_block(id, aset.deleted[id]) for id in sorted(aset.deleted)]
    return "\n".join(parts).encode("utf-8"), written


# Reading. tomllib is pure Python too: 10,000 annotations take a second. A
# file as dumps() writes it is read by the regular expressions below
# instead, which accept only that exact layout, with strings restricted to
# what tomli-w writes (and where TOML and JSON escapes agree, so json decodes
# them); anything else (a comment, a hand edit, another order) goes to
# tomllib. The tests check that both readings agree.

# Written as runs of plain characters between escapes: a regular expression
# that tries each character against alternatives is three times slower.
_ESC = r"\\u00(?:0[0-7bef]|1[0-9a-f]|7f)"  # the control characters without a short escape
_PLAIN = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
_STR = rf'"{_PLAIN}(?:(?:\\[bnfr"\\]|{_ESC}){_PLAIN})*"'
_ML_PLAIN = r'[^"\\\x00-\x08\x0b-\x1f\x7f]*'  # newlines as they are, no \r
_ML = rf'"""\n({_ML_PLAIN}(?:(?:\\[bf"\\]|{_ESC}){_ML_PLAIN})*)"""'
_INT = r"(0|[1-9][0-9]*)"
_DT = r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?Z)"
DOCUMENT_RE = re.compile(rf"\[document\]\npath = ({_STR})\nsha256 = ({_STR})\nlength = {_INT}\nencoding = ({_STR})\n")


@functools.cache
def _annotation_re() -> re.Pattern[str]:
    """Compiled when first used (~8 ms), by the first file read."""
    return re.compile(
        rf"\n(\[\[annotation\]\]\nid = ({_STR})\nkind = ({_STR})\nstart = {_INT}\nend = {_INT}\n"
        rf"exact = ({_STR})\nprefix = ({_STR})\nsuffix = ({_STR})\n(?:note = (?:({_STR})|{_ML})\n)?"
        rf"(?:tags = \[\n((?:    {_STR},\n)+)\]\n)?created = {_DT}\nupdated = {_DT}\n)"
    )


_DELETED_RE = re.compile(rf"\n\[\[deleted\]\]\nid = ({_STR})\ndeleted = {_DT}\n")
_STR_RE = re.compile(_STR)


# json's string scanner (its C one where there is one): TOML's basic-string
# escapes as dumps() writes them are JSON's; strict=False lets tabs and
# newlines through as they are. Called directly, it is 4 times faster than
# JSONDecoder.decode (19,000 strings in a file of 10,000 quotes from a book).
# The ignore: typeshed's stub of json.decoder leaves scanstring out.
_scan: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def string(token: str) -> str:
    return token[1:-1] if "\\" not in token else _scan(token, 1, False)[0]


# (document, [(annotation, its table as written, or None)], [(id, when deleted)])
_Found = tuple[DocumentInfo, list[tuple[Annotation, str | None]], list[tuple[str, datetime]]]


def _read_fast(text: str) -> _Found | None:
    """(document, [(annotation, its table)], [(id, when)]) of a file laid
    out as dumps() writes it, else None."""
    m = DOCUMENT_RE.match(text)
    if m is None:
        return None
    times: dict[str, datetime] = {}

    def when(token: str) -> datetime:
        if token not in times:
            times[token] = datetime.fromisoformat(token)
        return times[token]

    annotations: list[tuple[Annotation, str | None]] = []
    tombstones: list[tuple[str, datetime]] = []
    pos = m.end()
    try:
        path, digest, length, encoding = m.groups()
        document = DocumentInfo(string(path), string(digest), int(length), string(encoding))
        while m := _annotation_re().match(text, pos):
            block, id, kind, start, end, exact, prefix, suffix, note, long_note, tags, created, updated = m.groups()
            if "\\" not in block:  # most tables: no escapes, every string is as written
                id, kind, exact, prefix, suffix = id[1:-1], kind[1:-1], exact[1:-1], prefix[1:-1], suffix[1:-1]
                note = long_note if long_note is not None else note[1:-1] if note else ""
            else:
                id, kind, exact, prefix, suffix = map(string, (id, kind, exact, prefix, suffix))
                note = _scan(f'"{long_note}"', 1, False)[0] if long_note is not None else string(note) if note else ""
            annotations.append(
                (
                    Annotation(
                        id,
                        kind,
                        int(start),
                        int(end),
                        exact,
                        prefix,
                        suffix,
                        note,
                        tuple(map(string, _STR_RE.findall(tags))) if tags else (),
                        when(created),
                        when(updated),
                    ),
                    block,
                )
            )
            pos = m.end()
        while m := _DELETED_RE.match(text, pos):
            tombstones.append((string(m[1]), when(m[2])))
            pos = m.end()
    except ValueError:  # start > end, 31 February...: tomllib and _from_toml say what
        return None
    return (document, annotations, tombstones) if pos == len(text) else None


_TYPES = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a decimal number",
    datetime: "a date and time",
    date: "a date without a time",
    list: "a list",
    dict: "a table",
}
_DOCUMENT_KEYS = {"path": str, "sha256": str, "length": int, "encoding": str}
_ANNOTATION_KEYS = {
    "id": str,
    "kind": str,
    "start": int,
    "end": int,
    "exact": str,
    "prefix": str,
    "suffix": str,
    "note": str,
    "tags": list,
    "created": datetime,
    "updated": datetime,
}
_OPTIONAL = {"note", "tags"}
_DELETED_KEYS = {"id": str, "deleted": datetime}


class _Invalid(Exception):
    pass


def _type_name(value: object) -> str:
    return next((name for kind, name in _TYPES.items() if isinstance(value, kind)), type(value).__name__)


def _fields(table: object, keys: dict[str, type], where: str) -> dict:
    if not isinstance(table, dict):
        raise _Invalid(f"{where} is {_type_name(table)}, not a table")
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise _Invalid(f"{where} has an unknown key {unknown[0]!r}")
    for key, kind in keys.items():
        if key not in table:
            if key in _OPTIONAL:
                continue
            raise _Invalid(f"{where} has no {key}")
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _Invalid(f"{where}: {key} is {_type_name(value)}, not {_TYPES[kind]}")
        if isinstance(value, datetime) and value.tzinfo is None:
            raise _Invalid(f"{where}: {key} has no time zone (write it like 2026-11-23T08:00:00Z)")
        if key == "tags" and isinstance(value, list) and not all(isinstance(tag, str) for tag in value):
            raise _Invalid(f"{where}: tags must be a list of text")
    return table


def _tables(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _Invalid(f"{key} is {_type_name(value)}, not a list of [[{key}]] tables")
    return value


def _from_toml(data: dict) -> _Found:
    """What _read_fast gives, from what tomllib read; _Invalid when it is
    not our format."""
    unknown = sorted(set(data) - {"document", "annotation", "deleted"})
    if unknown:
        raise _Invalid(f"unknown key {unknown[0]!r} (expected [document], [[annotation]] and [[deleted]])")
    if "document" not in data:
        raise _Invalid("no [document] table")
    document = DocumentInfo(**_fields(data["document"], _DOCUMENT_KEYS, "[document]"))
    annotations: list[tuple[Annotation, str | None]] = []
    for n, table in enumerate(_tables(data, "annotation"), 1):
        where = f"[[annotation]] number {n}"
        id = table.get("id") if isinstance(table, dict) else None
        if isinstance(id, str) and id.isprintable() and len(id) <= 40:  # the message stays one short line
            where += f" (id {id})"
        fields = _fields(table, _ANNOTATION_KEYS, where)
        try:
            annotations.append((Annotation(**{**fields, "tags": tuple(fields.get("tags", ()))}), None))
        except ValueError as err:
            raise _Invalid(f"{where}: {err}") from None
    tombstones = []
    for n, table in enumerate(_tables(data, "deleted"), 1):
        fields = _fields(table, _DELETED_KEYS, f"[[deleted]] number {n}")
        tombstones.append((fields["id"], fields["deleted"]))
    return document, annotations, tombstones


def loads(data: bytes, name: str, rel: str) -> tuple[AnnotationSet, Blocks]:
    """The set in a file's bytes, and the tables read as dumps() writes them;
    StoreError (its message naming the file as `name`) when the bytes are not
    a file of annotations. The document's path is `rel`: where the file is
    decides which document it annotates, even if it was moved."""
    if len(data) > MAX_FILE:
        raise StoreError(f"{name}: {len(data):,} bytes, more than the {MAX_FILE:,} reader reads{REFUSED}")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise StoreError(f"{name}: not UTF-8 text (byte {err.start}){REFUSED}") from None
    found = _read_fast(text)
    if found is None:
        import tomllib  # only for a file written by hand (see _read_fast)

        try:
            found = _from_toml(tomllib.loads(text))
        except RecursionError:  # tomllib reads nested arrays and tables by recursion
            raise StoreError(f"{name}: nested too deeply to be a file of annotations{REFUSED}") from None
        except tomllib.TOMLDecodeError as err:
            message = str(err)
            m = re.fullmatch(r"(.*) \(at line (\d+), column \d+\)", message, re.S)
            where = f"line {m[2]}" if m else "at the end" if message.endswith("(at end of document)") else ""
            reason = m[1] if m else message.removesuffix(" (at end of document)")
            raise StoreError(f"{name}{', ' + where if where else ''}: {reason}{REFUSED}") from None
        except _Invalid as err:
            raise StoreError(f"{name}: {err}{REFUSED}") from None
    document, pairs, tombstones = found
    document.path = rel
    annotations: dict[str, Annotation] = {}
    for a, _ in pairs:  # the same id twice (a hand merge): as merge() would
        if a.id not in annotations or rank(a) > rank(annotations[a.id]):
            annotations[a.id] = a
    deleted: dict[str, datetime] = {}
    for id, when in tombstones:
        when = min(when, LATEST)
        deleted[id] = max(when, deleted.get(id, when))
    settle(annotations, deleted)
    blocks = {a.id: (a, block) for a, block in pairs if block is not None and annotations.get(a.id) is a}
    return AnnotationSet(document, annotations, deleted), blocks
