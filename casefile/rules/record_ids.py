"""Naming a record by its id as people type it: the full id, the 8-character short id the
listings print, or any unique prefix of at least 6 characters.

One rule for every id a user gives (a log entry to correct, settle or cite as the
supplier's agreement, a report, a quote, a payment), so that none accepts "1" and none
needs the 32 characters only the JSON output shows.
"""

from __future__ import annotations

import re
from typing import Iterable

from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.errors import InputError
from casefile.values.money import fmt_rate

MIN_PREFIX = 6
SHORT = 8  # what `log`, `ledger` and `show` print
WHAT = {"correspondence": "log entry", "payments": "payment", "quotes": "rate quote", "reports": "report",
        "decisions": "decision"}
LISTED_BY = {"correspondence": "casefile log", "payments": "casefile ledger", "quotes": "casefile ledger",
             "reports": "casefile show", "decisions": "casefile show --json"}


def describe(table: str, record, home: str = DEFAULT_HOME_CURRENCY) -> str:
    """The short id and what the record is, for a list of candidates; `home` is the
    workspace's home currency, what rates and `ngn` amounts are in."""
    short = record.id[:SHORT]
    if table == "correspondence":
        return f"{short} ({record.at:%Y-%m-%d} {record.direction}: {record.subject[:40]!r})"
    if table == "payments":
        return f"{short} ({record.describe(home)})"
    if table == "quotes":
        return f"{short} ({fmt_rate(record.rate)} {home} per CNY from {record.quoted_by}, until {record.expires_at:%Y-%m-%d %H:%M} UTC)"
    if table == "reports":
        return f"{short} ({record.kind} of {record.date.isoformat()} by {record.company})"
    if table == "decisions":
        return f"{short} ({record.option}, {record.decided_at:%Y-%m-%d})"
    return short


def resolve_id(state, table: str, text: str, field: str, records: Iterable | None = None,
               home: str = DEFAULT_HOME_CURRENCY) -> str:
    """The full id of the one record of `table` (or of `records`, a subset of it) that `text`
    names. InputError naming `field` when it names none, or several (listed)."""
    what = WHAT.get(table, "record")
    typed = text.strip().lower()
    if not re.fullmatch(r"[0-9a-f]+", typed):
        raise InputError(f"{field}: {text!r} is not an id; ids are hexadecimal, e.g. the 8 characters "
                         f"`{LISTED_BY.get(table, 'casefile show')} {state.po}` prints")
    candidates = list(getattr(state, table) if records is None else records)
    exact = [r for r in candidates if r.id == typed]
    if exact:
        return exact[0].id
    if len(typed) < MIN_PREFIX:
        raise InputError(f"{field}: {text!r} is too short to name a {what}; give at least {MIN_PREFIX} characters "
                         f"of its id (`{LISTED_BY.get(table, 'casefile show')} {state.po}` prints {SHORT})")
    found = [r for r in candidates if r.id.startswith(typed)]
    if not found:
        raise InputError(f"{field}: no {what} on PO {state.po} has an id starting with {typed!r}; "
                         f"`{LISTED_BY.get(table, 'casefile show')} {state.po}` lists them")
    if len(found) > 1:
        listed = "; ".join(describe(table, r, home) for r in found[:10]) + ("; ..." if len(found) > 10 else "")
        raise InputError(f"{field}: {typed!r} starts the ids of {len(found)} {_plural(what)} on PO {state.po}: {listed}; "
                         "give more characters of the one you mean")
    return found[0].id


def _plural(what: str) -> str:
    return what[:-1] + "ies" if what.endswith("y") else what + "s"
