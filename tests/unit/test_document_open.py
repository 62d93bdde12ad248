"""A document swapped for a special file after it was listed (between the
scan's stat and the open): every reader of documents opens it through
corpus.open_document_file, which refuses it at once with the line the
sidebar and `reader text` give for one found at the scan. Each call runs in
a thread: one that blocked opening the FIFO fails the test instead of
hanging it."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from reader.core.index.building import prepare
from reader.core.library.corpus import (
    Document,
    DocumentError,
    describe,
    load,
    load_head,
    looks_like_markdown,
    open_corpus,
    open_document_file,
)

T = TypeVar("T")
REFUSED = "book.txt is not a file (a FIFO): reader never opens one."


def at_once(call: Callable[[], T], fifo: Path) -> T:
    """What `call` returns (or raises), provided it does not block."""
    pool = ThreadPoolExecutor(1)
    future = pool.submit(call)
    try:
        return future.result(timeout=10)
    except TimeoutError:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # a writer lets the blocked open go
        pytest.fail("blocked opening a FIFO")
    finally:
        pool.shutdown(wait=False)


@pytest.fixture
def swapped(tmp_path: Path) -> tuple[Document, Path]:
    """book.txt, listed as a regular file, then replaced by a FIFO."""
    path = tmp_path / "book.txt"
    path.write_text("Words of a book.\n" * 100, "utf-8")
    (doc,) = open_corpus(tmp_path).documents
    assert doc.problem is None
    path.unlink()
    os.mkfifo(path)
    return doc, path


def test_the_helper_refuses_a_fifo_at_once(swapped: tuple[Document, Path]) -> None:
    _, fifo = swapped
    with pytest.raises(DocumentError, match=re.escape(REFUSED)) as refused:
        at_once(lambda: open_document_file(fifo, "book.txt"), fifo)
    assert refused.value.problem == "not a file (a FIFO)"


def test_load_refuses_a_file_swapped_for_a_fifo(swapped: tuple[Document, Path]) -> None:
    doc, fifo = swapped
    with pytest.raises(DocumentError, match=re.escape(REFUSED)):
        at_once(lambda: load(doc), fifo)


def test_describe_marks_it_not_a_file(swapped: tuple[Document, Path]) -> None:
    doc, fifo = swapped
    at_once(lambda: describe(doc), fifo)
    assert (doc.problem, doc.words) == ("not a file (a FIFO)", None)


def test_the_sniffers_give_up_on_it(swapped: tuple[Document, Path]) -> None:
    doc, fifo = swapped
    assert at_once(lambda: looks_like_markdown(doc), fifo) is False
    assert at_once(lambda: load_head(doc), fifo) is None


def test_the_index_marks_it_not_a_file(swapped: tuple[Document, Path]) -> None:
    doc, fifo = swapped
    ready = at_once(lambda: prepare(doc.path, doc.rel, doc.problem, annotated=False), fifo)
    assert (ready.problem, ready.passages) == ("not a file (a FIFO)", [])


def test_a_file_swapped_for_a_device_or_a_socket_is_named_so(swapped: tuple[Document, Path]) -> None:
    doc, path = swapped
    path.unlink()
    path.symlink_to("/dev/zero")  # reading it would never end
    with pytest.raises(DocumentError, match=r"book.txt is not a file \(a device\): reader never opens one."):
        load(doc)
    path.unlink()
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))  # cannot be opened at all (ENXIO)
        with pytest.raises(DocumentError, match=r"book.txt is not a file \(a socket\): reader never opens one."):
            load(doc)


def test_a_regular_file_still_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_bytes(b"x" * 300_000)
    with open_document_file(path, "book.txt") as f:
        assert f.read() == b"x" * 300_000
