"""Command palette (ctrl+p): open any document by its title or path."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class DocumentCommands(Provider):
    def _documents(self):
        return self.app.corpus.documents

    async def discover(self) -> Hits:
        for doc in self._documents():
            yield DiscoveryHit(Content(doc.title), partial(self.app.open_document, doc),
                               text=doc.title, help=doc.rel)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for doc in self._documents():
            text = f"{doc.title} · {doc.rel}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.open_document, doc),
                          text=text, help="Open this document")
