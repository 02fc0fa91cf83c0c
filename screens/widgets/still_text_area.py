"""The many-line field the forms use: a cursor that does not blink, keys applied in typed
order, as StillInput (screens/widgets/still.py)."""

from __future__ import annotations

from textual import events
from textual.reactive import reactive
from textual.widgets import TextArea

from screens.widgets.key_order import KeysInOrder


class StillTextArea(KeysInOrder, TextArea):
    cursor_blink: reactive[bool] = reactive(False, init=False)

    def types_itself(self, event: events.Key) -> bool:
        # As TextArea._on_key: enter is a new line; tab and esc indent and leave in "indent".
        if self.read_only:
            return False
        indent_keys = ("tab", "escape") if self.tab_behavior == "indent" else ()
        return event.is_printable or event.key == "enter" or event.key in indent_keys
