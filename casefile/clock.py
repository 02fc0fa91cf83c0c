"""Time in one place, so tests can pin it and the demo can replay a past timeline."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timezone
from typing import Callable, Iterator

# Set only inside `replaying`; a ContextVar so another thread or task keeps real time.
_source: ContextVar[Callable[[], datetime] | None] = ContextVar("casefile_clock", default=None)


def wall_time() -> datetime:
    """The real time; tests pin this one."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def now() -> datetime:
    source = _source.get()
    return source() if source is not None else wall_time()


def today() -> date:
    return now().date()


@contextmanager
def replaying(source: Callable[[], datetime]) -> Iterator[None]:
    """Within the block, `now()` in this thread returns `source()` (records get past dates)."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)
