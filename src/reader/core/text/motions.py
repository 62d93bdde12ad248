"""Cursor motions over the reading text, as offsets: by word, sentence and
paragraph. Forward motions land on the last character of the unit (so a
selection from its first character takes it whole), backward ones on the
first; each goes to the next unit when already at the edge of one.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+|[^\w\s]+")
# A sentence ends at . ! ? … (and closing quotes or brackets after them)
# followed by white space, or at a paragraph's end.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|[^\n](?=\n)|[^\n]\Z")
_VISIBLE = re.compile(r"\S")
_SENTENCE_SCAN = 4096  # characters looked back for a sentence's start


def word_end(text: str, pos: int) -> int:
    """The last character of the word that ends after `pos`."""
    for m in _WORD.finditer(text, pos + 1 if _in_word_end(text, pos) else pos):
        if m.end() - 1 > pos:
            return m.end() - 1
    return pos


def _in_word_end(text: str, pos: int) -> bool:
    return pos + 1 < len(text) and not text[pos].isspace() and text[pos + 1].isspace()


def word_start(text: str, pos: int) -> int:
    """The first character of the word that starts before `pos`."""
    start = max(0, pos - 256)
    last = None
    while True:
        for m in _WORD.finditer(text, start, pos):
            last = m.start()
        if last is not None or start == 0:
            return last if last is not None else pos
        start = max(0, start - 4096)


def sentence_end(text: str, pos: int) -> int:
    """The last character of the sentence that ends after `pos`."""
    m = _SENTENCE_END.search(text, pos + 1)
    return m.end() - 1 if m else max(pos, len(text) - 1)


def sentence_start(text: str, pos: int) -> int:
    """The first character of the sentence that starts before `pos`."""
    lo = max(0, pos - _SENTENCE_SCAN)
    best = 0 if lo == 0 and pos > 0 else None
    for m in _SENTENCE_END.finditer(text, lo, pos):
        after = _next_visible(text, m.end())
        if after < pos:
            best = after
    return best if best is not None else paragraph_start(text, pos)


def paragraph_end(text: str, pos: int) -> int:
    """The last character of the paragraph that ends after `pos`."""
    pos = _next_visible(text, pos + 1) if pos + 1 < len(text) and text[pos + 1] == "\n" else pos
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
