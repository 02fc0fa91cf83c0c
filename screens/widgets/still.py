"""The text fields every form uses: a cursor that does not blink, keys applied in typed order.

A blinking cursor writes ~2 KB/s to an idle terminal; see key_order for the keys.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Input, TextArea

from screens.widgets.key_order import KeysInOrder


class StillInput(KeysInOrder, Input):
    cursor_blink = reactive(False, init=False)


class StillTextArea(KeysInOrder, TextArea):
    cursor_blink: reactive[bool] = reactive(False, init=False)
