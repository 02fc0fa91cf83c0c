"""Templates draft calm messages from the case's own facts; nothing is logged until sent."""

from __future__ import annotations

from datetime import date

import pytest

from casefile.actions.note import append_entry
from casefile.rules.letters import TEMPLATES, draft
from casefile.values.errors import InputError
from gate_support import MAJOR_FAIL, MINOR_FAIL, add_report

PO = "PO/2026/114"
CHECKS = [
    {"point": "S1", "result": "does-not-conform", "note": "measured Pantone 285C"},
    {"point": "S2", "result": "conforms"},
    {"point": "G1", "kind": "golden-sample", "result": "does-not-conform"},
]
TERMS = {
    "rework": {"deadline": "2026-12-03"},
    "reinspection": {"on": "2026-12-04"},
    "discount": {"percent": "6"},
    "replace": {"deadline": "2027-01-15", "units": "240"},
    "cancel": {"deadline": "2026-12-10"},
}


@pytest.fixture
def failed(ws, case, pinned_clock):
    ws.create(case)
    add_report(ws, PO, date(2026, 11, 12), MINOR_FAIL, spec_checks=CHECKS)
    return ws


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_every_template_cites_counts_limits_points_and_the_balance_rule(failed, key):
    message = draft(failed.load(PO), key, **TERMS[key])
    body = message.body
    assert message.direction == "to-supplier"
    assert "minor defects: 14 found in a sample of 125; the limit is Ac 10 / Re 11." in body
    assert "specification S1, colour Pantone 286C: does not conform: measured Pantone 285C" in body
    assert "golden sample (GS-114 sealed 2 Oct) G1, switch feel as golden sample: does not conform" in body
    assert "S2" not in body  # a conforming point is not a complaint
    assert "only after a re-inspection passes every class" in body
    assert "12 November 2026" in body and "QIMA" in body


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_a_letter_names_the_order_once_as_po(failed, key):
    message = draft(failed.load(PO), key, **TERMS[key])
    assert message.subject.startswith(f"{PO}: ") and "PO PO" not in message.subject + message.body


@pytest.mark.parametrize("po,words", [("PO/2026/114", "PO/2026/114"), ("po-77", "po-77"), ("P.O. 12", "P.O. 12"),
                                      ("PO_1", "PO_1"), ("4500012345", "PO 4500012345"), ("POL-9", "PO POL-9")])
def test_po_words_say_po_once(po, words):
    from casefile.records.po import po_words

    assert po_words(po) == words


def test_a_draft_is_not_logged_until_the_caller_appends_it(failed):
    state = failed.load(PO)
    message = draft(state, "rework", deadline="2026-12-03")
    assert failed.load(PO).revision == state.revision and failed.load(PO).correspondence == []
    assert message.deadline == date(2026, 12, 3) and message.deadline_for == "rework"
    logged = append_entry(failed, PO, message)
    assert logged.correspondence[0].subject == message.subject


def test_discount_figures_come_from_the_order(failed):
    body = draft(failed.load(PO), "discount", percent="6").body
    assert "6% of the order value (¥5,040.00)" in body and "balance to ¥53,760.00" in body
    assert "written agreement" in body


def test_no_discount_template_for_a_major_failure(ws, case, pinned_clock):
    ws.create(case)
    add_report(ws, PO, date(2026, 11, 12), MAJOR_FAIL)
    with pytest.raises(InputError, match="only for minor defects"):
        draft(ws.load(PO), "discount", percent="6")
    assert "major defects: 23 found in a sample of 125; the limit is Ac 7 / Re 8." in draft(
        ws.load(PO), "rework", deadline="2026-12-03").body


def test_terms_are_checked(failed):
    state = failed.load(PO)
    with pytest.raises(InputError, match="deadline: the rework template needs it"):
        draft(state, "rework")
    with pytest.raises(InputError, match="percent: the rework template takes no such term"):
        draft(state, "rework", deadline="2026-12-03", percent="5")
    with pytest.raises(InputError, match="deadline:"):
        draft(state, "rework", deadline="3rd of Dec")
    with pytest.raises(InputError, match="no template 'apology'"):
        draft(state, "apology")


def test_no_failed_report_no_draft(ws, case, pinned_clock):
    ws.create(case)
    with pytest.raises(InputError, match="no failed inspection"):
        draft(ws.load(PO), "rework", deadline="2026-12-03")
