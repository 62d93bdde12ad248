"""Data made safe to draw. Every string that comes from a document, a file
name, an annotation, the config or an imported file reaches the terminal
through `shown`: control characters become visible symbols (an ESC would
otherwise start a sequence that sets the title, the clipboard or wipes the
screen), and the text is never read as markup (`[bold]` shows as typed).

The inputs here keep what is typed or pasted into them drawable in the same
way: a paste is data too."""

from __future__ import annotations

from dataclasses import replace

from textual.content import Content
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from ..core.text import make_printable, printable_line


def shown(text: str, style: str = "", *, lines: bool = False) -> Content:
    """`text` as it may be drawn, in `style`: one line (newlines and tabs as
    spaces) unless `lines`, where newlines and tabs stay. The length in
    characters is kept, so offsets into `text` (matches) still apply."""
    printable = make_printable(text) if lines else printable_line(text)
    return Content.styled(printable, style) if style else Content(printable)


class SafeInput(Input):
    """An Input whose typed or pasted text is made printable as it comes in."""

    def replace(self, text: str, start: int, end: int) -> None:
        # Typing, pasting and insert_text_at_cursor all end here.
        super().replace(shown(text).plain, start, end)


class SafeTextArea(TextArea):
    """A TextArea whose typed or pasted text is made printable as it comes in
    (its text as loaded is the caller's to make printable)."""

    def edit(self, edit: Edit) -> EditResult:
        # Every change (keys, paste, the API) is an Edit that passes here.
        printable = shown(edit.text, lines=True).plain
        return super().edit(edit if printable == edit.text else replace(edit, text=printable))
