"""Annotating on the reading screen: highlights, notes, their panel and
their export, and the open document's annotations drawn and re-anchored.
What is drawn where, and what the panel says of each note, is decided in
core/annotations/marks.py; here it is shown and acted on."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.style import Style
from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from ..core.library.corpus import Document
from ..core.text.reading import ReadingText
from .reading_pane import Highlight
from .reading_parts import ReadingParts

# Core's annotations modules are imported where first used, once the first
# screen is drawn (~15 ms at start); the modal screens when first opened.
if TYPE_CHECKING:
    from ..core.annotations.anchoring import Anchored
    from ..core.annotations.model import Annotation, AnnotationSet
    from .note_editor import NoteEdit
    from .notes_panel import NoteChoice, NoteRow


@dataclass
class AnnotationsLoaded(Message):
    """The annotations of this document were read in a worker (or failed to be)."""

    doc: Document


@dataclass
class Reanchored(Message):
    """The annotations of `doc`, made on another version of it, were placed in `text`."""

    doc: Document
    text: str
    results: dict[str, Anchored]  # annotation id -> where it is now and how sure
    changed: set[str]  # ids placed with confidence on other words than their quote's


@dataclass
class Reanchoring(Message):
    doc: Document
    done: int
    total: int


class Annotating(ReadingParts):
    """The reading screen's annotation actions (1-9, a, e, x, u, ], [, t, E)."""

    def _open_annotations(self) -> None:
        """Load the open document's annotations in a worker (10,000 take
        0.2 s to read), then draw them, or say why they cannot be used.
        The worker starts once the text is drawn: the first screen does not
        wait for the notebook's imports, nor share the interpreter with them."""
        doc, reading = self.current, self.reading
        if doc is None or reading is None or self.pane.partial:
            return
        notebook = self.notebook_made
        if notebook is not None and notebook.get(doc.rel) is not None:
            self._show_annotations()
        else:
            self.pane.set_highlights([])
            self.call_after_refresh(self._load_annotations, doc, reading)

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
        self._show_annotations()

    def _show_annotations(self) -> None:
        """Draw the open document's annotations, after they are loaded or
        changed. All in place: the sidebar stops marking it. Else re-anchoring
        looks for the others (once for its text)."""
        in_place = self._draw_annotations()
        doc = self.current
        if doc is not None and in_place and self.notebook.in_place(doc.rel):
            self.sidebar.refresh_documents([doc])  # re-attached or deleted: nothing left to look at
        self._maybe_reanchor(in_place)

    def _draw_annotations(self) -> bool:
        """Draw them as core decides (marks.marks); whether all are in place."""
        from ..core.annotations.marks import marks

        doc = self.current
        aset = self.notebook.get(doc.rel) if doc else None
        drawn = marks(aset.annotations.values() if aset else (), self.pane.text, self._anchoring())
        # Filled with its kind's colour; offered for review: coloured and underlined, not filled.
        styles: dict[tuple[str, bool], Style] = {}
        for kind in self.config.kinds:
            styles[kind.name, False] = filled = Style(bgcolor=kind.color, color="#1b1b1b")
            styles[kind.name, True] = Style(color=filled.bgcolor, underline=True, bold=True)
        first = self.config.kinds[0].name  # for a kind the config no longer has
        self.pane.set_highlights(
            [
                (m.start, m.end, Highlight(m.id, styles.get((m.kind, m.review), styles[first, m.review]), m.noted))
                for m in drawn.marks
            ]
        )
        self._show_note_under_cursor()
        return drawn.in_place

    def _colors(self) -> dict[str, str]:
        return {kind.name: kind.color for kind in self.config.kinds}

    # -- re-anchoring ----------------------------------------------------------------

    def _anchoring(self) -> dict[str, Anchored] | None:
        """Re-anchoring's results for the open document's text, if it ran."""
        found = self.document.anchoring if self.document else None
        return found[1] if found and found[0] is self.pane.text else None

    def _maybe_reanchor(self, in_place: bool) -> None:
        doc, reading = self.current, self.reading
        aset = self.notebook.get(doc.rel) if doc else None
        if (
            in_place
            or doc is None
            or aset is None
            or not aset.annotations
            or reading is None
            or self._anchoring() is not None
            or self.notebook.error(doc.rel)
        ):
            return
        self._reanchor(doc, reading, list(aset.annotations.values()), aset.document.sha256)

    @work(thread=True, exclusive=True, group="reanchor", description="re-anchor annotations")
    def _reanchor(self, doc: Document, reading: ReadingText, annotations: list[Annotation], sha256: str) -> None:
        from ..core.annotations.placing import place

        worker = get_current_worker()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.monotonic() - last[0] > 0.2:
                last[0] = time.monotonic()
                self.post_message(Reanchoring(doc, done, total))

        placed = place(annotations, sha256, reading, progress, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(Reanchored(doc, reading.text, placed.states, placed.changed))

    def on_reanchoring(self, message: Reanchoring) -> None:
        if message.doc is self.current:
            self.status.show(f"{message.doc.title} — re-anchoring its annotations", f"{message.done}/{message.total}")

    def on_reanchored(self, message: Reanchored) -> None:
        from ..core.annotations.anchoring import State
        from ..core.annotations.marks import moved
        from ..core.annotations.model import DocumentInfo

        doc, results = message.doc, message.results
        opened = self.document
        if opened is not None and doc is opened.doc:
            opened.anchoring = (message.text, results)
        self.notebook.placed(doc.rel, results, message.changed)
        self.sidebar.refresh_documents([doc])
        aset = self.notebook.get(doc.rel)
        if aset is None or opened is None or doc is not opened.doc or opened.reading is None:
            return
        placed = all(r.confident for r in results.values())
        info = DocumentInfo(doc.rel, opened.sha256(), len(message.text), opened.reading.encoding) if placed else None
        self._save(self.notebook.reanchored, doc.rel, moved(aset.annotations, results, message.text), info)
        counts = {state: sum(r.state is state for r in results.values()) for state in State}
        if counts[State.FUZZY] or counts[State.ORPHANED] or counts[State.MOVED]:
            self.notify(
                f"The document changed since it was annotated: {counts[State.EXACT]} in place, "
                f"{counts[State.MOVED]} moved, {counts[State.FUZZY]} to review, "
                f"{counts[State.ORPHANED]} orphaned" + (" (t lists them)." if not placed else "."),
                title="Annotations re-anchored",
                timeout=10,
            )
        self.update_status()

    def _forget_anchoring(self, id: str) -> None:
        found = self.document.anchoring if self.document else None
        if found:
            found[1].pop(id, None)

    # -- the annotation under the cursor -------------------------------------------------

    def _annotation_under_cursor(self) -> Annotation | None:
        doc, notebook = self.current, self.notebook_made  # no notebook yet: nothing is drawn
        aset = notebook.get(doc.rel) if doc and notebook else None
        here = self.pane.highlights_at(self.pane.cursor)
        return aset.annotations.get(here[-1][2].id) if aset and here else None

    def _show_note_under_cursor(self) -> None:
        annotation = self._annotation_under_cursor()
        self.note_line.show(annotation, self._colors().get(annotation.kind, "") if annotation else "")

    # -- changes -----------------------------------------------------------------

    def _can_annotate(self) -> bool:
        doc = self.current
        if doc is None or self.reading is None or not self.pane.text or self.pane.partial:
            self.notify(
                "Open a document first." if doc is None or not self.pane.text else "The document is still being read.",
                severity="warning",
            )
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
            self.notify(
                "Select a passage first: v, then w ) } or the arrows (or drag with the mouse).", severity="warning"
            )
            return None
        from ..core.annotations.marks import trimmed

        return trimmed(self.pane.text, *selection)

    def _save(self, change: Callable[..., Any], *args: Any, **changes: Any) -> Any:
        """Run a notebook change and show the annotations as they are now: its
        result (True for none), or None when the file cannot be written,
        which is said, never overwritten."""
        from ..core.annotations.model import StoreError

        try:
            result = change(*args, **changes)
        except (StoreError, OSError, ValueError) as err:  # ValueError: more than a file may hold (store.MAX_NOTE)
            # The notebook undid the change: the screen shows what is on disk.
            why = f"{err.strerror}: {err.filename}" if isinstance(err, OSError) and err.strerror else str(err)
            self.notify(f"{why} — the change is undone.", title="Not saved", severity="error", timeout=15)
            if self.current is not None:
                self._show_annotations()
            return None
        if self.current is not None:
            self.sidebar.refresh_documents([self.current])
        self._show_annotations()
        return result if result is not None else True

    def action_highlight(self, number: int) -> Annotation | None:
        doc = self.current
        if not self._can_annotate() or doc is None or number > len(self.config.kinds):
            return None
        span = self._selected()
        if span is None:
            return None
        from ..core.annotations.model import make_annotation

        annotation = make_annotation(self.pane.text, *span, self.config.kinds[number - 1].name)
        if self._save(self.notebook.put, doc.rel, annotation) is None:
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
        doc = self.current
        if doc is None:
            return
        from .note_editor import NoteEditor

        rel = doc.rel

        def save(edit: NoteEdit) -> bool:
            # Saved while the editor is open: if the save is refused, it
            # stays open with everything typed.
            return self._save(self.notebook.edit, rel, annotation, note=edit.note, tags=edit.tags) is not None

        self.app.push_screen(NoteEditor(annotation.exact, annotation.note, annotation.tags, title, save))

    def action_delete(self) -> None:
        annotation = self._annotation_under_cursor()
        doc = self.current
        if annotation is None or doc is None:
            self.notify("No highlight under the cursor.", severity="warning")
        elif self._can_annotate() and self._save(self.notebook.delete, doc.rel, annotation.id):
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

    # -- the notes panel ---------------------------------------------------------

    def action_notes(self) -> None:
        from ..core.annotations.model import StoreError
        from .notes_panel import NoteRow, NotesPanel

        colors = self._colors()
        default = self.config.kinds[0].color
        titles = {doc.rel: doc.label for doc in self.corpus.documents}
        doc = self.current

        def rows(rel: str, aset: AnnotationSet, states: dict[str, str]) -> list[NoteRow]:
            return [
                NoteRow(rel, titles.get(rel, rel), a, colors.get(a.kind, default), states.get(a.id, ""))
                for a in aset.ordered()
            ]

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
                    found += rows(rel, aset, self._states(rel) if doc and rel == doc.rel else {})
            return found

        aset = self.notebook.get(doc.rel) if doc else None
        here = rows(doc.rel, aset, self._states(doc.rel)) if doc and aset else []
        self.app.push_screen(NotesPanel(here, everywhere), self._notes_choice)

    def _states(self, rel: str) -> dict[str, str]:
        """Annotation id -> what the panel says of it (marks.Standing), for the open document."""
        from ..core.annotations.marks import standings

        aset = self.notebook.get(rel)
        drawn = {h.id for _, _, h in self.pane.highlights.spans}
        found = standings(
            aset.annotations.values() if aset else (), drawn, self._anchoring(), self.notebook.changed.get(rel, set())
        )
        return {id: standing.value for id, standing in found.items()}

    def _notes_choice(self, choice: NoteChoice | None) -> None:
        from ..core.annotations.marks import suggested

        if choice is None:
            return
        row = choice.row
        doc = next((d for d in self.corpus.documents if d.rel == row.rel), None)
        if doc is None:
            return
        if choice.action == "jump":
            if doc is self.current:
                self.record_jump()
            self.open_document(doc)
            place = self._place_of(row)
            if place is not None:
                self.pane.move_cursor(place)
            elif row.state == "orphaned":
                self.notify(
                    "Orphaned: its passage is no longer in the text. Select where it belongs, "
                    "then t and ctrl+r re-attach it (ctrl+g deletes it).",
                    timeout=10,
                )
            return
        if doc is not self.current or not self._can_annotate():
            self.notify("Open the document of that note first.", severity="warning")
            return
        a = row.annotation
        if choice.action == "delete":
            if self._save(self.notebook.delete, doc.rel, a.id):
                self.notify("Deleted. u brings it back.")
            return
        if choice.action == "accept":
            span = suggested(self._anchoring(), a.id)
            if span is None:
                self.notify("No suggested place for this one: select the passage and use ctrl+r.", severity="warning")
                return
        else:
            span = self._selected()
            if span is None:
                return
        start, end = span
        self._forget_anchoring(a.id)
        self._save(self.notebook.reattach, doc.rel, a, self.pane.text, start, end)
        self.pane.clear_selection()
        self.pane.move_cursor(start)
        self.notify("Re-attached.")

    def _place_of(self, row: NoteRow) -> int | None:
        for start, _, highlight in self.pane.highlights.spans:
            if highlight.id == row.annotation.id:
                return start
        return None

    # -- export ------------------------------------------------------------------

    @property
    def exports_folder(self) -> Path:
        return self.notebook.store.folder.parent / "exports"

    def action_export(self) -> None:
        from .export_screen import ExportScreen

        doc = self.current

        def chosen(scope: str | None) -> None:
            if scope:
                self._export(scope, doc)

        self.app.push_screen(ExportScreen(doc.title if doc else None, str(self.exports_folder)), chosen)

    @work(thread=True, exclusive=True, group="export", description="export notes")
    def _export(self, scope: str, doc: Document | None) -> None:
        from ..core.export.exporting import collect, to_markdown, write_export
        from .export_screen import THIS

        only = doc.rel if scope == THIS and doc else None
        left_out: list[str] = []  # annotation files that do not parse: said, and the rest exported
        try:
            markdown = to_markdown(collect(self.corpus, self.notebook.store, doc=only, on_error=left_out.append))
            name = only.replace("/", "__") + ".md" if only else "notes.md"
            path = self.exports_folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_export(path, markdown)
        except (OSError, ValueError) as err:
            self.app.call_from_thread(self.notify, str(err), title="Not exported", severity="error", timeout=15)
            return
        self.app.call_from_thread(self._exported, path, markdown, left_out)

    def _exported(self, path: Path, markdown: str, left_out: list[str]) -> None:
        self.app.copy_to_clipboard(markdown)
        self.notify(f"Written to {path} and copied to the clipboard.", title="Notes exported")
        for problem in left_out:
            self.notify(problem, title="Left out of the export", severity="warning", timeout=15)
