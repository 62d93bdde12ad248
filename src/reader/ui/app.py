"""The reader application: owns the corpus and which document is open."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import Footer, Input

from ..core.annotations.notebook import Notebook
from ..core.annotations.store import Store
from ..core.config import Config
from ..core.index.building import Progress, notes_key
from ..core.index.runner import IndexRunner
from ..core.library.corpus import Corpus, Document, DocumentError, describe, load, load_head, looks_like_markdown
from ..core.library.rule import Library
from ..core.positions import Positions
from ..core.search.corpus_search import CorpusSearcher
from ..core.search.library_search import LibrarySearch
from ..core.text.decoding import ReadingText, printable_line
from .annotating import Annotating
from .commands import DocumentCommands
from .crash import keep_what_was_lost
from .document_list import DocumentList
from .export_screen import ExportScreen
from .find_bar import FindBar
from .help_screen import HelpScreen
from .navigating import Navigating
from .note_editor import NoteEditor
from .note_line import NoteLine
from .notes_panel import NotesPanel
from .reading_pane import ReadingPane
from .safe import shown, type_into
from .search_screen import Opened, SearchScreen
from .sidebar import Sidebar
from .status_line import StatusLine

DESCRIBE_REFRESH = 0.2  # seconds between sidebar updates while counting words
OPENING_NOTICE = 0.15  # say "Opening …" only for a document slower than this
READ_AT_ONCE = 4 << 20  # bytes: smaller documents are read without a worker (~20 ms)
SECTION_MAX = 40  # characters of the section's title in the status line
RENDER_AT_ONCE = 16 << 10  # bytes of Markdown rendered without a worker (~10 ms: markdown-it-py does ~1.5 MB/s)


@dataclass
class Loaded(Message):
    """A document was read and decoded in a worker (or failed to)."""

    doc: Document
    reading: ReadingText | None
    error: str = ""


@dataclass
class Indexing(Message):
    """The indexer child process moved on (progress), or ended (None, ok)."""

    progress: Progress | None
    ok: bool = True


@dataclass
class Described(Message):
    """Titles and word counts of these documents are known."""

    docs: list[Document]


class ReaderApp(Annotating, Navigating, App[None]):
    TITLE = "reader"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {DocumentCommands}
    BINDINGS = [
        # Reading keys are global (DESIGN.md): they page the text even while
        # the sidebar has focus; j, k and the arrows stay with the focused list.
        Binding("space", "page(1)", "Page down", id="app.page_down"),
        Binding("b", "page(-1)", "Page up", id="app.page_up"),
        Binding("g", "top", "Top", id="app.top"),
        Binding("G", "bottom", "Bottom", id="app.bottom"),
        Binding("s", "search_corpus", "Search all", id="app.search"),
        Binding("t", "notes", "Notes", id="app.notes"),
        Binding("o", "outline", "Outline", id="app.outline"),
        Binding("r", "reflow", "Reflow / original lines", show=False, id="app.reflow"),
        Binding("f", "follow_link", "Follow a link", show=False, id="app.follow_link"),
        Binding("i", "details", "Document details", show=False, id="app.details"),
        Binding("E", "export", "Export notes", show=False, id="app.export"),
        Binding("u", "undo", "Undo delete", show=False, id="app.undo"),
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
        self.notebook = Notebook(Store(library))
        self.positions = positions or Positions(corpus.root)
        self.sidebar = Sidebar(
            corpus.documents, self.notebook.counts, self.positions.fraction, self.notebook.attention, id="sidebar"
        )
        self.pane = ReadingPane(id="reading")
        self.note_line = NoteLine(id="note-line")
        self.status = StatusLine(id="status")
        self.find_bar = FindBar(id="find")
        self.searcher = CorpusSearcher(corpus.documents)
        self.library = library
        self.index_folder = index
        self.library_search = LibrarySearch(corpus.documents, corpus.root, index, self.searcher)
        self.indexing: Progress | None = None  # while the index is being built
        self._runner: IndexRunner | None = None
        self._from_search = False  # the open document came from a corpus search: esc goes back
        self._loading: Document | None = None  # read in a worker, not yet shown
        self._described = False
        self.current: Document | None = None
        self.reading: ReadingText | None = None
        self._sha: tuple[ReadingText, str] | None = None
        self._anchoring: dict[str, tuple[str, dict]] = {}  # document -> (its text, re-anchoring's results)
        self._changed: dict[str, set[str]] = {}  # document -> notes moved onto changed words
        self.crash_log: Path | None = None  # where an unexpected error's traceback was written
        self.recovered: list[Path] = []  # ... and the notes that were being written

    def compose(self) -> ComposeResult:
        yield self.sidebar
        with Vertical(id="main"):
            yield self.pane
            yield self.note_line
            yield self.find_bar
            yield self.status
        yield Footer()

    def on_mount(self) -> None:
        documents = self.corpus.documents
        if not documents:
            self.pane.show_message(
                f"No documents in {self.corpus.root}.\n"
                "reader lists .txt, .md, .markdown and .text files,\n"
                "and files without a suffix that hold text."
            )
        else:
            last = next((doc for doc in documents if doc.rel == self.positions.last), documents[0])
            self.open_document(last, focus=False)
        if self.corpus.single_file:  # `reader FILE`: the user came to read
            self.pane.focus()
        else:
            self.sidebar.listing.focus()

    def on_key(self, event: events.Key) -> None:
        # Keys typed fast after one that opened an input (`/`, `s`, `a`) were
        # sent on before the focus moved, to a widget that ignores them; the
        # input they were meant for takes them, before the keys sent to it
        # meanwhile (TypedInOrder.take_focus; the search screen focuses its
        # input when its turn comes).
        if self._to_note_editor(events.Key(event.key, event.character)):
            event.stop()
            event.prevent_default()
        elif event.is_printable and event.character and type_into(self._typing_target(), event.character):
            event.stop()
            event.prevent_default()  # typed text, not also an app's binding ("o": outline)

    def on_paste(self, event: events.Paste) -> None:
        # A paste right after such a key, the same way.
        if self._to_note_editor(events.Paste(event.text)) or type_into(self._typing_target(), event.text):
            event.stop()

    def _to_note_editor(self, event: events.Key | events.Paste) -> bool:
        """Hand `event` to a note editor just opened that has not focused its
        note yet (it does on mount, TypedInOrder.take_focus): in its queue,
        it comes back here in its turn, a tab moving on to the tags as typed."""
        if isinstance(self.screen, NoteEditor) and not self.screen.ready:
            event._set_forwarded()  # as the app sends a key on: not sent on again
            self.screen.post_message(event)
            return True
        return False

    def _typing_target(self) -> Widget | None:
        if self.focused is None and isinstance(self.screen, SearchScreen):
            return self.screen.query_one(Input)
        return self.focused

    def _handle_exception(self, error: Exception) -> None:
        # Textual's one door for an exception no handler caught: it restores
        # the terminal, prints the traceback and exits with status 1. Before
        # that, the traceback goes to a log and a note being written to a
        # recovery file (the command line names both).
        self.crash_log, self.recovered = keep_what_was_lost(self, error)
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        if self._runner is not None:
            self._runner.stop()
        self.library_search.close()
        self.searcher.close()
        self.remember_position()
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

    # -- opening documents ---------------------------------------------------

    def open_document(self, doc: Document, focus: bool = True) -> None:
        """Show `doc`; `focus` moves to the reading pane."""
        self.sidebar.select(doc)
        if doc is not self.current:
            self.remember_position()
            self.current = self._loading = doc
            self.reading = None
            self._start_loading(doc)
        if focus:
            self.pane.focus()

    def _start_loading(self, doc: Document) -> None:
        if doc.size <= READ_AT_ONCE and (doc.size <= RENDER_AT_ONCE or not looks_like_markdown(doc)):
            # No worker round trip: the text is in the very next frame.
            self.on_loaded(self._read(doc))
            return
        head = load_head(doc)
        if head is not None:
            # Its start at once, the whole when a worker has decoded it.
            self.pane.show_text(head.text, partial=True)
        else:
            self.set_timer(OPENING_NOTICE, partial(self._still_opening, doc))
        self._load(doc)

    def _still_opening(self, doc: Document) -> None:
        if doc is self._loading:
            self.pane.show_message(f"Opening {printable_line(doc.rel)} …")

    @work(thread=True, exclusive=True, group="load")
    def _load(self, doc: Document) -> None:
        self.post_message(self._read(doc))

    @staticmethod
    def _read(doc: Document) -> Loaded:
        try:
            return Loaded(doc, load(doc))
        except DocumentError as err:
            return Loaded(doc, None, str(err))

    def on_loaded(self, message: Loaded) -> None:
        if not self._described:
            # Word counts read every file: start only once the first
            # document is on screen, so they never delay it.
            self._described = True
            if self.index_folder is not None:
                self.call_after_refresh(self._start_indexing)
            else:
                self.call_after_refresh(self.describe_documents)
        if message.doc is not self.current:
            return  # the user moved on while it loaded
        self._loading = None
        if message.reading is None:
            self.pane.show_message(message.error)
        elif not message.reading.text:
            self.reading = message.reading
            self.pane.show_message("This document is empty.")
        else:
            self.reading = message.reading
            pane = self.pane
            # Where the start was shown already, stay where the reader is.
            keep = pane.partial and message.reading.text.startswith(pane.text)
            if not keep:
                pane.set_marks([])
            self.show_reading(message.doc, message.reading, keep)
            self._open_annotations()
        self.find_bar.search_in(self.pane.text)
        self._update_status()

    @work(thread=True, exclusive=True, group="describe")
    def describe_documents(self) -> None:
        self.notebook.load_counts()
        last = time.monotonic()
        batch: list[Document] = []
        for doc in self.corpus.documents:
            describe(doc)
            batch.append(doc)
            if time.monotonic() - last > DESCRIBE_REFRESH:
                self.post_message(Described(batch))
                batch, last = [], time.monotonic()
        self.post_message(Described(batch))
        # Then the notes of the other annotated documents placed as they will
        # be when opened, so that the sidebar marks those that need a look.
        for doc in self.corpus.documents:
            if doc.rel in self.notebook.counts and doc.rel not in self.notebook.attention and not doc.problem:
                try:
                    reading = load(doc)
                except DocumentError:
                    reading = None
                self.notebook.survey(doc.rel, reading)
                self.post_message(Described([doc]))

    # -- the library index -------------------------------------------------------

    def _start_indexing(self) -> None:
        self._read_catalog(first=True)
        self._runner = IndexRunner(
            self.corpus.root,
            self.library.explicit,
            lambda progress: self.post_message(Indexing(progress)),
            lambda ok: self.post_message(Indexing(None, ok)),
        )
        self._runner.start()

    def on_indexing(self, message: Indexing) -> None:
        self.indexing = message.progress
        if isinstance(self.screen, SearchScreen):
            self.screen.show_indexing(self.indexing)
        if message.progress is None and not message.ok:
            # No index (another reader builds it, or it cannot be written):
            # the sidebar's facts are read from the files.
            self.describe_documents()
        else:
            self._read_catalog(first=False)

    @work(thread=True, exclusive=True, group="catalog")
    def _read_catalog(self, first: bool) -> None:
        """Titles, word counts and the notes' marks from the index's catalog,
        for the documents it holds as they are now."""
        if first:
            self.notebook.load_counts()
        rows = self.library_search.rows()  # the index search all has open
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

    def on_described(self, message: Described) -> None:
        self.sidebar.refresh_documents(message.docs)
        if self.current in message.docs:
            self._update_status()

    # -- moving around ---------------------------------------------------------

    @on(Sidebar.Highlighted)
    def _preview(self, event: Sidebar.Highlighted) -> None:
        # A highlight the list has moved on from (its first one, posted on
        # mount after the last-read document was selected) opens nothing.
        if event.doc is self.sidebar.current:
            self.open_document(event.doc, focus=False)

    @on(Sidebar.Chosen)
    def _chosen(self, event: Sidebar.Chosen) -> None:
        self.open_document(event.doc)

    def action_page(self, direction: int) -> None:
        self.pane.action_page(direction)

    def action_top(self) -> None:
        self.pane.action_top()

    def action_bottom(self) -> None:
        self.pane.action_bottom()

    # -- find in this document ----------------------------------------------------

    def action_find(self) -> None:
        self.find_bar.search_in(self.pane.text)
        self.find_bar.open(origin=self.pane.cursor)

    def action_find_step(self, direction: int) -> None:
        self.find_bar.step(direction)

    def action_focus_pane(self) -> None:
        self.pane.focus()

    def action_close_find(self) -> None:
        if self.find_bar.is_open:
            self.find_bar.action_close()
            self.pane.focus()
            if self._from_search:
                self.action_search_corpus()

    # -- search all documents ------------------------------------------------------

    def action_search_corpus(self) -> None:
        self._from_search = False
        if not self.is_screen_installed("search"):
            # Installed, not just pushed: esc from a hit returns to the same results.
            self.install_screen(SearchScreen(self.library_search, self.indexing), "search")
        else:
            self.get_screen("search").show_indexing(self.indexing)  # type: ignore[attr-defined]
        self.push_screen("search", self._open_hit)

    def _open_hit(self, opened: Opened | None) -> None:
        if opened is None:
            return
        self.open_document(opened.hit.doc)
        self.find_bar.open(opened.query, opened.mode, focus=False, goto=opened.hit.match.start)
        self.pane.focus()
        self._from_search = True

    def on_find_bar_show(self, message: FindBar.Show) -> None:
        self.pane.set_marks(message.spans, message.current)
        if message.offset is not None:
            self.pane.move_cursor(message.offset)

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    (
                        "Everywhere",
                        [
                            *self.BINDINGS,
                            Binding("tab,shift+tab", "focus", "Next / previous pane"),
                            Binding("ctrl+p", "palette", "Command palette: open a document"),
                        ],
                    ),
                    ("Reading pane", self._reading_keys()),
                    ("Note editor", NoteEditor.KEYS),
                    ("Notes panel", NotesPanel.BINDINGS),
                    ("Export", ExportScreen.BINDINGS),
                    ("Find bar", FindBar.BINDINGS),
                    ("Search all documents", SearchScreen.BINDINGS),
                    ("Sidebar", [*DocumentList.BINDINGS, *Sidebar.BINDINGS]),
                ]
            )
        )

    def _reading_keys(self) -> list[Binding]:
        """The reading pane's keys for the help, the highlight keys named by their kinds."""
        prefix = "reading.highlight_"
        keys = []
        for binding in ReadingPane.BINDINGS:
            if binding.id and binding.id.startswith(prefix):
                n = int(binding.id[len(prefix) :])
                if n > len(self.config.kinds):
                    continue
                binding = dataclasses.replace(
                    binding, description=f"Highlight the selection: {self.config.kinds[n - 1].name}"
                )
            keys.append(binding)
        return keys

    # -- status ------------------------------------------------------------------

    def on_reading_pane_moved(self, _: ReadingPane.Moved) -> None:
        self._update_status()
        self._show_note_under_cursor()
        self.remember_position()

    def _update_status(self) -> None:
        doc = self.current
        if doc is None:
            return
        pane = self.pane
        if pane.partial:
            detail = "reading…"
        elif self.reading is None or not pane.text:
            detail = self.reading.encoding if self.reading else (doc.problem or "")
        else:
            section = self.section()
            where = ""
            if section is not None:
                title = section.title
                if len(title) > SECTION_MAX:
                    title = title[: SECTION_MAX - 1].rstrip() + "…"
                where = f"{title}  ·  "
            detail = f"{where}{self.reading.encoding}  {int(pane.fraction * 100)}%"
        self.status.show(f"{doc.title} — {printable_line(doc.rel)}", detail)
