"""A document's structure: Markdown headings, the posts of a feed, the
chapters of a book. Built from the reading text, so every entry's offset is
one the reading pane can jump to.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from .reading import Markup

TITLE_WORDS = 60  # characters of a post's first words that name it
FEED_MAX = 16 * 1024 * 1024
# Feeds are scanned line by line; chapters by one regex call over this many
# characters at a time, at any size.
WINDOW = 1024 * 1024
_HEADER_MAX = 60


@dataclass(frozen=True)
class Entry:
    start: int
    level: int
    title: str


_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|"
    "sixth|seventh|eighth|ninth|tenth|last|the|primero|primera|segundo|segunda|tercero|tercera|cuarto|"
    "quinto|sexto|s[eé]ptimo|octavo|noveno|d[eé]cimo|[uú]nico|premier|premi[eè]re|second|deuxi[eè]me"
)
_UPPER_KINDS = r"book|part|volume|libro|parte|tomo|livre|act"
_KINDS = _UPPER_KINDS + r"|chapter|cap[ií]tulo|chapitre|kapitel|scene|stave|canto|letter"
# "Primera parte del ingenioso hidalgo…", "Second Book": ordinals before the
# kind. Grouped by first letter: tried after every blank line of a book.
_ORDINALS = "f(?:irst|ourth)|s(?:econd|egunda)|t(?:hird|ercera)|primera|cuarta|quinta"


# A chapter-like line stands after a blank line: a kind and its number, or a
# part's ordinal and kind alone on its line, or a front/back matter word, or
# a bare Roman numeral with a blank line after it.
@functools.cache
def _chapter_line() -> re.Pattern[str]:
    """Compiled when first used (~4 ms: its alternatives ignore case)."""
    return re.compile(
        rf"\n\n[ \t]*((?P<numbered>(?P<kind>{_KINDS})[ \t]+(?:\d+|[ivxlcdm]+\b|(?:{_NUMBER_WORDS})\b))[^\n]{{0,72}}"
        rf"|(?P<ordinal>(?:{_ORDINALS})[ \t]+(?:{_UPPER_KINDS})\b)[^\n]{{0,72}}(?=[ \t]*\n[ \t]*\n)"
        r"|(?:prologue|epilogue|preface|introduction|pr[oó]logo|ep[ií]logo|conclusion)\b[^\n]{0,40}"
        r"|(?P<numeral>[ivxlcdm]{1,7})\.?(?=[ \t]*\n[ \t]*\n))[ \t]*(?=\n|\Z)",
        re.IGNORECASE,
    )


_UPPER = re.compile(rf"(?:{_UPPER_KINDS})\Z", re.IGNORECASE)
# A title that runs over the next lines (Don Quijote's): one to three short
# lines more, the last followed by a blank line. A paragraph is longer.
_TITLE_LINES = re.compile(r"(?:\n[ \t]*\S[^\n]{0,79}){1,3}(?=[ \t]*\n[ \t]*\n|[ \t]*\n?\Z)")
PART_MARK = " · "  # between a part's name and a chapter's title


@dataclass(frozen=True)
class _Found:
    """A chapter-like line and what tells it from the others."""

    entry: Entry
    number: str  # its kind and number, folded ("capítulo ii"); "" for a part or an unnumbered one
    part: str  # a part's kind and number as written ("Segunda parte"); "" for a chapter


def outline(text: str, markup: Markup | None = None) -> list[Entry]:
    """The document's entries in reading order: its headings when it was
    rendered from Markdown, else the posts of a feed, else its chapters."""
    if markup is not None and markup.headings:
        return [Entry(h.start, h.level, h.title) for h in markup.headings]
    if len(text) <= FEED_MAX:
        posts = feed_posts(text)
        if posts:
            return posts
    return chapters(text)


def section_at(entries: list[Entry], offset: int) -> Entry | None:
    """The entry the reader at `offset` is in: the last one that starts at or before it."""
    k = bisect_right([e.start for e in entries], offset) - 1
    return entries[k] if k >= 0 else None


def chapters(text: str) -> list[Entry]:
    # The pattern starts with a literal, which the regex engine finds fast.
    # It runs a window at a time: one call over 100 MB would hold the
    # interpreter, and so the UI, for seconds.
    found = []
    first = _chapter_line().match("\n\n" + text[:200])  # a heading on the first line has no blank line before it
    if first:
        found.append(_chapter(text, first, -2))
    start = 0
    while start < len(text):
        following = text.find("\n\n", start + WINDOW)
        end = len(text) if following < 0 else following
        # Matches start in [start, end); the few characters past `end`
        # let one that starts just before it finish.
        for m in _chapter_line().finditer(text, start, min(len(text), end + 300)):
            if m.start() >= end:
                break
            found.append(_chapter(text, m, 0))
        start = end
    return _with_parts(found)


def _chapter(text: str, m: re.Match, shift: int) -> _Found:
    title = m.group(1).strip()
    start = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip()) + shift
    more = _TITLE_LINES.match(text, m.end() + shift)
    if more and not m.group("numeral"):
        title = " ".join([title, *(line.strip() for line in more.group().split("\n") if line.strip())])
    kind = m.group("kind") or ""
    part = m.group("ordinal") or (m.group("numbered") if _UPPER.match(kind) else "")
    number = m.group("numbered") or m.group("numeral") or ""
    entry = Entry(start, 1 if part else 2, title)
    return _Found(entry, "" if part else " ".join(number.casefold().split()), " ".join((part or "").split()))


def _with_parts(found: list[_Found]) -> list[Entry]:
    """The entries; where chapter numbers start again in a later part (Part
    II's Chapter 1 after Part I's), each chapter's title starts with its
    part's name: the status line and a filtered outline show an entry
    without the part it is nested in."""
    numbers = [f.number for f in found if f.number]
    parts = [f for f in found if f.part]
    if len(set(numbers)) == len(numbers) or len(parts) < 2:
        return [f.entry for f in found]
    names = dict(zip((id(f) for f in parts), _part_names(parts)))
    entries, name = [], ""
    for f in found:
        if f.part:
            name = names[id(f)]
            entries.append(f.entry)
        else:
            title = f"{name}{PART_MARK}{f.entry.title}" if name else f.entry.title
            entries.append(Entry(f.entry.start, f.entry.level, title))
    return entries


def _part_names(parts: list[_Found]) -> list[str]:
    """Each part's kind and number ("Part II"), with as many words more of
    its title as tell it from another part of that name (Don Quijote has a
    "Segunda parte" in each of its two books)."""
    words = [p.entry.title.split() for p in parts]
    folded = [[w.casefold() for w in ws] for ws in words]
    names = []
    for k, part in enumerate(parts):
        n = len(part.part.split())
        while n < len(words[k]) and any(j != k and other[:n] == folded[k][:n] for j, other in enumerate(folded)):
            n += 1
        names.append(" ".join(words[k][:n]))
    return names


def feed_posts(text: str) -> list[Entry]:
    """One entry per post of a feed scraped from the web, where every post
    starts with the same header line ("Peter Alexander's avatar") followed
    by a line of the same shape ("prc30 1 month ago"): the pair, repeated,
    is what tells a feed from a play whose speakers' names repeat. Each
    entry is titled by the post's first words."""
    lines = []  # (start, line)
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    counts = Counter(
        line.strip() for _, line in lines if 3 <= len(line.strip()) <= _HEADER_MAX and any(ch.isalpha() for ch in line)
    )
    for header, count in counts.most_common(3):
        if count < 3:
            break
        at = [k for k, (_, line) in enumerate(lines) if line.strip() == header]
        seconds = [_first_word(lines[k + 1][1]) if k + 1 < len(lines) else "" for k in at]
        shape, same = Counter(seconds).most_common(1)[0]
        if not shape or same < max(3, 0.8 * len(at)) or shape == _first_word(header):
            continue
        entries = []
        for k in at:
            body = k + 2 if k + 1 < len(lines) and _first_word(lines[k + 1][1]) == shape else k + 1
            first = next((line.strip() for _, line in lines[body : body + 5] if line.strip()), "")
            entries.append(Entry(lines[k][0], 1, _first_words(first) or header))
        return entries
    return []


def _first_word(line: str) -> str:
    words = line.split(None, 1)
    return words[0] if words and len(line.strip()) <= _HEADER_MAX else ""


def _first_words(line: str) -> str:
    if len(line) <= TITLE_WORDS:
        return line
    cut = line.rfind(" ", 0, TITLE_WORDS)
    return line[: cut if cut > TITLE_WORDS // 2 else TITLE_WORDS].rstrip(" ,;:") + "…"
