"""Reading positions (core/positions.py): where the reader was in each
document survives a restart, another reader's save, a damaged file and a
document that changed underneath it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.positions import POSITION_CONTEXT, Position, Positions, default_path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "state" / "positions.json"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


# Every stretch of POSITION_CONTEXT characters occurs once.
TEXT = "".join(f"Paragraph {n} counts {n * 7} sheep, {n * 3} cows and {n * 11} hens.\n" for n in range(200))


def position_at(text: str, top: int, cursor: int) -> Position:
    return Position(top, cursor, top / len(text), text[top : top + POSITION_CONTEXT])


# -- saved and read back ------------------------------------------------------------


def test_a_position_survives_a_restart(corpus: Path, store: Path) -> None:
    positions = Positions(corpus, path=store)
    assert positions.get("a.txt") is None and positions.last is None
    here = position_at(TEXT, 1200, 1234)
    positions.remember("a.txt", here)
    positions.save()

    again = Positions(corpus, path=store)
    assert again.get("a.txt") == here
    assert again.fraction("a.txt") == pytest.approx(1200 / len(TEXT))
    assert again.fraction("b.txt") is None
    assert again.last == "a.txt"


def test_last_is_the_document_remembered_last(corpus: Path, store: Path) -> None:
    positions = Positions(corpus, path=store)
    positions.remember("a.txt", Position(10, 10, 0.1))
    positions.remember("b.txt", Position(20, 25, 0.2))
    positions.remember("a.txt", Position(10, 10, 0.1))  # back to a, not moved
    positions.save()
    again = Positions(corpus, path=store)
    assert again.last == "a.txt"
    assert again.get("b.txt") == Position(20, 25, 0.2)


def test_the_file_is_json(corpus: Path, store: Path) -> None:
    positions = Positions(corpus, path=store)
    positions.remember("a.txt", Position(5, 6, 0.5, "ctx"))
    positions.save()
    data = json.loads(store.read_text("utf-8"))
    entry = data[str(corpus.resolve())]
    assert entry["last"] == "a.txt"
    assert entry["documents"]["a.txt"] == {"top": 5, "cursor": 6, "fraction": 0.5, "context": "ctx"}
    assert not list(store.parent.glob(".positions.*"))  # no temp file left behind


def test_two_readers_on_one_file_lose_nothing(corpus: Path, store: Path) -> None:
    first = Positions(corpus, path=store)
    second = Positions(corpus, path=store)
    first.remember("a.txt", Position(100, 100, 0.1))
    second.remember("b.txt", Position(200, 210, 0.2))
    first.save()
    second.save()  # re-reads the file: a.txt stays
    again = Positions(corpus, path=store)
    assert again.get("a.txt") == Position(100, 100, 0.1)
    assert again.get("b.txt") == Position(200, 210, 0.2)
    assert again.last == "b.txt"


def test_a_save_writes_only_what_this_reader_moved(corpus: Path, store: Path) -> None:
    first = Positions(corpus, path=store)
    first.remember("a.txt", Position(1, 1, 0.0))
    first.save()
    second = Positions(corpus, path=store)  # has a.txt at 1
    first.remember("a.txt", Position(500, 500, 0.5))
    first.save()
    second.remember("b.txt", Position(2, 2, 0.0))
    second.save()  # must not put back its stale copy of a.txt
    assert Positions(corpus, path=store).get("a.txt") == Position(500, 500, 0.5)


def test_corpora_do_not_mix(tmp_path: Path, store: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    first = Positions(one, path=store)
    first.remember("a.txt", Position(10, 10, 0.1))
    first.save()
    second = Positions(two, path=store)
    assert second.get("a.txt") is None
    assert second.last is None
    second.remember("a.txt", Position(99, 99, 0.9))
    second.save()
    assert Positions(one, path=store).get("a.txt") == Position(10, 10, 0.1)
    assert Positions(two, path=store).get("a.txt") == Position(99, 99, 0.9)


def test_a_corpus_is_keyed_by_its_absolute_path(
    tmp_path: Path, corpus: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    positions = Positions(corpus, path=store)
    positions.remember("a.txt", Position(3, 3, 0.3))
    positions.save()
    monkeypatch.chdir(tmp_path)
    assert Positions(Path("corpus"), path=store).get("a.txt") == Position(3, 3, 0.3)


# -- damaged files -------------------------------------------------------------------


@pytest.mark.parametrize("content", ["{not json", "", "[1, 2, 3]", "\x00\x01garbage", '"a string"'])
def test_a_corrupt_file_starts_empty_and_is_rewritten(corpus: Path, store: Path, content: str) -> None:
    store.parent.mkdir(parents=True)
    store.write_text(content, encoding="utf-8")
    positions = Positions(corpus, path=store)
    assert positions.get("a.txt") is None and positions.last is None
    positions.remember("a.txt", Position(7, 8, 0.25))
    positions.save()
    data = json.loads(store.read_text("utf-8"))
    assert data[str(corpus.resolve())]["documents"]["a.txt"]["top"] == 7
    assert Positions(corpus, path=store).get("a.txt") == Position(7, 8, 0.25)


def test_a_malformed_entry_is_skipped(corpus: Path, store: Path) -> None:
    store.parent.mkdir(parents=True)
    store.write_text(
        json.dumps(
            {
                str(corpus.resolve()): {
                    "last": "good.txt",
                    "documents": {
                        "good.txt": {"top": 1, "cursor": 2, "fraction": 0.5},
                        "bad.txt": {"top": "nowhere", "cursor": 2, "fraction": 0.5},
                        "short.txt": {"top": 1},
                    },
                }
            }
        ),
        encoding="utf-8",
    )
    positions = Positions(corpus, path=store)
    assert positions.get("good.txt") == Position(1, 2, 0.5, "")
    assert positions.get("bad.txt") is None
    assert positions.get("short.txt") is None
    assert positions.last == "good.txt"


def test_nothing_moved_writes_nothing(corpus: Path, store: Path) -> None:
    Positions(corpus, path=store).save()
    assert not store.exists()


# -- placing a position in a changed text ---------------------------------------------


def test_unchanged_text_gives_the_stored_offsets() -> None:
    here = position_at(TEXT, 1200, 1234)
    assert here.place_in(TEXT) == (1200, 1234)


def test_text_inserted_before_moves_the_position_along() -> None:
    here = position_at(TEXT, 1200, 1234)
    inserted = "A new preface, written later.\n" * 3
    changed = inserted + TEXT
    top, cursor = here.place_in(changed)
    assert (top, cursor) == (1200 + len(inserted), 1234 + len(inserted))
    assert changed[top : top + POSITION_CONTEXT] == here.context


def test_text_removed_before_moves_the_position_back() -> None:
    here = position_at(TEXT, 1200, 1234)
    cut = TEXT.index("Paragraph 3 ")
    changed = TEXT[cut:]
    assert here.place_in(changed) == (1200 - cut, 1234 - cut)


def test_the_nearest_copy_of_the_context_wins() -> None:
    text = "xxxx MARKER here yyyy " * 3
    here = Position(text.index("MARKER", 10), text.index("MARKER", 10) + 2, 0.5, "MARKER here")
    changed = "ab" + text
    top, cursor = here.place_in(changed)
    assert top == here.top + 2 and cursor == here.cursor + 2


def test_a_shorter_text_clamps() -> None:
    here = position_at(TEXT, 1200, 1234)
    short = "Everything was rewritten.\n"
    assert here.place_in(short) == (len(short) - 1, len(short) - 1)
    assert here.place_in("") == (0, 0)


def test_without_context_the_offsets_stay_or_clamp() -> None:
    here = Position(40, 45, 0.5)
    assert here.place_in("z" * 100) == (40, 45)
    assert here.place_in("z" * 42) == (40, 41)


# -- where the file is ---------------------------------------------------------------


def test_the_default_file_is_in_the_state_folder(state_home: Path, corpus: Path) -> None:
    assert default_path().is_relative_to(state_home)
    positions = Positions(corpus)
    assert positions.path.is_relative_to(state_home)
    positions.remember("a.txt", Position(1, 1, 0.0))
    positions.save()
    assert positions.path.exists()
    assert Positions(corpus).get("a.txt") == Position(1, 1, 0.0)


@pytest.mark.parametrize("entry", [["x"], "str", {"documents": []}, {"last": 3, "documents": {"a": 1}}])
def test_a_corpus_entry_of_another_shape_starts_empty_and_is_rewritten(tmp_path: Path, entry) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    path = tmp_path / "positions.json"
    path.write_text(json.dumps({str(root.resolve()): entry}), "utf-8")
    positions = Positions(root, path=path)
    assert positions.documents == {} and positions.last is None
    positions.remember("a.txt", Position(5, 6, 0.5, "ctx"))
    positions.save()
    assert Positions(root, path=path).get("a.txt") == Position(5, 6, 0.5, "ctx")
