"""Re-anchoring (docs/ARCHITECTURE.md, "Anchoring"): each kind of change a document
goes through, with the state every annotation must end in; the traps where
a wrong attachment is easy; and properties of the normalised form."""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.annotations.anchoring import Anchored, State, anchor, moved_to, reanchor
from reader.core.annotations.model import QUOTE_CONTEXT, make_annotation
from reader.core.annotations.text_index import Normalised, TextIndex, _fold
from reader.core.text.decoding import decode

REPO = Path(__file__).resolve().parents[2]
EDITIONS = REPO.parent / "shared" / "corpora" / "editions"


def _paragraphs() -> list[str]:
    """English paragraphs of the seeds, hard-wrapped at 70 columns."""
    text = (REPO / "seeds" / "003_66d8e60a35b94f19.txt").read_text("utf-8")
    lines = [line.strip() for line in text.split("\n") if line.isascii() and len(line) > 200]
    return [textwrap.fill(line, 70) for line in lines[:12]]


PARAGRAPHS = _paragraphs()
TEXT = "\n\n".join(PARAGRAPHS) + "\n"


def span_of(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(quote, at + 1)
    return at, at + len(quote)


def annotate(text: str, quote: str, nth: int = 0):
    return make_annotation(text, *span_of(text, quote, nth), "yellow")


def quoted(text: str, found: Anchored) -> str:
    assert found.start is not None and found.end is not None
    return text[found.start : found.end]


# A sentence of the third paragraph, two lines of it, a word, a paragraph.
SENTENCE = re.search(r"[A-Z][^.]{60,200}\.", PARAGRAPHS[2]).group()
WORD = next(w for w in re.findall(r"\b[a-z]{7,}\b", PARAGRAPHS[4]) if TEXT.count(w) > 1)


# -- each kind of change ------------------------------------------------------------


def test_unchanged_text_is_exact() -> None:
    a = annotate(TEXT, SENTENCE)
    assert anchor(TEXT, a) == Anchored(State.EXACT, a.start, a.end, 1.0)


def test_a_paragraph_inserted_before_moves_it() -> None:
    a = annotate(TEXT, SENTENCE)
    new = "A new first paragraph, written since.\n\n" + TEXT
    found = anchor(new, a)
    assert found.state is State.MOVED and quoted(new, found) == SENTENCE
    assert found.start == a.start + len("A new first paragraph, written since.\n\n")


def test_a_paragraph_inserted_right_before_the_quote_keeps_it_on_its_other_side() -> None:
    paragraph = PARAGRAPHS[5]
    a = annotate(TEXT, paragraph)
    new = TEXT.replace(paragraph, "Something else entirely, said here first.\n\n" + paragraph)
    found = anchor(new, a)
    assert found.state is State.MOVED and quoted(new, found) == paragraph


def test_a_typo_fixed_inside_the_quote() -> None:
    typo = SENTENCE.replace(" the ", " teh ", 1) if " the " in SENTENCE else SENTENCE[:10] + "x" + SENTENCE[11:]
    old = TEXT.replace(SENTENCE, typo)
    a = annotate(old, typo)
    found = anchor(TEXT, a)
    assert found.state in (State.MOVED, State.FUZZY)
    assert quoted(TEXT, found) == SENTENCE


def test_a_typo_fixed_in_a_one_word_quote_is_found_by_its_context() -> None:
    at = TEXT.index(" " + WORD) + 1
    typo = WORD[:2] + WORD[3] + WORD[2] + WORD[4:]
    old = TEXT[:at] + typo + TEXT[at + len(WORD) :]
    found = anchor(TEXT, make_annotation(old, at, at + len(typo), "yellow"))
    assert found.state in (State.MOVED, State.FUZZY)
    assert (found.start, found.end) == (at, at + len(WORD))


def test_lines_rewrapped_at_another_width() -> None:
    a = annotate(TEXT, PARAGRAPHS[3])
    b = annotate(TEXT, SENTENCE)
    new = "\n\n".join(textwrap.fill(p.replace("\n", " "), 50) for p in PARAGRAPHS) + "\n"
    for annotation, before in ((a, PARAGRAPHS[3]), (b, SENTENCE)):
        found = anchor(new, annotation)
        assert found.state is State.MOVED
        assert quoted(new, found).split() == before.split()


def test_crlf_through_the_pipeline_reads_back_the_same_text() -> None:
    a = annotate(TEXT, SENTENCE)
    new = decode(TEXT.replace("\n", "\r\n").encode("utf-8")).text
    assert anchor(new, a).state is State.EXACT


def test_curly_quotes_and_dashes_of_a_new_edition() -> None:
    old = 'He said, "Come here -- now." ' + TEXT + '\n"It\'s late," she said... "Very late."\n'
    new = (
        "He said, \u201cCome here \u2014 now.\u201d "
        + TEXT
        + "\n\u201cIt\u2019s late,\u201d she said\u2026 \u201cVery late.\u201d\n"
    )
    a = annotate(old, '"It\'s late," she said... "Very late."')
    b = annotate(old, '"Come here -- now."')
    found = anchor(new, a)
    assert found.state is State.MOVED
    assert quoted(new, found) == "\u201cIt\u2019s late,\u201d she said\u2026 \u201cVery late.\u201d"
    assert quoted(new, anchor(new, b)) == "\u201cCome here \u2014 now.\u201d"


def test_a_section_moved_to_the_end() -> None:
    section = "\n\n".join(PARAGRAPHS[2:5]) + "\n\n"
    new = TEXT.replace(section, "") + "\n" + section
    inside = PARAGRAPHS[3].split("\n")[1]
    found = anchor(new, annotate(TEXT, inside))
    assert found.state is State.MOVED and quoted(new, found) == inside
    assert found.start > len(TEXT) - len(section)
    # At the section's start, one side of the context changed, far from
    # where it was: right, but for review.
    found = anchor(new, annotate(TEXT, SENTENCE))
    assert found.state is State.FUZZY and quoted(new, found) == SENTENCE


def test_a_deleted_passage_is_orphaned() -> None:
    for quote in (PARAGRAPHS[6], PARAGRAPHS[6].split("\n")[1]):
        found = anchor(TEXT.replace(PARAGRAPHS[6] + "\n\n", ""), annotate(TEXT, quote))
        assert (found.state, found.start, found.end) == (State.ORPHANED, None, None)


def test_mojibake_repaired_since_the_annotation() -> None:
    clean = TEXT + "\nCaf\u00e9 society \u201cre-opened\u201d today, na\u00efvely.\n"
    broken = clean.encode("utf-8").decode("sloppy-windows-1252")  # what the pipeline repairs
    a = annotate(broken, broken[broken.index("Caf") : broken.index("today")].rstrip())
    found = anchor(clean, a)
    assert found.state is State.MOVED
    assert quoted(clean, found) == "Caf\u00e9 society \u201cre-opened\u201d"


def test_five_percent_of_characters_edited_outside_the_quotes() -> None:
    rng = random.Random(7)
    quotes = [SENTENCE, PARAGRAPHS[7], "\n".join(PARAGRAPHS[8].split("\n")[:2])]
    annotations = [annotate(TEXT, q) for q in quotes]
    protected = [range(a.start - QUOTE_CONTEXT, a.end + QUOTE_CONTEXT) for a in annotations]
    chars = list(TEXT)
    for i in sorted(rng.sample(range(len(TEXT)), len(TEXT) // 20), reverse=True):
        if not any(i in r for r in protected):
            chars[i : i + 1] = rng.choice(["", "x", "xy", chars[i].upper()])
    new = "".join(chars)
    found = reanchor(new, annotations)
    for a, q in zip(annotations, quotes):
        assert found[a.id].state is State.MOVED and quoted(new, found[a.id]) == q


def test_five_percent_of_characters_edited_inside_a_long_quote() -> None:
    rng = random.Random(3)
    quote = PARAGRAPHS[7]
    edited = list(quote)
    for i in sorted(rng.sample(range(1, len(quote) - 1), len(quote) // 20), reverse=True):
        edited[i] = "x" if edited[i] != "x" else "y"
    new = TEXT.replace(quote, "".join(edited))
    found = anchor(new, annotate(TEXT, quote))
    assert found.state in (State.MOVED, State.FUZZY)
    assert quoted(new, found) == "".join(edited)


@pytest.mark.parametrize("inserted", ["A sentence, new in this edition.", PARAGRAPHS[9]])
def test_a_paragraph_inserted_inside_a_quote(inserted: str) -> None:
    # A short one is absorbed (an approximate match); a long one leaves the
    # quote's ends apart: the whole is offered for review.
    quote = PARAGRAPHS[4] + "\n\n" + PARAGRAPHS[5]
    new = TEXT.replace(quote, PARAGRAPHS[4] + "\n\n" + inserted + "\n\n" + PARAGRAPHS[5])
    found = anchor(new, annotate(TEXT, quote))
    assert found.state is (State.MOVED if len(inserted) < len(quote) // 10 else State.FUZZY)
    assert quoted(new, found) == PARAGRAPHS[4] + "\n\n" + inserted + "\n\n" + PARAGRAPHS[5]


# -- short quotes ---------------------------------------------------------------------


def test_a_short_quote_follows_its_context() -> None:
    a = annotate(TEXT, WORD)
    new = "Inserted.\n\n" + TEXT
    found = anchor(new, a)
    assert found.state is State.MOVED and found.start == a.start + len("Inserted.\n\n")


def test_a_short_quote_whose_context_is_gone_is_not_attached() -> None:
    # The word is still in the text (more than once), but nothing around
    # this occurrence is: it cannot be told which one it was.
    a = annotate(TEXT, WORD)
    new = (
        TEXT[: a.start - QUOTE_CONTEXT - 5]
        + "Quite different words stand here now, "
        + WORD
        + " and other ones follow it in this place."
        + TEXT[a.end + QUOTE_CONTEXT + 5 :]
    )
    found = anchor(new, a)
    assert found.state is not State.MOVED and not found.confident


def test_a_short_quote_with_one_changed_side_is_not_attached_on_the_other_alone() -> None:
    a = annotate(TEXT, "the")
    new = TEXT[: a.start - QUOTE_CONTEXT] + "Z" * QUOTE_CONTEXT + TEXT[a.start :]
    assert not anchor(new, a).confident


# -- traps ---------------------------------------------------------------------------


def test_trap_the_passage_deleted_while_a_near_identical_one_remains() -> None:
    passage = (
        "The committee met again on Tuesday and agreed, after a long and "
        "bitter debate, to postpone the vote until the spring."
    )
    twin = passage.replace("Tuesday", "Thursday").replace("bitter", "heated")
    old = "\n\n".join([*PARAGRAPHS[:3], passage, *PARAGRAPHS[3:9], twin, *PARAGRAPHS[9:]])
    new = old.replace(passage + "\n\n", "")
    a = annotate(old, passage)
    found = anchor(new, a)
    assert found.state in (State.ORPHANED, State.FUZZY), found
    assert reanchor(new, [a])[a.id].state in (State.ORPHANED, State.FUZZY)


def test_trap_an_identical_passage_elsewhere_is_told_apart_by_the_neighbours() -> None:
    # A notice at both ends of a book; the one at the end is deleted. The
    # copy at the start has the same words and context: only the other
    # annotations show that it was there all along.
    notice = "This eBook is for the use of anyone anywhere at no cost and with almost no restrictions whatsoever."
    old = "\n\n".join([notice, *PARAGRAPHS, notice, "End of the book."])
    new = old.replace(notice + "\n\nEnd", "End")
    trapped = annotate(old, "no restrictions whatsoever.", nth=1)
    others = [annotate(old, p[:60]) for p in PARAGRAPHS]
    found = reanchor(new, [*others, trapped])
    assert found[trapped.id].state in (State.ORPHANED, State.FUZZY)
    assert all(found[o.id].state is State.EXACT for o in others)


def test_trap_parallel_sentences() -> None:
    # Seed 002: two paragraphs written in parallel; the first is deleted.
    old = (REPO / "seeds" / "002_49671702ffe5f58f.txt").read_text("utf-8")
    first = next(line for line in old.split("\n") if line.startswith("For all America"))
    new = old.replace(first + "\n", "")
    base = old.index(first)
    for quote in ("and", "spying", "military build-up, spying", "what gets", "spying and TikTok, what gets"):
        at = old.index(quote, base + 150)  # in the list both paragraphs share
        found = anchor(new, make_annotation(old, at, at + len(quote), "yellow"))
        assert not found.confident, (quote, found)


REPEATED = (
    "Nothing more was said that evening about the matter of the letter, and nobody "
    "asked again where it had come from or who had carried it."
)
QUOTE_IN_REPEATED = REPEATED[40:75]  # its context is inside the sentence too


def test_two_equal_places_are_not_chosen_between() -> None:
    old = "\n\n".join([*PARAGRAPHS[:3], REPEATED, *PARAGRAPHS[3:6], REPEATED, *PARAGRAPHS[6:]])
    a = annotate(old, QUOTE_IN_REPEATED, nth=0)
    new = PARAGRAPHS[-1] + "\n\n" + old.upper()  # neither copy is where it was, as it was
    assert anchor(new, a).state is State.ORPHANED


def test_the_one_its_neighbours_point_to_is_chosen_between_equal_places() -> None:
    old = "\n\n".join([*PARAGRAPHS[:3], REPEATED, *PARAGRAPHS[3:6], REPEATED, *PARAGRAPHS[6:]])
    new = PARAGRAPHS[-1] + "\n\n" + old.upper()
    a = annotate(old, QUOTE_IN_REPEATED, nth=1)
    neighbours = [annotate(old, p[:50]) for p in PARAGRAPHS]
    found = reanchor(new, [*neighbours, a])
    assert found[a.id].state is State.MOVED
    assert found[a.id].start == a.start + len(PARAGRAPHS[-1]) + 2


# -- the real pair -------------------------------------------------------------------


@pytest.mark.skipif(not EDITIONS.exists(), reason="the corpora are not here")
def test_pride_and_prejudice_2015_annotations_follow_to_2018() -> None:
    old = decode((EDITIONS / "pride-and-prejudice-2015.txt").read_bytes()).text
    new = decode((EDITIONS / "pride-and-prejudice-2018.txt").read_bytes()).text
    quotes = [
        '"My dear Mr. Bennet," said his lady to him one day, "have you heard that\nNetherfield Park is let at last?"',
        "It is a truth universally acknowledged",
        "Mr. Darcy",
        "ten thousand a year",
    ]
    annotations = [annotate(old, q) for q in quotes]
    found = reanchor(new, annotations)
    straight = str.maketrans("\u201c\u201d", '""')
    for a, q in zip(annotations, quotes):
        assert found[a.id].state is State.MOVED
        assert quoted(new, found[a.id]).translate(straight) == q


# -- the API -------------------------------------------------------------------------


def test_reanchor_reports_progress_by_id_and_stops_when_cancelled() -> None:
    annotations = [annotate(TEXT, p[:40]) for p in PARAGRAPHS]
    seen: list[tuple[int, int]] = []
    found = reanchor("X" + TEXT, annotations, progress=lambda done, total: seen.append((done, total)))
    assert set(found) == {a.id for a in annotations}
    assert seen[-1] == (len(annotations), len(annotations))
    calls = iter(range(100))
    partial = reanchor("X" + TEXT, annotations, cancelled=lambda: next(calls) >= 3)
    assert len(partial) == 3


def test_moved_to_takes_quote_and_context_from_the_new_text() -> None:
    a = annotate(TEXT, SENTENCE)
    new = "Prepended line.\n" + TEXT
    found = anchor(new, a)
    b = moved_to(a, found, new)
    assert (b.start, b.end, b.exact) == (found.start, found.end, SENTENCE)
    assert (
        b.prefix == new[found.start - QUOTE_CONTEXT : found.start]
        and b.suffix == new[found.end : found.end + QUOTE_CONTEXT]
    )
    assert (b.id, b.note, b.kind) == (a.id, a.note, a.kind) and b.updated >= a.updated
    assert anchor(new, b).state is State.EXACT
    with pytest.raises(ValueError):
        moved_to(a, Anchored(State.ORPHANED, None, None, 0.0), new)


def test_an_index_of_another_text_is_refused() -> None:
    with pytest.raises(ValueError):
        anchor(TEXT, annotate(TEXT, SENTENCE), TextIndex("other"))


def test_an_index_is_shared() -> None:
    index = TextIndex("X" + TEXT)
    a = annotate(TEXT, SENTENCE)
    assert anchor("X" + TEXT, a, index) == anchor("X" + TEXT, a)


def test_an_empty_quote_is_orphaned_once_the_text_changed() -> None:
    a = make_annotation(TEXT, 100, 100, "yellow")
    assert anchor(TEXT, a).state is State.EXACT
    assert anchor("X" + TEXT, a).state is State.ORPHANED


# -- properties --------------------------------------------------------------------------


@st.composite
def texts_and_spans(draw):
    words = st.sampled_from(
        [
            "the",
            "cat",
            "sat",
            "on",
            "a",
            "mat",
            "\u201cquoted\u201d",
            "it\u2019s",
            "--",
            "\u2014",
            "...",
            "_em_",
            "Caf\u00e9",
            "\u4e2d\u6587",
            "\n",
            "\n\n",
            "  ",
            "\t",
        ]
    )
    text = draw(st.lists(words, min_size=1, max_size=80).map(" ".join))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 120)))
    return text, start, end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_and_spans())
def test_an_unchanged_text_anchors_every_annotation_exactly(case) -> None:
    text, start, end = case
    a = make_annotation(text, start, end, "yellow")
    assert reanchor(text, [a])[a.id] == Anchored(State.EXACT, start, end, 1.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 4000), min_size=1, max_size=30, unique=True))
