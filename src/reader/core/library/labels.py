"""What the sidebar, the notes panel and search all call each document: its
title, and where documents share a title, what tells them apart
("Pride and Prejudice, by Jane Austen · 2015" / "… · 2018")."""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterable, Sequence

from .corpus import SEPARATOR, Document, label_of

_NAME_PARTS = re.compile(r"[^\s._-]+")  # "pride-and-prejudice-2015.txt": pride, and, prejudice, 2015, txt


def distinct(docs: Sequence[Document]) -> dict[str, str]:
    """Each document's label by its path: distinct whenever the paths are."""
    told = distinctions(docs)
    return {doc.rel: label_of(doc.title, told[doc.rel]) for doc in docs}


def distinctions(docs: Sequence[Document]) -> dict[str, str]:
    """What tells each document apart from those of the same title ("" for
    a title of its own), by its path."""
    groups: dict[str, list[str]] = {}
    for doc in docs:
        groups.setdefault(doc.title, []).append(doc.rel)
    told = dict.fromkeys((doc.rel for doc in docs), "")
    shared = [(title, rels) for title, rels in groups.items() if len(rels) > 1]
    for _, rels in shared:
        told.update(_tell_apart(rels))
    _number_where_taken(shared, groups, told)
    return told


def _tell_apart(rels: list[str]) -> dict[str, str]:
    """Distinct for distinct paths: the shortest part of each file name no
    other has ("2015"), else the file names, else enough of the paths."""
    names = [rel.rpartition("/")[2] for rel in rels]
    parts = [_NAME_PARTS.findall(name) for name in names]
    holders: dict[str, int] = {}
    for own in parts:
        for part in set(own):
            holders[part] = holders.get(part, 0) + 1
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


def _number_where_taken(
    shared: list[tuple[str, list[str]]], groups: dict[str, list[str]], told: dict[str, str]
) -> None:
    """A label made for one title may be another document's: its own title
    ("A · b"), or the label of a document of another title. Such a document
    gets a number, one no other label holds."""

    def free(label: str) -> bool:
        return label not in taken and len(groups.get(label, ())) != 1  # a document of that title alone holds it

    taken: set[str] = set()
    for title, rels in shared:
        for rel in rels:
            if not free(label_of(title, told[rel])):
                n = 2
                while not free(label_of(title, f"{told[rel]} ({n})")):
                    n += 1
                told[rel] = f"{told[rel]} ({n})"
            taken.add(label_of(title, told[rel]))


class Labels:
    """Keeps the `distinction` of each of `documents` as distinctions()
    gives it, computed again only when titles have changed (not at every
    redraw or key) and for those titles alone: a label can be another
    title's only where a title holds the separator, and then (and once
    after) all are."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self._titles = [doc.title for doc in documents]
        self._groups: dict[str, list[int]] = {}  # title -> its documents' places in `documents`, in order
        self._crossed = False  # a title held the separator at the last pass: numbers may stand for it
        for place, title in enumerate(self._titles):
            self._groups.setdefault(title, []).append(place)
        self._tell(list(self._groups))

    def update(self) -> list[Document]:
        """The documents whose distinction changed since the last call."""
        titles = [doc.title for doc in self.documents]
        if titles == self._titles:
            return []
        retitled: set[str] = set()
        for place, (before, now) in enumerate(zip(self._titles, titles)):
            if before != now:
                self._groups[before].remove(place)
                if not self._groups[before]:
                    del self._groups[before]
                insort(self._groups.setdefault(now, []), place)
                retitled.update((before, now))
        self._titles = titles
        return self._tell(list(retitled))

    def _tell(self, titles: list[str]) -> list[Document]:
        """The distinctions of the documents of `titles` again; those that changed."""
        docs = self.documents
        places: Iterable[int]
        crossing = any(SEPARATOR in title for title in self._groups)
        if crossing or self._crossed:
            told, places = distinctions(docs), range(len(docs))
        else:
            told, places = {}, sorted(place for title in titles for place in self._groups.get(title, ()))
            for title in titles:
                rels = [docs[place].rel for place in self._groups.get(title, ())]
                told.update(_tell_apart(rels) if len(rels) > 1 else dict.fromkeys(rels, ""))
        self._crossed = crossing
        changed = [docs[place] for place in places if docs[place].distinction != told[docs[place].rel]]
        for doc in changed:
            doc.distinction = told[doc.rel]
        return changed
