"""New / edit case: reasons beside the fields, nothing saved from a bad form, stale saves refused."""

from __future__ import annotations

import pytest

from app_support import PO, open_case, post_together, sample_workspace, screen_text, settle
from casefile.store.protocol import Change
from screens.case_form import CaseFormScreen, validate_form
from tui.app import create_app


@pytest.fixture
def ws(tmp_path, pinned_clock):
    return sample_workspace(tmp_path / "ws")


def test_validate_form_puts_each_reason_on_its_field():
    case, errors = validate_form({
        "po": "PO-9", "supplier": "Acme", "product": "Lamp", "quantity": "ten",
        "order_value_cny": "1000.005", "deposit_cny": "300", "spec": "S1 = colour\nno equals sign",
        "aql.major": "2.7",
    })
    assert case is None
    assert errors["quantity"] == "expected a whole number such as 3000, got 'ten'"  # as `casefile new` says it
    assert "2 decimal places" in errors["order_value_cny"]
    assert errors["spec"].startswith("line 2: write KEY = text")
    assert "aql.major" in errors and "2.7" in errors["aql.major"]
    assert "supplier" not in errors and "po" not in errors


def test_model_level_reason_lands_beside_the_named_field():
    _, errors = validate_form({"po": "PO-9", "supplier": "Acme", "product": "Lamp", "quantity": "10",
                               "order_value_cny": "1000", "deposit_cny": "5000"})
    assert "more than the order value" in errors["deposit_cny"]


async def fill(pilot, screen: CaseFormScreen, values: dict[str, str]) -> None:
    for name, value in values.items():
        screen._set(name, value)
    await settle(pilot)


async def test_invalid_form_shows_reason_beside_field_and_saves_nothing(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        await fill(pilot, form, {"po": "PO-NEW", "supplier": "Foshan Tiles", "product": "Floor tile",
                                 "quantity": "0", "order_value_cny": "50000", "deposit_cny": "15000"})
        # Field by field, as typed: the reason is beside the quantity field already.
        assert "must be at least 1" in str(form.query_one("#f-quantity-error").render())
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is form
        assert "Not saved" in screen_text(app)
        assert "PO-NEW" not in [s.po for s in ws.list_summaries()]


async def test_valid_new_case_is_saved_and_opened(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, app.screen, {"po": "PO-NEW", "supplier": "Foshan Tiles", "product": "Floor tile",
                                       "quantity": "2000", "order_value_cny": "50000", "deposit_cny": "15000",
                                       "spec": "T1 = 600 x 600 mm ± 0.5", "golden": "G1 = glaze as sample"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseViewScreen" and app.screen.po == "PO-NEW"
        case = ws.load("PO-NEW").case
        assert case.quantity == 2000 and [p.kind for p in case.spec_points] == ["spec", "golden-sample"]


async def test_duplicate_po_is_refused_beside_the_po(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, app.screen, {"po": PO, "supplier": "X", "product": "Y", "quantity": "5",
                                       "order_value_cny": "10", "deposit_cny": "1"})
        await pilot.press("f10")
        await settle(pilot)
        assert "already exists" in str(app.screen.query_one("#f-po-error").render())


async def test_stale_edit_is_refused_and_typed_input_kept(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert form.values()["supplier"] == "Shenzhen Brightway Lighting Co."
        await fill(pilot, form, {"supplier": "Shenzhen Brightway Lighting Ltd."})
        # Someone else changes the case meanwhile.
        other = ws.load(PO).case.model_copy(update={"product": "LED desk lamp DL-41"})
        ws.transact(PO, lambda s: Change("case edited", "by a colleague", case=other))
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is form
        assert "was changed" in screen_text(app) or "was changed" in str(form.query_one("#form-message").render())
        assert form.values()["supplier"] == "Shenzhen Brightway Lighting Ltd."
        assert ws.load(PO).case.supplier == "Shenzhen Brightway Lighting Co."


async def test_keys_arriving_together_edit_the_supplier_in_the_order_typed(ws):
    # Issue #12: End, 12 backspaces, "1", "0" in one read (a slow SSH link) left the field
    # empty ("1" replaced the text selected on focus before End and the backspaces ran).
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("e")
        await settle(pilot)
        supplier = app.screen.query_one("#f-supplier")
        assert supplier.has_focus and supplier.value == "Shenzhen Brightway Lighting Co."
        post_together(app, ["end"] + ["backspace"] * 12 + ["1", "0"])
        await settle(pilot)
        assert supplier.value == "Shenzhen Brightway 10"


async def test_a_value_typed_right_after_tab_goes_to_the_next_field(ws):
    # Tab is the screen's binding: it moved the focus only once the Key had bubbled up to the
    # App, so a value that came with it (or while the screen was busy) went into the PO field.
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        post_together(app, [*"PO-1", "tab", *"Acme", "tab", *"Ms Li", "tab", *"Lamp"])
        await settle(pilot)
        values = app.screen.values()
        assert (values["po"], values["supplier"], values["supplier_contact"], values["product"]) == (
            "PO-1", "Acme", "Ms Li", "Lamp")


async def test_escape_asks_only_when_the_form_holds_input(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert type(app.screen).__name__ == "CasesScreen"
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"PO-X")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.values()["po"] == "PO-X"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert type(app.screen).__name__ == "CasesScreen"


async def test_quit_asks_when_a_form_holds_input(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"PO-X")
        await app.run_action("quit_app")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0


async def test_ctrl_q_in_a_form_asks_before_losing_what_was_typed(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"PO-X", "ctrl+q")  # q is a letter in a form: ctrl+q is the way out
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen" and app.is_running
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#f-po").value == "PO-X"  # kept
        app.action_quit()  # what the palette's "Quit" calls
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen" and app.is_running


@pytest.mark.parametrize("key", ["n", "e"])
async def test_every_field_hint_is_shown_whole_at_80x24(ws, key):
    from textual.widgets import Input

    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await (open_case(pilot) if key == "e" else settle(pilot))
        await pilot.press(key)
        await settle(pilot)
        cut = {i.id: (i.placeholder, i.content_region.width) for i in app.screen.query(Input)
               if i.placeholder and len(i.placeholder) >= i.content_region.width}
        assert cut == {}
