"""The payment form and `casefile pay` refuse the same input with the same words (issue #9,
item 7): every rule lives in the core (casefile/actions/pay.py), the form shows it beside
its field, the command line names the flag instead of the field."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Select

from casefile.actions.pay import PaymentDraft, record_payment
from gate_support import MAJOR_FAIL, add_report
from screen_host import hosted, press
from screens.ledger import LedgerScreen
from screens.payment_form import PaymentForm
from tui.cli import main

PO = "PO/2026/114"
FLAGS = {"kind": "--kind", "cny": "--cny", "rate": "--rate", "receipt": "--receipt", "status": "--status"}
# (what is typed, the field the refusal is about, words it must contain): the conftest case has a
# deposit of 25,200, a re-inspection fee of 2,100, and here a failed report (balance locked)
CASES = {
    "paid without a receipt": ({"kind": "deposit", "cny": "100.00", "rate": "215.5"},
                               "receipt", "a paid payment needs its receipt reference"),
    "no rate": ({"kind": "deposit", "cny": "100.00", "receipt": "R-1"},
                "rate", "give the rate (NGN per 1 CNY) or the quote it comes from"),
    "zero": ({"kind": "deposit", "cny": "0", "rate": "215.5", "receipt": "R-1"}, "cny", "above zero"),
    "a fen too fine": ({"kind": "deposit", "cny": "100.005", "rate": "215.5", "receipt": "R-1"},
                       "cny", "2 decimal places"),
    "fee over the agreed fee": ({"kind": "reinspection-fee", "cny": "999999.00", "rate": "215.5", "receipt": "R-1"},
                                "cny", "more than the agreed fee of ¥2,100.00"),
    "deposit over the agreed deposit": ({"kind": "deposit", "cny": "25200.01", "rate": "215.5", "receipt": "R-1"},
                                        "cny", "more than the agreed deposit"),
    "balance while locked": ({"kind": "balance", "cny": "58800.00", "rate": "215.5", "receipt": "R-1"},
                             "form", "major defects failed on 12 Nov 2026 (23 found, Re 8)"),
}


@pytest.fixture
def failed(ws, case, pinned_clock):
    ws.create(case)
    add_report(ws, PO, date(2026, 11, 12), MAJOR_FAIL)
    return ws


def cli_refusal(ws, capsys, typed: dict[str, str]) -> tuple[int, str, str]:
    argv = ["--data", str(ws.root), "pay", PO]
    for name, value in typed.items():
        argv += [FLAGS[name], value]
    code = main(argv)
    err = capsys.readouterr().err.strip().removeprefix("casefile: ")
    for name, flag in FLAGS.items():
        if err.startswith(f"{flag}: "):
            return code, name, err[len(flag) + 2:]
    return code, "form", err


async def form_refusal(ws, typed: dict[str, str]) -> tuple[str, str]:
    """Type into the payment form, save, and read the one error it shows (field, words)."""
    state = ws.load(PO)
    async with hosted(PaymentForm(ws, PO, state)) as (app, pilot):
        form = app.screen
        form.query_one("#kind", Select).value = typed["kind"]
        for name in ("cny", "rate", "receipt"):
            form.query_one(f"#{name}", Input).value = typed.get(name, "")
        await press(pilot, "f10")
        assert app.screen is form  # refused: the form stays with what was typed
        shown = {w.id.removesuffix("-error"): str(w.render()) for w in form.query(".error.shown")}
    assert len(shown) == 1, shown
    name, text = next(iter(shown.items()))
    return name, text.removeprefix("⚠ ")


@pytest.mark.parametrize("name", list(CASES))
async def test_the_form_and_the_command_line_refuse_with_the_same_words(failed, capsys, name):
    typed, field, words = CASES[name]
    before = failed.load(PO).revision
    code, cli_field, cli_words = cli_refusal(failed, capsys, typed)
    form_field, form_words = await form_refusal(failed, typed)
    assert code in (2, 3) and failed.load(PO).revision == before
    assert (cli_field, form_field) == (field, field)
    assert words in cli_words
    if field == "form":  # a closed gate: the CLI says "balance is locked: ...", the form "The balance is locked: ..."
        assert form_words == "The b" + cli_words[1:]
    else:
        assert form_words == cli_words


async def test_marking_a_request_paid_needs_a_receipt_in_the_ledger_and_on_the_command_line(failed, capsys):
    request = record_payment(failed, PO, PaymentDraft(kind="deposit", cny="100.00", rate="215.5",
                                                      status="requested")).payments[-1]
    assert main(["--data", str(failed.root), "payment", PO, request.id[:8], "--status", "paid"]) == 2
    cli = capsys.readouterr().err
    assert cli.startswith("casefile: --receipt: a paid payment needs its receipt reference")
    async with hosted(LedgerScreen(failed, PO)) as (app, pilot):
        await press(pilot, "m")  # the request is the only row: it is highlighted
        assert type(app.screen).__name__ == "ReceiptPrompt"
        await press(pilot, "enter")  # nothing typed: the core refuses, with the same words
        notices = [n.message for n in app._notifications]
        assert any(cli.strip().removeprefix("casefile: --receipt: ") in n for n in notices), notices
        await press(pilot, "m")
        app.screen.query_one(Input).value = "ALI-2026-7"
        await press(pilot, "enter")
    line = failed.load(PO).payments[-1]
    assert (line.status, line.receipt) == ("paid", "ALI-2026-7")
