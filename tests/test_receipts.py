"""A paid payment has its receipt, on every path, and a receipt on record is never dropped
or replaced without a word (one rule, in casefile/actions/pay.py)."""

from __future__ import annotations

from casefile.records.payment import Payment
from casefile.store.protocol import Change
from cli_support import run

PO = "PO/2026/114"
NEEDS = "a paid payment needs its receipt reference"


def requested(ws, capsys) -> str:
    code, out, err = run(ws, capsys, "pay", PO, "--kind", "deposit", "--cny", "1000.00", "--rate", "215.5",
                         "--status", "requested", "--id", "aa11bb22cc")
    assert code == 0, err
    return "aa11bb22"


def receipts(ws) -> list[str]:
    return [p.receipt for p in ws.load(PO).payments]


def test_paid_without_a_receipt_is_refused_by_pay_and_by_payment_in_the_same_words(opened, capsys):
    code, _, err = run(opened, capsys, "pay", PO, "--kind", "deposit", "--cny", "1000.00", "--rate", "215.5")
    assert code == 2 and err == f"casefile: --receipt: {NEEDS} (the receipt or transfer number); until then it is requested\n"
    short = requested(opened, capsys)
    code, _, err2 = run(opened, capsys, "payment", PO, short, "--status", "paid")
    assert code == 2 and err2 == err
    assert [p.status for p in opened.load(PO).payments] == ["requested"]


def test_a_second_receipt_for_a_paid_payment_is_a_conflict_and_the_first_stays(opened, capsys):
    short = requested(opened, capsys)
    code, out, _ = run(opened, capsys, "payment", PO, short, "--status", "paid", "--receipt", "ALI-0042")
    assert code == 0 and out == f"payment {short} on {PO} is paid (receipt ALI-0042)\n"
    before = opened.case_path(PO).read_bytes()
    code, out, err = run(opened, capsys, "payment", PO, short, "--status", "paid", "--receipt", "BANK-778")
    assert code == 4 and out == ""
    assert "is already paid with receipt 'ALI-0042', not 'BANK-778'. Nothing was saved" in err
    assert opened.case_path(PO).read_bytes() == before
    code, out, _ = run(opened, capsys, "payment", PO, short, "--status", "paid", "--receipt", "ALI-0042")
    assert code == 0 and out == f"payment {short} on {PO} was already paid (receipt ALI-0042); nothing changed\n"
    code, out, _ = run(opened, capsys, "payment", PO, short, "--status", "paid")
    assert code == 0 and "was already paid (receipt ALI-0042); nothing changed" in out
    assert receipts(opened) == ["", "ALI-0042"]


def test_a_payment_paid_before_receipts_were_required_gets_its_receipt_recorded(opened, capsys):
    # as an earlier version could store it: paid, no receipt
    old = Payment(id="cc33dd44ee", kind="deposit", cny="1000.00", ngn="215500.00", rate="215.5", status="paid",
                  recorded_by="someone")
    opened.transact(PO, lambda s: Change("payment recorded", records=[old]))
    code, out, err = run(opened, capsys, "payment", PO, "cc33dd44", "--status", "paid", "--receipt", "BANK-778")
    assert code == 0, err
    assert out == f"payment cc33dd44 on {PO} is paid (receipt BANK-778)\n"
    code, out, _ = run(opened, capsys, "ledger", PO)
    assert "paid      BANK-778" in out
