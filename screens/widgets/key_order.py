"""Keys applied in the order they were typed, even when they reach a form field together."""

from __future__ import annotations

from textual import events


class KeysInOrder:
    """Mixin for Input and TextArea: every key a field receives takes effect in typed order.

    Textual 8.2.8 types a printable key as soon as the field receives it, but runs a
    non-priority binding (backspace, end, arrows; tab, esc, f10 of the screen) only after the
    Key has bubbled through every container to the App, one message queue per hop. Keys
    that arrive together (a slow SSH link, key repeat on a busy server) or while the screen
    is busy were applied out of order: End, 12 backspaces, "1", "0" typed "1" over the text
    selected on focus, then "0", then ran End and the backspaces, leaving the field empty;
    a value typed right after Tab went into the field being left.

    So the field runs the binding Textual would pick for the key on arrival, in its own
    queue where printable keys are typed; and a key the App forwarded here before an
    earlier one moved the focus away goes back to the App, which forwards it to the widget
    that has the focus now. Priority bindings the App has already run before forwarding.
    A key that moves the focus to a widget that is not such a field (a Select, a scrolling
    container) still goes Textual's way from there.
    """

    def types_itself(self, event: events.Key) -> bool:
        """Whether the field's own key handler consumes `event` (Textual's _on_key)."""
        raise NotImplementedError

    async def on_key(self, event: events.Key) -> None:
        if self.app.focused is not self:
            event.stop()
            event.prevent_default()
            # A new Key, read by the App as the driver's next key, in the order typed.
            self.app.post_message(events.Key(event.key, event.character))
            return
        if self.types_itself(event):
            return  # typed by the field itself, on arrival
        # The first binding along the focus chain, keymap applied, hidden actions left out.
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.binding.priority:
            return
        if await self.app.run_action(active.binding.action, active.node):
            event.stop()
            event.prevent_default()
