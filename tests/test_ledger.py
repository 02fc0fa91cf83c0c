"""The ledger: payments as records, quotes, rounding, caps, status changes, totals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from casefile.actions.pay import PaymentDraft, QuoteExpired, record_payment, record_quote, set_payment_status
from casefile.records.payment import Payment, RateQuote
from casefile.rules.deadlines import refund_outstanding
from casefile.rules.payment_lines import payment_lines
from casefile.rules.totals import totals
from casefile.values.errors import InputError
from casefile.values.money import cny_to_ngn
from gate_support import MAJOR_FAIL, PASS, add_report, decide

PO = "PO/2026/114"


@pytest.fixture
def opened(ws, case, pinned_clock):
    ws.create(case)
    return ws


def deposit(ws, cny="25200.00", **kw):
    kw.setdefault("rate", "215.5")
    return record_payment(ws, PO, PaymentDraft(kind="deposit", cny=cny, receipt="ALI-0042", method="Alipay", **kw))


def test_an_expired_quote_cannot_be_used_a_new_quote_is_a_new_record(opened, monkeypatch, pinned_clock):
    from casefile.values import clock

    quote = RateQuote(rate="216.25", quoted_by="Alipay FX", expires_at=pinned_clock + timedelta(hours=1),
                      recorded_by="tester")
    record_quote(opened, PO, quote)
    deposit(opened, "1000.00", rate=None, quote_id=quote.id)  # still live
    monkeypatch.setattr(clock, "wall_time", lambda: pinned_clock + timedelta(hours=1))
    before = opened.load(PO)
    with pytest.raises(QuoteExpired, match="a new quote is a new record"):
        deposit(opened, "1000.00", rate=None, quote_id=quote.id)
    assert opened.load(PO).revision == before.revision
    new = RateQuote(rate="217.00", quoted_by="Alipay FX", expires_at=pinned_clock + timedelta(hours=3),
                    recorded_by="tester")
    record_quote(opened, PO, new)
    state = deposit(opened, "1000.00", rate=None, quote_id=new.id)
    assert len(state.payments) == 2
    paid = state.payments[-1]
    assert paid.rate == Decimal("217.00") and paid.ngn == Decimal("217000.00") and paid.quote_id == new.id
    assert [q.rate for q in state.quotes] == [Decimal("216.25"), Decimal("217.00")]  # the old one stays


def test_an_inline_quote_that_already_expired_is_refused(opened):
    with pytest.raises(QuoteExpired):
        deposit(opened, quote_expires_at="2026-11-24")
    assert opened.load(PO).quotes == []


def test_a_retried_payment_is_recorded_once(opened):
    add_report(opened, PO, date(2026, 11, 12), PASS)
    draft = PaymentDraft(kind="balance", cny="58800.00", rate="215.5", receipt="ALI-9")
    record_payment(opened, PO, draft)
    # the same command again (e.g. the first write's outcome was unknown): a no-op, not a
    # second payment and not a refusal for exceeding the balance due
    state = record_payment(opened, PO, draft)
    assert [p.id for p in state.payments] == [draft.id]
    assert totals(state).balance_paid.cny == Decimal("58800.00")


def test_ngn_is_cny_at_the_rate_rounded_half_up_once(opened):
    state = deposit(opened, "0.03", rate="215.5")  # 6.465 NGN -> 6.47 (half up, not half even)
    assert state.payments[-1].ngn == Decimal("6.47")
    with pytest.raises(ValidationError, match="expected 6.47"):
        PaymentDraft(kind="deposit", cny="0.03", rate="215.5", ngn="6.46")


def test_a_stored_payment_whose_ngn_disagrees_with_its_rate_is_invalid():
    with pytest.raises(ValidationError, match="does not agree"):
        Payment(kind="deposit", cny="100.00", ngn="21550.01", rate="215.5", recorded_by="x")


def test_floats_are_refused_for_money():
    with pytest.raises(ValidationError, match="string"):
        PaymentDraft(kind="deposit", cny=100.1, rate="215.5")


def test_deposit_payments_cannot_exceed_the_agreed_deposit(opened):
    deposit(opened, "25000.00")
    with pytest.raises(InputError, match="more than the agreed deposit"):
        deposit(opened, "200.01")


def test_refunds_cannot_exceed_what_was_paid_to_the_supplier(opened):
    deposit(opened)
    with pytest.raises(InputError, match="more than the"):
        record_payment(opened, PO, PaymentDraft(kind="refund", cny="25200.01", rate="215.5", receipt="R"))


def test_status_moves_forward_only_by_new_records(opened):
    state = deposit(opened, status="requested")
    request = state.payments[-1]
    state = set_payment_status(opened, PO, request.id, "paid", receipt="ALI-7")
    assert len(state.payments) == 2 and state.payments[0].status == "requested"  # the request is untouched
    line = payment_lines(state)[0]
    assert line.status == "paid" and line.receipt == "ALI-7"
    assert state.payments[1].cny == request.cny and state.payments[1].rate == request.rate
    with pytest.raises(InputError, match="it can move to refunded"):
        set_payment_status(opened, PO, request.id, "withdrawn")
    set_payment_status(opened, PO, request.id, "refunded")
    assert payment_lines(opened.load(PO))[0].status == "refunded"


def test_totals_in_both_currencies(opened):
    deposit(opened)  # 25,200 at 215.5
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    t = totals(opened.load(PO), rate=Decimal("220"))
    assert t.paid.cny == Decimal("25200.00") and t.paid.ngn == Decimal("5430600.00")  # as spent
    assert t.owed.cny == Decimal("58800.00") and t.owed.ngn == Decimal("12936000.00")  # at the given rate
    assert t.held == t.owed  # the gate is closed: the whole balance is held
    assert t.at_risk.cny == Decimal("25200.00") and t.at_risk.ngn == cny_to_ngn(Decimal("25200.00"), Decimal("220"))


def test_totals_after_passing_and_paying(opened):
    deposit(opened)
    add_report(opened, PO, date(2026, 11, 12), PASS)
    record_payment(opened, PO, PaymentDraft(kind="balance", cny="58800.00", rate="216", receipt="B1"))
    t = totals(opened.load(PO))
    assert t.owed.cny == 0 and t.held.cny == 0 and t.at_risk.cny == 0
    assert t.paid.cny == Decimal("84000.00")
    assert t.paid.ngn == Decimal("5430600.00") + Decimal("12700800.00")
    assert t.rate == Decimal("215.5") and t.rate_source == "planning rate"


def test_cancelled_order_owes_nothing_and_the_deposit_is_at_risk(opened):
    deposit(opened)
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    decide(opened, PO, "cancel")
    t = totals(opened.load(PO))
    assert t.owed.cny == 0 and t.at_risk.cny == Decimal("25200.00")
    record_payment(opened, PO, PaymentDraft(kind="refund", cny="25200.00", rate="210", receipt="R1"))
    assert totals(opened.load(PO)).at_risk.cny == 0


def test_a_refund_recorded_as_a_refund_and_flagged_refunded_counts_once(opened):
    # two deposit instalments; the supplier sends the first back, recorded both ways
    first = deposit(opened, "12600.00").payments[-1]
    deposit(opened, "12600.00")
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    decide(opened, PO, "cancel")
    set_payment_status(opened, PO, first.id, "refunded")
    record_payment(opened, PO, PaymentDraft(kind="refund", cny="12600.00", rate="210", receipt="R1"))
    state = opened.load(PO)
    t = totals(state)
    assert (t.paid.cny, t.refunded.cny) == (Decimal("25200.00"), Decimal("12600.00"))
    assert t.at_risk.cny == Decimal("12600.00")  # the second instalment is still with the supplier
    assert refund_outstanding(state) == Decimal("12600.00")  # 100% refundable, half came back
    # the other half comes back: recorded as a refund only, it counts too
    record_payment(opened, PO, PaymentDraft(kind="refund", cny="12600.00", rate="210", receipt="R2"))
    t = totals(opened.load(PO))
    assert (t.refunded.cny, t.at_risk.cny) == (Decimal("25200.00"), 0)
    with pytest.raises(InputError, match="refunds would total ¥25,200.01, more than the ¥25,200.00 paid"):
        record_payment(opened, PO, PaymentDraft(kind="refund", cny="0.01", rate="210", receipt="R3"))


def test_a_deposit_partly_refunded_cannot_then_be_flagged_refunded_in_full(opened):
    paid = deposit(opened).payments[-1]
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    decide(opened, PO, "cancel")
    record_payment(opened, PO, PaymentDraft(kind="refund", cny="10000.00", rate="210", receipt="R1"))
    before = opened.load(PO)
    with pytest.raises(InputError, match="refunds would total ¥35,200.00, more than the ¥25,200.00 paid"):
        set_payment_status(opened, PO, paid.id, "refunded")
    assert opened.load(PO).revision == before.revision and totals(before).refunded.cny == Decimal("10000.00")


def test_reinspection_fees_never_exceed_the_agreed_fee(opened):
    fee = dict(kind="reinspection-fee", rate="215.5", receipt="AQI-1")
    record_payment(opened, PO, PaymentDraft(cny="2000.00", status="requested", **fee))
    with pytest.raises(InputError) as caught:
        record_payment(opened, PO, PaymentDraft(cny="999999.00", **fee))
    assert str(caught.value) == (
        "cny: re-inspection fee payments would total ¥1,001,999.00, more than the agreed fee of ¥2,100.00; if the "
        "fee really is higher, raise it first with a reason (the case form, or `casefile edit PO/2026/114 "
        "--reinspection-fee-cny X --reason TEXT`)")
    record_payment(opened, PO, PaymentDraft(cny="100.00", **fee))  # exactly the agreed fee in all
    with pytest.raises(InputError, match="more than the agreed fee"):
        record_payment(opened, PO, PaymentDraft(cny="0.01", **fee))
