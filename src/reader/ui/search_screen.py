"""Search all documents (`s`): hits ranked across the library and grouped
by document, each with its count; `enter` on a document lists its hits,
`enter` on a hit opens it at its match. The search runs in a worker
(core/search/library_search.py) and its results grow as they come."""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.history import History
from ..core.index.building import Progress
from ..core.search.corpus_search import CorpusHit
from ..core.search.find import Mode, SearchError
from ..core.search.library_search import Group, LibrarySearch, Results
from .find_bar import MODES
from .footer import Footer
from .safe import EarlierKeys, SafeInput, shown

BATCH = 0.1  # seconds: results are shown this often while they grow
SHOWN = 300  # documents (or one document's hits) listed; a longer list says little and costs its layout


@dataclass
class Opened:
    """What the user chose: a hit, and the query that found it."""

    hit: CorpusHit
    query: str
    mode: Mode


def _snippet(hit: CorpusHit) -> Content:
    snippet = shown(hit.snippet)  # as long as the snippet: its spans still apply
    for start, end in hit.snippet_spans:
        snippet = snippet.stylize("reverse bold", start, end)
    return snippet


def _group_prompt(group: Group, best: CorpusHit) -> Content:
    count = len(group.hits)
    return Content.assemble(
        shown(group.doc.label, "bold"), (f"  {count:,} hit{'s' if count != 1 else ''}", "$accent"), "\n", _snippet(best)
    )


def _hit_prompt(hit: CorpusHit) -> Content:
    return Content.assemble((f"{hit.match.score:3.0f}  ", "$text-muted"), _snippet(hit))


def hits_said(count: int, documents: int, capped: bool = False) -> str:
    """ "514 hits in 3 documents"."""
    return (
        f"{'at least ' if capped else ''}{count:,} hit{'s' if count != 1 else ''} "
        f"in {documents:,} document{'s' if documents != 1 else ''}"
    )


class SearchInput(SafeInput):
    async def action_submit(self) -> None:
        # Now, not when Input's Submitted comes round in this queue, behind
        # the keys typed after enter.
        screen = self.screen
        assert isinstance(screen, SearchScreen)
        screen.to_results(self)


