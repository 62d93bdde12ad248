"""What the reading screen decides about a document's annotations
(core/annotations/marks.py), and the notebook's part in re-attaching them."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotations.anchoring import Anchored, State
from reader.core.annotations.marks import Mark, Standing, marks, moved, standings, suggested, trimmed
from reader.core.annotations.model import make_annotation
from reader.core.annotations.notebook import Notebook
from reader.core.annotations.store import Store

TEXT = "It was the best of times, it was the worst of times, it was the age of wisdom."
CHANGED = "Foreword.\n\n" + TEXT.replace("worst", "very worst")


def at(text: str, phrase: str, kind: str = "yellow", note: str = ""):
    start = text.index(phrase)
    return make_annotation(text, start, start + len(phrase), kind, note=note)


def test_annotations_in_place_are_drawn_filled_where_they_are():
    best, age = at(TEXT, "best of times"), at(TEXT, "age of wisdom", "green", note="why")
    drawn = marks([best, age], TEXT)
    assert drawn.in_place
    assert drawn.marks == [
        Mark(best.id, "yellow", best.start, best.end, noted=False),
        Mark(age.id, "green", age.start, age.end, noted=True),
    ]


def test_one_out_of_place_is_not_drawn_until_re_anchoring_has_a_place_for_review():
    best, worst = at(TEXT, "best of times"), at(TEXT, "worst of times")
    gone = TEXT.replace("worst of times", "x")
    drawn = marks([best, worst], gone)
    assert not drawn.in_place and [m.id for m in drawn.marks] == [best.id]
    # Re-anchoring: a place to review is drawn for review; confident or orphaned ones are not.
    results = {worst.id: Anchored(State.FUZZY, 20, 30, 0.6)}
    (_, review) = marks([best, worst], gone, results).marks
    assert (review.id, review.start, review.end, review.review) == (worst.id, 20, 30, True)
    for result in (Anchored(State.MOVED, 20, 30, 1.0), Anchored(State.ORPHANED, None, None, 0.0)):
        assert [m.id for m in marks([best, worst], gone, {worst.id: result}).marks] == [best.id]


def test_standings_say_which_notes_need_a_look():
    ok, fuzzy, orphan, changed = (at(TEXT, p) for p in ("It was", "best of times", "worst", "age of wisdom"))
    results = {fuzzy.id: Anchored(State.FUZZY, 7, 20, 0.6), changed.id: Anchored(State.MOVED, 60, 73, 1.0)}
    drawn = {ok.id, fuzzy.id, changed.id}
    assert standings([ok, fuzzy, orphan, changed], drawn, results, {changed.id}) == {
        fuzzy.id: Standing.REVIEW,
        orphan.id: Standing.ORPHANED,
        changed.id: Standing.CHANGED,
    }
    assert Standing.CHANGED.value == "moved, words changed"  # what the notes panel shows, and its filter finds
    assert standings([ok], {ok.id}, None, ()) == {}


def test_a_selection_is_trimmed_of_white_space():
    text = "  two words \n\n"
    assert trimmed(text, 0, len(text)) == (2, 11)
    assert trimmed(text, 11, len(text)) is None  # nothing but white space
    assert trimmed(text, 3, 3) is None


def test_accept_takes_the_suggested_place_or_none():
    results = {"a": Anchored(State.FUZZY, 4, 9, 0.6), "b": Anchored(State.ORPHANED, None, None, 0.0)}
    assert suggested(results, "a") == (4, 9)
    assert suggested(results, "b") is None and suggested(results, "c") is None and suggested(None, "a") is None


def test_moved_points_confident_results_elsewhere_at_their_new_words():
    best, worst, age = at(TEXT, "best of times"), at(TEXT, "worst of times"), at(TEXT, "age of wisdom")
    start = CHANGED.index("very worst of times")
    results = {
        best.id: Anchored(State.MOVED, best.start + 11, best.end + 11, 1.0),
        worst.id: Anchored(State.MOVED, start, start + len("very worst of times"), 1.0),
        age.id: Anchored(State.FUZZY, 1, 5, 0.6),  # to review: never written back
    }
    moved_ones = {a.id: a for a in moved({a.id: a for a in (best, worst, age)}, results, CHANGED)}
    assert set(moved_ones) == {best.id, worst.id}
    assert moved_ones[worst.id].exact == "very worst of times"
    assert moved_ones[best.id].start == best.start + 11 and moved_ones[best.id].prefix.endswith("the ")
    # In place already (an exact hit where it was): nothing to write.
    assert moved({best.id: best}, {best.id: Anchored(State.EXACT, best.start, best.end, 1.0)}, TEXT) == []


def test_the_notebook_reattaches_and_forgets_the_marks_once_all_are_in_place(tmp_path: Path):
    notebook = Notebook(Store(tmp_path / "annotations"))
    notebook.open("doc.txt", TEXT, "utf-8")
    worst = notebook.put("doc.txt", at(TEXT, "worst of times"))
    notebook.placed("doc.txt", {worst.id: Anchored(State.ORPHANED, None, None, 0.0)}, changed=set())
    assert notebook.attention["doc.txt"] == (0, 1)
    start = TEXT.index("age of wisdom")
    again = notebook.reattach("doc.txt", worst, TEXT, start, start + len("age of wisdom"))
    assert (again.start, again.exact) == (start, "age of wisdom") and again.prefix.endswith("it was the ")
    assert again.updated >= worst.updated
    assert notebook.in_place("doc.txt") and notebook.attention["doc.txt"] == (0, 0)
    assert not notebook.in_place("doc.txt")  # nothing changed the second time
    assert Store(tmp_path / "annotations").load("doc.txt").annotations[worst.id].exact == "age of wisdom"


def test_the_notebook_keeps_the_notes_moved_onto_changed_words_for_the_session(tmp_path: Path):
    notebook = Notebook(Store(tmp_path / "annotations"))
    notebook.placed("doc.txt", {}, changed={"x"})
    notebook.placed("doc.txt", {})  # a survey says nothing of them
    assert notebook.changed == {"doc.txt": {"x"}}
