"""The outline (`o`): a document's headings, posts or chapters; typing
filters them, `enter` jumps there. Opens on the section the reader is in; a
document without any says so in one line."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.text.outline import Entry
from .safe import SafeInput, shown

NO_STRUCTURE = "This document has no structure: no headings, posts or chapters were found."


class OutlineScreen(ModalScreen[Entry | None]):
    BINDINGS = [
        Binding("escape", "dismiss_outline", "Close", id="outline.close"),
        Binding("down", "list", "Entries", show=False, id="outline.list"),
    ]

    DEFAULT_CSS = """
    OutlineScreen { align: left top; }
    OutlineScreen > Vertical { width: 70%; min-width: 40; max-width: 100; height: 100%;
                               background: $surface; border-right: vkey $accent; }
    OutlineScreen #outline-title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    OutlineScreen Input, OutlineScreen Input:focus { border: none; height: 1; padding: 0 1; background: $panel; }
    OutlineScreen OptionList, OutlineScreen OptionList:focus { height: 1fr; border: none; background: $surface; }
    OutlineScreen #outline-empty { padding: 1 2; color: $text-muted; }
    OutlineScreen.-no-structure > Vertical { height: auto; }
    """

    def __init__(self, title: str, entries: list[Entry], current: Entry | None) -> None:
        super().__init__()
        self.title_text = title
        self.entries = entries
        self.current = current
        self.shown: list[Entry] = []
        self.top_level = min((e.level for e in entries), default=1)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(shown(f"Outline — {self.title_text}"), id="outline-title")
            if not self.entries:  # nothing to filter or choose: the one line says why
                yield Static(NO_STRUCTURE, id="outline-empty")
                return
            yield SafeInput(placeholder="filter", id="outline-filter", select_on_focus=False)
            yield OptionList(id="outline-entries")
            yield Static("", id="outline-empty")

    def on_mount(self) -> None:
        if not self.entries:
            self.add_class("-no-structure")
            return
        self._show("")
        self.query_one(Input).focus()

    def _show(self, query: str) -> None:
        words = query.casefold().split()
        self.shown = [e for e in self.entries if all(w in e.title.casefold() for w in words)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(shown("  " * (e.level - self.top_level) + e.title)) for e in self.shown])
        empty = self.query_one("#outline-empty", Static)
        empty.display = not self.shown
        empty.update("No entry matches.")
        if self.shown:
            options.highlighted = self.shown.index(self.current) if self.current in self.shown else 0

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.shown:
            self.dismiss(self.shown[index])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def on_key(self, event) -> None:
        # up and down move through the entries while the filter has the keys
        if self.entries and self.focused is self.query_one(Input) and event.key in ("up", "down", "pageup", "pagedown"):
            options = self.query_one(OptionList)
            action = {"up": "cursor_up", "down": "cursor_down", "pageup": "page_up", "pagedown": "page_down"}
            getattr(options, f"action_{action[event.key]}")()
            event.stop()

    def action_list(self) -> None:
        if self.entries:
            self.query_one(OptionList).focus()

    def action_dismiss_outline(self) -> None:
        self.dismiss(None)