class SearchScreen(Screen[Opened]):
    # Not Textual's focus on push: the app would send keys typed right after
    # the `s` straight into the input before the screen's turn came
    # (on_screen_resume focuses it).
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "close", "Back to reading", id="search.close"),
        Binding("ctrl+t", "cycle_mode", "Mode: fuzzy, exact, regex", id="search.mode"),
        Binding("down", "results", "Results (or a later query)", show=False, id="search.results"),
        Binding("up", "older", "Earlier query", show=False, id="search.older"),
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
    SearchScreen #search-group { height: 1; padding: 0 1; display: none; background: $boost; }
    SearchScreen.-in-group #search-group { display: block; }
    SearchScreen OptionList, SearchScreen OptionList:focus { height: 1fr; border: none; }
    """

    class _Results(Message):
        def __init__(self, generation: int, results: Results | None, error: str = "") -> None:
            super().__init__()
            self.generation = generation
            self.results = results
            self.error = error

    def __init__(self, search: LibrarySearch, indexing: Progress | None = None) -> None:
        super().__init__()
        self.library_search = search
        self.documents = search.documents
        self.indexing = indexing
        self.mode = Mode.FUZZY
        self.results: Results | None = None  # the newest
        self.group: Group | None = None  # the document whose hits are listed, else None: the documents
        self.listed: list[Group] | list[CorpusHit] = []  # what each option of the list is
        self._generation = 0
        self._focused_before: Widget | None = None  # when last left
        self.history = History("search")
        self._earlier_keys = EarlierKeys()
        self._earlier_keys.hold()  # as if away: until the first resume

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield SearchInput(
                placeholder="search all documents", id="search-input", select_on_focus=False
            )  # as the find bar's
            yield Static(id="search-mode")
        with Horizontal(id="search-progress-row"):
            yield ProgressBar(total=1, show_eta=False, id="search-progress")
            yield Static(id="search-status")
        yield Static(id="search-group")
        yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self._show_mode()
        self.call_after_refresh(self.library_search.scanner.warm_up)  # processes start while the user types

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
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def hits(self) -> list[CorpusHit]:
        """The best hit of each document listed, best first (or the hits of
        the document whose hits are listed)."""
        if self.group is not None or self.results is None:
            return [item for item in self.listed if isinstance(item, CorpusHit)]
        return [self.results.sorted_hits(group)[0] for group in self.results.groups[:SHOWN]]

    def _show_mode(self) -> None:
        self.query_one("#search-mode", Static).update(Content.assemble(self.mode.value, (" ^t", "dim")))

    # -- searching ---------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.search()

    def to_results(self, field: SafeInput) -> None:
        """enter in the query: to the results at once; the keys typed after
        enter go there too (enter enter opens the best hit), not into the query."""
        if self.listed:
            field.hand_over()
            self.set_focus(self.options)  # now, not in its turn behind those keys
            if self.options.highlighted is None:
                self.options.highlighted = 0
            field.handed_over()

    def search(self) -> None:
        self._generation += 1
        self.results = None
        self._leave_group()
        self._list([])
        query = self.query_one(Input).value
        self.query_one(ProgressBar).update(total=1, progress=0)
        self._status("")
        if query.strip():
            self._search(query, self.mode, self._generation)
        else:  # nothing to look for: the search still running for the query before stops
            self.workers.cancel_group(self, "corpus-search")

    @work(thread=True, exclusive=True, group="corpus-search")
    def _search(self, query: str, mode: Mode, generation: int) -> None:
        worker = get_current_worker()
        last = 0.0
        try:
            for results in self.library_search.search(query, mode, cancelled=lambda: worker.is_cancelled):
                # The first results at once, then a batch now and then.
                if results.done or not last or time.monotonic() - last > BATCH:
                    self.post_message(self._Results(generation, results))
                    last = time.monotonic()
        except SearchError as err:
            self.post_message(self._Results(generation, None, str(err)))

    @on(_Results)
    def _results(self, message: _Results) -> None:
        if message.generation != self._generation:
            return  # a newer query is being searched
        if message.error or message.results is None:
            self._status(message.error, error=True)
            return
        results = self.results = message.results
        if self.group is not None:
            group = next((g for g in results.groups if g.doc is self.group.doc), self.group)
            self.group = group
            self._list(self.results.sorted_hits(group)[:SHOWN])
        else:
            self._list(results.groups[:SHOWN])
        self._show_progress()

    def show_indexing(self, progress: Progress | None) -> None:
        """The library index moved on (None: it is done)."""
        self.indexing = progress
        if self.results is not None:
            self._show_progress()

    def _show_progress(self) -> None:
        results = self.results
        if results is None:
            return
        bar = self.query_one(ProgressBar)
        bar.update(total=max(1, results.to_scan), progress=results.scanned if results.to_scan else 1)
        if results.done and not results.hits:
            said = "no match"
        else:
            said = hits_said(results.hits, len(results.groups), results.capped) + ("" if results.done else " so far …")
        if results.to_scan:  # documents the index does not hold (yet) are read from their files
            said += f"  ·  {results.scanned:,}/{results.to_scan:,} documents read"
            indexing = self.indexing
            if indexing is not None and indexing.total_bytes:
                said += f", the index is {100 * indexing.bytes // indexing.total_bytes}% built"
        self._status(said)
        if self.group is not None:
            count = len(self.group.hits)
            self.query_one("#search-group", Static).update(
                Content.assemble(
                    shown(self.group.doc.label, "bold"),
                    f"  {count:,} hit{'s' if count != 1 else ''}",
                    ("  ·  esc: all documents", "$text-muted"),
                )
            )

    def _list(self, items: list[Group] | list[CorpusHit]) -> None:
        """List `items`, keeping the one the user is on highlighted."""
        options = self.options
        on = self.listed[options.highlighted] if options.highlighted is not None and self.listed else None
        on_doc = on.doc if on is not None else None
        self.listed = items
        options.clear_options()
        prompts = []
        for item in items:
            if isinstance(item, CorpusHit):
                prompts.append(_hit_prompt(item))
            elif self.results is not None:  # a document's hits, listed from the results
                prompts.append(_group_prompt(item, self.results.sorted_hits(item)[0]))
        options.add_options(Option(prompt) for prompt in prompts)
        if on is not None and items:
            same = (lambda item: item.doc is on_doc) if self.group is None else (lambda item: item is on)
            options.highlighted = next((i for i, item in enumerate(items) if same(item)), 0)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#search-status", Static)
        status.update(shown(text))
        status.set_class(error, "-error")

    # -- choosing ------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        item = self.listed[event.option_index]
        if isinstance(item, Group):
            if len(item.hits) == 1:  # nothing to choose from: open it
                self._open(item.hits[0])
            else:
                self._enter_group(item)
        else:
            self._open(item)

    def _open(self, hit: CorpusHit) -> None:
        self.history.add(self.query_one(Input).value)
        self.dismiss(Opened(hit, self.query_one(Input).value, self.mode))

    def _enter_group(self, group: Group) -> None:
        assert self.results is not None
        self._groups_highlighted = self.options.highlighted
        self.group = group
        self.add_class("-in-group")
        self.listed = []
        self._list(self.results.sorted_hits(group)[:SHOWN])
        self.options.highlighted = 0
        self._show_progress()

    def _leave_group(self) -> bool:
        if self.group is None:
            return False
        doc = self.group.doc
        self.group = None
        self.remove_class("-in-group")
        if self.results is not None:
            groups = self.results.groups[:SHOWN]
            self.listed = []
            self._list(groups)
            self.options.highlighted = next((i for i, g in enumerate(groups) if g.doc is doc), 0) if groups else None
        return True

    def action_older(self) -> None:
        """up in the query: the query searched before (as a shell's history)."""
        query = self.query_one(Input)
        if not query.has_focus:
            raise SkipAction()  # the results' own up
        self._recall(self.history.older(query.value))

    def _recall(self, query: str | None) -> None:
        if query is not None:
            field = self.query_one(Input)
            field.value = query
            field.cursor_position = len(query)

    def action_results(self) -> None:
        if self.query_one(Input).has_focus and self.history.recalling:
            self._recall(self.history.newer())
            return
        if self.listed:
            self.options.focus()
            if self.options.highlighted is None:
                self.options.highlighted = 0

    def action_cycle_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self._show_mode()
        self.search()

    def action_close(self) -> None:
        if self._leave_group():
            self.options.focus()
            return
        self.workers.cancel_group(self, "corpus-search")
        self.history.add(self.query_one(Input).value)
        self.dismiss(None)
