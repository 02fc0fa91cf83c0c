"""A screen's first paint held until its data is there, for a moment at most (issue #12).

A case screen mounts showing "Loading…", its tables empty and its boxes at their loading
size, then its data comes from a thread 20-150 ms later and moves most of it: two frames,
each writing most of the screen's cells (opening the ledger or the options from the case
view: 4.9-6.9 KB over SSH). Held until the data is shown, the screen paints once. A slow
read still shows "Loading…", after HOLD_AT_MOST.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from textual.app import App

HOLD_AT_MOST = 0.3  # seconds; a read slower than this shows "Loading…" first


class FirstPaint:
    """Holds the app's repaints from `hold` until `release` (once; later calls do nothing)."""

    def __init__(self) -> None:
        self._held: AbstractContextManager[None] | None = None
        self._done = False

    def hold(self, app: App) -> None:
        if self._done:
            return
        self._done = True
        self._held = app.batch_update()
        self._held.__enter__()
        # The app's timer, not the screen's: a screen closed before its data came would take
        # its timers with it and leave every repaint held.
        app.set_timer(HOLD_AT_MOST, self.release)

    def release(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)
