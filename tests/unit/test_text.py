"""Bytes -> reading text (docs/ARCHITECTURE.md, "The reading text"), seen through files."""

from __future__ import annotations

import codecs
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.core.library.corpus import load, open_corpus
from reader.core.text.decoding import BinaryFile, decode

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
MOJIBAKE_SEED = "000_730c42d09e53c65d.txt"
DON_QUIJOTE = Path("/work/shared/corpora/books/don-quijote-latin1.txt")

SAMPLE = "Héllo wörld — “quoted” text\nsecond line\n"


def is_control(ch: str) -> bool:
    return (ch < " " and ch not in "\n\t") or "\x7f" <= ch <= "\x9f"


def assert_no_controls(text: str) -> None:
    bad = sorted({f"U+{ord(ch):04X}" for ch in text if is_control(ch)})
    assert not bad, f"control characters in the reading text: {bad}"


# -- encodings ------------------------------------------------------------------


def test_utf8_bom_is_not_part_of_the_text(read_file):
    reading = read_file(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))
    assert reading.text == SAMPLE
    assert reading.encoding == "utf-8 (BOM)"


WIDE_BOMS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


@pytest.mark.parametrize("codec", WIDE_BOMS)
def test_utf16_and_utf32_with_bom_read_right_without_the_bom(read_file, codec):
    reading = read_file(WIDE_BOMS[codec] + SAMPLE.encode(codec))
    assert reading.text == SAMPLE  # no U+FEFF left at offset 0
    assert reading.encoding == f"{codec} (BOM)"


def test_utf16_le_without_bom_is_recognised(read_file):
    reading = read_file(SAMPLE.encode("utf-16-le"))
    assert reading.text == SAMPLE
    assert reading.encoding == "utf-16-le"


def test_utf16_be_without_bom_is_recognised(read_file):
    reading = read_file(SAMPLE.encode("utf-16-be"))
    assert reading.text == SAMPLE
    assert reading.encoding == "utf-16-be"


def test_utf8_is_read_strictly(read_file):
    reading = read_file(SAMPLE.encode("utf-8"))
    assert reading.text == SAMPLE
    assert reading.encoding == "utf-8"
    assert reading.repairs == []


def test_cp1252_curly_quotes_read_right(read_file):
    data = b"He said \x93hello\x94 and left; it\x92s over \x96 for now.\n"
    reading = read_file(data)
    assert reading.text == "He said “hello” and left; it’s over – for now.\n"
    assert reading.encoding == "cp1252"


def test_cp1252_french_text_keeps_its_accents(read_file):
    text = "« Déjà vu », dit-elle — “naïve” élève à l’école où il a été reçu.\nC’est très bien.\n"
    reading = read_file(text.encode("cp1252"))
    assert reading.text == text
    assert reading.encoding == "cp1252"


def test_latin1_book_reads_right(tmp_path):
    book = tmp_path / DON_QUIJOTE.name
    shutil.copyfile(DON_QUIJOTE, book)
    (doc,) = open_corpus(book).documents
    reading = load(doc)
    assert reading.encoding == "latin-1"
    assert "escribano de Cámara del Rey nuestro señor" in reading.text
    assert "BÉJAR" in reading.text
    assert "\r" not in reading.text and "\ufffd" not in reading.text


# -- newlines and NFC -------------------------------------------------------------


@pytest.mark.parametrize("data", [b"one\r\ntwo\r\n\r\nthree", b"one\rtwo\r\rthree", b"one\r\ntwo\n\rthree"])
def test_crlf_and_lone_cr_become_lf(read_file, data):
    assert read_file(data).text == "one\ntwo\n\nthree"


def test_crlf_in_utf16_becomes_lf(read_file):
    data = codecs.BOM_UTF16_LE + "one\r\ntwo\rthree".encode("utf-16-le")
    assert read_file(data).text == "one\ntwo\nthree"


def test_decomposed_text_becomes_nfc(read_file):
    reading = read_file("Cafe\u0301 re\u0301sume\u0301")
    assert reading.text == "Café résumé"
    assert reading.text[3] == "\u00e9"  # one code point
    assert len(reading.text) == len("Café résumé")


# -- mojibake ------------------------------------------------------------------


def test_baltic_mojibake_quotes_in_seed_are_repaired(tmp_path):
    seed = shutil.copyfile(SEEDS / MOJIBAKE_SEED, tmp_path / MOJIBAKE_SEED)
    (doc,) = open_corpus(seed).documents
    reading = load(doc)
    assert "“do noting”" in reading.text
    assert "ā€" not in reading.text
    assert reading.repairs  # what was changed is reported


