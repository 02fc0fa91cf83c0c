"""The agenda: what every case waits on, most urgent first, and the money at stake.

Read from the case list's summaries (casefile/records/case_summary.py `agenda`), so it
costs what `list` costs. Urgency: overdue items, longest overdue first; then dated items,
soonest first; then undated ones by kind (a refund owed, a balance held, a decision to make).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from casefile.records.case_summary import CaseSummary
from casefile.rules.across import latest_rate, money_totals
from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.gc_pause import gc_paused
from casefile.values.money import fmt_rate

_UNDATED_ORDER = {"refund-due": 0, "balance-waiting": 1, "no-decision": 2, "deadline": 3, "rate-quote": 4}


class AgendaItem(NamedTuple):
    # a named tuple, not a frozen dataclass: 20,000 of them are made for 10,000 cases, at a
    # fifth of the cost
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


def agenda(summaries: list[CaseSummary], today: date, home_currency: str = DEFAULT_HOME_CURRENCY) -> Agenda:
    with gc_paused():  # 20,000 items at 10,000 cases, all kept: see casefile/values/gc_pause.py
        return _agenda(summaries, today, home_currency)


def _agenda(summaries: list[CaseSummary], today: date, home_currency: str) -> Agenda:
    keyed = []  # (urgency, item): the urgency made once per item, not by a key function
    for s in summaries:
        for e in s.agenda:
            due = e.due
            if due is None:
                keyed.append(((2, _UNDATED_ORDER[e.kind], 0, s.po), AgendaItem(s.po, e.kind, e.what, None, False)))
            elif due < today:
                if e.kind == "rate-quote":
                    continue  # an expired quote is no longer something to act on before it goes
                keyed.append(((0, 0, due, s.po), AgendaItem(s.po, e.kind, e.what, due, True)))
            else:
                keyed.append(((1, 0, due, s.po), AgendaItem(s.po, e.kind, e.what, due, False)))
    keyed.sort(key=itemgetter(0))  # stable: a case's items keep their order within one urgency
    rate, _ = latest_rate(summaries)
    return Agenda([item for _, item in keyed], money_totals(summaries, rate), rate, home_currency)


def agenda_line(a: Agenda, fmt_cny, fmt_home) -> str:
    """The case list's one line: money held, at risk, and how many things are overdue."""
    held = fmt_cny(a.totals["held_cny"])
    home = a.totals["held_home"]
    held += f" ({fmt_home(home)})" if home is not None else ""
    return (f"held {held}; at risk {fmt_cny(a.totals['at_risk_cny'])}; "
            f"{a.overdue} overdue of {len(a.items)} on the agenda")
