"""The correspondence log: append-only, corrections, agreements, deadlines, tamper evidence."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from pydantic import ValidationError

from casefile.values import clock
from casefile.actions.note import append_entry
from casefile.records.log_chain import verify_chain
from casefile.records.log_entry import EntryDraft, corrected_by
from casefile.rules.assessment import summarize
from casefile.rules.case_status import case_status
from casefile.rules.deadlines import open_deadlines
from casefile.values.errors import InputError
from gate_support import MAJOR_FAIL, PASS, add_report, decide

PO = "PO/2026/114"
SUBJECTS = ["Inspection failed: rework request", "Reply: we will rework", "Re-inspection booked", "Reply: ready"]


@pytest.fixture
def opened(ws, case, pinned_clock):
    ws.create(case)
    return ws


@pytest.fixture
def logged(opened):
    for i, subject in enumerate(SUBJECTS):
        direction = "to-supplier" if i % 2 == 0 else "from-supplier"
        append_entry(opened, PO, EntryDraft(direction=direction, subject=subject, body=f"body number {i + 1}"))
    return opened


def _rewrite(ws, edit) -> None:
    """Change the case file behind the app's back, as someone with a text editor would."""
    path = ws.case_path(PO)
    tables = json.loads(path.read_bytes())
    edit(tables["correspondence"])
    path.write_bytes(json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode())


def _problem(ws) -> str:
    """Every problem `check` names, one per line (the log is sealed in the case's history
    chain like every other record: casefile/store/integrity.py)."""
    result = ws.check()
    assert not result.ok and result.broken_chains
    return "\n".join(result.broken_chains)


def test_an_intact_log_checks_clean(logged):
    assert logged.check().ok
    state = logged.load(PO)
    assert verify_chain(state.correspondence, state.history) is None


def test_editing_one_byte_is_detected_at_that_entry(logged):
    path = logged.case_path(PO)
    raw = path.read_bytes()
    assert raw.count(b"body number 3") == 1
    path.write_bytes(raw.replace(b"body number 3", b"body number 8"))
    assert "log entry 3 ('Re-inspection booked', id" in _problem(logged)
    assert _problem(logged).endswith("was changed outside Casefile")


@pytest.mark.parametrize("field, value", [("at", "2026-11-01T09:30:00Z"), ("direction", "internal"),
                                          ("deadline", "2026-12-31")])
def test_changing_any_field_of_an_entry_is_detected(logged, field, value):
    def edit(table):
        table["2"][field] = value

    _rewrite(logged, edit)
    problem = _problem(logged)
    assert "log entry 2 ('Reply: we will rework', id" in problem and problem.endswith("was changed outside Casefile")


def test_editing_and_rehashing_the_last_entry_is_caught_by_the_history_seal(logged):
    def edit(table):
        state = logged.load(PO)
        last = state.correspondence[-1].model_copy(update={"body": "we never agreed"})
        last.hash = last.computed_hash()
        table["4"] = last.model_dump(mode="json")

    _rewrite(logged, edit)
    problem = _problem(logged)
    assert "log entry 4 ('Reply: ready', id" in problem and problem.endswith("was changed outside Casefile")


def test_deleting_an_entry_is_detected_where_the_gap_is(logged):
    removed = logged.load(PO).correspondence[1]
    _rewrite(logged, lambda table: table.pop("2"))
    assert f"the correspondence record {removed.id[:8]} sealed on 25 Nov 2026 (entry logged) is missing" in _problem(logged)


def test_swapping_two_entries_is_detected_at_the_first_of_them(logged):
    def swap(table):
        table["2"], table["3"] = table["3"], table["2"]

    _rewrite(logged, swap)
    assert "log entry 2 ('Re-inspection booked', id" in _problem(logged)
    assert "was moved from place 3 to 2 in its table" in _problem(logged).splitlines()[0]


def test_truncating_the_log_is_detected_at_the_first_missing_entry(logged):
    def truncate(table):
        del table["3"], table["4"]

    gone = [e.id[:8] for e in logged.load(PO).correspondence[2:]]
    _rewrite(logged, truncate)
    assert [f"correspondence record {i} sealed on 25 Nov 2026 (entry logged) is missing" in line
            for i, line in zip(gone, _problem(logged).splitlines())] == [True, True]


def test_check_command_reports_the_break_and_exits_1(logged, capsys):
    from tui.cli import main

    _rewrite(logged, lambda table: table.pop("2"))
    assert main(["--data", str(logged.root), "check"]) == 1
    assert "TAMPERED" in capsys.readouterr().err


def test_a_correction_is_a_new_entry_and_the_original_stays(opened):
    first = EntryDraft(direction="to-supplier", subject="Rework by 3 Dec", deadline=date(2026, 12, 3))
    append_entry(opened, PO, first)
    fix = EntryDraft(direction="to-supplier", subject="Correction: rework by 5 Dec", deadline=date(2026, 12, 5),
                     corrects=first.id)
    state = append_entry(opened, PO, fix)
    assert [e.subject for e in state.correspondence] == ["Rework by 3 Dec", "Correction: rework by 5 Dec"]
    assert corrected_by(state.correspondence)[first.id].id == fix.id
    assert [d.due for d in open_deadlines(state)] == [date(2026, 12, 5)]  # the corrected deadline is gone
    assert state.history[-1].action == "correction logged"


