"""The footer of every screen: the keys of the focused widget and its
screen, on one line, each a click away."""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from .safe import shown


class FooterKey(NamedTuple):
    key: str  # what a click presses (the binding's first key)
    display: str  # the key as shown (the user's keymap, ^ for ctrl)
    description: str
    enabled: bool


class Footer(Widget, can_focus=False):
    """One widget for the whole line, drawn again only when the keys it
    shows change. Textual's footer is a widget a key, all of them built,
    mounted and styled anew at every focus change: twenty to forty
    milliseconds each time, and the first screen's last frames.

    It looks as Textual's does: each key, then what it does; the command
    palette's key at the right end; keys past the width left out."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--hover", "footer--separator"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .footer--description { color: $footer-description-foreground; background: $footer-description-background; }
        & > .footer--hover { background: $block-hover-background; }
        & > .footer--separator { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[FooterKey, ...] = ()  # left to right
        self.palette: FooterKey | None = None  # at the right end
        self._hover: FooterKey | None = None
        self._spans: list[tuple[int, int, FooterKey]] = []  # cells each key takes, as last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)  # in the first frame, not after it

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:  # the terminal lost the focus: the keys stay as they were
            return
        keys: list[FooterKey] = []
        actions: set[str] = set()
        palette = None
        app = self.app
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = FooterKey(binding.key, app.get_key_display(binding), binding.description, enabled)
            elif binding.show and binding.action not in actions:  # one key of those that do the same
                actions.add(binding.action)
                keys.append(FooterKey(binding.key, app.get_key_display(binding), binding.description, enabled))
        if (tuple(keys), palette) != (self.keys, self.palette):
            self.keys, self.palette = tuple(keys), palette
            self.refresh()

    def render(self) -> Content:
        right = Content()
        if self.palette is not None:  # as Textual's: after a thin bar, compact
            right = Content.assemble(
                ("▏", self.get_visual_style("footer--separator")), self._item(self.palette, compact=True), " "
            )
        room = max(0, self.size.width - right.cell_length)
        parts: list[Content] = []
        spans: list[tuple[int, int, FooterKey]] = []
        x = 0
        for item in self.keys:
            if x >= room:
                break
            part = self._item(item)
            parts.append(part)
            spans.append((x, min(x + part.cell_length, room), item))  # a key cut short: what shows of it
            x += part.cell_length
        left = Content("").join(parts).truncate(room)
        if self.palette is not None:
            start = room + 1
            spans.append((start, start + self._item(self.palette, compact=True).cell_length, self.palette))
        self._spans = spans
        return Content.assemble(left.extend_right(room - left.cell_length), right)

    def _item(self, item: FooterKey, compact: bool = False) -> Content:
        """` key description ` as Textual's footer draws a key; `compact`:
        `key description` (the palette's)."""
        style = Style(dim=True) if not item.enabled else Style()
        if item == self._hover:
            style += self.get_visual_style("footer--hover")
        key = shown(item.display).plain
        parts = [(key if compact else f" {key} ", self.get_visual_style("footer--key") + style)]
        if item.description:
            description = shown(item.description).plain
            parts.append(
                (
                    f" {description}" if compact else f"{description} ",
                    self.get_visual_style("footer--description") + style,
                )
            )
        return Content.assemble(*parts)

    def _at(self, x: int) -> FooterKey | None:
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._at(event.x))

    def on_leave(self, _: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, item: FooterKey | None) -> None:
        if item != self._hover:
            self._hover = item
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        # As Textual's footer: the key is pressed for the reader.
        item = self._at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
