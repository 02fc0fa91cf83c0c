"""The five options: which fit (DOMAIN.md's table), money, time, and recording a decision."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from casefile.actions.decide import record_decision
from casefile.actions.note import append_entry
from casefile.records.case_state import CaseState
from casefile.records.log_entry import EntryDraft
from casefile.records.payment import RateQuote
from casefile.rules.decision_terms import DecisionTerms
from casefile.rules.diagnosis import diagnose
from casefile.rules.gate import balance_gate
from casefile.rules.option_comparison import assess_options
from casefile.rules.settings import Settings
from casefile.store.protocol import Change
from casefile.values.errors import InputError
from conftest import make_case
from reportkit import make_report, scattered, systematic

CASE = make_case()
TODAY = date(2026, 11, 25)


def state_with(*reports, case=CASE, **over) -> CaseState:
    return CaseState(revision=1, case=case, reports=list(reports), **over)


def fits(state) -> list[str]:
    return [a.option for a in assess_options(state, today=TODAY) if a.fits]


# scenario -> the options that fit, best first
RULES = [
    ("every class passes", make_report(major=7, minor=10), []),
    ("inspection pending", make_report(verdict="pending"), []),
    ("minor only, scattered", make_report(minor=12, findings=scattered("minor", 12)),
     ["discount", "rework", "sort", "replace"]),
    ("minor only, systematic", make_report(minor=15, findings=systematic("minor", 15)), ["discount", "rework"]),
    ("minor far over, scattered", make_report(minor=23, findings=scattered("minor", 23)), ["discount", "rework", "sort"]),
    ("major at the line, scattered", make_report(major=8, findings=scattered("major", 8)), ["rework", "sort", "replace"]),
    ("major clearly over, systematic", make_report(major=13, findings=systematic("major", 13)), ["rework"]),
    ("major far over, scattered", make_report(major=20, findings=scattered("major", 20)), ["rework", "sort"]),
    ("major far over, systematic", make_report(major=23, findings=systematic("major", 23)), ["rework", "cancel"]),
    ("critical at the line", make_report(critical=1, findings=scattered("critical", 1)),
     ["rework", "sort", "replace", "cancel"]),
    ("critical and minor", make_report(critical=2, minor=12, findings=scattered("critical", 2) + scattered("minor", 12)),
     ["rework", "sort", "replace", "cancel"]),
]


@pytest.mark.parametrize("name, report, expected", RULES, ids=[r[0] for r in RULES])
def test_which_options_fit(name, report, expected):
    assert fits(state_with(report)) == expected


def test_a_critical_failure_never_fits_a_discount():
    [discount] = [a for a in assess_options(state_with(make_report(critical=1, minor=15)), today=TODAY) if a.option == "discount"]
    assert not discount.fits
    assert discount.reason == "a critical failure never qualifies for a discount."


def test_re_inspection_is_required_after_any_critical_or_major_failure():
    for report in (make_report(critical=1), make_report(major=9)):
        for a in assess_options(state_with(report), today=TODAY):
            if a.fits and a.option != "cancel":
                assert a.reinspection_required, a.option


def test_failing_again_after_a_serious_failure_puts_cancel_first():
    first, second = make_report(major=12, findings=scattered("major", 12)), make_report(major=9, date="2026-11-24")
    assert fits(state_with(first, second))[0] == "cancel"
    assert fits(state_with(second))[0] == "rework"


def test_no_report_means_nothing_fits_and_says_why():
    rows = assess_options(state_with(), today=TODAY)
    assert [r.option for r in rows] == ["rework", "sort", "discount", "replace", "cancel"]
    assert not any(r.fits for r in rows)
    assert rows[0].reason.startswith("no inspection report is on record")


def test_the_conclusion_gives_each_fitting_option_a_one_sentence_reason():
    d = diagnose(CASE, make_report(major=23, findings=systematic("major", 23)))
    assert [o.option for o in d.conclusion] == ["rework", "cancel"]
    for o in d.conclusion:
        assert o.reason.endswith(".") and o.reason.count(". ") == 0


# -- money ------------------------------------------------------------------------
def row(state, option, **kw):
    return next(a for a in assess_options(state, today=TODAY, **kw) if a.option == option)


def test_discount_value_in_cny_and_ngn_at_the_planning_rate():
    r = row(state_with(make_report(minor=12, findings=scattered("minor", 12))), "discount")
    assert r.discount_percent == Decimal("9.60")  # about 288 of 3,000 units
    assert r.discount_cny == Decimal("8064.00")
    assert r.rate == Decimal("215.5")
    assert r.discount_ngn == Decimal("1737792.00")
    assert r.balance_payable_cny == Decimal("50736.00")
    assert r.reinspection_fee_cny == 0


def test_discount_at_a_given_rate_and_percent():
    r = row(state_with(make_report(minor=12)), "discount", rate=Decimal("220.1234"), discount_percent=Decimal("5"))
    assert (r.discount_cny, r.discount_ngn) == (Decimal("4200.00"), Decimal("924518.28"))


def test_a_live_quote_is_the_default_rate_and_an_expired_one_is_not(pinned_clock):
    now = pinned_clock
    live = RateQuote(rate="218.0000", quoted_by="desk", quoted_at=now - timedelta(hours=1), expires_at=now + timedelta(hours=1), recorded_by="ada")
    stale = RateQuote(rate="230.0000", quoted_by="desk", quoted_at=now, expires_at=now - timedelta(minutes=1), recorded_by="ada")
    report = make_report(minor=12)
    assert row(state_with(report, quotes=[live, stale]), "discount").rate == Decimal("218")
    assert row(state_with(report, quotes=[stale]), "discount").rate == Decimal("215.5")


def test_cancel_puts_the_non_refundable_deposit_at_risk_and_pays_nothing():
    case = make_case(deposit_refundable_percent="60")
    r = row(state_with(make_report(critical=1), case=case), "cancel")
    assert r.deposit_at_risk_cny == Decimal("10080.00")  # 40% of 25,200
    assert r.balance_payable_cny == 0 and r.balance_held_cny == Decimal("58800.00")
    assert not r.reinspection_required and r.reinspection_fee_cny == 0


def test_sort_pays_the_balance_pro_rata_on_the_good_units_after_a_reinspection():
    r = row(state_with(make_report(major=12, findings=scattered("major", 12))), "sort")
    assert r.accepted_units == 2712  # 3,000 less about 288 bad
    assert r.balance_payable_cny == Decimal("53155.20")
    assert r.reinspection_fee_cny == Decimal("2100.00")


def test_rework_deadline_against_the_shipping_window():
    r = row(state_with(make_report(major=9)), "rework")
    assert r.deadline == date(2026, 12, 5) and r.slack_days == 15
    assert r.time_note == "rework by 5 Dec leaves 15 days before the window closes 20 Dec"
    late = row(state_with(make_report(major=9)), "rework", settings=Settings(rework_days=30))
    assert late.slack_days == -5
    assert late.time_note == "rework by 25 Dec is 5 days after the window closes 20 Dec"


@hsettings(max_examples=60, deadline=None)
@given(critical=st.just(0), major=st.integers(0, 7), minor=st.integers(0, 10),
       verdict=st.sampled_from(["pass", "fail"]), one_type=st.booleans())
def test_a_report_that_passes_every_class_never_recommends_cancelling(critical, major, minor, verdict, one_type):
    make = systematic if one_type else scattered
    report = make_report(critical, major, minor, verdict=verdict, findings=make("major", major) + make("minor", minor))
    rows = assess_options(state_with(report), today=TODAY)
    # the inspector's FAIL keeps it from counting as a pass: fixing it or a discount settles it
    assert {r.option for r in rows if r.fits} == (set() if verdict == "pass" else {"rework", "discount"})
    assert not next(r for r in rows if r.option == "cancel").fits


# -- recording a decision ------------------------------------------------------------
@pytest.fixture
def failed(ws, case, pinned_clock):
    """A case on disk whose first report failed on major defects."""
    ws.create(case)
    add_report(ws, make_report(major=23, findings=systematic("major", 23)))
    return ws


def add_report(ws, report):
    return ws.transact(CASE.po, lambda s: Change("report imported", records=[report]))


def agreement(ws, written=True, direction="from-supplier"):
    draft = EntryDraft(direction=direction, subject="we accept 8% off", written_agreement=written)
    append_entry(ws, CASE.po, draft)
    return draft.id


def test_rework_is_recorded_with_its_terms_and_history(failed):
    state = record_decision(failed, CASE.po, DecisionTerms(option="rework", deadline="2026-12-05", reason="factory agreed"))
    d = state.latest_decision()
    assert (d.option, d.deadline, d.report_id) == ("rework", date(2026, 12, 5), state.reports[-1].id)
    assert state.history[-1].action == "decision recorded"
    assert "by 5 Dec 2026" in state.history[-1].detail


def test_a_retried_decision_is_a_no_op(failed):
    terms = DecisionTerms(option="rework", deadline="2026-12-05")
    first = record_decision(failed, CASE.po, terms)
    again = record_decision(failed, CASE.po, terms)
    assert len(again.decisions) == 1 and again.revision == first.revision


@pytest.mark.parametrize("terms, message", [
    (dict(option="rework"), "deadline: rework needs a deadline"),
    (dict(option="rework", deadline="2026-11-01"), "deadline: 2026-11-01 is in the past"),
    (dict(option="sort"), "units: sort needs the number of units to sort out"),
    (dict(option="replace"), "units: replace needs the number of units to replace"),
    (dict(option="sort", units=3001), "units: 3,001 is more than the lot of 3,000"),
    (dict(option="discount", discount_percent="8"), "option: a discount is only for minor defects; major defects failed (23 found, Re 8)"),
    (dict(option="rework", deadline="2026-12-05", agreement_entry_id="abcdef12"), "agreement_entry_id: no log entry abcdef12"),
    (dict(option="cancel", report_id="abcdef12"), "report_id: no report abcdef12"),
])
def test_bad_terms_are_refused_and_nothing_is_stored(failed, terms, message):
    before = failed.load(CASE.po)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        record_decision(failed, CASE.po, DecisionTerms(**terms))
    assert failed.load(CASE.po).revision == before.revision


def test_an_agreement_must_be_the_suppliers_written_agreement(failed):
    note = agreement(failed, written=False)
    with pytest.raises(InputError, match="is not the supplier's written agreement"):
        record_decision(failed, CASE.po, DecisionTerms(option="cancel", agreement_entry_id=note))


def test_a_discount_for_a_critical_failure_is_refused(ws, case, pinned_clock):
    ws.create(case)
    add_report(ws, make_report(critical=1, minor=12))
    with pytest.raises(InputError, match="a discount is only for minor defects; critical defects failed"):
        record_decision(ws, CASE.po, DecisionTerms(option="discount", discount_percent="8"))


def test_a_minor_only_discount_with_the_written_agreement_unlocks_the_reduced_balance(ws, case, pinned_clock):
    ws.create(case)
    add_report(ws, make_report(minor=12))
    with pytest.raises(InputError, match="discount_percent: a discount needs the agreed percentage"):
        record_decision(ws, CASE.po, DecisionTerms(option="discount"))
    state = record_decision(ws, CASE.po, DecisionTerms(option="discount", discount_percent="8"))
    assert not balance_gate(state).open  # no written agreement yet
    entry = agreement(ws)
    state = record_decision(ws, CASE.po, DecisionTerms(option="discount", discount_percent="8", agreement_entry_id=entry))
    gate = balance_gate(state)
    assert gate.open and gate.balance_due_cny == Decimal("52080.00")  # 58,800 less 8% of 84,000


def test_nothing_to_decide_when_the_latest_report_passes(ws, case, pinned_clock):
    ws.create(case)
    with pytest.raises(InputError, match="has no inspection report yet"):
        record_decision(ws, CASE.po, DecisionTerms(option="cancel"))
    add_report(ws, make_report(major=2))
    with pytest.raises(InputError, match="passes every class: there is nothing to resolve"):
        record_decision(ws, CASE.po, DecisionTerms(option="cancel"))


def test_the_latest_inspection_is_the_latest_by_date_not_by_import_order(ws, case, pinned_clock):
    ws.create(case)
    add_report(ws, make_report(major=2, date="2026-11-24", kind="re-inspection"))
    state = add_report(ws, make_report(major=9, date="2026-11-20"))  # the first report, filed late
    assert not any(a.fits for a in assess_options(state, today=TODAY))
    with pytest.raises(InputError, match="the report of 24 Nov 2026 passes every class"):
        record_decision(ws, CASE.po, DecisionTerms(option="rework", deadline="2026-12-05"))


def test_an_overdue_deadline_reads_as_overdue_and_counts_the_window_from_today():
    from casefile.rules.option_comparison import time_note

    slack, text = time_note("rework", date(2026, 11, 23), date(2026, 12, 25), date(2026, 11, 25))
    assert slack == 32
    assert text == "rework was due 23 Nov (2 days ago); the window closes 25 Dec, 30 days from today"
    assert time_note("rework", date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25))[1].endswith(
        "the shipping window closed 24 Nov")
