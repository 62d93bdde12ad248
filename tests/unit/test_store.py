"""Annotations on disk (docs/ARCHITECTURE.md, "The annotation format"): exact round trips,
merges that lose nothing, saves that survive SIGKILL and a second program,
files that are refused rather than overwritten. Real files in tmp_path."""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import os
import random
import re
import signal
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.annotations.model import (
    QUOTE_CONTEXT,
    Annotation,
    AnnotationSet,
    DocumentInfo,
    StoreError,
    make_annotation,
    merge,
    new_id,
    now,
)
from reader.core.annotations.store import Store
from reader.core.annotations.toml_file import _from_toml, _Invalid, _read_fast, dumps
from reader.core.text.reading import text_sha256

REPO = Path(__file__).resolve().parents[2]
TEXT_FILE = REPO / "seeds" / "003_66d8e60a35b94f19.txt"
TEXT = TEXT_FILE.read_text("utf-8")
CHILD = Path(__file__).with_name("store_child.py")
REL = "doc.txt"
UTC = UTC

# Strings that are hard to keep exact in TOML.
SPECIALS = [
    '"',
    '""',
    '"""',
    "'''",
    "\\",
    "\\n",
    "\\u0041",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x08",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "😀",
    "中文字",
    "#",
    " = ",
    "[[annotation]]\n",
    "\n\n",
]
tricky = st.lists(st.one_of(st.text(max_size=6), st.sampled_from(SPECIALS)), max_size=6).map("".join)
offsets = st.integers(-12, 14).map(lambda hours: timezone(timedelta(hours=hours)))
times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets)


def info(rel: str = REL) -> DocumentInfo:
    return DocumentInfo(rel, text_sha256(TEXT), len(TEXT), "utf-8")


@st.composite
def annotations(draw, ids=tricky) -> Annotation:
    start = draw(st.integers(0, 10**7))
    return Annotation(
        draw(ids),
        draw(st.sampled_from(["yellow", "pink"]) | tricky),
        start,
        start + draw(st.integers(0, 500)),
        draw(tricky),
        draw(tricky),
        draw(tricky),
        draw(tricky),
        tuple(draw(st.lists(tricky, max_size=3))),
        draw(times),
        draw(times),
    )


@st.composite
def sets(draw) -> AnnotationSet:
    found = draw(st.lists(annotations(), max_size=5, unique_by=lambda a: a.id))
    deleted = draw(st.dictionaries(tricky, times, max_size=3))
    ids = {a.id for a in found}
    return AnnotationSet(info(), {a.id: a for a in found}, {k: v for k, v in deleted.items() if k not in ids})


def new_set(rel: str = REL) -> AnnotationSet:
    return AnnotationSet(info(rel))


def annotate(aset: AnnotationSet, start: int, note: str = "") -> Annotation:
    return aset.put(make_annotation(TEXT, start, start + 20, "yellow", note))


_folders = itertools.count()


# -- annotations and ids -------------------------------------------------------


def test_make_annotation_keeps_the_quote_and_its_context() -> None:
    a = make_annotation(TEXT, 100, 140, "green", "a note", ["x", "y"])
    assert (a.exact, a.prefix, a.suffix) == (
        TEXT[100:140],
        TEXT[100 - QUOTE_CONTEXT : 100],
        TEXT[140 : 140 + QUOTE_CONTEXT],
    )
    assert a.tags == ("x", "y") and a.note == "a note" and a.kind == "green"
    assert a.created == a.updated and a.created.utcoffset() == timedelta(0) and a.created.microsecond == 0
    edge = make_annotation(TEXT, 3, len(TEXT), "yellow")
    assert (edge.prefix, edge.suffix) == (TEXT[:3], "")
    with pytest.raises(ValueError):
        make_annotation(TEXT, 5, len(TEXT) + 1, "yellow")


