"""Textual's Footer, rebuilt only when the keys it shows change.

Textual 8.2.8's Footer removes and mounts all its keys whenever the screen's bindings
are updated: on every screen shown again, every focus change, every refresh_bindings. Each
rebuild lays the screen out again, and every scrolling widget repaints its scrollbar:
about 1.6 KB over SSH on each esc back to the case list, for a footer that did not change.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _shown: tuple | None = None  # the keys as last composed

    def shown_keys(self) -> tuple:
        """What compose would show: each binding's key, label, description, state and tooltip."""
        app = self.app
        return tuple((b.key, app.get_key_display(b), b.description, b.action, enabled, tooltip, b.group)
                     for _, b, enabled, tooltip in self.screen.active_bindings.values() if b.show) + (
            self.show_command_palette, app.ENABLE_COMMAND_PALETTE, self.compact)

    def compose(self):
        if self._bindings_ready:
            self._shown = self.shown_keys()
        return super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is not None and screen is self.screen and self.shown_keys() == self._shown:
            return
        super().bindings_changed(screen)
