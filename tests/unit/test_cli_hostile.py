"""Every command's output is harmless for the terminal: file names and
every field of an annotation, from a hand-edited file or an imported one,
holding escape sequences, C1 controls and markup, come out with their
controls as visible symbols (JSON as escapes), never raw."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reader import cli
from reader.core.annotations.store import Store
from reader.core.library.rule import Library

# OSC 0 (title), OSC 52 (clipboard), CSI 2J (clear), C1 CSI and OSC, NUL, markup.
EVIL = "\x1b]0;PWNED\x07\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b2J\x9d0;x\x9c\x00[bold][/y][red]"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # any control but tab and newline
NAME = "evil\x1b]0;PWNED\x07[red]x.txt"


def hostile_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / NAME).write_text("Plain words to annotate, and more words after them.\n", "utf-8")
    (corpus / "gone-\x1b[2J.txt").write_text("Another document.\n", "utf-8")
    text = "Plain words to annotate, and more words after them.\n"
    store = Store(Library.of(corpus))
    path = store.path_for(NAME)
    path.parent.mkdir(parents=True)
    toml = (
        f'[document]\npath = {json.dumps(NAME)}\nsha256 = ""\nlength = {len(text)}\nencoding = "utf-8"\n\n'
        f"[[annotation]]\nid = {json.dumps('id' + EVIL)}\nkind = {json.dumps(EVIL)}\nstart = 0\nend = 5\n"
        f'exact = {json.dumps("Plain")}\nprefix = ""\nsuffix = {json.dumps(EVIL)}\n'
        f"note = {json.dumps(EVIL)}\ntags = [{json.dumps(EVIL)}]\n"
        "created = 2026-11-23T08:00:00Z\nupdated = 2026-11-23T08:00:00Z\n\n"
        f'[[annotation]]\nid = "orphan"\nkind = "yellow"\nstart = 0\nend = 9\nexact = {json.dumps(EVIL)}\n'
        'prefix = ""\nsuffix = ""\ncreated = 2026-11-23T08:00:00Z\nupdated = 2026-11-23T08:00:00Z\n'
    )
    path.write_text(toml.replace("\\u0000", "\\u0000"), "utf-8")
    gone = store.path_for("was-\x1b]0;PWNED\x07.txt")  # a file whose document is gone
    gone.write_text(toml.replace(json.dumps(NAME), json.dumps("was")), "utf-8")
    return corpus


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out + err


def assert_harmless(output: str) -> None:
    assert RAW.search(output) is None, repr(RAW.search(output))


def test_every_command_writes_only_visible_symbols(tmp_path: Path, capsys) -> None:
    corpus = hostile_corpus(tmp_path)
    outputs = []
    for argv in (
        ["export", str(corpus)],
        ["export", str(corpus), "--format", "json"],
        ["check", str(corpus)],
        ["check", str(corpus), "--json"],
        ["export", str(corpus), "--doc", "no-\x1b]0;PWNED\x07.txt"],
        ["export", str(tmp_path / "missing-\x1b[2J")],
    ):
        code, output = run(capsys, *argv)
        outputs.append(output)
        assert_harmless(output)
    markdown, jsonld, report = outputs[0], outputs[1], outputs[2]
    assert "␛]0;PWNED␇" in markdown and "\\[bold\\]" in markdown  # symbols, and markup taken as text
    assert "␛]0;PWNED␇" in report and "orphaned" in report
    json.loads(jsonld)  # escapes keep the JSON valid, and the data whole
    assert EVIL in jsonld.encode().decode("unicode_escape", "ignore") or "\\u001b" in jsonld

    imported = tmp_path / "in.json"
    imported.write_text(
        json.dumps(
            [
                {
                    "type": "Annotation",
                    "id": "x" + EVIL,
                    "reader:kind": EVIL,
                    "body": [
                        {"type": "TextualBody", "purpose": "tagging", "value": EVIL},
                        {"type": "TextualBody", "value": EVIL},
                    ],
                    "target": {"source": "nowhere" + EVIL, "selector": {"type": "TextQuoteSelector", "exact": EVIL}},
                },
                {
                    "type": "Annotation",
                    "id": "hidden",
                    "target": {"source": ".hidden/x.txt", "selector": {"type": "TextQuoteSelector", "exact": "x"}},
                },
            ]
        ),
        "utf-8",
    )
    code, output = run(capsys, "import", str(imported), str(corpus))
    assert_harmless(output)
    assert "hidden path" in output  # never stored where no export or check would list it
    assert not (Library.of(corpus).folder / "corpus" / ".hidden").exists()
    code, output = run(capsys, "check", str(corpus))
    assert_harmless(output)
    code, output = run(
        capsys,
        "merge-driver",
        str(tmp_path / "none"),
        str(Store(Library.of(corpus)).path_for(NAME)),
        str(tmp_path / "nope-\x1b]0;x\x07"),
    )
    assert_harmless(output)


def one_annotation(tmp_path: Path, table: str) -> Path:
    """A corpus of one document whose annotation file holds one [[annotation]] of these lines."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text("Some words.\n", "utf-8")
    path = Store(Library.of(corpus)).path_for("doc.txt")
    path.parent.mkdir(parents=True)
    path.write_text(
        '[document]\npath = "doc.txt"\nsha256 = ""\nlength = 0\nencoding = ""\n\n[[annotation]]\n' + table, "utf-8"
    )
    return corpus


def test_a_file_nested_too_deeply_is_one_line_for_every_command(tmp_path: Path, capsys) -> None:
    corpus = one_annotation(tmp_path, f"tags = {'[' * 5000}{']' * 5000}\n")
    for argv in (
        ["check", str(corpus)],
        ["check", str(corpus), "--json"],
        ["export", str(corpus)],
        ["export", str(corpus), "--format", "json"],
    ):
        code, output = run(capsys, *argv)
        assert code == 1 and "Traceback" not in output
        assert "nested too deeply" in output


def test_a_field_larger_than_reader_takes_is_refused_naming_file_and_field(tmp_path: Path, capsys) -> None:
    corpus = one_annotation(
        tmp_path,
        'id = "big"\nkind = "yellow"\nstart = 0\nend = 4\nexact = "Some"\n'
        f'prefix = ""\nsuffix = ""\nnote = "{"x" * (2 << 20)}"\n'
        "created = 2026-11-23T08:00:00Z\nupdated = 2026-11-23T08:00:00Z\n",
    )
    code, output = run(capsys, "check", str(corpus))
    (line,) = output.splitlines()
    assert code == 1 and "annotations/corpus/doc.txt.toml" in line and "(id big)" in line
    assert "note has 2,097,152 characters" in line
