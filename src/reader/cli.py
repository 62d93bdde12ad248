"""`reader [PATH]`: read a folder of text (or one file) in the terminal.

`reader export`, `reader import` and `reader check` work on the notes
without the app; `reader text` prints a document's reading text;
`reader merge-driver` and `reader git-setup` let git merge them. A first
argument that is a command's name means the command: a corpus folder called
`export` is opened with `reader ./export` (or `reader -- export`).

Exit codes: 0 done; 1 done, but something was left out (said on stderr);
2 nothing done, and one line on stderr says why.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__

COMMANDS = ("export", "import", "check", "index", "text", "merge-driver", "git-setup")
EPILOG = (
    "commands: `reader export [CORPUS]` writes the notes as Markdown or JSON-LD, "
    "`reader import FILE.json [CORPUS]` reads JSON-LD notes in, `reader check [CORPUS] [--fix]` says "
    "whether every annotation still points at its passage, `reader index [CORPUS]` builds or refreshes the "
    "library index that search all and the sidebar use, `reader text FILE` prints a document as the pane shows it, "
    "`reader git-setup` has git merge annotation "
    "files by id (see `reader COMMAND --help`). Notes are kept in the annotations/ folder of the nearest "
    "folder above a document that has one, else beside the opened folder (or a single file). "
    "A corpus folder named like a command: `reader ./export`."
)


def default_corpus() -> Path:
    """The project's seeds/ when run from a checkout, else ./seeds."""
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    return checkout if checkout.is_dir() else Path("seeds")


def printable_line(text: str) -> str:
    """A path or message made harmless for the terminal (core.text's, imported
    only when needed: `reader --help` stays instant)."""
    from .core.text.decoding import printable_line as printable

    return printable(text)


class Failed(Exception):
    """Bad input: the message is the one line the user sees."""


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, like every other error of reader."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"reader: {message} (see `{self.prog} --help`)\n")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in COMMANDS:
        command = {
            "export": export_command,
            "import": import_command,
            "check": check_command,
            "index": index_command,
            "text": text_command,
            "merge-driver": merge_driver_command,
            "git-setup": git_setup_command,
        }[argv[0]]
        try:
            return command(argv[1:])
        except Failed as err:
            print(f"reader: {printable_line(str(err))}", file=sys.stderr)
            return 2
    return read(argv)


def read(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="reader", description=__doc__.split("\n")[0], epilog=EPILOG)
    parser.add_argument(
        "path", nargs="?", type=Path, help="a folder of documents (default: the project's seeds/) or one file"
    )
    parser.add_argument(
        "--annotations",
        type=Path,
        metavar="DIR",
        help="where annotation files are kept (default: annotations/ beside the corpus)",
    )
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="neither build nor use the library index (search all then reads every file)",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    args = parser.parse_args(argv)
    # Importing Textual and reader and drawing the first screen make tens of
    # thousands of objects that live as long as the app; the collector
    # walked them all before the first screen (~0.05-0.1 s). It waits for
    # that screen, which freezes them (ReaderApp._collect_again); back on
    # here whatever happened (a start refused, main() called in a test).
    gc.disable()
    try:
        return _run_app(args)
    finally:
        gc.enable()


def _run_app(args: argparse.Namespace) -> int:
    from .core.config import ConfigError, config_path, load_config
    from .core.library.corpus import open_corpus  # after parsing: --help stays instant

    path = args.path or default_corpus()
    try:
        corpus = open_corpus(path)
    except (FileNotFoundError, NotADirectoryError, PermissionError) as err:
        print(f"reader: {printable_line(str(err))}", file=sys.stderr)
        return 2

    try:
        config = load_config(config_path())
    except ConfigError as err:
        print(f"reader: {printable_line(str(err))}", file=sys.stderr)
        return 2

    library = open_library(corpus, args.annotations)

    from .core.index.search_index import index_folder
    from .ui.app import ReaderApp

    index = None if args.no_index or corpus.single_file else index_folder(corpus.root)
    app = ReaderApp(corpus, library, config, index=index)
    app.run()
    if app.crash_log is not None:
        print(f"reader: an unexpected error ended reader; what happened is in {app.crash_log}", file=sys.stderr)
        for recovered in app.recovered:
            print(f"reader: the note you were writing is kept in {recovered}", file=sys.stderr)
    return app.return_code or 0


# -- commands ----------------------------------------------------------------------


def _corpus_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        metavar="CORPUS",
        help="a folder of documents (default: the project's seeds/) or one file",
    )
    parser.add_argument(
        "--annotations",
        type=Path,
        metavar="DIR",
        help="where annotation files are kept (default: annotations/ beside the corpus)",
    )


