"""Which annotations folder holds a document's notes: the library rule
(docs/LIBRARY.md), found the way git finds its work tree.

The nearest folder at or above a document that holds an `annotations/`
folder is the document's library root, and its notes are
`annotations/<its path from the root>.toml`. Where no folder above holds
one, the root is the opened folder's parent (as for the project's seeds/)
or, for a single file, the file's own folder. So two documents never share
a file (their paths from one root differ), the same document finds the same
file however it is opened, and nothing is written outside what the user
opened but the annotations folder that belongs to it.

READER_CEILING_DIRECTORIES (colon-separated absolute paths, as git's
GIT_CEILING_DIRECTORIES) stops the search: those folders and everything
above them are never looked at.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ANNOTATIONS = "annotations"
CEILING_ENV = "READER_CEILING_DIRECTORIES"


def _ceilings() -> set[Path]:
    return {Path(p) for p in os.environ.get(CEILING_ENV, "").split(":") if p and os.path.isabs(p)}


@dataclass
class Library:
    """Where the notes of one opened corpus's documents are kept."""

    corpus_root: Path  # absolute, symlinks resolved
    default_root: Path  # the root where no folder above a document holds annotations/
    explicit: Path | None = None  # --annotations DIR: every note there, by its path inside the corpus
    _holds: dict[Path, bool] = field(default_factory=dict, repr=False)  # folder -> has annotations/

    @classmethod
    def of(cls, corpus_root: Path, single_file: bool = False, explicit: Path | None = None) -> Library:
        """The library of a corpus opened at `corpus_root` (a single file's folder when `single_file`)."""
        root = Path(corpus_root).resolve()
        return cls(root, root if single_file else root.parent, Path(explicit) if explicit else None)

    @classmethod
    def flat(cls, folder: Path) -> Library:
        """Every document's notes in `folder`, by its path inside the corpus (--annotations DIR)."""
        folder = Path(folder)
        return cls(folder.parent, folder.parent, folder)

    @property
    def root(self) -> Path:
        """The library root of the corpus itself (of the documents in its top folder)."""
        return self.root_of(self.corpus_root) or self.default_root

    @property
    def folder(self) -> Path:
        """The annotations folder of the corpus itself."""
        return self.explicit if self.explicit is not None else self.root / ANNOTATIONS

    @property
    def prefix(self) -> str:
        """The corpus root's path from its library root, as keys start: "" or "seeds/"."""
        if self.explicit is not None or self.root == self.corpus_root:
            return ""
        return self.corpus_root.relative_to(self.root).as_posix() + "/"

    def locate(self, rel: str) -> tuple[Path, str]:
        """(annotations folder, key) of the document `rel` of the corpus:
        its notes are `folder / (key + ".toml")`."""
        if self.explicit is not None:
            return self.explicit, rel
        return self.place_of(self.corpus_root / rel)

    def place_of(self, path: Path) -> tuple[Path, str]:
        """(annotations folder, key) of the document at the absolute `path`."""
        root = self.root_of(path.parent) or self.default_root
        return root / ANNOTATIONS, path.relative_to(root).as_posix()

    def root_of(self, folder: Path) -> Path | None:
        """The nearest folder at or above `folder` holding annotations/, if any."""
        ceilings = _ceilings()
        for candidate in (folder, *folder.parents):
            if candidate in ceilings:
                return None
            holds = self._holds.get(candidate)
            if holds is None:
                holds = self._holds[candidate] = (candidate / ANNOTATIONS).is_dir()
            if holds:
                return candidate
        return None

    def folders(self) -> list[tuple[Path, str]]:
        """(annotations folder, key prefix) of every place the notes of this
        corpus's documents can be: its own, and those of libraries nested
        inside it (a folder of the corpus holding annotations/ of its own)."""
        found = [(self.folder, self.prefix)]
        if self.explicit is None:
            for folder, dirs, _ in os.walk(self.corpus_root):
                if ANNOTATIONS in dirs and Path(folder) != self.corpus_root:
                    found.append((Path(folder) / ANNOTATIONS, ""))
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != ANNOTATIONS]
        return found

    def rel_of(self, folder: Path, key: str) -> str | None:
        """The path inside the corpus of the document whose notes are at
        `folder`/`key`.toml, if it is one of this corpus's."""
        if self.explicit is not None:
            return key
        path = folder.parent / key
        try:
            rel = path.relative_to(self.corpus_root).as_posix()
        except ValueError:
            return None
        return rel if self.locate(rel) == (folder, key) else None
