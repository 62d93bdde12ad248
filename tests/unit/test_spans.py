"""Finding the spans on a row by bisection."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.text.spans import Spans

SPAN = st.tuples(st.integers(0, 200), st.integers(1, 60)).map(lambda t: (t[0], t[0] + t[1], None))


@given(spans=st.lists(SPAN, max_size=40), start=st.integers(0, 260), length=st.integers(0, 40))
def test_overlapping_is_every_span_sharing_a_character(spans, start, length) -> None:
    end = start + length
    expected = sorted((s, e, v) for s, e, v in spans if s < max(end, start + 1) and e > start)
    assert sorted(Spans(spans).overlapping(start, end)) == expected


def test_after_and_before() -> None:
    spans = Spans([(10, 20, "a"), (30, 35, "b"), (5, 50, "c")])
    assert spans.after(10)[2] == "b"
    assert spans.after(5)[2] == "a"
    assert spans.before(30)[2] == "a"
    assert spans.before(5) is None
    assert spans.after(30) is None
