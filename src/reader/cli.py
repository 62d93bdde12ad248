"""`reader [PATH]`: read a folder of text (or one file) in the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def default_corpus() -> Path:
    """The project's seeds/ when run from a checkout, else ./seeds."""
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    return checkout if checkout.is_dir() else Path("seeds")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reader", description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path,
                        help="a folder of documents (default: the project's seeds/) or one file")
    parser.add_argument("--annotations", type=Path, metavar="DIR",
                        help="where annotation files are kept (default: annotations/ beside the corpus)")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    args = parser.parse_args(argv)

    from .core.config import ConfigError, config_path, load_config
    from .core.corpus import open_corpus  # after parsing: --help stays instant

    path = args.path or default_corpus()
    try:
        corpus = open_corpus(path)
    except (FileNotFoundError, NotADirectoryError, PermissionError) as err:
        print(f"reader: {err}", file=sys.stderr)
        return 2

    try:
        config = load_config(config_path())
    except ConfigError as err:
        print(f"reader: {err}", file=sys.stderr)
        return 2

    from .ui.app import ReaderApp

    ReaderApp(corpus, args.annotations, config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
