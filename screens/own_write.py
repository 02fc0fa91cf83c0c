"""Saves by this app, kept from being reported back to the user as someone else's change.

The app's watcher polls the case files every second from its own thread. Noting a save's
revision only once the UI thread handles the save's message left a window in which a poll
saw the new file first and said "changed by" the user themselves.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

R = TypeVar("R")


def own_write(app: Any, po: str, action: Callable[[], R], state_of: Callable[[R], Any] = lambda r: r) -> R:
    """Run `action` (a write to case `po`, in a worker thread) with the file held from the
    watcher until the new revision is noted. `state_of` picks the CaseState from the result."""
    watcher = getattr(app, "watcher", None)
    if watcher is None:
        return action()
    with watcher.own_write(po):
        result = action()
        state = state_of(result)
        watcher.note(state.po, state.revision)
    return result
