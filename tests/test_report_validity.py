"""Which reports count (issue #9, items 2-4; DOMAIN.md "Which reports count"): a report dated
in the future, an under-sampled or wrong-lot one, a failed spec point and the inspector's
FAIL. With the conftest case (3,000 units, level II): code K, sample 125."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from casefile.values import clock
from casefile.actions.import_report import import_report
from casefile.actions.pay import PaymentDraft, record_payment
from casefile.rules.diagnosis import diagnose_in_case
from casefile.rules.gate import balance_gate
from casefile.rules.judgement import judge
from casefile.values.errors import GateClosed, InputError
from gate_support import MAJOR_FAIL, MINOR_FAIL, PASS, add_report, decide, log_agreement
from reportkit import REINSPECTION_PASSED
from screens.report import summary_text
from tui.cli import main

PO = "PO/2026/114"
NOV12, NOV20, NOV24 = date(2026, 11, 12), date(2026, 11, 20), date(2026, 11, 24)
NO_POINT = [{"point": "S1", "result": "does-not-conform", "note": "285C"}]


@pytest.fixture
def opened(ws, case, pinned_clock):
    ws.create(case)
    return ws


def pay_balance(ws, cny="58800.00"):
    return record_payment(ws, PO, PaymentDraft(kind="balance", cny=cny, rate="215.5", receipt="B-1"))


def reinspection_file(tmp_path, **over):
    data = json.loads(REINSPECTION_PASSED.read_text())
    data.update(over)
    path = tmp_path / "re.json"
    path.write_text(json.dumps(data))
    return path


# -- item 2: the date ------------------------------------------------------------------
def test_a_future_dated_report_is_refused_at_import(opened, tmp_path, capsys):
    path = reinspection_file(tmp_path, date="2099-01-01")
    with pytest.raises(InputError) as caught:
        import_report(opened, PO, path)
    assert str(caught.value) == ("date: 2099-01-01 is in the future (today is 2026-11-25); an inspection cannot be "
                                 "dated later than today: check the date on the report")
    assert main(["--data", str(opened.root), "import-report", PO, str(path)]) == 2
    assert "2099-01-01 is in the future" in capsys.readouterr().err
    assert opened.load(PO).reports == []


def test_a_report_dated_today_in_the_factorys_time_zone_is_accepted(opened, tmp_path, monkeypatch):
    # 16:30 UTC on 25 Nov is 00:30 on 26 Nov in Shenzhen (UTC+8): the inspector dates it the 26th
    monkeypatch.setattr(clock, "wall_time", lambda: datetime(2026, 11, 25, 16, 30, tzinfo=timezone.utc))
    _, report, added = import_report(opened, PO, reinspection_file(tmp_path, date="2026-11-26"))
    assert added and report.date == date(2026, 11, 26)
    with pytest.raises(InputError, match="2026-11-27 is in the future"):
        import_report(opened, PO, reinspection_file(tmp_path, date="2026-11-27"))


def test_a_future_dated_pass_already_on_file_never_counts(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    add_report(opened, PO, date(2099, 1, 1), PASS, kind="re-inspection")  # e.g. a file of an earlier version
    add_report(opened, PO, NOV24, MAJOR_FAIL, kind="re-inspection")
    g = balance_gate(opened.load(PO))
    assert not g.open
    assert "does not count as a pass: it is dated 1 Jan 2099, after today" in " ".join(g.reasons)


def test_ties_on_a_date_go_in_the_order_recorded(opened):
    add_report(opened, PO, NOV20, MAJOR_FAIL)
    add_report(opened, PO, NOV20, PASS, kind="re-inspection")
    assert balance_gate(opened.load(PO)).open  # the pass was recorded after the failure
    add_report(opened, PO, NOV20, MAJOR_FAIL, kind="re-inspection")
    assert not balance_gate(opened.load(PO)).open  # and a later failure on the same day relocks it


# -- item 3: the sample and the lot -------------------------------------------------------
def test_an_under_sampled_pass_does_not_open_the_gate(opened, capsys):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    add_report(opened, PO, NOV20, dict(critical=0, major=0, minor=0), kind="re-inspection", sample_size=2)
    state = opened.load(PO)
    g = balance_gate(state)
    assert not g.open
    assert ("the re-inspection of 20 Nov 2026 (QIMA) does not count as a pass: under-sampled: 2 units sampled, "
            "the plan for a lot of 3,000 at level II needs 125") in g.reasons
    with pytest.raises(GateClosed):
        pay_balance(opened)
    assert main(["--data", str(opened.root), "diagnose", PO]) == 0
    out = capsys.readouterr().out
    assert ("for the balance: under-sampled: 2 units sampled, the plan for a lot of 3,000 at level II needs 125; "
            "its failures stand, its pass does not count") in out


def test_an_under_sampled_failure_still_stands(opened):
    add_report(opened, PO, NOV12, PASS)
    add_report(opened, PO, NOV20, dict(critical=1, major=0, minor=0), kind="re-inspection", sample_size=20)
    g = balance_gate(opened.load(PO))
    assert not g.open and g.reasons[0].startswith("critical defects failed on 20 Nov 2026 (1 found, Re 1)")


def test_a_wrong_lot_pass_does_not_open_the_gate(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    add_report(opened, PO, NOV20, dict(critical=0, major=0, minor=0), kind="re-inspection", lot_size=10,
               sample_size=10)
    state = opened.load(PO)
    g = balance_gate(state)
    assert not g.open  # and what would unlock it is a re-inspection of the order, not of 10 units
    assert "(critical at most 0, major at most 7, minor at most 10 in 125 sampled)" in g.unlock[0]
    d = diagnose_in_case(state, state.reports[-1])
    assert d.passed and not d.counts_as_pass  # the counts pass; the report does not count
    assert d.invalid == ["wrong lot: it inspected a lot of 10, but the lot in question is the order of 3,000"]
    text = summary_text(state.reports[-1], d, 2)
    assert ("Does NOT count as a pass: wrong lot: it inspected a lot of 10, but the lot in question is the order "
            "of 3,000; its failures stand, its pass does not count.") in text


@pytest.mark.parametrize("lot, opens", [(2700, True), (2800, False), (3000, False)])
def test_after_a_sort_the_lot_in_question_is_the_sorted_lot(opened, lot, opens):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    decide(opened, PO, "sort", units=300)
    add_report(opened, PO, NOV24, PASS, kind="re-inspection", scope="sorted-lot", lot_size=lot)
    assert balance_gate(opened.load(PO)).open is opens


def test_a_sorted_lot_report_without_a_sort_decision_is_the_wrong_lot(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    add_report(opened, PO, NOV24, PASS, kind="re-inspection", scope="sorted-lot", lot_size=2700)
    state = opened.load(PO)
    assert judge(state, state.reports[-1]).invalid == (
        "wrong lot: it inspected a sorted lot, but no sort decision with its units is on record",)
    assert not balance_gate(state).open


def test_a_discount_never_settles_an_inspection_that_does_not_count(opened):
    add_report(opened, PO, NOV12, MINOR_FAIL, sample_size=50)
    entry = log_agreement(opened, PO)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    g = balance_gate(opened.load(PO))
    assert not g.open and any("never an inspection that does not count" in u for u in g.unlock)


# -- item 4: the stricter reading ----------------------------------------------------------
def test_a_spec_point_that_does_not_conform_keeps_it_locked(opened):
    add_report(opened, PO, NOV12, PASS, spec_checks=NO_POINT)
    state = opened.load(PO)
    g = balance_gate(state)
    assert not g.open
    assert g.reasons == ["the first of 12 Nov 2026 (QIMA) does not count as a pass: "
                         "spec point S1 (colour Pantone 286C) does not conform"]
    d = diagnose_in_case(state, state.reports[0])
    assert [o.option for o in d.conclusion] == ["rework", "discount"]


def test_a_golden_sample_point_that_does_not_conform_keeps_it_locked(opened):
    add_report(opened, PO, NOV12, PASS,
               spec_checks=[{"point": "G1", "kind": "golden-sample", "result": "does-not-conform"}])
    assert balance_gate(opened.load(PO)).reasons == [
        "the first of 12 Nov 2026 (QIMA) does not count as a pass: golden-sample point G1 (switch feel as golden "
        "sample) does not conform"]


def test_a_non_conforming_point_can_be_settled_by_an_agreed_discount(opened):
    add_report(opened, PO, NOV12, PASS, spec_checks=NO_POINT)
    entry = log_agreement(opened, PO)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    g = balance_gate(opened.load(PO))
    assert g.open and g.route == "discount"


def test_the_inspectors_fail_keeps_a_reinspection_from_resolving_a_failure(opened):
    add_report(opened, PO, NOV12, MAJOR_FAIL)
    add_report(opened, PO, NOV20, PASS, kind="re-inspection", verdict="fail")
    g = balance_gate(opened.load(PO))
    assert not g.open and g.reasons[0].startswith("major defects failed on 12 Nov 2026")
    assert "the inspector's own verdict is FAIL" in g.reasons[1]
    add_report(opened, PO, NOV24, PASS, kind="re-inspection")
    assert balance_gate(opened.load(PO)).open
