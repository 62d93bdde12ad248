"""The footer of every screen: Textual's, rebuilt only when what it shows changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys at each signal that bindings
    may have changed, which every focus change sends, also when the keys
    shown stay the same. Each key is a widget styled anew: at start, three
    rebuilds of some thirty keys took a tenth of the time to the first screen."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, bool, str], ...] | None = None
        self._rebuilding = False  # a rebuild is on its way: it shows the keys as they are then

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
            if self._rebuilding:  # the focus set at start changes them twice before the first frame
                return
            self._rebuilding = True
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self._rebuilding = False
        await super().recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A key is born compact, but styled only once mounted, when
                # it is made so (the class added: styled again) then takes
                # the footer's style (styled a third time). Made so at once,
                # it is styled once. The palette's key keeps its own.
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
