"""Annotations on disk (DESIGN.md, "Annotations on disk"): one TOML file per
document, written so that an acknowledged save survives a crash, two programs
saving at once both keep their work, and a file that does not parse is never
written over.

A set is state-based: annotations by id, last `updated` wins, and tombstones
for deletions; so any two versions of a file merge without a common base.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from pathlib import Path, PurePosixPath

import tomli_w
from filelock import FileLock

from ..library.rule import Library
from ..text.decoding import printable_line

CONTEXT = 32  # characters of prefix/suffix kept with a quote
# What a file may hold: more is refused (a hostile or broken file must not
# exhaust memory or the screen), in characters.
MAX_QUOTE = 64 << 20  # a whole book highlighted
MAX_CONTEXT = 4096
MAX_NOTE = 1 << 20
MAX_NAME = 256  # an id, a kind, a tag
MAX_TAGS = 1000
MAX_FILE = 1 << 30  # bytes
# Later dates are taken as this one: a file may say 9999-12-31, and dating
# a change one second after that would overflow.
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
LOCK_TIMEOUT = 10.0  # seconds; a save takes milliseconds, so a longer wait means a stuck program
SECOND = timedelta(seconds=1)


def now() -> datetime:
    """The time in UTC, to the second (what the files hold)."""
    return datetime.now(UTC).replace(microsecond=0)


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, in 26 characters
    of Crockford base 32; sorts by creation, unique across machines."""
    value = (time.time_ns() // 1_000_000 << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    kind: str  # "yellow", "green", "blue", "pink", "orange" or a user-configured name
    start: int  # code points in the reading text
    end: int
    exact: str  # text[start:end]
    prefix: str  # up to CONTEXT characters before start
    suffix: str  # up to CONTEXT characters after end
    note: str = ""  # Markdown allowed, may be multi-line
    tags: tuple[str, ...] = ()
    created: datetime = field(default_factory=now)  # aware, UTC
    updated: datetime = field(default_factory=now)

    def __post_init__(self) -> None:
        if not isinstance(self.tags, tuple):  # a list would make it unhashable
            object.__setattr__(self, "tags", tuple(self.tags))
        # Checked here so that nothing is saved that load() would refuse.
        if not 0 <= self.start <= self.end:
            raise ValueError(f"start {self.start} and end {self.end} are not 0 ≤ start ≤ end")
        if self.created.tzinfo is None or self.updated.tzinfo is None:
            raise ValueError("created and updated must have a time zone")
        for name, value, most in (
            ("id", self.id, MAX_NAME),
            ("kind", self.kind, MAX_NAME),
            ("exact", self.exact, MAX_QUOTE),
            ("prefix", self.prefix, MAX_CONTEXT),
            ("suffix", self.suffix, MAX_CONTEXT),
            ("note", self.note, MAX_NOTE),
        ):
            if len(value) > most:
                raise ValueError(f"{name} has {len(value):,} characters, more than the {most:,} reader takes")
        if len(self.tags) > MAX_TAGS or any(len(tag) > MAX_NAME for tag in self.tags):
            raise ValueError(f"tags: at most {MAX_TAGS} of at most {MAX_NAME} characters each")
        if self.created > LATEST:
            object.__setattr__(self, "created", LATEST)
        if self.updated > LATEST:
            object.__setattr__(self, "updated", LATEST)


def make_annotation(text: str, start: int, end: int, kind: str, note: str = "", tags: Iterable[str] = ()) -> Annotation:
    """A new annotation of text[start:end], with the context that re-anchors
    it if the text changes."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} is not inside a text of {len(text)} characters")
    stamp = now()
    return Annotation(
        new_id(),
        kind,
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT) : start],
        text[end : end + CONTEXT],
        note,
        tuple(tags),
        stamp,
        stamp,
    )


@dataclass
class DocumentInfo:
    path: str  # the document's path inside the corpus, forward slashes
    sha256: str  # hex sha256 of the reading text (utf-8 encoded)
    length: int  # len(reading text) in code points
    encoding: str


def text_sha256(text: str) -> str:
    return sha256(text.encode("utf-8")).hexdigest()


def _rank(a: Annotation) -> tuple:
    # Later `updated` wins; on a tie every field decides, so that merging
    # two different versions gives the same result in either order.
    return (a.updated, a.created, a.kind, a.start, a.end, a.exact, a.prefix, a.suffix, a.note, a.tags, a.id)


@dataclass
class AnnotationSet:
    document: DocumentInfo
    annotations: dict[str, Annotation] = field(default_factory=dict)  # by id
    deleted: dict[str, datetime] = field(default_factory=dict)  # tombstones: id -> when deleted
    # An id is never in both: a tombstone goes when its annotation comes back.

    def ordered(self) -> list[Annotation]:
        return sorted(self.annotations.values(), key=lambda a: (a.start, a.end, a.id))

    def put(self, annotation: Annotation) -> Annotation:
        """Add or replace; returns what was stored. A change that is not
        later than the version it replaces (or than the tombstone of its id)
        is dated one second after it: edits within one second must still
        win a merge with a copy of the version before them."""
        floor = self.deleted.pop(annotation.id, None)
        old = self.annotations.get(annotation.id)
        if old is not None and old != annotation:
            floor = old.updated if floor is None else max(floor, old.updated)
        if floor is not None and annotation.updated <= floor:
            annotation = replace(annotation, updated=floor + SECOND)
        self.annotations[annotation.id] = annotation
        return annotation

    def delete(self, id: str) -> Annotation:
        """Remove and leave a tombstone; returns the removed annotation."""
        removed = self.annotations.pop(id)
        # Never earlier than the version deleted, or a copy of it would win.
        self.deleted[id] = max(now(), removed.updated)
        return removed

    def restore(self, annotation: Annotation) -> Annotation:
        """Undo a delete: put it back dated after its tombstone, so that it
        also wins over the tombstone in copies that have it."""
        return self.put(replace(annotation, updated=now()))


def merge(ours: AnnotationSet, theirs: AnnotationSet) -> AnnotationSet:
    """Both sets in one: union by id, the later version of each; a tombstone
    removes an annotation not updated after it. Commutative, associative and
    idempotent, so any copies merge to the same result in any order. The
    document info is ours."""
    annotations = dict(ours.annotations)
    for id, a in theirs.annotations.items():
        mine = annotations.get(id)
        if mine is None or (mine != a and _rank(a) > _rank(mine)):
            annotations[id] = a
    deleted = dict(ours.deleted)
    for id, when in theirs.deleted.items():
        if id not in deleted or when > deleted[id]:
            deleted[id] = when
    _settle(annotations, deleted)
    return AnnotationSet(ours.document, annotations, deleted)


def _settle(annotations: dict[str, Annotation], deleted: dict[str, datetime]) -> None:
    """Keep each id in one of the two: the annotation if updated after its tombstone."""
    for id in [id for id in deleted if id in annotations]:
        if annotations[id].updated > deleted[id]:
            del deleted[id]
        else:
            del annotations[id]


class StoreError(Exception):
    """A file of annotations that cannot be used; str() says which and why,
    in one line for the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


REFUSED = " — fix or move the file; reader will not write over it"


# -- the file ------------------------------------------------------------------
#
# Written with tomli-w, one table at a time, in a fixed order and key order,
# so that adding an annotation adds lines and changes none. Notes are
# multi-line strings where tomli-w keeps them exact (it turns \r\n into \n);
# quotes and context stay on one line each. Datetimes are written by hand as
# 2026-11-23T08:00:00Z (tomli-w would write a space and +00:00).


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


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
    parts.append(f"created = {_iso(a.created)}\nupdated = {_iso(a.updated)}\n")
    return "".join(parts)


def _deleted_block(id: str, when: datetime) -> str:
    return f"[[deleted]]\n{tomli_w.dumps({'id': id})}deleted = {_iso(when)}\n"


Blocks = dict[str, tuple[Annotation, str]]  # id -> (an annotation, its table as written)


def render(aset: AnnotationSet, blocks: Blocks | None = None, key: str | None = None) -> tuple[bytes, Blocks]:
    """The file's bytes, and the table of each annotation. `blocks` holds
    tables already rendered (tomli-w is pure Python: rendering 1,000
    annotations anew on every save would take most of a save's time).
    `key`: the document's path as the file names it (from its library
    root), if not the set's."""
    blocks = blocks or {}
    rendered: Blocks = {}
    for a in aset.ordered():
        known = blocks.get(a.id)
        rendered[a.id] = known if known and (known[0] is a or known[0] == a) else (a, _annotation_block(a))
    document = aset.document if key is None else replace(aset.document, path=key)
    parts = [_document_block(document), *(block for _, block in rendered.values())]
    parts += [_deleted_block(id, aset.deleted[id]) for id in sorted(aset.deleted)]
    return "\n".join(parts).encode("utf-8"), rendered


# Reading. tomllib is pure Python too: 10,000 annotations take a second. A
# file as render() writes it is read by the regular expressions below
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
_DOCUMENT_RE = re.compile(rf"\[document\]\npath = ({_STR})\nsha256 = ({_STR})\nlength = {_INT}\nencoding = ({_STR})\n")
_ANNOTATION_RE = re.compile(
    rf"\n(\[\[annotation\]\]\nid = ({_STR})\nkind = ({_STR})\nstart = {_INT}\nend = {_INT}\n"
    rf"exact = ({_STR})\nprefix = ({_STR})\nsuffix = ({_STR})\n(?:note = (?:({_STR})|{_ML})\n)?"
    rf"(?:tags = \[\n((?:    {_STR},\n)+)\]\n)?created = {_DT}\nupdated = {_DT}\n)"
)
_DELETED_RE = re.compile(rf"\n\[\[deleted\]\]\nid = ({_STR})\ndeleted = {_DT}\n")
_STR_RE = re.compile(_STR)


# The C scanner of json: TOML's basic-string escapes as render() writes them
# are JSON's; strict=False lets tabs and newlines through as they are. Called
# directly, it is 4 times faster than JSONDecoder.decode (19,000 strings in a
# file of 10,000 quotes from a book).
_scan = json.decoder.c_scanstring or json.decoder.py_scanstring


def _string(token: str) -> str:
    return token[1:-1] if "\\" not in token else _scan(token, 1, False)[0]


def _read_rendered(text: str):
    """(document, [(annotation, its table)], [(id, when)]) of a file laid
    out as render() writes it, else None."""
    m = _DOCUMENT_RE.match(text)
    if m is None:
        return None
    times: dict[str, datetime] = {}

    def when(token: str) -> datetime:
        if token not in times:
            times[token] = datetime.fromisoformat(token)
        return times[token]

    annotations, tombstones, pos = [], [], m.end()
    try:
        path, digest, length, encoding = m.groups()
        document = DocumentInfo(_string(path), _string(digest), int(length), _string(encoding))
        while m := _ANNOTATION_RE.match(text, pos):
            block, id, kind, start, end, exact, prefix, suffix, note, long_note, tags, created, updated = m.groups()
            if "\\" not in block:  # most tables: no escapes, every string is as written
                id, kind, exact, prefix, suffix = id[1:-1], kind[1:-1], exact[1:-1], prefix[1:-1], suffix[1:-1]
                note = long_note if long_note is not None else note[1:-1] if note else ""
            else:
                id, kind, exact, prefix, suffix = map(_string, (id, kind, exact, prefix, suffix))
                note = _scan(f'"{long_note}"', 1, False)[0] if long_note is not None else _string(note) if note else ""
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
                        tuple(map(_string, _STR_RE.findall(tags))) if tags else (),
                        when(created),
                        when(updated),
                    ),
                    block,
                )
            )
            pos = m.end()
        while m := _DELETED_RE.match(text, pos):
            tombstones.append((_string(m[1]), when(m[2])))
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
        if kind is datetime and value.tzinfo is None:
            raise _Invalid(f"{where}: {key} has no time zone (write it like 2026-11-23T08:00:00Z)")
        if key == "tags" and not all(isinstance(tag, str) for tag in value):
            raise _Invalid(f"{where}: tags must be a list of text")
    return table


