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
from rich.style import Style
from textual.message import Message
from textual.widgets import Footer, Input

from ..core.config import Config
from ..core.corpus import Corpus, Document, DocumentError, describe, load, load_head
from ..core.corpus_search import CorpusSearcher
from ..core.notebook import Notebook
from ..core.store import Annotation, Store, StoreError, make_annotation, text_sha256
from ..core.text import ReadingText, printable_line
from .commands import DocumentCommands
from .find_bar import FindBar
from .help_screen import HelpScreen
from .note_editor import NoteEdit, NoteEditor
from .note_line import NoteLine
from .notes_panel import NoteRow, NotesPanel
from .reading_pane import Highlight, ReadingPane
from .search_screen import Opened, SearchScreen
from .sidebar import DocumentOptions, Sidebar
from .status_line import StatusLine

DESCRIBE_REFRESH = 0.2  # seconds between sidebar updates while counting words
OPENING_NOTICE = 0.15  # say "Opening …" only for a document slower than this
READ_AT_ONCE = 4 << 20  # bytes: smaller documents are read without a worker (~20 ms)


@dataclass
class Loaded(Message):
    """A document was read and decoded in a worker (or failed to)."""

    doc: Document
    reading: ReadingText | None
    error: str = ""


@dataclass
class AnnotationsLoaded(Message):
    """The annotations of this document were read in a worker (or failed to be)."""

    doc: Document


@dataclass
class Described(Message):
    """Titles and word counts of these documents are known."""

    docs: list[Document]


