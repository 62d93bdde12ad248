"""Export notes (`E`): this document's or all of them, as Markdown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from .safe import shown

THIS, ALL = "this", "all"


class ExportScreen(ModalScreen[str | None]):
    """Asks which notes to export; dismissed with THIS, ALL or None."""

    BINDINGS = [Binding("escape", "dismiss_screen", "Cancel", id="export.cancel")]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > #export-dialog {
        width: 64; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    ExportScreen OptionList, ExportScreen OptionList:focus { height: auto; border: none; background: $surface; }
    ExportScreen #export-where { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, title: str | None, folder: str) -> None:
        """`title`: of the open document (None: only "all" can be chosen);
        `folder`: where the Markdown goes, to say so."""
        super().__init__()
        self.doc_title = title
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = "Export notes as Markdown"
            options = [Option(Content.assemble("All documents"), id=ALL)]
            if self.doc_title is not None:
                options.insert(0, Option(Content.assemble("This document: ", shown(self.doc_title, "bold")), id=THIS))
            yield OptionList(*options)
            yield Static(
                Content.assemble(
                    "Written to ", shown(self.folder), ", and copied to the clipboard.\nenter chooses, esc cancels."
                ),
                id="export-where",
            )

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        listing.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