def _tables(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _Invalid(f"{key} is {_type_name(value)}, not a list of [[{key}]] tables")
    return value


def _from_toml(data: dict):
    """What _read_rendered gives, from what tomllib read; _Invalid when it is
    not our format."""
    unknown = sorted(set(data) - {"document", "annotation", "deleted"})
    if unknown:
        raise _Invalid(f"unknown key {unknown[0]!r} (expected [document], [[annotation]] and [[deleted]])")
    if "document" not in data:
        raise _Invalid("no [document] table")
    document = DocumentInfo(**_fields(data["document"], _DOCUMENT_KEYS, "[document]"))
    annotations = []
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


def parse(data: bytes, name: str, rel: str) -> tuple[AnnotationSet, Blocks]:
    """The set in a file's bytes, and the tables read as render() writes them;
    StoreError (its message naming the file as `name`) when the bytes are not
    a file of annotations. The document's path is `rel`: where the file is
    decides which document it annotates, even if it was moved."""
    if len(data) > MAX_FILE:
        raise StoreError(f"{name}: {len(data):,} bytes, more than the {MAX_FILE:,} reader reads{REFUSED}")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise StoreError(f"{name}: not UTF-8 text (byte {err.start}){REFUSED}") from None
    found = _read_rendered(text)
    if found is None:
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
        if a.id not in annotations or _rank(a) > _rank(annotations[a.id]):
            annotations[a.id] = a
    deleted: dict[str, datetime] = {}
    for id, when in tombstones:
        when = min(when, LATEST)
        deleted[id] = max(when, deleted.get(id, when))
    _settle(annotations, deleted)
    blocks = {a.id: (a, block) for a, block in pairs if block is not None and annotations.get(a.id) is a}
    return AnnotationSet(document, annotations, deleted), blocks


# -- the folder ------------------------------------------------------------------


_ANNOTATION_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*annotation[ \t]*\]\]", re.MULTILINE)


