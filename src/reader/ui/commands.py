"""Command palette (ctrl+p): open any document by its title or path."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from ..core.library.corpus import Document
from .messages import OpenRequested
from .safe import shown

if TYPE_CHECKING:
    from .app import ReaderApp


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` with the letters the query matched in reverse. Not
    matcher.highlight(), which reads its text as markup (`[red]` in a file
    name would be a style)."""
    content = shown(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets if score else ():
        if not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class DocumentCommands(Provider):
    # Data goes only in the prompts, as Content: a hit's help is read as
    # markup, and its text is put into the palette's input.
    def _documents(self) -> list[Document]:
        return cast("ReaderApp", self.app).corpus.documents

    def _open(self, doc: Document) -> partial[bool]:
        return partial(self.app.post_message, OpenRequested(doc))

    async def discover(self) -> Hits:
        for doc in self._documents():
            prompt = Content.assemble(shown(doc.title), "\n", shown(doc.rel, "$text-muted"))
            yield DiscoveryHit(prompt, self._open(doc), text=shown(doc.title).plain)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for doc in self._documents():
            text = shown(f"{doc.title} · {doc.rel}").plain
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, text),
                    self._open(doc),
                    text=text,
                    help="Open this document",
                )
