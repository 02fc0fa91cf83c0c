"""Editing a case (issue #9, item 1): an edit of the standard never re-judges a report, the
history records who changed what and why, and the case form and `casefile edit` are one
core operation (casefile/actions/edit.py)."""

from __future__ import annotations

import inspect
from datetime import date, datetime, timezone

import pytest

from app_support import settle
from casefile.values import clock
from casefile.actions.edit import edit_case
from casefile.actions.pay import PaymentDraft, record_payment
from casefile.rules.diagnosis import diagnose_in_case
from casefile.rules.gate import balance_gate
from casefile.rules.judgement import judge, standard_for
from casefile.store.protocol import Change
from casefile.values.errors import GateClosed, InputError
from gate_support import MAJOR_FAIL, PASS, add_report, make_report
from screens import case_form
from screens.case_form import CaseFormScreen
from tui.app import create_app
from tui.cli import main

PO = "PO/2026/114"
NOV12 = date(2026, 11, 12)


@pytest.fixture
def failed(ws, case, pinned_clock):
    """A case whose first inspection failed on major defects (23 found, Re 8 at AQL 2.5)."""
    ws.create(case)
    add_report(ws, PO, NOV12, MAJOR_FAIL)
    return ws


def run(ws, capsys, *argv):
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def pay_balance(ws):
    return record_payment(ws, PO, PaymentDraft(kind="balance", cny="58800.00", rate="215.5", receipt="B-1"))


def test_raising_the_aql_after_a_failure_does_not_pass_the_old_report(failed, capsys):
    # the attack from the issue: at AQL 1000 the plan accepts 44 major defects, so 23 would pass
    code, out, err = run(failed, capsys, "edit", PO, "--aql-major", "1000", "--reason", "supplier asked")
    assert code == 0, err
    assert f"{PO}: AQL major: 2.5 → 1000" in out
    state = failed.load(PO)
    assert state.case.aql.major == 1000
    gate = balance_gate(state)
    assert not gate.open  # the next re-inspection is judged by the standard now in force: it says so
    assert "(critical at most 0, major at most 44, minor at most 10 in 125 sampled)" in gate.unlock[0]
    with pytest.raises(GateClosed, match=r"major defects failed on 12 Nov 2026 \(23 found, Re 8\)"):
        pay_balance(failed)
    code, _, err = run(failed, capsys, "pay", PO, "--kind", "balance", "--cny", "58800.00", "--rate", "215.5",
                       "--receipt", "B-1")
    assert code == 3 and "23 found, Re 8" in err


def test_a_report_recorded_after_the_edit_is_judged_by_the_new_standard(failed):
    edit_case(failed, PO, {"aql": {"major": "1.0"}}, "tighter terms agreed for the re-run")
    later = add_report(failed, PO, date(2026, 11, 20), dict(critical=0, major=3, minor=5), kind="re-inspection")
    state = failed.load(PO)
    assert str(later.standard.aql.major) == "1.0"
    j = judge(state, state.find("reports", later.id))
    assert [(v.defect_class, v.plan.accept) for v in j.verdicts if v.defect_class == "major"] == [("major", 3)]
    assert j.counts_as_pass and balance_gate(state).open
    d = diagnose_in_case(state, state.reports[0])
    assert d.standard_note.startswith("Judged by the standard in force when it was recorded: major 2.5 (now 1.0)")


def test_a_change_of_the_standard_or_the_fee_needs_a_reason(failed, capsys):
    for flags, words in ((["--aql-major", "4.0"], "AQL major"), (["--level", "III"], "inspection level"),
                         (["--spec", "S1=colour Pantone 287C"], "spec and golden-sample points"),
                         (["--golden-sample", "GS-2"], "golden sample"),
                         (["--reinspection-fee-cny", "5000.00"], "re-inspection fee")):
        code, out, err = run(failed, capsys, "edit", PO, *flags)
        assert code == 2 and out == ""
        assert err.startswith(f"casefile: --reason: changing the {words} changes what was agreed; say why"), err
    assert failed.load(PO).revision == 2  # nothing was written
    code, out, _ = run(failed, capsys, "edit", PO, "--supplier", "Brightway Lighting (Shenzhen) Co.")
    assert code == 0 and "supplier: Shenzhen Brightway Lighting Co. → Brightway Lighting (Shenzhen) Co." in out


def test_the_history_records_who_changed_what_and_why(failed, capsys):
    run(failed, capsys, "edit", PO, "--aql-major", "1000", "--level", "I", "--reinspection-fee-cny", "3000.00",
        "--reason", "call with the supplier on 20 Nov")
    event = failed.load(PO).history[-1]
    assert event.action == "case edited" and event.actor == failed.actor
    assert event.reason == "call with the supplier on 20 Nov"
    assert [(c.field, c.old, c.new) for c in event.changes] == [
        ("aql.major", "2.5", "1000"), ("aql.level", "II", "I"), ("reinspection_fee_cny", "2100.00", "3000.00")]
    assert event.detail == "AQL major: 2.5 → 1000; inspection level: II → I; re-inspection fee: 2100.00 → 3000.00"


