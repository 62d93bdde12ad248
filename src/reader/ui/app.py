"""The reader application: owns the library (the corpus, its notes, the
reading positions, the index and search all) and the keys that work
everywhere; the reading screen (reading_screen.py) owns the open document."""

from __future__ import annotations

import dataclasses
import gc
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from ..core.config import Config
from ..core.later import Later
from ..core.library.corpus import Corpus, Document, DocumentError, describe, load
from ..core.library.rule import Library
from ..core.positions import Positions
from ..core.settings import Settings
from .document_list import DocumentList
from .find_bar import FindBar
from .messages import DocumentRead, OpenRequested
from .reading_pane import ReadingPane
from .reading_screen import ReadingScreen
from .safe import TypedInOrder, shown, type_into
from .sidebar import Sidebar

# What the first screen does not need is imported where it is first used (the
# notebook, the keymap, the index, search all, the other screens, the palette's
# commands): start-up stays close to a bare Textual app's (bench/open.py
# --start; tests/test_layering.py lists them).
if TYPE_CHECKING:
    from ..core.annotations.notebook import Notebook
    from ..core.index.building import Progress
    from ..core.index.runner import IndexRunner
    from ..core.search.library_search import LibrarySearch

DESCRIBE_REFRESH = 0.2  # seconds between sidebar updates while counting words


@dataclass
class Indexing(Message):
    """The indexer child process moved on (progress), or ended (None, ok)."""

    progress: Progress | None
    ok: bool = True


@dataclass
class Described(Message):
    """Titles and word counts of these documents are known."""

    docs: list[Document]


def open_notebook(library: Library) -> Notebook:
    from ..core.annotations.notebook import Notebook
    from ..core.annotations.store import Store

    return Notebook(Store(library))


def document_commands() -> type[Provider]:
    """The palette's documents, imported when the palette first opens."""
    from .commands import DocumentCommands

    return DocumentCommands


