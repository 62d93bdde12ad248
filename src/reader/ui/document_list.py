"""The sidebar's list of documents, drawn a line at a time (Textual's Line
API): only the documents on screen are ever laid out, so 20,000 of them list,
filter and scroll as fast as five.

It looks and answers as Textual's OptionList did (rows wrapped to the width,
a highlight, j/k, arrows, home/end, page up/down, the mouse), but where an
OptionList measures every row to know where each one is, this list keeps its
position as (the document at the top, rows of it scrolled off) and measures
only the rows it walks over. The last column is a scroll bar, there only when
the documents do not all fit, whose thumb shows the top document's place in
the list.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from ..core.library.corpus import Document
from .messages import DocumentMessage

WHEEL_ROWS = 3
NORMAL, HIGHLIGHTED, HOVER = "option-list--option", "option-list--option-highlighted", "option-list--option-hover"


class DocumentList(Widget, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="sidebar.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="sidebar.up"),
        Binding("home", "first", "First", show=False, id="sidebar.first"),
        Binding("end", "last", "Last", show=False, id="sidebar.last"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="sidebar.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="sidebar.page_up"),
        Binding("enter", "choose", "Open the document and read it", show=False, id="sidebar.open"),
    ]

    # OptionList's look, whose component classes these are.
    COMPONENT_CLASSES = {NORMAL, HIGHLIGHTED, HOVER, "document-list--scrollbar", "document-list--thumb"}
    DEFAULT_CSS = """
    DocumentList {
        color: $foreground;
        padding: 0 1;
        background: $surface;
        & > .option-list--option-highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .option-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .option-list--option-hover { background: $block-hover-background; }
        & > .document-list--scrollbar { color: $panel; }
        & > .document-list--thumb { color: $accent; }
    }
    """

    class Highlighted(DocumentMessage):
        """The cursor is on a document."""

    class Chosen(DocumentMessage):
        """A document was chosen (enter, a click)."""

    def __init__(
        self, documents: list[Document], prompt: Callable[[Document], Content], *, id: str | None = None
    ) -> None:
        """`prompt(doc)`: what the rows of `doc` say (asked when they are drawn)."""
        super().__init__(id=id)
        self.prompt = prompt
        self.documents = documents
        self.highlighted: int | None = 0 if documents else None
        self.top = 0  # the document at the top row ...
        self.skip = 0  # ... and how many of its rows are scrolled off above
        self._hover: int | None = None
        self._strips: dict[tuple[int, int, str], list[Strip]] = {}  # (id(doc), width, style) -> its rows
        self._screen_rows: list[tuple[int, int]] | None = None  # (document, its row) for each row on screen
        self._overflows: bool | None = None

    # -- what is shown ----------------------------------------------------------

    @property
    def current(self) -> Document | None:
        return self.documents[self.highlighted] if self.highlighted is not None else None

    def show(self, documents: list[Document], current: Document | None = None) -> None:
        """List `documents` from the top, with `current` (else the first) highlighted."""
        self.documents = documents
        self.highlighted = None
        self.top = self.skip = 0
        self._hover = None
        self._changed()
        index = next((i for i, doc in enumerate(documents) if doc is current), 0) if current is not None else 0
        self.highlight(index if documents else None, announce=True)

    def highlight(self, index: int | None, announce: bool = False) -> None:
        """Highlight the document at `index`, scrolled into view; say so if
        that is another document (or `announce`)."""
        before = self.current
        self.highlighted = index
        if index is not None:
            self._reveal(index)
        self.refresh()
        doc = self.current
        if doc is not None and (announce or doc is not before):
            self.post_message(self.Highlighted(doc))

    def redraw(self, docs: list[Document]) -> None:
        """Draw the rows of `docs` again: what they say has changed."""
        changed = {id(doc) for doc in docs}
        self._strips = {key: strips for key, strips in self._strips.items() if key[0] not in changed}
        self._changed()

    # -- keys ---------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.documents:
            # Around the ends, as OptionList does.
            start = self.highlighted if self.highlighted is not None else (-1 if direction > 0 else 0)
            self.highlight((start + direction) % len(self.documents))

    def action_first(self) -> None:
        if self.documents:
            self.highlight(0)

    def action_last(self) -> None:
        if self.documents:
            self.highlight(len(self.documents) - 1)

    def action_page(self, direction: int) -> None:
        """To the document a screen's height of rows away (OptionList's page)."""
        if self.highlighted is None:
            return
        index, rows, height = self.highlighted, 0, self.size.height
        if direction > 0:
            while index < len(self.documents) - 1 and rows + self._height(index) <= height:
                rows += self._height(index)
                index += 1
        else:
            while index > 0 and rows < height:
                index -= 1
                rows += self._height(index)
        self.highlight(index)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    # -- mouse --------------------------------------------------------------------

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-WHEEL_ROWS)

    def on_click(self, event: events.Click) -> None:
        if event.button != 1:
            return
        if self._on_scrollbar(event.x):
            return
        index = self._index_at(event.y)
        if index is not None:
            self.highlight(index)
            self.action_choose()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1 and self._on_scrollbar(event.x):
            self._jump(event.y)
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.app.mouse_captured is self:
            self._jump(event.y)
            return
        hover = self._index_at(event.y)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.app.mouse_captured is self:
            self.release_mouse()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def _on_scrollbar(self, x: int) -> bool:
        return self.overflows and x - self.gutter.left == self.size.width - 1

    def _jump(self, y: int) -> None:
        """The scroll bar: show that fraction of the list."""
        fraction = (y - self.gutter.top) / max(1, self.size.height - 1)
        self.top, self.skip = max(0, min(len(self.documents) - 1, int(fraction * len(self.documents)))), 0
        self._clamp()
        self._changed()

    def _index_at(self, y: int) -> int | None:
        rows = self.screen_rows()
        y -= self.gutter.top
        return rows[y][0] if 0 <= y < len(rows) else None

    # -- position -----------------------------------------------------------------

    def _scroll(self, rows: int) -> None:
        self.skip += rows
        while self.skip < 0 and self.top > 0:
            self.top -= 1
            self.skip += self._height(self.top)
        while self.documents and self.top < len(self.documents) - 1 and self.skip >= self._height(self.top):
            self.skip -= self._height(self.top)
            self.top += 1
        self.skip = max(0, self.skip)
        self._clamp()
        self._changed()

    def _reveal(self, index: int) -> None:
        """Scroll as little as needed for the rows of `index` to be on screen."""
        height = self.size.height
        if height <= 0:
            return  # not laid out yet: on_resize reveals it
        if index < self.top or (index == self.top and self.skip):
            self.top, self.skip = index, 0
        elif index == self.top:
            return
        else:
            rows = 0  # from the top of `index + 1` up to the top of the document below the top one
            below = index
            while below > self.top and rows < height:
                rows += self._height(below)
                below -= 1
            if below == self.top and rows + self._height(self.top) - self.skip <= height:
                return  # on screen already
            self.top, self.skip = self._ending_with(index)
        self._changed()

    def _ending_with(self, index: int) -> tuple[int, int]:
        """(top, skip) of the screen whose last row is the last of `index`."""
        rows, height = 0, self.size.height
        while True:
            rows += self._height(index)
            if rows >= height or index == 0:
                return index, max(0, rows - height)
            index -= 1

    def _clamp(self) -> None:
        """No further down than the screen that ends with the last document."""
        if self.documents:
            self.top, self.skip = min((self.top, self.skip), self._ending_with(len(self.documents) - 1))

    # -- drawing ------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._changed()
        if self.documents:
            self._clamp()
            if self.highlighted is not None:
                self._reveal(self.highlighted)

    def notify_style_update(self) -> None:
        self._strips.clear()
        self._screen_rows = None
        super().notify_style_update()

    def _changed(self) -> None:
        self._screen_rows = None
        self._overflows = None
        self.refresh()

    @property
    def overflows(self) -> bool:
        """More rows than the screen holds (and so a scroll bar)?"""
        if self._overflows is None:
            height, rows = self.size.height, 0
            if self.top or self.skip:
                self._overflows = True
            else:
                for index in range(len(self.documents)):
                    rows += len(self._rows(index, NORMAL, self.size.width))
                    if rows > height:
                        break
                self._overflows = rows > height
        return self._overflows

    @property
    def text_width(self) -> int:
        return max(1, self.size.width - (1 if self.overflows else 0))

    def _height(self, index: int) -> int:
        return len(self._rows(index, NORMAL))

    def _rows(self, index: int, style: str, width: int | None = None) -> list[Strip]:
        """The rows of the document at `index`, wrapped to the list's width."""
        width = width or self.text_width
        doc = self.documents[index]
        key = (id(doc), width, style)
        strips = self._strips.get(key)
        if strips is None:
            visual_style = self.get_visual_style(NORMAL, style) if style != NORMAL else self.get_visual_style(NORMAL)
            strips = [
                strip.extend_cell_length(width, visual_style.rich_style)
                for strip in Visual.to_strips(self, self.prompt(doc), width, None, visual_style)
            ]
            self._strips[key] = strips
        return strips

    def screen_rows(self) -> list[tuple[int, int]]:
        """(document, its row) for each row on screen, from the top."""
        if self._screen_rows is None:
            rows: list[tuple[int, int]] = []
            index, row = self.top, self.skip
            height = self.size.height
            while len(rows) < height and index < len(self.documents):
                count = self._height(index)
                rows.extend((index, r) for r in range(row, count)[: height - len(rows)])
                index, row = index + 1, 0
            self._screen_rows = rows
        return self._screen_rows

    def render_line(self, y: int) -> Strip:
        rows = self.screen_rows()
        width = self.text_width
        if y < len(rows):
            index, row = rows[y]
            style = HIGHLIGHTED if index == self.highlighted else HOVER if index == self._hover else NORMAL
            strip = self._rows(index, style)[row]
        else:
            strip = Strip.blank(width, self.get_visual_style(NORMAL).rich_style)
        if not self.overflows:
            return strip
        return Strip.join([strip, Strip([self._scrollbar_cell(y)])])

    def _scrollbar_cell(self, y: int) -> Segment:
        height, count = self.size.height, len(self.documents)
        shown = len({index for index, _ in self.screen_rows()})
        first = int(self.top / count * height)
        last = max(first, min(height - 1, int((self.top + shown) / count * height + 0.5) - 1))
        if first <= y <= last:
            return Segment("┃", self.get_component_rich_style("document-list--thumb"))
        return Segment("│", self.get_component_rich_style("document-list--scrollbar"))
