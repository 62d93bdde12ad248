"""Finding passages: fuzzy, exact and regex in one document, and across the corpus."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library.corpus import load, open_corpus
from reader.core.search import find as search
from reader.core.search.find import (
    Mode,
    SearchError,
    WordIndex,
    find,
    normalise,
    query_pattern,
    query_tokens,
)
from reader.core.text.cjk import CJK_CHARS
from tests.conftest import SHARED

from .conftest import write

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CONTROLS = "000_730c42d09e53c65d.txt"  # "rare earth export controls", three times
PRESSURE = "002_49671702ffe5f58f.txt"  # "negotiators in Beijing and Washington"
CHINESE = "003_66d8e60a35b94f19.txt"  # "企业老板" four times
QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def reading_text(path: Path) -> str:
    (doc,) = open_corpus(path).documents
    return load(doc).text


def words_at(text: str, match) -> list[str]:
    return [text[start:end] for start, end in match.spans]


# -- fuzzy ----------------------------------------------------------------------


def test_typos_find_the_phrase_first(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    first = find(text, "rare erth exprt controls")[0]
    assert text[first.start : first.end] == "rare earth export controls"
    assert first.start == text.index("rare earth export controls")


def test_typos_in_every_word_but_the_short_ones(seeds: Path) -> None:
    text = reading_text(seeds / PRESSURE)
    matches = find(text, "negotiaters in bejing and washingtn")
    assert text[matches[0].start : matches[0].end] == "negotiators in Beijing and Washington"
    # The same words in another order rank below the phrase in query order.
    assert text[matches[1].start : matches[1].end] == "negotiators in Washington and Beijing"
    assert matches[0].score > matches[1].score


def test_word_order_does_not_matter(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    first = find(text, "export rare earth controls")[0]
    assert words_at(text, first) == ["rare", "earth", "export", "controls"]
    text = reading_text(seeds / PRESSURE)
    first = find(text, "washingtn and bejing")[0]
    assert text[first.start : first.end] == "Washington and Beijing"


def test_case_and_accents_are_ignored(tmp_path: Path, seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    matches = find(text, "ÉXPORT")
    assert matches and {text[m.start : m.end] for m in matches} <= {"export", "exports", "Export"}
    text = reading_text(write(tmp_path / "cafe.txt", "Le Café Crème est fermé.\n"))
    (match,) = find(text, "cafe creme")
    assert words_at(text, match) == ["Café", "Crème"]
    assert find(text, "FERME") != []


def test_spans_are_exactly_the_matched_words(seeds: Path) -> None:
    text = reading_text(seeds / PRESSURE)
    for match in find(text, "negotiaters in bejing and washingtn"):
        assert [start for start, _ in match.spans] == sorted(start for start, _ in match.spans)
        assert match.start == match.spans[0][0] and match.end == match.spans[-1][1]
        for start, end in match.spans:
            assert re.fullmatch(r"\w+", text[start:end])
            assert start == 0 or not re.match(r"\w", text[start - 1])
            assert not re.match(r"\w", text[end : end + 1])
        assert [normalise(w) for w in words_at(text, match)] in (
            ["negotiators", "in", "beijing", "and", "washington"],
            ["negotiators", "in", "washington", "and", "beijing"],
        )


def test_punctuation_in_the_query_is_ignored(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    plain, punctuated = find(text, "rare earth export"), find(text, "“rare-earth” export!")
    assert plain and plain == punctuated
    assert find(text, "… !? --") == []


def test_nonsense_finds_nothing(seeds: Path) -> None:
    for path in sorted(seeds.iterdir()):
        assert find(reading_text(path), "zzqx plorf") == []


def test_all_tokens_needed_in_short_queries(tmp_path: Path) -> None:
    text = reading_text(
        write(tmp_path / "doc.txt", "rare earth metals\n\n" + "filler words here. " * 20 + "export controls\n")
    )
    # The tokens exist, but never near each other: no passage holds them.
    assert find(text, "rare export controls") == []
    assert find(text, "rare earth metals")[0].spans == ((0, 4), (5, 10), (11, 17))


def test_short_tokens_need_the_exact_word_or_its_start(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "doc.txt", "the cut, the catalogue and an earth\n"))
    assert words_at(text, find(text, "cat")[0]) == ["catalogue"]
    assert all(words_at(text, m) != ["cut"] for m in find(text, "cat"))
    assert words_at(text, find(text, "erth")[0]) == ["earth"]  # typos count from 4 letters on


def test_the_last_token_may_be_unfinished(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    first = find(text, "rare earth exp")[0]
    assert text[first.start : first.end] == "rare earth export"


def test_one_match_per_passage_best_first(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    matches = find(text, "rare erth exprt controls")
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    ranges = sorted((m.start, m.end) for m in matches)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))
    assert all(0 < m.score <= 100 for m in matches)


def test_a_given_index_gives_the_same_matches(seeds: Path) -> None:
    text = reading_text(seeds / PRESSURE)
    index = WordIndex(text)
    for query in ("negotiaters in bejing and washingtn", "rare earth", "t"):
        assert find(text, query, index=index) == find(text, query)


def test_limit(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    assert len(find(text, "t", limit=3)) == 3
    assert len(find(text, "the", Mode.EXACT, limit=3)) == 3


@pytest.mark.parametrize("mode", list(Mode))
def test_empty_query_finds_nothing(mode: Mode, seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    assert find(text, "", mode) == []
    assert find(text, "  \n ", mode) == []
    assert find("", "export", mode) == []


# -- text without spaces ----------------------------------------------------------


def test_each_cjk_character_is_a_word() -> None:
    assert query_tokens("企业老板") == ["企", "业", "老", "板"]
    assert query_tokens("AI企业のカード") == ["ai", "企", "业", "の", "カ", "ー", "ト"]  # ド: accent dropped
    assert query_tokens("한국어 문장") == [normalise("한국어"), normalise("문장")]  # Hangul keeps its words
    assert search.word().findall("abc企业def") == ["abc", "企", "业", "def"]
    assert re.fullmatch(f"[{CJK_CHARS}]+", "ぁゟ゠ヿ㐀䶿一鿿豈﫿")  # the ranges, shared with the library index


def test_fuzzy_finds_every_place_exact_finds_in_chinese(seeds: Path) -> None:
    text = reading_text(seeds / CHINESE)
    exact = find(text, "企业老板", Mode.EXACT)
    fuzzy = find(text, "企业老板")
    assert len(exact) == 4
    assert [(m.start, m.end) for m in fuzzy[:4]] == [(m.start, m.end) for m in exact]
    assert all(m.score == 100 for m in fuzzy[:4]) and all(m.score < 100 for m in fuzzy[4:])
    for match in fuzzy[:4]:
        assert words_at(text, match) == list("企业老板")


def test_cjk_characters_apart_are_not_a_perfect_match(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "doc.txt", "企业，老板说。企业老板来了。\n"))
    first, second = find(text, "企业老板")
    assert text[first.start : first.end] == "企业老板" and first.score == 100
    assert text[second.start : second.end] == "企业，老板" and second.score < 100


def test_cjk_in_a_latin_text_keeps_english_words_whole(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "doc.txt", "The 企业 of rare earth export controls.\n"))
    assert words_at(text, find(text, "rare erth exprt")[0]) == ["rare", "earth", "export"]
    assert words_at(text, find(text, "企")[0]) == ["企"]


# -- phrases across line breaks -----------------------------------------------------


def test_exact_phrase_across_a_line_break_in_the_quijote(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "quijote.txt", QUIJOTE.read_bytes()))
    matches = find(text, "dulcinea del toboso", Mode.EXACT)
    spaced = list(re.finditer(r"dulcinea\s+del\s+toboso", text, re.IGNORECASE))
    assert len(matches) == len(spaced) == 112
    assert [(m.start, m.end) for m in matches] == [m.span() for m in spaced]
    across = [m for m in matches if "\n" in text[m.start : m.end]]
    assert len(across) == 112 - len(re.findall("dulcinea del toboso", text, re.IGNORECASE)) == 18
    for match in matches:
        # Highlighted: the words, never the line break or the indentation after it.
        assert " ".join(words_at(text, match)).lower() == "dulcinea del toboso"
        assert match.spans[0][0] == match.start and match.spans[-1][1] == match.end


def test_fuzzy_finds_the_phrase_across_line_breaks_too(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "quijote.txt", QUIJOTE.read_bytes()))
    exact = find(text, "dulcinea del toboso", Mode.EXACT)
    fuzzy = find(text, "dulcinea del toboso", limit=1000)
    perfect = [m for m in fuzzy if m.score == 100]
    assert sorted((m.start, m.end) for m in perfect) == [(m.start, m.end) for m in exact]


def test_exact_whitespace_holds_one_line_break_at_most(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "doc.txt", "rare earth\nexport, rare\n\nearth, rare\t \n  earth\n"))
    found = find(text, "rare  earth", Mode.EXACT)
    assert [text[m.start : m.end] for m in found] == ["rare earth", "rare\t \n  earth"]
    assert [words_at(text, m) for m in found] == [["rare earth"], ["rare", "earth"]]
    assert [text[m.start : m.end] for m in find(text, "earth export", Mode.EXACT)] == ["earth\nexport"]
    assert query_pattern("a b", Mode.EXACT).fullmatch("A\u00a0B")  # any whitespace, any case
    assert not query_pattern("a b", Mode.EXACT).fullmatch("ab")


def test_a_regex_match_across_lines_is_highlighted_line_by_line(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "doc.txt", "one two\n   three four\n"))
    (match,) = find(text, r"two\s+three", Mode.REGEX)
    assert words_at(text, match) == ["two", "three"]


# -- exact and regex ------------------------------------------------------------


def test_exact_finds_every_occurrence_whatever_its_case(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    matches = find(text, "ExPoRt", Mode.EXACT)
    lowered = text.lower()
    expected = [m.start() for m in re.finditer("export", lowered)]
    assert [m.start for m in matches] == expected and len(expected) > 5
    for match in matches:
        assert text[match.start : match.end].lower() == "export"
        assert match.spans == ((match.start, match.end),) and match.score == 100


def test_exact_offsets_where_case_folding_changes_lengths(tmp_path: Path) -> None:
    text = reading_text(write(tmp_path / "doc.txt", "Straße STRASSE İstanbul strasse\n"))
    assert [text[m.start : m.end] for m in find(text, "strasse", Mode.EXACT)] == ["STRASSE", "strasse"]
    assert [text[m.start : m.end] for m in find(text, "stanbul", Mode.EXACT)] == ["stanbul"]


def test_regex_smart_case(seeds: Path) -> None:
    text = reading_text(seeds / CONTROLS)
    any_case = find(text, r"\bchina\b", Mode.REGEX)
    capital = find(text, r"\bChina\b", Mode.REGEX)
    assert len(any_case) == len(re.findall(r"\bchina\b", text, re.I)) > len(capital) > 0
    assert {text[m.start : m.end] for m in capital} == {"China"}
    # An escape such as \W is not an uppercase letter.
    assert len(find(text, r"china\W", Mode.REGEX)) == len(re.findall(r"china\W", text, re.I))


def test_regex_skips_empty_matches(seeds: Path) -> None:
    text = reading_text(seeds / PRESSURE)
    matches = find(text, "x*", Mode.REGEX)
    assert matches and all(m.end > m.start for m in matches)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("a(b", "missing ), unterminated subpattern at position 1"),
        ("ab)", "unbalanced parenthesis at position 2"),
        ("[a", "unterminated character set at position 0"),
        ("a{99999999999}", "the repetition number is too large"),
    ],
)
def test_invalid_regex_says_why(pattern: str, message: str) -> None:
    with pytest.raises(SearchError) as error:
        find("some text", pattern, Mode.REGEX)
    assert str(error.value) == message


# -- properties -----------------------------------------------------------------

TEXT = st.text(st.characters(categories=("L", "N", "P", "Zs"), include_characters="\n\t"), min_size=1)


@given(data=st.data(), text=TEXT)
def test_exact_find_of_a_word_of_the_text(data: st.DataObject, text: str) -> None:
    words = list(re.finditer(r"\w+", text))
    if not words:
        return
    taken = data.draw(st.sampled_from(words))
    matches = find(text, taken.group(), Mode.EXACT)
    assert taken.start() in [m.start for m in matches]
    for match in matches:
        ((start, end),) = match.spans
        found = text[start:end]
        # Python's re folds case one character at a time (so "I" finds "İ").
        assert len(found) == len(taken.group())
        assert all(_same_letter(a, b) for a, b in zip(found, taken.group()))


def _same_letter(a: str, b: str) -> bool:
    return a == b or a.lower()[:1] == b.lower()[:1] or a.upper() == b.upper()


WORD = st.text("abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=9)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    words=st.lists(WORD, min_size=5, max_size=80),
    separators=st.lists(st.sampled_from([" ", " ", ", ", ".\n", "\n\n", " — "]), min_size=80, max_size=80),
)
def test_fuzzy_find_of_a_copied_passage(data: st.DataObject, words: list[str], separators: list[str]) -> None:
    text = "".join(word + separator for word, separator in zip(words, separators))
    count = data.draw(st.integers(5, min(12, len(words))))
    first = data.draw(st.integers(0, len(words) - count))
    starts = [m.start() for m in re.finditer(r"\w+", text)]
    copy_start = starts[first]
    copy_end = starts[first + count - 1] + len(words[first + count - 1])
    best = find(text, text[copy_start:copy_end])[0]
    # The copy itself, or an identical passage elsewhere (which scores the same).
    copied = [normalise(w) for w in words[first : first + count]]
    assert (best.start < copy_end and copy_start < best.end) or (
        best.score == 100 and [normalise(w) for w in words_at(text, best)] == copied
    )


HAN = "企业老板中国的人在有"
CHINESE_TEXT = st.lists(st.sampled_from([*HAN, "，", "。", " ", "\n", "\n\n", "ab"]), min_size=2, max_size=300).map(
    "".join
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), text=CHINESE_TEXT)
def test_fuzzy_finds_every_exact_match_of_a_chinese_query(data: st.DataObject, text: str) -> None:
    runs = list(re.finditer(f"[{HAN}]{{2,}}", text))
    if not runs:
        return
    run = data.draw(st.sampled_from(runs))
    length = data.draw(st.integers(2, min(6, len(run.group()))))
    start = data.draw(st.integers(run.start(), run.end() - length))
    query = text[start : start + length]
    perfect = {(m.start, m.end) for m in find(text, query, limit=100_000) if m.score == 100}
    assert {(m.start, m.end) for m in find(text, query, Mode.EXACT)} <= perfect
