"""Finding documents by title and path as the user types (the sidebar's `/`)."""

from __future__ import annotations

from collections.abc import Callable

from ..library.corpus import Document

TITLE_CUTOFF = 60  # partial_ratio below this is noise for short titles
SHORT = 2  # characters: a query this short is found as typed (partial_ratio would match any lone letter)


class DocumentFilter:
    """The documents of a corpus, each one's title and path normalised for
    matching once, not at every key: 20,000 of them take longer to normalise
    than to match. Tell it when titles change (`changed`)."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self._index = {id(doc): n for n, doc in enumerate(documents)}
        self._choices: list[str] | None = None  # normalised when first asked
        self._stale: set[int] = set()  # documents whose titles changed since

    def changed(self, docs: list[Document]) -> None:
        """These documents' titles were filled in or changed."""
        self._stale.update(self._index[id(doc)] for doc in docs if id(doc) in self._index)

    def prepare(self) -> None:
        """Normalise what is not yet, as the next query would."""
        from rapidfuzz import utils

        self._normalised(utils.default_process)

    def __call__(self, query: str) -> list[Document]:
        """Documents whose title or path match `query` approximately, best
        first (ties keep corpus order); all of them for an empty query."""
        from rapidfuzz import fuzz, process, utils  # compiled, and only needed once typing starts

        query = utils.default_process(query)
        if not query:
            return list(self.documents)
        choices = self._normalised(utils.default_process)
        if len(query) <= SHORT:
            # partial_ratio gives a lone shared letter at either end 67: only
            # the titles that hold the query as typed are found.
            return [doc for doc, choice in zip(self.documents, choices) if query in choice]
        # Best first, ties in the order of the choices.
        hits = process.extract(
            query, choices, scorer=fuzz.partial_ratio, processor=None, limit=None, score_cutoff=TITLE_CUTOFF
        )
        return [self.documents[index] for _, _, index in hits]

    def _normalised(self, normalise: Callable[[str], str]) -> list[str]:
        docs = self.documents
        if self._choices is None:
            self._choices = [normalise(f"{doc.title} {doc.rel}") for doc in docs]
        else:
            for index in self._stale:
                self._choices[index] = normalise(f"{docs[index].title} {docs[index].rel}")
        self._stale.clear()
        return self._choices
