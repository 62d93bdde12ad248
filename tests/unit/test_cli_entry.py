"""`python -m reader` is the `reader` command (and so is `python -m reader.cli`)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import write


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *argv], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("module", ["reader", "reader.cli"])
def test_python_m_reader_shows_the_help(module: str) -> None:
    shown = run(module, "--help")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: reader")
    assert "`reader check [CORPUS] [--fix]`" in " ".join(shown.stdout.split())


@pytest.mark.parametrize("module", ["reader", "reader.cli"])
def test_python_m_reader_runs_a_command(module: str, tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus" / "a.txt", "A line of text.\n").parent
    checked = run(module, "check", str(corpus))
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout == f"no annotations in {tmp_path / 'annotations'}\n"


def test_a_refused_start_turns_the_garbage_collector_back_on(tmp_path: Path) -> None:
    # `reader` turns it off until its first screen (cli.read); a start that
    # never gets there must not leave a caller (a test run) without it.
    from reader.cli import main

    assert main([str(tmp_path / "missing")]) == 2
    assert gc.isenabled()