class ReaderApp(App[None]):
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
        Binding("u", "undo", "Undo delete", show=False, id="app.undo"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, corpus: Corpus, annotations: Path | None = None, config: Config | None = None) -> None:
        """`annotations`: the folder of annotation files (default: annotations/ beside the corpus)."""
        super().__init__()
        self.corpus = corpus
        self.config = config or Config()
        self.notebook = Notebook(Store(annotations or corpus.root.parent / "annotations"))
        self.sidebar = Sidebar(corpus.documents, self.notebook.counts, id="sidebar")
        self.pane = ReadingPane(id="reading")
        self.note_line = NoteLine(id="note-line")
        self.status = StatusLine(id="status")
        self.find_bar = FindBar(id="find")
        self.searcher = CorpusSearcher(corpus.documents)
        self._from_search = False  # the open document came from a corpus search: esc goes back
        self._loading: Document | None = None  # read in a worker, not yet shown
        self._described = False
        self.current: Document | None = None
        self.reading: ReadingText | None = None
        self._sha: tuple[ReadingText, str] | None = None

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
            self.pane.show_message(f"No documents in {self.corpus.root}.\n"
                                   "reader lists .txt, .md, .markdown and .text files,\n"
                                   "and files without a suffix that hold text.")
        else:
            self.open_document(documents[0], focus=False)
        if self.corpus.single_file:  # `reader FILE`: the user came to read
            self.pane.focus()
        else:
            self.query_one(DocumentOptions).focus()

    def on_key(self, event: events.Key) -> None:
        # Keys typed fast after one that opened an input (`/`, `s`) were
        # sent on before the focus moved, to a widget that ignores them; the
        # input they were meant for takes them.
        if not (event.is_printable and event.character):
            return
        target = self.focused
        if target is None and isinstance(self.screen, SearchScreen):
            target = self.screen.query_one(Input)
            target.focus()
        if isinstance(target, Input):
            target.insert_text_at_cursor(event.character)
            event.stop()

    def on_unmount(self) -> None:
        self.searcher.close()

    # -- opening documents ---------------------------------------------------

    def open_document(self, doc: Document, focus: bool = True) -> None:
        """Show `doc`; `focus` moves to the reading pane."""
        self.sidebar.select(doc)
        if doc is not self.current:
            self.current = self._loading = doc
            self.reading = None
            self._start_loading(doc)
        if focus:
            self.pane.focus()

    def _start_loading(self, doc: Document) -> None:
        if doc.size <= READ_AT_ONCE:
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
            pane.show_text(message.reading.text, top=pane.anchor if keep else 0)
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

    def on_described(self, message: Described) -> None:
        self.sidebar.refresh_documents(message.docs)
        if self.current in message.docs:
            self._update_status()

    # -- moving around ---------------------------------------------------------

    @on(Sidebar.Highlighted)
    def _preview(self, event: Sidebar.Highlighted) -> None:
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
        self.find_bar.open()

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
            self.install_screen(SearchScreen(self.searcher), "search")
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
        self.push_screen(HelpScreen([
            ("Everywhere", [*self.BINDINGS, Binding("tab,shift+tab", "focus", "Next / previous pane"),
                            Binding("ctrl+p", "palette", "Command palette: open a document")]),
            ("Reading pane", self._reading_keys()),
            ("Note editor", NoteEditor.BINDINGS),
            ("Notes panel", NotesPanel.BINDINGS),
            ("Find bar", FindBar.BINDINGS),
            ("Search all documents", SearchScreen.BINDINGS),
            ("Sidebar", [*DocumentOptions.BINDINGS, *Sidebar.BINDINGS,
                         Binding("enter", "open", "Open the document and read it")]),
        ]))

    # -- annotations ------------------------------------------------------------

    def _open_annotations(self) -> None:
        """Load the open document's annotations in a worker (10,000 take
        0.2 s to read), then draw them, or say why they cannot be used."""
        doc, reading = self.current, self.reading
        if doc is None or reading is None or self.pane.partial:
            return
        if self.notebook.get(doc.rel) is not None:
            self._draw_annotations()
        else:
            self.pane.set_highlights([])
            self._load_annotations(doc, reading)

    @work(thread=True, exclusive=True, group="annotations", description="load annotations")
    def _load_annotations(self, doc: Document, reading: ReadingText) -> None:
        self.notebook.open(doc.rel, reading.text, reading.encoding)
        self.post_message(AnnotationsLoaded(doc))

    def on_annotations_loaded(self, message: AnnotationsLoaded) -> None:
        if message.doc is not self.current:
            return
        error = self.notebook.error(message.doc.rel)
        if error:
            self.notify(error, title="Annotations not loaded", severity="error", timeout=15)
        self._draw_annotations()

    def _draw_annotations(self) -> None:
        doc = self.current
        aset = self.notebook.get(doc.rel) if doc else None
        text = self.pane.text
        styles = {kind.name: Style(bgcolor=kind.color, color="#1b1b1b") for kind in self.config.kinds}
        fallback = styles[self.config.kinds[0].name]
        # Unchanged since they were made: every position holds its quote.
        # Otherwise only those whose quote is still there are drawn
        # (re-anchoring finds the others again).
        unchanged = aset is not None and aset.document.length == len(text) and self._sha256() == aset.document.sha256
        self.pane.set_highlights([] if aset is None else [
            (a.start, a.end, Highlight(a.id, styles.get(a.kind, fallback), bool(a.note)))
            for a in aset.annotations.values()
            if unchanged or text[a.start:a.end] == a.exact
        ])
        self._show_note_under_cursor()

    def _sha256(self) -> str:
        """Of the open document's reading text, computed once per document."""
        reading = self.reading
        if reading is None:
            return ""
        if self._sha is None or self._sha[0] is not reading:
            self._sha = (reading, text_sha256(reading.text))
        return self._sha[1]

    def _annotation_under_cursor(self) -> Annotation | None:
        doc = self.current
        aset = self.notebook.get(doc.rel) if doc else None
        here = self.pane.highlights_at(self.pane.cursor)
        return aset.annotations.get(here[-1][2].id) if aset and here else None

    def _show_note_under_cursor(self) -> None:
        annotation = self._annotation_under_cursor()
        colors = {kind.name: kind.color for kind in self.config.kinds}
        self.note_line.show(annotation, colors.get(annotation.kind, "") if annotation else "")

    def _can_annotate(self) -> bool:
        doc = self.current
        if doc is None or self.reading is None or not self.pane.text or self.pane.partial:
            self.notify("Open a document first." if doc is None or not self.pane.text
                        else "The document is still being read.", severity="warning")
            return False
        error = self.notebook.error(doc.rel)
        if error:
            self.notify(error, title="Annotating this document is refused", severity="error", timeout=15)
            return False
        if self.notebook.get(doc.rel) is None:
            self.notify("Its annotations are still being read: a moment.", severity="warning")
            return False
        return True

    def _selected(self) -> tuple[int, int] | None:
        """The selection without white space at its edges; None (and a hint) without one."""
        selection = self.pane.selection
        if selection is None:
            self.notify("Select a passage first: v, then w ) } or the arrows (or drag with the mouse).",
                        severity="warning")
            return None
        start, end = selection
        text = self.pane.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _save(self, change, *args, **changes) -> object:
        """Run a notebook change; a file that cannot be written is said, never overwritten."""
        try:
            result = change(*args, **changes)
        except StoreError as err:
            self.notify(str(err), title="Not saved", severity="error", timeout=15)
            return None
        except OSError as err:
            self.notify(f"{err}", title="Not saved", severity="error", timeout=15)
            return None
        self.sidebar.refresh_documents([self.current])
        self._draw_annotations()
        return result if result is not None else True

    def action_highlight(self, number: int) -> Annotation | None:
        if not self._can_annotate() or number > len(self.config.kinds):
            return None
        span = self._selected()
        if span is None:
            return None
        annotation = make_annotation(self.pane.text, *span, self.config.kinds[number - 1].name)
        if self._save(self.notebook.put, self.current.rel, annotation) is None:
            return None
        self.pane.clear_selection()
        return annotation

    def action_annotate(self) -> None:
        """`a`: highlight the selection and write its note (or the note of the highlight under the cursor)."""
        if self.pane.selection is None and self._annotation_under_cursor():
            self.action_edit()
            return
        annotation = self.action_highlight(1)
        if annotation is not None:
            self._edit_note(annotation, "New note")

    def action_edit(self) -> None:
        annotation = self._annotation_under_cursor()
        if annotation is None:
            self.notify("No highlight under the cursor: ] and [ go to the next and previous.", severity="warning")
        elif self._can_annotate():
            self._edit_note(annotation, "Edit note")

    def _edit_note(self, annotation: Annotation, title: str) -> None:
        rel = self.current.rel

        def done(edit: NoteEdit | None) -> None:
            if edit is not None and (edit.note, edit.tags) != (annotation.note, annotation.tags):
                self._save(self.notebook.edit, rel, annotation, note=edit.note, tags=edit.tags)

        self.push_screen(NoteEditor(annotation.exact, annotation.note, annotation.tags, title), done)

    def action_delete(self) -> None:
        annotation = self._annotation_under_cursor()
        if annotation is None:
            self.notify("No highlight under the cursor.", severity="warning")
        elif self._can_annotate() and self._save(self.notebook.delete, self.current.rel, annotation.id):
            self.notify("Deleted. u brings it back.")

    def action_undo(self) -> None:
        undone = self._save(self.notebook.undo)
        if undone is True:
            self.notify("Nothing to undo.")
        elif undone:
            rel, annotation = undone
            doc = next(d for d in self.corpus.documents if d.rel == rel)
            self.open_document(doc)
            self.pane.move_cursor(annotation.start)
            self.notify("Brought back.")

    def action_jump_annotation(self, direction: int) -> None:
        highlights = self.pane.highlights
        found = highlights.after(self.pane.cursor) if direction > 0 else highlights.before(self.pane.cursor)
        if found is None:
            self.notify("No more highlights " + ("below." if direction > 0 else "above."))
        else:
            self.pane.move_cursor(found[0])

    def action_notes(self) -> None:
        colors = {kind.name: kind.color for kind in self.config.kinds}
        default = self.config.kinds[0].color
        titles = {doc.rel: doc.title for doc in self.corpus.documents}

        def rows(rel: str, aset) -> list[NoteRow]:
            return [NoteRow(rel, titles.get(rel, rel), a, colors.get(a.kind, default)) for a in aset.ordered()]

        def everywhere() -> list[NoteRow]:
            found = []
            for rel in sorted(set(self.notebook.counts) & set(titles), key=list(titles).index):
                aset = self.notebook.get(rel)
                if aset is None:
                    try:
                        aset = self.notebook.store.load(rel)
                    except StoreError:
                        continue
                if aset is not None:
                    found += rows(rel, aset)
            return found

        doc = self.current
        aset = self.notebook.get(doc.rel) if doc else None
        self.push_screen(NotesPanel(rows(doc.rel, aset) if aset else [], everywhere), self._jump_to_note)

    def _jump_to_note(self, row: NoteRow | None) -> None:
        if row is None:
            return
        doc = next((d for d in self.corpus.documents if d.rel == row.rel), None)
        if doc is not None:
            self.open_document(doc)
            self.pane.move_cursor(row.annotation.start)

    def _reading_keys(self) -> list[Binding]:
        """The reading pane's keys for the help, the highlight keys named by their kinds."""
        prefix = "reading.highlight_"
        keys = []
        for binding in ReadingPane.BINDINGS:
            if binding.id and binding.id.startswith(prefix):
                n = int(binding.id[len(prefix):])
                if n > len(self.config.kinds):
                    continue
                binding = dataclasses.replace(binding, description=f"Highlight the selection: {self.config.kinds[n - 1].name}")
            keys.append(binding)
        return keys

    # -- status ------------------------------------------------------------------

    def on_reading_pane_moved(self, _: ReadingPane.Moved) -> None:
        self._update_status()
        self._show_note_under_cursor()

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
            detail = f"{self.reading.encoding}  {int(pane.fraction * 100)}%"
        self.status.show(f"{doc.title} — {printable_line(doc.rel)}", detail)
