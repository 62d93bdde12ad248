"""core/ never imports Textual: it must stay usable from the command line and tests."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path


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


# Imported where first used, never by the modules of the first screen: start-up
# stays close to a bare Textual app's (bench/open.py --start, issue 14).
NOT_AT_START = (
    "reader.core.annotations.notebook",  # the notes: loaded once the first document is drawn
    "reader.core.annotations.store",
    "reader.core.annotations.anchoring",
    "reader.core.annotations.marks",
    "reader.core.annotations.placing",
    "reader.core.search.find_stream",  # find in a big text: on the first find
    "reader.core.search.corpus_search",  # search all
    "reader.core.text.outline",  # the outline: built once the text is drawn
    "reader.core.text.motions",  # on the first motion key
    "reader.ui.keymap",  # the user's [keys] and the help
    "reader.ui.safe_text_area",  # the note editor
    "textual.widgets._text_area",
)


def test_the_first_screen_s_modules_leave_out_what_it_does_not_show() -> None:
    code = f"import sys\nimport reader.cli, reader.ui.app\nprint([m for m in {NOT_AT_START!r} if m in sys.modules])\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


CORE = Path(__file__).resolve().parents[1] / "src" / "reader" / "core"


def package_imports() -> dict[str, set[str]]:
    """Each package of core (text, library, ...; "core" for its own modules)
    -> the other packages of core its modules import."""
    graph: dict[str, set[str]] = {}
    for path in CORE.rglob("*.py"):
        inside = path.relative_to(CORE).parts[:-1]  # () for core's own modules
        package = inside[0] if inside else "core"
        found = graph.setdefault(package, set())
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            assert node.level <= len(inside) + 1, f"{path.name} imports from outside core"
            target = [*inside[: len(inside) - node.level + 1], *(node.module or "").split(".")]
            other = target[0] if len(target) > 1 else "core"
            if other != package:
                found.add(other)
    return graph


def test_core_packages_depend_one_way() -> None:
    graph = package_imports()
    # The model of a reading text and what is computed on it needs nothing else of ours.
    assert graph["text"] == set()
    # No two packages need each other, however indirectly: there is an order to read them in.
    done: set[str] = set()
    while len(done) < len(graph):
        ready = {package for package, needs in graph.items() if package not in done and needs <= done}
        assert ready, f"a cycle among {sorted(set(graph) - done)}: {graph}"
        done |= ready
