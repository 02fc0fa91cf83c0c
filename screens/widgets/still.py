"""Text fields whose cursor does not blink: a blink writes ~2 KB/s to an idle terminal."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Input, TextArea


class StillInput(Input):
    cursor_blink = reactive(False, init=False)


class StillTextArea(TextArea):
    cursor_blink: reactive[bool] = reactive(False, init=False)
