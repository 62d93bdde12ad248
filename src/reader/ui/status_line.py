"""The line under the reading pane: which document, and where in it."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.widgets import Static

from ..core.status import Part, fitting
from .safe import shown


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(self, title: str | list[Part], detail: str | list[Part]) -> None:
        """`title` on the left, `detail` on the right; given as parts, those
        that fit (the title's first part always, cut to fit)."""
        left = [Part(title, 10)] if isinstance(title, str) else title
        right = [Part(detail, 9)] if isinstance(detail, str) else detail
        width = self.content_size.width
        title, detail = (shown(side).plain for side in fitting(left, right, width))
        room = max(0, width - cell_len(detail) - 2)
        if cell_len(title) > room:
            title = set_cell_size(title, max(0, room - 1)) + "…"
        gap = max(1, width - cell_len(title) - cell_len(detail))
        self.update(Content.assemble((title, "bold"), " " * gap, detail))
