"""The note editor (`a`, `e`): a note in Markdown and its tags, over the
reading screen. `ctrl+s` saves; `esc` cancels, asking first if anything was
typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from .safe import SafeInput, shown
from .safe_text_area import SafeTextArea

QUOTE = 300  # characters of the passage shown above the note


@dataclass(frozen=True)
class NoteEdit:
    note: str
    tags: tuple[str, ...]


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as words separated by spaces or commas; a leading # is dropped."""
    tags = (tag.lstrip("#") for tag in re.split(r"[\s,]+", text))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


class NoteEditor(ModalScreen[NoteEdit | None]):
    KEYS = [  # as the help lists them
        # Not a priority binding: those act as the key arrives, before the
        # keys typed just ahead of it reach the text area (a fast typist or a
        # paste would lose the end of the note).
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        # Priority, unlike those: the focus moves as tab arrives, so the keys
        # typed before it go into the field they were sent to and those after
        # it into the other one, however fast they come.
        Binding("tab", "next_field", "Note ↔ tags", priority=True, id="note.next_field"),
        Binding("shift+tab", "previous_field", "Tags ↔ note", priority=True, id="note.previous_field"),
    ]
    # A priority binding acts only on a key's arrival: the same, for a tab
    # that was sent to the reading pane just before this editor opened, and
    # so reaches the app the long way. Its twin keeps its id: a key the user
    # binds to it moves both.
    BINDINGS = [*KEYS, *(replace(binding, priority=False) for binding in KEYS if binding.priority)]

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > #note-dialog {
        width: 80%; max-width: 100; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NoteEditor #note-quote { color: $text-muted; text-style: italic; max-height: 5; margin-bottom: 1; }
    NoteEditor TextArea { height: 10; }
    NoteEditor Input { margin-top: 1; }
    NoteEditor #note-keys { color: $text-muted; margin-top: 1; }
    NoteEditor #note-confirm { display: none; color: $warning; text-style: bold; }
    NoteEditor.-confirming #note-confirm { display: block; }
    """

    def __init__(
        self,
        quote: str,
        note: str = "",
        tags: tuple[str, ...] = (),
        title: str = "Note",
        save: Callable[[NoteEdit], bool] | None = None,
    ) -> None:
        """`save` stores an edit and says whether it could: a refused save
        keeps the editor open with everything typed."""
        super().__init__()
        self._store = save
        self.quote = quote
        self.original = NoteEdit(note, tags)
        # What the fields show at first: the note and tags with their control
        # characters made visible. Left as shown, they are saved as they were.
        self.shown_at_first = NoteEdit(shown(note, lines=True).plain, parse_tags(shown(" ".join(tags)).plain))
        self.title_text = title
        self.ready = False  # its note has the focus, and takes the keys typed (on mount)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = shown(self.title_text)
            quote = self.quote if len(self.quote) <= QUOTE else self.quote[:QUOTE] + "…"
            yield Static(shown(f"“{quote}”"), id="note-quote")
            yield SafeTextArea(self.shown_at_first.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            # Not select_on_focus: its Focus event may come after the keys typed
            # right after tab, and the selection would let the next key replace them.
            yield SafeInput(
                " ".join(self.shown_at_first.tags),
                placeholder="tags, separated by spaces",
                id="note-tags",
                select_on_focus=False,
            )
            yield Static(
                Content.from_markup("[b]ctrl+s[/b] save   [b]esc[/b] cancel   [b]tab[/b] note ↔ tags"), id="note-keys"
            )
            yield Static(
                Content.from_markup("Discard the changes?  [b]esc[/b] discard   [b]ctrl+s[/b] save   or go on typing"),
                id="note-confirm",
            )

    def on_mount(self) -> None:
        area = self.query_one(SafeTextArea)
        area.move_cursor(area.document.end)
        # Keys typed right after the `a` or `e` that opened the editor are
        # still on their way up from the reading pane, or were sent to this
        # screen before anything here had the focus: they go in first.
        stack = self.app.screen_stack
        below = stack[-2].focused if len(stack) > 1 else None
        area.take_focus(self, *([below] if below else []))
        self.ready = True

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    @property
    def edit(self) -> NoteEdit:
        """The note and tags as they are to be saved: each as it was unless
        the user changed what the field showed."""
        note = self.query_one(TextArea).text.strip("\n")
        tags = parse_tags(self.query_one("#note-tags", Input).value)
        return NoteEdit(
            self.original.note if note == self.shown_at_first.note.strip("\n") else note,
            self.original.tags if tags == self.shown_at_first.tags else tags,
        )

    def action_save(self) -> None:
        edit = self.edit
        if self._store is None or edit == self.original or self._store(edit):
            self.dismiss(edit)

    def action_cancel(self) -> None:
        if self.has_class("-confirming") or self.edit == self.original:
            self.dismiss(None)
        else:
            self.add_class("-confirming")

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _editing(self) -> None:
        self.remove_class("-confirming")  # typing again answers "go on editing"
