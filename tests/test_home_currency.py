"""A workspace whose home currency is GHS shows cedis wherever home-currency money is read
(the screens at 80x24, the CLI, the dossier) and never NGN or the naira sign; the stored
`ngn` fields keep their names."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app_support import PO, sample_workspace, screen_text, settle
from casefile.actions.workspace import Workspace
from casefile.values.currency import fmt_home
from conftest import make_case
from tui.app import create_app
from tui.cli import main

NAIRA = ("NGN", "₦")


@pytest.fixture
def ws(tmp_path, pinned_clock):
    return sample_workspace(tmp_path / "ws")


@pytest.fixture
def ghs(ws, capsys):
    (ws.root / "settings.json").write_text('{"home_currency": "GHS"}')
    # a deposit at 1.60 GHS per CNY: ¥25,200.00 -> GH₵40,320.00
    ws.paid = run(ws, capsys, "pay", PO, "--kind", "deposit", "--cny", "25200.00", "--rate", "1.6",
                  "--receipt", "GCB-7", "--method", "bank transfer")
    return ws


def run(ws, capsys, *argv) -> str:
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def assert_no_naira(text: str) -> None:
    for mark in NAIRA:
        assert mark not in text, text


def test_whole_units_for_grid_cells_round_as_before():
    assert fmt_home(Decimal("12671400.40"), "NGN", whole=True) == "₦12,671,400"
    assert fmt_home(Decimal("12671400.50"), "GHS", whole=True) == "GH₵12,671,400"  # half-even, as f"{:,.0f}"
    assert fmt_home(Decimal("5430600.00"), "NGN") == "₦5,430,600.00"


def test_cli_ledger_options_show_and_pay_speak_cedis(ghs, capsys):
    paid = ghs.paid
    assert "GH₵40,320.00 at 1.6" in paid
    ledger = run(ghs, capsys, "ledger", PO)
    assert "rates in GHS per 1 CNY" in ledger and "GH₵40,320.00" in ledger
    quoted = run(ghs, capsys, "quote", PO, "--rate", "1.62", "--expires", "2026-12-31 17:00", "--by", "GCB FX")
    assert "1.6200 GHS per CNY" in quoted
    options = run(ghs, capsys, "options", PO)
    show = run(ghs, capsys, "show", PO)
    assert "GH₵" in show and "GHS/CNY planning rate" in show
    for text in (paid, quoted, ledger, options, show):
        assert_no_naira(text)
    # stored and JSON field names stay as they were
    assert ghs.load(PO).payments[0].ngn == Decimal("40320.00")
    assert '"ngn": "40320.00"' in run(ghs, capsys, "ledger", PO, "--json")


def test_exported_dossier_speaks_cedis(ghs, capsys):
    text = run(ghs, capsys, "export", PO)
    assert "Rates are GHS per 1 CNY" in text and "GH₵40,320.00" in text
    assert_no_naira(text)


async def test_screens_at_80x24_speak_cedis(ghs):
    app = create_app(ghs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        case_view = " ".join(screen_text(app).split())  # the facts wrap in their column
        assert "(GH₵12,671,400.00 at 215.5000 planning rate)" in case_view
        await pilot.press("o")
        await settle(pilot)
        options = screen_text(app)
        assert " GHS " in options and " GH₵12,671,400 " in options and "(GH₵12,671,400.00 at" in options
        await pilot.press("escape", "p")
        await settle(pilot)
        assert type(app.screen).__name__ == "LedgerScreen"
        ledger = screen_text(app)
        assert " GHS " in ledger and "GH₵40,320.00" in ledger and "GHS/CNY" in ledger
        await pilot.press("p")
        await settle(pilot)
        assert type(app.screen).__name__ == "PaymentForm"
        app.screen.query_one("#cny").value = "100.00"
        app.screen.query_one("#rate").value = "1.6"
        await settle(pilot)
        form = screen_text(app)
        assert "Rate GHS/CNY" in form and "GHS GH₵160.00" in form
        for text in (case_view, options, ledger, form):
            assert_no_naira(text)


def test_settings_command_sets_the_home_currency_keeps_other_settings_and_records_who(tmp_path, capsys):
    ws = Workspace.open(tmp_path / "new")
    ws.create(make_case("KE-1", planning_rate=None))  # a case with no amount in the home currency yet
    (ws.root / "settings.json").write_text('{"rework_days": 14}')
    assert "home currency: NGN -> KES" in run(ws, capsys, "settings", "--home-currency", "kes")
    assert "already KES; nothing changed" in run(ws, capsys, "settings", "--home-currency", "KES")
    settings = json.loads(run(ws, capsys, "settings", "--json"))
    assert (settings["home_currency"], settings["rework_days"]) == ("KES", 14)
    log = json.loads((ws.root / "settings-log.json").read_text())
    assert [(c["setting"], c["old"], c["new"]) for c in log] == [("home_currency", "NGN", "KES")] and log[0]["by"]
    run(ws, capsys, "pay", "KE-1", "--kind", "deposit", "--cny", "25200.00", "--rate", "18.5", "--receipt", "EQ-1")
    assert "Ksh466,200.00" in run(ws, capsys, "ledger", "KE-1")


@pytest.mark.parametrize("held", ["a planning rate", "1 payment(s)"])
def test_the_home_currency_does_not_change_once_an_amount_is_recorded_in_it(tmp_path, capsys, held):
    # ₦5,418,600 read as KES 5,418,600 would be a lie: refused, nothing written
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case("KE-1", planning_rate=None if held != "a planning rate" else "215.5"))
    if held != "a planning rate":
        run(ws, capsys, "pay", "KE-1", "--kind", "deposit", "--cny", "25200.00", "--rate", "215.5", "--receipt", "R-1")
    code = main(["--data", str(ws.root), "settings", "--home-currency", "KES"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"casefile: --home-currency: PO KE-1 holds {held} in NGN; amounts already recorded in NGN "
                          "would be read as KES"), err
    assert "casefile --data DIR init" in err
    assert not (ws.root / "settings-log.json").exists() and not (ws.root / "settings.json").exists()


def test_settings_command_refuses_a_code_that_is_not_iso_4217(ws, capsys):
    code = main(["--data", str(ws.root), "settings", "--home-currency", "NGX"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert "--home-currency: 'NGX' is not an ISO 4217 currency code" in err
    assert not (ws.root / "settings.json").exists() and not (ws.root / "settings-log.json").exists()


def refusal(ws, capsys, *argv) -> str:
    code = main(["--data", str(ws.root), *argv])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("argv, words", [
    (["pay", PO, "--kind", "deposit", "--cny", "100.00", "--rate", "20000", "--receipt", "R-1"],
     "--rate: a rate must be below 10,000 GHS per CNY; got 20000"),
    (["pay", PO, "--kind", "deposit", "--cny", "100.00", "--receipt", "R-1"],
     "--rate: give the rate (GHS per 1 CNY) or the quote it comes from"),
    (["pay", PO, "--kind", "deposit", "--cny", "100.00", "--rate", "1.6", "--ngn", "150.00", "--receipt", "R-1"],
     "does not agree with 100.00 CNY at 1.6000 GHS/CNY; expected 160.00"),
    (["pay", PO, "--kind", "deposit", "--cny", "100.00", "--rate", "1.6", "--ngn", "160.001", "--receipt", "R-1"],
     "GHS takes at most 2 decimal places; got 160.001"),
    (["quote", PO, "--rate", "10000", "--expires", "2026-12-31 17:00"], "--rate: a rate must be below 10,000 GHS per CNY"),
    (["ledger", PO, "--rate", "10000"], "--rate: a rate must be below 10,000 GHS per CNY"),
    (["options", PO, "--rate", "10000"], "--rate: a rate must be below 10,000 GHS per CNY"),
    (["edit", PO, "--rate", "10000", "--reason", "new rate"], "a rate must be below 10,000 GHS per CNY"),
    (["new", "PO-GHS", "--supplier", "Acme", "--product", "Lamp", "--quantity", "10",
      "--order-value-cny", "100.00", "--deposit-cny", "10.00", "--rate", "10000"],
     "--rate: a rate must be below 10,000 GHS per CNY"),
])
def test_money_refusals_name_the_home_currency_on_the_command_line(ghs, capsys, argv, words):
    err = refusal(ghs, capsys, *argv)
    assert words in err
    assert_no_naira(err)


async def test_the_case_form_and_the_payment_form_name_the_home_currency(ghs):
    app = create_app(ghs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        rate = form.query_one("#f-planning-rate")
        assert rate.placeholder == "GHS per 1 CNY, e.g. 215.5"
        rate.value = "10000"
        await settle(pilot)
        assert str(form.query_one("#f-planning-rate-error").render()).startswith(
            "a rate must be below 10,000 GHS per CNY")
        await pilot.press("escape", "y")
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert type(app.screen).__name__ == "PaymentForm"
        app.screen.query_one("#cny").value = "100.00"
        app.screen.query_one("#rate").value = "10000"
        await pilot.press("f10")
        await settle(pilot)
        shown = " ".join(str(w.render()) for w in app.screen.query(".error.shown"))
        assert "a rate must be below 10,000 GHS per CNY" in shown
        assert_no_naira(shown)
