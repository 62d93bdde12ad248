"""Data made safe to draw. Every string that comes from a document, a file
name, an annotation, the config or an imported file reaches the terminal
through `shown`: control characters become visible symbols (an ESC would
otherwise start a sequence that sets the title, the clipboard or wipes the
screen), and the text is never read as markup (`[bold]` shows as typed).

The inputs here keep what is typed or pasted into them drawable in the same
way: a paste is data too."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input

from ..core.text.decoding import make_printable, printable_line

if TYPE_CHECKING:
    _MixedInto = Widget  # what TypedInOrder is mixed into, as the type checker sees it
else:
    _MixedInto = object  # a plain mixin: a Widget base here would set can_focus=False on the input


def shown(text: str, style: str = "", *, lines: bool = False) -> Content:
    """`text` as it may be drawn, in `style`: one line (newlines and tabs as
    spaces) unless `lines`, where newlines and tabs stay. The length in
    characters is kept, so offsets into `text` (matches) still apply."""
    printable = make_printable(text) if lines else printable_line(text)
    return Content.styled(printable, style) if style else Content(printable)


def when_through(node: DOMNode, callback: Callable[[], None]) -> None:
    """Call `callback`, in the app's turn, once every message sent to `node`
    so far has gone up its ancestors to the app and been handled there.

    Each node passes a key it leaves alone on to its parent's queue, in
    order, so a callback queued behind it at each step comes after it."""
    hops = node.ancestors_with_self  # node, its parents, the screen, the app

    def step(index: int) -> None:
        if index == len(hops) or not hops[index].call_later(step, index + 1):
            callback()  # the app's turn came (or a closed node holds nothing)

    step(0)


class EarlierKeys:
    """Keys still on their way up to the app from some widgets: a queue that
    waits for them (`wait`) takes what comes after them in the order typed."""

    def __init__(self) -> None:
        self._pending = 0  # routes (and holds) not through yet
        self._through = asyncio.Event()
        self._through.set()

    def hold(self) -> None:
        """Wait from now on, until `release`."""
        self._pending += 1
        self._through.clear()

    def release(self) -> None:
        self._pending -= 1
        if not self._pending:
            self._through.set()

    def come_from(self, *sources: DOMNode) -> None:
        """Wait for the keys sent to `sources` so far."""
        for source in sources:
            self.hold()
            when_through(source, self.release)

    async def wait(self) -> None:
        await self._through.wait()


class TypedInOrder(_MixedInto):
    """Mixed into an Input or TextArea: what is typed or pasted fast goes in
    whole and in the order typed.

    Two things reorder a fast burst in Textual. Keys typed right after the
    one that moves the focus here are still on their way up from the widget
    focused before (`take_focus` waits for them). And Textual runs a key's
    binding (backspace, the arrows, enter) only once the key has gone up,
    widget by widget, to the app, while it types a letter in at once: a
    backspace and a letter typed fast would delete the letter. A key bound
    on this widget acts here instead, in its turn, as the app would have run
    it (the focused widget's bindings come first)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earlier_keys = EarlierKeys()
        # A key here moved the focus on (hand_over): the keys behind it in
        # this queue are for where it went. (Not any blur: keys typed before
        # a tab handled elsewhere may still be on their way here.)
        self._left = False
        self._handing = False  # ... and it is still moving: those keys wait

    def _on_focus(self, event: events.Focus) -> None:
        # Not a Focus still queued from before a hand_over that followed it
        # in the app's turn (the filter's enter, typed at once after `/`).
        if self.screen.focused is self and not self._handing:
            self._left = False

    def hand_over(self) -> None:
        """The key being handled here moves the focus on (enter in the find
        bar: to the text): keys sent here after it wait (until
        `handed_over`, once the focus has moved), then go where it went."""
        if not self._left:
            self._left = True
            self.earlier_keys.hold()
            self._handing = True

    def handed_over(self) -> None:
        if self._handing:
            self._handing = False
            self.earlier_keys.release()

    @property
    def left(self) -> bool:
        """A key here moved the focus on (`hand_over`): keys for it, also
        those the app would type in (see ReaderApp.on_key), go where it went."""
        return self._left

    def take_focus(self, *earlier: Widget) -> None:
        """Focus at once, keys typed before first.

        The app sends each key to the widget focused when it comes (or to the
        screen); one its target leaves alone goes up widget by widget to the
        app, which types it into the focused input (type_into). So keys
        typed right after the one that moved the focus here are still on
        their way up from `earlier` (default: the widget focused until now,
        else the screen) while later ones already reach this input: those
        wait until the earlier ones are in."""
        screen = self.screen
        sources = earlier or (screen.focused or screen,)
        screen.set_focus(self)
        # Not through itself: its own queue waits, the route would never end.
        self.earlier_keys.come_from(*(source for source in sources if source is not self))

    async def _on_key(self, event: events.Key) -> None:
        # Runs before the widget's own handler: its queue (every key sent
        # here after the ones still on their way) holds still meanwhile.
        await self.earlier_keys.wait()
        focused = self.screen.focused
        if self._left and focused is not None and focused is not self and self.screen is self.app.screen:
            # Typed fast after the key that moved the focus away (enter in
            # the find bar: to the text), it was sent here before the focus
            # moved: it is for the widget focused now, as the app sends it on.
            event.stop()
            event.prevent_default()
            forwarded = events.Key(event.key, event.character)
            forwarded._set_forwarded()
            focused.post_message(forwarded)
            return
        # The map App._check_bindings reads: this widget's own bindings.
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # not also the widget's own key handler
                return

    async def _on_paste(self, event: events.Paste) -> None:
        await self.earlier_keys.wait()


def type_into(target: Widget | None, text: str) -> bool:
    """Type (or paste) `text` into `target` as the keyboard would, if it is
    an input or a text area; say whether it was. For keys that reach the
    app after the focus moved on from the widget they were sent to."""
    if isinstance(target, Input):
        selection = target.selection
        line = text.splitlines()[0] if text else ""  # an Input takes a paste's first line
        if selection.is_empty:
            target.insert_text_at_cursor(line)
        else:
            target.replace(line, *selection)
        return True
    if isinstance(target, TypedInOrder):  # not an Input: the note editor's text area
        from .safe_text_area import SafeTextArea  # imported with the note editor

        if isinstance(target, SafeTextArea) and not target.read_only:
            target.replace(text, *target.selection, maintain_selection_offset=False)
            return True
    return False


# Textual calls each class's _on_paste in turn: TypedInOrder's (which waits
# for earlier keys) then Input's, whatever their types.
class SafeInput(TypedInOrder, Input):  # type: ignore[misc]
    """An Input whose typed or pasted text is made printable as it comes in,
    and arrives whole and in order (TypedInOrder)."""

    def replace(self, text: str, start: int, end: int) -> None:
        # Typing, pasting and insert_text_at_cursor all end here.
        super().replace(shown(text).plain, start, end)