def _open(args: argparse.Namespace, must_exist: bool):
    """(corpus, store) as the app opens them. `must_exist`: an --annotations
    folder that is not there is a mistake (when reading from it)."""
    from .core.annotations.store import Store
    from .core.library.corpus import open_corpus

    try:
        corpus = open_corpus(args.corpus or default_corpus())
    except (FileNotFoundError, NotADirectoryError, PermissionError) as err:
        raise Failed(err) from None
    folder = args.annotations
    if folder is not None and folder.exists() and not folder.is_dir():
        raise Failed(f"not a folder: {printable_line(str(folder))}")
    if must_exist and folder is not None and not folder.exists():
        raise Failed(f"no such folder: {printable_line(str(folder))}")
    return corpus, Store(open_library(corpus, folder))


def open_library(corpus, annotations: Path | None):
    """The corpus's Library, its notes of the old layout moved to their
    place first (said on stderr)."""
    from .core.annotations.migration import migrate
    from .core.library.rule import Library

    library = Library.of(corpus.root, corpus.single_file, annotations)
    report = migrate(corpus, library)
    if report.moved:
        print(
            f"reader: {report.moved} note{'' if report.moved == 1 else 's'} moved to "
            f"{printable_line(str(library.folder))} (one file per document: see `reader --help`)",
            file=sys.stderr,
        )
    for line in report.left:
        print(f"reader: warning: {printable_line(line)}", file=sys.stderr)
    return library


def export_command(argv: list[str]) -> int:
    parser = _Parser(
        prog="reader export",
        description="Write the notes of a corpus as Markdown (or as W3C Web "
        "Annotation JSON-LD): a section per document, its notes in reading order, then the "
        "orphaned ones (whose passage is no longer in the text). The same notes give the same bytes.",
        epilog="exit status: 0 written; 1 written, but an annotation file that cannot be read was "
        "left out (said on stderr); 2 nothing written.",
    )
    _corpus_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="write to FILE, replaced whole or not at all (default, or -: standard output)",
    )
    parser.add_argument("--doc", metavar="PATH", help="only this document (its path inside the corpus)")
    parser.add_argument("--tag", help="only the notes with this tag")
    parser.add_argument("--kind", help="only the highlights of this kind (yellow, green, ...)")
    parser.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown (default) or json: a W3C AnnotationCollection",
    )
    parser.add_argument("--no-header", action="store_true", help="leave out the first line, `# Notes from reader`")
    args = parser.parse_args(argv)

    from .core.export.exporting import ExportError, collect, to_jsonld, to_markdown, write_export

    corpus, store = _open(args, must_exist=True)
    skipped: list[str] = []

    def warn(message: str) -> None:
        skipped.append(message)
        print(f"reader: warning: {printable_line(message)}", file=sys.stderr)

    try:
        documents = collect(corpus, store, doc=args.doc, tag=args.tag, kind=args.kind, on_error=warn)
    except ExportError as err:
        raise Failed(err) from None
    output = to_jsonld(documents) if args.format == "json" else to_markdown(documents, header=not args.no_header)
    if args.output == "-":
        _to_stdout(output.encode("utf-8"))
    else:
        try:
            write_export(Path(args.output), output)
        except OSError as err:
            raise Failed(f"cannot write {args.output}: {err.strerror or err}") from None
    return 1 if skipped else 0


def _to_stdout(data: bytes) -> None:
    out = getattr(sys.stdout, "buffer", None)
    try:
        if out is None:  # a stream without bytes (a test's StringIO)
            sys.stdout.write(data.decode("utf-8"))
        else:
            out.write(data)  # bytes as they are, whatever the locale's encoding
        sys.stdout.flush()
    except BrokenPipeError:  # `reader export | head`: the reader has all it wants
        # Python would complain when flushing stdout at exit; point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def import_command(argv: list[str]) -> int:
    parser = _Parser(
        prog="reader import",
        description="Read W3C Web Annotation JSON-LD (as `reader export "
        "--format json` writes it, or another tool) into the annotation files: each quote is "
        "found in its document; an id already there keeps one annotation, the later version.",
        epilog="exit status: 0 imported; 1 imported, but some annotations were skipped (said on "
        "stderr); 2 bad input, nothing imported (or an annotation file could not be written).",
    )
    parser.add_argument("file", metavar="FILE.json", help="an AnnotationCollection (-: standard input)")
    _corpus_arguments(parser)
    args = parser.parse_args(argv)

    from .core.export.importing import ImportFormatError, import_jsonld

    data = _read_json(args.file)
    corpus, store = _open(args, must_exist=False)
    try:
        report = import_jsonld(data, corpus, store)
    except ImportFormatError as err:
        raise Failed(f"{args.file}: {err}") from None
    except OSError as err:
        raise Failed(f"cannot write in {store.folder}: {err.strerror or err}") from None
    for warning in report.warnings:
        print(f"reader: warning: {printable_line(warning)}", file=sys.stderr)
    print(
        f"{report.read} annotation{'' if report.read == 1 else 's'} read: {report.added} added, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.skipped} skipped; "
        f"{report.fuzzy} to review (found approximately), {report.orphaned} orphaned (quote not found, kept)"
    )
    return 1 if report.skipped else 0


