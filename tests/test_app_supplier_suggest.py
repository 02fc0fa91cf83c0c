"""Issue #13: the case form offers the workspace's suppliers, so one supplier does not become three."""

from __future__ import annotations

from app_support import screen_text, settle
from casefile.actions.supplier_merge import merge_suppliers
from casefile.actions.workspace import Workspace
from conftest import make_case
from screens.case_form import CaseFormScreen
from tui.app import create_app

NAME = "Shenzhen Brightway Lighting Co., Ltd."


async def new_case_form(pilot) -> CaseFormScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, CaseFormScreen)
    form.query_one("#f-supplier").focus()
    await settle(pilot)
    return form


async def test_another_spelling_of_a_known_supplier_is_named_under_the_field(tmp_path, pinned_clock):
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case("PO-1", supplier=NAME))
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_case_form(pilot)
        assert "same supplier as" not in screen_text(app)
        await pilot.press(*"shenzhen brightway lighting co ltd")
        await settle(pilot)
        assert f"same supplier as '{NAME}'" in screen_text(app)
        await pilot.press(*" two")  # another supplier now: the hint goes
        await settle(pilot)
        assert "same supplier as" not in screen_text(app)


async def test_right_arrow_takes_the_suggested_supplier(tmp_path, pinned_clock):
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case("PO-1", supplier=NAME))
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_case_form(pilot)
        await pilot.press(*"Shenz")
        await settle(pilot)
        assert "Shenzhen Brightway Lig" in screen_text(app)  # the rest shown as a suggestion
        await pilot.press("right")
        await settle(pilot)
        assert form.values()["supplier"] == NAME
        assert "same supplier as" not in screen_text(app)


ALIAS, INTO = "Guangda Lighting (Xiamen)", "Xiamen Guangda Lighting Co., Ltd."


async def test_after_a_merge_the_form_offers_the_merged_into_name_never_the_merged_away_one(tmp_path, pinned_clock):
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case("PO-1", supplier=ALIAS))
    ws.create(make_case("PO-2", supplier=INTO))
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_case_form(pilot)
        await pilot.press(*"Guangda L")
        await settle(pilot)
        assert "Guangda Lighting (Xiamen)" in screen_text(app)  # before the merge: offered
    merge_suppliers(ws, ALIAS, INTO, "one factory, two letterheads")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_case_form(pilot)
        await pilot.press(*"Guangda L")
        await settle(pilot)
        assert "(Xiamen)" not in screen_text(app)
        await pilot.press(*"ighting (Xiamen)")
        await settle(pilot)
        assert f"same supplier as '{INTO}'" in screen_text(app)
        form.query_one("#f-supplier").value = ""
        await pilot.press(*"Xiamen G")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        assert form.values()["supplier"] == INTO
