"""The help screen (`?`): every key, generated from the bindings themselves,
so it can never disagree with what the keys do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from .safe import shown


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-height: 90%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("Keys  (esc closes)"), classes="heading")
            for heading, bindings in self.sections:
                yield Static(Content(heading), classes="heading")
                yield Static(self._table(bindings))

    def _table(self, bindings: list[Binding]) -> Content:
        rows = []
        for binding in bindings:
            keys = ", ".join(self.app.get_key_display(Binding(key, "")) for key in binding.key.split(","))
            # A description may name a kind of highlight from the user's config.
            rows.append(Content.assemble((f"{keys:<22}", "bold"), shown(binding.description or binding.action)))
        return Content("\n").join(rows)