def test_ids_are_ulids_sorted_by_time() -> None:
    first = new_id()
    time.sleep(0.002)
    second = new_id()
    for id in (first, second):
        assert re.fullmatch(r"[0-7][0-9A-HJKMNP-TV-Z]{25}", id)
    assert first < second
    assert len({new_id() for _ in range(1000)}) == 1000
    millis = int("".join(f"{'0123456789ABCDEFGHJKMNPQRSTVWXYZ'.index(c):05b}" for c in second), 2) >> 80
    assert abs(millis / 1000 - time.time()) < 5


def test_an_edit_in_the_same_second_is_dated_after_the_version_it_replaces() -> None:
    aset = new_set()
    a = annotate(aset, 10)
    edited = aset.put(dataclasses.replace(a, note="changed", updated=a.updated))
    assert edited.updated > a.updated and aset.annotations[a.id] == edited
    assert aset.put(edited) == edited  # the same again: nothing to date
    # A copy that still holds the first version loses to the edit in a merge.
    other = AnnotationSet(info(), {a.id: a})
    assert merge(other, aset).annotations[a.id].note == "changed"


def test_delete_and_restore() -> None:
    aset = new_set()
    a = annotate(aset, 10)
    before = AnnotationSet(info(), dict(aset.annotations))  # a copy made before the delete
    removed = aset.delete(a.id)
    assert removed == a and a.id not in aset.annotations and aset.deleted[a.id] >= a.updated
    assert merge(before, aset).annotations == {} and merge(aset, before).annotations == {}
    tombstoned = AnnotationSet(info(), {}, dict(aset.deleted))  # a copy made after it
    restored = aset.restore(removed)
    assert restored.updated > tombstoned.deleted[a.id] and aset.deleted == {}
    assert merge(aset, tombstoned).annotations == {a.id: restored}
    assert merge(tombstoned, aset).annotations == {a.id: restored}
    # Deleted again right away (restore dated it a second ahead): still deleted.
    aset.delete(a.id)
    assert merge(AnnotationSet(info(), {a.id: restored}), aset).annotations == {}


# -- merge ------------------------------------------------------------------------

IDS = st.sampled_from(["a", "b", "c", "d"])
FEW_TIMES = st.integers(0, 3).map(lambda s: datetime(2026, 11, 23, 8, 0, s, tzinfo=UTC))


@st.composite
def small_annotations(draw) -> Annotation:
    # Few ids, few times and few differences, so that versions collide and tie.
    start = draw(st.integers(0, 2))
    return Annotation(
        draw(IDS),
        draw(st.sampled_from(["yellow", "green"])),
        start,
        start + 1,
        "x",
        "",
        "",
        draw(st.sampled_from(["", "note"])),
        (),
        draw(FEW_TIMES),
        draw(FEW_TIMES),
    )


@st.composite
def small_sets(draw) -> AnnotationSet:
    found = {a.id: a for a in draw(st.lists(small_annotations(), max_size=4))}
    deleted = draw(st.dictionaries(IDS, FEW_TIMES, max_size=3))
    return AnnotationSet(info(), found, {k: v for k, v in deleted.items() if k not in found})


@given(small_sets(), small_sets())
def test_merge_is_commutative(a: AnnotationSet, b: AnnotationSet) -> None:
    assert merge(a, b) == merge(b, a)


@given(small_sets(), small_sets(), small_sets())
def test_merge_is_associative(a: AnnotationSet, b: AnnotationSet, c: AnnotationSet) -> None:
    assert merge(merge(a, b), c) == merge(a, merge(b, c))


@given(small_sets(), small_sets())
def test_merge_is_idempotent(a: AnnotationSet, b: AnnotationSet) -> None:
    assert merge(a, a) == a
    ab = merge(a, b)
    assert merge(ab, b) == ab and merge(ab, a) == ab


@given(small_sets(), small_annotations())
def test_an_annotation_on_one_side_only_survives(a: AnnotationSet, x: Annotation) -> None:
    a.annotations.pop(x.id, None)
    a.deleted.pop(x.id, None)
    b = AnnotationSet(info(), {x.id: x})
    assert merge(a, b).annotations[x.id] == x and merge(b, a).annotations[x.id] == x


