"""Editing keys applied in the order they were typed, even when they arrive together."""

from __future__ import annotations

from textual import events


class KeysInOrder:
    """Mixin for Input and TextArea: run the field's own key bindings on arrival.

    Textual 8.2.8 types a printable key as soon as the field receives it, but runs a
    non-priority binding (backspace, end, the arrows...) only after the Key event has bubbled
    up through every container to the App. Keys that arrive together (key repeat, a paste
    of keystrokes, a slow SSH link) were therefore applied out of order: End, 12 backspaces,
    "1", "0" typed "1" over the text selected on focus, then "0", then ran End and the 12
    backspaces, leaving the field empty. Running the field's binding here, where the
    printable keys are typed, keeps the typed order; every other key goes Textual's way.
    """

    async def on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # typed by the field itself, on arrival
        # The binding Textual would run for this key: the first along the focus chain,
        # keymap applied, actions that check_action hides left out.
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not self or active.binding.priority:
            return
        if await self.app.run_action(active.binding.action, self):
            event.stop()
            event.prevent_default()
