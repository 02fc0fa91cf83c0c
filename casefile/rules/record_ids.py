"""Naming a record by its id as people type it: the full id, the 8-character short id the
listings print, or any unique prefix of at least 6 characters.

One rule for every id a user gives (a log entry to correct, settle or cite as the
supplier's agreement, a report, a quote, a payment), so that none accepts "1" and none
needs the 32 characters only the JSON output shows.
"""

from __future__ import annotations

import re
from typing import Iterable

from casefile.records.po import po_words
from casefile.records.record_words import SHORT, which_record
from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.errors import InputError

MIN_PREFIX = 6
WHAT = {"correspondence": "log entry", "payments": "payment", "quotes": "rate quote", "reports": "report",
        "decisions": "decision"}
LISTED_BY = {"correspondence": "casefile log", "payments": "casefile ledger", "quotes": "casefile ledger",
             "reports": "casefile show", "decisions": "casefile show --json"}


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
        raise InputError(f"{field}: no {what} on {po_words(state.po)} has an id starting with {typed!r}; "
                         f"`{LISTED_BY.get(table, 'casefile show')} {state.po}` lists them")
    if len(found) > 1:
        number = {r.id: n for n, r in enumerate(getattr(state, table), start=1)}
        listed = "; ".join(which_record(table, number[r.id], r, home) for r in found[:10])
        listed += "; ..." if len(found) > 10 else ""
        raise InputError(f"{field}: {typed!r} starts the ids of {len(found)} {_plural(what)} on {po_words(state.po)}: {listed}; "
                         "give more characters of the one you mean")
    return found[0].id


def _plural(what: str) -> str:
    return what[:-1] + "ies" if what.endswith("y") else what + "s"
