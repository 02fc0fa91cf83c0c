"""Many rows into a DataTable without holding up the paint: a DataTable given 10,000 rows
at once took 2.6 s to its first paint (100 rows: 0.15 s), and 500 rows of the agenda
0.3-0.4 s. The first screenful is added now, the rest in chunks on timers, so keys are
handled while it fills; a new fill replaces the one under way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.widget import Widget

FIRST_ROWS = 60  # a screenful or two, painted before the rest is added
CHUNK = 1000
FILL_DELAY = 0.02  # seconds between chunks


class RowFill:
    def __init__(self, owner: Widget) -> None:
        self.owner = owner  # whose timers add the chunks
        self._generation = 0

    def start(self, rows: Sequence[Any], add: Callable[[Any], None]) -> None:
        """`add(row)` for the first rows now, for the rest after the paint."""
        self._generation += 1
        generation = self._generation
        for row in rows[:FIRST_ROWS]:
            add(row)
        if len(rows) > FIRST_ROWS:  # after the first rows are painted, not before
            self.owner.call_after_refresh(self._add, generation, rows, FIRST_ROWS, add)

    def _add(self, generation: int, rows: Sequence[Any], start: int, add: Callable[[Any], None]) -> None:
        if generation != self._generation:
            return  # a newer fill (a filter, a sort, a reload) replaced this one
        for row in rows[start:start + CHUNK]:
            add(row)
        if start + CHUNK < len(rows):
            self.owner.set_timer(FILL_DELAY, lambda: self._add(generation, rows, start + CHUNK, add))
