"""Search all documents (`s`): hits stream in, best first, while the corpus
is searched in a worker; `enter` opens one at its match."""

from __future__ import annotations

import time
from bisect import insort
from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.corpus_search import CorpusHit, CorpusSearcher
from ..core.search import Mode, SearchError
from .find_bar import MODES
from .safe import EarlierKeys, SafeInput, shown

BATCH = 0.1  # seconds: hits are shown in batches this often while they stream in
SHOWN = 300  # best hits listed; a longer list says little and costs its layout


@dataclass
class Opened:
    """What the user chose: a hit, and the query that found it."""

    hit: CorpusHit
    query: str
    mode: Mode


def _prompt(hit: CorpusHit) -> Content:
    snippet = shown(hit.snippet)  # as long as the snippet: its spans still apply
    for start, end in hit.snippet_spans:
        snippet = snippet.stylize("reverse bold", start, end)
    return Content.assemble(shown(hit.doc.title, "bold"), (f"  {hit.match.score:.0f}", "$text-muted"),
                            "\n", snippet)


class SearchScreen(Screen[Opened]):
    # Not Textual's focus on push: the app would send keys typed right after
    # the `s` straight into the input before the screen's turn came
    # (on_screen_resume focuses it).
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "close", "Back to reading", id="search.close"),
        Binding("ctrl+t", "cycle_mode", "Mode: fuzzy, exact, regex", id="search.mode"),
        Binding("down", "results", "Results", show=False, id="search.results"),
    ]

    DEFAULT_CSS = """
    SearchScreen #search-bar { height: 1; background: $panel; }
    SearchScreen #search-bar > Input, SearchScreen #search-bar > Input:focus {
        border: none; height: 1; width: 1fr; padding: 0 1; background: $panel;
    }
    SearchScreen #search-mode { width: auto; padding: 0 1; color: $text-muted; }
    SearchScreen #search-progress-row { height: 1; padding: 0 1; }
    SearchScreen ProgressBar { width: 30; }
    SearchScreen #search-status { width: 1fr; padding: 0 1; color: $text-muted; }
    SearchScreen #search-status.-error { color: $text-error; }
    SearchScreen OptionList, SearchScreen OptionList:focus { height: 1fr; border: none; }
    """

    class _Hits(Message):
        def __init__(self, generation: int, hits: list[CorpusHit], searched: int,
                     error: str = "") -> None:
            super().__init__()
            self.generation = generation
            self.hits = hits
            self.searched = searched
            self.error = error

    def __init__(self, searcher: CorpusSearcher) -> None:
        super().__init__()
        self.searcher = searcher
        self.documents = searcher.documents
        self.mode = Mode.FUZZY
        self.hits: list[CorpusHit] = []  # the best SHOWN, best first, as listed
        self.found = 0  # hits in all
        self._generation = 0
        self._focused_before: Widget | None = None  # when last left
        self._earlier_keys = EarlierKeys()
        self._earlier_keys.hold()  # as if away: until the first resume

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield SafeInput(placeholder="search all documents", id="search-input",
                            select_on_focus=False)  # as the find bar's
            yield Static(id="search-mode")
        with Horizontal(id="search-progress-row"):
            yield ProgressBar(total=max(1, len(self.documents)), show_eta=False, id="search-progress")
            yield Static(id="search-status")
        yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self._show_mode()
        self.call_after_refresh(self.searcher.warm_up)  # processes start while the user types

    def on_screen_suspend(self) -> None:
        # Unfocused while away: keys typed right after the `s` that brings it
        # back then go to this screen, not straight into the input, ahead of
        # keys still on their way up from the reading pane.
        self._focused_before = self.focused
        self.set_focus(None)
        self._earlier_keys.hold()

    def on_screen_resume(self) -> None:
        # Keys sent to this screen meanwhile go on to the app (which hands
        # them to the input, ReaderApp.on_key) after those sent before the
        # `s` to the screen below; the input's own after both.
        below = self.app.screen_stack[-2].focused if len(self.app.screen_stack) > 1 else None
        self._earlier_keys.come_from(*([below] if below else []))
        self._earlier_keys.release()
        widget = self._focused_before or self.query_one(SafeInput)
        if isinstance(widget, SafeInput):
            widget.take_focus(self, *([below] if below else []))
        else:
            self.set_focus(widget)  # back to the results, as left

    async def on_key(self, event: events.Key) -> None:
        await self._earlier_keys.wait()

    @property
    def results(self) -> OptionList:
        return self.query_one(OptionList)

    def _show_mode(self) -> None:
        self.query_one("#search-mode", Static).update(Content.assemble(self.mode.value, (" ^t", "dim")))

    # -- searching ---------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.search()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self.action_results()

    def search(self) -> None:
        self._generation += 1
        self.hits, self.found = [], 0
        self.results.clear_options()
        query = self.query_one(Input).value
        self.query_one(ProgressBar).update(progress=0)
        self._status("")
        if query.strip():
            self._search(query, self.mode, self._generation)

    @work(thread=True, exclusive=True, group="corpus-search")
    def _search(self, query: str, mode: Mode, generation: int) -> None:
        worker = get_current_worker()
        batch: list[CorpusHit] = []
        last = time.monotonic()
        try:
            for searched, hits in self.searcher.search(query, mode, cancelled=lambda: worker.is_cancelled):
                batch += hits
                if time.monotonic() - last > BATCH or searched == len(self.documents):
                    self.post_message(self._Hits(generation, batch, searched))
                    batch, last = [], time.monotonic()
        except SearchError as err:
            self.post_message(self._Hits(generation, [], 0, str(err)))

    @on(_Hits)
    def _hits(self, message: _Hits) -> None:
        if message.generation != self._generation:
            return  # a newer query is being searched
        if message.error:
            self._status(message.error, error=True)
            return
        self.found += len(message.hits)
        self._list(message.hits)
        self.query_one(ProgressBar).update(progress=message.searched)
        done = message.searched == len(self.documents)
        if done and not self.found:
            self._status("no match")
        else:
            count = f"{self.found} hit{'s' if self.found != 1 else ''}"
            shown = f", best {SHOWN} shown" if self.found > SHOWN else ""
            self._status(f"{count}{shown} in {message.searched}/{len(self.documents)} documents"
                         + ("" if done else " …"))

    def _list(self, new: list[CorpusHit]) -> None:
        """Merge `new` hits into the list, best first (among equals, in the
        order found), keeping the one the user is on highlighted."""
        before = self.hits
        hits = list(before)
        for hit in new:
            insort(hits, hit, key=lambda h: -h.match.score)
        hits = hits[:SHOWN]
        kept = all(a is b for a, b in zip(before, hits))
        if kept and len(hits) == len(before):
            return
        results = self.results
        on = before[results.highlighted] if results.highlighted is not None else None
        if kept:  # only added at the end
            results.add_options(Option(_prompt(hit)) for hit in hits[len(before):])
        else:
            results.clear_options()
            results.add_options(Option(_prompt(hit)) for hit in hits)
            if on is not None:
                results.highlighted = next((i for i, hit in enumerate(hits) if hit is on), 0)
        self.hits = hits

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#search-status", Static)
        status.update(shown(text))
        status.set_class(error, "-error")

    # -- choosing ------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Opened(self.hits[event.option_index], self.query_one(Input).value, self.mode))

    def action_results(self) -> None:
        if self.hits:
            self.results.focus()
            if self.results.highlighted is None:
                self.results.highlighted = 0

    def action_cycle_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self._show_mode()
        self.search()

    def action_close(self) -> None:
        self.workers.cancel_group(self, "corpus-search")
        self.dismiss(None)
