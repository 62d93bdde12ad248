"""Document details (`i`): where the document is, how it was read, and
what its front matter says besides the title."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from .safe import shown


class DetailsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,i", "dismiss", "Close", id="details.close")]

    DEFAULT_CSS = """
    DetailsScreen { align: center middle; }
    DetailsScreen > VerticalScroll {
        width: 80; max-height: 90%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    DetailsScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    """

    def __init__(self, title: str, fields: list[tuple[str, str]], metadata: dict[str, str]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.metadata = metadata

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in [*self.fields, *self.metadata.items()]), default=0) + 2
        with VerticalScroll():
            yield Static(shown(self.title_text), classes="heading")
            for key, value in self.fields:
                yield Static(Content.assemble(shown(key.ljust(width), "$text-muted"), shown(value)))
            if self.metadata:
                yield Static("Front matter", classes="heading")
                for key, value in self.metadata.items():
                    yield Static(Content.assemble(shown(key.ljust(width), "$text-muted"), shown(value)))
            yield Static(Content.styled("esc closes", "$text-muted"))
