"""Command palette (ctrl+p): open any document by its title or path."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from .safe import shown


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
    def _documents(self):
        return self.app.corpus.documents

    async def discover(self) -> Hits:
        for doc in self._documents():
            prompt = Content.assemble(shown(doc.title), "\n", shown(doc.rel, "$text-muted"))
            yield DiscoveryHit(prompt, partial(self.app.open_document, doc), text=shown(doc.title).plain)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for doc in self._documents():
            text = shown(f"{doc.title} · {doc.rel}").plain
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, text),
                    partial(self.app.open_document, doc),
                    text=text,
                    help="Open this document",
                )
