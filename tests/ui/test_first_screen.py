"""The first screen: drawn with the styles a full restyle would give (the
reading screen skips Textual's second styling of it), and before the
notebook is made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.dom import DOMNode

from reader.core.library.corpus import open_corpus
from reader.ui import app as app_module
from reader.ui.app import ReaderApp

from .conftest import reading, settle


def styles_of(nodes: list[DOMNode]) -> list[tuple[str, Any, Any]]:
    """Each node's rules from the style sheets, its own and its component classes'."""
    return [
        (
            repr(node),
            node._css_styles.get_rules(),
            {name: styles.get_rules() for name, styles in sorted(node._component_styles.items())},
        )
        for node in nodes
    ]


class Watched(ReaderApp):
    """The app, with what its first frame showed kept aside."""

    CSS_PATH = Path(app_module.__file__).with_name(ReaderApp.CSS_PATH)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.first: dict[str, Any] = {}
        self.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        nodes = list(self.screen.walk_children(with_self=True))
        self.first["styles"] = styles_of(nodes)
        self.first["notebook"] = self.notes.made
        self.first["text"] = bool(self.reading_screen.pane.text)
        self.stylesheet.update_nodes(nodes, animate=False)  # what Textual's second styling would have given
        self.first["restyled"] = styles_of(nodes)


async def test_the_first_screen_is_styled_as_a_full_restyle_would(seeds: Path) -> None:
    app = Watched(open_corpus(seeds))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.first["text"]  # the first document's text was in that frame
        assert app.first["styles"] == app.first["restyled"]
        assert len(app.first["styles"]) > 10


async def test_the_notebook_is_made_after_the_first_frame_and_the_notes_are_drawn(seeds: Path) -> None:
    app = Watched(open_corpus(seeds))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.first["notebook"] is None
        assert app.notes.made is not None  # made once the text was drawn, for its notes
        assert app.notebook.get(reading(app).current.rel) is not None
