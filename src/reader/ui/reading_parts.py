"""What the parts of the reading screen share, declared once: the library's
services it is given, the widgets it owns, and the open document's state.

The screen is put together from subjects (annotating.py, navigating.py,
reading_screen.py), each a subclass of ReadingParts; ReadingScreen is all
of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from ..core.config import Config
from ..core.jumps import JumpList, Place
from ..core.later import Later
from ..core.library.corpus import Corpus, Document
from ..core.positions import Positions
from ..core.status import Part, WordCounts, time_left
from ..core.text.decoding import printable_line
from ..core.text.lines import LineIndex
from ..core.text.reading import ReadingText, text_sha256
from .find_bar import FindBar
from .note_line import NoteLine
from .reading_pane import ReadingPane
from .sidebar import Sidebar
from .status_line import StatusLine

if TYPE_CHECKING:
    from ..core.annotations.anchoring import Anchored
    from ..core.annotations.notebook import Notebook
    from ..core.text.outline import Entry

SECTION_MAX = 40  # characters of the section's title in the status line
SECTION_HEAD, TITLE_HEAD = 20, 24  # cells of them kept first, when the line is narrow
LINES_AT_ONCE = 16 << 20  # characters: a longer text's lines are counted in a worker (1 GB: about 1 s)
COUNT_AT_MOST = 1 << 20  # characters of words counted for the time left; past that, estimated from doc.words


@dataclass(eq=False)
class OpenDocument:
    """The document the reading screen shows and what is known of it. Each
    document opened gets a new one: nothing of the one before carries over."""

    doc: Document
    reading: ReadingText | None = None  # its text, once read (None: on its way, or unreadable)
    loading: bool = True  # read in a worker, not yet shown
    from_search: bool = False  # opened at a hit of search all: closing find goes back to the hits
    outline: list[Entry] = field(default_factory=list)  # built in a worker: empty until then
    outlined: bool = False  # ... and built (an empty outline then means: no structure)
    # Re-anchoring's results (annotation id -> where), and the text they are for.
    anchoring: tuple[str, dict[str, Anchored]] | None = None
    goto: int | None = None  # where to put the cursor once shown (a jump back), not where the reader left it
    # A big text's lines are counted in a worker before the status line says them.
    counting_lines: bool = False
    lines_counted: bool = False
    words: WordCounts | None = None  # its words, counted a block at a time as the time left needs them
    _sha: tuple[ReadingText, str] | None = None
    _lines: LineIndex | None = None

    def lines(self, text: str) -> LineIndex:
        """The line numbers of `text` (its reading text), counted once."""
        if self._lines is None or self._lines.text is not text:
            self._lines = LineIndex(text)
        return self._lines

    def sha256(self) -> str:
        """Of its reading text, computed once."""
        reading = self.reading
        if reading is None:
            return ""
        if self._sha is None or self._sha[0] is not reading:
            self._sha = (reading, text_sha256(reading.text))
        return self._sha[1]


@dataclass
class LinesCounted(Message):
    """The lines of a big document's text were counted in a worker."""

    opened: OpenDocument


