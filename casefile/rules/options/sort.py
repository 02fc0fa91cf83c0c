"""Sort and accept the good units: for scattered faults; the sorted lot is re-inspected
and the balance paid pro rata to the units accepted."""

from __future__ import annotations

from casefile.rules.options.option import Fit, Lot, Option, Situation
from casefile.values.money import quantize_money


def _fit(s: Situation) -> Fit:
    if s.systematic:
        t = s.systematic[0]
        return Fit(False, f"{t.defect_type} is systematic ({t.why}): sorting cannot separate out a fault that runs through the batch.")
    return Fit(True, f"the faults are scattered: sorting every unit keeps about {s.good:,} of {s.lot_size:,} good units, and the sorted lot is re-inspected.")


def _balance_due(case, decision, agreed: bool):
    if not decision.units:
        return case.balance_cny
    accepted = max(case.quantity - decision.units, 0)
    return quantize_money(case.balance_cny * accepted / case.quantity)


SORT = Option(
    key="sort",
    title="Sort and accept the good units",
    label="Sort",
    fit=_fit,
    fit_not_a_pass=lambda why: Fit(False, "every class is within its limit: there are no failed units to sort out."),
    preference={"minor-only": 3, "failed-again": 3, "deep-fault": 3, "fixable": 2, "not-a-pass": 3},
    reinspection=True,
    terms=("units", "deadline"),
    required={"units": "units: sort needs the number of units to sort out, e.g. 550"},
    money=lambda m: {"balance_payable_cny": m.pro_rata, "accepted_units": m.accepted},
    balance_due=_balance_due,
    work="sorting",
    due="sorting",
    status="sorting agreed: the sorted lot is re-inspected before balance",
    lot=Lot(
        scope="sorted-lot", words="a sorted lot", size=lambda quantity, units: quantity - units,
        describe=lambda quantity, units, lot: f"the sorted lot of {lot:,} ({quantity:,} less {units:,} sorted out)",
        passed="sorted lot passed: balance unlocked",
    ),
)