@dataclass
class _Seen:
    data: bytes  # the file as this Store last read or wrote it
    blocks: Blocks


class Store:
    """The annotation files of a corpus's documents: where each is, by the
    library rule (library.py), and how it is read and written."""

    def __init__(self, where: Path | Library) -> None:
        """`where`: a Library, or one folder holding every document's file by
        its path inside the corpus."""
        self.library = where if isinstance(where, Library) else Library.flat(where)
        self._seen: dict[Path, _Seen] = {}
        self._cleared: set[Path] = set()  # paths whose leftover temporary files were removed

    @property
    def folder(self) -> Path:
        """The annotations folder of the corpus (exports go beside it)."""
        return self.library.folder

    def path_for(self, rel: str) -> Path:
        return self._place(rel)[0]

    def _place(self, rel: str) -> tuple[Path, str, Path]:
        """(file, key, annotations folder) of the document `rel`."""
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or "\x00" in rel:
            raise ValueError(f"not a path inside the corpus: {rel!r}")
        folder, key = self.library.locate(rel)
        return folder / (key + ".toml"), key, folder

    def _name(self, path: Path) -> str:
        try:
            return printable_line(path.relative_to(self.folder.parent).as_posix())
        except ValueError:
            return printable_line(str(path))

    def _no_links(self, path: Path, folder: Path) -> None:
        """StoreError if `path` or a folder between it and `folder` is a
        link: a link inside annotations/ would have notes read from and
        written to another document's place."""
        for part in (path, *path.parents):
            if part == folder or part == folder.parent:  # the folder itself may be a link: the user's choice
                return
            if part.is_symlink():
                raise StoreError(
                    f"{self._name(part)} is a link: reader neither reads nor writes notes "
                    f"through links inside annotations/{REFUSED}",
                    path,
                )

    def _read(self, path: Path, folder: Path) -> bytes | None:
        self._no_links(path, folder)
        try:
            if path.stat().st_size > MAX_FILE:  # refused before it is read
                raise StoreError(f"{self._name(path)}: larger than the {MAX_FILE:,} bytes reader reads{REFUSED}", path)
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as err:
            raise StoreError(f"{self._name(path)} cannot be read: {err.strerror}{REFUSED}", path) from None

    def _parse(self, path: Path, data: bytes, rel: str) -> tuple[AnnotationSet, _Seen]:
        try:
            aset, blocks = parse(data, self._name(path), rel)
        except StoreError as err:
            err.path = path
            raise
        return aset, _Seen(data, blocks)

    def load(self, rel: str) -> AnnotationSet | None:
        """The annotations of the document `rel`: None when it has none on
        disk; StoreError when its file cannot be used."""
        path, _, folder = self._place(rel)
        data = self._read(path, folder)
        if data is None:
            return None
        aset, self._seen[path] = self._parse(path, data, rel)
        return aset

    def save(self, aset: AnnotationSet) -> AnnotationSet:
        """Write `aset`, merged with what another program wrote meanwhile,
        and return the merged set (the caller goes on with it). `aset` must
        come from this Store's last load or save of the file (else load,
        merge() and save). StoreError, and the file untouched, when the
        file on disk does not parse; OSError when it cannot be written (the
        file is then as it was)."""
        rel = aset.document.path
        path, key, folder = self._place(rel)
        self._no_links(path.parent, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(path.parent / f".{path.name}.lock", timeout=LOCK_TIMEOUT):
            seen = self._seen.get(path)
            # Reading the bytes is cheap and exact (a file rewritten within one
            # tick of the file system's clock can keep its size and mtime).
            disk = self._read(path, folder)
            blocks = seen.blocks if seen else {}
            if disk is not None and (seen is None or disk != seen.data):
                theirs, seen = self._parse(path, disk, rel)  # StoreError: not ours to write over
                aset = merge(aset, theirs)
                blocks = {**blocks, **seen.blocks}
            data, blocks = render(aset, blocks, key)
            if data != disk:
                if path not in self._cleared:
                    _clear_leftovers(path)
                    self._cleared.add(path)
                write_atomically(path, data)
            self._seen[path] = _Seen(data, blocks)
        return aset

    def header(self, rel: str) -> DocumentInfo | None:
        """The [document] table of the document's file, from its first bytes
        alone; None when there is none laid out as reader writes it."""
        path, _, folder = self._place(rel)
        try:
            self._no_links(path, folder)
            with path.open("rb") as f:
                head = f.read(4096).decode("utf-8", "replace")
        except (OSError, StoreError):
            return None
        m = _DOCUMENT_RE.match(head)
        if m is None:
            return None
        path_token, digest, length, encoding = m.groups()
        return DocumentInfo(_string(path_token), _string(digest), int(length), _string(encoding))

    def files(self) -> list[str]:
        """The documents (paths inside the corpus) that have a file, in no
        particular order. Hidden files and folders, and links, are not the
        store's."""
        rels = []
        for folder, prefix in self.library.folders():
            top = folder / prefix
            if not top.is_dir() or top.is_symlink():
                continue
            for here, dirs, names in os.walk(top):  # links to folders are not followed
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    if name.endswith(".toml") and not name.startswith("."):
                        path = Path(here) / name
                        if path.is_symlink():
                            continue
                        rel = self.library.rel_of(folder, path.relative_to(folder).as_posix()[:-5])
                        if rel is not None:
                            rels.append(rel)
        return rels

    def load_all_counts(self) -> dict[str, int]:
        """Document -> number of annotations, for every file that can be
        read (the others are reported when their document opens).

        Counted from the `[[annotation]]` headers, not parsed: a sidebar
        count must not cost a full parse of every file (0.2 s for 10,000
        annotations); a header inside a note's text would count once more."""
        counts: dict[str, int] = {}
        for rel in self.files():
            try:
                counts[rel] = len(_ANNOTATION_HEADER.findall(self.path_for(rel).read_bytes()))
            except OSError:
                continue
        return counts


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` by `data` so that after a crash at any moment the file
    holds either the old bytes or the new ones, and the new ones once we
    return. Temporary names end in .tmp, never .toml."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # as any new file (mkstemp makes it 0o600)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    # The rename itself is durable only once the folder is.
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP):  # file systems that cannot
            raise
    finally:
        os.close(dir_fd)


def _clear_leftovers(path: Path) -> None:
    """Remove temporary files of `path` left by a program killed mid-save.
    Called under the lock, which every writer of `path` holds while its
    temporary file exists; mkstemp's random part has no dot, so another
    file's temporaries never match."""
    leftover = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]+\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if leftover.fullmatch(name):
            try:
                os.unlink(path.parent / name)
            except OSError:
                pass


def _umask() -> int:
    # Read, not set and reset: os.umask() changes it for every thread meanwhile.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
