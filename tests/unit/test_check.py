"""`reader check`: states per document, exit codes, --fix, renamed documents."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation
from reader.core.annotations.store import Store
from reader.core.library.corpus import load, open_corpus
from reader.core.library.rule import Library
from reader.core.text.reading import text_sha256

DOC = "002_49671702ffe5f58f.txt"
KEPT = "what really counts is terbium for the Americans"
GONE = "For all America’s longstanding complaints about industrial subsidies"


def annotate(seeds: Path, *phrases: str) -> Path:
    doc = next(d for d in open_corpus(seeds).documents if d.rel == DOC)
    reading = load(doc)
    aset = AnnotationSet(DocumentInfo(DOC, text_sha256(reading.text), len(reading.text), reading.encoding), {}, {})
    for phrase in phrases:
        start = reading.text.index(phrase)
        aset.put(make_annotation(reading.text, start, start + len(phrase), "yellow"))
    store = Store(Library.of(seeds))
    store.save(aset)
    return store.path_for(DOC)


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def test_an_unchanged_corpus_is_all_exact(seeds: Path, capsys) -> None:
    annotate(seeds, KEPT, GONE)
    code, out = run(capsys, str(seeds))
    assert code == 0
    assert out == f"{DOC}: 2 exact, 0 moved, 0 fuzzy, 0 orphaned\n"


def test_moved_and_orphaned_then_fix(seeds: Path, capsys) -> None:
    file = annotate(seeds, KEPT, GONE)
    path = seeds / DOC
    path.write_text(
        "A new first paragraph.\n\n" + path.read_text("utf-8").replace(GONE, "Something else entirely"), "utf-8"
    )
    before = file.read_bytes()
    code, out = run(capsys, str(seeds))
    assert code == 1
    summary, orphan = out.splitlines()
    assert summary == f"{DOC}: 0 exact, 1 moved, 0 fuzzy, 1 orphaned"
    # The one to look at, named: state, line, the start of its quote, its file.
    assert orphan.split()[:3] == ["orphaned", "line", "5"]
    assert "“For all America’s longstanding" in orphan and f"annotations/seeds/{DOC}.toml" in orphan
    assert file.read_bytes() == before  # without --fix nothing is written
    code, out = run(capsys, str(seeds), "--fix")
    assert code == 1 and "written back" in out
    saved = tomllib.loads(file.read_text("utf-8"))
    kept = next(a for a in saved["annotation"] if a["exact"] == KEPT)
    assert kept["start"] == path.read_text("utf-8").index(KEPT)
    assert len(saved["annotation"]) == 2  # the orphan is kept, never deleted


def test_a_renamed_document_is_found_again(seeds: Path, capsys) -> None:
    annotate(seeds, KEPT)
    (seeds / DOC).rename(seeds / "renamed.txt")
    code, out = run(capsys, str(seeds))
    assert (
        code == 1 and out == f"{DOC}: document gone; the same text is renamed.txt: --fix moves its annotations there\n"
    )
    code, out = run(capsys, str(seeds), "--fix")
    assert "moved there" in out
    annotations = seeds.parent / "annotations" / "seeds"
    assert not (annotations / f"{DOC}.toml").exists()
    renamed = tomllib.loads((annotations / "renamed.txt.toml").read_text("utf-8"))
    assert renamed["document"]["path"] == "seeds/renamed.txt"  # its path from the library root
    code, out = run(capsys, str(seeds))
    assert code == 0 and out == "renamed.txt: 1 exact, 0 moved, 0 fuzzy, 0 orphaned\n"


def test_a_deleted_document_and_a_bad_file(seeds: Path, capsys) -> None:
    file = annotate(seeds, KEPT)
    (seeds / DOC).unlink()
    code, out = run(capsys, str(seeds))
    assert code == 1 and out.splitlines()[0] == f"{DOC}: document gone: 1 orphaned (annotations/seeds/{DOC}.toml)"
    file.write_text("[document\n", "utf-8")
    code, out = run(capsys, str(seeds))
    assert code == 1 and "cannot be checked" in out and "line 1" in out


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--nope"])
    assert exit_.value.code == 2
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.count("\n") >= 1


def test_two_gone_documents_with_one_text_are_merged_not_lost(seeds: Path, capsys) -> None:
    # Both files' documents are gone and both texts are now `renamed.txt`'s:
    # --fix merges them by id into one file, and removes neither before.
    first = annotate(seeds, KEPT)
    store = Store(Library.of(seeds))
    aset = store.load(DOC)
    text = load(next(d for d in open_corpus(seeds).documents if d.rel == DOC)).text
    aset.document.path = "copy.txt"
    start = text.index(GONE)
    aset.annotations = {}
    aset.put(make_annotation(text, start, start + len(GONE), "green", "the second file's note"))
    store.save(aset)
    (seeds / DOC).rename(seeds / "renamed.txt")
    code, out = run(capsys, str(seeds), "--fix")
    assert out.count("moved there") == 2
    merged = Store(Library.of(seeds)).load("renamed.txt")
    assert sorted(a.exact for a in merged.annotations.values()) == sorted([KEPT, GONE])
    assert not first.exists() and not store.path_for("copy.txt").exists()


def test_json_report(seeds: Path, capsys) -> None:
    import json

    annotate(seeds, KEPT, GONE)
    path = seeds / DOC
    path.write_text(path.read_text("utf-8").replace(GONE, "Something else entirely"), "utf-8")
    code, out = run(capsys, str(seeds), "--json")
    (report,) = json.loads(out)
    assert code == 1 and report["document"] == DOC and report["counts"]["orphaned"] == 1
    assert report["flagged"][0]["state"] == "orphaned" and report["flagged"][0]["quote"].startswith("For all")


def test_a_span_past_the_end_is_not_called_exact_whatever_the_sha(seeds: Path, capsys) -> None:
    # A hand edit moved the span; the sha256 still says "unchanged".
    file = annotate(seeds, KEPT)
    length = len(load(next(d for d in open_corpus(seeds).documents if d.rel == DOC)).text)
    text = file.read_text("utf-8")
    start = int(text.split("\nstart = ")[1].split("\n")[0])
    file.write_text(
        text.replace(f"\nstart = {start}\n", f"\nstart = {length - 2}\n").replace(
            f"\nend = {start + len(KEPT)}\n", f"\nend = {length + 40}\n"
        ),
        "utf-8",
    )
    code, out = run(capsys, str(seeds))
    assert out.splitlines()[0] != f"{DOC}: 1 exact, 0 moved, 0 fuzzy, 0 orphaned"
    assert "1 moved" in out.splitlines()[0]  # found again where its quote is
