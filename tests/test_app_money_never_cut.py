"""Money is never cut (issue #12): a case with the largest amounts the core allows, on every
screen at 80x24. Each figure shows in full or in a compact form ('¥1000B') with the full one
on the highlighted row's line; no figure on screen has lost a digit."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from app_support import FAILED, PO, screen_text, settle
from casefile.actions.import_report import import_report
from casefile.actions.pay import PaymentDraft, record_payment
from casefile.actions.workspace import Workspace
from casefile.values.currency import fmt_home
from casefile.values.money import cny_to_ngn, fmt_cny
from casefile.values.money_fit import compact_money
from conftest import make_case
from tui.app import create_app

ORDER = Decimal("999999999999.99")  # MAX_CNY less a cent
DEPOSIT = Decimal("299999999999.99")
BALANCE = ORDER - DEPOSIT
RATE = Decimal("9999.9999")  # MAX_RATE less a step: home amounts near 10^16
FEE = Decimal("999999999.99")

# a figure on screen: a symbol, then digits as far as they go (with the point, the groups and a K/M/B/T)
_FIGURE = re.compile(r"[¥₦]([0-9][0-9,.]*)([KMBT]?)(.?)")
_WHOLE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]{2})?")
_SHORT = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,2})?")


def cut_figures(text: str) -> list[str]:
    """Figures on screen that have lost a digit: groups not of three, a point without its
    cents, an ellipsis or the screen edge right after the digits."""
    bad = []
    for line in text.splitlines():
        for m in _FIGURE.finditer(line.rstrip()):
            number, suffix, after = m.groups()
            listed = number.rstrip(",;")  # a list's own comma after cents ('¥5.00, then'), else a cut
            if listed != number and (suffix or "." in listed):
                number = listed
            ok = _SHORT.fullmatch(number) if suffix else _WHOLE.fullmatch(number)
            if not ok or after == "…" or (m.end() == len(line.rstrip()) and len(line.rstrip()) >= 79):
                bad.append(m.group(0))
    return bad


def shown(amount: Decimal, currency: str = "CNY") -> list[str]:
    full = fmt_cny(amount) if currency == "CNY" else fmt_home(amount, currency)
    return [full] + [compact_money(amount, currency, places) for places in (2, 1, 0)]


@pytest.fixture
def huge(tmp_path, pinned_clock) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case(PO, order_value_cny=str(ORDER), deposit_cny=str(DEPOSIT), reinspection_fee_cny=str(FEE),
                        planning_rate=str(RATE)))
    import_report(ws, PO, FAILED)
    record_payment(ws, PO, PaymentDraft(kind="deposit", cny=str(DEPOSIT), rate=str(RATE), receipt="ALI-1",
                                        method="wire"))
    return ws


async def visit(pilot, *keys: str) -> str:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    text = screen_text(pilot.app)
    assert not cut_figures(text), (cut_figures(text), text)
    return text


def assert_shows(text: str, amount: Decimal, currency: str = "CNY", *, full: bool = False) -> None:
    forms = shown(amount, currency)
    assert any(f in text for f in (forms[:1] if full else forms)), (forms, text)


async def test_the_largest_amounts_show_whole_on_every_screen(huge):
    home_deposit = cny_to_ngn(DEPOSIT, RATE)
    app = create_app(huge)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = await visit(pilot)  # the case list: held compact in its column, in full below
        assert compact_money(BALANCE, "CNY", 0) in text
        assert f"held {fmt_cny(BALANCE)}" in text
        text = await visit(pilot, "enter")  # the case view
        for amount in (ORDER, DEPOSIT, BALANCE):
            assert_shows(text, amount, full=True)
        assert_shows(text, cny_to_ngn(BALANCE, RATE), "NGN", full=True)
        assert "9999.9999" in text

        text = await visit(pilot, "o")  # the options: compact in the rows, in full below
        assert_shows(text, BALANCE)
        assert_shows(text, cny_to_ngn(BALANCE, RATE), "NGN")
        assert f"You pay: {fmt_cny(BALANCE)} ({fmt_home(cny_to_ngn(BALANCE, RATE), 'NGN')} at 9999.9999)" in text
        for key in ("down", "down", "down", "down", "home", "end"):
            await visit(pilot, key)

        await visit(pilot, "escape")
        text = await visit(pilot, "p")  # the ledger: the deposit row compact, the detail line in full
        assert_shows(text, DEPOSIT)
        assert_shows(text, home_deposit, "NGN")
        assert f"deposit {fmt_cny(DEPOSIT)} ({fmt_home(home_deposit, 'NGN')} at 9999.9999)" in text
        for amount in (DEPOSIT, BALANCE):  # the totals
            assert_shows(text, amount, full=True)
        text = await visit(pilot, "down")  # the balance still to pay, in full on its line
        assert f"balance {fmt_cny(BALANCE)} still to pay" in text

        await visit(pilot, "escape")
        text = await visit(pilot, "s")  # the supplier's record: money held in full
        assert f"Held {fmt_cny(BALANCE)}" in text
        await visit(pilot, "escape", "escape")
        text = await visit(pilot, "a")  # the agenda: the balance held in its row, the totals in full
        assert f"Held {fmt_cny(BALANCE)}" in text
        assert fmt_cny(BALANCE) in text  # the highlighted item whole on its line, if its row was cut


def test_a_cut_figure_is_caught():
    for cut in (" ¥1,234,46 ", " ₦1,234,467. ", " held ¥1,234…", " ¥1.2345M ", " ¥1,234,4", " ¥700,000, "):
        assert cut_figures(cut), cut
    assert not cut_figures(" ¥1,234,467.00, ₦1.23M and ¥1000B; ¥12,346 ")
