"""The platform's terminal driver, writing less: only the cells that changed
(tui.changed_cells), each style written only when it changes (tui.compact_output)."""

from __future__ import annotations

from typing import Any

from textual.driver import Driver

from tui.changed_cells import ChangedCells
from tui.compact_output import StyleCompactor


def compact_driver(base: type[Driver]) -> type[Driver]:
    """`base` (the platform's driver) writing only changed cells (tui.changed_cells), through
    a StyleCompactor."""
    class CompactDriver(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._changed = ChangedCells()
            self._compact = StyleCompactor()

        def write(self, data: str) -> None:
            super().write(self._compact(self._changed(data)))

        def forget_cells(self) -> None:
            """The terminal's cells are unknown (resized): the next frame is written in full."""
            self._changed.forget()

    CompactDriver.__name__ = f"Compact{base.__name__}"
    return CompactDriver
