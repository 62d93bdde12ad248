"""`reader index [CORPUS] [--rebuild]`: builds or refreshes the library
index, says what it did in one line, and fails in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import cli
from reader.core.index.search_index import index_folder


def test_index_builds_then_refreshes_then_rebuilds(seeds: Path, capsys) -> None:
    assert cli.main(["index", str(seeds)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("indexed 5 documents (") and f"in {index_folder(seeds)}" in out
    assert "x the text)" in out
    assert (index_folder(seeds) / "catalog.sqlite").is_file()
    assert not any(
        path.name == "annotations" or "index" in path.name for path in seeds.iterdir()
    )  # nothing in the corpus
    assert cli.main(["index", str(seeds)]) == 0
    assert cli.main(["index", str(seeds), "--rebuild"]) == 0
    assert capsys.readouterr().out.count("indexed 5 documents") == 2


def test_progress_lines_are_json_for_the_app(seeds: Path, capsys) -> None:
    import json

    assert cli.main(["index", str(seeds), "--progress", "lines"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["documents"] == 0 and lines[-1]["documents"] == lines[-1]["total"] == 5


@pytest.mark.parametrize("args", [["index", "/nonexistent/folder"], ["index", "FILE"]])
def test_bad_input_is_one_line(args: list[str], seeds: Path, capsys) -> None:
    args = [str(next(seeds.iterdir())) if a == "FILE" else a for a in args]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reader: ")


def test_an_unwritable_cache_is_one_line(seeds: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cli.main(["index", str(seeds)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: cannot write the index in ") and err.count("\n") == 1
