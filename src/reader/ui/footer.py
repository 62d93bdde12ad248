"""The footer of every screen: Textual's, rebuilt only when what it shows changes."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys at each signal that bindings
    may have changed, which every focus change sends, also when the keys
    shown stay the same. Each key is a widget styled anew: at start, three
    rebuilds of some thirty keys took a tenth of the time to the first screen."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, bool, str], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # the rebuild that follows shows these
        super().bindings_changed(screen)
