"""The sidebar: the corpus's documents, filtered as the user types."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input

from ..core.library.corpus import Document
from ..core.library.labels import Labels
from ..core.search.filtering import DocumentFilter
from .document_list import DocumentList
from .messages import DocumentMessage
from .safe import SafeInput, shown


def _prompt(doc: Document, notes: int = 0, read: float | None = None, attention: tuple[int, int] = (0, 0)) -> Content:
    if doc.problem:
        detail = shown(f"⚠ {doc.problem}", "$text-error")
    else:
        words = "…" if doc.words is None else f"{doc.words:,} words"
        detail = Content.styled(words, "$text-muted")
        if read is not None:
            detail = Content.assemble(detail, (f"  {int(read * 100)}% read", "$text-muted"))
        if notes:
            detail = Content.assemble(detail, (f"  ✎ {notes}", "$accent"))
        review, orphaned = attention
        if review or orphaned:  # notes that need the reader's eyes (t lists them)
            said = ", ".join(
                part
                for part in (f"{review} to review" if review else "", f"{orphaned} orphaned" if orphaned else "")
                if part
            )
            detail = Content.assemble(detail, (f"  ⚑ {said}", "$warning"))
    return Content.assemble(shown(doc.label), "\n", detail)


class FilterInput(SafeInput):
    async def action_submit(self) -> None:
        # Now, not when Input's Submitted comes round in this queue, behind
        # the keys typed after enter (which wait for the text to be focused).
        sidebar = self.parent
        assert isinstance(sidebar, Sidebar)
        sidebar.open_first()


class Sidebar(Vertical):
    """A filter field (opened with `/`) above the list of documents."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="sidebar.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="sidebar.clear_filter"),
    ]

    DEFAULT_CSS = """
    Sidebar { width: 36; border-right: vkey $panel; }
    Sidebar Input, Sidebar Input:focus { display: none; border: none; height: 1; padding: 0 1; }
    Sidebar.-filtering Input { display: block; }
    Sidebar DocumentList, Sidebar DocumentList:focus { height: 1fr; background: transparent; }
    """

    class Highlighted(DocumentMessage):
        """The sidebar's cursor is on a document."""

    class Chosen(DocumentMessage):
        """A document of the sidebar was chosen."""

    def __init__(
        self,
        documents: list[Document],
        notes: Callable[[str], tuple[int, tuple[int, int]]] | None = None,
        read: Callable[[str], float | None] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """`notes(path)`: how many annotations the document has, and how
        many of them are (to review, orphaned); `read(path)`: how far it has
        been read. Both are asked when a row is drawn, so
        refresh_documents() after they change."""
        super().__init__(id=id)
        self.documents = documents
        self.notes = notes or (lambda rel: (0, (0, 0)))
        self.read = read or (lambda rel: None)
        self._filter = DocumentFilter(documents)
        self._labels = Labels(documents)

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder="filter documents", id="filter", select_on_focus=False)
        yield DocumentList(self.documents, self.prompt, id="documents")

    @property
    def listing(self) -> DocumentList:
        return self.query_one(DocumentList)

    @property
    def shown(self) -> list[Document]:
        """The documents listed, in order (all, or those the filter found)."""
        return self.listing.documents

    def prompt(self, doc: Document) -> Content:
        """What the sidebar says of `doc`: its label, then its counts."""
        notes, attention = self.notes(doc.rel)
        return _prompt(doc, notes, self.read(doc.rel), attention)

    def refresh_documents(self, docs: list[Document]) -> None:
        """Redraw the rows of `docs`, whose titles, counts or problems were
        filled in, and of those a title made another label for; while
        filtering, filter again (a title may match now)."""
        self._filter.changed(docs)
        self.listing.redraw(docs + self._labels.update())
        query = self.query_one(Input).value
        if self.has_class("-filtering") and query.strip():
            self.listing.show(self._filter(query), self.current)

    def select(self, doc: Document) -> None:
        listing = self.listing
        if listing.current is not doc:
            index = next((i for i, shown in enumerate(listing.documents) if shown is doc), None)
            if index is not None:
                listing.highlight(index)

    @property
    def current(self) -> Document | None:
        return self.listing.current

    # -- filtering -------------------------------------------------------------

    def action_filter(self) -> None:
        self.add_class("-filtering")
        # At once, and the keys typed right after `/` first (SafeInput.take_focus).
        self.query_one(SafeInput).take_focus()
        # The titles normalised for the first key, if the typist pauses a frame.
        self.call_after_refresh(self._filter.prepare)

    def action_clear_filter(self) -> None:
        field = self.query_one(Input)
        if not self.has_class("-filtering"):
            return
        current = self.current
        field.value = ""
        self.remove_class("-filtering")
        self.listing.show(self.documents, current)
        self.listing.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # Keys typed faster than the list is filtered: only the newest query counts.
        if self.has_class("-filtering") and event.value == event.input.value:
            self.listing.show(self._filter(event.value))

    def open_first(self) -> None:
        """enter in the filter: the first document shown, the text focused
        (by the screen, which opens it). Keys typed right after enter go
        there too, not into the filter (TypedInOrder.hand_over)."""
        field = self.query_one(FilterInput)
        if self.has_class("-filtering"):
            # The Changed of the keys typed last may still be on its way
            # here, behind this enter: the list is filtered for them now.
            self.listing.show(self._filter(field.value))
        if self.shown:
            field.hand_over()
            self.post_message(self.Chosen(self.shown[0]))

    def handed_over(self) -> None:
        """The document chosen is open: keys held in the filter go on."""
        self.query_one(FilterInput).handed_over()

    # -- messages up ---------------------------------------------------------------

    @on(DocumentList.Highlighted)
    def _highlighted(self, event: DocumentList.Highlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.doc))

    @on(DocumentList.Chosen)
    def _chosen(self, event: DocumentList.Chosen) -> None:
        event.stop()
        self.post_message(self.Chosen(event.doc))
