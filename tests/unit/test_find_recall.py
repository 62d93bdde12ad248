"""Half-remembered passages: words forgotten between those the user types cost score, not the match."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.search.corpus_search import fuzzy_regions, query_grams
from reader.core.search.find import find, query_tokens

from .test_library_index import build, make_corpus, search_all

WHITENESS = (
    "CHAPTER 42. The Whiteness of The Whale.\n\n"
    "What the white whale was to Ahab, has been hinted; what, at times, he was to me, as yet remains unsaid.\n\n"
    "Aside from those more obvious considerations touching Moby Dick, which could not but occasionally\n"
    "awaken in any man's soul some alarm, there was another thought. It was the whiteness of the whale\n"
    "that above all things appalled me. But how can I hope to explain myself here.\n"
)
SENTENCE = "the whiteness of the whale\nthat above all things appalled me"
QUERY = "the whiteness of the whale appalled me"


def matched(text: str, match) -> str:
    return text[match.start : match.end]


def test_the_whiteness_of_the_whale_is_found_first() -> None:
    first, *_ = find(WHITENESS, QUERY)
    assert matched(WHITENESS, first) == SENTENCE
    # The words typed are highlighted, not those forgotten between them.
    assert " ".join(WHITENESS[s:e] for s, e in first.spans) == QUERY
    assert 50 < first.score < 100


def test_a_copy_still_scores_100_and_ranks_above_forgotten_words() -> None:
    text = (
        "It was the whiteness of the whale that above all things appalled me.\n\n"
        "The whiteness of the whale appalled me.\n"
    )
    first, second = find(text, QUERY)
    assert first.score == 100 and matched(text, first).lower() == QUERY
    assert matched(text, second) == "the whiteness of the whale that above all things appalled me"


def test_more_forgotten_words_cost_more() -> None:
    text = (
        "apples pears plums figs dates.\n\n"
        "apples pears nuts plums figs dates.\n\n"
        "apples pears nuts nuts nuts plums figs dates.\n"
    )
    matches = find(text, "apples pears plums figs dates")
    assert [matched(text, m).count("nuts") for m in matches] == [0, 1, 3]
    assert matches[0].score > matches[1].score > matches[2].score


def test_words_in_another_order_cost_score() -> None:
    text = "the white whale appalled me.\n\nthe whale white appalled me.\n"
    first, second = find(text, "the white whale appalled me")
    assert matched(text, first) == "the white whale appalled me"
    assert matched(text, second) == "the whale white appalled me" and second.score < first.score


def test_forgotten_words_are_those_of_one_paragraph() -> None:
    text = "It was the whiteness of the whale\n\nthat above all things appalled me.\n"
    assert all("\n\n" not in matched(text, m) for m in find(text, QUERY))


def test_words_too_far_apart_are_not_a_match() -> None:
    text = "the whiteness of the whale " + "and a sea of ships " * 5 + "appalled me\n"
    assert all("appalled" not in matched(text, m) for m in find(text, QUERY))


def test_a_big_document_s_regions_find_it_too() -> None:
    # What find in a big document and search all's verifier use.
    tokens = query_tokens(QUERY)
    first, *_ = fuzzy_regions(WHITENESS, tokens, [query_grams(t) for t in tokens], 10, lambda: False) or [None]
    assert first is not None and matched(WHITENESS, first) == SENTENCE


def test_search_all_finds_the_half_remembered_sentence(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "lib", {"moby-dick.txt": WHITENESS, "other.txt": "Nothing of the sort.\n"})
    folder = tmp_path / "index"
    build(root, folder)
    results = search_all(root, folder, QUERY)
    assert results.indexed == 2 and [group.doc.rel for group in results.groups] == ["moby-dick.txt"]
    assert matched(WHITENESS, results.groups[0].hits[0].match) == SENTENCE


# A word of its own: long enough to tell apart, never a typo of another (its letters are its number's).
WORDS = st.lists(st.integers(0, 10**6), min_size=5, max_size=12, unique=True).map(
    lambda numbers: ["w" + "".join("abcdefghij"[int(d)] for d in str(n)) + "q" for n in numbers]
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(words=WORDS, data=st.data())
def test_a_sentence_with_inner_words_dropped_is_found_below_its_copy(words: list[str], data: st.DataObject) -> None:
    inner = range(1, len(words) - 1)
    dropped = set(data.draw(st.lists(st.sampled_from(inner), min_size=1, max_size=min(3, len(inner)), unique=True)))
    remembered = [word for i, word in enumerate(words) if i not in dropped]
    full, short = " ".join(words), " ".join(remembered)
    text = f"Intro.\n\n{full}.\n\nBetween.\n\n{short}.\n"
    matches = find(text, short)
    # The copy first, with 100; the sentence it was made from below it, found.
    assert matched(text, matches[0]) == short and matches[0].score == 100
    assert [matched(text, m) for m in matches[1:]] == [full] and matches[1].score < 100
    # Alone in its text, the sentence is found by what is remembered of it.
    alone = f"Intro.\n\n{full}.\n"
    (match,) = find(alone, short)
    assert [alone[s:e] for s, e in match.spans] == remembered and matched(alone, match) == full
