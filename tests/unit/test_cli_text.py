"""`reader text PATH`: the installed command prints a document's reading text
(what the pane shows, without styles) or, with `--format json`, the text with
its metadata and outline; errors are one line and exit status 2; a FIFO or a
link to /dev/zero is refused at once; a pipe closed early ends it quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.library.corpus import load, open_corpus
from reader.core.text.outline import outline

from ..conftest import SEEDS, SHARED

READER = Path(sys.executable).with_name("reader")
BOOK = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"
NOTE = SEEDS / "004_fb88cd4e1ca0a06e.txt"  # Markdown with front matter and headings


def reader(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(READER), *argv], capture_output=True, timeout=60)


def test_the_text_is_what_the_pane_shows() -> None:
    done = reader("text", str(NOTE))
    assert (done.returncode, done.stderr) == (0, b"")
    (doc,) = open_corpus(NOTE).documents
    assert done.stdout.decode("utf-8") == load(doc).text
    assert b"videoId" not in done.stdout and b"[[" not in done.stdout  # rendered, not as written


def test_a_latin1_book_comes_out_as_utf8() -> None:
    done = reader("text", str(BOOK))
    assert done.returncode == 0
    assert "En un lugar de la Mancha, de cuyo nombre no quiero acordarme" in done.stdout.decode("utf-8")


def test_json_holds_the_text_metadata_and_outline() -> None:
    done = reader("text", "--format", "json", str(NOTE))
    assert (done.returncode, done.stderr) == (0, b"")
    report = json.loads(done.stdout)
    (doc,) = open_corpus(NOTE).documents
    reading = load(doc)
    assert report["text"] == reading.text
    assert report["title"] == "USChina trade relations and rare earth dependencies"
    assert report["encoding"] == "utf-8" and report["repairs"] == reading.repairs
    assert report["metadata"]["videoId"] == "4tcd1EgQrhU"
    entries = outline(reading.text, reading.markup)
    assert report["outline"] == [{"offset": e.start, "level": e.level, "title": e.title} for e in entries]
    first = report["outline"][0]
    assert report["text"][first["offset"] :].startswith(first["title"])


def test_json_of_a_plain_book_names_it_and_its_chapters() -> None:
    report = json.loads(reader("text", "--format", "json", str(BOOK)).stdout)
    assert report["title"] == "Don Quijote, by Miguel de Cervantes Saavedra"
    assert report["encoding"] != "utf-8" and report["metadata"] == {}
    assert len(report["outline"]) > 100


def test_a_pipe_closed_early_ends_quietly() -> None:
    # `reader text book | head -1`: head leaves after one line.
    shell = f'{READER} text {BOOK} | head -c 100; echo "status ${{PIPESTATUS[0]}}" >&2'
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("The Project Gutenberg EBook of Don Quijote")
    assert done.stderr == "status 0\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "reader: no such file or folder: "),
        (lambda d: d, "is a folder: `reader text` prints one document"),
        (lambda d: _fifo(d / "x.txt"), "x.txt is not a file (a FIFO): reader never opens one."),
        (lambda d: _link(d / "zero.txt", "/dev/zero"), "zero.txt is not a file (a device): reader never opens one."),
        (lambda d: _link(d / "rand.txt", "/dev/urandom"), "rand.txt is not a file (a device)"),
        (lambda d: _write(d / "data.txt", b"\x00\x01\x02binary" * 100), "data.txt is not text"),
    ],
    ids=["missing", "folder", "fifo", "zero", "urandom", "binary"],
)
def test_what_cannot_be_printed_is_one_line_and_status_2(tmp_path: Path, make, message: str) -> None:
    done = reader("text", str(make(tmp_path)))  # the timeout would end a read that never ends
    assert done.returncode == 2 and done.stdout == b""
    (line,) = done.stderr.decode("utf-8").splitlines()
    assert line.startswith("reader: ") and message in line


def test_it_never_loads_the_ui() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from reader.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    rc = main(['text', {str(NOTE)!r}])\n"
        "sys.exit(10 + rc if 'textual' in sys.modules else rc)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60).returncode == 0


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _link(path: Path, target: str) -> Path:
    path.symlink_to(target)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_book_and_a_saved_page_come_out_as_their_reading_text(tmp_path: Path) -> None:
    book = SHARED / "corpora" / "epub" / "wasteland.epub"
    done = reader("text", "--format", "json", str(book))
    assert (done.returncode, done.stderr) == (0, b"")
    report = json.loads(done.stdout)
    assert report["metadata"]["author"] == "T.S. Eliot" and report["metadata"]["format"] == "EPUB 3"
    assert [entry["title"] for entry in report["outline"]][:2] == ["I. THE BURIAL OF THE DEAD", "II. A GAME OF CHESS"]
    assert report["text"][report["outline"][0]["offset"] :].startswith("I. THE BURIAL OF THE DEAD")
    page = SHARED / "corpora" / "html" / "0d46122928b6f468.html"
    done = reader("text", str(page))
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8").startswith("MADRID — Rafael Nadal kept Spain’s hopes alive")
    assert b"<" not in done.stdout  # the article's text, not its markup
    broken = tmp_path / "broken.epub"
    broken.write_bytes(b"not a zip")
    done = reader("text", str(broken))
    assert done.returncode == 2 and done.stdout == b"" and done.stderr.count(b"\n") == 1
