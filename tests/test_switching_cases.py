"""Supplier switching across real cases: each case's first inspection judged at the
severity its supplier's earlier lots put in force (ISO 2859-1 clause 9), read from the index.

The conftest case (3,000 units, level II, code letter K): major 2.5 is Ac 7 / Re 8 on
normal inspection, Ac 5 / Re 6 on tightened, so 6 major defects pass on normal only.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.rules.diagnosis import diagnose_in_case
from casefile.rules.gate import balance_gate
from casefile.rules.judgement import judge, next_switching
from casefile.rules.switching import LotOutcome, switching_history
from conftest import examples, make_case
from gate_support import MAJOR_FAIL, PASS, add_report

BORDERLINE = dict(critical=0, major=6, minor=5)  # passes on normal, fails on tightened
OCT1 = date(2026, 10, 1)


def lot(ws, po, on, counts, supplier="Shenzhen Brightway Lighting Co."):
    ws.create(make_case(po=po, supplier=supplier))
    return add_report(ws, po, on, counts)


def test_two_rejected_lots_tighten_the_next_lot_of_the_same_supplier(ws, pinned_clock):
    lot(ws, "HD-2601", OCT1, MAJOR_FAIL)
    lot(ws, "HD-2602", OCT1 + timedelta(days=5), PASS)
    lot(ws, "HD-2603", OCT1 + timedelta(days=9), MAJOR_FAIL)
    # another spelling of the same supplier: one supplier
    report = lot(ws, "HD-2604", OCT1 + timedelta(days=20), BORDERLINE, supplier="SHENZHEN BRIGHTWAY LIGHTING CO., LTD")
    state = ws.load("HD-2604")
    judged = judge(state, report)
    assert judged.severity == "tightened"
    assert [v.plan.accept for v in judged.verdicts if v.defect_class == "major"] == [5]
    assert not judged.counts_as_pass
    assert not balance_gate(state).open
    words = diagnose_in_case(state, report).severity_reason
    assert words.startswith("tightened since HD-2603 on 10 Oct: 2 of the last 3 lots rejected"), words


def test_the_same_report_passes_for_a_supplier_on_normal(ws, pinned_clock):
    lot(ws, "HD-2601", OCT1, MAJOR_FAIL)
    lot(ws, "HD-2603", OCT1 + timedelta(days=9), MAJOR_FAIL, supplier="Another Factory Ltd")
    lot(ws, "HD-2604", OCT1 + timedelta(days=20), BORDERLINE)
    state = ws.load("HD-2604")
    assert judge(state, state.reports[0]).severity == "normal"
    assert balance_gate(state).open


def test_a_lot_dated_after_the_report_does_not_count(ws, pinned_clock):
    lot(ws, "HD-2601", OCT1, MAJOR_FAIL)
    lot(ws, "HD-2602", OCT1 + timedelta(days=30), MAJOR_FAIL)
    report = lot(ws, "HD-2604", OCT1 + timedelta(days=20), BORDERLINE)
    assert judge(ws.load("HD-2604"), report).severity == "normal"


def test_the_lots_own_failure_tightens_its_reinspection_and_the_letters_say_so(ws, pinned_clock):
    lot(ws, "HD-2601", OCT1, MAJOR_FAIL)
    lot(ws, "HD-2602", OCT1 + timedelta(days=9), MAJOR_FAIL)
    state = ws.load("HD-2602")
    assert judge(state, state.reports[0]).severity == "normal"  # its own lot does not count for itself
    assert next_switching(state).severity == "tightened"
    assert "on tightened inspection" in " ".join(balance_gate(state).unlock)
    again = add_report(ws, "HD-2602", OCT1 + timedelta(days=20), BORDERLINE, kind="re-inspection")
    state = ws.load("HD-2602")
    assert judge(state, again).severity == "tightened"
    assert not balance_gate(state).open


@settings(max_examples=examples(6, 40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["pass", "fail", "borderline"]), min_size=1, max_size=7))
def test_each_lot_is_judged_at_the_severity_its_predecessors_put_in_force(tmp_path_factory, outcomes):
    """Lots recorded in date order: each case's severity is the clause 9 history of the
    lots before it, as the switching rules compute it from the same verdicts."""
    from casefile.actions.workspace import Workspace

    ws = Workspace.open(tmp_path_factory.mktemp("ws") / "ws")
    counts = {"pass": PASS, "fail": MAJOR_FAIL, "borderline": BORDERLINE}
    seen: list[LotOutcome] = []
    for i, outcome in enumerate(outcomes):
        on = OCT1 + timedelta(days=3 * i)
        po = f"L-{i}"
        report = lot(ws, po, on, counts[outcome])
        expected = switching_history(seen).severity_on(on).plan_severity
        judged = judge(ws.load(po), report)
        assert judged.severity == expected
        accepted = outcome == "pass" or (outcome == "borderline" and expected == "normal")
        assert judged.counts_as_pass == accepted
        seen.append(LotOutcome.from_plans(po, on, [(v.plan, v.found) for v in judged.verdicts]))


def test_rework_and_booking_letters_say_the_lot_will_be_inspected_on_tightened(ws, pinned_clock):
    from casefile.rules.letters import draft

    lot(ws, "HD-2601", OCT1, MAJOR_FAIL)
    state = ws.load("HD-2601")
    assert "tightened" not in draft(state, "rework", deadline="2026-12-05").body
    lot(ws, "HD-2602", OCT1 + timedelta(days=9), MAJOR_FAIL)
    state = ws.load("HD-2602")
    for key, terms in (("rework", {"deadline": "2026-12-05"}), ("reinspection", {"on": "2026-12-06"})):
        body = draft(state, key, **terms).body
        assert "the lot will be inspected on tightened inspection" in body
        assert "tightened since HD-2602 on 10 Oct 2026: 2 lots in a row rejected" in body


def test_the_supplier_index_follows_an_edited_supplier_and_a_rebuild(ws, pinned_clock):
    import shutil

    from casefile.actions.edit import edit_case
    from casefile.rules.supplier_names import normalise

    lot(ws, "HD-2601", OCT1, MAJOR_FAIL)
    lot(ws, "HD-2602", OCT1 + timedelta(days=9), MAJOR_FAIL)
    old, new = normalise("Shenzhen Brightway Lighting Co."), normalise("Other Works Ltd")
    assert [x.po for x in ws.index.supplier_lots(old)] == ["HD-2601", "HD-2602"]
    edit_case(ws, "HD-2601", {"supplier": "Other Works Ltd"})
    assert [x.po for x in ws.index.supplier_lots(old)] == ["HD-2602"]
    assert [x.po for x in ws.index.supplier_lots(new)] == ["HD-2601"]
    assert next_switching(ws.load("HD-2602")).severity == "normal"  # one rejected lot left for Brightway
    shutil.rmtree(ws.index_dir / "suppliers")
    assert ws.index.supplier_lots(new) == []
    ws.check(rebuild_index=True)
    assert [x.po for x in ws.index.supplier_lots(new)] == ["HD-2601"]
