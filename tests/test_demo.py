"""The demo workspace: every state the issue asks for, computed by the domain, built safely."""

from __future__ import annotations

import os
from datetime import date

import pytest

from casefile.values import clock
from casefile.actions.demo import build_demo
from casefile.actions.workspace import Workspace
from casefile.rules.case_status import case_status
from casefile.rules.deadlines import open_deadlines
from casefile.rules.gate import balance_gate
from casefile.rules.judgement import judge, next_switching
from casefile.rules.switching import explain
from casefile.rules.totals import totals
from casefile.values.errors import WorkspaceError


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    calls = []
    ws = build_demo(tmp_path_factory.mktemp("d") / "demo", progress=lambda *a: calls.append(a))
    return ws, {s.po: s for s in ws.load_all()}, calls


def _phase(states, po):
    return case_status(states[po])


def test_six_to_eight_cases_with_real_looking_suppliers(demo):
    ws, states, _ = demo
    assert 6 <= len(states) <= 8
    towns = ("Yiwu", "Guangzhou", "Ningbo", "Shenzhen", "Dongguan", "Foshan", "Yongkang")
    assert all(any(t in s.case.supplier for t in towns) for s in states.values())
    rates = [p.rate for s in states.values() for p in s.payments]
    assert rates and all(195 <= r <= 230 for r in rates)


def test_critical_safety_failure_is_locked_and_never_a_discount(demo):
    _, states, _ = demo
    state = states["PO/2026/141"]
    assert _phase(states, "PO/2026/141")[0] == "failed"
    gate = balance_gate(state)
    assert not gate.open and "critical" in gate.reasons[0]
    assert any("live wire" in f.defect_type for f in state.reports[-1].findings)


def test_minor_discount_is_backed_by_the_written_agreement_and_reduces_the_balance(demo):
    _, states, _ = demo
    state = states["PO/2026/127"]
    gate = balance_gate(state)
    assert gate.open and gate.route == "discount"
    decision = state.latest_decision()
    agreement = state.find("correspondence", decision.agreement_entry_id)
    assert agreement.written_agreement and agreement.direction == "from-supplier"
    assert gate.balance_due_cny < state.case.balance_cny


def test_rework_in_progress_has_an_overdue_deadline(demo):
    _, states, _ = demo
    state = states["PO/2026/133"]
    assert _phase(states, "PO/2026/133")[0] == "rework"
    deadlines = open_deadlines(state)
    assert deadlines and deadlines[0].overdue(clock.today())
    assert not balance_gate(state).open
    chased = state.correspondence[-1]  # the note the day after: it reads the deadline as passed
    assert (chased.at.date() - deadlines[0].due).days == 1 and "deadline passed yesterday" in chased.body


def test_reinspection_passed_unlocks_the_balance(demo):
    _, states, _ = demo
    state = states["PO/2026/114"]
    phase, text = _phase(states, "PO/2026/114")
    assert phase == "balance-unlocked" and "re-inspection passed" in text
    assert balance_gate(state).open
    assert totals(state).rate_source.startswith("quote")  # a live quote to pay with


def test_sorted_lot_passed_pays_pro_rata(demo):
    _, states, _ = demo
    state = states["PO/2026/138"]
    assert state.reports[-1].scope == "sorted-lot"
    assert "sorted lot passed" in _phase(states, "PO/2026/138")[1]
    assert balance_gate(state).balance_due_cny < state.case.balance_cny


def test_cancelled_order_has_its_deposit_refund_pending(demo):
    _, states, _ = demo
    phase, text = _phase(states, "PO/2026/119")
    assert phase == "cancelled" and "refund pending" in text
    assert not balance_gate(states["PO/2026/119"]).open


def test_a_fresh_case_awaits_its_report(demo):
    _, states, _ = demo
    assert _phase(states, "PO/2026/152")[0] == "awaiting-report"


def test_every_log_chain_holds_and_the_index_matches(demo):
    ws, _, _ = demo
    result = ws.check()
    assert result.ok and not result.index_stale


def test_progress_counts_up_to_the_total(demo):
    *_, calls = demo
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] == 8
    assert [c[0] for c in calls] == list(range(9))


def test_deadlines_are_relative_to_the_day_it_is_built(tmp_path, monkeypatch):
    from datetime import datetime, timezone

    later = datetime(2027, 3, 2, 9, 0, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "wall_time", lambda: later)
    ws = build_demo(tmp_path / "demo")
    state = ws.load("PO/2026/133")
    assert open_deadlines(state)[0].due < date(2027, 3, 2)
    assert state.reports[0].date > date(2027, 2, 1)
    assert clock.now() == later  # the build gave the clock back


def test_building_twice_opens_the_same_demo_without_writing(tmp_path):
    root = tmp_path / "demo"
    build_demo(root)
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    again = build_demo(root)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
    assert len(again.list_summaries()) == 8


def test_never_touches_a_real_workspace(tmp_path, case):
    real = Workspace.open(tmp_path / "real")
    real.create(case)
    before = {p: p.read_bytes() for p in (tmp_path / "real").rglob("*") if p.is_file()}
    with pytest.raises(WorkspaceError, match="not empty and is not a Casefile demo"):
        build_demo(tmp_path / "real")
    after = {p: p.read_bytes() for p in (tmp_path / "real").rglob("*") if p.is_file()}
    assert after == before
    build_demo(tmp_path / "demo")
    assert {p: p.read_bytes() for p in (tmp_path / "real").rglob("*") if p.is_file()} == before


def test_refuses_the_configured_workspace_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEFILE_HOME", str(tmp_path / "home"))
    with pytest.raises(WorkspaceError, match="real workspace"):
        build_demo(tmp_path / "home")
    assert not (tmp_path / "home").exists()


def test_two_first_starts_at_once_share_one_demo(tmp_path, monkeypatch):
    import casefile.actions.demo as demo_module

    root = tmp_path / "demo"
    first_case = demo_module.CASES[0]

    def racing(ws, t, folder):
        first_case(ws, t, folder)
        monkeypatch.setattr(demo_module, "CASES", (first_case,))
        build_demo(root)  # the other process, finishing first

    monkeypatch.setattr(demo_module, "CASES", (racing,))
    ws = build_demo(root)
    assert [s.po for s in ws.list_summaries()] == ["PO/2026/141"]
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]  # no build folder left


def test_an_interrupted_build_leaves_nothing_behind(tmp_path, monkeypatch):
    import casefile.actions.demo as demo_module

    def boom(ws, t, folder):
        raise RuntimeError("disk full")

    real_now = clock.now
    monkeypatch.setattr(demo_module, "CASES", (demo_module.CASES[0], boom))
    with pytest.raises(RuntimeError):
        build_demo(tmp_path / "demo")
    assert os.listdir(tmp_path) == []
    assert clock.now is real_now


def test_a_second_order_from_a_supplier_on_tightened_shows_switching(demo):
    ws, states, _ = demo
    state = ws.load("PO/2026/156")
    status = next_switching(state)
    assert status.severity == "tightened"
    assert "2 lots in a row rejected" in explain(status)
    assert "inspected on tightened inspection" in state.correspondence[-1].body
    assert judge(state, state.reports[0]).severity == "normal"  # its own lot tightened the next, not itself
