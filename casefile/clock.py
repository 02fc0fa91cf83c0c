"""Time in one place, so tests can pin it."""

from __future__ import annotations

from datetime import date, datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def today() -> date:
    return now().date()
