"""What the options say can be paid now is exactly what the balance gate accepts.

Options x stages: a failed first inspection (critical, major or minor), then each option
decided (a discount with or without the supplier's written agreement), then a
re-inspection that fails again, then one that passes (of the lot, the sorted lot or the
replacement units, as the option calls for), with some balance already paid. At every
stage the row of the option in force must say "payable now" = the most the gate lets
through, "held" = the rest of the balance; before any decision every row says 0.
(With "replace" decided the options said the good part could be paid while the gate
refused every yuan.)
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from hypothesis import given, settings as hsettings, strategies as st

from casefile.records.log_entry import EntryDraft, chain_entry
from casefile.records.decision import Decision
from casefile.values.errors import GateClosed
from casefile.rules.gate import balance_gate, require_balance
from casefile.rules.option_comparison import assess_options
from casefile.records.payment import Payment
from casefile.records.case_state import CaseState
from conftest import make_case
from gate_support import CRITICAL_FAIL, MAJOR_FAIL, MINOR_FAIL, PASS, make_report

pytest_plugins = ["figures"]
CASE = make_case()
TODAY = date(2026, 11, 25)
CENT = Decimal("0.01")
FAILURES = {"critical": CRITICAL_FAIL, "major": MAJOR_FAIL, "minor": MINOR_FAIL}
SCOPE = {"sort": "sorted-lot", "replace": "replacements"}
STAGES = ("failed", "decided", "failed again", "passed")
SEEN: dict[str, int] = {}


def report(day: int, counts: dict, scope: str = "lot", lot: int = 3000):
    return make_report(date(2026, 11, day), counts, scope=scope, lot_size=lot, standard=CASE.standard)


def build(failure: str, option: str, stage: str, units: int, agreed: bool, paid: Decimal) -> CaseState:
    reports, decisions, log = [report(2, FAILURES[failure])], [], []
    if stage != "failed":
        if agreed:
            draft = EntryDraft(direction="from-supplier", channel="email", subject="We accept 6%",
                               written_agreement=True)
            log.append(chain_entry(draft, "ada", []))
        decisions.append(Decision(
            option=option, decided_by="ada", decided_at=datetime(2026, 11, 3, tzinfo=timezone.utc),
            units=units if option in SCOPE else None,
            discount_percent=Decimal(6) if option == "discount" else None,
            agreement_entry_id=log[0].id if log else None))
    scope = SCOPE.get(option, "lot")
    lot = {"sort": 3000 - units, "replace": units}.get(option, 3000)
    if stage in ("failed again", "passed"):
        reports.append(report(10, MINOR_FAIL if failure != "minor" else MAJOR_FAIL, scope, lot))
    payments = []
    if stage == "passed":
        reports.append(report(20, PASS, scope, lot))
        if paid:
            payments.append(Payment(kind="balance", cny=paid, ngn=paid * 215, rate="215", recorded_by="ada"))
    return CaseState(revision=1, case=CASE, reports=reports, decisions=decisions, correspondence=log,
                     payments=payments)


def gate_accepts(state, amount: Decimal) -> bool:
    """Whether a balance payment of `amount` may stand: the gate read on the case with it in,
    as the write that records it reads it (casefile/actions/pay.py)."""
    payment = Payment(kind="balance", cny=amount, ngn=amount * 215, rate="215", status="requested", recorded_by="ada")
    try:
        require_balance(balance_gate(state.model_copy(update={"payments": [*state.payments, payment]})), amount)
    except GateClosed:
        return False
    return True


@hsettings(max_examples=150, deadline=None)
@given(failure=st.sampled_from(sorted(FAILURES)), option=st.sampled_from(["rework", "sort", "discount", "replace", "cancel"]),
       stage=st.sampled_from(STAGES), units=st.sampled_from([125, 300, 1500]), agreed=st.booleans(),
       paid=st.sampled_from([Decimal(0), Decimal("1000.00"), Decimal("20000.00")]))
def test_what_an_option_says_is_payable_now_is_what_the_gate_accepts(failure, option, stage, units, agreed, paid):
    if option == "discount" and failure != "minor":
        return  # decide refuses it: a discount is for minor defects only
    state = build(failure, option, stage, units, agreed, paid)
    rows = {r.option: r for r in assess_options(state, today=TODAY)}
    row = rows[option]
    now = row.payable_now_cny
    if now > 0:
        assert gate_accepts(state, now), (stage, option, now)
    assert not gate_accepts(state, now + CENT), (stage, option, now)
    assert row.balance_held_cny == row.balance_cny - now
    if stage == "failed":
        assert all(r.payable_now_cny == 0 and r.balance_held_cny == r.balance_cny for r in rows.values())
    key = f"{stage}: {'open' if now else 'locked'}"
    SEEN[key] = SEEN.get(key, 0) + 1


def test_replace_decided_holds_the_whole_balance_until_the_replacements_pass():
    decided = {r.option: r for r in assess_options(build("major", "replace", "decided", 300, False, Decimal(0)),
                                                   today=TODAY)}["replace"]
    assert decided.payable_now_cny == 0 and decided.balance_held_cny == Decimal("58800.00")
    assert not gate_accepts(build("major", "replace", "decided", 300, False, Decimal(0)), CENT)
    passed = build("major", "replace", "passed", 300, False, Decimal(0))
    row = {r.option: r for r in assess_options(passed, today=TODAY)}["replace"]
    assert row.payable_now_cny == Decimal("58800.00") and row.balance_held_cny == 0
    assert gate_accepts(passed, Decimal("58800.00"))


def test_the_figures(figure):  # after the property test (file order): what it covered
    if SEEN:
        figure("options x gate: " + ", ".join(f"{k} {v}" for k, v in sorted(SEEN.items())))
