"""Annotation files merged by git (`reader merge-driver`, installed in a
repository by `reader git-setup`).

A text merge of two versions of a file conflicts when both add a note at the
end, and can give a file that does not parse. The store's merge by id, with
tombstones, needs no common version; the common version adds one thing: a
note that both branches edited since it, whose losing text is then kept
inside the winner's note, marked, rather than silently dropped.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from ..text.decoding import printable_line
from .model import SECOND, Annotation, AnnotationSet, DocumentInfo, merge
from .store import write_atomically
from .toml_file import dumps, loads

DRIVER = "reader-annotations"
DRIVER_NAME = "reader annotations: merged by id, deletions kept, both edits of a note kept"
ATTRIBUTES_LINE = f"annotations/**/*.toml merge={DRIVER}"
SIDES = ("our branch", "their branch")  # as the other version's mark names where it came from


# -- merging -------------------------------------------------------------------------


def merge_versions(
    base: AnnotationSet | None, ours: AnnotationSet, theirs: AnnotationSet, sides: tuple[str, str] = SIDES
) -> AnnotationSet:
    """`ours` and `theirs` merged as the store merges (union by id, later
    `updated` wins, tombstones remove what was not updated after them); a
    note both changed since `base`, differently, also keeps the loser's text
    and tags. `sides` name ours and theirs in that text's mark."""
    merged = merge(ours, theirs)
    before = base.annotations if base is not None else {}
    for id, mine in ours.annotations.items():
        other = theirs.annotations.get(id)
        if other is None or other == mine or before.get(id) in (mine, other):
            continue  # one side only, or changed on one side only: the store's rule is right
        winner = merged.annotations[id]
        loser, side = (other, sides[1]) if winner is mine else (mine, sides[0])
        merged.annotations[id] = _keep_both(winner, loser, side)
    return AnnotationSet(_document(ours.document, theirs.document), merged.annotations, merged.deleted)


def _mark(loser: Annotation, side: str) -> str:
    """The line above the text of a version that lost to another edit."""
    return f"--- other version (from {side}, updated {_iso(loser.updated)}) ---"


def _keep_both(winner: Annotation, loser: Annotation, side: str) -> Annotation:
    """`winner` with `loser`'s note below its own, marked, and the tags of
    both; dated after `winner`, so that it wins over both in later merges."""
    note = winner.note
    kept = f"{_mark(loser, side)}\n{loser.note}"
    if loser.note and loser.note != note and kept not in note:  # not kept already by an earlier merge
        note = f"{note}\n\n{kept}" if note else kept
    tags = tuple(dict.fromkeys(winner.tags + loser.tags))
    if (note, tags) == (winner.note, winner.tags):
        return winner
    return replace(winner, note=note, tags=tags, updated=winner.updated + SECOND)


def _document(ours: DocumentInfo, theirs: DocumentInfo) -> DocumentInfo:
    if ours.sha256 == theirs.sha256:
        return ours
    # Notes made on two different texts: a sha256 that no text has makes the
    # app and `reader check` find every note by its quote, not trust positions.
    return replace(ours, sha256="")


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- the driver ----------------------------------------------------------------------


def document_key(pathname: str) -> str:
    """The document an annotation file at `pathname` annotates: its path
    after the last annotations/ folder (no document is inside one: the
    corpus skips them), without .toml."""
    parts = PurePosixPath(pathname).parts
    folders = [i for i, part in enumerate(parts[:-1]) if part == "annotations"]
    return "/".join(parts[folders[-1] + 1 :] if folders else parts[-1:]).removesuffix(".toml")


def branch_sides(environ: Mapping[str, str]) -> tuple[str, str]:
    """Names for the two branches: `git merge B` tells its driver B's name
    in a GITHEAD_<commit> variable (a rebase or a cherry-pick does not)."""
    names = [value for key, value in environ.items() if key.startswith("GITHEAD_")]
    return (SIDES[0], f"{SIDES[1]} {printable_line(names[0])}") if len(names) == 1 else SIDES


def merge_files(base: Path, ours: Path, theirs: Path, pathname: str, sides: tuple[str, str] = SIDES) -> AnnotationSet:
    """Merge the three versions git gives into `ours`, replaced atomically.
    StoreError, naming `pathname` and the version, when one does not parse:
    `ours` is then untouched. A missing or empty `base` is none (the file
    was added on both branches)."""
    key = document_key(pathname)
    try:
        base_data = base.read_bytes()
    except FileNotFoundError:
        base_data = b""
    common = _parse(base_data, pathname, "base", key) if base_data.strip() else None
    merged = merge_versions(
        common,
        _parse(ours.read_bytes(), pathname, "our", key),
        _parse(theirs.read_bytes(), pathname, "their", key),
        sides,
    )
    write_atomically(ours, dumps(merged)[0])
    return merged


def _parse(data: bytes, pathname: str, side: str, key: str) -> AnnotationSet:
    return loads(data, f"{pathname} ({side} version)", key)[0]


# -- installing it -------------------------------------------------------------------


class SetupError(Exception):
    """git-setup cannot be done; str() is the one line the user sees."""


def repository_root(folder: Path) -> Path:
    """The work tree holding `folder`; SetupError outside one."""
    if not folder.is_dir():
        raise SetupError(f"not a folder: {printable_line(str(folder))}")
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise SetupError(f"not in a git repository: {printable_line(str(folder))}")
    return Path(done.stdout.rstrip("\n"))


def install(root: Path, command: str) -> list[str]:
    """Set the driver in the repository's own config and its attribute in
    .gitattributes at `root`; a line for each step, saying what it did.
    Running it again changes nothing."""
    return [
        _configure(root, f"merge.{DRIVER}.name", DRIVER_NAME),
        _configure(root, f"merge.{DRIVER}.driver", command),
        _add_attribute(root / ".gitattributes"),
    ]


def with_attribute(text: str) -> str | None:
    """`text` of a .gitattributes with the driver's line added at the end
    (where it wins over earlier lines for the same files); None when it has
    the line already."""
    if any(line.split() == ATTRIBUTES_LINE.split() for line in text.splitlines()):
        return None
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}{ATTRIBUTES_LINE}\n"


def _configure(root: Path, key: str, value: str) -> str:
    if _git(root, "config", "--local", "--get", key).stdout.rstrip("\n") == value:
        return f"{key} already set"
    done = _git(root, "config", "--local", key, value)
    if done.returncode != 0:
        raise SetupError(f"git config {key} failed: {printable_line(done.stderr.strip())}")
    return f"set {key} = {printable_line(value)}"


def _add_attribute(path: Path) -> str:
    try:
        text = path.read_bytes().decode("utf-8", "surrogateescape")  # other lines kept byte for byte
    except FileNotFoundError:
        text = ""
    changed = with_attribute(text)
    if changed is None:
        return f"{printable_line(str(path))} already has `{ATTRIBUTES_LINE}`"
    write_atomically(path, changed.encode("utf-8", "surrogateescape"))
    return f"added `{ATTRIBUTES_LINE}` to {printable_line(str(path))}"


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, errors="surrogateescape"
        )
    except FileNotFoundError:
        raise SetupError("git is not installed (no `git` on PATH)") from None
