"""One answer to "where is this note now?" for the app, export, import and check."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.annotations.anchoring import State, reanchor
from reader.core.annotations.model import make_annotation
from reader.core.annotations.placing import place, shifted
from reader.core.text.reading import ReadingText, text_sha256

TEXT = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief."
)


def reading(text: str) -> ReadingText:
    return ReadingText(text, "utf-8")


def test_spans_that_hold_their_quotes_are_exact():
    a = make_annotation(TEXT, 7, 24, "yellow")
    placed = place([a], text_sha256(TEXT), reading(TEXT))
    assert placed.states[a.id].state is State.EXACT and placed.changed == set()


def test_a_matching_sha_does_not_vouch_for_a_span_that_lost_its_quote():
    # A hand edit moved the span past the end; the sha still says "unchanged".
    a = dataclasses.replace(make_annotation(TEXT, 7, 24, "yellow"), start=len(TEXT) - 3, end=len(TEXT) + 14)
    r = place([a], text_sha256(TEXT), reading(TEXT)).states[a.id]
    assert r.state is not State.EXACT
    assert (r.start, r.end) == (7, 24)  # found again where its quote is


def test_moved_and_orphaned_and_gone():
    a = make_annotation(TEXT, 7, 24, "yellow")
    gone = make_annotation(TEXT, 0, 6, "pink")
    new = "A new first sentence, long enough to move everything along. " + TEXT.replace("It was", "Zzz")
    placed = place([a, gone], text_sha256(TEXT), reading(new))
    assert placed.states[a.id].state is State.MOVED
    assert new[placed.states[a.id].start : placed.states[a.id].end] == "the best of times"
    assert placed.states[gone.id].state is not State.EXACT
    nothing = place([a], text_sha256(TEXT), None).states[a.id]
    assert nothing.state is State.ORPHANED and nothing.start is None


def test_words_changed_are_told_apart_from_a_move():
    a = make_annotation(TEXT, 7, 60, "yellow")  # "the best of times, ... worst of times, it was the age"
    edited = "Intro line here. " + TEXT.replace("worst of times", "worst of all times")
    placed = place([a], text_sha256(TEXT), reading(edited))
    r = placed.states[a.id]
    assert r.confident and a.id in placed.changed
    spaced = "Intro line here. " + TEXT.replace("best of times", "best  of\ntimes")
    again = place([a], text_sha256(TEXT), reading(spaced))
    assert again.states[a.id].confident and again.changed == set()  # spacing is not a change of words


words = st.sampled_from(
    "the of and a to in is was it that he for on with as his at by".split()
    + "whale ship sea captain harpoon deck night storm".split()
)
chunks = st.lists(words, min_size=1, max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(chunks, min_size=3, max_size=12), st.data())
def test_the_fast_path_answers_as_reanchoring_does(paragraphs, data):
    text = "\n\n".join(paragraphs)
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 60)), min_size=1, max_size=8))
    annotations = [make_annotation(text, s, min(len(text), s + n), "yellow") for s, n in spans]
    # An edit somewhere: a passage inserted or deleted.
    at = data.draw(st.integers(0, len(text)))
    if data.draw(st.booleans()):
        new = text[:at] + data.draw(chunks) + "\n\n" + text[at:]
    else:
        new = text[:at] + text[min(len(text), at + data.draw(st.integers(1, 80))) :]
    fast = shifted(new, annotations)
    if fast is not None:
        slow = reanchor(new, annotations)
        assert {id: (r.state, r.start, r.end) for id, r in fast.items()} == {
            id: (r.state, r.start, r.end) for id, r in slow.items()
        }
