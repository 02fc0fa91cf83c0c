"""The agenda: what every case waits on, most urgent first, and the money at stake.

Read from the case list's summaries (casefile/records/case_summary.py `agenda`), so it
costs what `list` costs. Urgency: overdue items, longest overdue first; then dated items,
soonest first; then undated ones by kind (a refund owed, a balance held, a decision to make).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casefile.records.case_summary import CaseSummary
from casefile.rules.across import latest_rate, money_totals
from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.money import fmt_rate

_UNDATED_ORDER = {"refund-due": 0, "balance-waiting": 1, "no-decision": 2, "deadline": 3, "rate-quote": 4}


@dataclass(frozen=True)
class AgendaItem:
    po: str
    kind: str
    what: str
    due: date | None
    overdue: bool

    def as_json(self) -> dict:
        return {"po": self.po, "kind": self.kind, "what": self.what,
                "due": self.due.isoformat() if self.due else None, "overdue": self.overdue}


@dataclass(frozen=True)
class Agenda:
    items: list[AgendaItem]
    totals: dict[str, Decimal | None]
    rate: Decimal | None
    home_currency: str

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    def as_json(self) -> dict:
        totals = {k: None if v is None else f"{v:.2f}" for k, v in self.totals.items()}
        return {"items": [i.as_json() for i in self.items],
                "totals": {**totals, "home_currency": self.home_currency,
                           "rate": None if self.rate is None else fmt_rate(self.rate)}}


def _urgency(item: AgendaItem, today: date) -> tuple:
    if item.due is None:
        return (2, _UNDATED_ORDER[item.kind], 0, item.po)
    return (0 if item.overdue else 1, 0, item.due.toordinal(), item.po)


def agenda(summaries: list[CaseSummary], today: date, home_currency: str = DEFAULT_HOME_CURRENCY) -> Agenda:
    items = []
    for s in summaries:
        for e in s.agenda:
            if e.kind == "rate-quote" and e.due is not None and e.due < today:
                continue  # an expired quote is no longer something to act on before it goes
            items.append(AgendaItem(s.po, e.kind, e.what, e.due, e.due is not None and e.due < today))
    items.sort(key=lambda i: _urgency(i, today))
    rate, _ = latest_rate(summaries)
    return Agenda(items, money_totals(summaries, rate), rate, home_currency)


def agenda_line(a: Agenda, fmt_cny, fmt_home) -> str:
    """The case list's one line: money held, at risk, and how many things are overdue."""
    held = fmt_cny(a.totals["held_cny"])
    home = a.totals["held_home"]
    held += f" ({fmt_home(home)})" if home is not None else ""
    return (f"held {held}; at risk {fmt_cny(a.totals['at_risk_cny'])}; "
            f"{a.overdue} overdue of {len(a.items)} on the agenda")