def _read_json(name: str) -> str:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except FileNotFoundError:
        raise Failed(f"no such file: {name}") from None
    except IsADirectoryError:
        raise Failed(f"{name} is a folder, not a JSON file") from None
    except OSError as err:
        raise Failed(f"cannot read {name}: {err.strerror or err}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise Failed(f"{name}: not UTF-8 text (byte {err.start})") from None


def check_command(argv: list[str]) -> int:
    parser = _Parser(
        prog="reader check",
        description="Say, for each annotated document, how many of its "
        "annotations are exact (where they were), moved (found again with confidence), fuzzy "
        "(a likely place, to review in the app) or orphaned (not found); list annotation files "
        "whose document is gone, and find it again when only its name changed (same text).",
        epilog="exit status: 0 every annotation has its place; 1 some are orphaned, a document is "
        "gone or a file cannot be read; 2 nothing checked.",
    )
    _corpus_arguments(parser)
    parser.add_argument(
        "--fix",
        action="store_true",
        help="write the confident results back (new positions and the text's sha256), "
        "and move the annotations of a renamed document to its new name",
    )
    parser.add_argument("--json", action="store_true", help="the same report as JSON, for scripts")
    args = parser.parse_args(argv)
    corpus, store = _open(args, must_exist=True)

    from .core.annotations.checking import check, report_json, report_lines

    try:
        checks = check(corpus, store, fix=args.fix)
    except OSError as err:
        raise Failed(f"{printable_line(str(err))}") from None
    if args.json:
        _to_stdout(report_json(checks).encode("utf-8"))
    else:
        for line in report_lines(checks):
            print(line)
        if not checks:
            print(f"no annotations in {printable_line(str(store.folder))}")
    return 0 if all(result.ok for result in checks) else 1


def index_command(argv: list[str]) -> int:
    parser = _Parser(
        prog="reader index",
        description="Build the library index of a corpus (search all and the "
        "sidebar read it; the app builds it in the background too), or bring it up to date: documents "
        "added, changed, renamed or deleted since are indexed again. The index is kept in the user's "
        "cache folder, never in the corpus.",
        epilog="exit status: 0 done; 2 nothing done (another reader is indexing this library, or no corpus).",
    )
    _corpus_arguments(parser)
    parser.add_argument("--rebuild", action="store_true", help="throw the index away and build it anew")
    parser.add_argument(
        "--progress",
        choices=("bar", "lines", "none"),
        default="bar",
        help="a progress bar on a terminal (default), one JSON line per step (for the app), or none",
    )
    args = parser.parse_args(argv)
    corpus, store = _open(args, must_exist=False)
    if corpus.single_file:
        raise Failed("a single file needs no index: open its folder")

    import json
    import time

    from .core.index.building import Busy, Progress, refresh

    started = time.monotonic()

    def progress(p: Progress) -> None:
        if args.progress == "lines":
            print(json.dumps(vars(p)), flush=True)
        elif args.progress == "bar" and sys.stderr.isatty():
            share = p.bytes / p.total_bytes if p.total_bytes else 1.0
            bar = "█" * int(share * 30)
            rate = p.bytes / max(time.monotonic() - started, 1e-3) / 1e6
            print(
                f"\r{bar:<30} {p.documents:,}/{p.total:,} documents  {rate:.0f} MB/s",
                end="",
                file=sys.stderr,
                flush=True,
            )

    import sqlite3

    from .core.index.search_index import index_folder

    try:
        index = refresh(corpus, store.library, rebuild=args.rebuild, progress=progress)
    except Busy as err:
        raise Failed(str(err)) from None
    except (OSError, sqlite3.Error, ValueError) as err:  # ValueError: tantivy's, for its files
        raise Failed(f"cannot write the index in {index_folder(corpus.root)}: {err}") from None
    if args.progress == "bar" and sys.stderr.isatty():
        print(file=sys.stderr)
    if args.progress != "lines":
        seconds = time.monotonic() - started
        text = sum(doc.size for doc in corpus.documents)
        size = index.size()
        print(
            f"indexed {len(corpus.documents):,} documents ({text / 1e6:,.1f} MB) in {seconds:.1f} s; "
            f"index {size / 1e6:,.1f} MB ({size / max(text, 1):.2f}x the text) in {printable_line(str(index.folder))}"
        )
    index.close()
    return 0


def text_command(argv: list[str]) -> int:
    parser = _Parser(
        prog="reader text",
        description="Print a document's reading text, as the reading pane shows it without its styles "
        "(Markdown rendered, the encoding read, mojibake repaired, controls made visible), as UTF-8 on "
        "standard output: for pipes and scripts.",
        epilog="exit status: 0 printed; 2 nothing printed (no such file, a folder, not a file, not text).",
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="a document")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default), or json: one object with the text, the title, encoding, repairs, "
        "front matter (metadata) and the outline (each entry's offset in the text, level and title)",
    )
    args = parser.parse_args(argv)

    from .core.library.corpus import DocumentError, load, open_corpus, title_of

    if args.path.is_dir():
        raise Failed(f"{printable_line(str(args.path))} is a folder: `reader text` prints one document")
    try:
        (doc,) = open_corpus(args.path).documents
        reading = load(doc)
    except (FileNotFoundError, PermissionError) as err:
        raise Failed(err) from None
    except DocumentError as err:
        raise Failed(err) from None
    if args.format == "text":
        _to_stdout(reading.text.encode("utf-8"))
        return 0

    import json

    from .core.text.outline import outline

    report = {
        "path": printable_line(str(args.path)),
        "title": reading.title or title_of(reading.text) or doc.title,
        "encoding": reading.encoding,
        "repairs": reading.repairs,
        "metadata": reading.markup.metadata if reading.markup else {},
        "outline": [
            {"offset": entry.start, "level": entry.level, "title": entry.title}
            for entry in outline(reading.text, reading.markup)
        ],
        "text": reading.text,
    }
    _to_stdout((json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return 0


def merge_driver_command(argv: list[str]) -> int:
    parser = _Parser(
        prog="reader merge-driver",
        description="git's merge driver for annotation files "
        "(`reader git-setup` installs it): the three versions merged by id, deletions kept, "
        "written into OURS. A note both branches edited keeps the newer edit, with the other's "
        "text below it, marked.",
        epilog="exit status: 0 merged; 1 a version does not parse, OURS untouched (git reports a "
        "conflict); 2 nothing done.",
    )
    parser.add_argument("base", type=Path, metavar="BASE", help="the common version (%%O; may be empty)")
    parser.add_argument("ours", type=Path, metavar="OURS", help="this branch's version, replaced by the result (%%A)")
    parser.add_argument("theirs", type=Path, metavar="THEIRS", help="the other branch's version (%%B)")
    parser.add_argument(
        "pathname",
        nargs="?",
        metavar="PATHNAME",
        help="the file's path in the repository (%%P): names it in messages and the document",
    )
    args = parser.parse_args(argv)

    from .core.annotations.git_merge import branch_sides, merge_files
    from .core.annotations.model import REFUSED, StoreError
    from .core.text.decoding import printable_line

    try:
        merge_files(args.base, args.ours, args.theirs, args.pathname or str(args.ours), branch_sides(os.environ))
    except StoreError as err:
        print(f"reader: {printable_line(str(err).removesuffix(REFUSED))} — not merged", file=sys.stderr)
        return 1
    except OSError as err:
        raise Failed(f"cannot merge {printable_line(err.filename or '')}: {err.strerror or err}") from None
    return 0


def git_setup_command(argv: list[str]) -> int:
    parser = _Parser(
        prog="reader git-setup",
        description="Have git merge annotation files with `reader "
        "merge-driver` (no conflicts, nothing lost) instead of as text: sets the driver in the "
        "repository's config and `annotations/**/*.toml merge=reader-annotations` in the "
        ".gitattributes at its root. Running it again changes nothing.",
        epilog="exit status: 0 set up; 2 not in a git repository, nothing done.",
    )
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="FOLDER",
        help="a folder in the repository (default: the current folder)",
    )
    args = parser.parse_args(argv)

    from .core.annotations.git_merge import SetupError, install, repository_root
    from .core.text.decoding import printable_line

    try:
        done = install(repository_root(args.folder), _driver_command())
    except SetupError as err:
        raise Failed(err) from None
    except OSError as err:
        raise Failed(f"cannot write {printable_line(str(err.filename))}: {err.strerror or err}") from None
    for line in done:
        print(line)
    return 0


def _driver_command() -> str:
    """The driver as git will run it: through `sh -c`, with the PATH of
    whatever starts git (an editor, a GUI client, cron), where this venv's
    bin/ may not be. The console script's absolute path needs no PATH and no
    activated venv: its first line names its own interpreter."""
    import shlex

    script = Path(sys.argv[0]).resolve()
    if not (script.is_file() and os.access(script, os.X_OK)) or script.suffix == ".py":
        raise Failed("run git-setup as the installed `reader` command: git needs a program it can start")
    return f"{shlex.quote(str(script))} merge-driver %O %A %B %P"


if __name__ == "__main__":
    sys.exit(main())
