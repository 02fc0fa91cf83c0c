"""Python's cyclic garbage collector held off while a bulk read builds objects that all live on.

Validating 10,000 index entries makes some 100,000 objects, none of them garbage: the
collector, run every 700 allocations, scanned them again and again (a third of reading
the case list at 10,000 cases). Reference counting still frees everything meanwhile; only
reference cycles wait, until the collector is back on at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the collector off for the block. Nested or in two threads at once, it is back on
    once the block that turned it off ends: never left off for good."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
