"""The one-line field every form uses: a cursor that does not blink, keys applied in typed
order. A blinking cursor writes ~2 KB/s to an idle terminal; see key_order for the keys.
The many-line field is still_text_area.StillTextArea (Textual's TextArea, 9 ms to import,
is not needed by the case list's filter at start).
"""

from __future__ import annotations

from textual import events
from textual.reactive import reactive
from textual.widgets import Input

from screens.widgets.key_order import KeysInOrder


class StillInput(KeysInOrder, Input):
    cursor_blink = reactive(False, init=False)

    def types_itself(self, event: events.Key) -> bool:
        return event.is_printable
