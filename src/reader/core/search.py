"""Fuzzy finding: documents by title, passages by words."""

from __future__ import annotations

from .corpus import Document

TITLE_CUTOFF = 60  # partial_ratio below this is noise for short titles


def filter_documents(documents: list[Document], query: str) -> list[Document]:
    """Documents whose title or path match `query` approximately, best first
    (ties keep corpus order)."""
    query = query.strip()
    if not query:
        return list(documents)
    from rapidfuzz import fuzz, process, utils  # compiled, and only needed once typing starts

    choices = [f"{doc.title} {doc.rel}" for doc in documents]
    hits = process.extract(query, choices, scorer=fuzz.partial_ratio,
                           processor=utils.default_process, limit=None,
                           score_cutoff=TITLE_CUTOFF)
    return [documents[index] for _, _, index in sorted(hits, key=lambda h: (-h[1], h[2]))]