def test_an_unchanged_book_anchors_every_annotation_exactly(starts) -> None:
    annotations = [
        make_annotation(TEXT, s % len(TEXT), min(len(TEXT), s % len(TEXT) + 1 + s % 300), "yellow") for s in starts
    ]
    found = reanchor(TEXT, annotations)
    assert all(found[a.id] == Anchored(State.EXACT, a.start, a.end, 1.0) for a in annotations)


@given(st.text(alphabet=st.sampled_from("ab C\u00e9\n\t_-.\u2014\u2026\u201c\u2019\u00ad\u0130"), max_size=60))
def test_the_normalised_form_maps_back_to_the_original(s: str) -> None:
    n = Normalised(s)
    folded = _fold(s)
    previous = -1
    for p, ch in enumerate(n.text):
        o = n.original(p)
        assert o > previous and folded[o] == ch  # in order, and the same character folded
        previous = o
    assert n.original(len(n.text)) == len(s)
    assert "  " not in n.text and "_" not in n.text


def test_the_normalised_form_folds_typography() -> None:
    curly = Normalised("\u201cIt\u2019s\u201d \u2014 so\u2026\n\n_Here_")
    assert curly.text == Normalised('"it\'s" -- so...  here').text == '"it\'s" - so. here'


@st.composite
def changed_texts(draw):
    text, start, end = draw(texts_and_spans())
    edits = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 20), st.text(max_size=15)), max_size=6))
    new = text
    for at, length, insert in edits:
        at = min(at, len(new))
        new = new[:at] + insert + new[at + length :]
    return text, start, end, new


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_texts())
def test_any_change_gives_a_span_of_the_new_text_or_an_orphan(case) -> None:
    text, start, end, new = case
    a = make_annotation(text, start, end, "yellow")
    found = reanchor(new, [a])[a.id]
    assert 0 <= found.score <= 1
    if found.state is State.ORPHANED:
        assert found.start is None and found.end is None
    else:
        assert 0 <= found.start <= found.end <= len(new)
    if found.state is State.EXACT:
        assert (found.start, found.end) == (start, end) and new[start:end] == a.exact


