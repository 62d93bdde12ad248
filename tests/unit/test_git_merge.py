"""Annotation files in git (issue 11): `reader git-setup` installs a merge
driver, and `git merge` of two branches that both changed a document's notes
then succeeds, loses no note and keeps both edits of a note, marked. Real git
in tmp_path, never the user's configuration; the driver is the installed
console script, started by git."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations.git_merge import (
    ATTRIBUTES_LINE,
    branch_sides,
    document_key,
    merge_versions,
    with_attribute,
)
from reader.core.annotations.model import Annotation, AnnotationSet, DocumentInfo, merge
from reader.core.annotations.toml_file import dumps, loads
from reader.core.text.reading import text_sha256

READER = Path(sys.executable).with_name("reader")
TEXT = (Path(__file__).resolve().parents[2] / "seeds" / "003_66d8e60a35b94f19.txt").read_text("utf-8")
KEY = "essays/doc.txt"  # a document in a subfolder: the attribute's ** must reach it
FILE = f"annotations/{KEY}.toml"
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


def note(id: str, start: int, text: str = "", minute: int = 0, tags: tuple[str, ...] = ()) -> Annotation:
    end = start + 20
    return Annotation(
        id,
        "yellow",
        start,
        end,
        TEXT[start:end],
        TEXT[max(0, start - 32) : start],
        TEXT[end : end + 32],
        text,
        tags,
        T0,
        at(minute),
    )


def annotation_set(
    *annotations: Annotation, deleted: dict[str, datetime] | None = None, sha256: str = text_sha256(TEXT)
) -> AnnotationSet:
    return AnnotationSet(
        DocumentInfo(KEY, sha256, len(TEXT), "utf-8"), {a.id: a for a in annotations}, dict(deleted or {})
    )


def read_back(data: bytes) -> AnnotationSet:
    return loads(data, FILE, KEY)[0]


# -- git in a temporary repository ---------------------------------------------------


@pytest.fixture
def git_env(tmp_path: Path) -> dict[str, str]:
    """No GIT_* of the caller's, no global or system config, no repository above tmp_path."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    home = tmp_path / "home"
    home.mkdir()
    return {
        **env,
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }


