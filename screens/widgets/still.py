"""The one-line field every form uses: a cursor that does not blink, keys applied in typed
order. A blinking cursor writes ~2 KB/s to an idle terminal; see key_order for the keys.
The many-line field is still_text_area.StillTextArea (Textual's TextArea, 9 ms to import,
is not needed by the case list's filter at start).
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widgets import Input

from casefile.values.safe_text import one_for_one
from screens.widgets.key_order import KeysInOrder


class StillInput(KeysInOrder, Input):
    cursor_blink = reactive(False, init=False)

    @property
    def _value(self) -> Text:
        # a value may come from data (a path completed from a file name): no byte of it may
        # act on the terminal; one mark per character keeps the cursor where it was
        shown = one_for_one(self.value)
        if self.password or shown == self.value:
            return super()._value
        text = Text(shown, no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def types_itself(self, event: events.Key) -> bool:
        return event.is_printable
