"""The notes panel (`t`): the annotations of this document, or of all of
them, filtered as the user types; `enter` jumps to the passage."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.annotations.model import Annotation
from .footer import Footer
from .safe import SafeInput, shown

QUOTE = 90  # characters of a quote shown in a row


@dataclass(frozen=True)
class NoteRow:
    rel: str
    title: str  # the document's label: its title, and what tells it apart from others of that title
    annotation: Annotation
    color: str  # of its kind, as Rich understands it
    state: str = ""  # "review" (a suggested place), "orphaned" (none), "moved, words changed", or ""

    def matches(self, words: list[str]) -> bool:
        """Every word is in the quote, note, tags, kind or title (case ignored)."""
        a = self.annotation
        hay = " ".join(
            (a.exact, a.note, " ".join(f"#{t} {t}" for t in a.tags), a.kind, self.title, self.state)
        ).casefold()
        return all(word in hay for word in words)


@dataclass(frozen=True)
class NoteChoice:
    row: NoteRow
    action: str  # "jump", "reattach" (to the selection), "accept" (the suggested place), "delete"


class NotesPanel(ModalScreen[NoteChoice | None]):
    BINDINGS = [
        Binding("escape", "dismiss_panel", "Close", id="notes.close"),
        # Keys the filter field leaves alone, and not priority bindings:
        # those act before the filter has the keys typed just ahead of
        # them, and so on another row than the one meant.
        Binding("ctrl+t", "toggle_scope", "This document / all", id="notes.scope"),
        Binding("ctrl+r", "choose('reattach')", "Re-attach to the selection", id="notes.reattach"),
        Binding("ctrl+y", "choose('accept')", "Accept the suggested place", id="notes.accept"),
        Binding("ctrl+g", "choose('delete')", "Delete (u in the text undoes it)", id="notes.delete"),
        Binding("down", "list", "Notes", show=False, id="notes.list"),
    ]

    DEFAULT_CSS = """
    NotesPanel { align: right top; }
    NotesPanel > #notes-box { width: 60%; min-width: 50; height: 100%; background: $surface;
                              border-left: vkey $accent; }
    NotesPanel #notes-bar { height: 1; background: $panel; }
    NotesPanel #notes-bar > Input, NotesPanel #notes-bar > Input:focus {
        border: none; height: 1; width: 1fr; padding: 0 1; background: $panel;
    }
    NotesPanel #notes-scope { width: auto; padding: 0 1; color: $text-muted; }
    NotesPanel OptionList, NotesPanel OptionList:focus { height: 1fr; border: none; background: $surface; }
    NotesPanel #notes-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, here: list[NoteRow], everywhere, all_documents: bool = False) -> None:
        """`here`: the rows of this document; `everywhere()`: those of all
        documents (called when the user asks for them)."""
        super().__init__()
        self.here = here
        self._everywhere = everywhere
        self.all_documents = all_documents
        self.rows: list[NoteRow] = []  # as listed

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-box"):
            with Horizontal(id="notes-bar"):
                yield SafeInput(
                    placeholder="filter: words of the quote, note, #tag or colour",
                    id="notes-filter",
                    select_on_focus=False,
                )
                yield Static(id="notes-scope")
            yield OptionList(id="notes-list")
            yield Static(id="notes-empty")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show()

    def _source(self) -> list[NoteRow]:
        return self._everywhere() if self.all_documents else self.here

    def _show(self) -> None:
        scope = "all documents" if self.all_documents else "this document"
        self.query_one("#notes-scope", Static).update(Content.assemble(scope, (" ^t", "dim")))
        words = self.query_one(Input).value.casefold().split()
        self.rows = [row for row in self._source() if row.matches(words)]
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(Option(self._prompt(row)) for row in self.rows)
        empty = (
            ""
            if self.rows
            else (
                "No note matches."
                if words
                else "No notes yet: select a passage with v, then press 1 to 5 to highlight it or a to write a note."
            )
        )
        self.query_one("#notes-empty", Static).update(Content(empty))
        if self.rows:
            listing.highlighted = 0

    def _prompt(self, row: NoteRow) -> Content:
        a = row.annotation
        quote = a.exact if len(a.exact) <= QUOTE else a.exact[:QUOTE] + "…"
        lines = [Content.assemble(("▌", row.color), " ", shown(quote, "italic"))]
        if row.state:
            lines[0] = Content.assemble(lines[0], (f"  [{row.state}]", "$warning bold"))
        if self.all_documents:
            lines[0] = Content.assemble(lines[0], shown("  — " + row.title, "$text-muted"))
        if a.note:
            lines.append(Content.assemble("  ", shown(a.note.strip().split("\n")[0])))
        if a.tags:
            lines.append(Content.assemble("  ", shown(" ".join(f"#{t}" for t in a.tags), "$accent")))
        return Content("\n").join(lines)

    @on(Input.Changed, "#notes-filter")
    def _filter(self) -> None:
        self._show()

    @on(Input.Submitted, "#notes-filter")
    def _submitted(self) -> None:
        self.action_choose("jump")

    @on(OptionList.OptionSelected, "#notes-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(NoteChoice(self.rows[event.option_index], "jump"))

    def action_choose(self, action: str) -> None:
        if self.rows:
            self.dismiss(NoteChoice(self.rows[self.query_one(OptionList).highlighted or 0], action))

    def action_list(self) -> None:
        if self.rows:
            self.query_one(OptionList).focus()

    def action_toggle_scope(self) -> None:
        self.all_documents = not self.all_documents
        self._show()

    def action_dismiss_panel(self) -> None:
        self.dismiss(None)