@given(small_sets(), small_annotations(), st.integers(0, 5))
def test_a_delete_wins_over_an_older_version(a: AnnotationSet, x: Annotation, later: int) -> None:
    a.annotations.pop(x.id, None)
    a.deleted[x.id] = x.updated + timedelta(seconds=later)
    b = AnnotationSet(info(), {x.id: x})
    for merged in (merge(a, b), merge(b, a)):
        assert x.id not in merged.annotations and merged.deleted[x.id] == a.deleted[x.id]


@given(small_sets(), small_annotations())
def test_a_restore_survives_a_merge_with_the_tombstone(a: AnnotationSet, x: Annotation) -> None:
    a.annotations[x.id] = x
    a.deleted.pop(x.id, None)
    a.delete(x.id)
    tombstone = AnnotationSet(info(), {}, dict(a.deleted))
    restored = a.restore(x)
    for merged in (merge(a, tombstone), merge(tombstone, a)):
        assert merged.annotations[x.id] == restored and x.id not in merged.deleted


# -- the file ---------------------------------------------------------------------


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(aset=sets())
def test_save_then_load_gives_back_the_same(tmp_path: Path, aset: AnnotationSet) -> None:
    folder = tmp_path / f"annotations{next(_folders)}"
    saved = Store(folder).save(aset)
    assert saved == aset
    assert Store(folder).load(REL) == aset


def same_reading(a, b) -> bool:
    return a[0] == b[0] and [x for x, _ in a[1]] == [x for x, _ in b[1]] and a[2] == b[2]


@given(sets())
def test_our_files_are_read_fast_and_as_tomllib_reads_them(aset: AnnotationSet) -> None:
    data, blocks = dumps(aset)
    text = data.decode("utf-8")
    fast = _read_fast(text)
    assert fast is not None, "a file as dumps() writes it is read without tomllib"
    assert same_reading(fast, _from_toml(tomllib.loads(text)))
    assert all(blocks[a.id] == (a, block) for a, block in fast[1])


EDITS = [
    "",
    '"',
    "\\",
    "\n",
    " ",
    "#x\n",
    "a",
    "1",
    "-",
    "\\u0041",
    "\\t",
    "\r",
    "\r\n",
    '"""',
    ",",
    "Z",
    ".5",
    "T",
    "\t",
    "'",
    "[",
    "]",
    "=",
    "\\\n",
    "\x00",
]


