"""The money and log commands as a script over SSH uses them: exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from gate_support import MAJOR_FAIL, MINOR_FAIL, PASS, add_report
from cli_support import run

PO = "PO/2026/114"


def test_pay_deposit_records_the_payment_with_its_rate(opened, capsys):
    code, out, err = run(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", "25200.00", "--rate", "215.5",
                         "--receipt", "ALI-0042", "--method", "Alipay")
    assert code == 0 and err == ""
    assert "deposit ¥25,200.00 (₦5,430,600.00 at 215.5000)" in out
    p = opened.load(PO).payments[0]
    assert (p.cny, p.ngn, p.rate, p.receipt) == (Decimal("25200.00"), Decimal("5430600.00"), Decimal("215.5"), "ALI-0042")


def test_a_refused_balance_exits_3_with_the_reasons(opened, capsys):
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    code, out, err = run(opened, capsys, "pay", PO, "--kind", "balance", "--cny", "58800.00", "--rate", "215.5",
                         "--receipt", "X")
    assert code == 3 and out == ""
    assert err.count("\n") == 1
    assert "major defects failed on 12 Nov 2026 (23 found, Re 8); a re-inspection must pass first" in err
    assert "To unlock: record a re-inspection report" in err
    assert opened.load(PO).payments == []


def test_an_expired_quote_expiry_is_bad_input(opened, capsys):
    code, _, err = run(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", "100.00", "--rate", "215.5",
                       "--receipt", "X", "--quote-expires", "2026-11-25T09:00")
    assert code == 2 and "expired at 2026-11-25 09:00 UTC" in err
    assert opened.load(PO).payments == []


def test_ngn_that_disagrees_with_the_rate_says_the_expected_value(opened, capsys):
    code, _, err = run(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", "100.00", "--rate", "215.5",
                       "--ngn", "21550.10", "--receipt", "X")
    assert code == 2 and "--ngn:" in err and "expected 21550.00" in err


@pytest.mark.parametrize("argv, needle", [
    (["--cny", "abc", "--rate", "215.5", "--receipt", "X"], "--cny:"),
    (["--cny", "10.005", "--rate", "215.5", "--receipt", "X"], "at most 2 decimal places"),
    (["--cny", "10.00", "--receipt", "X"], "--rate:"),
    (["--cny", "10.00", "--rate", "215.5"], "--receipt:"),
    (["--cny", "10.00", "--rate", "-1", "--receipt", "X"], "--rate:"),
    (["--cny", "10.00", "--rate", "215.5", "--receipt", "X", "--id", "NOT-HEX"], "--id:"),
])
def test_bad_input_is_one_line_and_exit_2(opened, capsys, argv, needle):
    code, _, err = run(opened, capsys, "pay", PO, "--kind", "deposit", *argv)
    assert code == 2 and needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_retried_command_with_its_id_is_a_no_op(opened, capsys):
    argv = ["pay", PO, "--kind", "deposit", "--cny", "1000.00", "--rate", "215.5", "--receipt", "X", "--id", "ab12cd34ef"]
    assert run(opened, capsys, *argv)[0] == 0
    assert run(opened, capsys, *argv)[0] == 0
    assert len(opened.load(PO).payments) == 1


def test_quote_then_pay_with_it_then_request_and_settle(opened, capsys):
    add_report(opened, PO, date(2026, 11, 12), PASS)
    code, out, _ = run(opened, capsys, "quote", PO, "--rate", "216.25", "--expires", "2026-11-25T17:00", "--by", "Alipay")
    assert code == 0
    quote_id = opened.load(PO).quotes[0].id
    code, out, _ = run(opened, capsys, "pay", PO, "--kind", "balance", "--cny", "58800.00", "--quote", quote_id,
                       "--status", "requested")
    assert code == 0 and "requested" in out
    payment_id = opened.load(PO).payments[0].id
    code, out, _ = run(opened, capsys, "payment", PO, payment_id[:8], "--status", "paid", "--receipt", "ALI-77")
    assert code == 0
    code, out, _ = run(opened, capsys, "ledger", PO, "--json")
    data = json.loads(out)
    assert data["payments"][0]["status"] == "paid" and data["payments"][0]["rate"] == "216.2500"
    assert data["totals"]["balance_paid"] == {"cny": "58800.00", "ngn": "12715500.00"}
    assert data["gate"]["open"] and data["gate"]["remaining_cny"] == "0.00"


def test_ledger_text_says_why_it_is_locked_and_what_would_unlock_it(opened, capsys):
    add_report(opened, PO, date(2026, 11, 12), MINOR_FAIL)
    code, out, _ = run(opened, capsys, "ledger", PO)
    assert code == 0
    assert "Balance LOCKED" in out and "14 found, Re 11" in out
    assert "to unlock: or a discount decision that points to the supplier's written agreement" in out
    assert "held            ¥58,800.00" in out


def test_draft_prints_and_logs_only_when_sent(opened, capsys):
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    code, out, _ = run(opened, capsys, "draft", PO, "--template", "rework", "--deadline", "2026-12-03")
    assert code == 0 and "Subject: PO/2026/114: inspection failed" in out and "Not logged" in out
    assert opened.load(PO).correspondence == []
    code, _, err = run(opened, capsys, "draft", PO, "--template", "rework")
    assert code == 2 and "deadline" in err
    assert run(opened, capsys, "draft", PO, "--template", "rework", "--deadline", "2026-12-03", "--sent")[0] == 0
    entry = opened.load(PO).correspondence[0]
    assert entry.direction == "to-supplier" and entry.deadline == date(2026, 12, 3)
    code, out, _ = run(opened, capsys, "list")
    assert "rework due 3 Dec, 8 days left" in out


@pytest.mark.parametrize("terms, words", [
    (["--template", "reinspection", "--on", "2026-12-03", "--company", "AQI\x1b[2J"],
     "--company: contains a control character (U+001B) at position 4"),
    (["--template", "discount", "--percent", "101"], "--percent: a percentage is between 0 and 100; got 101\n"),
    (["--template", "replace", "--deadline", "2026-12-03", "--units", "0"], "--units: must be at least 1"),
    (["--template", "rework", "--deadline", "2026-12-03", "--percent", "5"], "--percent: the rework template takes no such term"),
])
def test_a_bad_draft_term_is_refused_naming_its_flag(opened, capsys, terms, words):
    add_report(opened, PO, date(2026, 11, 12), MAJOR_FAIL)
    code, out, err = run(opened, capsys, "draft", PO, *terms)
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err


def test_note_with_agreement_and_log_listing(opened, capsys):
    code, out, _ = run(opened, capsys, "note", PO, "--subject", "We accept 6%", "--direction", "from-supplier",
                       "--agreement")
    assert code == 0
    code, out, _ = run(opened, capsys, "log", PO)
    assert "AGREEMENT" in out and "chain: intact" in out


@pytest.mark.slow
def test_two_processes_racing_for_the_balance_pay_it_once(opened):
    add_report(opened, PO, date(2026, 11, 12), PASS)
    argv = [sys.executable, "-m", "tui.cli", "--data", str(opened.root), "pay", PO, "--kind", "balance",
            "--cny", "58800.00", "--rate", "215.5", "--receipt", "RACE"]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = sorted(p.wait(timeout=60) for p in procs)
    assert codes == [0, 3], [p.stderr.read() for p in procs]
    assert len(opened.load(PO).payments) == 1


@pytest.mark.parametrize("given, utc", [
    ("2026-11-29T18:00+05:00", "2026-11-29 13:00"), ("2026-11-29T18:00-03:30", "2026-11-29 21:30"),
    ("2026-11-29T18:00Z", "2026-11-29 18:00"), ("2026-11-29T18:00", "2026-11-29 18:00"),
    ("2026-11-29", "2026-11-29 23:59"),  # a bare date: the end of that day, UTC (docs/payments-and-gate.md)
])
def test_an_expiry_with_an_offset_is_converted_to_utc(opened, capsys, given, utc):
    code, out, _ = run(opened, capsys, "quote", PO, "--rate", "216.25", "--expires", given, "--by", "Alipay")
    assert code == 0 and f"until {utc} UTC" in out
    assert f"{opened.load(PO).quotes[0].expires_at:%Y-%m-%d %H:%M}" == utc


@pytest.mark.parametrize("flag, cmd", [("--expires", ["quote", PO, "--rate", "216.25"]),
                                       ("--quote-expires", ["pay", PO, "--kind", "deposit", "--cny", "100.00",
                                                            "--rate", "215.5", "--receipt", "X"])])
@pytest.mark.parametrize("given", ["9999-12-31T23:00-05:00", "0001-01-01T00:30+01:00"])
def test_a_time_past_the_calendar_once_in_utc_is_bad_input_not_a_traceback(opened, capsys, flag, cmd, given):
    code, _, err = run(opened, capsys, *cmd, flag, given)
    assert code == 2 and f"{flag}: falls outside the years 1 to 9999 once converted to UTC" in err
    assert opened.load(PO).quotes == [] and opened.load(PO).payments == []
