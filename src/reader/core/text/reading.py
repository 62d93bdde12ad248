"""The model of a reading text: the one string every offset refers to
(annotations, search hits, reading positions), what it was decoded from,
and, for a document rendered from Markdown, what the rendering found.

Made by decoding.decode() and markdown.render(); imports nothing of reader's,
so every other module can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from hashlib import sha256


class ConversionError(ValueError):
    """A document read whole and converted (an EPUB, a web page) that cannot
    be read; `problem` is the sidebar's short marker ("DRM", "zip bomb")."""

    def __init__(self, message: str, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    url: str  # "" where the target is not known (a timestamp without a video)
    label: str = ""  # what to say about it when the url alone is not clear
    wiki: str = ""  # a [[wiki link]]'s target: a document of the library, by name or title
    target: int | None = None  # an offset in this reading text (a link inside a book or page)


@dataclass(frozen=True)
class Heading:
    start: int
    level: int
    title: str


@dataclass
class Markup:
    """What the rendering found, in offsets of the reading text. Style names
    are the UI's to map to colours: h1..h6, strong, em, strike, code, link,
    wikilink, quote, marker."""

    styles: list[tuple[int, int, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    source_sha256: str = ""  # of the text as written, which annotations made before rendering refer to
    source_length: int = 0
    source_body: int = 0  # where the source's body starts, after its front matter


@dataclass
class ReadingText:
    text: str
    encoding: str
    repairs: list[str] = field(default_factory=list)
    markup: Markup | None = None  # for a document rendered from Markdown
    title: str = ""  # the document's own (front matter), where it names one

    @property
    def codec(self) -> str:
        """The Python codec that reads more of the same file."""
        return self.encoding.removesuffix(" (BOM)")


def text_sha256(text: str) -> str:
    """Hex sha256 of a text, UTF-8 encoded: what an annotation file records
    of the reading text its offsets refer to."""
    return sha256(text.encode("utf-8")).hexdigest()
