"""core/ never imports Textual: it must stay usable from the command line and tests."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, reader.core as core\n"
        "for mod in pkgutil.walk_packages(core.__path__, 'reader.core.'):\n"
        "    importlib.import_module(mod.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_help_does_not_import_the_ui() -> None:
    # Start-up stays lean: `reader --help` and argument errors never load Textual.
    code = (
        "import sys, contextlib, io\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stderr(io.StringIO()):\n"
        "    rc = main(['/no/such/path'])\n"
        "sys.exit(10 + rc if 'textual' in sys.modules else rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