def test_an_edit_that_changes_nothing_writes_nothing(failed, capsys):
    code, out, _ = run(failed, capsys, "edit", PO, "--supplier", "Shenzhen Brightway Lighting Co.")
    assert code == 0 and out == f"case {PO}: no field changed\n"
    assert failed.load(PO).revision == 2


@pytest.mark.parametrize("changes, field, words", [
    ({"po": "PO/2026/999"}, "po", "the PO number of a case cannot be changed"),
    ({"quantity": 10}, "quantity", "cannot change after a report"),
    ({"aql": {"major": "2.7"}}, "aql.major", "AQL 2.7 is not an ISO 2859-1 column"),
])
def test_refusals_name_the_field(failed, changes, field, words):
    with pytest.raises(InputError, match=words) as caught:
        edit_case(failed, PO, changes, "a reason")
    assert str(caught.value).startswith(f"{field}: ")
    assert failed.load(PO).revision == 2


def test_the_fee_cannot_drop_below_what_is_already_paid(failed):
    record_payment(failed, PO, PaymentDraft(kind="reinspection-fee", cny="2100.00", rate="215.5", receipt="F-1"))
    with pytest.raises(InputError, match=r"reinspection_fee_cny: ¥2,100.00 of re-inspection fees is already"):
        edit_case(failed, PO, {"reinspection_fee_cny": "1000.00"}, "cheaper inspector")


def test_an_edit_from_a_stale_view_is_refused(failed):
    seen = failed.load(PO).revision
    edit_case(failed, PO, {"supplier": "Someone Else Ltd."})
    from casefile.values.errors import ConflictError

    with pytest.raises(ConflictError):
        edit_case(failed, PO, {"product": "Desk lamp"}, expected_revision=seen)


def test_an_edit_raced_by_a_colleague_exits_4_in_words_for_a_script(failed, capsys, monkeypatch):
    """Not the form's "your input is kept: reload": a script has neither."""
    from tui.commands import cases

    def colleague_saves_meanwhile(args, current=None):
        edit_case(failed, PO, {"supplier": "Someone Else Ltd."})
        return real(args, current)

    real = cases.case_input
    monkeypatch.setattr(cases, "case_input", colleague_saves_meanwhile)
    code, out, err = run(failed, capsys, "edit", PO, "--product", "Desk lamp")
    assert code == 4 and out == "" and err.count("\n") == 1
    assert "while this edit ran" in err and "Nothing was saved: see their change (`casefile show PO/2026/114`)" in err
    assert "input is kept" not in err and "reload" not in err
    assert failed.load(PO).case.product != "Desk lamp"


def test_spec_and_golden_flags_replace_their_own_list(failed, capsys):
    run(failed, capsys, "edit", PO, "--spec", "S1=colour Pantone 287C", "--reason", "new colour card")
    points = [(p.key, p.kind) for p in failed.load(PO).case.spec_points]
    assert points == [("S1", "spec"), ("G1", "golden-sample")]


def test_a_legacy_report_is_judged_by_the_standard_before_later_edits(failed, monkeypatch):
    # a report as an older version stored it: no standard recorded with it
    old = make_report(NOV12, PASS, company="Old Inspections")
    failed.transact(PO, lambda s: Change("report recorded", "legacy", records=[old]))
    monkeypatch.setattr(clock, "wall_time", lambda: datetime(2026, 11, 25, 12, tzinfo=timezone.utc))
    edit_case(failed, PO, {"aql": {"major": "0.065", "level": "III"}}, "tightened")
    state = failed.load(PO)
    legacy = state.find("reports", old.id)
    assert legacy.standard is None
    assert (str(standard_for(state, legacy).aql.major), standard_for(state, legacy).aql.level) == ("2.5", "II")


def test_the_form_saves_through_the_core_edit(failed):
    assert "transact" not in inspect.getsource(case_form)  # one operation, the same as `casefile edit`


async def _open_form(app, pilot):
    await settle(pilot)
    app.open_case(PO)
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, CaseFormScreen)
    return app.screen


async def test_the_case_form_refuses_a_standard_change_without_a_reason_beside_the_reason(failed):
    app = create_app(failed)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(app, pilot)
        form._set("aql.major", "1000")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is form
        assert "changing the AQL major changes what was agreed" in str(form.query_one("#f-reason-error").render())
        assert failed.load(PO).case.aql.major == 2.5
        form.query_one("#f-reason").value = "supplier asked"
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is not form
    state = failed.load(PO)
    assert state.case.aql.major == 1000 and state.history[-1].reason == "supplier asked"
    assert not balance_gate(state).open  # the failed report is still judged by AQL 2.5