def test_seeds_are_clean_and_only_the_broken_one_is_changed(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    documents = open_corpus(folder).documents
    assert len(documents) == 5
    for doc in documents:
        text = decode(doc.path.read_bytes()).text  # the decoded text, before any Markdown rendering
        assert "ā€" not in text, doc.rel
        if doc.rel != MOJIBAKE_SEED:
            original = doc.path.read_bytes().decode("utf-8")
            assert text == unicodedata.normalize("NFC", original), doc.rel


@pytest.mark.parametrize(
    "text",
    [
        "Latviešu valoda: ābols, māja, dārzs, pļava, ķēķis. Rīgā ir ā un ē.\n",
        "« Déjà vu », naïve élève — “café” à l’été; là–bas.\n",
        "Grüße aus München – „schön“ sagte er. Die Straße ist groß…\n",
        "中文文本，日本語のテキスト、한국어 텍스트。\n",
        "ROMÂNIA, ÂME, CÂBLE, Âge\n",
        "Emoji: 😀 👍🏽 👨\u200d👩\u200d👧 ❤️ done\n",
        "Tom’s café’s “menu” — Señor Muñoz, São Paulo, Ærø\n",
    ],
)
def test_correct_text_in_other_languages_is_untouched(read_file, text):
    reading = read_file(text)
    assert reading.text == text
    assert reading.repairs == []


# -- control characters -----------------------------------------------------------


def assert_controls_shown_visibly(source: str, shown: str) -> None:
    """Each control is replaced by one visible character, all else kept."""
    assert len(shown) == len(source)
    for original, seen in zip(source, shown):
        if is_control(original):
            assert seen.isprintable() and not seen.isspace(), repr(seen)
        else:
            assert seen == original


@pytest.mark.parametrize(
    "sequence, rest",
    [
        ("\x1b]0;title\x07", "]0;title"),  # OSC 0: set the window title
        ("\x1b[2J", "[2J"),  # CSI: clear the screen
        ("\x1b]52;c;aGVsbG8=\x07", "]52;c;aGVsbG8="),  # OSC 52: set the clipboard
    ],
)
def test_escape_sequences_are_shown_not_obeyed(read_file, sequence, rest):
    source = f"before {sequence} after\n"
    text = read_file(source).text
    assert "\x1b" not in text and "\x07" not in text
    assert rest in text
    assert_controls_shown_visibly(source, text)


def test_stray_nul_in_text_is_shown_not_sent(read_file):
    source = "A chat export where one message\x00 carries a stray NUL byte.\nThe rest is text.\n"
    text = read_file(source).text
    assert_no_controls(text)
    assert_controls_shown_visibly(source, text)


def test_other_c0_controls_are_shown_not_sent(read_file):
    source = "a\x01b\x02c\x08d\x0be\x0cf\x1ag\x1fh\x1bi\n"
    text = read_file(source).text
    assert_no_controls(text)
    assert_controls_shown_visibly(source, text)


def test_del_and_c1_controls_are_shown_not_sent(read_file):
    source = "csi\u009b2J del\x7f nel\u0085 end\n"
    text = read_file(source).text
    assert_no_controls(text)
    assert_controls_shown_visibly(source, text)


def test_controls_in_utf16_text_are_shown_not_sent(read_file):
    source = "title \x1b]0;pwned\x07 and text\n"
    text = read_file(codecs.BOM_UTF16_LE + source.encode("utf-16-le")).text
    assert_no_controls(text)
    assert "]0;pwned" in text


def test_rich_markup_stays_literal_text(read_file):
    assert read_file("[bold]x[/bold] and [red]y[/]\n").text == "[bold]x[/bold] and [red]y[/]\n"


def test_tabs_and_newlines_are_kept(read_file):
    assert read_file("a\tb\n\tc\n").text == "a\tb\n\tc\n"


# -- properties -----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_utf8_text_decodes_without_control_characters(text):
    try:
        reading = decode(text.encode("utf-8"))
    except BinaryFile:
        # Refusing the bytes is safe too, but only NUL bytes may make text binary.
        assert "\x00" in text
        return
    assert_no_controls(reading.text)


PLAIN = st.one_of(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")),
    st.sampled_from(list("éüñçøāšžłő")),  # accented Latin letters
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.sampled_from(list(" .,;:!?'\"()-“”‘’—…")),
    st.just("\n"),
)
# A Latin-1 letter that could be a UTF-8 lead byte, before punctuation that
# could be a continuation byte: the one shape that is handed to ftfy.
MOJIBAKE_SHAPED = "ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóô"


def has_mojibake_shape(text: str) -> bool:
    return any(
        a in MOJIBAKE_SHAPED and not b.isalnum() and not b.isspace() and b not in ".,;:!?'\"()-"
        for a, b in zip(text, text[1:])
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.text(PLAIN))
def test_clean_printable_text_round_trips_unchanged(text):
    assume(unicodedata.is_normalized("NFC", text) and not has_mojibake_shape(text))
    assert decode(text.encode("utf-8")).text == text
