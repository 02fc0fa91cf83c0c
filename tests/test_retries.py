"""A retried id: the same content is a quiet no-op (exit 0); other content is a conflict
(exit 4) that shows what is stored and saves nothing. Never a success that stores nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.records.log_entry import EntryDraft
from casefile.values.errors import ConflictError
from casefile.actions.note import append_entry
from conftest import examples, make_case
from reportkit import FIRST_FAILED
from cli_support import run

PO = "PO/2026/114"
ID = "ab12cd34ef"


def swap(argv: list[str], flag: str, value: str) -> list[str]:
    """`argv` with the value after `flag` replaced."""
    i = argv.index(flag) + 1
    return [*argv[:i], value, *argv[i + 1:]]


def retried(ws, capsys, first: list[str], same: list[str], other: list[str]) -> str:
    """Run `first`, then `same` (a retry: exit 0, nothing new), then `other` (exit 4, one
    line, nothing new); returns the conflict's line."""
    code, _, err = run(ws, capsys, *first)
    assert code == 0, err
    before = ws.case_path(PO).read_bytes()
    code, _, err = run(ws, capsys, *same)
    assert code == 0 and err == ""
    assert ws.case_path(PO).read_bytes() == before
    code, out, err = run(ws, capsys, *other)
    assert code == 4 and out == "" and err.count("\n") == 1, err
    assert ws.case_path(PO).read_bytes() == before
    assert "Nothing was saved" in err
    return err


def test_a_note_retried_with_other_text_is_a_conflict_showing_the_stored_subject(opened, capsys):
    note = ["note", PO, "--subject", "Asked for the rework plan", "--id", ID]
    err = retried(opened, capsys, note, note, ["note", PO, "--subject", "DIFFERENT TEXT", "--id", ID])
    assert f"already holds log entry {ID}" in err
    assert "subject: stored 'Asked for the rework plan', this time 'DIFFERENT TEXT'" in err
    assert [e.subject for e in opened.load(PO).correspondence] == ["Asked for the rework plan"]


def test_a_note_retried_with_another_direction_is_a_conflict(opened, capsys):
    note = ["note", PO, "--subject", "Call", "--id", ID]
    err = retried(opened, capsys, note, note, [*note, "--direction", "to-supplier"])
    assert "direction: stored 'internal', this time 'to-supplier'" in err


def test_a_payment_retried_with_another_amount_is_a_conflict(opened, capsys):
    pay = ["pay", PO, "--kind", "deposit", "--cny", "1000.00", "--rate", "215.5", "--receipt", "ALI-1", "--id", ID]
    # the same rate written another way is the same content
    err = retried(opened, capsys, pay, swap(pay, "--rate", "215.5000"), swap(pay, "--cny", "2000.00"))
    assert "cny: stored '1000.00', this time '2000.00'" in err
    assert len(opened.load(PO).payments) == 1


def test_a_payment_status_retried_with_another_receipt_is_a_conflict(opened, capsys):
    code, _, err = run(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", "1000.00", "--rate", "215.5",
                       "--status", "requested", "--id", "aa11bb22cc")
    assert code == 0, err
    settle = ["payment", PO, "aa11bb22", "--status", "paid", "--receipt", "BANK-1", "--id", ID]
    err = retried(opened, capsys, settle, settle, swap(settle, "--receipt", "BANK-2"))
    assert "receipt: stored 'BANK-1', this time 'BANK-2'" in err


def test_a_decision_retried_with_other_terms_is_a_conflict(opened, capsys):
    assert run(opened, capsys, "import-report", PO, str(FIRST_FAILED))[0] == 0
    decide = ["decide", PO, "--option", "rework", "--deadline", "2026-12-05", "--id", ID]
    err = retried(opened, capsys, decide, decide, swap(decide, "--deadline", "2026-12-09"))
    assert "deadline: stored '2026-12-05', this time '2026-12-09'" in err
    err = run(opened, capsys, "decide", PO, "--option", "sort", "--units", "550", "--id", ID)[2]
    assert "option: stored 'rework', this time 'sort'" in err


def test_a_quote_retried_with_another_rate_is_a_conflict(opened, capsys):
    quote = ["quote", PO, "--rate", "215.5", "--expires", "2026-12-30", "--id", ID]
    err = retried(opened, capsys, quote, quote, swap(quote, "--rate", "216"))
    assert "rate: stored '215.5000', this time '216.0000'" in err


# -- the rule in the core, for any content ---------------------------------------------------
_drafts = st.fixed_dictionaries({
    "subject": st.sampled_from(["Rework plan", "Rework plan ", "rework plan", "Re-inspection booked"]),
    "body": st.sampled_from(["", "Please confirm.", "Please confirm"]),
    "direction": st.sampled_from(["internal", "to-supplier"]),
    "channel": st.sampled_from(["email", "wechat"]),
    "references": st.sampled_from([[], ["report 2026-11-20"]]),
})


@settings(max_examples=examples(60, 400), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(first=_drafts, second=_drafts)
def test_a_second_write_under_an_id_stores_nothing_and_says_so_unless_it_is_the_same(tmp_path_factory, first, second):
    from casefile.actions.workspace import Workspace

    ws = Workspace.open(tmp_path_factory.mktemp("ws") / "ws")
    ws.create(make_case())
    append_entry(ws, PO, EntryDraft(id=ID, **first))
    before = ws.case_path(PO).read_bytes()
    a, b = EntryDraft(id=ID, **first), EntryDraft(id=ID, **second)
    if a.model_dump() == b.model_dump():  # "Rework plan " is stored stripped: the same
        append_entry(ws, PO, b)
    else:
        with pytest.raises(ConflictError, match=f"already holds log entry {ID} with other content"):
            append_entry(ws, PO, b)
    assert ws.case_path(PO).read_bytes() == before
