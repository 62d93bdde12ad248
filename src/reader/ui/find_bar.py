"""The find bar under the reading pane (`/`): a query, its mode, and where
the reader is among the matches."""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from functools import partial
from operator import attrgetter

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..core.history import History
from ..core.search.find import Match, Mode, SearchError, WordIndex, find
from .safe import SafeInput, shown, when_through

# Finding in a big text (find_stream, and the corpus search it shares code
# with) is imported on the first find: the first screen does not need it.

MODES = list(Mode)
LIMIT = 1000  # matches found at most; a query matching more is too vague to step through
BURST = 0.04  # seconds a big document's search waits before it starts: a key typed meanwhile replaces it
LOCATE_ALL = 16 << 20  # characters: in a smaller document, where every word is is found at once (8 bytes a word)


class FindInput(SafeInput):
    async def action_submit(self) -> None:
        # Enter chooses the match: the bar accepts now, not when Input's
        # Submitted comes round in this queue, behind the keys typed after
        # enter, which wait there for the focus to reach the text (hand_over).
        bar = self.parent
        assert isinstance(bar, FindBar)
        bar.action_accept()


class FindBar(Horizontal):
    BINDINGS = [
        Binding("enter,tab", "accept", "Go to the match (n, N step)", id="find.accept"),
        Binding("ctrl+t", "cycle_mode", "Mode: fuzzy, exact, regex", id="find.mode"),
        Binding("up", "recall(-1)", "Earlier query", show=False, id="find.older"),
        Binding("down", "recall(1)", "Later query", show=False, id="find.newer"),
        Binding("escape", "screen.close_find", "Back where find began", id="find.close"),
    ]

    DEFAULT_CSS = """
    FindBar { display: none; height: 1; background: $panel; }
    FindBar.-open { display: block; }
    FindBar > #find-prompt { width: 2; padding: 0 0 0 1; color: $accent; }
    FindBar > Input, FindBar > Input:focus { border: none; height: 1; width: 1fr; padding: 0; background: $panel; }
    FindBar > #find-mode { width: auto; padding: 0 1; color: $text-muted; }
    FindBar > #find-count { width: auto; min-width: 10; padding: 0 1; text-align: right; }
    FindBar > #find-count.-error { color: $text-error; }
    """

    class Show(Message):
        """Highlight `spans`, those of the current match (`current`) more,
        and bring `offset` into view (None: keep the view)."""

        def __init__(
            self, spans: list[tuple[int, int]], current: tuple[tuple[int, int], ...], offset: int | None
        ) -> None:
            super().__init__()
            self.spans = spans
            self.current = current
            self.offset = offset

    class Accepted(Message):
        """The reader chose the current match (enter, tab): esc no longer goes back."""

    class _Results(Message):
        def __init__(self, generation: int, matches: list[Match], error: str) -> None:
            super().__init__()
            self.generation = generation
            self.matches = matches
            self.error = error

    class _Batch(Message):
        """More matches of a big document's, in document order; `done`: the last."""

        def __init__(self, generation: int, matches: list[Match], done: bool) -> None:
            super().__init__()
            self.generation = generation
            self.matches = matches
            self.done = done

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = Mode.FUZZY
        self.text = ""  # what is searched: the reading text of the open document
        self.matches: list[Match] = []
        self.current = -1
        self._generation = 0  # of the newest search: older results are dropped
        self._shown = 0  # the generation whose results are shown
        self._index: tuple[str, WordIndex] | None = None
        self._index_lock = threading.Lock()
        self._goto: int | None = None
        self.origin = 0  # the reader's place when the bar opened: the current match is the first after it
        self.direction = 1  # ... or the last before it (N with the bar closed)
        self.history = History("find")
        self.last: tuple[str, Mode] | None = None  # the query and mode of the find closed last: n and N redo it
        self.done = True  # every match of the shown search is in (a big document's come in batches)
        self.error = ""  # why the shown search cannot run

    def compose(self) -> ComposeResult:
        yield Static("/", id="find-prompt")
        # Not select_on_focus: the focus event comes after keys typed right
        # after `/` are in (see ReaderApp.on_key), and the selection would let
        # the next key replace them.
        yield FindInput(placeholder="find in this document", id="find-input", select_on_focus=False)
        yield Static(id="find-mode")
        yield Static(id="find-count")

    def on_mount(self) -> None:
        self._show_mode()

    @property
    def input(self) -> SafeInput:
        return self.query_one(SafeInput)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def searching(self) -> bool:
        """Whether matches of the newest query are still to come: its search
        runs, or a big document's matches still come in batches."""
        return self._shown != self._generation or not self.done

    def open(
        self,
        query: str | None = None,
        mode: Mode | None = None,
        focus: bool = True,
        goto: int | None = None,
        origin: int = 0,
        direction: int = 1,
    ) -> None:
        """Open the bar (with this query and mode) and search; `goto`: make
        the match that starts there the current one (a corpus search hit);
        `origin`: the reader's place: the first match after it is the
        current one (`direction` -1: the last before it)."""
        self.add_class("-open")
        self._goto = goto
        self.origin = goto if goto is not None else origin
        self.direction = direction
        if mode is not None and mode is not self.mode:
            self.mode = mode
            self._show_mode()
        if query is not None and query != self.input.value:
            with self.prevent(Input.Changed):
                self.input.value = query
        if focus:
            # At once, not after the keys already queued (focus() waits its
            # turn): a query typed fast right after `/` goes into the bar,
            # in the order it was typed (see SafeInput.take_focus).
            self.input.take_focus()
        from ..core.search.find_stream import STREAM_FROM

        if self.mode is Mode.FUZZY and self.text and len(self.text) <= STREAM_FROM:
            self._prepare(self.text)  # while the query is typed
        self.search()

    def show_count(self, text: str, error: bool = False) -> None:
        count = self.query_one("#find-count", Static)
        count.update(shown(text))  # a regex's error quotes the pattern, which may be pasted
        count.set_class(error, "-error")

    def _show_mode(self) -> None:
        self.query_one("#find-mode", Static).update(Content.assemble(self.mode.value, (" ^t", "dim")))

    # -- searching ---------------------------------------------------------------

    def search_in(self, text: str) -> None:
        """Search `text` from now on (a new document, or the whole of one whose start was shown)."""
        if text is not self.text:
            self.text = text
            if self.is_open:
                self.search()

    def search(self) -> None:
        from ..core.search.find_stream import STREAM_FROM

        self._generation += 1
        query = self.input.value
        if not query.strip() or not self.text:
            self._found([], "")
        elif len(self.text) > STREAM_FROM:
            self._found([], "", done=False)  # the last query's matches are not this one's
            self._stream(self.text, query, self.mode, self.origin, self._generation)
        else:
            self._search(self.text, query, self.mode, self._generation)

    # A description: the default one holds repr() of the arguments, and
    # repr() of a whole document costs milliseconds a keystroke.
    @work(thread=True, exclusive=True, group="find-index", description="index the document")
    def _prepare(self, text: str) -> None:
        index = self._word_index(text)
        if len(text) <= LOCATE_ALL:
            index.locate_all()

    @work(thread=True, exclusive=True, group="find", description="find in the document")
    def _search(self, text: str, query: str, mode: Mode, generation: int) -> None:
        try:
            index = self._word_index(text) if mode is Mode.FUZZY else None
            if generation == self._generation:  # not overtaken while the index was built
                self.post_message(self._Results(generation, find(text, query, mode, index, LIMIT), ""))
        except SearchError as err:
            self.post_message(self._Results(generation, [], str(err)))

    @work(thread=True, exclusive=True, group="find", description="find in the big document")
    def _stream(self, text: str, query: str, mode: Mode, origin: int, generation: int) -> None:
        from ..core.search.find_stream import find_from

        stale = lambda: generation != self._generation  # noqa: E731  (a newer query, or the bar closed)
        # Keys typed fast or pasted start one search, not one each that would
        # hold the interpreter while the others come in.
        time.sleep(BURST)
        if stale():
            return
        try:
            for batch in find_from(text, query, mode, origin, LIMIT, stale):
                self.post_message(self._Batch(generation, batch, done=False))
        except SearchError as err:
            self.post_message(self._Results(generation, [], str(err)))
            return
        if not stale():
            self.post_message(self._Batch(generation, [], done=True))

    def _word_index(self, text: str) -> WordIndex:
        # Built once per document, in a worker; a second search waits for it.
        with self._index_lock:
            if self._index is None or self._index[0] is not text:
                self._index = (text, WordIndex(text))
            return self._index[1]

    @on(_Results)
    def _results(self, message: _Results) -> None:
        if message.generation == self._generation:
            self._found(message.matches, message.error)

    @on(_Batch)
    def _batch(self, message: _Batch) -> None:
        """Add a batch of a big document's matches. The first is the match
        after the reader's place (or the one to go to, when it comes); the
        current match stays the same one as matches before it come in."""
        if message.generation != self._generation:
            return
        self.done = message.done
        batch = message.matches
        reveal = False
        if batch:
            at = bisect_left(self.matches, batch[0].start, key=attrgetter("start"))
            self.matches[at:at] = batch
            if 0 <= at <= self.current:
                self.current += len(batch)
            goto = next((at + i for i, m in enumerate(batch) if m.start == self._goto), None)
            after = next((at + i for i, m in enumerate(batch) if m.start > self.origin), None)
            if goto is not None:
                self.current, self._goto, reveal = goto, None, True
            elif self.current < 0 and self._goto is None and self.direction > 0 and after is not None:
                self.current, reveal = after, True
        if self.done and self.current < 0 and self.matches:
            self.current, reveal = self._pick(self.matches), True  # none after the place: from the top
        self._show(reveal)

    def _pick(self, matches: list[Match]) -> int:
        """The current one of `matches` (in document order): the first after
        the reader's place (the last before it, going back), wrapping round
        as less and vim do; the nearest to a search hit's."""
        if self._goto is not None:
            goto = self._goto
            return min(range(len(matches)), key=lambda i: abs(matches[i].start - goto))
        starts = [m.start for m in matches]
        if self.direction > 0:
            after = bisect_left(starts, self.origin + 1)
            return after if after < len(matches) else 0
        before = bisect_left(starts, self.origin) - 1
        return before if before >= 0 else len(matches) - 1

    def _found(self, matches: list[Match], error: str, done: bool = True) -> None:
        """Show these matches (`done` False: none yet of a big document's)."""
        self._shown = self._generation
        self.done = done
        self.error = error
        # In document order, as n and N step (fuzzy ones come best first).
        self.matches = matches = sorted(matches, key=attrgetter("start"))
        self.current = self._pick(matches) if matches else -1
        if self._goto is not None and matches and matches[self.current].start == self._goto:
            self._goto = None  # found; a partly loaded document keeps looking
        self._show(reveal=True)

    def step(self, direction: int) -> None:
        if self.matches:
            self.current = (self.current + direction) % len(self.matches)
            self._show(reveal=True)

    def _show(self, reveal: bool) -> None:
        spans = [span for match in self.matches for span in match.spans]
        if not self.matches:
            self.post_message(self.Show(spans, (), None))
            if self.error:
                self._count(self.error, error=True)
            else:
                self._count("…" if not self.done else "no match" if self.input.value.strip() else "")
            return
        match = self.matches[self.current]
        more = "+" if len(self.matches) >= LIMIT else "…" if not self.done else ""
        self.post_message(self.Show(spans, match.spans, match.start if reveal else None))
        self._count(f"{self.current + 1}/{len(self.matches)}{more}")

    def _count(self, text: str, error: bool = False) -> None:
        """Show the count once the Show posted before it has been acted on
        (on its way up to the app): a new count is never drawn over the view
        of the match before."""
        when_through(self, partial(self.show_count, text, error))

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search()

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.id == "find-mode":
            self.action_cycle_mode()

    def action_accept(self) -> None:
        """enter, tab: to the text at the current match. An empty query is
        the last one again, as in vim."""
        if not self.input.value.strip() and self.history.queries:
            self.input.value = self.history.queries[-1]
        self.history.add(self.input.value)
        self.input.hand_over()  # (tab: not yet handed over)
        self.post_message(self.Accepted())

    def action_recall(self, direction: int) -> None:
        """up, down: an earlier (later) query in the bar, as in a shell."""
        history = self.history
        query = history.older(self.input.value) if direction < 0 else history.newer()
        if query is not None:
            self.input.value = query
            self.input.cursor_position = len(query)

    def action_cycle_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self._show_mode()
        self.search()

    def action_close(self) -> None:
        query = self.input.value
        if query.strip():
            self.last = (query, self.mode)
            self.history.add(query)
        self.remove_class("-open")
        self._generation += 1
        self._goto = None
        self.matches, self.current = [], -1
        self.post_message(self.Show([], (), None))
        self._count("")
