"""The sidebar: the corpus's documents, filtered as the user types."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ..core.corpus import Document
from ..core.search import filter_documents
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
            said = ", ".join(part for part in (f"{review} to review" if review else "",
                                               f"{orphaned} orphaned" if orphaned else "") if part)
            detail = Content.assemble(detail, (f"  ⚑ {said}", "$warning"))
    return Content.assemble(shown(doc.title), "\n", detail)


def _numbers(documents: list[Document]) -> dict[int, int]:
    return {id(doc): n for n, doc in enumerate(documents)}


class DocumentOptions(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


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
    Sidebar DocumentOptions, Sidebar DocumentOptions:focus { border: none; height: 1fr; background: transparent; }
    """

    class Highlighted(Message):
        def __init__(self, doc: Document) -> None:
            super().__init__()
            self.doc = doc

    class Chosen(Message):
        def __init__(self, doc: Document) -> None:
            super().__init__()
            self.doc = doc

    def __init__(self, documents: list[Document], notes: dict[str, int] | None = None,
                 read: Callable[[str], float | None] | None = None,
                 attention: dict[str, tuple[int, int]] | None = None, *, id: str | None = None) -> None:
        """`notes`: how many annotations each document (by path) has;
        `read(path)`: how far it has been read; `attention`: how many notes
        are to review and orphaned. All are asked when a row is drawn, so
        refresh_documents() after they change."""
        super().__init__(id=id)
        self.documents = documents
        self._number = _numbers(documents)  # an option's id: its document's number
        self.notes = notes if notes is not None else {}
        self.read = read or (lambda rel: None)
        self.attention = attention if attention is not None else {}
        self.shown: list[Document] = list(documents)

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="filter documents", id="filter", select_on_focus=False)
        yield DocumentOptions(*self._options(self.documents), id="documents")

    @property
    def options(self) -> DocumentOptions:
        return self.query_one(DocumentOptions)

    def _options(self, documents: list[Document]) -> list[Option]:
        return [Option(self._prompt(doc), id=str(self._number[id(doc)])) for doc in documents]

    def _prompt(self, doc: Document) -> Content:
        return _prompt(doc, self.notes.get(doc.rel, 0), self.read(doc.rel), self.attention.get(doc.rel, (0, 0)))

    def refresh_documents(self, docs: list[Document]) -> None:
        """Redraw the rows of `docs`, whose titles, counts or problems were filled in."""
        position = {id(doc): index for index, doc in enumerate(self.shown)}
        for doc in docs:
            if id(doc) in position:
                self.options.replace_option_prompt_at_index(position[id(doc)], self._prompt(doc))

    def select(self, doc: Document) -> None:
        if doc in self.shown:
            self.options.highlighted = self.shown.index(doc)

    @property
    def current(self) -> Document | None:
        index = self.options.highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    # -- filtering -------------------------------------------------------------

    def action_filter(self) -> None:
        self.add_class("-filtering")
        # At once, and the keys typed right after `/` first (SafeInput.take_focus).
        self.query_one(SafeInput).take_focus()

    def action_clear_filter(self) -> None:
        field = self.query_one(Input)
        if not self.has_class("-filtering"):
            return
        current = self.current
        field.value = ""
        self.remove_class("-filtering")
        self._show(self.documents, current)
        self.options.focus()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        if self.has_class("-filtering"):
            self._show(filter_documents(self.documents, event.value))

    @on(Input.Submitted, "#filter")
    def _open_first(self, event: Input.Submitted) -> None:
        if self.shown:
            self.options.focus()
            self.post_message(self.Chosen(self.shown[0]))

    def _show(self, documents: list[Document], current: Document | None = None) -> None:
        """List `documents`, with `current` (else the first) highlighted."""
        self.shown = documents
        options = self.options
        options.clear_options()
        options.add_options(self._options(documents))
        if documents:
            options.highlighted = documents.index(current) if current in documents else 0

    # -- messages up ---------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#documents")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # By the option's id, not its index: a message from the list as it was
        # before the filter changed it can arrive after the change.
        self.post_message(self.Highlighted(self.documents[int(event.option_id)]))

    @on(OptionList.OptionSelected, "#documents")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.documents[int(event.option_id)]))
