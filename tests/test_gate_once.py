"""The balance gate is read once per write: the write assesses the case as it leaves it,
once, and both the balance rule and the case list's summary read that one assessment."""

from __future__ import annotations

from datetime import date

import pytest

import casefile.rules.gate as gate
from gate_support import MAJOR_FAIL, PASS, add_report
from tui.cli import main

PO = "PO/2026/114"


@pytest.fixture
def evaluations(monkeypatch):
    """Every evaluation of the gate makes one GateStatus: count them."""
    made = []
    real = gate.GateStatus

    def counted(*args, **kwargs):
        made.append(args[0] if args else kwargs["open"])
        return real(*args, **kwargs)

    monkeypatch.setattr(gate, "GateStatus", counted)
    return made


def pay_balance(ws, capsys, cny: str) -> int:
    code = main(["--data", str(ws.root), "pay", PO, "--kind", "balance", "--cny", cny, "--rate", "215.5",
                 "--receipt", "ALI-0099"])
    capsys.readouterr()
    return code


def test_one_balance_payment_reads_the_gate_once(ws, case, pinned_clock, capsys, evaluations):
    ws.create(case)
    add_report(ws, PO, date(2026, 11, 12), PASS)
    evaluations.clear()
    assert pay_balance(ws, capsys, "58800.00") == 0
    assert evaluations == [True]
    assert [p.kind for p in ws.load(PO).payments] == ["balance"]


def test_a_refused_balance_payment_reads_it_once_too(ws, case, pinned_clock, capsys, evaluations):
    ws.create(case)
    add_report(ws, PO, date(2026, 11, 12), MAJOR_FAIL)
    evaluations.clear()
    assert pay_balance(ws, capsys, "58800.00") == 3
    assert evaluations == [False]
    assert ws.load(PO).payments == []