def run(env: dict[str, str], cwd: Path, *command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


class Repo:
    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env
        root.mkdir()
        for args in (
            ("init", "-q", "-b", "main"),
            ("config", "user.name", "Test"),
            ("config", "user.email", "test@example.invalid"),
            ("config", "commit.gpgsign", "false"),
        ):
            self.git(*args)

    def git(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = run(self.env, self.root, "git", *args)
        assert not ok or done.returncode == 0, done.stderr
        return done

    def reader(self, *args: str | Path) -> subprocess.CompletedProcess:
        return run(self.env, self.root, READER, *args)

    def commit(self, aset: AnnotationSet | bytes, message: str) -> None:
        path = self.root / FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(aset if isinstance(aset, bytes) else dumps(aset)[0])
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def branches(
        self, base: AnnotationSet, ours: AnnotationSet | bytes, theirs: AnnotationSet | bytes
    ) -> subprocess.CompletedProcess:
        """base on main; theirs on `feature`, ours on main; then `git merge feature`."""
        self.commit(base, "base")
        self.git("checkout", "-q", "-b", "feature")
        self.commit(theirs, "theirs")
        self.git("checkout", "-q", "main")
        self.commit(ours, "ours")
        return self.git("merge", "--no-edit", "feature", ok=False)

    def merged(self) -> AnnotationSet:
        """The file as the merge commit holds it (the work tree has the same)."""
        data = self.git("show", f"HEAD:{FILE}").stdout.encode("utf-8")
        assert (self.root / FILE).read_bytes() == data
        return read_back(data)


@pytest.fixture
def repo(tmp_path: Path, git_env: dict[str, str]) -> Repo:
    repo = Repo(tmp_path / "library", git_env)
    done = repo.reader("git-setup")
    assert done.returncode == 0, done.stderr
    repo.git("add", ".gitattributes")
    repo.git("commit", "-q", "-m", "notes merged by reader")
    return repo


def assert_merged(done: subprocess.CompletedProcess, repo: Repo) -> None:
    assert done.returncode == 0, done.stdout + done.stderr
    assert "CONFLICT" not in done.stdout
    assert repo.git("status", "--porcelain").stdout == ""
    assert len(repo.git("log", "-1", "--format=%P").stdout.split()) == 2  # a merge commit


def test_notes_added_on_both_branches_are_all_kept(repo: Repo) -> None:
    a = note("A", 100, "in both")
    done = repo.branches(
        annotation_set(a), annotation_set(a, note("B", 300, "ours")), annotation_set(a, note("C", 500, "theirs"))
    )
    assert_merged(done, repo)
    assert {id: n.note for id, n in repo.merged().annotations.items()} == {"A": "in both", "B": "ours", "C": "theirs"}


def test_without_the_driver_the_same_merge_conflicts(tmp_path: Path, git_env: dict[str, str]) -> None:
    plain = Repo(tmp_path / "plain", git_env)
    a = note("A", 100, "in both")
    done = plain.branches(
        annotation_set(a), annotation_set(a, note("B", 300, "ours")), annotation_set(a, note("C", 500, "theirs"))
    )
    assert done.returncode != 0 and "CONFLICT" in done.stdout


def test_an_edit_after_the_other_branch_deleted_the_note_survives(repo: Repo) -> None:
    a, d = note("A", 100, "first", 1), note("D", 300, "first", 1)
    ours = annotation_set(deleted={"A": at(3), "D": at(5)})  # both deleted on main
    theirs = annotation_set(note("A", 100, "edited after the deletion", 5), note("D", 300, "edited before", 3))
    assert_merged(repo.branches(annotation_set(a, d), ours, theirs), repo)
    merged = repo.merged()
    assert merged.annotations["A"].note == "edited after the deletion"
    assert "D" not in merged.annotations and merged.deleted["D"] == at(5)  # deleted after the edit: stays so


def test_a_note_edited_on_both_branches_keeps_the_newer_edit_and_the_other_marked(repo: Repo) -> None:
    base = annotation_set(note("A", 100, "first", 1), note("B", 300, "first", 1))
    ours = annotation_set(note("A", 100, "ours, older", 3, ("x",)), note("B", 300, "ours, newer", 6))
    theirs = annotation_set(note("A", 100, "theirs, newer", 4, ("y",)), note("B", 300, "theirs, older", 5))
    assert_merged(repo.branches(base, ours, theirs), repo)
    merged = repo.merged()
    a, b = merged.annotations["A"], merged.annotations["B"]
    assert a.note == (
        "theirs, newer\n\n--- other version (from our branch, updated 2026-11-23T08:03:00Z) ---\nours, older"
    )
    assert set(a.tags) == {"x", "y"}
    assert b.note == (
        "ours, newer\n\n--- other version (from their branch feature, updated 2026-11-23T08:05:00Z) ---\ntheirs, older"
    )
    assert a.updated > at(4) and b.updated > at(6)  # wins over both versions in any later merge


def test_a_version_that_does_not_parse_is_a_conflict_and_ours_stays(repo: Repo) -> None:
    a = note("A", 100, "first")
    ours = annotation_set(a, note("B", 300, "ours"))
    done = repo.branches(annotation_set(a), ours, b"[[annotation]\nbroken = \n")
    assert done.returncode != 0 and "CONFLICT" in done.stdout
    assert (repo.root / FILE).read_bytes() == dumps(ours)[0]
    said = [line for line in done.stderr.splitlines() if line.startswith("reader:")]
    assert len(said) == 1 and f"{FILE} (their version), line 1" in said[0], done.stderr


# -- the driver by hand ------------------------------------------------------------------


def versions(
    tmp_path: Path, base: bytes | None, ours: AnnotationSet | bytes, theirs: AnnotationSet | bytes
) -> tuple[Path, Path, Path]:
    paths = tmp_path / "base", tmp_path / "ours", tmp_path / "theirs"
    for path, data in zip(paths, (base, ours, theirs)):
        if data is not None:
            path.write_bytes(data if isinstance(data, bytes) else dumps(data)[0])
    return paths


@pytest.mark.parametrize("base", [None, b""], ids=["missing", "empty"])
def test_without_a_common_version_both_sides_merge_by_id(tmp_path: Path, git_env, base: bytes | None) -> None:
    paths = versions(tmp_path, base, annotation_set(note("A", 100, "a")), annotation_set(note("B", 200, "b")))
    done = run(git_env, tmp_path, READER, "merge-driver", *paths, FILE)
    assert (done.returncode, done.stderr) == (0, "")
    assert set(read_back(paths[1].read_bytes()).annotations) == {"A", "B"}


def test_ours_that_does_not_parse_is_left_untouched(tmp_path: Path, git_env) -> None:
    paths = versions(tmp_path, b"", b"not = [toml", annotation_set(note("B", 200, "b")))
    done = run(git_env, tmp_path, READER, "merge-driver", *paths, "annotations/\x1b[31mdoc.txt.toml")
    assert done.returncode == 1 and paths[1].read_bytes() == b"not = [toml"
    (line,) = done.stderr.splitlines()
    assert line.startswith("reader: annotations/␛[31mdoc.txt.toml (our version), line 1")


# -- git-setup ---------------------------------------------------------------------------


def test_git_setup_twice_changes_nothing_and_keeps_other_attributes(tmp_path: Path, git_env) -> None:
    repo = Repo(tmp_path / "library", git_env)
    (repo.root / ".gitattributes").write_bytes(b"*.png binary\n*.txt text")  # no newline at its end
    (repo.root / "corpus").mkdir()
    first = run(git_env, repo.root / "corpus", READER, "git-setup")
    assert first.returncode == 0, first.stderr
    assert f"added `{ATTRIBUTES_LINE}`" in first.stdout
    attributes = (repo.root / ".gitattributes").read_bytes()
    config = (repo.root / ".git" / "config").read_bytes()
    assert attributes == f"*.png binary\n*.txt text\n{ATTRIBUTES_LINE}\n".encode()
    driver = repo.git("config", "merge.reader-annotations.driver").stdout.strip()
    assert driver == f"{shlex.quote(str(READER.resolve()))} merge-driver %O %A %B %P"
    assert "merge: reader-annotations" in repo.git("check-attr", "merge", FILE).stdout

    second = repo.reader("git-setup", "corpus")
    assert second.returncode == 0 and "added" not in second.stdout and second.stdout.count("already") == 3
    assert (repo.root / ".gitattributes").read_bytes() == attributes
    assert (repo.root / ".git" / "config").read_bytes() == config


def test_git_setup_outside_a_repository_says_so_in_one_line(tmp_path: Path, git_env) -> None:
    done = run(git_env, tmp_path, READER, "git-setup")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"reader: not in a git repository: {Path('.')}\n"
    assert not (tmp_path / ".gitattributes").exists()


# -- merge_versions ----------------------------------------------------------------------


def test_the_newer_edit_wins_and_keeps_the_other_marked() -> None:
    base = annotation_set(note("A", 100, "first", 1, ("t",)))
    ours = annotation_set(note("A", 100, "mine", 2, ("t", "x")))
    theirs = annotation_set(note("A", 100, "", 3, ("y",)))  # the note emptied, later
    merged = merge_versions(base, ours, theirs, ("main", "feature"))
    a = merged.annotations["A"]
    assert a.note == "--- other version (from main, updated 2026-11-23T08:02:00Z) ---\nmine"
    assert a.tags == ("y", "t", "x") and a.updated == at(3) + timedelta(seconds=1)


def test_merging_the_result_again_keeps_the_other_version_once() -> None:
    base = annotation_set(note("A", 100, "first", 1))
    ours, theirs = annotation_set(note("A", 100, "mine", 2)), annotation_set(note("A", 100, "yours", 3))
    once = merge_versions(base, ours, theirs)
    assert merge_versions(base, ours, once).annotations == once.annotations
    assert once.annotations["A"].note.count("mine") == 1


def test_a_change_on_one_side_only_is_the_stores_merge() -> None:
    base = annotation_set(note("A", 100, "first", 1))
    theirs = annotation_set(note("A", 100, "edited", 2), note("B", 200, "new", 2))
    assert merge_versions(base, base, theirs).annotations == merge(base, theirs).annotations


def test_notes_made_on_two_texts_are_anchored_by_their_quotes() -> None:
    ours = annotation_set(note("A", 100))
    theirs = annotation_set(note("B", 200), sha256=text_sha256(TEXT + "more"))
    assert merge_versions(None, ours, theirs).document.sha256 == ""
    assert merge_versions(None, ours, ours).document == ours.document


def test_the_document_is_named_by_its_place_after_annotations() -> None:
    assert document_key("annotations/essays/doc.txt.toml") == "essays/doc.txt"
    assert document_key("library/annotations/seeds/a.md.toml") == "seeds/a.md"
    assert document_key("elsewhere/a.md.toml") == "a.md"


def test_attributes_line_added_once_after_the_others() -> None:
    assert with_attribute("") == f"{ATTRIBUTES_LINE}\n"
    assert with_attribute("*.png binary") == f"*.png binary\n{ATTRIBUTES_LINE}\n"
    assert with_attribute(f"# notes\n{ATTRIBUTES_LINE.replace(' ', '   ')}\n") is None


def test_the_merged_branch_is_named_when_git_says_which() -> None:
    assert branch_sides({"GITHEAD_0123abc": "feature\x1b"}) == ("our branch", "their branch feature␛")
    assert branch_sides({"PATH": "/bin"}) == ("our branch", "their branch")


# -- properties ----------------------------------------------------------------------------

IDS = st.sampled_from(["A", "B", "C", "D"])
NOTES = st.sampled_from(
    [
        "",
        "x",
        "a note",
        "line\nline",
        '"""',
        "\\",
        "tab\there",
        "\r\n",
        "\x1b[31m",
        "--- other version (from our branch, updated 2026-11-23T08:00:00Z) ---\nx",
    ]
)
TAGS = st.lists(st.sampled_from(["x", "y", "z"]), max_size=2).map(tuple)
MINUTES = st.integers(0, 4)


@st.composite
def small_sets(draw) -> AnnotationSet:
    found = [
        note(id, draw(st.integers(0, 3)) * 50, draw(NOTES), draw(MINUTES), draw(TAGS)) for id in draw(st.sets(IDS))
    ]
    tombstones = draw(st.dictionaries(IDS, MINUTES.map(at)))
    ids = {a.id for a in found}
    return annotation_set(*found, deleted={id: when for id, when in tombstones.items() if id not in ids})


@given(st.none() | small_sets(), small_sets(), small_sets())
def test_merging_loses_no_note_that_was_not_deleted_after_it(base, ours, theirs) -> None:
    merged = merge_versions(base, ours, theirs)
    for side, other in ((ours, theirs), (theirs, ours)):
        for id, a in side.annotations.items():
            if other.deleted.get(id, at(-1)) < a.updated:
                assert id in merged.annotations


@given(st.none() | small_sets(), small_sets(), small_sets())
def test_both_edits_of_a_note_are_kept(base, ours, theirs) -> None:
    merged = merge_versions(base, ours, theirs)
    before = base.annotations if base else {}
    for id in ours.annotations.keys() & theirs.annotations.keys():
        mine, other = ours.annotations[id], theirs.annotations[id]
        if before.get(id) not in (mine, other):
            kept = merged.annotations[id]
            assert mine.note in kept.note and other.note in kept.note
            assert set(kept.tags) == set(mine.tags) | set(other.tags)


@given(st.none() | small_sets(), small_sets(), small_sets())
def test_the_result_reads_back_to_itself(base, ours, theirs) -> None:
    merged = merge_versions(base, ours, theirs)
    data = dumps(merged)[0]
    again = read_back(data)
    assert (again.annotations, again.deleted) == (merged.annotations, merged.deleted)
    assert dumps(again)[0] == data
