"""Days in words ('3 Dec 2026'), and a day the user gives for something that happened (an
improvement, a switch turned on): YYYY-MM-DD, today when not given, never after today."""

from __future__ import annotations

from datetime import date

from casefile.values import clock
from casefile.values.errors import InputError


def day_text(d: date, today: date | None = None) -> str:
    """'3 Dec 2026'; '3 Dec' when `today` is given and of the same year."""
    return f"{d.day} {d:%b}" if today is not None and today.year == d.year else f"{d.day} {d:%b %Y}"


def day_given(text: str | None, field: str) -> date:
    """The day in `text`; `field` names it in the refusal ("on: ...")."""
    today = clock.today()
    if text is None or not text.strip():
        return today
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{field}: {text.strip()!r} is not a day; write it as YYYY-MM-DD, e.g. {today.isoformat()}") from None
    if day > today:
        raise InputError(f"{field}: {day.isoformat()} is after today ({today.isoformat()}); give the day it happened")
    return day
