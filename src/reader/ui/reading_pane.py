"""The reading pane: a document soft-wrapped to the pane, drawn a line at a
time (Textual's Line API), so only what is on screen is ever rendered.

The position is the offset of the top row's first character in the reading
text, not a row number: rows below the screen are never counted, which is
what lets a 100 MB document open, and `G` reach its end, at once. The last
column is a scroll bar whose thumb shows that position as a fraction of the
text. The text is a column of at most `measure` cells (wrapped there, hard
lines too), centred in the pane.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ..core.config import DEFAULT_WIDTH
from ..core.text.reading import Link, Markup
from ..core.text.reflow import Reflow
from ..core.text.spans import Spans
from ..core.text.wrap import Wrapper, column_offset, row_text
from .safe import shown, when_through

WHEEL_ROWS = 3
# The actions that stay in the pane (the cursor, the view, counts, marks):
# they run in their key's turn, taking the count typed before it.
IN_THE_PANE = (
    "cursor_",
    "motion",
    "row_edge",
    "select",
    "page",
    "half_page",
    "scroll_lines",
    "await_letter",
    "screen.percent",
    "screen.top",
    "screen.bottom",
)
MOST_REPEATS = 10_000  # a count before a word or sentence motion: `999999w` is not a minute's work
NOTE_MARK = "✎"  # just after the text column, on the row where a noted highlight ends
UNDERLINE = Style(underline=True)  # where highlights overlap


class Highlight(NamedTuple):  # a tuple, not a frozen dataclass: a book's 10,000 are made at each draw
    """An annotation as the pane draws it."""

    id: str
    style: Style
    noted: bool


class ReadingPane(Widget, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor_rows(1)", "Down", show=False, id="reading.down"),
        Binding("k,up", "cursor_rows(-1)", "Up", show=False, id="reading.up"),
        Binding("h,left", "cursor_chars(-1)", "Left", show=False, id="reading.left"),
        Binding("l,right", "cursor_chars(1)", "Right", show=False, id="reading.right"),
        Binding("v", "select", "Select", id="reading.select"),
        Binding("w", "motion('word_next')", "Next word's start", show=False, id="reading.word"),
        Binding("b", "motion('word_back')", "Word back", show=False, id="reading.word_back"),
        Binding("e", "motion('word_end')", "Word's end", show=False, id="reading.word_end"),
        Binding("right_parenthesis", "motion('sentence_end')", "Sentence", show=False, id="reading.sentence"),
        Binding(
            "left_parenthesis", "motion('sentence_start')", "Sentence back", show=False, id="reading.sentence_back"
        ),
        Binding("right_curly_bracket", "motion('paragraph_end')", "Paragraph", show=False, id="reading.paragraph"),
        Binding(
            "left_curly_bracket", "motion('paragraph_start')", "Paragraph back", show=False, id="reading.paragraph_back"
        ),
        Binding("dollar_sign", "row_edge(1)", "End of line", show=False, id="reading.line_end"),
        Binding("0", "row_edge(-1)", "Start of line", show=False, id="reading.line_start"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="reading.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="reading.page_up"),
        Binding("ctrl+d", "half_page(1)", "Half a page down", show=False, id="reading.half_down"),
        Binding("ctrl+u", "half_page(-1)", "Half a page up", show=False, id="reading.half_up"),
        Binding("ctrl+e", "scroll_lines(1)", "Scroll a line (the cursor stays)", show=False, id="reading.scroll_down"),
        Binding("ctrl+y", "scroll_lines(-1)", "Scroll back a line", show=False, id="reading.scroll_up"),
        # g and G are the app's too (from the sidebar); here, in the pane's turn, G takes its count.
        Binding("home,g", "screen.top", "Top", show=False, id="reading.top"),
        Binding("end,G", "screen.bottom", "Bottom (NG: line N)", show=False, id="reading.bottom"),
        Binding("percent_sign,p", "screen.percent", "N% or Np: that far through", show=False, id="reading.percent"),
        Binding("m", "await_letter('mark')", "Mark: m and a letter", show=False, id="reading.mark"),
        Binding(
            "apostrophe,grave_accent",
            "await_letter('go_to_mark')",
            "Go to a mark: ' and its letter ('' before the last jump)",
            show=False,
            id="reading.go_to_mark",
        ),
        Binding("slash", "screen.find", "Find", id="reading.find"),
        Binding("n", "screen.find_step(1)", "Next match", show=False, id="reading.next_match"),
        Binding("N", "screen.find_step(-1)", "Previous match", show=False, id="reading.previous_match"),
        Binding("enter", "screen.find_step_open(1)", "Next match (find open)", show=False, id="reading.enter_next"),
        Binding("escape", "escape", "Cancel selection, close find", show=False, id="reading.escape"),
        *(
            Binding(
                str(n),
                f"screen.highlight({n})",
                f"Highlight the selection: kind {n}",
                show=False,
                id=f"reading.highlight_{n}",
            )
            for n in range(1, 10)
        ),
        Binding("a", "screen.annotate", "Highlight and note", id="reading.annotate"),
        Binding("c", "screen.edit", "Change the note", show=False, id="reading.edit"),
        Binding("x", "screen.delete", "Delete highlight", show=False, id="reading.delete"),
        Binding(
            "right_square_bracket",
            "screen.jump_annotation(1)",
            "Next highlight",
            show=False,
            id="reading.next_highlight",
        ),
        Binding(
            "left_square_bracket",
            "screen.jump_annotation(-1)",
            "Previous highlight",
            show=False,
            id="reading.previous_highlight",
        ),
    ]
    # space, ctrl+f, ctrl+b, g, G, ctrl+o and ctrl+n act on the reading pane
    # from anywhere: they are the app's (ReaderApp.BINDINGS).

    MARKUP_STYLES = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "strike", "code", "link", "wikilink", "marker")
    COMPONENT_CLASSES = {
        "reading-pane--scrollbar",
        "reading-pane--thumb",
        "reading-pane--message",
        "reading-pane--match",
        "reading-pane--current-match",
        "reading-pane--selection",
        "reading-pane--cursor",
        *(f"reading-pane--md-{name}" for name in MARKUP_STYLES),
    }

    DEFAULT_CSS = """
    ReadingPane { padding: 0 1; }
    ReadingPane > .reading-pane--match { background: $warning 35%; }
    ReadingPane > .reading-pane--current-match { background: $warning; color: $background; text-style: bold; }
    ReadingPane > .reading-pane--selection { background: $accent 45%; }
    ReadingPane > .reading-pane--cursor { text-style: reverse; }
    ReadingPane > .reading-pane--scrollbar { color: $panel; }
    ReadingPane > .reading-pane--thumb { color: $accent; }
    ReadingPane > .reading-pane--message { color: $text-muted; text-style: italic; }
    ReadingPane > .reading-pane--md-h1 { color: $text-accent; text-style: bold underline; }
    ReadingPane > .reading-pane--md-h2 { color: $text-accent; text-style: bold; }
    ReadingPane > .reading-pane--md-h3 { color: $text-primary; text-style: bold; }
    ReadingPane > .reading-pane--md-h4, ReadingPane > .reading-pane--md-h5,
    ReadingPane > .reading-pane--md-h6, ReadingPane > .reading-pane--md-strong { text-style: bold; }
    ReadingPane > .reading-pane--md-em { text-style: italic; }
    ReadingPane > .reading-pane--md-strike { text-style: strike; }
    ReadingPane > .reading-pane--md-code { color: $text-success; }
    ReadingPane > .reading-pane--md-link { color: $text-primary; text-style: underline; }
    ReadingPane > .reading-pane--md-wikilink { color: $text-secondary; }
    ReadingPane > .reading-pane--md-marker { color: $text-muted; }
    """

    class Moved(Message):
        """The reader's position changed (scroll, resize or a new document)."""

        def __init__(self, pane: ReadingPane) -> None:
            super().__init__()
            self.pane = pane

    class LinkClicked(Message):
        def __init__(self, link: Link) -> None:
            super().__init__()
            self.link = link

    class Escaped(Message):
        """Escape with no selection to cancel: for the pane's owner (it closes the find bar)."""

    class Counting(Message):
        """The count being typed before a key changed (shown as vim shows it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.message = ""  # shown instead of text: why a document cannot be read
        self.measure = DEFAULT_WIDTH  # the text column's width at most, in cells
        self.top = 0
        # The character the reader is at: set by moving, kept across resizes,
        # so that wrapping to another width and back returns to the same row.
        self.anchor_offset = 0
        self.partial = False
        self._bottom_pending = False
        self._wrapper: Wrapper | None = None
        self.cursor = 0  # the offset of the character under the reading cursor
        self.selecting_from: int | None = None  # where `v` (or a drag) started a selection
        self.highlights: Spans[Highlight] = Spans()
        self.markup: Markup | None = None  # a rendered Markdown document's styles and links
        self._markup_spans: Spans[str] = Spans()
        self._links: Spans[Link] = Spans()
        self.reflow: Reflow | None = None
        self.reflowable = False  # the text is hard-wrapped: `r` reflows it
        # Found passages; those of the current match apart.
        self._marks: Spans[None] = Spans()
        self._current_marks: frozenset[tuple[int, int]] = frozenset()
        self._screen: list[tuple[int, int]] | None = None
        self._base_style: Style | None = None
        self._last_top: int | None = None
        self.typed_count = ""  # digits typed before a key: `50%`, `120G`, `5j`
        self._count = ""  # ... for the key being handled now: take_count() takes it
        self._awaiting: str | None = None  # after `m` or `'`: what the next letter is for
        self._on_their_way = 0  # keys this pane let go up to the app, not yet through
        self.touched = 0  # keys and mouse presses the reader sent here: a late find result yields to them

    # -- content -------------------------------------------------------------

    def show_text(
        self,
        text: str,
        top: int = 0,
        partial: bool = False,
        markup: Markup | None = None,
        reflow: Reflow | None = None,
        cursor: int | None = None,
    ) -> None:
        """Show `text` from the row holding offset `top`. `partial`: only the
        start of the document, the rest is on its way; `G` waits for it.
        `markup`: its styles and links; `reflow`: its hard-wrapped paragraphs
        drawn reflowed."""
        if not text.startswith(self.text) or not self.text:  # not the whole of a document whose start was shown
            self.cursor, self.selecting_from = top, None
        if cursor is not None:
            self.cursor = cursor
        self.text = text
        self.markup = markup
        self._markup_spans = Spans(markup.styles if markup else [])
        self._links = Spans([(link.start, link.end, link) for link in markup.links] if markup else [])
        self.reflow = reflow
        self.reflowable = reflow is not None
        self.message = ""
        self.partial = partial
        self._wrapper = None
        self._invalidate()
        self.top = self.anchor_offset = self._row_start(top)
        if self._bottom_pending and not partial:
            self._bottom_pending = False
            self.top = self.anchor_offset = self.last_top
        self._moved()

    def show_message(self, message: str) -> None:
        self.set_marks([])
        self.set_highlights([])
        self.markup, self._markup_spans, self._links = None, Spans(), Spans()
        self.reflow, self.reflowable = None, False
        self.cursor, self.selecting_from = 0, None
        self.text = ""
        self.message = message
        self.partial = self._bottom_pending = False
        self._wrapper = None
        self.top = self.anchor_offset = 0
        self._invalidate()
        self._moved()

    def set_marks(self, spans: list[tuple[int, int]], current: tuple[tuple[int, int], ...] = ()) -> None:
        """Mark `spans` of the text (found passages), and the spans in `current` more."""
        self._marks = Spans([(start, end, None) for start, end in spans])
        self._current_marks = frozenset(current)
        self.refresh()

    def set_highlights(self, highlights: list[tuple[int, int, Highlight]]) -> None:
        self.highlights = Spans(highlights)
        self.refresh()

    def highlights_at(self, offset: int) -> list[tuple[int, int, Highlight]]:
        """The highlights that hold the character at `offset`."""
        return self.highlights.overlapping(offset, offset + 1)

    def link_at(self, offset: int) -> Link | None:
        found = self._links.overlapping(offset, offset + 1)
        return found[0][2] if found else None

    def links_on_screen(self) -> list[Link]:
        return [link for _, _, link in self._links.overlapping(self.top, self.bottom)]

    def set_reflow(self, reflow: Reflow | None) -> None:
        """Reflow the hard-wrapped paragraphs (or show the original lines),
        staying at the same passage."""
        self.reflow = reflow
        self._wrapper = None
        self._invalidate()
        if self.text:
            self.top = min(self._row_start(self.anchor_offset), self.last_top)
        self._moved()

    # -- cursor and selection --------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """[start, end) of the selection, cursor included; None when not selecting."""
        if self.selecting_from is None:
            return None
        start, end = sorted((self.selecting_from, self.cursor))
        return start, min(len(self.text), end + 1)

    def move_cursor(self, offset: int, select: bool | None = None) -> None:
        """Put the cursor at `offset` and bring it on screen; `select`: start
        (True) or end (False) a selection there."""
        if not self.text:
            return
        self.cursor = max(0, min(offset, len(self.text) - 1))
        if select is True:
            self.selecting_from = self.cursor
        elif select is False:
            self.selecting_from = None
        if not self.top <= self.cursor < max(self.bottom, self.top + 1):
            rows = self.screen_rows()
            if rows and self.cursor >= self.bottom and self._walk(rows[-1][0], 1) == self._row_start(self.cursor):
                self.scroll_to_offset(self._walk(self.top, 1))  # one row on, as when reading down
            elif rows and self.cursor < self.top and self._walk(self.top, -1) == self._row_start(self.cursor):
                self.scroll_to_offset(self._walk(self.top, -1))
            else:
                self.reveal(self.cursor)
        self.refresh()
        self.post_message(self.Moved(self))

    def clear_selection(self) -> None:
        if self.selecting_from is not None:
            self.selecting_from = None
            self.refresh()

    def _keep_cursor_on_screen(self) -> None:
        # When the view moves (paging, the wheel), the cursor comes along.
        if not self.text or self.top <= self.cursor < self.bottom:
            return
        rows = self.screen_rows()
        if rows:
            self.cursor = rows[0][0] if self.cursor < self.top else rows[-1][0]

    # -- counts and letters typed before and after a key ---------------------------

    async def on_key(self, event: events.Key) -> None:
        """Digits before a key are its count, not the highlight keys (those
        are for a selection), nor `0` (start of the line) once one is begun;
        a letter after `m` or `'` names a mark.

        The pane's own bindings run here, in the key's turn: Textual would
        run them once the key has gone up to the app, after the keys typed
        after it have reached the pane (`m a` would be `m`, then `a`: a note;
        `50%j` would give `%` no count)."""
        self.touched += 1
        if self.app.focused is not self or self._on_their_way:
            # Typed after a key that may move the focus on (`/`, `s`) and is
            # still on its way up: the app takes this one in its turn too,
            # typing it into an input that now has the focus.
            self._send_up()
            return
        if self._awaiting is not None:
            purpose, self._awaiting = self._awaiting, None
            self._stop(event)
            if event.is_printable and event.character and (event.character.isalpha() or event.character == "'"):
                # In this key's turn, as the pane's bindings: `ma` then `g` marks here, not the top.
                await self.app.run_action(f"screen.letter({purpose!r}, {event.character!r})", self)
            return
        if event.key.isdigit() and len(event.key) == 1 and self.selecting_from is None:
            if event.key != "0" or self.typed_count:
                self.typed_count = (self.typed_count + event.key)[-9:]
                self.post_message(self.Counting())
                self._stop(event)
                return
        count, self.typed_count = self.typed_count, ""
        if count:
            self.post_message(self.Counting())
        binding = self._own_binding(event.key)
        if binding is None or not binding.action.startswith(IN_THE_PANE):
            # The app's (space, s, q...), or one that opens a screen or an
            # input (`a`, `/`): up to the app, as Textual sends a key, so
            # that the keys after it reach what it opens. No count.
            self._send_up()
            return
        self._count = count
        try:
            if await self.app.run_action(binding.action, self):
                self._stop(event)
            else:
                self._send_up()
        finally:
            self._count = ""  # not taken: forgotten

    def _send_up(self) -> None:
        """The key being handled goes up to the app: until it is through,
        the keys after it go the same way."""
        self._on_their_way += 1
        when_through(self, self._through)

    def _through(self) -> None:
        self._on_their_way -= 1

    def _own_binding(self, key: str) -> Binding | None:
        """The pane's binding of `key`, the user's keymap applied."""
        bindings = self._bindings.copy()
        if self.app._keymap:  # as Screen._binding_chain applies it
            bindings.apply_keymap(self.app._keymap)
        return next((b for b in bindings.key_to_bindings.get(key, ()) if not b.priority), None)

    @staticmethod
    def _stop(event: events.Key) -> None:
        event.stop()
        event.prevent_default()  # not also a binding: `5` is no highlight here

    def take_count(self) -> int | None:
        """The count typed before the key being handled (None: none)."""
        count, self._count = self._count, ""
        return int(count) if count else None

    def on_blur(self) -> None:
        # A count, or `m`, left for a key typed elsewhere is forgotten.
        self.typed_count = ""
        self._awaiting = None

    def action_await_letter(self, purpose: str) -> None:
        self._awaiting = purpose

    def action_cursor_rows(self, count: int) -> None:
        if not self.text:
            return
        count *= self.take_count() or 1
        row = self._row_start(self.cursor)
        target = self._walk(row, count)
        if target == row:
            return
        column = self.cursor - row
        self.move_cursor(min(target + column, self._row_end(target) - 1 if self._row_end(target) > target else target))

    def action_cursor_chars(self, count: int) -> None:
        if self.text:
            self.move_cursor(self.cursor + count * (self.take_count() or 1))

    def action_select(self) -> None:
        if self.text:
            self.move_cursor(self.cursor, select=self.selecting_from is None)

    def action_motion(self, name: str) -> None:
        if self.text:
            from ..core.text import motions  # on the first motion key, not at start

            motion, offset = getattr(motions, name), self.cursor
            for _ in range(min(self.take_count() or 1, MOST_REPEATS)):
                offset = motion(self.text, offset)
            self.move_cursor(offset)

    def action_row_edge(self, direction: int) -> None:
        if self.text:
            row = self._row_start(self.cursor)
            self.move_cursor(row if direction < 0 else max(row, self._row_end(row) - 1))

    def action_escape(self) -> None:
        if self.selecting_from is not None:
            self.clear_selection()
        else:
            self.post_message(self.Escaped())

    def reveal(self, offset: int) -> None:
        """Bring `offset` on screen, a third of the way down, unless it is on screen already."""
        if not self.text or self.top <= offset < self.bottom:
            return
        self.scroll_to_offset(self._walk(self._row_start(offset), -(self.content_size.height // 3)))

    @property
    def text_width(self) -> int:
        """The text column's width: the measure, or all there is (less a gap and the scroll bar)."""
        return max(1, min(self.measure, self.content_size.width - 2))

    @property
    def text_left(self) -> int:
        """The margin left of the text column: it is centred in the pane,
        the gap and the scroll bar inside the right margin."""
        width = self.content_size.width
        return max(0, min((width - self.text_width) // 2, width - 2 - self.text_width))

    def set_measure(self, measure: int) -> None:
        """Wrap to a column of at most `measure` cells, staying at the same passage."""
        if measure != self.measure:
            self.measure = measure
            self._rewrapped()

    @property
    def wrapper(self) -> Wrapper:
        if self._wrapper is None or self._wrapper.width != self.text_width:
            self._wrapper = Wrapper(self.text, self.text_width, reflow=self.reflow)
        return self._wrapper

    def _invalidate(self) -> None:
        self._screen = None
        self._last_top = None
        self.refresh()

    def _moved(self) -> None:
        self._screen = None
        self._keep_cursor_on_screen()
        self.refresh()
        self.post_message(self.Moved(self))

    # -- geometry ------------------------------------------------------------

    def _row_start(self, offset: int) -> int:
        """The start of the row that holds `offset`."""
        wrapper = self.wrapper
        block = wrapper.block_at(offset)
        rows = wrapper.rows(block)
        return rows[bisect_right(rows, offset) - 1]

    def _row_end(self, row_start: int) -> int:
        """The end of the row starting at `row_start`."""
        wrapper = self.wrapper
        block = wrapper.block_at(row_start)
        rows = wrapper.rows(block)
        return wrapper.row_end(block, rows, bisect_right(rows, row_start) - 1)

    def offset_at(self, x: int, y: int) -> int | None:
        """The offset of the character drawn at (x, y) of the content region
        (the row's start for a point in the left margin, its end for one
        past it); None off the text."""
        rows = self.screen_rows()
        if not self.text or not rows:
            return None
        start, end = rows[max(0, min(y, len(rows) - 1))]
        return column_offset(self.text, start, end, x - self.text_left)

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
            if not self.content_size.height:  # not laid out yet: the rows come with its size
                return rows_on_screen
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
            self.top = self.anchor_offset = top
            self._moved()

    def action_scroll_rows(self, count: int) -> None:
        if self.text:
            self.scroll_to_offset(self._walk(self.top, count))

    def action_scroll_lines(self, direction: int) -> None:
        """ctrl+e, ctrl+y: the text moves a row (or a count of them) under a
        cursor that stays where it is while it is on screen."""
        self.action_scroll_rows(direction * (self.take_count() or 1))

    def action_page(self, direction: int) -> None:
        self.action_scroll_rows(direction * max(1, self.content_size.height))

    def action_half_page(self, direction: int) -> None:
        """Half a screen, the cursor moving with the text as in vim."""
        if not self.text:
            return
        rows = direction * max(1, self.content_size.height // 2)
        target = self._walk(self._row_start(self.cursor), rows)
        self.scroll_to_offset(self._walk(self.top, rows))
        self.move_cursor(target)

    def action_top(self) -> None:
        self.scroll_to_offset(0)
        self.move_cursor(0)

    def action_bottom(self) -> None:
        if self.partial:
            self._bottom_pending = True
        elif self.text:
            self.scroll_to_offset(self.last_top)
            self.move_cursor(self.screen_rows()[-1][0])

    def on_resize(self, event: events.Resize) -> None:
        self._rewrapped()

    def _rewrapped(self) -> None:
        # Keep the reader at the same passage: the new top row is the one
        # that holds the anchor character.
        self._invalidate()
        if self.text:
            self.top = min(self._row_start(self.anchor_offset), self.last_top)
        self._moved()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.touched += 1
        self.action_scroll_rows(WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.touched += 1
        self.action_scroll_rows(-WHEEL_ROWS)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.touched += 1
        if event.button != 1 or not self.text:
            return
        if event.x >= self.content_region.right - self.region.x - 1:
            # The scroll bar: jump to that fraction of the document.
            fraction = event.y / max(1, self.content_size.height - 1)
            self.scroll_to_offset(int(fraction * len(self.text)))
            return
        offset = self.offset_at(event.x - self.gutter.left, event.y - self.gutter.top)
        if offset is not None:
            self.focus()
            self.move_cursor(offset, select=True)  # a drag selects; a click only moves the cursor
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.app.mouse_captured is self and self.selecting_from is not None:
            y = event.y - self.gutter.top
            if y < 0:
                self.action_scroll_rows(-1)
            elif y >= self.content_size.height:
                self.action_scroll_rows(1)
            offset = self.offset_at(event.x - self.gutter.left, y)
            if offset is not None:
                self.move_cursor(offset)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.app.mouse_captured is self:
            self.release_mouse()
            if self.selecting_from == self.cursor:  # a click, not a drag
                self.clear_selection()
                link = self.link_at(self.cursor)
                if link is not None:
                    self.post_message(self.LinkClicked(link))

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
        self._markup_styles = None
        super().notify_style_update()

    _markup_styles: dict[str, Style] | None = None

    def markup_style(self, name: str) -> Style:
        if self._markup_styles is None:
            self._markup_styles = {
                n: self.get_component_rich_style(f"reading-pane--md-{n}", partial=True) for n in self.MARKUP_STYLES
            }
        return self._markup_styles.get(name, Style())

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.base_style
        if self.message:
            return self._message_line(y, width)
        rows = self.screen_rows()
        left = self.text_left
        gap = Segment(" " * (width - 1 - left - self.text_width), base)
        if y < len(rows):
            start, end = rows[y]
            highlights = self.highlights.overlapping(start, end)
            strip = Strip(self._row_segments(start, end, base, highlights)).crop_extend(0, self.text_width, base)
            noted = [h for s, e, h in highlights if h.noted and start <= e - 1 < end]
            if noted and gap.text:
                gap = Segment(NOTE_MARK + gap.text[1:], base + Style(color=noted[-1].style.bgcolor))
        else:
            strip = Strip.blank(self.text_width, base)
        return Strip.join([Strip.blank(left, base), strip, Strip([gap, self._scrollbar_cell(y)])])

    def _row_segments(
        self, start: int, end: int, base: Style, highlights: list[tuple[int, int, Highlight]]
    ) -> list[Segment]:
        """The row [start, end) as segments: highlights, found passages, the
        selection and the cursor drawn over the text, in that order."""
        cursor_here = self.has_focus and start <= self.cursor < max(end, start + 1)
        layers: list[tuple[int, int, Style]] = [
            (s, e, self.markup_style(name)) for s, e, name in self._markup_spans.overlapping(start, end)
        ]
        layers += [(s, e, h.style) for s, e, h in highlights]
        if self._marks:
            match = self.get_component_rich_style("reading-pane--match")
            current = self.get_component_rich_style("reading-pane--current-match")
            layers += [
                (s, e, current if (s, e) in self._current_marks else match)
                for s, e, _ in self._marks.overlapping(start, end)
            ]
        selection = self.selection
        if selection and selection[0] < end and selection[1] > start:
            layers.append((*selection, self.get_component_rich_style("reading-pane--selection")))
        if cursor_here:
            layers.append((self.cursor, self.cursor + 1, self.get_component_rich_style("reading-pane--cursor")))
        if not layers:
            return [Segment(row_text(self.text[start:end]), base)]
        cuts = sorted({start, end, *(max(start, min(end, edge)) for s, e, _ in layers for edge in (s, e))})
        segments, column = [], 0
        for lo, hi in zip(cuts, cuts[1:]):
            style = base
            for s, e, layer in layers:
                if s <= lo and hi <= e:
                    style += layer
            if sum(1 for s, e, _ in highlights if s <= lo and hi <= e) > 1:
                style += UNDERLINE  # both highlights stay visible: one colour, underlined
            piece = row_text(self.text[lo:hi], column)
            column += cell_len(piece)
            segments.append(Segment(piece, style))
        if cursor_here and self.cursor >= end:  # at the end of the row: a cell after it
            segments.append(Segment(" ", base + self.get_component_rich_style("reading-pane--cursor")))
        return segments

    def _message_line(self, y: int, width: int) -> Strip:
        lines = self.message.split("\n")
        top = max(0, (self.content_size.height - len(lines)) // 2)
        style = self.get_component_rich_style("reading-pane--message")
        if top <= y < top + len(lines):
            text = shown(lines[y - top]).plain  # it may name a file or folder
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
