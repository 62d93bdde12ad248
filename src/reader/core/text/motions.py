"""Cursor motions over the reading text, as offsets: by word, sentence and
paragraph, as vim has them.

A word is vim's: a run of letters, digits and underscores, or a run of other
visible characters; each Chinese or Japanese character is a word of its own
(cjk.py). `word_next` lands on the next word's first character (vim's `w`),
`word_back` on this or the previous word's first (`b`), `word_end` on this or
the next word's last (`e`).

A sentence ends at . ! ? … (and closing quotes or brackets after them)
followed by white space, unless the period is an abbreviation's ("Mr.",
"e.g.", an initial), at a Chinese or Japanese full stop, and at a paragraph's
end. A single newline inside a paragraph is a space: a hard-wrapped book's
line ends are not sentence ends; a blank line, or a short line (a heading,
a title, a line of verse), ends one. Forward motions land on the last
character of the unit (so a selection from its first character takes it
whole), backward ones on the first; each goes to the next unit when already
at the edge of one.
"""

from __future__ import annotations

import functools
import re

from .cjk import CJK_CHARS


@functools.cache
def _word() -> re.Pattern[str]:
    """A word of w, b and e: word characters, one CJK character, or
    punctuation (compiled when first used: see text/cjk.py)."""
    return re.compile(rf"[{CJK_CHARS}]|[^\W{CJK_CHARS}]+|[^\w\s]+")


_WORD_SCAN = 256  # characters looked back for a word's start, then more
# Sentence end candidates: a run of stops, or a line's last visible character.
_SENTENCE_END = re.compile(r"(?P<stop>[.!?…]+[\"'”’)\]]*(?=\s)|[。！？]+[」』”’）]*)|\S(?=[^\S\n]*(?:\n|\Z))")
_WORD_BEFORE = re.compile(r"(?:[^\W\d_]+\.)*[^\W\d_]+\Z")
# Words whose period does not end a sentence (English and Spanish), besides
# single capitals (the initials of "J. R. R. Tolkien", Spanish "D.").
_ABBREVIATIONS = frozenset("Mr Mrs Ms Dr St Jr Sr Sra Srta Prof vs etc e.g i.e Dña".casefold().split())
_SHORT_LINE = 40  # a line shorter than this ends its sentence: a heading, verse
_VISIBLE = re.compile(r"\S")
_SENTENCE_SCAN = 4096  # characters looked back for a sentence's start
_SENTENCE_AHEAD = 64 * 1024  # looked ahead for its end: a text without any stays responsive


def word_next(text: str, pos: int) -> int:
    """vim's `w`: the first character of the next word (at the last word:
    its last character)."""
    for m in _word().finditer(text, pos):
        if m.start() > pos:
            return m.start()
    return word_end(text, pos)


def word_back(text: str, pos: int) -> int:
    """vim's `b`: the first character of the word that starts before `pos`."""
    start = max(0, pos - _WORD_SCAN)
    while True:
        last = None
        for m in _word().finditer(text, start, pos):
            last = m.start()
        # A match at the window's edge may be a longer word's tail: look further.
        if start == 0 or (last is not None and last > start):
            return last if last is not None else pos
        start = max(0, start - 16 * _WORD_SCAN)


def word_end(text: str, pos: int) -> int:
    """vim's `e`: the last character of the word that ends after `pos`."""
    m = _word().search(text, pos + 1)
    return m.end() - 1 if m else pos


def sentence_end(text: str, pos: int) -> int:
    """The last character of the sentence that ends after `pos`."""
    ahead = min(len(text), pos + 1 + _SENTENCE_AHEAD)
    for m in _SENTENCE_END.finditer(text, pos + 1, ahead):
        if _ends_sentence(text, m):
            return m.end() - 1
    return max(pos, ahead - 1)


def sentence_start(text: str, pos: int) -> int:
    """The first character of the sentence that starts before `pos`."""
    lo = max(0, pos - _SENTENCE_SCAN)
    best = 0 if lo == 0 and pos > 0 else None
    for m in _SENTENCE_END.finditer(text, lo, pos):
        if _ends_sentence(text, m):
            after = _next_visible(text, m.end())
            if after < pos:
                best = after
    return best if best is not None else paragraph_start(text, pos)


def _ends_sentence(text: str, m: re.Match) -> bool:
    """Whether a candidate ends a sentence: a stop that is not an
    abbreviation's period, or the end of a line that ends a paragraph."""
    if m.group("stop") and not (m.group("stop") == "." and _abbreviation(text, m.start())):
        return True
    line_end = _VISIBLE.search(text, m.end())
    if line_end is not None and text[m.end() : line_end.start()].count("\n") == 0:
        return False  # inside a line
    if line_end is None or text.count("\n", m.end(), line_end.start()) > 1:
        return True  # a blank line follows, or the text's end
    line_start = text.rfind("\n", 0, m.start()) + 1
    return len(text[line_start : m.end()].strip()) < _SHORT_LINE


def _abbreviation(text: str, period: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, period - 8), period)
    if m is None or (m.start() > 0 and not text[m.start() - 1].isspace() and text[m.start() - 1] not in "(\"'“‘"):
        return False  # no word, or the tail of a longer one
    word = m.group()
    return (len(word) == 1 and word.isupper()) or word.casefold() in _ABBREVIATIONS


def paragraph_end(text: str, pos: int) -> int:
    """The last character of the paragraph that ends after `pos`."""
    if pos + 1 < len(text) and text[pos + 1] == "\n":
        pos = min(_next_visible(text, pos + 1), len(text) - 1)  # not past a trailing newline
    end = text.find("\n", pos + 1)
    end = len(text) if end < 0 else end
    return max(pos, end - 1)


def paragraph_start(text: str, pos: int) -> int:
    """The first character of the paragraph that starts before `pos`."""
    start = text.rfind("\n", 0, pos) + 1
    if start < pos:
        return start
    # Already at a paragraph's start: the previous non-empty paragraph's.
    back = start - 1
    while back > 0 and text[back - 1] == "\n":
        back -= 1
    return text.rfind("\n", 0, max(0, back - 1)) + 1 if back > 0 else 0


def _next_visible(text: str, pos: int) -> int:
    """The first offset from `pos` on that is not white space."""
    m = _VISIBLE.search(text, pos)
    return m.start() if m else len(text)