def test_a_correction_must_point_to_an_entry_in_the_log(opened):
    with pytest.raises(InputError, match="corrects: no log entry"):
        append_entry(opened, PO, EntryDraft(subject="fix", corrects="deadbeef"))
    assert opened.load(PO).correspondence == []


def test_a_retried_entry_is_logged_once(opened):
    entry = EntryDraft(direction="to-supplier", subject="Rework request")
    append_entry(opened, PO, entry)
    state = append_entry(opened, PO, entry)
    assert len(state.correspondence) == 1


@pytest.mark.parametrize("over", [dict(direction="internal"), dict(direction="to-supplier"),
                                  dict(direction="from-supplier", channel="phone")])
def test_only_the_suppliers_written_word_is_an_agreement(over):
    with pytest.raises(ValidationError, match="written_agreement"):
        EntryDraft(subject="they agreed", written_agreement=True, **over)


def test_a_reply_settles_the_deadline_and_overdue_shows_in_the_list(opened):
    ask = EntryDraft(direction="to-supplier", subject="Please confirm rework plan", deadline=date(2026, 11, 20))
    state = append_entry(opened, PO, ask)
    summary = summarize(state, "f")
    assert summary.overdue(date(2026, 11, 25))
    assert summary.status_text(date(2026, 11, 25)) == "overdue: supplier reply (due 20 Nov, 5d ago)"
    reply = EntryDraft(direction="from-supplier", subject="Plan attached", resolves=ask.id)
    state = append_entry(opened, PO, reply)
    assert open_deadlines(state) == []
    assert not any(s.overdue(date(2026, 11, 25)) for s in opened.list_summaries())


def test_rework_deadline_reads_as_days_left_until_the_reinspection(opened, monkeypatch):
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    assert case_status(opened.load(PO)) == ("failed", "failed: choose an option")
    decide(opened, PO, "rework", deadline=date(2026, 12, 3))
    summary = summarize(opened.load(PO), "f")
    assert summary.status_text(date(2026, 11, 29)) == "rework due 3 Dec, 4 days left"
    monkeypatch.setattr(clock, "wall_time", lambda: datetime(2026, 12, 2, 10, tzinfo=timezone.utc))
    add_report(opened, PO, date(2026, 12, 2), PASS, kind="re-inspection")
    summary = summarize(opened.load(PO), "f")
    assert summary.status_text(date(2026, 12, 2)) == "re-inspection passed: balance unlocked"


def test_a_request_repeating_the_decisions_deadline_is_one_deadline_not_two(opened):
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    decide(opened, PO, "rework", deadline=date(2026, 12, 3))
    append_entry(opened, PO, EntryDraft(direction="to-supplier", subject="rework request", deadline=date(2026, 12, 3),
                                        deadline_for="rework"))
    assert [d.due for d in open_deadlines(opened.load(PO))] == [date(2026, 12, 3)]


def test_a_letter_repeating_an_open_deadline_shows_it_open_not_settled(opened):
    from casefile.rules.log_view import entry_views

    for subject in ("rework by 3 Dec", "reminder: rework by 3 Dec"):
        append_entry(opened, PO, EntryDraft(direction="to-supplier", subject=subject, deadline=date(2026, 12, 3),
                                            deadline_for="rework"))
    state = opened.load(PO)
    assert [(v.deadline_open, v.overdue) for v in entry_views(state, date(2026, 12, 4))] == [(True, True)] * 2
    assert [d.due for d in open_deadlines(state)] == [date(2026, 12, 3)]  # one deadline, counted once


def test_phases_in_words_from_discount_to_closed(opened):
    from casefile.actions.pay import PaymentDraft, record_payment
    from gate_support import MINOR_FAIL, log_agreement

    add_report(opened, PO, date(2026, 11, 12), MINOR_FAIL)
    decide(opened, PO, "discount", discount_percent="6")
    assert case_status(opened.load(PO))[1] == "discount proposed: awaiting the supplier's written agreement"
    entry = log_agreement(opened, PO)
    decide(opened, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    assert case_status(opened.load(PO)) == ("discount-agreed", "discount agreed: balance of ¥53,760.00 unlocked")
    record_payment(opened, PO, PaymentDraft(kind="balance", cny="53760.00", rate="215.5", receipt="B"))
    assert case_status(opened.load(PO)) == ("closed", "balance paid: closed")


def test_cancelled_case_tracks_the_deposit_refund(opened):
    from casefile.actions.pay import PaymentDraft, record_payment

    record_payment(opened, PO, PaymentDraft(kind="deposit", cny="25200.00", rate="215.5", receipt="D"))
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    decide(opened, PO, "cancel", deadline=date(2026, 12, 10))
    state = opened.load(PO)
    assert case_status(state)[1] == "cancelled: deposit refund pending (¥25,200.00)"
    assert summarize(state, "f").status_text(date(2026, 12, 12)) == "overdue: deposit refund (due 10 Dec, 2d ago)"
    state = record_payment(opened, PO, PaymentDraft(kind="refund", cny="25200.00", rate="210", receipt="R"))
    assert case_status(state)[1] == "cancelled: deposit recovered as the terms allow"
    assert open_deadlines(state) == []
