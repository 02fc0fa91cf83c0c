"""A record named in words among the others of its case: which one `check` found changed
outside Casefile, and which ones an id typed too short could mean (one phrasing for both)."""

from __future__ import annotations


from casefile.records.payment import KIND_TITLES
from casefile.values.days import day_text
from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.money import fmt_cny, fmt_rate

SHORT = 8  # the characters of an id that `log`, `ledger` and `show` print


def which_record(table: str, n: int, r, home: str = DEFAULT_HOME_CURRENCY) -> str:
    """Record `r`, number `n` of its table, e.g. "report 1 of 12 Nov 2026 (id 3f2a9c1b)";
    `home` is the workspace's home currency, what rates are in."""
    if table == "reports":
        return f"report {n} of {day_text(r.date)} (id {r.id[:SHORT]})"
    if table == "decisions":
        return f"decision {n} ({r.option}, {day_text(r.decided_at)}, id {r.id[:SHORT]})"
    if table == "correspondence":
        return f"log entry {n} ({r.subject!r}, id {r.id[:SHORT]})"
    if table == "quotes":
        return f"rate quote {n} ({fmt_rate(r.rate)} {home}/CNY from {r.quoted_by}, id {r.id[:SHORT]})"
    if table == "payments":
        return f"payment record {n} ({KIND_TITLES[r.kind]} {fmt_cny(r.cny)} {r.status}, id {r.id[:SHORT]})"
    if table == "attachments":
        return f"attachment {n} ({r.name!r}, id {r.id[:SHORT]})"
    return f"history event {n} ({r.action}, {r.at:%Y-%m-%d %H:%M} UTC)"
