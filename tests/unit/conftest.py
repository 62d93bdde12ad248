"""Shared helpers: every case writes real bytes to a real file and reads them
back the way the app does, through the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library.corpus import Document, describe, load, open_corpus
from reader.core.text.reading import ReadingText


def write(path: Path, data: bytes | str) -> Path:
    """Write `data` (a str is written as UTF-8) to `path`, making folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def single_document(path: Path) -> Document:
    corpus = open_corpus(path)
    assert corpus.single_file
    (doc,) = corpus.documents
    return doc


@pytest.fixture
def read_file(tmp_path: Path):
    """read_file(data, name="doc.txt") -> the reading text of a file holding `data`."""

    def read(data: bytes | str, name: str = "doc.txt") -> ReadingText:
        return load(single_document(write(tmp_path / name, data)))

    return read


@pytest.fixture
def described(tmp_path: Path):
    """described(data, name="doc.txt") -> the Document, title and words filled in."""

    def describe_file(data: bytes | str, name: str = "doc.txt") -> Document:
        doc = single_document(write(tmp_path / name, data))
        describe(doc)
        return doc

    return describe_file