class ReaderApp(App[None]):
    TITLE = "reader"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {document_commands}
    BINDINGS = [
        # The reading keys are the app's, acting on the reading screen (its
        # actions, run by action_reading): they page the text even while the
        # sidebar has focus (j, k and the arrows stay with the focused list),
        # and are there on search all's results too, as the footer says.
        Binding("space,ctrl+f", "reading('page(1)')", "Page down", id="app.page_down"),
        Binding("ctrl+b", "reading('page(-1)')", "Page up", id="app.page_up"),
        Binding("g", "reading('top')", "Top", id="app.top"),
        Binding("G", "reading('bottom')", "Bottom (NG: line N)", id="app.bottom"),
        Binding("ctrl+o", "reading('jump_back')", "Back where a jump came from", show=False, id="app.jump_back"),
        Binding("ctrl+n", "reading('jump_forward')", "Forward again (after ctrl+o)", show=False, id="app.jump_forward"),
        Binding("s", "search_corpus", "Search all", id="app.search"),
        Binding("t", "reading('notes')", "Notes", id="app.notes"),
        Binding("o", "reading('outline')", "Outline", id="app.outline"),
        Binding("r", "reading('reflow')", "Reflow / original lines", show=False, id="app.reflow"),
        Binding("f", "reading('follow_link')", "Follow a link", show=False, id="app.follow_link"),
        Binding("i", "reading('details')", "Document details", show=False, id="app.details"),
        Binding("E", "reading('export')", "Export notes", show=False, id="app.export"),
        Binding("u", "reading('undo')", "Undo delete", show=False, id="app.undo"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        corpus: Corpus,
        annotations: Path | Library | None = None,
        config: Config | None = None,
        positions: Positions | None = None,
        index: Path | None = None,
    ) -> None:
        """`annotations`: where the notes are, a Library or one folder for
        every document (default: by the library rule, core/library/rule.py);
        `positions`: where reading positions are kept (default: the user's
        state folder); `index`: the library index's folder, built and
        refreshed in the background (default: none; search all scans)."""
        super().__init__()
        self.corpus = corpus
        self.config = config or Config()
        library = (
            annotations
            if isinstance(annotations, Library)
            else Library.of(corpus.root, corpus.single_file, annotations)
        )
        # Made when first used, after the first screen (the document's notes
        # are loaded in a worker once it is drawn): its modules take ~20 ms to import.
        self.notes: Later[Notebook] = Later(partial(open_notebook, library))
        self.positions = positions or Positions(corpus.root)
        self.library = library
        self.index_folder = index
        self._library_search: LibrarySearch | None = None  # made when first used (library_search)
        self.indexing: Progress | None = None  # while the index is being built
        self._runner: IndexRunner | None = None
        self._described = False  # the library's titles and counts are being filled in
        self.crash_log: Path | None = None  # where an unexpected error's traceback was written
        self.recovered: list[Path] = []  # ... and the notes that were being written
        self.settings = Settings()
        self.reading_screen = ReadingScreen(corpus, self.notes, self.positions, self.config, self.settings)
        self.keymap: dict[str, str] = {}  # the user's keys in force, as given to set_keymap
        if self.settings.theme in self.available_themes:  # one since removed: the default
            self.theme = self.settings.theme

    @property
    def notebook(self) -> Notebook:
        """The library's notes: the documents' annotations as the app works with them."""
        return self.notes()

    @property
    def library_search(self) -> LibrarySearch:
        """Search all, made when first used: its imports would delay the first screen."""
        if self._library_search is None:
            from ..core.search.corpus_search import CorpusSearcher
            from ..core.search.library_search import LibrarySearch

            documents = self.corpus.documents
            self._library_search = LibrarySearch(
                documents, self.corpus.root, self.index_folder, CorpusSearcher(documents)
            )
        return self._library_search

    def watch_theme(self, theme: str) -> None:
        # Chosen in the palette: kept for the next start.
        self.settings.set_theme(theme)
        self.reading_screen.save_settings()

    def on_mount(self) -> None:
        self.call_after_refresh(self._collect_again)
        # Before the first screen takes keys. A bad entry is left out with a
        # warning rather than refusing to start: the other keys still work,
        # and the line says what to fix.
        if self.config.keys:
            from .keymap import binding_ids, user_keymap

            self.keymap, problems = user_keymap(self.config.keys, binding_ids())
            self.set_keymap(self.keymap)
            # Raised once the first screen is drawn: their 10 s start when they can be read.
            self.call_after_refresh(self._warn_of_keys, problems)

    @staticmethod
    def _collect_again() -> None:
        """After the first screen: the garbage collector, which `reader`
        (cli.read) turns off for the start, comes back, and leaves alone for
        good what the start made (modules, classes, the widgets)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _warn_of_keys(self, problems: list[str]) -> None:
        for problem in problems:
            self.notify(f"config.toml [keys]: {problem}", severity="warning", timeout=10)

    def get_default_screen(self) -> Screen:
        return self.reading_screen

    def on_key(self, event: events.Key) -> None:
        # Keys typed fast after one that opened an input (`/`, `s`, `a`) were
        # sent on before the focus moved, to a widget that ignores them; the
        # input they were meant for takes them, before the keys sent to it
        # meanwhile (TypedInOrder.take_focus; the search screen focuses its
        # input when its turn comes).
        target = self._typing_target()
        if self._to_note_editor(events.Key(event.key, event.character)) or self._follow_hand_over(target, event):
            event.stop()
            event.prevent_default()
        elif event.is_printable and event.character and type_into(target, event.character):
            event.stop()
            event.prevent_default()  # typed text, not also a binding ("o": outline)

    def on_paste(self, event: events.Paste) -> None:
        # A paste right after such a key, the same way.
        if self._to_note_editor(events.Paste(event.text)) or type_into(self._typing_target(), event.text):
            event.stop()

    def _to_note_editor(self, event: events.Key | events.Paste) -> bool:
        """Hand `event` to a note editor just opened that has not focused its
        note yet (it does on mount, TypedInOrder.take_focus): in its queue,
        it comes back here in its turn, a tab moving on to the tags as typed."""
        from .note_editor import NoteEditor  # imported once, by the first key

        if isinstance(self.screen, NoteEditor) and not self.screen.ready:
            event._set_forwarded()  # as the app sends a key on: not sent on again
            self.screen.post_message(event)
            return True
        return False

    def _follow_hand_over(self, target: Widget | None, event: events.Key) -> bool:
        """A key that comes here while the input it would go to has just
        handed the focus on (enter in the filter or the find bar) joins the
        keys waiting in that input's queue, which send it on to where the
        focus went, in the order typed."""
        if not isinstance(target, TypedInOrder) or not target.left:
            return False
        forwarded = events.Key(event.key, event.character)
        forwarded._set_forwarded()  # as the app sends a key on: not sent on again
        target.post_message(forwarded)
        return True

    def _typing_target(self) -> Widget | None:
        from .search_screen import SearchScreen

        if self.focused is None and isinstance(self.screen, SearchScreen):
            return self.screen.query_one(Input)
        return self.focused

    def _handle_exception(self, error: Exception) -> None:
        # Textual's one door for an exception no handler caught: it restores
        # the terminal, prints the traceback and exits with status 1. Before
        # that, the traceback goes to a log and a note being written to a
        # recovery file (the command line names both).
        from .crash import keep_what_was_lost

        self.crash_log, self.recovered = keep_what_was_lost(self, error)
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        if self._runner is not None:
            self._runner.stop()
        if self._library_search is not None:
            self._library_search.close()
            self._library_search.scanner.close()
        self.reading_screen.remember_position(save_later=False)
        self.positions.save()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (the screens' and widgets' too, which come
        here) shows its message and title as plain text, controls made
        visible: they name files and quote annotations. `markup` is ignored."""
        super().notify(
            shown(message, lines=True).plain, title=shown(title).plain, severity=severity, timeout=timeout, markup=False
        )

    async def action_reading(self, action: str) -> None:
        """Run one of the reading screen's actions, from whatever screen is on top."""
        await self.run_action(action, self.reading_screen)

    def on_open_requested(self, message: OpenRequested) -> None:
        self.reading_screen.open_document(message.doc)

    # -- the library's titles, word counts and notes' marks ----------------------

    def on_document_read(self, _: DocumentRead) -> None:
        if not self._described:
            # Word counts read every file: start only once the first
            # document is on screen, so they never delay it.
            self._described = True
            if self.index_folder is not None:
                self.call_after_refresh(self._start_indexing)
            else:
                self.call_after_refresh(self.describe_documents)

    @work(thread=True, exclusive=True, group="describe")
    def describe_documents(self) -> None:
        # Quitting waits for every thread worker (asyncio's default executor):
        # this one reads the whole library, so it stops when cancelled.
        worker = get_current_worker()
        self.notebook.load_counts()
        last = time.monotonic()
        batch: list[Document] = []
        for doc in self.corpus.documents:
            if worker.is_cancelled:
                return
            describe(doc)
            batch.append(doc)
            if time.monotonic() - last > DESCRIBE_REFRESH:
                self.post_message(Described(batch))
                batch, last = [], time.monotonic()
        self.post_message(Described(batch))
        # Then the notes of the other annotated documents placed as they will
        # be when opened, so that the sidebar marks those that need a look.
        for doc in self.corpus.documents:
            if worker.is_cancelled:
                return
            if doc.rel in self.notebook.counts and doc.rel not in self.notebook.attention and not doc.problem:
                try:
                    reading = load(doc)
                except DocumentError:
                    reading = None
                self.notebook.survey(doc.rel, reading)
                self.post_message(Described([doc]))

    def on_described(self, message: Described) -> None:
        self.reading_screen.refresh_documents(message.docs)

    # -- the library index -------------------------------------------------------

    def _start_indexing(self) -> None:
        from ..core.index.runner import IndexRunner

        self._read_catalog(self.library_search, first=True)

        def progress(progress: Progress) -> None:
            self.post_message(Indexing(progress))

        def ended(ok: bool) -> None:
            self.post_message(Indexing(None, ok))

        self._runner = IndexRunner(self.corpus.root, self.library.explicit, progress, ended)
        self._runner.start()

    def on_indexing(self, message: Indexing) -> None:
        from .search_screen import SearchScreen

        self.indexing = message.progress
        if isinstance(self.screen, SearchScreen):
            self.screen.show_indexing(self.indexing)
        if message.progress is None and not message.ok:
            # No index (another reader builds it, or it cannot be written):
            # the sidebar's facts are read from the files.
            self.describe_documents()
        else:
            self._read_catalog(self.library_search, first=False)

    @work(thread=True, exclusive=True, group="catalog")
    def _read_catalog(self, search: LibrarySearch, first: bool) -> None:
        """Titles, word counts and the notes' marks from the index's catalog,
        for the documents it holds as they are now. `search`: the app's,
        made in the UI's thread (library_search), never in this worker's."""
        from ..core.index.building import notes_key

        if first:
            self.notebook.load_counts()
        rows = search.rows()  # the index search all has open
        filled = []
        for doc in self.corpus.documents:
            row = rows.get(doc.rel)
            if row is None or not row.matches(doc.size, doc.mtime):  # facts come before the passages
                continue
            before = (doc.title, doc.words, doc.problem, self.notebook.attention.get(doc.rel))
            doc.title, doc.words = row.title or doc.title, row.words
            doc.problem = doc.problem or row.problem
            if (
                doc.rel in self.notebook.counts
                and row.notes_key == notes_key(self.notebook.store, doc.rel)
                and self.notebook.get(doc.rel) is None
            ):  # an open document's marks are the notebook's
                self.notebook.attention[doc.rel] = (row.review, row.orphaned)
            if before != (doc.title, doc.words, doc.problem, self.notebook.attention.get(doc.rel)):
                filled.append(doc)
        if filled:
            self.post_message(Described(filled))

    # -- search all documents ------------------------------------------------------

    def action_search_corpus(self) -> None:
        from .search_screen import SearchScreen

        if not self.is_screen_installed("search"):
            # Installed, not just pushed: esc from a hit returns to the same results.
            self.install_screen(SearchScreen(self.library_search, self.indexing), "search")
        else:
            search = self.get_screen("search")
            assert isinstance(search, SearchScreen)
            search.show_indexing(self.indexing)
        self.push_screen("search", self.reading_screen.open_hit)

    # -- help --------------------------------------------------------------------

    def action_help(self) -> None:
        from .details_screen import DetailsScreen
        from .export_screen import ExportScreen
        from .help_screen import HelpScreen
        from .keymap import in_force
        from .note_editor import NoteEditor
        from .notes_panel import NotesPanel
        from .outline_screen import OutlineScreen
        from .search_screen import SearchScreen

        self.push_screen(
            HelpScreen(
                [
                    (
                        "Everywhere",
                        [
                            *self._in_force(ReaderApp),
                            Binding("tab,shift+tab", "focus", "Next / previous pane"),
                            Binding("ctrl+p", "palette", "Command palette: open a document"),
                        ],
                    ),
                    ("Reading pane", [*self._reading_keys(), *self._in_force(ReadingScreen)]),
                    ("Note editor", in_force(NoteEditor.KEYS, self.keymap)),
                    ("Notes panel", self._in_force(NotesPanel)),
                    ("Export", self._in_force(ExportScreen)),
                    ("Find bar", self._in_force(FindBar)),
                    ("Search all documents", self._in_force(SearchScreen)),
                    ("Sidebar", [*self._in_force(DocumentList), *self._in_force(Sidebar)]),
                    ("Outline", self._in_force(OutlineScreen)),
                    ("Document details", self._in_force(DetailsScreen)),
                    ("This help", self._in_force(HelpScreen)),
                ]
            )
        )

    def _in_force(self, cls: type[Widget | Screen | App]) -> list[Binding]:
        """A class's bindings with the keys they have under the user's keymap."""
        from .keymap import bindings, in_force

        return in_force(bindings(cls), self.keymap)

    def _reading_keys(self) -> list[Binding]:
        """The reading pane's keys for the help, the highlight keys named by their kinds."""
        prefix = "reading.highlight_"
        keys = []
        for binding in self._in_force(ReadingPane):
            if binding.id and binding.id.startswith(prefix):
                n = int(binding.id[len(prefix) :])
                if n > len(self.config.kinds):
                    continue
                binding = dataclasses.replace(
                    binding, description=f"Highlight the selection: {self.config.kinds[n - 1].name}"
                )
            keys.append(binding)
        return keys
