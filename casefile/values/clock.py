"""Time in one place, so tests can pin it and the demo can replay a past timeline."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta, timezone
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


# The last time zone to start a day (Kiribati) is 14 hours ahead of UTC.
_AHEAD = timedelta(hours=14)


def latest_today() -> date:
    """Today's date where it is latest on Earth: a report dated today in the factory's time
    zone is not "in the future" for a user in Lagos, yet a date beyond this one is."""
    return (now() + _AHEAD).date()


@contextmanager
def replaying(source: Callable[[], datetime]) -> Iterator[None]:
    """Within the block, `now()` in this thread returns `source()` (records get past dates)."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)
