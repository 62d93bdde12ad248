from pathlib import Path

from reader.core.history import MOST, History


def test_arrows_walk_back_through_the_queries_and_return_to_what_was_typed(tmp_path: Path) -> None:
    history = History("find", tmp_path / "history.json")
    for query in ("whale", "ahab", "queequeg"):
        history.add(query)
    assert history.older("sta") == "queequeg"
    assert history.older("queequeg") == "ahab"
    assert history.older("ahab") == "whale"
    assert history.older("whale") is None  # the oldest
    assert history.newer() == "ahab"
    assert history.newer() == "queequeg"
    assert history.newer() == "sta"  # what was typed before ↑
    assert history.newer() is None


def test_queries_are_kept_for_the_next_start_once_each_newest_last(tmp_path: Path) -> None:
    path = tmp_path / "state" / "history.json"
    first = History("find", path)
    first.add("whale")
    first.add("ahab")
    first.add("whale")  # again: moves up, not twice
    first.add("   ")  # blank: not kept
    History("search", path).add("harpoon")  # the other kind, in the same file
    assert History("find", path).queries == ["ahab", "whale"]
    assert History("search", path).queries == ["harpoon"]


def test_two_readers_at_once_keep_each_others_queries(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    one, two = History("find", path), History("find", path)
    one.add("whale")
    two.add("ahab")
    assert History("find", path).queries == ["whale", "ahab"]


def test_at_most_so_many_are_kept_and_a_broken_file_is_no_history(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    history = History("find", path)
    for n in range(MOST + 50):
        history.add(f"q{n}")
    assert History("find", path).queries == [f"q{n}" for n in range(50, MOST + 50)]
    path.write_text("{not json", encoding="utf-8")
    assert History("find", path).queries == []
    path.write_text('{"find": [1, "ok", null]}', encoding="utf-8")
    assert History("find", path).queries == ["ok"]
