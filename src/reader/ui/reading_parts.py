"""What the parts of the reading screen share, declared once: the library's
services it is given, the widgets it owns, and the open document's state.

The screen is put together from subjects (annotating.py, navigating.py,
reading_screen.py), each a subclass of ReadingParts; ReadingScreen is all
of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.screen import Screen
from textual.timer import Timer

from ..core.annotations.anchoring import Anchored
from ..core.annotations.notebook import Notebook
from ..core.config import Config
from ..core.jumps import JumpList, Place
from ..core.library.corpus import Corpus, Document
from ..core.positions import Positions
from ..core.text.decoding import printable_line
from ..core.text.lines import LineIndex
from ..core.text.outline import Entry, section_at
from ..core.text.reading import ReadingText, text_sha256
from .find_bar import FindBar
from .note_line import NoteLine
from .reading_pane import ReadingPane
from .sidebar import Sidebar
from .status_line import StatusLine

SECTION_MAX = 40  # characters of the section's title in the status line


@dataclass(eq=False)
class OpenDocument:
    """The document the reading screen shows and what is known of it. Each
    document opened gets a new one: nothing of the one before carries over."""

    doc: Document
    reading: ReadingText | None = None  # its text, once read (None: on its way, or unreadable)
    loading: bool = True  # read in a worker, not yet shown
    from_search: bool = False  # opened at a hit of search all: closing find goes back to the hits
    outline: list[Entry] = field(default_factory=list)  # built in a worker: empty until then
    # Re-anchoring's results (annotation id -> where), and the text they are for.
    anchoring: tuple[str, dict[str, Anchored]] | None = None
    goto: int | None = None  # where to put the cursor once shown (a jump back), not where the reader left it
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


class ReadingParts(Screen[None]):
    """The reading screen's state: the sidebar, the pane and the lines under
    it, and the open document (`document`, None before the first)."""

    def __init__(self, corpus: Corpus, notebook: Notebook, positions: Positions, config: Config) -> None:
        super().__init__()
        self.corpus = corpus
        self.notebook = notebook
        self.positions = positions
        self.config = config
        self.sidebar = Sidebar(corpus.documents, notebook.counts, positions.fraction, notebook.attention, id="sidebar")
        self.pane = ReadingPane(id="reading")
        self.note_line = NoteLine(id="note-line")
        self.find_bar = FindBar(id="find")
        self.status = StatusLine(id="status")
        self.document: OpenDocument | None = None
        self._position_timer: Timer | None = None  # writes the reading position once the reader stops
        self.jumps = JumpList()  # where jumps came from, in this session: ctrl+o, ctrl+n, ''
        self._find_began: tuple[int, int] | None = None  # (top, cursor) when `/` was pressed: esc returns there

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
        return section_at(self.document.outline, self.pane.cursor) if self.document else None

    def update_status(self) -> None:
        doc = self.current
        if doc is None:
            return
        pane, reading = self.pane, self.reading
        if pane.partial:
            detail = "reading…"
        elif reading is None or not pane.text:
            detail = reading.encoding if reading else (doc.problem or "")
        else:
            section = self.section()
            where = ""
            if section is not None:
                title = section.title
                if len(title) > SECTION_MAX:
                    title = title[: SECTION_MAX - 1].rstrip() + "…"
                where = f"{title}  ·  "
            detail = f"{where}{reading.encoding}  {int(pane.fraction * 100)}%"
        self.status.show(f"{doc.title} — {printable_line(doc.rel)}", detail)
