"""A rate shows with the same digits before and after a reload (issue #12): typed as 215.5,
it is stored as 215.5000 (casefile.values.money.fmt_rate), and the form, the ledger, the case
view and `casefile ledger` all show 215.5000, whether the case was just saved or read again."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Input

from app_support import PO, open_case, sample_workspace, screen_text, settle
from cli_support import run
from screens.ledger import LedgerScreen
from screens.payment_form import PaymentForm
from screen_host import hosted, press
from tui.app import create_app


def ledger_shows(app) -> str:
    return screen_text(app) + app.screen.query_one("#payment-detail").render().plain


async def test_a_typed_rate_shows_as_stored_in_the_form_the_ledger_and_the_command_line(tmp_path, pinned_clock, capsys):
    ws = sample_workspace(tmp_path / "ws")
    async with hosted(LedgerScreen(ws, PO)) as (app, pilot):
        await press(pilot, "p")  # the deposit, the payment the case waits for
        form = app.screen
        assert isinstance(form, PaymentForm)
        rate = form.query_one("#rate", Input)
        rate.value = ""
        rate.focus()
        await pilot.press(*"215.5")
        await settle(pilot)
        assert "× 215.5000" in screen_text(app)  # before saving: as it will be stored
        await press(pilot, "tab")  # leaving the field: it shows what will be stored
        assert rate.value == "215.5000"
        form.query_one("#receipt", Input).value = "ALI-7"
        await press(pilot, "f10")
        assert isinstance(app.screen, LedgerScreen)
        just_saved = ledger_shows(app)
    assert ws.load(PO).payments[-1].rate == Decimal("215.5")
    async with hosted(LedgerScreen(ws, PO)) as (app, pilot):  # read again from the file
        reloaded = ledger_shows(app)
    for shown in (just_saved, reloaded):
        assert " 215.5000 " in shown  # the payment's row
        assert "at 215.5000)" in shown  # its line in words
        assert "215.5 " not in shown
    code, out, _ = run(ws, capsys, "ledger", PO)
    assert code == 0 and "215.5000" in out


async def test_a_planning_rate_shows_the_same_after_saving_and_after_a_reload(tmp_path, pinned_clock):
    ws = sample_workspace(tmp_path / "ws")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#f-planning-rate", Input)
        field.value = "214.25"
        field.focus()
        await pilot.press("tab")
        await settle(pilot)
        assert field.value == "214.2500"  # before saving, as it will be stored
        await pilot.press("f10")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseViewScreen"
        just_saved = screen_text(app)
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        reloaded = screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.values()["planning_rate"] == "214.2500"  # the form, opened again
    for shown in (just_saved, reloaded):
        assert "at 214.2500" in shown and "214.25 " not in shown, shown
