"""Rework and re-inspect: the standard route, open to every failure."""

from __future__ import annotations

from casefile.records.po import po_words
from casefile.rules.options.letter import BALANCE_RULE, Facts, Letter, long_day
from casefile.rules.options.option import Fit, Option, Situation, counts
from casefile.values.money import fmt_cny


def _fit(s: Situation) -> Fit:
    if s.critical:
        return Fit(True, f"critical defects failed ({counts(s.worst)}): every unit must be fixed and a re-inspection pass before any balance moves.")
    if s.serious:
        return Fit(True, f"major defects failed ({counts(s.worst)}): the standard route is to fix them and re-inspect before any balance moves.")
    return Fit(True, f"minor defects failed ({counts(s.worst)}): the factory can fix them and a re-inspection confirms it.")


def _request(f: Facts, t: dict) -> tuple[str, str]:
    return (f"{po_words(f.case.po)}: inspection failed, rework and re-inspection by {long_day(t['deadline'])}",
            f"Please rework the goods so that they meet the standard and have them ready for re-inspection "
            f"by {long_day(t['deadline'])}. Please confirm in writing that you accept this deadline. "
            f"{BALANCE_RULE}")


def _booking(f: Facts, t: dict) -> tuple[str, str]:
    company = t.get("company") or f.report.company
    fee = f.case.reinspection_fee_cny
    fee_text = f" The re-inspection fee is {fmt_cny(fee)}." if fee else ""
    return (f"{po_words(f.case.po)}: re-inspection booked for {long_day(t['on'])}",
            f"We have booked a re-inspection by {company} on {long_day(t['on'])}, to the same standard and "
            f"sampling plan.{fee_text} Please have the whole lot ready and packed by then. {BALANCE_RULE}")


REWORK = Option(
    key="rework",
    title="Rework and re-inspect",
    label="Rework",
    fit=_fit,
    fit_not_a_pass=lambda why: Fit(True, f"{why}: the factory can put it right and a re-inspection confirms it."),
    preference={"minor-only": 2, "failed-again": 2, "deep-fault": 1, "fixable": 1, "not-a-pass": 1},
    reinspection=True,
    terms=("deadline",),
    required={"deadline": "deadline: rework needs a deadline, as YYYY-MM-DD, e.g. 2026-12-05"},
    money=lambda m: {},
    balance_due=lambda case, decision, agreed: case.balance_cny,
    work="rework",
    due="rework",
    status="rework agreed: re-inspection before balance",
    # the re-inspection booking goes with the standard route
    letters=(
        Letter("rework", "Rework request with a deadline", ("deadline",), (), "rework", _request, announces_inspection=True),
        Letter("reinspection", "Re-inspection booking", ("on",), ("company", "deadline"), "supplier reply", _booking,
               announces_inspection=True),
    ),
)
