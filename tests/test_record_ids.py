"""Every id argument takes what the listings print (8 characters) or a unique prefix of at
least 6; shorter is refused, and an ambiguous prefix is refused listing the candidates."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gate_support import MINOR_FAIL, add_report
from cli_support import run

PO = "PO/2026/114"
A, B = "abcdef0011", "abcdef0022"  # two ids sharing their first 8 characters


def ok(ws, capsys, *argv) -> str:
    code, out, err = run(ws, capsys, *argv)
    assert code == 0, err
    return out


def refused(ws, capsys, *argv) -> str:
    before = ws.case_path(PO).read_bytes()
    code, out, err = run(ws, capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert ws.case_path(PO).read_bytes() == before
    return err


def short_ids(listing: str) -> list[str]:
    return re.findall(r"\b[0-9a-f]{8}\b", listing)


def test_the_short_id_log_prints_works_for_corrects_and_resolves(opened, capsys):
    ok(opened, capsys, "note", PO, "--subject", "Rework by 5 Dec?", "--direction", "to-supplier",
       "--deadline", "2026-12-05")
    [short] = short_ids(ok(opened, capsys, "log", PO))
    ok(opened, capsys, "note", PO, "--subject", "They confirmed", "--resolves", short)
    ok(opened, capsys, "note", PO, "--subject", "Rework by 6 Dec?", "--corrects", short[:6])
    state = opened.load(PO)
    first = state.correspondence[0].id
    assert [e.resolves for e in state.correspondence] == [None, first, None]
    assert [e.corrects for e in state.correspondence] == [None, None, first]


def test_an_agreement_by_its_short_id(opened, capsys):
    add_report(opened, PO, date(2026, 11, 20), MINOR_FAIL)
    ok(opened, capsys, "note", PO, "--subject", "We accept 6%", "--direction", "from-supplier", "--agreement")
    [short] = short_ids(ok(opened, capsys, "log", PO))
    out = ok(opened, capsys, "decide", PO, "--option", "discount", "--discount-percent", "6", "--agreement", short)
    assert opened.load(PO).decisions[0].agreement_entry_id.startswith(short)
    assert "locked" not in out


def test_a_report_by_the_short_id_show_prints(opened, capsys):
    report = add_report(opened, PO, date(2026, 11, 20), MINOR_FAIL)
    listing = ok(opened, capsys, "show", PO)
    assert f"report {report.id[:8]}: first of 20 Nov 2026 by QIMA" in listing
    assert ok(opened, capsys, "diagnose", PO, "--report", report.id[:8]).startswith(f"report {report.id} of 2026-11-20")
    ok(opened, capsys, "decide", PO, "--option", "rework", "--deadline", "2026-12-05", "--report", report.id[:6])
    assert opened.load(PO).decisions[0].report_id == report.id


def test_a_quote_and_a_payment_by_the_short_ids_ledger_prints(opened, capsys):
    ok(opened, capsys, "quote", PO, "--rate", "215.5", "--expires", "2026-11-26T17:00", "--by", "Alipay FX")
    listing = ok(opened, capsys, "ledger", PO)
    [quote] = short_ids(listing)
    assert f"quote {quote}  215.5000 NGN per CNY from Alipay FX, until 2026-11-26 17:00 UTC" in listing
    ok(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", "1000.00", "--quote", quote, "--status", "requested")
    state = opened.load(PO)
    assert state.payments[0].quote_id == state.quotes[0].id
    payment = state.payments[0].id[:8]
    assert payment in ok(opened, capsys, "ledger", PO)
    ok(opened, capsys, "payment", PO, payment, "--status", "paid", "--receipt", "ALI-1")
    assert [p.status for p in opened.load(PO).payments] == ["requested", "paid"]


@pytest.mark.parametrize("typed", ["1", "abcde", "ab"])
def test_fewer_than_six_characters_are_refused(opened, capsys, typed):
    ok(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", "10.00", "--rate", "215.5", "--status", "requested",
       "--id", A)
    err = refused(opened, capsys, "payment", PO, typed, "--status", "withdrawn")
    assert f"PAYMENT_ID: '{typed}' is too short to name a payment; give at least 6 characters" in err


def test_no_such_id_and_not_an_id_are_refused_naming_the_flag(opened, capsys):
    err = refused(opened, capsys, "note", PO, "--subject", "x", "--corrects", "123456")
    assert err.startswith("casefile: --corrects: no log entry on PO/2026/114 has an id starting with '123456'")
    err = refused(opened, capsys, "note", PO, "--subject", "x", "--corrects", "entry-3")
    assert err.startswith("casefile: --corrects: 'entry-3' is not an id")


@pytest.mark.parametrize("argv", [
    ["note", PO, "--subject", "x", "--corrects", "{p}"],
    ["note", PO, "--subject", "x", "--resolves", "{p}"],
    ["decide", PO, "--option", "discount", "--discount-percent", "6", "--agreement", "{p}"],
])
@pytest.mark.parametrize("prefix", ["abcdef", "abcdef00"])
def test_an_ambiguous_prefix_is_refused_listing_each_candidate(opened, capsys, argv, prefix):
    add_report(opened, PO, date(2026, 11, 20), MINOR_FAIL)
    for i, entry in enumerate((A, B)):
        ok(opened, capsys, "note", PO, "--subject", f"We accept {i + 6}%", "--direction", "from-supplier",
           "--agreement", "--deadline", "2026-12-05", "--id", entry)
    err = refused(opened, capsys, *[a.format(p=prefix) for a in argv])
    assert f"'{prefix}' starts the ids of 2 log entries on PO/2026/114: " in err
    assert "log entry 1 ('We accept 6%', id abcdef00); log entry 2 ('We accept 7%', id abcdef00)" in err
    assert "give more characters of the one you mean" in err
    # the full id still names each
    argv = [a.format(p=B) for a in argv]
    assert run(opened, capsys, *argv)[0] == 0


def test_an_ambiguous_payment_prefix_lists_the_payments(opened, capsys):
    for entry, cny in ((A, "10.00"), (B, "20.00")):
        ok(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", cny, "--rate", "215.5", "--status", "requested",
           "--id", entry)
    err = refused(opened, capsys, "payment", PO, "abcdef00", "--status", "withdrawn")
    assert ("payment record 1 (deposit ¥10.00 requested, id abcdef00); "
            "payment record 2 (deposit ¥20.00 requested, id abcdef00)") in err
