"""The footer of every screen: the keys of the focused widget and its
screen, on one line, each a click away."""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from .safe import shown


class FooterKey(NamedTuple):
    key: str  # what a click presses (the binding's first key)
    display: str  # the key as shown (the user's keymap, ^ for ctrl)
    description: str
    enabled: bool


class _Styles(NamedTuple):  # the component classes' styles, over the footer's own
    key: RichStyle
    description: RichStyle
    separator: RichStyle
    hover: RichStyle


class Footer(Widget, can_focus=False):
    """One widget for the whole line, drawn again only when the keys it
    shows change. Textual's footer is a widget a key, all of them built,
    mounted and styled anew at every focus change (~70 ms more a `tab`,
    bench/focus_change.py), and missing from the first frame.

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

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        style = self.get_component_rich_style
        styles = _Styles(
            key=base + style("footer--key"),
            description=base + style("footer--description"),
            separator=base + style("footer--separator"),
            hover=style("footer--hover"),  # laid over the others
        )
        right: list[Segment] = []
        if self.palette is not None:  # as Textual's: after a thin bar, compact
            right = [
                Segment("▏", styles.separator),
                *self._item(self.palette, styles, compact=True),
                Segment(" ", base),
            ]
        room = max(0, self.size.width - Segment.get_line_length(right))
        left: list[Segment] = []
        spans: list[tuple[int, int, FooterKey]] = []
        x = 0
        for item in self.keys:
            if x >= room:
                break
            segments = self._item(item, styles)
            width = Segment.get_line_length(segments)
            spans.append((x, min(x + width, room), item))  # a key cut short: what shows of it
            left += segments
            x += width
        if self.palette is not None:
            spans.append(
                (room + 1, room + Segment.get_line_length(right) - 1, self.palette)
            )  # past the bar, not the blank
        self._spans = spans
        return Strip.join([Strip(left).crop_extend(0, room, base), Strip(right)])

    def _item(self, item: FooterKey, styles: _Styles, compact: bool = False) -> list[Segment]:
        """` key description ` as Textual's footer draws a key; `compact`:
        `key description` (the palette's)."""
        extra = RichStyle(dim=True) if not item.enabled else RichStyle()
        if item == self._hover:
            extra += styles.hover
        key = shown(item.display).plain
        segments = [Segment(key if compact else f" {key} ", styles.key + extra)]
        if item.description:
            description = shown(item.description).plain
            segments.append(Segment(f" {description}" if compact else f"{description} ", styles.description + extra))
        return segments

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
