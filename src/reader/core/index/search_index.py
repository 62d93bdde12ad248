"""The library index: every passage of a corpus in a tantivy index, and
the facts of each document in a catalog beside it, kept in the user's
cache folder (never in the corpus). Indexing is in building.py, searching
it in search/library_search.py."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from ..text.cjk import CJK_CHARS, cjk_character

if TYPE_CHECKING:
    from .catalog import Row

# Bump when the schema, the analyzer, the passages or the titles (corpus.title_of)
# change: an index of another version is rebuilt.
VERSION = "3"

# Chinese and Japanese put no spaces between words: each ideograph and kana
# is indexed as a token of its own (the text is given to the index with a
# space between them), as find takes them (text/cjk.py), and a phrase
# of them finds a run of characters.


@functools.cache
def _cjk_run() -> re.Pattern[str]:
    return re.compile(f"[{CJK_CHARS}]{{2,}}")


LONGEST_TOKEN = 64  # characters: longer runs (base64, hashes) are not indexed

ANALYZER = "words"


def index_folder(corpus_root: Path) -> Path:
    """Where the index of the corpus at `corpus_root` is kept."""
    from platformdirs import user_cache_path

    key = hashlib.sha256(str(corpus_root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return user_cache_path("reader") / "index" / key


def words_of(text: str) -> str:
    """What the index tokenizes of `text`: the text, CJK characters apart."""
    if text.isascii() or cjk_character().search(text) is None:
        return text
    return _cjk_run().sub(lambda m: " ".join(m.group()), text)


def _analyzer():
    import tantivy

    # Runs of letters and digits (three times faster than a regex tokenizer).
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(LONGEST_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", stored=True, indexed=True, fast=True)  # the catalog's id
    builder.add_unsigned_field("start", stored=True)
    builder.add_unsigned_field("end", stored=True)
    builder.add_bytes_field("text", stored=True)  # the passage's text, in UTF-8
    builder.add_text_field("words", stored=False, tokenizer_name=ANALYZER, index_option="position")
    return builder.build()


class LibraryIndex:
    """The index of one corpus, opened. Searching needs no lock; writing
    (building.py) holds the index's lock file."""

    def __init__(self, folder: Path, root: Path, writing: bool = True) -> None:
        """Open the index in `folder`. `writing` (the indexer, holding the
        lock): make a new one where there is none, or where it is of another
        version or root, or does not open. Else raise ValueError for those."""
        import tantivy

        self.folder = folder
        self.root = root
        self.schema = _schema()
        self.analyzer = _analyzer()
        if not writing and not (folder / "catalog.sqlite").is_file():
            raise ValueError("no index")
        try:
            self._open(tantivy, writing)
        except Exception:  # corrupt, foreign or half-deleted: start over, silently
            self.close()
            if not writing:
                raise ValueError("no usable index") from None
            wipe(folder)
            self._open(tantivy, writing)

    def _open(self, tantivy, writing: bool) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        from .catalog import Catalog  # with sqlite3: `reader` finds the index's folder without them

        self.catalog = Catalog(self.folder / "catalog.sqlite")
        version, root = self.catalog.get_meta("version"), self.catalog.get_meta("root")
        if version is None and writing:
            self.catalog.set_meta("version", VERSION)
            self.catalog.set_meta("root", str(self.root.resolve()))
        elif version != VERSION or root != str(self.root.resolve()):
            raise ValueError("another version")
        passages = self.folder / "passages"
        passages.mkdir(exist_ok=True)
        self.tantivy = tantivy.Index(self.schema, path=str(passages), reuse=True)
        self.tantivy.register_tokenizer(ANALYZER, self.analyzer)
        self.tantivy.searcher()  # fails here, not later, on broken segment files

    def close(self) -> None:
        catalog = getattr(self, "catalog", None)
        if catalog is not None:
            with suppress(Exception):
                catalog.close()

    def searcher(self):
        """A searcher of what is committed now."""
        self.tantivy.reload()
        return self.tantivy.searcher()

    def tokens(self, text: str) -> list[str]:
        """`text` as the index holds it: tokens folded."""
        return list(self.analyzer.analyze(words_of(text)))

    def rows(self) -> dict[str, Row]:
        return self.catalog.rows()

    def size(self) -> int:
        """Bytes on disk."""
        return sum(path.stat().st_size for path in self.folder.rglob("*") if path.is_file())


def wipe(folder: Path) -> None:
    """Remove an index folder (moved aside first, so no one opens half of it)."""
    if not folder.exists():
        return
    aside = folder.with_name(f"{folder.name}.old-{os.getpid()}")
    with suppress(OSError):
        folder.rename(aside)
        folder = aside
    shutil.rmtree(folder, ignore_errors=True)
