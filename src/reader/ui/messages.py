"""Messages that more than one module of the UI posts or handles. A
widget's own news (ReadingPane.Moved, FindBar.Show, Sidebar.Chosen) is
declared in the widget; these cross between the app, its screens and the
widgets that share them."""

from __future__ import annotations

from textual.message import Message

from ..core.library.corpus import Document


class DocumentMessage(Message):
    """A message about one document (of a list, the sidebar, the palette)."""

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc


class OpenRequested(DocumentMessage):
    """Open this document in the reading screen (the command palette asks the app)."""


class DocumentRead(DocumentMessage):
    """The reading screen read this document (or failed to): the first one
    read lets the app start its work on the whole library, which then never
    delays it."""
