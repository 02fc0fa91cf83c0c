"""The balance gate, rule by rule, as DOMAIN.md states it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casefile.actions.pay import PaymentDraft, record_payment, set_payment_status
from casefile.rules.gate import balance_gate
from casefile.values.errors import GateClosed
from gate_support import CRITICAL_FAIL, MAJOR_FAIL, MINOR_FAIL, PASS, add_report, decide, log_agreement

PO = "PO/2026/114"
NOV12, NOV20, NOV24 = date(2026, 11, 12), date(2026, 11, 20), date(2026, 11, 24)


@pytest.fixture
def opened(ws, case, pinned_clock):
    ws.create(case)
    return ws


def gate(ws):
    return balance_gate(ws.load(PO))


def pay_balance(ws, cny="58800.00", status="paid", receipt="ALI-B1", **kw):
    return record_payment(ws, PO, PaymentDraft(kind="balance", cny=cny, rate="215.5", status=status, receipt=receipt,
                                               **kw))


def test_no_report_keeps_the_balance_locked(opened):
    g = gate(opened)
    assert not g.open
    assert g.reasons == ["no inspection report is on record"]


def test_a_passing_first_inspection_opens_the_full_balance(opened):
    add_report(opened, PO, NOV12, PASS)
    g = gate(opened)
    assert g.open and g.route == "passed"
    assert g.balance_due_cny == Decimal("58800.00")


def test_major_failure_reason_names_date_count_and_limit(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    g = gate(opened)
    assert not g.open
    assert g.reasons == ["major defects failed on 12 Nov 2026 (23 found, Re 8); a re-inspection must pass first"]
    assert "re-inspection report that passes every class" in g.unlock[0]
    assert "major at most 7" in g.unlock[0]


def test_a_passing_reinspection_after_a_major_failure_opens_it(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    add_report(opened, PO, NOV24, PASS, kind="re-inspection")
    assert gate(opened).open


def test_reinspection_recorded_first_but_dated_earlier_does_not_count(opened):
    # order of inspection is by date: a pass dated before the failure is not "later"
    add_report(opened, PO, NOV24, MAJOR_FAIL)
    add_report(opened, PO, NOV12, PASS)
    assert not gate(opened).open


def test_inspector_pass_against_the_tables_is_not_a_pass(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL, verdict="pass")
    assert not gate(opened).open


def test_inspector_fail_within_every_limit_keeps_it_locked(opened):
    # the stricter reading wins: the inspector saw something the counts do not show
    add_report(opened, PO, NOV12, PASS, verdict="fail")
    g = gate(opened)
    assert not g.open
    assert g.reasons == ["the first of 12 Nov 2026 (QIMA) does not count as a pass: the inspector's own verdict "
                         "is FAIL, though every class is within its limit"]


def test_a_pending_reinspection_is_not_a_pass(opened):
    add_report(opened, PO, NOV12, PASS)
    add_report(opened, PO, NOV20, PASS, kind="re-inspection", verdict="pending")
    g = gate(opened)
    assert not g.open and "pending, not a pass" in g.reasons[0]


def test_minor_failure_without_agreement_is_locked_and_says_what_would_unlock(opened):
    add_report(opened, PO, NOV12, MINOR_FAIL)
    g = gate(opened)
    assert not g.open
    assert "minor defects failed on 12 Nov 2026 (14 found, Re 11)" in g.reasons[0]
    assert any("supplier's written agreement" in u for u in g.unlock)


def test_discount_decision_without_an_agreement_entry_is_locked(opened):
    add_report(opened, PO, NOV12, MINOR_FAIL)
    decide(opened, PO, "discount", discount_percent="6")
    g = gate(opened)
    assert not g.open
    assert any("points to no entry" in u for u in g.unlock)


def test_discount_pointing_to_our_own_message_is_locked(opened):
    add_report(opened, PO, NOV12, MINOR_FAIL)
    ours = log_agreement(opened, PO, direction="to-supplier", written_agreement=False)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=ours)
    assert not gate(opened).open


def test_minor_only_failure_with_written_agreement_opens_the_reduced_balance(opened):
    add_report(opened, PO, NOV12, MINOR_FAIL)
    entry = log_agreement(opened, PO)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    g = gate(opened)
    assert g.open and g.route == "discount"
    # 58,800 balance less 6% of the 84,000 order value
    assert g.balance_due_cny == Decimal("53760.00")
    with pytest.raises(GateClosed, match="more than the balance due"):
        pay_balance(opened, "58800.00")
    pay_balance(opened, "53760.00")


def test_a_corrected_agreement_no_longer_opens_it(opened):
    add_report(opened, PO, NOV12, MINOR_FAIL)
    entry = log_agreement(opened, PO)
    log_agreement(opened, PO, subject="Correction: we accept 4%", corrects=entry)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    g = gate(opened)
    assert not g.open and any("corrected" in u for u in g.unlock)


@pytest.mark.parametrize("counts", [CRITICAL_FAIL, MAJOR_FAIL], ids=["critical", "major"])
def test_serious_failure_never_opens_through_a_discount(opened, counts):
    add_report(opened, PO, NOV12, counts)
    entry = log_agreement(opened, PO)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    assert not gate(opened).open


def test_major_then_minor_only_reinspection_still_needs_a_pass(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    add_report(opened, PO, NOV20, MINOR_FAIL, kind="re-inspection")
    entry = log_agreement(opened, PO)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    g = gate(opened)
    assert not g.open and g.reasons[0].startswith("major defects failed on 12 Nov 2026")


def test_cancelled_order_never_pays_a_balance(opened):
    add_report(opened, PO, NOV12, PASS)
    decide(opened, PO, "cancel")
    g = gate(opened)
    assert not g.open and "cancelled" in g.reasons[0]
    assert g.balance_due_cny == 0


def test_sorted_lot_balance_is_pro_rata_to_accepted_units(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    decide(opened, PO, "sort", units=300)
    add_report(opened, PO, NOV24, PASS, kind="re-inspection", scope="sorted-lot", lot_size=2700)
    g = gate(opened)
    assert g.open and g.balance_due_cny == Decimal("52920.00")  # 58,800 x 2,700 / 3,000


def test_refused_balance_leaves_nothing_on_disk(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    before = opened.load(PO).revision
    with pytest.raises(GateClosed) as exc:
        pay_balance(opened, status="requested")
    assert exc.value.exit_code == 3 and "23 found, Re 8" in str(exc.value)
    state = opened.load(PO)
    assert state.payments == [] and state.revision == before


def test_requested_balance_counts_against_the_balance_due(opened):
    add_report(opened, PO, NOV12, PASS)
    pay_balance(opened, "50000.00", status="requested")
    with pytest.raises(GateClosed, match="more than the balance due"):
        pay_balance(opened, "8800.01")
    pay_balance(opened, "8800.00")


def test_a_withdrawn_request_frees_its_amount(opened):
    add_report(opened, PO, NOV12, PASS)
    request = pay_balance(opened, status="requested").payments[-1]
    set_payment_status(opened, PO, request.id, "withdrawn")
    pay_balance(opened)


def test_paying_a_request_rechecks_the_gate_on_disk(opened):
    add_report(opened, PO, NOV12, PASS)
    request = pay_balance(opened, status="requested").payments[-1]
    add_report(opened, PO, NOV20, MAJOR_FAIL, kind="re-inspection")
    with pytest.raises(GateClosed, match="major defects failed on 20 Nov 2026"):
        set_payment_status(opened, PO, request.id, "paid", receipt="ALI-1")
    assert len(opened.load(PO).payments) == 1
