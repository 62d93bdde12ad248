"""Hard-wrapped text (Project Gutenberg's 70 columns) reflowed to the pane.

Reflowing never changes the reading text: a newline inside a paragraph is
drawn as a space, so every offset (annotations, positions, search hits)
stays what it was, and toggling back to the original lines costs nothing.
Which newlines are inside a paragraph is decided locally, from the two
lines around it, so the pane can ask about any part of a 100 MB file.
"""

from __future__ import annotations

import re
from statistics import quantiles

SAMPLE = 1024 * 1024  # characters looked at to decide whether a text is hard-wrapped
# The first newline in every stretch of this many characters ends its
# paragraph whatever the lines around it: no paragraph, and so no wrapping
# block, grows without bound in a text with no blank lines.
STRETCH = 16 * 1024
_LIST_ITEM = re.compile(r"(?:[-*+•]|\d{1,3}[.)]|\([a-z0-9]{1,3}\))[ \t]")


def hard_wrap_width(text: str) -> int | None:
    """The column a text was hard-wrapped at, or None when its lines are
    paragraphs (or verse, or code): most non-blank lines end close to one
    width between 50 and 100."""
    lengths = [len(line) for line in text[:SAMPLE].split("\n") if line.strip()]
    if len(lengths) < 20:
        return None
    width = int(quantiles(lengths, n=20)[-1])  # the 95th percentile
    if not 50 <= width <= 100:
        return None
    near = sum(1 for n in lengths if width - 15 <= n <= width + 2)
    return width if near >= 0.5 * len(lengths) else None


class Reflow:
    """Which newlines of a hard-wrapped text join two lines of one paragraph."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.short = int(width * 0.65)  # a line shorter than this ends its paragraph

    def joins(self, p: int) -> bool:
        """Whether the newline at `p` is inside a paragraph (drawn as a space)."""
        text = self.text
        prev_start = text.rfind("\n", 0, p) + 1
        if prev_start <= p - p % STRETCH or p + 1 >= len(text):
            return False
        prev = text[prev_start:p]
        if len(prev.rstrip()) < self.short or prev[:1] in (" ", "\t"):
            return False  # a short line (a heading, the end of a paragraph, verse), or an indented one
        next_end = text.find("\n", p + 1)
        following = text[p + 1 : next_end if next_end >= 0 else len(text)]
        if not following.strip() or following[:1] in (" ", "\t"):
            return False  # a blank line, or an indented one: verse, a quotation, code
        return _LIST_ITEM.match(following) is None
