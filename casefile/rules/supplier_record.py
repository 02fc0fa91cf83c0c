"""A supplier's record across its orders, from the case list's summaries alone: the
switching severity in force and why, its original inspections, the defect types that
recur, how often its lots fail, the deadlines it met and missed, and the money held and
at risk with it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from casefile.records.case_summary import CaseSummary, FirstInspection, RateView
from casefile.rules.across import latest_rate, money_totals
from casefile.rules.supplier_names import canonical, normalise, suggest
from casefile.rules.supplier_switching import NOTHING_RECORDED, Recorded, severity_words, supplier_history
from casefile.rules.switching import ImprovementRecorded, Status
from casefile.values.errors import InputError
from casefile.values.currency import DEFAULT_HOME_CURRENCY


@dataclass(frozen=True)
class SupplierRecord:
    supplier: str
    keys: tuple[str, ...]  # the normalised names it goes by (more than one after a merge)
    status: Status
    reason: str
    cases: list[CaseSummary]
    inspections: list[FirstInspection]
    defect_types: list[tuple[str, int, int]]  # (type, orders it was found in, units), most orders first
    deadlines_met: int
    deadlines_missed: int
    money: dict[str, Decimal | None]
    rate: Decimal | None
    home_currency: str
    today: date = field(default_factory=date.today)
    improvements: tuple[ImprovementRecorded, ...] = ()  # recorded for it, in date order

    @property
    def rejected(self) -> int:
        return sum(1 for i in self.inspections if not i.accepted)

    @property
    def failure_rate(self) -> Decimal | None:
        """Share of its lots not accepted on original inspection; None before any."""
        if not self.inspections:
            return None
        return (Decimal(self.rejected) / Decimal(len(self.inspections))).quantize(Decimal("0.01"))

    def as_json(self) -> dict:
        rate = self.failure_rate
        return {
            "supplier": self.supplier,
            "severity": self.status.severity,
            "severity_reason": self.reason,
            "cases": [{"po": s.po, "product": s.product, "phase": s.phase, "status": s.status_text(self.today),
                       "held_cny": f"{s.held_cny:.2f}", "at_risk_cny": f"{s.at_risk_cny:.2f}"} for s in self.cases],
            "original_inspections": [{"po": i.po, "date": i.on.isoformat(), "accepted": i.accepted}
                                     for i in self.inspections],
            "defect_types": [{"defect_type": t, "orders": n, "units": u, "recurring": n > 1}
                             for t, n, u in self.defect_types],
            "failure_rate": None if rate is None else str(rate),
            "lots_inspected": len(self.inspections),
            "lots_rejected": self.rejected,
            "deadlines": {"met": self.deadlines_met, "missed": self.deadlines_missed},
            "improvements": [{"on": i.on.isoformat(), "by": i.by, "reason": i.reason} for i in self.improvements],
            "money": {**{k: None if v is None else f"{v:.2f}" for k, v in self.money.items()},
                      "home_currency": self.home_currency, "rate": None if self.rate is None else str(self.rate)},
        }


def keys_of(name: str, merges: Mapping[str, str]) -> set[str]:
    """Every normalised name that is the supplier `name` names, merges followed."""
    key = normalise(name)
    target = normalise(canonical(name, merges))
    return {key, target} | {alias for alias, into in merges.items() if normalise(into) == target}


def may_concern(keys: set[str]) -> Callable[[Any], type[CaseSummary] | type[RateView] | None]:
    """What of an index entry, as parsed JSON and not yet validated, may count in the record
    of the supplier going by `keys`: all of one of its cases, or of anything not plainly
    another supplier's; another supplier's rate, if it has one quoted (the record's money is
    at the latest rate over every case); else nothing (None). Only these are validated
    (`casefile supplier`: 500 whole entries of 10,000, and the rates)."""

    def keep(doc: Any) -> type[CaseSummary] | type[RateView] | None:
        key = doc.get("supplier_key", "") if isinstance(doc, dict) else None
        if type(key) is not str or key in keys or key != key.strip():
            return CaseSummary
        if doc.get("rate") is not None or doc.get("rate_quoted_at") is not None:
            return RateView
        return None

    return keep


def supplier_record(name: str, summaries: list[CaseSummary], today: date, *,
                    merges: Mapping[str, str] | None = None, home_currency: str = DEFAULT_HOME_CURRENCY,
                    recorded: Recorded = NOTHING_RECORDED) -> SupplierRecord:
    merges = merges or {}
    if not normalise(name):
        raise InputError(f"supplier: {name!r} has no letters or digits to match a supplier by")
    keys = keys_of(name, merges)
    cases = [s for s in summaries if s.supplier_key in keys]
    if not cases:
        known = sorted({s.supplier for s in summaries if s.supplier})
        near = suggest(name, known, merges=merges)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else "; `casefile list` shows the suppliers"
        raise InputError(f"supplier: no case with supplier {name!r}{hint}")
    inspections = sorted((s.first_inspection for s in cases if s.first_inspection), key=lambda i: (i.on, i.po))
    entries = recorded.for_supplier(keys)
    status = supplier_history(inspections, entries).severity_on(today)
    found: dict[str, list[int]] = {}
    for s in cases:
        for kind, units in s.defect_types.items():
            orders_units = found.setdefault(kind, [0, 0])
            orders_units[0] += 1
            orders_units[1] += units
    types = sorted(((k, n, u) for k, (n, u) in found.items()), key=lambda t: (-t[1], -t[2], t[0]))
    overdue_open = sum(s.overdue_count(today) for s in cases)
    rate, _ = latest_rate(summaries)
    shown = canonical(name, merges) if normalise(name) in merges else cases[0].supplier
    return SupplierRecord(
        supplier=shown, keys=tuple(sorted(keys)), status=status, reason=severity_words(status, today),
        cases=cases, inspections=inspections, defect_types=types,
        deadlines_met=sum(s.deadlines_met for s in cases),
        deadlines_missed=sum(s.deadlines_missed for s in cases) + overdue_open,
        money=money_totals(cases, rate), rate=rate, home_currency=home_currency, today=today,
        improvements=tuple(sorted((e for e in entries if isinstance(e, ImprovementRecorded)), key=lambda e: e.on)),
    )
