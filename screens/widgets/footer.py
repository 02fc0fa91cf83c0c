"""Textual's Footer, rebuilt only when the keys it shows change.

Textual 8.2.8's Footer removes and mounts all its keys whenever the screen's bindings
are updated: on every screen shown again, every focus change, every refresh_bindings. Each
rebuild lays the screen out again, and every scrolling widget repaints its scrollbar:
about 1.6 KB over SSH on each esc back to the case list, for a footer that did not change.
When only a key's state changes (greyed out until the case is loaded, say), the keys
already there are greyed or lit in place, and a screen that opens is given one rebuild,
not one per change of its bindings (the log had three, 30-100 ms each).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

ENABLED = 4  # where shown_keys puts a key's state


class Footer(TextualFooter):
    _shown: tuple | None = None  # the keys as last composed
    _rebuilding = False  # a rebuild is on its way: it shows the keys as they are when it runs

    def shown_keys(self) -> tuple:
        """What compose would show: each binding's key, label, description, state and tooltip."""
        app = self.app
        return tuple((b.key, app.get_key_display(b), b.description, b.action, enabled, tooltip, b.group)
                     for _, b, enabled, tooltip in self.screen.active_bindings.values() if b.show) + (
            self.show_command_palette, app.ENABLE_COMMAND_PALETTE, self.compact)

    def compose(self):
        self._rebuilding = False
        if self._bindings_ready:
            self._shown = self.shown_keys()
        return super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuilding and screen is self.screen:
            return  # a screen opening changes its bindings several times before one rebuild
        if self._shown is not None and screen is self.screen:
            shown = self.shown_keys()
            if shown == self._shown:
                return
            if _without_state(shown) == _without_state(self._shown):
                self._set_states(shown)
                return
        super().bindings_changed(screen)
        self._rebuilding = screen is self.screen and self.is_attached and screen.app.app_focus

    def _set_states(self, shown: tuple) -> None:
        enabled: dict[str, bool] = {}
        for key in shown[:-3]:
            enabled.setdefault(key[3], key[ENABLED])  # compose shows an action's first binding
        for footer_key in self.query(FooterKey):
            if footer_key.action in enabled:
                footer_key._disabled = not enabled[footer_key.action]  # what Textual's FooterKey reads
                footer_key.set_class(footer_key._disabled, "-disabled")
        self._shown = shown


def _without_state(shown: tuple) -> tuple:
    return tuple(key[:ENABLED] + key[ENABLED + 1:] for key in shown[:-3]) + shown[-3:]
