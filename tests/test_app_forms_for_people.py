"""Forms for people (issues #11 and #12), driven with keys at 80x24: the focus is where the
user expects it, the letter follows the decision, every error shows at once in plain
words, and the defaults are the likely answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Checkbox, Input, Select, TextArea

from app_support import PO, sample_workspace, settle
from casefile.records.log_entry import EntryDraft
from casefile.actions.decide import record_decision
from casefile.rules.decision_terms import DecisionTerms
from casefile.actions.note import append_entry
from casefile.rules.option_comparison import assess_options
from screen_host import hosted, press
from screens.case_form import validate_form
from screens.composer import ComposerScreen
from screens.correspondence import CorrespondenceScreen
from screens.decision_form import DecisionFormScreen
from screens.ledger import LedgerScreen
from screens.payment_form import PaymentForm, live_home
from tui.cli import main

NEW = "采购单-88"  # a case with nothing paid yet


@pytest.fixture
def ws(tmp_path):
    return sample_workspace(tmp_path / "ws")


def rework_decided(ws, days: int = 10) -> date:
    deadline = date.today() + timedelta(days=days)
    record_decision(ws, PO, DecisionTerms(option="rework", deadline=deadline, reason="fixable"))
    return deadline


async def test_the_decide_form_opens_with_its_first_field_focused(ws):
    state = ws.load(PO)
    rework = next(o for o in assess_options(state) if o.option == "rework")
    async with hosted(DecisionFormScreen(ws, PO, state, rework)) as (app, pilot):
        assert app.focused is app.screen.query_one("#reason")
        await press(pilot, *"fixable")  # typing goes straight into it
        assert app.screen.query_one("#reason", Input).value == "fixable"


async def test_t_after_a_rework_decision_drafts_the_rework_letter_with_the_decisions_deadline(ws):
    deadline = rework_decided(ws)
    async with hosted(ComposerScreen(ws, PO, ws.load(PO), pick_template=True)) as (app, pilot):
        screen = app.screen
        assert screen.query_one("#template", Select).value == "rework"
        assert screen.query_one("#deadline", Input).value == deadline.isoformat()
        assert "Dear Shenzhen Brightway" in screen.query_one("#body", TextArea).text
        assert app.focused is screen.query_one("#template")  # the focus did not move by itself
        await press(pilot, "f10")
    entry = ws.load(PO).correspondence[-1]
    assert (entry.direction, entry.deadline, entry.written_agreement) == ("to-supplier", deadline, False)


async def test_a_message_to_the_supplier_never_offers_or_ticks_the_written_agreement(ws):
    async with hosted(ComposerScreen(ws, PO, ws.load(PO), pick_template=True)) as (app, pilot):
        screen = app.screen
        box = screen.query_one("#written_agreement", Checkbox)
        screen.query_one("#direction", Select).value = "to-supplier"
        await settle(pilot)
        assert box.disabled and not box.display
        # Tab through the whole form and press enter/space on each field: nothing ticks it.
        for _ in range(12):
            await pilot.press("tab", "space")
        assert box.value is False
        screen.query_one("#direction", Select).value = "from-supplier"
        await settle(pilot)
        assert not box.disabled and box.display  # their reply may record it


async def test_a_template_still_needing_a_term_says_which_where_the_focus_goes(ws):
    async with hosted(ComposerScreen(ws, PO, ws.load(PO), pick_template=True)) as (app, pilot):
        app.screen.query_one("#template", Select).value = "rework"  # no decision: no deadline known
        await settle(pilot)
        assert app.focused is app.screen.query_one("#deadline")
        assert "the rework template needs it" in str(app.screen.query_one("#deadline-error").render())
        assert any("type the deadline" in n.message for n in app._notifications)


async def test_the_case_form_shows_every_error_at_once_in_plain_words():
    _, errors = validate_form({
        "po": "", "supplier": "x", "product": "p", "quantity": "ten", "order_value_cny": "100.00",
        "deposit_cny": "200.00", "ship_window_start": "2026-13-10", "planning_rate": "abc"})
    # A check across fields (the deposit) no longer waits for the others to be fixed.
    assert set(errors) == {"po", "quantity", "deposit_cny", "ship_window_start", "planning_rate"}
    assert errors["deposit_cny"] == "the deposit (200.00) is more than the order value (100.00)"
    assert errors["ship_window_start"] == "not a date: write it as YYYY-MM-DD, e.g. 2026-12-03"
    assert not any("Input should" in e or "valid date" in e for e in errors.values())


def test_the_command_line_says_the_same_plain_words(tmp_path, capsys):
    code = main(["--data", str(tmp_path / "w"), "new", "PO-1", "--supplier", "S", "--product", "P",
                 "--quantity", "10", "--order-value-cny", "100.00", "--deposit-cny", "10.00",
                 "--ship-from", "2026-13-10"])
    err = capsys.readouterr().err
    assert code == 2 and "not a date: write it as YYYY-MM-DD" in err and "Input should" not in err


@pytest.mark.parametrize("cny", ["-5", "-0.01", "0"])
def test_the_ngn_preview_is_never_negative(cny):
    text = live_home(cny, "215.5")
    assert "-" not in text and "above zero" in text


async def test_the_payment_form_opens_on_the_next_payment_due(ws):
    async with hosted(LedgerScreen(ws, NEW)) as (app, pilot):
        await press(pilot, "p")
        form = app.screen
        assert isinstance(form, PaymentForm)
        assert form.query_one("#kind", Select).value == "deposit"
        assert form.query_one("#cny", Input).value == str(ws.load(NEW).case.deposit_cny)


async def test_one_log_entry_is_one_entry(ws):
    append_entry(ws, PO, EntryDraft(subject="called them"))
    async with hosted(CorrespondenceScreen(ws, PO)) as (app, pilot):
        title = str(app.screen.query_one("#title").render())
        assert "1 entry " in title and "1 entries" not in title


async def test_an_internal_note_goes_by_no_channel_and_a_message_by_email(ws):
    async with hosted(ComposerScreen(ws, PO, ws.load(PO))) as (app, pilot):
        screen = app.screen
        assert (screen.query_one("#direction", Select).value, screen.query_one("#channel", Select).value) == (
            "internal", "none")
        screen.query_one("#direction", Select).value = "to-supplier"
        await settle(pilot)
        assert screen.query_one("#channel", Select).value == "email"
        await press(pilot, *"called about the rework", "f10")
    assert ws.load(PO).correspondence[-1].channel == "email"
