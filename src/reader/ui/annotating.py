"""Annotating in the reader application: highlights, notes, their panel and
their export. A part of ReaderApp (a mixin), kept apart because it is a
subject of its own: it uses the app's notebook, pane, current document and
reading text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.style import Style
from textual import work
from textual.message import Message

from ..core.corpus import Document
from ..core.store import Annotation, StoreError, make_annotation, text_sha256
from ..core.text import ReadingText
from .export_screen import THIS, ExportScreen
from .note_editor import NoteEdit, NoteEditor
from .notes_panel import NoteRow, NotesPanel
from .reading_pane import Highlight


@dataclass
class AnnotationsLoaded(Message):
    """The annotations of this document were read in a worker (or failed to be)."""

    doc: Document


class Annotating:
    """ReaderApp's annotation actions (1-9, a, e, x, u, ], [, t, E)."""

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

    # -- export ------------------------------------------------------------------

    @property
    def exports_folder(self) -> Path:
        return self.notebook.store.folder.parent / "exports"

    def action_export(self) -> None:
        doc = self.current
        self.push_screen(ExportScreen(doc.title if doc else None, str(self.exports_folder)),
                         lambda scope: scope and self._export(scope, doc))

    @work(thread=True, exclusive=True, group="export", description="export notes")
    def _export(self, scope: str, doc: Document | None) -> None:
        from ..core.export import collect, to_markdown, write_export

        only = doc.rel if scope == THIS and doc else None
        left_out: list[str] = []  # annotation files that do not parse: said, and the rest exported
        try:
            markdown = to_markdown(collect(self.corpus, self.notebook.store, doc=only, on_error=left_out.append))
            name = only.replace("/", "__") + ".md" if only else "notes.md"
            path = self.exports_folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_export(path, markdown)
        except (OSError, ValueError) as err:
            self.call_from_thread(self.notify, str(err), title="Not exported", severity="error", timeout=15)
            return
        self.call_from_thread(self._exported, path, markdown, left_out)

    def _exported(self, path: Path, markdown: str, left_out: list[str]) -> None:
        self.copy_to_clipboard(markdown)
        self.notify(f"Written to {path} and copied to the clipboard.", title="Notes exported")
        for problem in left_out:
            self.notify(problem, title="Left out of the export", severity="warning", timeout=15)

