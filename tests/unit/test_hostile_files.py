"""Special files in a corpus, and in its annotations/: a FIFO named `x.txt`
(opening it blocks until a writer comes), links to /dev/zero and
/dev/urandom (reading them never ends). Every command finishes at once with
a clear line about each (the subprocess timeout would end one that hung)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.annotations.store import Store
from reader.core.library.rule import Library

READER = Path(sys.executable).with_name("reader")
TEXT = "Plain words to annotate, and more words after them.\n"


def annotation_file(rel: str) -> str:
    return (
        f'[document]\npath = "{rel}"\nsha256 = ""\nlength = {len(TEXT)}\nencoding = "utf-8"\n\n'
        '[[annotation]]\nid = "a1"\nkind = "yellow"\nstart = 0\nend = 5\nexact = "Plain"\nprefix = ""\n'
        'suffix = " words"\ncreated = 2026-11-23T08:00:00Z\nupdated = 2026-11-23T08:00:00Z\n'
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Notes made on x.txt and zero.txt when they were text; then each
    replaced by a special file. b.txt's annotation file is a FIFO."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, "utf-8")
    (folder / "b.txt").write_text(TEXT, "utf-8")
    store = Store(Library.of(folder))
    for rel in ("x.txt", "zero.txt", "a.txt"):
        path = store.path_for(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(annotation_file(rel), "utf-8")
    os.mkfifo(store.path_for("b.txt"))
    os.mkfifo(folder / "x.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "rand.txt").symlink_to("/dev/urandom")
    os.mkfifo(folder / "pipe")  # without a suffix: not even listed
    return folder


def reader(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(READER), *argv], capture_output=True, text=True, timeout=30)


def test_check_names_each_and_opens_none(corpus: Path) -> None:
    done = reader("check", str(corpus))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert "x.txt: cannot be checked: x.txt is not a file (a FIFO): reader never opens one." in lines
    assert "zero.txt: cannot be checked: zero.txt is not a file (a device): reader never opens one." in lines
    assert any(line.startswith("a.txt:") for line in lines)


def test_check_json_and_fix_finish_too(corpus: Path) -> None:
    assert reader("check", str(corpus), "--json").returncode == 1
    assert reader("check", str(corpus), "--fix").returncode == 1


def test_export_lists_their_notes_as_orphaned_and_skips_the_fifo_file(corpus: Path) -> None:
    done = reader("export", str(corpus))
    assert done.returncode == 0, done.stderr
    assert "zero.txt is not a file (a device)" in done.stdout and "Orphaned" in done.stdout
    assert reader("export", str(corpus), "--format", "json").returncode == 0


def test_index_goes_past_them(corpus: Path) -> None:
    done = reader("index", str(corpus), "--progress", "none")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("indexed 5 documents")


@pytest.mark.parametrize("name", ["x.txt", "zero.txt", "rand.txt"])
def test_text_refuses_each_in_one_line(corpus: Path, name: str) -> None:
    done = reader("text", str(corpus / name))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"reader: {name} is not a file (a ")
    assert done.stderr.count("\n") == 1


def test_a_fifo_for_an_annotation_file_is_refused_not_read(corpus: Path) -> None:
    store = Store(Library.of(corpus))
    with pytest.raises(Exception, match="is not a file: reader never reads one"):
        store.load("b.txt")
    assert "b.txt" not in store.files()