@settings(max_examples=150)
@given(sets(), st.data())
def test_an_edited_file_is_read_as_tomllib_reads_it(aset: AnnotationSet, data) -> None:
    text = dumps(aset)[0].decode("utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 3)))
        text = text[:i] + data.draw(st.sampled_from(EDITS)) + text[j:]
    try:
        expected = _from_toml(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, _Invalid):
        expected = None
    fast = _read_fast(text)
    if fast is not None:
        assert expected is not None and same_reading(fast, expected)


def test_a_file_looks_as_designed(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    aset = new_set()
    stamp = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    aset.put(
        Annotation(
            "01JD0000000000000000000000",
            "yellow",
            10,
            20,
            "what really",
            "counts is",
            "terbium for",
            'First line\nsecond "line"',
            ("rare-earths",),
            stamp,
            stamp,
        )
    )
    aset.deleted["01JD0000000000000000000001"] = stamp + timedelta(minutes=5)
    store.save(aset)
    text = store.path_for(REL).read_text("utf-8")
    assert text == (
        "[document]\n"
        f'path = "doc.txt"\nsha256 = "{text_sha256(TEXT)}"\nlength = {len(TEXT)}\nencoding = "utf-8"\n'
        '\n[[annotation]]\nid = "01JD0000000000000000000000"\nkind = "yellow"\nstart = 10\nend = 20\n'
        'exact = "what really"\nprefix = "counts is"\nsuffix = "terbium for"\n'
        'note = """\nFirst line\nsecond \\"line\\""""\ntags = [\n    "rare-earths",\n]\n'
        "created = 2026-11-23T08:00:00Z\nupdated = 2026-11-23T08:00:00Z\n"
        '\n[[deleted]]\nid = "01JD0000000000000000000001"\ndeleted = 2026-11-23T08:05:00Z\n'
    )


def test_saving_again_changes_nothing_and_a_new_note_only_adds_lines(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    store = Store(folder)
    aset = new_set("sub/folder/doc.txt")
    for start in (100, 500, 900, 1300):
        annotate(aset, start, note=f"note at {start}")
    aset.delete(annotate(aset, 50).id)
    aset = store.save(aset)
    path = store.path_for("sub/folder/doc.txt")
    first, stat = path.read_bytes(), path.stat()
    aset = store.save(aset)
    other = Store(folder)
    other.save(other.load("sub/folder/doc.txt"))
    assert path.read_bytes() == first
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns), "rewritten"
    annotate(aset, 700, note="a new note\nover two lines")
    store.save(aset)
    diff = [
        line
        for line in difflib.ndiff(first.decode().splitlines(), path.read_text().splitlines())
        if not line.startswith("  ")
    ]
    assert diff and all(line.startswith("+ ") for line in diff), diff
    assert len(diff) == 14  # a blank line and the table


def test_a_hand_edited_file_is_read_and_then_written_as_ours(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    path = store.path_for(REL)
    path.parent.mkdir(parents=True)
    path.write_text(
        '# my notes\n[document]\nencoding = "utf-8"\npath = "old/name.txt"\nsha256 = "abc"\nlength = 10\n\n'
        "[[annotation]]\nkind = 'green'\nid = \"A\"\nstart = 1\nend = 3\nexact = \"bc\"\nprefix = 'a'\n"
        "suffix = \"de\"\ntags = [\"one\", \"two\"]\nnote = '''a literal \\ note'''\n"
        "created = 2026-11-23 09:00:00+01:00\nupdated = 2026-11-23T08:00:01.5Z\n",
        "utf-8",
    )
    aset = store.load(REL)
    assert aset.document == DocumentInfo(REL, "abc", 10, "utf-8")  # where the file is decides
    a = aset.annotations["A"]
    assert (a.kind, a.start, a.end, a.exact, a.prefix, a.suffix, a.note, a.tags) == (
        "green",
        1,
        3,
        "bc",
        "a",
        "de",
        "a literal \\ note",
        ("one", "two"),
    )
    assert a.created == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert a.updated == datetime(2026, 11, 23, 8, 0, 1, 500000, tzinfo=UTC)
    store.save(aset)
    assert _read_fast(path.read_text("utf-8")) is not None
    assert Store(store.folder).load(REL) == aset


def test_the_same_id_twice_keeps_the_later(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    aset = new_set()
    a = annotate(aset, 10)
    store.save(aset)
    path = store.path_for(REL)
    text = path.read_text()
    block = text[text.index("[[annotation]]") :]
    later = block.replace("updated = ", "updated = 2099-01-01T00:00:00Z\n#").replace('kind = "yellow"', 'kind = "pink"')
    path.write_text(text + "\n" + later)
    assert store.load(REL).annotations == {
        a.id: dataclasses.replace(a, kind="pink", updated=datetime(2099, 1, 1, tzinfo=UTC))
    }


# -- files that are refused -----------------------------------------------------------

GOOD = (
    '[document]\npath = "doc.txt"\nsha256 = "abc"\nlength = 10\nencoding = "utf-8"\n\n'
    '[[annotation]]\nid = "A"\nkind = "yellow"\nstart = 1\nend = 3\nexact = "bc"\nprefix = "a"\nsuffix = "de"\n'
    "created = 2026-11-23T08:00:00Z\nupdated = 2026-11-23T08:00:00Z\n"
)


@pytest.mark.parametrize(
    "bad, says",
    [
        (GOOD.replace("kind = ", "kind "), "annotations/doc.txt.toml, line 9: Expected '=' after a key"),
        (GOOD.replace('"de"', '"de'), "annotations/doc.txt.toml, line 14: Illegal character '\\n'"),
        (GOOD + "[[annotation]\n", "annotations/doc.txt.toml, line 17: "),
        (GOOD + 'x = """', "annotations/doc.txt.toml, at the end: Unterminated string"),
        (GOOD.split("\n\n")[1], "annotations/doc.txt.toml: no [document] table"),
        (GOOD.replace("start = 1", 'start = "1"'), "[[annotation]] number 1 (id A): start is text, not a whole number"),
        (GOOD.replace("start = 1", "start = 5"), "[[annotation]] number 1 (id A): start 5 and end 3 are not"),
        (GOOD.replace("start = 1", "start = true"), "start is true or false, not a whole number"),
        (
            GOOD.replace('kind = "yellow"', 'colour = "yellow"'),
            "[[annotation]] number 1 (id A) has an unknown key 'colour'",
        ),
        (GOOD.replace('kind = "yellow"\n', ""), "[[annotation]] number 1 (id A) has no kind"),
        (GOOD.replace("created = 2026-11-23T08:00:00Z", "created = 2026-11-23T08:00:00"), "created has no time zone"),
        (
            GOOD.replace("created = 2026-11-23T08:00:00Z", "created = 2026-11-23"),
            "created is a date without a time, not a date and time",
        ),
        (GOOD.replace('suffix = "de"', 'suffix = "de"\ntags = "x"'), "tags is text, not a list"),
        (GOOD.replace('suffix = "de"', 'suffix = "de"\ntags = [1]'), "tags must be a list of text"),
        (GOOD.replace("length = 10", "length = 1.5"), "[document]: length is a decimal number, not a whole number"),
        (GOOD + "\n[[deleted]]\nid = 7\n", "[[deleted]] number 1: id is a whole number, not text"),
        ("annotation = 3\n" + GOOD.split("\n\n")[0], "annotation is a whole number, not a list of [[annotation]]"),
        (GOOD + "\n[extra]\n", "unknown key 'extra'"),
        (b"\xff\xfe" + GOOD.encode(), "annotations/doc.txt.toml: not UTF-8 text (byte 0)"),
    ],
)
def test_a_file_that_is_not_ours_is_refused_and_kept(tmp_path: Path, bad: str | bytes, says: str) -> None:
    store = Store(tmp_path / "annotations")
    path = store.path_for(REL)
    path.parent.mkdir(parents=True)
    data = bad if isinstance(bad, bytes) else bad.encode("utf-8")
    path.write_bytes(data)
    with pytest.raises(StoreError) as err:
        store.load(REL)
    message = str(err.value)
    assert says in message and "\n" not in message and err.value.path == path
    assert message.startswith("annotations/doc.txt.toml") and message.endswith("reader will not write over it")
    aset = new_set()
    annotate(aset, 10)
    with pytest.raises(StoreError):
        store.save(aset)
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")) == ["doc.txt.toml"]
    assert store.load_all_counts().get(REL, 0) == data.count(b"[[annotation]]")  # counted, not parsed


def test_a_file_that_goes_bad_after_it_was_read_is_not_written_over(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    aset = new_set()
    annotate(aset, 10)
    aset = store.save(aset)
    path = store.path_for(REL)
    broken = path.read_bytes().replace(b"kind = ", b"kind ")
    path.write_bytes(broken)
    annotate(aset, 20)
    with pytest.raises(StoreError, match=r"annotations/doc.txt.toml, line \d+: Expected '='"):
        store.save(aset)
    assert path.read_bytes() == broken


def test_a_file_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    store.path_for(REL).mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(StoreError, match="annotations/doc.txt.toml cannot be read"):
        store.load(REL)


def test_paths_stay_inside_the_folder(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    assert store.path_for("a/b.txt") == tmp_path / "annotations" / "a" / "b.txt.toml"
    for rel in ("../x.txt", "/etc/x", "", "a/../../x"):
        with pytest.raises(ValueError):
            store.path_for(rel)


# -- saving -----------------------------------------------------------------------


def test_two_stores_on_one_folder_keep_both_changes(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    a_store, b_store = Store(folder), Store(folder)  # two instances of the app
    a_set = a_store.load(REL) or new_set()
    b_set = b_store.load(REL) or new_set()
    x = annotate(a_set, 10)
    a_set = a_store.save(a_set)
    y = annotate(b_set, 200)
    b_set = b_store.save(b_set)
    assert set(b_set.annotations) == {x.id, y.id}
    assert set(Store(folder).load(REL).annotations) == {x.id, y.id}
    # A deletes x (and has not seen y); B, which still shows x, edits y: x stays deleted.
    a_set.delete(x.id)
    a_set = a_store.save(a_set)
    assert set(a_set.annotations) == {y.id}
    b_set.put(dataclasses.replace(b_set.annotations[y.id], note="edited", updated=now()))
    b_set = b_store.save(b_set)
    assert set(b_set.annotations) == {y.id} and b_set.annotations[y.id].note == "edited"
    assert Store(folder).load(REL) == b_set


def test_new_files_have_the_usual_permissions_and_old_ones_keep_theirs(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    store = Store(tmp_path / "annotations")
    aset = new_set()
    annotate(aset, 10)
    aset = store.save(aset)
    path = store.path_for(REL)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o600)
    annotate(aset, 20)
    store.save(aset)
    assert path.stat().st_mode & 0o777 == 0o600


def test_leftovers_of_a_killed_save_are_cleared_and_never_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    folder = store.folder
    folder.mkdir()
    ours = folder / ".doc.txt.toml.k3j_x9a2.tmp"
    someone_elses = folder / ".doc.txt.toml.x.toml.k3j_x9a2.tmp"  # of the document doc.txt.toml.x
    for path in (ours, someone_elses):
        path.write_text("half a file")
    assert store.load_all_counts() == {}
    aset = new_set()
    annotate(aset, 10)
    store.save(aset)
    assert not ours.exists() and someone_elses.exists()


def test_load_all_counts(tmp_path: Path) -> None:
    store = Store(tmp_path / "annotations")
    assert store.load_all_counts() == {}  # no folder yet
    for rel, count in (("a.txt", 3), ("sub/b.md", 1), ("sub/deeper/c", 0)):
        aset = new_set(rel)
        for n in range(count + 1):
            annotate(aset, 10 * n)
        aset.delete(next(iter(aset.annotations)))
        store.save(aset)
    (store.folder / "bad.txt.toml").write_text("[document\n")
    (store.folder / "notes.md").write_text("not ours")
    # Counted from the headers, without parsing: a bad file has its count too.
    assert store.load_all_counts() == {"a.txt": 3, "sub/b.md": 1, "sub/deeper/c": 0, "bad.txt": 0}


def run_child(folder: Path, count: int, *extra: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(folder), REL, str(TEXT_FILE), str(count), *extra],
        stdout=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_sigkill_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    rng = random.Random()
    acknowledged: list[str] = []
    for _ in range(5):
        child = run_child(folder, 0)
        first = child.stdout.readline()  # it is saving, in a loop
        time.sleep(rng.uniform(0, 0.15))
        child.send_signal(signal.SIGKILL)
        ids = [first, *child.stdout.read().splitlines()]
        assert child.wait() == -signal.SIGKILL
        assert all(len(id.strip()) == 26 for id in ids)
        acknowledged += [id.strip() for id in ids]
        aset = Store(folder).load(REL)  # parses, whenever the kill came
        missing = set(acknowledged) - set(aset.annotations)
        assert not missing, f"{len(missing)} acknowledged annotations lost"
    # What a killed save leaves (a temporary file) is never taken for a file of annotations.
    for path in folder.iterdir():
        assert path.name == "doc.txt.toml" or (path.name.startswith(".") and path.suffix in (".tmp", ".lock"))
    assert Store(folder).load_all_counts() == {REL: len(Store(folder).load(REL).annotations)}


def test_two_programs_saving_at_once_keep_everything(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    children = [run_child(folder, 30, "--wait", stdin=subprocess.PIPE) for _ in range(2)]
    for child in children:
        assert child.stdout.readline() == "ready\n"
    for child in children:  # both loaded nothing; now both save 30 times, at once
        child.stdin.write("go\n")
        child.stdin.flush()
    ids = []
    for child in children:
        out, _ = child.communicate(timeout=60)
        assert child.returncode == 0
        ids += out.split()
    assert len(set(ids)) == 60
    assert set(Store(folder).load(REL).annotations) == set(ids)
