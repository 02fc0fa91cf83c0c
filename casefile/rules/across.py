"""Looking across cases, from the case list's summaries alone (never every case file):
the money at stake in a home currency at the workspace's latest rate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from casefile.records.case_summary import CaseSummary
from casefile.values.money import cny_to_ngn, fmt_rate

ZERO = Decimal("0.00")


def latest_rate(summaries: Iterable[CaseSummary]) -> tuple[Decimal | None, datetime | None]:
    """The rate most recently quoted on any case (home currency per 1 CNY), and when."""
    quoted = [s for s in summaries if s.rate is not None and s.rate_quoted_at is not None]
    if not quoted:
        return None, None
    latest = max(quoted, key=lambda s: (s.rate_quoted_at, s.po))
    return latest.rate, latest.rate_quoted_at


def money_totals(summaries: Iterable[CaseSummary], rate: Decimal | None) -> dict[str, Decimal | None]:
    """held, at risk and refund due over `summaries`, in CNY and at `rate` (None: no rate)."""
    summaries = list(summaries)
    out: dict[str, Decimal | None] = {}
    for name in ("held", "at_risk", "refund_due"):
        field = f"{name}_cny"
        cny = sum((getattr(s, field) for s in summaries), ZERO)
        out[f"{name}_cny"] = cny
        out[f"{name}_home"] = cny_to_ngn(cny, rate) if rate is not None else None
    return out


def rate_note(rate: Decimal | None, home: str) -> str:
    """Which rate the home-currency totals are at: every case's money at one rate, which
    may not be the one a case's own ledger uses (its quote, else its planning rate)."""
    if rate is None:
        return f"no rate quoted on any case: no {home} amounts"
    return f"{home} amounts at {fmt_rate(rate)} {home}/CNY, the latest quote on any case"
