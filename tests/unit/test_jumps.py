from hypothesis import given
from hypothesis import strategies as st

from reader.core.jumps import MOST, JumpList, Place


def at(offset: int, rel: str = "a.txt") -> Place:
    return Place(rel, offset)


def test_back_and_forward_walk_the_jumps_in_order() -> None:
    jumps = JumpList()
    jumps.record(at(0))  # g from 0 to the end: 0 is recorded
    jumps.record(at(900))  # then a find from 900 to 400
    assert jumps.back(at(400)) == at(900)
    assert jumps.back(at(900)) == at(0)
    assert jumps.back(at(0)) is None  # the oldest
    assert jumps.forward(at(0)) == at(900)
    assert jumps.forward(at(0)) == at(400)  # where the reader was when they went back
    assert jumps.forward(at(0)) is None


def test_a_jump_after_going_back_drops_the_places_ahead() -> None:
    jumps = JumpList()
    jumps.record(at(0))
    jumps.record(at(500))
    assert jumps.back(at(700)) == at(500)
    jumps.record(at(500))  # a new jump from there
    assert jumps.forward(at(0)) is None
    assert jumps.back(at(50)) == at(500)
    assert jumps.back(at(500)) == at(0)


def test_quote_quote_swaps_with_the_place_before_the_last_jump() -> None:
    jumps = JumpList()
    assert jumps.swap(at(10)) is None  # no jump yet
    jumps.record(at(10))  # G from 10 to 9000
    assert jumps.swap(at(9000)) == at(10)
    assert jumps.swap(at(10)) == at(9000)  # and back
    jumps.record(at(9000))
    assert jumps.back(at(20)) == at(9000)
    assert jumps.swap(at(9000)) == at(20)  # ctrl+o was a jump too


def test_places_in_other_documents_are_kept_too() -> None:
    jumps = JumpList()
    jumps.record(at(100, "a.txt"))  # a search hit opened b.txt
    assert jumps.back(at(5, "b.txt")) == at(100, "a.txt")
    assert jumps.forward(at(0)) == at(5, "b.txt")


@given(st.lists(st.integers(0, 1000), max_size=3 * MOST))
def test_back_all_the_way_then_forward_all_the_way_returns(offsets: list[int]) -> None:
    jumps = JumpList()
    for offset in offsets:
        jumps.record(at(offset))
    here = at(5000)
    walked = [here]
    while (place := jumps.back(walked[-1])) is not None:
        walked.append(place)
    assert len(walked) <= MOST + 1
    forward = []
    while (place := jumps.forward(here)) is not None:
        forward.append(place)
    assert forward == walked[-2::-1]  # the same places, the other way, ending where the reader was
