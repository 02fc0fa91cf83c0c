"""The report form (issue #11): a report typed from the PDF's summary page is recorded by
the one core function `casefile report` calls, so it reads exactly as the imported file,
and is refused in the import's words, every problem beside its field at once."""

from __future__ import annotations

import pytest

from app_support import screen_text, settle
from casefile.actions.import_report import import_report
from casefile.actions.workspace import Workspace
from casefile.rules.diagnosis import diagnose_in_case
from conftest import make_case
from reportkit import FIRST_FAILED
from screens.confirm import ConfirmScreen
from screens.report import ReportScreen
from screens.report_form import ReportFormScreen
from test_report_entry import judged
from textual.widgets import Select
from tui.app import create_app

PO = "PO/2026/114"
# docs/examples/report-first-failed.json's summary page, as typed into the form
TYPED = {"date": "2026-11-20", "company": "Asia Quality Inspections Ltd.", "inspector": "Wang Lei",
         "cartons": "13", "found-critical": "0", "found-major": "23", "found-minor": "6",
         "finding-0-type": "scratched lamp shade", "finding-0-units": "14", "finding-0-cartons": "9",
         "finding-1-type": "loose switch", "finding-1-units": "9", "finding-1-cartons": "3",
         "finding-2-type": "smudged rating label", "finding-2-units": "6", "finding-2-cartons": "2"}
CHOSEN = {"finding-2-class": "minor", "point-0": "does-not", "point-1": "conforms", "point-2": "does-not",
          "verdict": "fail"}


@pytest.fixture
def ws(tmp_path, pinned_clock) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case(PO))
    return ws


async def open_form(pilot) -> ReportFormScreen:
    """From the case view, with its key: the form opens over the report screen."""
    await settle(pilot)
    pilot.app.open_case(PO)
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ReportFormScreen)
    return form


async def type_in(pilot, form: ReportFormScreen, typed: dict[str, str], chosen: dict[str, str]) -> None:
    for name, text in typed.items():
        form.query_one(f"#{name}").value = text
    for name, value in chosen.items():
        form.query_one(f"#{name}", Select).value = value
    await settle(pilot)


def reading(ws: Workspace):
    state = ws.load(PO)
    report = state.reports[0]
    d = diagnose_in_case(state, report)
    return judged(report), (d.passed, d.summary, [(c.defect_class, c.found, c.accept, c.reject, c.band)
                                                  for c in d.classes], d.disagreements, [o.option for o in d.conclusion])


async def test_a_failing_report_typed_in_reads_as_the_imported_file(ws, tmp_path):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        assert form.query_one("#lot").value == "3000" and form.query_one("#sample").value == "125"
        await type_in(pilot, form, TYPED, CHOSEN)
        gauge = str(form.query_one("#gauge-major").render())
        assert "FAIL: 23 found, Ac 7 / Re 8, 16 over Ac - far over" in gauge  # live, before saving
        assert "PASS: 6 found, Ac 10 / Re 11" in str(form.query_one("#gauge-minor").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        text = screen_text(app)
        assert "The app's verdict: FAILS" in text and "first 20 Nov 2026" in text

    imported = Workspace.open(tmp_path / "imported")
    imported.create(make_case(PO))
    import_report(imported, PO, FIRST_FAILED)
    assert ws.load(PO).reports[0].source == "typed in"
    assert reading(ws) == reading(imported)


async def test_bad_input_shows_every_error_at_once_and_writes_nothing(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await type_in(pilot, form, {**TYPED, "date": "2026-12-01", "lot": "100", "found-major": "126",
                                    "finding-1-units": "nine", "company": ""}, CHOSEN)
        await type_in(pilot, form, {"sample": "125"}, {})  # typed over the plan's n for 100
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        errors = {name: str(form.query_one(f"#{name}-error").render())
                  for name in ("date", "sample", "found-major", "finding-1", "form")}
        assert "2026-12-01 is in the future (today is 2026-11-25)" in errors["date"]
        assert "125 units sampled from a lot of 100; the sample is at most the lot" in errors["sample"]
        assert "126 defects is more than the sample of 125" in errors["found-major"]
        assert "units: expected a whole number such as 125, got 'nine'" in errors["finding-1"]
        assert "is empty; write it as the report gives it" in str(form.query_one("#company-error").render())
        assert errors["form"] == ""  # nothing left over, nothing in pydantic's words
        assert all(form.query_one(f"#{n}-error").has_class("shown") for n in ("date", "sample", "found-major", "finding-1"))
        assert ws.load(PO).reports == []


async def test_the_sample_size_follows_the_lot_until_one_is_typed(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        lot = form.query_one("#lot")
        for typed, plan in (("500", "50"), ("1,200", "80"), ("35000", "315"), ("ten", "315")):
            lot.value = typed
            await settle(pilot)
            assert form.query_one("#sample").value == plan, typed
        assert "type the lot as a whole number" in str(form.query_one("#plan").render())
        form.query_one("#level", Select).value = "I"
        lot.value = "3000"
        await settle(pilot)
        assert form.query_one("#sample").value == "50"  # level I, code letter H
        form.query_one("#sample").value = "200"
        lot.value = "5000"
        await settle(pilot)
        assert form.query_one("#sample").value == "200"  # what the user typed stays


async def test_the_report_screen_offers_the_form_when_there_is_no_report(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "or n to type it in" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ReportFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)


async def test_escape_asks_before_throwing_away_a_choice_made_in_a_list(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#verdict", Select).focus()
        await pilot.press("enter", "down", "down", "enter")  # the inspector's verdict: fail
        await settle(pilot)
        assert form.query_one("#verdict", Select).value == "fail"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert app.screen is form and form.query_one("#verdict", Select).value == "fail"