class ReadingParts(Screen[None]):
    """The reading screen's state: the sidebar, the pane and the lines under
    it, and the open document (`document`, None before the first)."""

    def __init__(self, corpus: Corpus, notes: Later[Notebook], positions: Positions, config: Config) -> None:
        """`notes`: the app's notebook, made when first used."""
        super().__init__()
        self.corpus = corpus
        self._notes = notes
        self.positions = positions
        self.config = config
        self.sidebar = Sidebar(corpus.documents, self._notes_of, positions.fraction, id="sidebar")
        self.pane = ReadingPane(id="reading")
        self.note_line = NoteLine(id="note-line")
        self.find_bar = FindBar(id="find")
        self.status = StatusLine(id="status")
        self.document: OpenDocument | None = None
        self._position_timer: Timer | None = None  # writes the reading position once the reader stops
        self.jumps = JumpList()  # where jumps came from, in this session: ctrl+o, ctrl+n, ''
        self._find_began: tuple[int, int] | None = None  # (top, cursor) when `/` was pressed: esc returns there
        self._find_asked = 0  # the pane's `touched` when find was last asked to move the reader

    @property
    def notebook(self) -> Notebook:
        return self._notes()

    @property
    def notebook_made(self) -> Notebook | None:
        """The notebook if it is made already (asking the notebook makes it)."""
        return self._notes.made

    def _notes_of(self, rel: str) -> tuple[int, tuple[int, int]]:
        """The sidebar's counts of a document's notes: (annotations, (to
        review, orphaned)); none before the notebook is made, when they are
        not counted yet either."""
        notebook = self._notes.made
        if notebook is None:
            return 0, (0, 0)
        return notebook.counts.get(rel, 0), notebook.attention.get(rel, (0, 0))

    @property
    def current(self) -> Document | None:
        """The document shown (or being opened)."""
        return self.document.doc if self.document else None

    @property
    def reading(self) -> ReadingText | None:
        """Its reading text, once read."""
        return self.document.reading if self.document else None

    def open_document(self, doc: Document, focus: bool = True, goto: int | None = None, jump: bool = True) -> None:
        """Show `doc`; `focus` moves to the reading pane (ReadingScreen does)."""
        raise NotImplementedError

    def record_jump(self) -> None:
        """A jump starts here: ctrl+o (and '') will come back."""
        doc = self.current
        if doc is not None and self.pane.text:
            self.jumps.record(self.here(doc))

    def here(self, doc: Document) -> Place:
        return Place(doc.rel, self.pane.cursor, self.pane.top)

    def section(self) -> Entry | None:
        """The outline's entry the cursor is in."""
        if self.document is None or not self.document.outline:
            return None
        from ..core.text.outline import section_at  # not before an outline is made

        return section_at(self.document.outline, self.pane.cursor)

    def update_status(self) -> None:
        doc = self.current
        if doc is None:
            return
        pane, reading = self.pane, self.reading
        if pane.partial:
            parts = [Part("reading…", 9)]
        elif reading is None or not pane.text or self.document is None:
            parts = [Part(reading.encoding if reading else (doc.problem or ""), 9)]
        else:
            parts = self._where(self.document, reading.text)
        if pane.typed_count:  # as vim shows a count being typed
            parts = [Part(pane.typed_count, 10), *parts]
        # The label: two editions of one title say which this is.
        self.status.show([Part(doc.label, 10, head=TITLE_HEAD, rest_keep=5), Part(printable_line(doc.rel), 3)], parts)

    def _where(self, opened: OpenDocument, text: str) -> list[Part]:
        """Where the reader is; the higher a part's keep, the sooner it has
        room (the title's start 10, its rest 5, the file name 3)."""
        section = self.section()
        title = ""
        if section is not None:
            title = section.title
            if len(title) > SECTION_MAX:
                title = title[: SECTION_MAX - 1].rstrip() + "…"
        line = self._line(opened, text)
        return [
            Part(title, 7, head=SECTION_HEAD, rest_keep=4),
            Part(self._time_left(opened, text), 6),
            Part(f"L {line:,}" if line else "", 8),
            Part(opened.reading.encoding if opened.reading else "", 1),
            Part(f"{int(self.pane.fraction * 100)}%", 9),
        ]

    def _line(self, opened: OpenDocument, text: str) -> int | None:
        """The line of the original text the cursor is on (None while a big text's lines are counted)."""
        lines = opened.lines(text)
        if len(text) > LINES_AT_ONCE and not opened.lines_counted:  # at once, it would hold the first frame
            if not opened.counting_lines:
                opened.counting_lines = True
                self._count_lines(opened, lines)
            return None
        return lines.line_of(self.pane.cursor)

    @work(thread=True, group="lines", description="lines")
    def _count_lines(self, opened: OpenDocument, lines: LineIndex) -> None:
        lines.count  # noqa: B018 - counting them is the point
        self.post_message(LinesCounted(opened))

    def on_lines_counted(self, message: LinesCounted) -> None:
        message.opened.lines_counted = True
        if message.opened is self.document:
            self.update_status()

    def _time_left(self, opened: OpenDocument, text: str) -> str:
        """The time left in the section (to the next outline entry's start),
        or in the document when it has no outline."""
        cursor = self.pane.cursor
        end = next((entry.start for entry in opened.outline if entry.start > cursor), len(text))
        if end - cursor <= COUNT_AT_MOST:
            if opened.words is None:
                opened.words = WordCounts(text)
            return time_left(opened.words.between(cursor, end))
        words = opened.doc.words
        return time_left(round(words * (end - cursor) / len(text))) if words else ""
