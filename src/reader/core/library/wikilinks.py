"""Where a `[[wiki link]]` leads: the document of the library it names, by
its path, its file name or its title, written as people write them in
notes (any case, spaces or underscores, with or without the suffix)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from .corpus import Document


def resolve(target: str, documents: Iterable[Document]) -> Document | None:
    """The document `target` names: first one whose path inside the library
    is it, else whose file name, else whose title; None when none is."""
    wanted = _key(target.split("#", 1)[0])  # "[[note#a heading]]" names the note
    if not wanted:
        return None
    by_path = by_name = by_title = None
    for doc in documents:
        if doc.problem:
            continue  # a binary or broken file is not what a note links to
        path = PurePosixPath(doc.rel)
        if by_path is None and wanted in (_key(doc.rel), _key(str(path.with_suffix("")))):
            by_path = doc
        if by_name is None and wanted in (_key(path.name), _key(path.stem)):
            by_name = doc
        if by_title is None and wanted == _key(doc.title):
            by_title = doc
    return by_path or by_name or by_title


def _key(name: str) -> str:
    """A name as compared: case folded, underscores as spaces, runs of white
    space as one."""
    return " ".join(name.replace("_", " ").casefold().split())
