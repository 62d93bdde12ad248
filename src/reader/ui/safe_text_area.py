"""The note editor's text area (safe.py's rules for what is typed in). Apart
from safe.py, and imported with the note editor: Textual's TextArea brings
its document model and tree-sitter, which the first screen does not need."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from .safe import TypedInOrder, shown


class SafeTextArea(TypedInOrder, TextArea):
    """A TextArea whose typed or pasted text is made printable as it comes in
    (its text as loaded is the caller's to make printable), and arrives
    whole and in order (TypedInOrder)."""

    def edit(self, edit: Edit) -> EditResult:
        # Every change (keys, paste, the API) is an Edit that passes here.
        printable = shown(edit.text, lines=True).plain
        return super().edit(edit if printable == edit.text else replace(edit, text=printable))
