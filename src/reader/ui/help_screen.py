"""The help screen (`?`): every key, generated from the bindings themselves,
so it can never disagree with what the keys do: the keys in force (the
user's, from config.toml's [keys], where they rebind one) and each binding's
id, by which it is rebound."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from .keymap import key_label
from .safe import shown

KEYS_WIDTH = 20  # cells of the keys' column
DESCRIPTION_WIDTH = 36  # ... and of what they do, before the binding's id


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; max-height: 90%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("Keys  (esc closes; rebind one in config.toml's [keys] by its id)"), classes="heading")
            for heading, bindings in self.sections:
                yield Static(Content(heading), classes="heading")
                yield Static(self._table(bindings))

    def _table(self, bindings: list[Binding]) -> Content:
        """A row a binding: its keys as config.toml takes them, what it does, its id (dim)."""
        rows = []
        for binding in bindings:
            keys = ", ".join(key_label(key) for key in binding.key.split(",") if key)
            # A description may name a kind of highlight from the user's config.
            description = shown(binding.description or binding.action)
            rows.append(
                Content.assemble(
                    (f"{keys or '—':<{KEYS_WIDTH}}", "bold"),
                    description,
                    " " * max(1, DESCRIPTION_WIDTH - len(description)),
                    (binding.id or "", "dim"),
                )
            )
        return Content("\n").join(rows)
