"""Cancel and recover the deposit: for a serious, unfixable failure. The balance is never
paid; the deposit refund is tracked against the case's refund terms."""

from __future__ import annotations

from decimal import Decimal

from casefile.records.po import po_words
from casefile.rules.options.letter import Facts, Letter, long_day
from casefile.rules.options.option import Fit, Option, Situation
from casefile.values.money import fmt_cny, percent_of


def _fit(s: Situation) -> Fit:
    if s.critical:
        return Fit(True, "a critical defect failed: a safety fault can justify walking away, with the deposit recovered under the refund terms.")
    if s.far_systematic:
        return Fit(True, f"{s.far_systematic[0].defect_class} defects are far over with a systematic fault: a process failure this deep may not be fixable.")
    if s.failed_before and s.serious:
        return Fit(True, "the goods failed on critical or major defects again after an earlier failure: walking away is justified.")
    if s.serious:
        return Fit(False, "the failure looks fixable: cancelling would give up the goods for a problem rework can solve.")
    return Fit(False, "only minor defects failed: not a reason to walk away from the order.")


def _letter(f: Facts, t: dict) -> tuple[str, str]:
    case = f.case
    refund = percent_of(f.deposit_paid or case.deposit_cny, case.deposit_refundable_percent)
    terms = f' Our terms say: "{case.refund_terms}".' if case.refund_terms else ""
    by = f" by {long_day(t['deadline'])}" if t.get("deadline") else ""
    return (f"{po_words(case.po)}: cancellation of the order and refund of the deposit",
            f"Because the goods do not meet the standard and cannot be made to, we cancel {po_words(case.po)}. "
            f"The balance will not be paid: it moves only after a re-inspection passes every class, and that "
            f"will not happen for these goods.{terms} Please refund {fmt_cny(refund)} of the deposit{by}.")


CANCEL = Option(
    key="cancel",
    title="Cancel and recover the deposit",
    label="Cancel",
    fit=_fit,
    fit_not_a_pass=lambda why: Fit(False, "every class is within its limit: not a reason to walk away from the order."),
    preference={"minor-only": 5, "failed-again": 1, "deep-fault": 2, "fixable": 4, "not-a-pass": 5},
    reinspection=False,
    terms=(),
    required={},
    money=lambda m: {"balance_payable_cny": Decimal("0.00"), "deposit_at_risk_cny": m.non_refundable},
    balance_due=lambda case, decision, agreed: Decimal(0),
    due="deposit refund",
    status="cancelled",  # the case list says what the refund stands at (casefile/rules/case_status.py)
    ends_order=True,
    letters=(Letter("cancel", "Cancellation with deposit refund request", (), ("deadline",), "deposit refund",
                    _letter),),
)
