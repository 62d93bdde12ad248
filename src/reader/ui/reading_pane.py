"""The reading pane: a document soft-wrapped to the pane, drawn a line at a
time (Textual's Line API), so only what is on screen is ever rendered.

The position is the offset of the top row's first character in the reading
text, not a row number: rows below the screen are never counted, which is
what lets a 100 MB document open, and `G` reach its end, at once. The last
column is a scroll bar whose thumb shows that position as a fraction of the
text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from rich.cells import cell_len

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ..core.wrap import Wrapper, expand_row

WHEEL_ROWS = 3


class ReadingPane(Widget, can_focus=True):
    BINDINGS = [
        Binding("j,down", "scroll_rows(1)", "Down", show=False, id="reading.down"),
        Binding("k,up", "scroll_rows(-1)", "Up", show=False, id="reading.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="reading.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="reading.page_up"),
        Binding("home", "top", "Top", show=False, id="reading.top"),
        Binding("end", "bottom", "Bottom", show=False, id="reading.bottom"),
        Binding("slash", "app.find", "Find", id="reading.find"),
        Binding("n,enter", "app.find_step(1)", "Next match", show=False, id="reading.next_match"),
        Binding("N", "app.find_step(-1)", "Previous match", show=False, id="reading.previous_match"),
        Binding("escape", "app.close_find", "Close find", show=False, id="reading.close_find"),
    ]
    # space, b, g and G page the reading pane from anywhere: see ReaderApp.

    COMPONENT_CLASSES = {"reading-pane--scrollbar", "reading-pane--thumb", "reading-pane--message",
                         "reading-pane--match", "reading-pane--current-match"}

    DEFAULT_CSS = """
    ReadingPane { padding: 0 1; }
    ReadingPane > .reading-pane--match { background: $warning 35%; }
    ReadingPane > .reading-pane--current-match { background: $warning; color: $background; text-style: bold; }
    ReadingPane > .reading-pane--scrollbar { color: $panel; }
    ReadingPane > .reading-pane--thumb { color: $accent; }
    ReadingPane > .reading-pane--message { color: $text-muted; text-style: italic; }
    """

    class Moved(Message):
        """The reader's position changed (scroll, resize or a new document)."""

        def __init__(self, pane: ReadingPane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.message = ""  # shown instead of text: why a document cannot be read
        self.top = 0
        # The character the reader is at: set by moving, kept across resizes,
        # so that wrapping to another width and back returns to the same row.
        self.anchor = 0
        self.partial = False
        self._bottom_pending = False
        self._wrapper: Wrapper | None = None
        # Highlighted spans (found passages), sorted; those of the current match apart.
        self._marks: list[tuple[int, int]] = []
        self._mark_starts: list[int] = []
        self._longest_mark = 0
        self._current_marks: frozenset[tuple[int, int]] = frozenset()
        self._screen: list[tuple[int, int]] | None = None
        self._base_style: Style | None = None
        self._last_top: int | None = None

    # -- content -------------------------------------------------------------

    def show_text(self, text: str, top: int = 0, partial: bool = False) -> None:
        """Show `text` from the row holding offset `top`. `partial`: only the
        start of the document, the rest is on its way; `G` waits for it."""
        self.text = text
        self.message = ""
        self.partial = partial
        self._wrapper = None
        self._invalidate()
        self.top = self.anchor = self._row_start(top)
        if self._bottom_pending and not partial:
            self._bottom_pending = False
            self.top = self.anchor = self.last_top
        self._moved()

    def show_message(self, message: str) -> None:
        self.set_marks([])
        self.text = ""
        self.message = message
        self.partial = self._bottom_pending = False
        self._wrapper = None
        self.top = self.anchor = 0
        self._invalidate()
        self._moved()

    def set_marks(self, spans: list[tuple[int, int]], current: tuple[tuple[int, int], ...] = ()) -> None:
        """Highlight `spans` of the text, and the spans in `current` more."""
        self._marks = sorted(spans)
        self._mark_starts = [start for start, _ in self._marks]
        self._longest_mark = max((end - start for start, end in self._marks), default=0)
        self._current_marks = frozenset(current)
        self.refresh()

    def reveal(self, offset: int) -> None:
        """Bring `offset` on screen, a third of the way down, unless it is on screen already."""
        if not self.text or self.top <= offset < self.bottom:
            return
        self.scroll_to_offset(self._walk(self._row_start(offset), -(self.content_size.height // 3)))

    @property
    def text_width(self) -> int:
        return max(1, self.content_size.width - 2)  # a gap, then the scroll bar

    @property
    def wrapper(self) -> Wrapper:
        if self._wrapper is None or self._wrapper.width != self.text_width:
            self._wrapper = Wrapper(self.text, self.text_width)
        return self._wrapper

    def _invalidate(self) -> None:
        self._screen = None
        self._last_top = None
        self.refresh()

    def _moved(self) -> None:
        self._screen = None
        self.refresh()
        self.post_message(self.Moved(self))

    # -- geometry ------------------------------------------------------------

    def _row_start(self, offset: int) -> int:
        """The start of the row that holds `offset`."""
        wrapper = self.wrapper
        block = wrapper.block_at(offset)
        rows = wrapper.rows(block)
        return rows[bisect_right(rows, offset) - 1]

    def _walk(self, offset: int, count: int) -> int:
        """The start of the row `count` rows below (above, if negative) the
        row starting at `offset`, stopping at the first or last row."""
        wrapper = self.wrapper
        block = wrapper.block_at(offset)
        rows = wrapper.rows(block)
        index = bisect_right(rows, offset) - 1 + count
        while index >= len(rows):
            following = wrapper.next_block(block)
            if following is None:
                return rows[-1]
            index -= len(rows)
            block, rows = following, wrapper.rows(following)
        while index < 0:
            previous = wrapper.prev_block(block)
            if previous is None:
                return rows[0]
            block, rows = previous, wrapper.rows(previous)
            index += len(rows)
        return rows[index]

    @property
    def last_top(self) -> int:
        """The top of the last screenful: the furthest the view scrolls."""
        if self._last_top is None:
            wrapper = self.wrapper
            last_row = wrapper.rows(wrapper.last_block())[-1]
            self._last_top = self._walk(last_row, -(self.content_size.height - 1))
        return self._last_top

    def screen_rows(self) -> list[tuple[int, int]]:
        """(start, end) of each row on screen, top to bottom."""
        if self._screen is None:
            wrapper = self.wrapper
            rows_on_screen: list[tuple[int, int]] = []
            block = wrapper.block_at(self.top)
            rows = wrapper.rows(block)
            index = bisect_right(rows, self.top) - 1
            while len(rows_on_screen) < self.content_size.height:
                rows_on_screen.append((rows[index], wrapper.row_end(block, rows, index)))
                index += 1
                if index == len(rows):
                    following = wrapper.next_block(block)
                    if following is None:
                        break
                    block, rows, index = following, wrapper.rows(following), 0
            self._screen = rows_on_screen
        return self._screen

    @property
    def bottom(self) -> int:
        """Offset just past the last character on screen."""
        rows = self.screen_rows()
        return rows[-1][1] if rows else 0

    @property
    def fraction(self) -> float:
        """How far through the document the bottom of the screen is, 0 to 1."""
        end = self.wrapper.end
        return min(1.0, self.bottom / end) if end else 1.0

    # -- moving --------------------------------------------------------------

    def scroll_to_offset(self, offset: int) -> None:
        top = min(self._row_start(offset), self.last_top)
        if top != self.top:
            self.top = self.anchor = top
            self._moved()

    def action_scroll_rows(self, count: int) -> None:
        if self.text:
            self.scroll_to_offset(self._walk(self.top, count))

    def action_page(self, direction: int) -> None:
        self.action_scroll_rows(direction * max(1, self.content_size.height))

    def action_top(self) -> None:
        self.scroll_to_offset(0)

    def action_bottom(self) -> None:
        if self.partial:
            self._bottom_pending = True
        elif self.text:
            self.scroll_to_offset(self.last_top)

    def on_resize(self, event: events.Resize) -> None:
        # Keep the reader at the same passage: the new top row is the one
        # that holds the anchor character.
        self._invalidate()
        if self.text:
            self.top = min(self._row_start(self.anchor), self.last_top)
        self._moved()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.action_scroll_rows(WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.action_scroll_rows(-WHEEL_ROWS)

    def on_click(self, event: events.Click) -> None:
        # A click on the scroll bar jumps to that fraction of the document.
        if self.text and event.x >= self.content_region.right - self.region.x - 1:
            fraction = event.y / max(1, self.content_size.height - 1)
            self.scroll_to_offset(int(fraction * len(self.text)))

    # -- drawing -------------------------------------------------------------

    @property
    def base_style(self) -> Style:
        # Widget.rich_style walks every ancestor's styles on each call; a
        # line is drawn with it a few times.
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        self._base_style = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.base_style
        if self.message:
            return self._message_line(y, width)
        rows = self.screen_rows()
        if y < len(rows):
            strip = Strip(self._row_segments(*rows[y], base)).crop_extend(0, self.text_width, base)
        else:
            strip = Strip.blank(self.text_width, base)
        gap = Strip.blank(width - 1 - self.text_width, base)
        return Strip.join([strip, gap, Strip([self._scrollbar_cell(y)])])

    def _row_segments(self, start: int, end: int, base) -> list[Segment]:
        """The row [start, end) as segments, marked spans in their styles."""
        if not self._marks:
            return [Segment(expand_row(self.text[start:end]), base)]
        match = self.get_component_rich_style("reading-pane--match")
        current = self.get_component_rich_style("reading-pane--current-match")
        pieces: list[tuple[int, int, object]] = []
        pos = start
        first = bisect_left(self._mark_starts, start - self._longest_mark)
        for span in self._marks[first:]:
            mark_start, mark_end = span
            if mark_start >= end:
                break
            if mark_end <= pos:
                continue
            mark_start, mark_end = max(mark_start, pos), min(mark_end, end)
            if mark_start > pos:
                pieces.append((pos, mark_start, base))
            style = base + (current if span in self._current_marks else match)
            pieces.append((mark_start, mark_end, style))
            pos = mark_end
        if pos < end:
            pieces.append((pos, end, base))
        segments, column = [], 0
        for piece_start, piece_end, style in pieces:
            piece = expand_row(self.text[piece_start:piece_end], column)
            column += cell_len(piece)
            segments.append(Segment(piece, style))
        return segments

    def _message_line(self, y: int, width: int) -> Strip:
        lines = self.message.split("\n")
        top = max(0, (self.content_size.height - len(lines)) // 2)
        style = self.get_component_rich_style("reading-pane--message")
        if top <= y < top + len(lines):
            text = lines[y - top]
            return Strip([Segment(text, style)]).crop_extend(0, width, self.base_style)
        return Strip.blank(width, self.base_style)

    def _scrollbar_cell(self, y: int) -> Segment:
        height = self.content_size.height
        length = len(self.text)
        if not length or (self.top == 0 and self.bottom >= length):
            return Segment(" ", self.base_style)
        first = int(self.top / length * height)
        last = max(first, min(height - 1, int(self.bottom / length * height + 0.5) - 1))
        if first <= y <= last:
            return Segment("┃", self.get_component_rich_style("reading-pane--thumb"))
        return Segment("│", self.get_component_rich_style("reading-pane--scrollbar"))
