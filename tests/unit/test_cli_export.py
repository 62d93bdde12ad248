"""`reader export` and `reader import` (issue 5): exit codes, one-line
messages, standard output against -o, and `reader PATH` left as it was."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reader import cli

from .export_helpers import DOC1, DOC2, TERBIUM, annotate, read_export

READER = Path(sys.executable).with_name("reader")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit:  # argparse: --help, usage errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("reader: ")
    return lines[0]


@pytest.fixture
def annotated(seeds: Path) -> Path:
    annotate(seeds, DOC2, TERBIUM, note="A *note*.", tags=["trade"])
    annotate(seeds, DOC1, "Peter Alexander", "green", nth=1)
    return seeds


def test_export_to_stdout_and_to_a_file_give_the_same_bytes(annotated, tmp_path, capsys):
    code, out, err = run(capsys, "export", str(annotated))
    assert (code, err) == (0, "")
    assert [s.heading for s in read_export(out)][1:] == ["Peter Alexander", "Pressure ... Pain ... Ouch!"]
    target = tmp_path / "notes.md"
    assert run(capsys, "export", str(annotated), "-o", str(target)) == (0, "", "")
    assert target.read_text("utf-8") == out
    assert run(capsys, "export", str(annotated), "-o", "-")[1] == out
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_export_through_the_installed_command_is_stable(annotated, tmp_path):
    first = subprocess.run([str(READER), "export", str(annotated)], capture_output=True, timeout=60)
    second = subprocess.run([str(READER), "export", str(annotated)], capture_output=True, timeout=60)
    assert first.returncode == 0 and first.stderr == b""
    assert first.stdout == second.stdout and TERBIUM.encode() in first.stdout


def test_export_options(annotated, capsys):
    code, out, _ = run(capsys, "export", str(annotated), "--doc", DOC2, "--no-header")
    assert code == 0 and out.startswith("## Pressure ... Pain ... Ouch!\n")
    assert "Peter Alexander" not in out
    assert TERBIUM not in run(capsys, "export", str(annotated), "--kind", "green")[1]
    assert TERBIUM in run(capsys, "export", str(annotated), "--tag", "trade")[1]
    code, out, _ = run(capsys, "export", str(annotated), "--format", "json")
    data = json.loads(out)
    assert data["type"] == "AnnotationCollection" and len(data["first"]["items"]) == 2


def test_annotations_elsewhere(annotated, tmp_path, capsys):
    moved = tmp_path / "elsewhere"
    (annotated.parent / "annotations" / "seeds").rename(moved)  # a flat folder: paths inside the corpus
    assert run(capsys, "export", str(annotated), "--no-header")[1] == ""  # none beside the corpus now
    assert TERBIUM in run(capsys, "export", str(annotated), "--annotations", str(moved))[1]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["export", "{tmp}/nope"], "reader: no such file or folder: {tmp}/nope"),
        (["export", "{seeds}", "--doc", "nope.txt"], "reader: no document 'nope.txt' in the corpus {seeds}"),
        (["export", "{seeds}", "--annotations", "{tmp}/missing"], "reader: no such folder: {tmp}/missing"),
        (["export", "{seeds}", "--format", "yaml"], "reader: argument --format: invalid choice"),
        (["export", "{seeds}", "--bogus"], "reader: unrecognized arguments: --bogus"),
        (["export", "{seeds}", "-o", "{tmp}/no/such/folder/x.md"], "reader: cannot write {tmp}/no/such/folder/x.md"),
        (["import", "{tmp}/missing.json", "{seeds}"], "reader: no such file: {tmp}/missing.json"),
        (["import", "{tmp}/bad.json", "{seeds}"], "reader: {tmp}/bad.json: not valid JSON"),
        (["import", "{tmp}/text.json", "{seeds}"], "reader: {tmp}/text.json: not W3C Web Annotations"),
        (["import", "{tmp}/page.json", "{tmp}/nope"], "reader: no such file or folder: {tmp}/nope"),
        (["import"], "reader: the following arguments are required: FILE.json"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(seeds, tmp_path, capsys, argv, message):
    (tmp_path / "bad.json").write_text("{nope", "utf-8")
    (tmp_path / "text.json").write_text('"just text"', "utf-8")
    (tmp_path / "page.json").write_text('{"type": "AnnotationPage", "items": []}', "utf-8")
    fill = {"tmp": str(tmp_path), "seeds": str(seeds)}
    code, out, err = run(capsys, *(arg.format(**fill) for arg in argv))
    assert code == 2 and out == ""
    assert one_line(err).startswith(message.format(**fill))
    assert not (tmp_path / "annotations").exists()


def test_a_failed_export_leaves_the_old_file(annotated, tmp_path, capsys):
    target = tmp_path / "notes.md"
    target.write_text("before", "utf-8")
    assert run(capsys, "export", str(annotated), "--doc", "nope", "-o", str(target))[0] == 2
    assert target.read_text("utf-8") == "before"


def test_a_bad_annotation_file_is_skipped_with_a_warning(annotated, capsys):
    bad = annotated.parent / "annotations" / "seeds" / (DOC1 + ".toml")
    bad.write_bytes(b"[[annotation]\n")
    code, out, err = run(capsys, "export", str(annotated))
    assert code == 1
    assert one_line(err).startswith(f"reader: warning: annotations/seeds/{DOC1}.toml")
    assert TERBIUM in out and "Peter Alexander" not in out
    assert bad.read_bytes() == b"[[annotation]\n"


def test_import_round_trip(annotated, tmp_path, capsys):
    exported = tmp_path / "notes.json"
    assert run(capsys, "export", str(annotated), "--format", "json", "-o", str(exported))[0] == 0
    folder = tmp_path / "imported"
    code, out, err = run(capsys, "import", str(exported), str(annotated), "--annotations", str(folder))
    assert (code, err) == (0, "")
    assert out == (
        "2 annotations read: 2 added, 0 updated, 0 unchanged, 0 skipped; 0 to review (found approximately), "
        "0 orphaned (quote not found, kept)\n"
    )
    assert run(capsys, "import", str(exported), str(annotated), "--annotations", str(folder))[1].startswith(
        "2 annotations read: 0 added, 0 updated, 2 unchanged"
    )
    for rel in (DOC1, DOC2):
        original = tomllib.loads((annotated.parent / "annotations" / "seeds" / (rel + ".toml")).read_text("utf-8"))
        imported = tomllib.loads((folder / (rel + ".toml")).read_text("utf-8"))
        assert imported["annotation"] == original["annotation"]
        assert imported["document"]["path"] == rel and original["document"]["path"] == f"seeds/{rel}"


def test_import_warns_and_exits_1_when_it_skips(seeds, tmp_path, capsys):
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps({"type": "AnnotationCollection", "items": [{"type": "Annotation", "id": "x"}]}))
    code, out, err = run(capsys, "import", str(path), str(seeds))
    assert code == 1 and "1 skipped" in out
    assert one_line(err).startswith("reader: warning: 1 annotation skipped: no target with a source (x)")


def test_a_first_argument_that_names_a_command_is_the_command(monkeypatch, tmp_path, capsys):
    opened = []
    monkeypatch.setattr(cli, "read", lambda argv: opened.append(argv) or 0)
    cli.main(["./export"])
    cli.main(["--", "export"])
    cli.main([str(tmp_path)])
    assert opened == [["./export"], ["--", "export"], [str(tmp_path)]]
    monkeypatch.undo()
    assert run(capsys, "export", "--help")[0] == 0
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "reader export" in out and "reader ./export" in " ".join(out.split())


def test_commands_do_not_load_the_ui(annotated):
    code = (
        "import sys, contextlib, io\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['export', {str(annotated)!r}])\n"
        "sys.exit(10 + rc if 'textual' in sys.modules else rc)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
