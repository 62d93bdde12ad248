"""bench/library_corpus.py, the generator of the library benchmarks' corpora
(which tests of the library index use too): real prose, same bytes for the
same arguments, each planted sentence in exactly one document, where the
manifest says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

_spec = importlib.util.spec_from_file_location("library_corpus", ROOT / "bench" / "library_corpus.py")
library_corpus = importlib.util.module_from_spec(_spec)
sys.modules["library_corpus"] = library_corpus  # dataclasses look their module up there
_spec.loader.exec_module(library_corpus)


def files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_same_arguments_same_corpus(tmp_path: Path) -> None:
    one = library_corpus.generate(tmp_path / "one", 60, 1.0)
    two = library_corpus.generate(tmp_path / "two", 60, 1.0)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert (one.planted, one.first_text) == (two.planted, two.first_text)
    other = library_corpus.generate(tmp_path / "other", 60, 1.0, seed=13)
    assert files(tmp_path / "other") != files(tmp_path / "one")
    assert other.bytes == sum(len(data) for data in files(tmp_path / "other").values())


def test_documents_of_real_prose_in_folders_each_with_its_title(tmp_path: Path) -> None:
    library = library_corpus.generate(tmp_path / "lib", 200, 2.0)
    written = files(tmp_path / "lib")
    assert len(written) == 200
    assert len({Path(rel).parent for rel in written}) == 20
    assert abs(library.bytes - 2_000_000) < 20_000
    texts = [data.decode("utf-8") for data in written.values()]  # all UTF-8, the Latin-1 book too
    assert [text.split("\n", 1)[0] for text in texts] == [f"Volume {n:05d}" for n in range(200)]
    prose = "".join(texts)
    assert "\r" not in prose and "\x00" not in prose
    assert "Dulcinea" in prose and "caballero" in prose and "señor" in prose  # Don Quijote, decoded
    assert "Elizabeth" in prose and "“" in prose  # Pride and Prejudice, curly quotes
    assert "Gutenberg" not in prose  # neither the header nor the licence
    # Hard line breaks inside paragraphs, as in the books.
    assert any(len(p.split("\n")) > 2 for p in prose.split("\n\n"))
    first = written[library.first_document].decode("utf-8")
    assert first.split("\n")[2].startswith(library.first_text)


def test_each_planted_sentence_is_in_one_document_on_its_line(tmp_path: Path) -> None:
    library = library_corpus.generate(tmp_path / "lib", 100, 1.0)
    texts = {rel: data.decode("utf-8") for rel, data in files(tmp_path / "lib").items()}
    assert len(library.planted) == len(library_corpus.PLANTED)
    assert len({p.rel for p in library.planted}) == len(library.planted)
    for planted in library.planted:
        assert [rel for rel, text in texts.items() if planted.text.lower() in text.lower()] == [planted.rel]
        lines = texts[planted.rel].split("\n")
        assert "\n".join(lines[planted.line - 1 :]).startswith(planted.text)
    assert library_corpus.read_manifest(tmp_path / "lib") == library


def test_a_folder_with_files_in_it_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "mine.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not empty"):
        library_corpus.generate(tmp_path / "lib", 10, 0.1)
    assert files(tmp_path / "lib") == {"mine.txt": b"keep me"}
