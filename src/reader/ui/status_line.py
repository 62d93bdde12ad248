"""The line under the reading pane: which document, and how far through it."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.widgets import Static

from .safe import shown


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(self, title: str, detail: str) -> None:
        """`title` on the left, cut to fit; `detail` on the right."""
        title, detail = shown(title).plain, shown(detail).plain
        width = self.content_size.width
        room = max(0, width - cell_len(detail) - 2)
        if cell_len(title) > room:
            title = set_cell_size(title, max(0, room - 1)) + "…"
        gap = max(1, width - cell_len(title) - cell_len(detail))
        self.update(Content.assemble((title, "bold"), " " * gap, detail))
