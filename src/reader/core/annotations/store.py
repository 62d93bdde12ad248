"""Annotation files in their folder (docs/ARCHITECTURE.md, "The
annotation format"): one TOML file per document, where the library rule puts
it, written so that an acknowledged save survives a crash, two programs
saving at once both keep their work, and a file that does not parse is never
written over.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..library.corpus import natural_key
from ..library.rule import Library
from ..text.decoding import printable_line
from .model import MAX_FILE, REFUSED, AnnotationSet, DocumentInfo, StoreError, merge
from .toml_file import DOCUMENT_RE, Blocks, dumps, loads, string

LOCK_TIMEOUT = 10.0  # seconds; a save takes milliseconds, so a longer wait means a stuck program

# -- the folder ------------------------------------------------------------------


_ANNOTATION_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*annotation[ \t]*\]\]", re.MULTILINE)


@dataclass
class _Seen:
    data: bytes  # the file as this Store last read or wrote it
    blocks: Blocks


class Store:
    """The annotation files of a corpus's documents: where each is, by the
    library rule (library/rule.py), and how it is read and written."""

    def __init__(self, where: Path | Library) -> None:
        """`where`: a Library, or one folder holding every document's file by
        its path inside the corpus."""
        self.library = where if isinstance(where, Library) else Library.flat(where)
        self._seen: dict[Path, _Seen] = {}
        self._cleared: set[Path] = set()  # paths whose leftover temporary files were removed

    @property
    def folder(self) -> Path:
        """The annotations folder of the corpus (exports go beside it)."""
        return self.library.folder

    def path_for(self, rel: str) -> Path:
        return self._place(rel)[0]

    def _place(self, rel: str) -> tuple[Path, str, Path]:
        """(file, key, annotations folder) of the document `rel`."""
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or "\x00" in rel:
            raise ValueError(f"not a path inside the corpus: {rel!r}")
        folder, key = self.library.locate(rel)
        return folder / (key + ".toml"), key, folder

    def _name(self, path: Path) -> str:
        try:
            return printable_line(path.relative_to(self.folder.parent).as_posix())
        except ValueError:
            return printable_line(str(path))

    def _no_links(self, path: Path, folder: Path) -> None:
        """StoreError if `path` or a folder between it and `folder` is a
        link: a link inside annotations/ would have notes read from and
        written to another document's place."""
        for part in (path, *path.parents):
            if part == folder or part == folder.parent:  # the folder itself may be a link: the user's choice
                return
            if part.is_symlink():
                raise StoreError(
                    f"{self._name(part)} is a link: reader neither reads nor writes notes "
                    f"through links inside annotations/{REFUSED}",
                    path,
                )

    def _read(self, path: Path, folder: Path) -> bytes | None:
        self._no_links(path, folder)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):  # a FIFO blocks, a device never ends
                raise StoreError(f"{self._name(path)} is not a file: reader never reads one{REFUSED}", path)
            if info.st_size > MAX_FILE:  # refused before it is read
                raise StoreError(f"{self._name(path)}: larger than the {MAX_FILE:,} bytes reader reads{REFUSED}", path)
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as err:
            raise StoreError(f"{self._name(path)} cannot be read: {err.strerror}{REFUSED}", path) from None

    def _parse(self, path: Path, data: bytes, rel: str) -> tuple[AnnotationSet, _Seen]:
        try:
            aset, blocks = loads(data, self._name(path), rel)
        except StoreError as err:
            err.path = path
            raise
        return aset, _Seen(data, blocks)

    def load(self, rel: str) -> AnnotationSet | None:
        """The annotations of the document `rel`: None when it has none on
        disk; StoreError when its file cannot be used."""
        path, _, folder = self._place(rel)
        data = self._read(path, folder)
        if data is None:
            return None
        aset, self._seen[path] = self._parse(path, data, rel)
        return aset

    def save(self, aset: AnnotationSet) -> AnnotationSet:
        """Write `aset`, merged with what another program wrote meanwhile,
        and return the merged set (the caller goes on with it). `aset` must
        come from this Store's last load or save of the file (else load,
        merge() and save). StoreError, and the file untouched, when the
        file on disk does not parse; OSError when it cannot be written (the
        file is then as it was)."""
        rel = aset.document.path
        path, key, folder = self._place(rel)
        self._no_links(path.parent, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        from filelock import FileLock  # only needed for a save: start-up stays lean

        with FileLock(path.parent / f".{path.name}.lock", timeout=LOCK_TIMEOUT):
            seen = self._seen.get(path)
            # Reading the bytes is cheap and exact (a file rewritten within one
            # tick of the file system's clock can keep its size and mtime).
            disk = self._read(path, folder)
            blocks = seen.blocks if seen else {}
            if disk is not None and (seen is None or disk != seen.data):
                theirs, seen = self._parse(path, disk, rel)  # StoreError: not ours to write over
                aset = merge(aset, theirs)
                blocks = {**blocks, **seen.blocks}
            data, blocks = dumps(aset, blocks, key)
            if data != disk:
                if path not in self._cleared:
                    _clear_leftovers(path)
                    self._cleared.add(path)
                write_atomically(path, data)
            self._seen[path] = _Seen(data, blocks)
        return aset

    def header(self, rel: str) -> DocumentInfo | None:
        """The [document] table of the document's file, from its first bytes
        alone; None when there is none laid out as reader writes it."""
        path, _, folder = self._place(rel)
        try:
            self._no_links(path, folder)
            if not path.is_file():  # not opened: see _read
                return None
            with path.open("rb") as f:
                head = f.read(4096).decode("utf-8", "replace")
        except (OSError, StoreError):
            return None
        m = DOCUMENT_RE.match(head)
        if m is None:
            return None
        path_token, digest, length, encoding = m.groups()
        return DocumentInfo(string(path_token), string(digest), int(length), string(encoding))

    def files(self) -> list[str]:
        """The documents (paths inside the corpus) that have a file, in
        natural order (as the corpus lists documents). Hidden files and
        folders, and links, are not the store's."""
        rels = []
        for folder, prefix in self.library.folders():
            top = folder / prefix
            if not top.is_dir() or top.is_symlink():
                continue
            for here, dirs, names in os.walk(top):  # links to folders are not followed
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    if name.endswith(".toml") and not name.startswith("."):
                        path = Path(here) / name
                        if path.is_symlink() or not path.is_file():
                            continue
                        rel = self.library.rel_of(folder, path.relative_to(folder).as_posix()[:-5])
                        if rel is not None:
                            rels.append(rel)
        return sorted(rels, key=natural_key)

    def load_all_counts(self) -> dict[str, int]:
        """Document -> number of annotations, for every file that can be
        read (the others are reported when their document opens).

        Counted from the `[[annotation]]` headers, not parsed: a sidebar
        count must not cost a full parse of every file (0.2 s for 10,000
        annotations); a header inside a note's text would count once more."""
        counts: dict[str, int] = {}
        for rel in self.files():
            try:
                counts[rel] = len(_ANNOTATION_HEADER.findall(self.path_for(rel).read_bytes()))
            except OSError:
                continue
        return counts


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` by `data` so that after a crash at any moment the file
    holds either the old bytes or the new ones, and the new ones once we
    return. Temporary names end in .tmp, never .toml."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # as any new file (mkstemp makes it 0o600)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    # The rename itself is durable only once the folder is.
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP):  # file systems that cannot
            raise
    finally:
        os.close(dir_fd)


def _clear_leftovers(path: Path) -> None:
    """Remove temporary files of `path` left by a program killed mid-save.
    Called under the lock, which every writer of `path` holds while its
    temporary file exists; mkstemp's random part has no dot, so another
    file's temporaries never match."""
    leftover = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]+\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if leftover.fullmatch(name):
            try:
                os.unlink(path.parent / name)
            except OSError:
                pass


def _umask() -> int:
    # Read, not set and reset: os.umask() changes it for every thread meanwhile.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