# -- a change of rendering ---------------------------------------------------------

MARKDOWN_SEED = Path(__file__).resolve().parents[2] / "seeds" / "004_fb88cd4e1ca0a06e.txt"
_MARKUP_CHARS = re.compile(r"[\[\]<>*#|_`]|---")


def test_annotations_made_on_the_plain_text_follow_to_the_markdown_rendering() -> None:
    """Before Markdown was rendered, 004 was read as it is written; notes made
    then quote its raw lines. Rendering hides the syntax and the front matter:
    every note quoting prose comes back on the same words, one whose quote held
    syntax (a wiki link, a timestamp tag) on the words it shows, and only a
    quote of nothing but syntax ("###", "<br/>") is orphaned."""
    from reader.core.annotations.placing import as_rendered
    from reader.core.text.markdown import render, shown
    from reader.core.text.reading import text_sha256

    raw = decode(MARKDOWN_SEED.read_bytes())
    reading = render(raw)
    rendered = reading.text
    rng = random.Random(4)
    plain, marked = [], []
    for match in re.finditer(r"[^\n]{20,}", raw.text):
        line_start, line = match.start(), match.group()
        if line.startswith(("---", "title:", "videoId:")):
            continue
        for _ in range(3):
            words = list(re.finditer(r"\S+", line))
            i = rng.randrange(len(words))
            j = min(len(words), i + rng.randint(1, 12))
            start, end = line_start + words[i].start(), line_start + words[j - 1].end()
            a = make_annotation(raw.text, start, end, "yellow")
            (marked if _MARKUP_CHARS.search(a.exact) else plain).append(a)
    assert len(plain) > 50 and len(marked) > 30
    found = reanchor(rendered, as_rendered(plain + marked, text_sha256(raw.text), reading))
    for a in plain:
        got = found[a.id]
        assert got.state is not State.ORPHANED, a.exact  # attached, or offered for review (fuzzy)
        assert rendered[got.start : got.end] == a.exact  # the same words, never others
    for a in marked:
        got = found[a.id]
        if got.state is State.ORPHANED:
            assert not re.search(r"[^\W\d_]{4}", shown(a.exact)), a.exact  # nothing of it is shown
        else:
            assert rendered[got.start : got.end].strip() == shown(a.exact).strip(), a.exact
    assert sum(found[a.id].state is not State.ORPHANED for a in marked) >= 0.85 * len(marked)
