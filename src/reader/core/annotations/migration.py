"""Notes written before the library rule (library/rule.py) moved to their place.

Before it, a corpus's notes were `annotations/<path inside the corpus>.toml`
beside the corpus folder, so sibling folders shared files: `lib/books/a.txt`
and `lib/articles/a.txt` both wrote `lib/annotations/a.txt.toml`. Such a
file is split by quote: each note goes to the one document whose text holds
it (placed with confidence, as the app would place it); a note that more
than one document or none holds stays where it is, never guessed. A file is
removed only once every note of it is written elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..library.corpus import Corpus, Document, DocumentError, load
from ..library.rule import ANNOTATIONS, Library
from ..text.decoding import printable_line
from ..text.reading import text_sha256

# Every start of the app looks for old files; the modules that move them
# (~20 ms to import) are imported only when there are some.
if TYPE_CHECKING:
    from ..text.reading import ReadingText
    from .model import AnnotationSet


@dataclass
class Migration:
    moved: int = 0  # notes written to their place
    left: list[str] = field(default_factory=list)  # one line each: what stayed where it was, and why


def migrate(corpus: Corpus, library: Library) -> Migration:
    """Move the old-layout files of the corpus's documents to where the
    library rule puts them. Cheap when there is nothing to move: one look
    at the old folder."""
    report = Migration()
    if library.explicit is not None:
        return report  # --annotations DIR: the user's layout, as ever
    old_folder = library.corpus_root.parent / ANNOTATIONS
    old_files = sorted(_old_files(old_folder, {doc.rel for doc in corpus.documents}))
    if not old_files:
        return report
    from .model import StoreError
    from .store import Store

    store = Store(library)
    for rel in old_files:
        old = old_folder / (rel + ".toml")
        if old == store.path_for(rel) or _is_current(library, old_folder, rel):
            continue
        try:
            _split(library, old_folder, rel, report)
        except (OSError, StoreError) as err:
            report.left.append(f"{printable_line(str(old))}: not moved ({printable_line(str(err))})")
    return report


def _old_files(folder: Path, rels: set[str]) -> set[str]:
    if not folder.is_dir():
        return set()
    found = set()
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.endswith(".toml") and not name.startswith("."):
                rel = (Path(here) / name).relative_to(folder).as_posix()[:-5]
                if rel in rels:
                    found.add(rel)
    return found


def _is_current(library: Library, folder: Path, key: str) -> bool:
    """Whether folder/key.toml is, by the rule, the file of a document that exists."""
    path = folder.parent / key
    return path.is_file() and library.place_of(path) == (folder, key)


def _candidates(old_folder: Path, rel: str) -> list[Path]:
    """The documents that wrote annotations/<rel>.toml under the old rule:
    <rel> in any folder beside annotations/."""
    try:
        folders = sorted(
            p
            for p in old_folder.parent.iterdir()
            if p.is_dir() and not p.name.startswith(".") and p.name != ANNOTATIONS
        )
    except OSError:
        return []
    return [folder / rel for folder in folders if (folder / rel).is_file()]


def _split(library: Library, old_folder: Path, rel: str, report: Migration) -> None:
    from .anchoring import State
    from .model import AnnotationSet, DocumentInfo
    from .placing import place
    from .store import Store

    source = Store(Library.flat(old_folder))
    aset = source.load(rel)  # StoreError: a file that does not parse stays as it is
    if aset is None:
        return
    texts: list[tuple[Path, ReadingText]] = []
    for path in _candidates(old_folder, rel):
        try:
            texts.append((path, load(Document(path, rel))))
        except DocumentError:
            continue
    owners: dict[str, list[Path]] = {id: [] for id in aset.annotations}
    exact: dict[Path, set[str]] = {}
    for path, reading in texts:
        states = place(aset.annotations.values(), aset.document.sha256, reading).states
        exact[path] = {id for id, r in states.items() if r.state is State.EXACT}
        for id, r in states.items():
            if r.confident:
                owners[id].append(path)
    for path, reading in texts:
        mine = {id: aset.annotations[id] for id, found in owners.items() if found == [path]}
        if mine:
            # Trusted as they are when every one is in place in this text.
            info = (
                DocumentInfo(rel, text_sha256(reading.text), len(reading.text), reading.encoding)
                if set(mine) <= exact[path]
                else aset.document
            )
            _write(library, path, AnnotationSet(info, mine, dict(aset.deleted)))
            report.moved += len(mine)
    left = {id: a for id, a in aset.annotations.items() if len(owners[id]) != 1}
    if not left:
        (old_folder / (rel + ".toml")).unlink()
        return
    ambiguous = sum(1 for id in left if owners[id])
    report.left.append(
        f"{printable_line(str(old_folder / rel))}.toml: {len(left)} note(s) stay there: "
        f"{ambiguous} could belong to more than one document, {len(left) - ambiguous} to none"
    )
    if len(left) < len(aset.annotations):
        aset.annotations = left
        source.save(aset)


def _write(library: Library, path: Path, notes: AnnotationSet) -> None:
    """Merge `notes` into the file the rule gives the document at `path`."""
    from .model import merge
    from .store import Store

    folder, key = library.place_of(path)
    target = Store(Library.flat(folder))
    notes.document.path = key
    there = target.load(key)
    target.save(merge(there, notes) if there is not None else notes)
