"""What the sidebar, the notes panel and search all call each document: its
title, and where documents share a title, what tells them apart
("Pride and Prejudice, by Jane Austen · 2015" / "… · 2018")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath

from .corpus import Document, label_of

_NAME_PARTS = re.compile(r"[^\s._-]+")  # "pride-and-prejudice-2015.txt": pride, and, prejudice, 2015, txt


def distinct(docs: Sequence[Document]) -> dict[str, str]:
    """Each document's label by its path: distinct whenever the paths are."""
    told = distinctions(docs)
    return {doc.rel: label_of(doc.title, told[doc.rel]) for doc in docs}


def distinctions(docs: Sequence[Document]) -> dict[str, str]:
    """What tells each document apart from those of the same title ("" for
    a title of its own), by its path."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(doc.title, []).append(doc)
    told = dict.fromkeys((doc.rel for doc in docs), "")
    for group in groups.values():
        if len(group) > 1:
            told.update(_tell_apart([doc.rel for doc in group]))
    return _numbered_where_equal(docs, told)


def _tell_apart(rels: list[str]) -> dict[str, str]:
    """Distinct for distinct paths: the shortest part of each file name no
    other has ("2015"), else the file names, else enough of the paths."""
    names = [PurePosixPath(rel).name for rel in rels]
    parts = [_NAME_PARTS.findall(name) for name in names]
    holders = Counter(part for own in parts for part in set(own))
    # A part only one name holds is in no other label: these are distinct.
    unique = [[part for part in own if holders[part] == 1] for own in parts]
    if all(unique):
        return {rel: min(own, key=len) for rel, own in zip(rels, unique)}
    if len(set(names)) == len(names):
        return dict(zip(rels, names))
    paths = [rel.split("/") for rel in rels]
    deepest = max(map(len, paths))
    depth = 2
    while True:  # at the greatest depth, each is its whole path
        tails = ["/".join(path[-depth:]) for path in paths]
        if depth >= deepest or len(set(tails)) == len(tails):
            return dict(zip(rels, tails))
        depth += 1


def _numbered_where_equal(docs: Sequence[Document], told: dict[str, str]) -> dict[str, str]:
    """A label made by one group may still be another document's ("A · b"
    titled so): the second and later holders of a label get a number."""
    labels = {doc.rel: label_of(doc.title, told[doc.rel]) for doc in docs}
    shared = {label for label, count in Counter(labels.values()).items() if count > 1}
    if not shared:
        return told
    taken, seen = set(labels.values()), set()
    for doc in docs:
        label = labels[doc.rel]
        if label in shared and label in seen:
            n = 2
            while label_of(doc.title, f"{told[doc.rel]} ({n})".lstrip()) in taken:
                n += 1
            told[doc.rel] = f"{told[doc.rel]} ({n})".lstrip()
            taken.add(label_of(doc.title, told[doc.rel]))
        seen.add(label)
    return told


class Labels:
    """Keeps the `distinction` of each of `documents` up to date: computed
    again only when a title has changed, not at every redraw or key."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self._titles: list[str] = []
        self.update()

    def update(self) -> list[Document]:
        """The documents whose distinction changed since the last call."""
        titles = [doc.title for doc in self.documents]
        if titles == self._titles:
            return []
        self._titles = titles
        told = distinctions(self.documents)
        changed = [doc for doc in self.documents if doc.distinction != told[doc.rel]]
        for doc in changed:
            doc.distinction = told[doc.rel]
        return changed
