"""The platform's terminal driver, writing less: the frames of a moment gathered into one
write, only the cells that changed (tui.changed_cells), each style written only when it
changes (tui.compact_output).

A key that opens a screen or closes a form makes Textual 8.2.8 paint 2-4 frames within a
few screen updates (1/60 s each) as layout passes follow one another: the screen, then a
scroll bar appearing and everything below it one row lower. Each frame sent as it comes
writes most cells twice (the options from the case view: 1.3 KB of 4.9 KB; with a 35 ms window, 0.4-3 KB more on a loaded machine). Gathered until
the app has written nothing for QUIET seconds (HOLD_AT_MOST at most), only the last picture
of each cell is sent: a key's answer leaves QUIET later, a few milliseconds against the
time its bytes take over a slow link.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from textual.driver import Driver

from tui.changed_cells import ChangedCells
from tui.compact_output import StyleCompactor

QUIET = 0.05  # seconds with nothing written: three screen updates at Textual's 60 per second
HOLD_AT_MOST = 0.2  # seconds, however busy the app is


def compact_driver(base: type[Driver]) -> type[Driver]:
    """`base` (the platform's driver) gathering frames and writing only changed cells
    (tui.changed_cells), through a StyleCompactor."""
    class CompactDriver(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._changed = ChangedCells()
            self._compact = StyleCompactor()
            self._lock = threading.Lock()
            self._pending: list[str] = []
            self._since = 0.0  # when the oldest pending write came
            self._timer: asyncio.TimerHandle | None = None
            self._loop: asyncio.AbstractEventLoop | None = None  # gathering while set

        def start_application_mode(self) -> None:
            super().start_application_mode()
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:  # started outside the app's loop: every write goes at once
                self._loop = None

        def stop_application_mode(self) -> None:
            # The app's last picture, then leaving the alternate screen, in order and at once.
            self._loop = None
            self._send()
            super().stop_application_mode()

        def write(self, data: str) -> None:
            with self._lock:
                if not self._pending:
                    self._since = time.monotonic()
                self._pending.append(data)
            loop = self._loop
            if loop is None or not _in_loop(loop):  # not gathering, or another thread's write
                self._send()
                return
            if self._timer is not None:
                self._timer.cancel()
            wait = min(QUIET, max(0.0, self._since + HOLD_AT_MOST - time.monotonic()))
            self._timer = loop.call_later(wait, self._send)

        def _send(self) -> None:
            with self._lock:
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None
                data, self._pending = "".join(self._pending), []
                if data:
                    super().write(self._compact(self._changed(data)))

        def forget_cells(self) -> None:
            """The terminal's cells are unknown (resized): the next frame is written in full."""
            self._send()
            self._changed.forget()

    CompactDriver.__name__ = f"Compact{base.__name__}"
    return CompactDriver


def _in_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
