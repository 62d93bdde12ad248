"""The reading screen: the sidebar of documents beside the reading pane,
the note line, the find bar and the status line under it. It owns the open
document's state (reading_parts.OpenDocument) and the actions of the reading
keys (bound by the app, so that they act from search all too); the app owns
the library (corpus, notebook, positions, index, search all).

Its subjects live in their modules: annotating.py (highlights and notes),
navigating.py (outline, links, reflow, positions); here are opening
documents, paging, find in this document, the layout (the text's measure,
the sidebar shown or hidden) and the status line."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message

from ..core.config import WIDTH_RANGE, Config
from ..core.jumps import Place
from ..core.later import Later
from ..core.library.corpus import Corpus, Document, DocumentError, load, load_head, looks_like_markdown
from ..core.positions import Positions
from ..core.settings import Settings
from ..core.text.decoding import printable_line
from ..core.text.reading import ReadingText
from .annotating import Annotating
from .find_bar import FindBar
from .footer import Footer
from .messages import DocumentRead
from .navigating import Navigating
from .reading_pane import ReadingPane
from .reading_parts import OpenDocument
from .sidebar import Sidebar

if TYPE_CHECKING:
    from ..core.annotations.notebook import Notebook
    from .search_screen import Opened  # search all is imported when first opened

OPENING_NOTICE = 0.15  # say "Opening …" only for a document slower than this
READ_AT_ONCE = 4 << 20  # bytes: smaller documents are read without a worker (~20 ms)
RENDER_AT_ONCE = 16 << 10  # bytes of Markdown rendered without a worker (~10 ms: markdown-it-py does ~1.5 MB/s)
WIDTH_STEP = 4  # cells a press of `=` or `-` widens or narrows the text by


@dataclass
class Loaded(Message):
    """A document was read and decoded in a worker (or failed to)."""

    doc: Document
    reading: ReadingText | None
    error: str = ""


class ReadingScreen(Annotating, Navigating):
    # The list has the focus at start (on_mount). Textual's default gave it
    # first to the filter, the first focusable widget, and each move restyles
    # both ends: a few ms of the first frame.
    AUTO_FOCUS = "#documents"
    BINDINGS = [
        Binding("equals_sign,plus", "wider", "Wider text", show=False, id="layout.wider"),
        Binding("minus", "narrower", "Narrower text", show=False, id="layout.narrower"),
        Binding("backslash", "toggle_sidebar", "Hide / show the sidebar", show=False, id="layout.sidebar"),
    ]

    def __init__(
        self,
        corpus: Corpus,
        notes: Later[Notebook],
        positions: Positions,
        config: Config,
        settings: Settings | None = None,
    ) -> None:
        """`notes`: the app's notebook, made when first used; `settings`:
        the user's kept choices (default: the user's state folder)."""
        super().__init__(corpus, notes, positions, config)
        self.settings = settings or Settings()
        self.pane.measure = self.settings.width(config.width) or config.width
        self._settings_unsaved = False  # said so once
        self._resumed = False  # shown by the app once already

    def compose(self) -> ComposeResult:
        yield self.sidebar
        with Vertical(id="main"):
            yield self.pane
            yield self.note_line
            yield self.find_bar
            yield self.status
        yield Footer()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Before Screen's handler (Textual calls each class's, subclass first).
        # The first time the app shows this screen, Textual styles every
        # widget of it again, ~15 ms of the first frame, though each was
        # styled a moment ago as it was mounted: the widgets' style sheets
        # are read before any of them is styled, and apply only to their own
        # widget and what it holds (Textual scopes them), so nothing styled
        # earlier can change. test_the_first_screen_is_styled_as_a_full_restyle_would
        # fails if a style sheet ever reaches further.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

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
        # At once (see focus_pane): keys typed right after start find their widget.
        if self.corpus.single_file:  # `reader FILE`: the user came to read, the sidebar lists one
            self.sidebar.display = False
            self.set_focus(self.pane)
        else:
            self.set_focus(self.sidebar.listing)

    # -- opening documents ---------------------------------------------------

    def open_document(self, doc: Document, focus: bool = True, goto: int | None = None, jump: bool = True) -> None:
        """Show `doc`; `focus` moves to the reading pane; `goto`: with the
        cursor there, not where the reader left it; `jump`: the place left
        is recorded in the jump list (ctrl+o returns to it)."""
        self.sidebar.select(doc)
        if doc is not self.current:
            if jump:
                self.record_jump()
            self.remember_position()
            self.document = OpenDocument(doc, goto=goto)
            self._start_loading(doc)
        elif goto is not None:
            self.pane.move_cursor(goto)
        if focus:
            self.focus_pane()

    def focus_pane(self) -> None:
        """Focus the pane now. Widget.focus() waits its turn in the app's
        queue, which the loading of a big document keeps busy for seconds:
        keys typed meanwhile went to the sidebar."""
        self.set_focus(self.pane)

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
        if self.document is not None and self.document.doc is doc and self.document.loading:
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
        self.post_message(DocumentRead(message.doc))
        opened = self.document
        if opened is None or message.doc is not opened.doc:
            return  # the user moved on while it loaded
        opened.loading = False
        if message.reading is None:
            self.pane.show_message(message.error)
        elif not message.reading.text:
            opened.reading = message.reading
            self.pane.show_message("This document is empty.")
        else:
            opened.reading = message.reading
            pane = self.pane
            # Where the start was shown already, stay where the reader is.
            keep = pane.partial and message.reading.text.startswith(pane.text)
            if not keep:
                pane.set_marks([])
            self.show_reading(message.doc, message.reading, keep)
            self._open_annotations()
        self.find_bar.search_in(self.pane.text)
        self.update_status()

    def refresh_documents(self, docs: list[Document]) -> None:
        """Titles, word counts or notes' marks of `docs` were filled in."""
        self.sidebar.refresh_documents(docs)
        if self.current in docs:
            self.update_status()

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
        self.sidebar.handed_over()  # keys typed after enter in the filter follow the focus here

    def action_page(self, direction: int) -> None:
        self.pane.action_page(direction)

    def action_top(self) -> None:
        self.record_jump()
        self.pane.action_top()

    def action_bottom(self) -> None:
        """G; with a count, that line of the text (`120G`), as in less and vim."""
        line = self.pane.take_count()
        self.record_jump()
        if line is None:
            self.pane.action_bottom()
        elif self.document is not None and self.pane.text:
            self.pane.move_cursor(self.document.lines(self.pane.text).start_of(line))

    def on_reading_pane_counting(self, _: ReadingPane.Counting) -> None:
        self.update_status()

    def on_reading_pane_moved(self, _: ReadingPane.Moved) -> None:
        self.update_status()
        self._show_note_under_cursor()
        self.remember_position()

    # -- layout ------------------------------------------------------------------

    def action_wider(self) -> None:
        self._set_measure(self.pane.text_width + WIDTH_STEP)

    def action_narrower(self) -> None:
        self._set_measure(self.pane.text_width - WIDTH_STEP)

    def _set_measure(self, measure: int) -> None:
        # From the width shown, not the measure: in a pane narrower than the
        # measure, `-` narrows at once. At most the pane: wider shows nothing.
        pane = self.pane
        measure = max(WIDTH_RANGE[0], min(measure, pane.content_size.width - 2, WIDTH_RANGE[1]))
        if measure != pane.text_width:
            pane.set_measure(measure)
            self.settings.set_width(measure, self.config.width)
            self.save_settings()
        self.notify(f"Text width: {pane.text_width} columns", timeout=1.5)

    def save_settings(self) -> None:
        """Keep the user's choices for the next start; say once when they cannot be."""
        if not self.settings.save() and not self._settings_unsaved:
            self._settings_unsaved = True
            self.notify(
                f"{self.settings.path} cannot be written or does not parse: width and theme are kept until you quit.",
                severity="warning",
                timeout=10,
            )

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and (self.focused is None or sidebar in self.focused.ancestors_with_self):
            self.focus_pane()

    # -- find in this document ----------------------------------------------------

    def action_find(self) -> None:
        """`/`: a new query, from the reader's place forward; esc comes back here."""
        pane = self.pane
        self.find_bar.search_in(pane.text)
        self._find_began = (pane.anchor_offset, pane.cursor)
        self._find_asked = pane.touched
        self.find_bar.open("", origin=pane.cursor)

    def action_find_step(self, direction: int) -> None:
        """n, N: the next (previous) match; with the bar closed, of the last
        query again, from the cursor."""
        bar = self.find_bar
        self._find_asked = self.pane.touched
        if bar.is_open:
            if bar.matches:
                self.record_jump()
                bar.step(direction)
        elif bar.last is not None:
            self.record_jump()
            self._find_began = None  # nothing to go back to: n is a choice made
            bar.search_in(self.pane.text)
            bar.open(*bar.last, focus=False, origin=self.pane.cursor, direction=direction)
        else:
            self.notify("Nothing to find again yet: / starts a find.")

    def action_find_step_open(self, direction: int) -> None:
        if not self.find_bar.is_open:
            raise SkipAction()
        self.action_find_step(direction)

    def on_find_bar_accepted(self, _: FindBar.Accepted) -> None:
        if self._find_began is not None and self.current is not None:
            top, cursor = self._find_began
            self.jumps.record(Place(self.current.rel, cursor, top))  # '' and ctrl+o come back
        self._find_began = None
        self.focus_pane()
        self.find_bar.input.handed_over()  # the keys typed after enter follow the focus here

    async def action_close_find(self) -> None:
        """esc: close the bar; before a match was chosen, back where find began."""
        if self.find_bar.is_open:
            self.find_bar.action_close()
            if self._find_began is not None:
                top, cursor = self._find_began
                self.pane.move_cursor(cursor)
                self.pane.scroll_to_offset(top)
            self._find_began = None
            self.pane.focus()
            if self.document is not None and self.document.from_search:
                await self.app.run_action("search_corpus")  # back to its hits, at once (keys may follow)

    async def on_reading_pane_escaped(self, _: ReadingPane.Escaped) -> None:
        await self.action_close_find()

    def on_find_bar_show(self, message: FindBar.Show) -> None:
        pane = self.pane
        pane.set_marks(message.spans, message.current)
        if self.find_bar.input.has_focus:
            self._find_asked = pane.touched  # the query is being typed: each result leads
        # A result that comes in after the reader has moved on (`enter g`
        # typed before the matches were in) does not take them back.
        if message.offset is not None and pane.touched == self._find_asked:
            pane.move_cursor(message.offset)

    def open_hit(self, opened: Opened | None) -> None:
        """Show what search all found (None: the user came back without a hit)."""
        if opened is None:
            if self.document is not None:
                self.document.from_search = False
            return
        self.open_document(opened.hit.doc)
        self._find_began = None
        self._find_asked = self.pane.touched
        self.find_bar.open(opened.query, opened.mode, focus=False, goto=opened.hit.match.start)
        if self.document is not None:
            self.document.from_search = True
