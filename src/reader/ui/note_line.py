"""The line under the reading pane that shows the note and tags of the
highlight under the cursor (hidden elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from .safe import shown

if TYPE_CHECKING:
    from ..core.annotations.model import Annotation


class NoteLine(Static):
    DEFAULT_CSS = """
    NoteLine { display: none; height: auto; max-height: 4; background: $boost; padding: 0 1; }
    NoteLine.-shown { display: block; }
    """

    def show(self, annotation: Annotation | None, color: str = "") -> None:
        self.set_class(annotation is not None, "-shown")
        if annotation is None:
            return
        parts = [Content.assemble(("▌", color), " ", shown(annotation.kind))]
        if annotation.note:
            lines = annotation.note.strip().split("\n")
            parts.append(shown(" ".join(lines[:3])))
        else:
            parts.append(Content.styled("no note: a or e writes one", "$text-muted"))
        if annotation.tags:
            parts.append(shown(" ".join(f"#{tag}" for tag in annotation.tags), "$accent"))
        self.update(Content("  ").join(parts))
