"""The ledger screen and the payment form, driven with keys at 80x24."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from textual.widgets import DataTable, Input

from app_support import screen_text, settle
from casefile.values import clock
from casefile.actions.pay import PaymentDraft, record_payment
from screen_host import assert_bindings_described, demo_copy, hosted, press
from screens.ledger import LedgerScreen
from screens.messages import CaseChanged
from screens.payment_form import PaymentForm, live_home
from screens.quote_form import QuoteForm
from screens.receipt_prompt import ReceiptPrompt
from screens.workers import Loaded, WriteDone, WriteFailed

LOCKED = "PO/2026/133"  # major failure, rework overdue
UNLOCKED = "PO/2026/114"  # re-inspection passed, a live rate quote


@pytest.fixture
def ws(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory)


def error(app, name: str) -> str:
    return app.screen.query_one(f"#{name}-error").render().plain


async def test_locked_gate_says_why_and_the_balance_action_is_disabled(ws):
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        text = screen_text(app)
        assert "BALANCE LOCKED" in text
        assert "major defects failed" in text and "(14 found, Re 8)" in text
        assert "to unlock: record a re-inspection report that passes every class" in text
        assert app.screen.check_action("pay_balance", ()) is None  # greyed out in the footer
        assert "b Pay balance" in text.splitlines()[-1]
        await press(pilot, "b")
        assert isinstance(app.screen, LedgerScreen)  # no form opened, but the reason told
        failed_on = ws.load(LOCKED).reports[0].date  # the demo is dated from today
        assert told(app)[-1].startswith(f"The balance is locked: major defects failed on {failed_on:%-d %b %Y}")
        assert "To unlock: record a re-inspection report that passes every class" in told(app)[-1]
        balance_row = app.screen.query_one(DataTable).get_row("expected-balance")
        assert str(balance_row[4]) == "LOCKED"


async def test_totals_in_both_currencies(ws):
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        text = screen_text(app)
        held = next(line for line in text.splitlines() if "Held by the gate" in line)
        assert "¥52,500.00" in held and "₦11,235,000.00" in held  # at the planning rate 214
        assert "deposit" in text and "22,500.00" in text and "203.9000" in text


async def test_a_balance_form_opened_before_the_gate_closed_is_refused_with_the_reasons(ws):
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        # As if the screen had shown an open gate a moment ago: the domain still decides.
        app.push_screen(PaymentForm(ws, LOCKED, ws.load(LOCKED), kind="balance", cny=Decimal("52500.00")))
        await settle(pilot)
        form = app.screen
        form.query_one("#rate", Input).value = "221.3500"
        form.query_one("#receipt", Input).value = "ALP-TEST-1"
        await press(pilot, "f10")
        assert app.screen is form  # still open, with what was typed
        assert "The balance is locked: major defects failed" in error(app, "form")
        assert form.query_one("#receipt", Input).value == "ALP-TEST-1"
        assert not [p for p in ws.load(LOCKED).payments if p.kind == "balance"]


async def test_paying_an_unlocked_balance_at_the_live_quote(ws):
    async with hosted(LedgerScreen(ws, UNLOCKED)) as (app, pilot):
        assert "BALANCE UNLOCKED" in screen_text(app)
        await press(pilot, "b")
        form = app.screen
        assert isinstance(form, PaymentForm)
        assert form.query_one("#cny", Input).value == "58800.00"
        assert form.query_one("#rate", Input).value == "221.3500"
        assert "₦13,015,380.00" in screen_text(app)
        form.query_one("#method", Input).value = "Alipay via Lagos agent"
        form.query_one("#receipt", Input).value = "ALP-20261125-0001"
        await press(pilot, "f10")
        assert isinstance(app.screen, LedgerScreen)
        paid = [p for p in ws.load(UNLOCKED).payments if p.kind == "balance"]
        assert len(paid) == 1 and paid[0].quote_id and paid[0].receipt == "ALP-20261125-0001"
        assert paid[0].ngn == Decimal("13015380.00")
        text = screen_text(app)
        assert "ALP-20261125-0001" in text
        assert "still to pay ¥0.00" in app.screen.query_one("#gate").render().plain
        assert app.screen.check_action("pay_balance", ()) is None  # nothing left to pay


async def test_ngn_follows_what_is_typed(ws):
    async with hosted(LedgerScreen(ws, UNLOCKED)) as (app, pilot):
        await press(pilot, "p")
        form = app.screen
        form.query_one("#cny", Input).value = "1000"
        form.query_one("#rate", Input).value = "215.125"
        await settle(pilot)
        assert "₦215,125.00" in screen_text(app)
        form.query_one("#rate", Input).value = "abc"
        await settle(pilot)
        assert "type the CNY amount and the rate" in screen_text(app)


def test_live_home_rounds_once_half_up():
    assert "₦2,150.01" in live_home("10.00", "215.0005")
    assert "type the CNY" in live_home("", "215")


async def test_an_expired_quote_is_refused_beside_its_field(ws):
    before = len(ws.load(LOCKED).payments)
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        await press(pilot, "p")
        form = app.screen
        form.query_one("#kind").value = "reinspection-fee"
        form.query_one("#cny", Input).value = "2000.00"
        form.query_one("#rate", Input).value = "219.0000"
        form.query_one("#receipt", Input).value = "AQI-INV-9"
        past = clock.now() - timedelta(hours=1)
        form.query_one("#quote_expires_at", Input).value = f"{past:%Y-%m-%d %H:%M}"
        await press(pilot, "f10")
        assert "expired" in error(app, "quote_expires_at")
        assert app.screen is form
        assert len(ws.load(LOCKED).payments) == before
        form.query_one("#quote_expires_at", Input).value = f"{clock.now() + timedelta(hours=2):%Y-%m-%d %H:%M}"
        await press(pilot, "f10")
        assert isinstance(app.screen, LedgerScreen)
        assert ws.load(LOCKED).payments[-1].kind == "reinspection-fee"


@pytest.mark.parametrize("key,field", [("t", "expires_at"), ("p", "quote_expires_at")])
async def test_a_wrong_expiry_is_explained_once(ws, key, field):
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        await press(pilot, key)
        for name, value in {"rate": "230.5", "cny": "2000.00", "receipt": "AQI-INV-9"}.items():
            if app.screen.query(f"#{name}"):  # the quote form has no amount or receipt
                app.screen.query_one(f"#{name}", Input).value = value
        app.screen.query_one(f"#{field}", Input).value = "2026-13-45 10:00"
        await press(pilot, "f10")
        assert error(app, field).count("YYYY-MM-DD HH:MM") == 1
        app.screen.query_one(f"#{field}", Input).value = f"{clock.now() - timedelta(hours=1):%Y-%m-%d %H:%M}"
        await press(pilot, "f10")
        assert "expired" in error(app, field) and "YYYY" not in error(app, field)  # no hint beside the point


async def test_bad_amount_is_named_beside_the_field(ws):
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        await press(pilot, "p")
        form = app.screen
        form.query_one("#cny", Input).value = "12.345"
        form.query_one("#rate", Input).value = "219"
        await press(pilot, "f10")
        assert "2 decimal places" in error(app, "cny")
        assert form.focused is form.query_one("#cny")


async def test_mark_a_requested_payment_paid(ws):
    record_payment(ws, LOCKED, PaymentDraft(kind="reinspection-fee", cny="2000.00", rate="219.5000",
                                            status="requested", receipt="AQI-INV-77"))
    messages = []
    async with hosted(LedgerScreen(ws, LOCKED), message_hook=messages.append) as (app, pilot):
        table = app.screen.query_one(DataTable)
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[4]) == "requested")
        table.move_cursor(row=row)
        await settle(pilot)
        messages.clear()
        await press(pilot, "m")
        assert str(app.screen.query_one(DataTable).get_row_at(row)[4]) == "paid"
    # The one write path: the write's outcome, then every screen told, then the new state read.
    ours = [m for m in messages if isinstance(m, (WriteDone, WriteFailed, CaseChanged, Loaded))]
    order = [type(m).__name__ for m in {id(m): m for m in ours}.values()]  # one that bubbles on is seen again
    assert order[0] == "WriteDone" and order[-1] == "Loaded" and set(order[1:-1]) == {"CaseChanged"}, order
    done = next(m for m in messages if isinstance(m, WriteDone))
    assert done.what == "payment marked paid" and done.state.revision == ws.load(LOCKED).revision


def test_every_binding_has_a_description():
    assert_bindings_described(LedgerScreen, PaymentForm, QuoteForm)


async def test_a_cancelled_order_shows_the_deposit_refund_outstanding(ws):
    async with hosted(LedgerScreen(ws, "PO/2026/119")) as (app, pilot):
        gate = app.screen.query_one("#gate").render().plain
        assert "deposit refund outstanding: ¥38,400.00" in gate and "cancelled" in gate
        assert app.screen.check_action("pay_balance", ()) is None


async def test_the_palette_offers_pay_balance_only_while_the_gate_is_open(ws):
    from tui.palette import CaseCommands

    for po, offered in ((LOCKED, False), (UNLOCKED, True)):
        async with hosted(LedgerScreen(ws, po)) as (app, pilot):
            titles = [title for title, _, _ in CaseCommands(app.screen)._commands()]
            assert f"{po}: Record a payment" in titles
            assert (f"{po}: Pay the balance" in titles) is offered, titles


def told(app) -> list[str]:
    return [n.message for n in app._notifications]


async def highlight(pilot, status: str) -> int:
    table = pilot.app.screen.query_one(DataTable)
    row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[4]) == status)
    table.move_cursor(row=row)
    await settle(pilot)
    return row


async def test_withdraw_then_refund_refused_in_the_cores_words(ws):
    record_payment(ws, LOCKED, PaymentDraft(kind="reinspection-fee", cny="2000.00", rate="219.5000",
                                            status="requested"))
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        row = await highlight(pilot, "requested")
        await press(pilot, "r")  # a requested payment cannot be refunded: the core says so
        assert "status: the payment is requested; it can move to paid or withdrawn" in told(app)[-1]
        await press(pilot, "w")
        assert str(app.screen.query_one(DataTable).get_row_at(row)[4]) == "withdrawn"
        await press(pilot, "w")
        assert "is already withdrawn; nothing changed" in told(app)[-1]
    assert [p.status for p in ws.load(LOCKED).payments if p.kind == "reinspection-fee"] == ["requested", "withdrawn"]


async def test_mark_paid_asks_for_the_receipt_then_refund(ws):
    record_payment(ws, LOCKED, PaymentDraft(kind="reinspection-fee", cny="2000.00", rate="219.5000",
                                            status="requested"))
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        row = await highlight(pilot, "requested")
        await press(pilot, "m")
        assert isinstance(app.screen, ReceiptPrompt)
        await pilot.press(*"AQI-77", "enter")
        await settle(pilot)
        assert str(app.screen.query_one(DataTable).get_row_at(row)[4]) == "paid"
        assert "AQI-77" in str(app.screen.query_one(DataTable).get_row_at(row)[5])
        await press(pilot, "r")
        assert str(app.screen.query_one(DataTable).get_row_at(row)[4]) == "refunded"


async def test_take_a_rate_quote(ws):
    async with hosted(LedgerScreen(ws, LOCKED)) as (app, pilot):
        await press(pilot, "t")
        form = app.screen
        assert isinstance(form, QuoteForm)
        form.query_one("#rate", Input).value = "230.5"
        form.query_one("#expires_at", Input).value = f"{clock.now() - timedelta(hours=1):%Y-%m-%d %H:%M}"
        form.query_one("#source", Input).value = "FX desk [bold]screenshot[/]"
        await press(pilot, "f10")
        assert app.screen is form and "the quote expired at" in error(app, "expires_at")
        form.query_one("#expires_at", Input).value = f"{clock.now() + timedelta(days=1):%Y-%m-%d %H:%M}"
        await press(pilot, "f10")
        assert isinstance(app.screen, LedgerScreen)
        await settle(pilot)
        assert "owed, held and at risk at 230.5000 NGN/CNY (quote from not stated" in screen_text(app)
    quote = ws.load(LOCKED).quotes[-1]
    assert (quote.rate, quote.source, quote.quoted_by) == (Decimal("230.5"), "FX desk [bold]screenshot[/]", "not stated")
