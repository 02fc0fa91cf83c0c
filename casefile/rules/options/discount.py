"""Negotiate a discount: minor defects only, with the supplier's written agreement on
record; the balance due is then reduced by the discount, and no re-inspection is needed."""

from __future__ import annotations

from decimal import Decimal

from casefile.records.po import po_words
from casefile.rules.options.letter import Facts, Letter, balance_rule_after
from casefile.rules.options.option import Fit, Option, Situation
from casefile.values.errors import InputError
from casefile.values.money import cny_to_ngn, fmt_cny, percent_of


def _fit(s: Situation) -> Fit:
    if s.critical:
        return Fit(False, "a critical failure never qualifies for a discount.")
    if s.serious:
        return Fit(False, "major defects failed: a discount is only for minor defects, and a re-inspection must pass first.")
    return Fit(True, "only minor defects failed: a discount that reflects the flaw can settle it, with the supplier's written agreement on record.")


def _check(c) -> None:
    """`c`: the terms, the case, the report and its judgement (casefile/rules/decision_terms.py)."""
    terms, case = c.terms, c.case
    if terms.discount_percent is None or terms.discount_percent <= 0:
        raise InputError("discount_percent: a discount needs the agreed percentage above 0, e.g. 8")
    serious = c.judged.serious_failures
    if serious:
        v = serious[0]
        raise InputError(
            f"option: a discount is only for minor defects; {v.defect_class} defects failed "
            f"({v.found} found, Re {v.plan.reject}), so rework or another option with a re-inspection is needed"
        )
    if c.report.verdict in ("pending", "aborted"):
        raise InputError(f"option: the report is {c.report.verdict}; a discount needs a completed report that failed on minor defects only")
    value = percent_of(case.order_value_cny, terms.discount_percent)
    if value > case.balance_cny:
        raise InputError(
            f"discount_percent: {terms.discount_percent}% of the order is {value} CNY, more than the "
            f"balance of {case.balance_cny} CNY"
        )


def _money(m) -> dict:
    if m.discount_percent is None:
        return {}
    value = min(percent_of(m.order_value, m.discount_percent), m.outstanding)
    return dict(
        discount_percent=m.discount_percent, discount_cny=value, balance_payable_cny=m.outstanding - value,
        rate=m.rate, discount_ngn=cny_to_ngn(value, m.rate) if m.rate is not None else None,
    )


def _balance_due(case, decision, agreed: bool) -> Decimal:
    if not agreed:
        return case.balance_cny
    return max(case.balance_cny - percent_of(case.order_value_cny, decision.discount_percent), Decimal(0))


def _proposal(f: Facts, t: dict) -> tuple[str, str]:
    if f.serious_failure:
        raise InputError("template: a discount is only for minor defects; critical and major failures "
                         "need rework and a passing re-inspection")
    pct = t["percent"]
    off = percent_of(f.case.order_value_cny, pct)
    remaining = max(f.case.balance_cny - off, Decimal(0))
    return (f"{po_words(f.case.po)}: proposal to accept the goods at a {pct}% discount",
            f"As the failure is limited to minor defects, we are prepared to accept the goods as they are at "
            f"a discount of {pct}% of the order value ({fmt_cny(off)}), which would bring the balance to "
            f"{fmt_cny(remaining)}. We need your written agreement to these terms before anything changes; "
            + balance_rule_after("without it the rule stays: "))


DISCOUNT = Option(
    key="discount",
    title="Negotiate a discount",
    label="Discount",
    fit=_fit,
    fit_not_a_pass=lambda why: Fit(True, f"{why}: a discount that reflects the flaw can settle it, with the supplier's "
                                         "written agreement on record."),
    preference={"minor-only": 1, "failed-again": 5, "deep-fault": 5, "fixable": 5, "not-a-pass": 2},
    reinspection=False,
    terms=("discount_percent", "agreement_entry_id"),
    required={},  # the percentage is checked with the rest of the discount's terms
    check=_check,
    money=_money,
    balance_due=_balance_due,
    due="discount agreement",
    status="discount proposed: awaiting the supplier's written agreement",
    settles_by_agreement=True,
    letters=(Letter("discount", "Discount proposal (minor defects only)", ("percent",), ("deadline",),
                    "discount agreement", _proposal),),
)
