"""A supplier contact (issue #12): letters open "Dear <contact>," when one is kept, else
"Dear <supplier>," as before; case files written before the field read with it empty."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app_support import settle
from casefile.actions.workspace import Workspace
from casefile.rules.letters import draft
from gate_support import MAJOR_FAIL, add_report
from screens.case_form import CaseFormScreen
from tui.app import create_app
from tui.cli import main

PO = "PO/2026/114"
CONTACT = "Ms Chen Li"


@pytest.fixture
def failed(ws, case, pinned_clock):
    ws.create(case)
    add_report(ws, PO, date(2026, 11, 12), MAJOR_FAIL)
    return ws


def run(ws, capsys, *argv):
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_letter_opens_with_the_contact_and_without_one_with_the_supplier(failed, case):
    assert draft(failed.load(PO), "rework", deadline="2026-12-03").body.startswith(f"Dear {case.supplier},\n")
    failed.create(case.model_copy(update={"po": "PO-2", "supplier_contact": CONTACT}))
    add_report(failed, "PO-2", date(2026, 11, 12), MAJOR_FAIL)
    assert draft(failed.load("PO-2"), "cancel", deadline="2026-12-10").body.startswith(f"Dear {CONTACT},\n")


def test_cli_edit_records_the_contact_and_draft_addresses_it(failed, case, capsys):
    code, _, err = run(failed, capsys, "edit", PO, "--supplier-contact", CONTACT)
    assert code == 0, err
    assert failed.load(PO).history[-1].detail == f"supplier contact: (none) → {CONTACT}"
    code, out, _ = run(failed, capsys, "draft", PO, "--template", "rework", "--deadline", "2026-12-03")
    assert code == 0 and f"Dear {CONTACT}," in out and f"Dear {case.supplier}," not in out


def test_cli_new_keeps_the_contact(ws, capsys):
    code, _, err = run(ws, capsys, "new", "PO-NEW", "--supplier", "Xiamen Guangda Lighting", "--supplier-contact",
                       f"  {CONTACT} ", "--product", "Lamp", "--quantity", "100", "--order-value-cny", "1000",
                       "--deposit-cny", "300")
    assert code == 0, err
    assert ws.load("PO-NEW").case.supplier_contact == CONTACT


def test_a_case_file_written_before_the_field_reads_and_letters_name_the_supplier(failed, case):
    path = failed.case_path(PO)
    tables = json.loads(path.read_text(encoding="utf-8"))
    del tables["case"]["1"]["supplier_contact"]
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    state = Workspace.open(failed.root).load(PO)
    assert state.case.supplier_contact == ""
    assert draft(state, "rework", deadline="2026-12-03").body.startswith(f"Dear {case.supplier},\n")


async def test_the_case_form_saves_the_contact(ws, pinned_clock):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        for name, value in {"po": "PO-NEW", "supplier": "Xiamen Guangda Lighting", "supplier_contact": CONTACT,
                            "product": "Lamp", "quantity": "100", "order_value_cny": "1000",
                            "deposit_cny": "300"}.items():
            form._set(name, value)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseViewScreen"
    assert ws.load("PO-NEW").case.supplier_contact == CONTACT
