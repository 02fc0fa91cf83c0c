"""Paths like a shell, and a new case made from a report file (issue #11), at 80x24."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Input

from app_support import open_case, sample_workspace, screen_text, settle
from casefile.actions.workspace import Workspace
from screens.file_picker import FilePickerScreen
from screens.new_from_report import NewFromReportScreen
from screens.report import ReportScreen
from screens.widgets.path_input import Completion, PathInput, complete_path
from tui.app import create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A folder the app is started from, holding docs/examples/ with two reports."""
    folder = tmp_path / "here"
    (folder / "docs" / "examples").mkdir(parents=True)
    for name in ("report-first-failed.json", "report-reinspection-passed.json"):
        shutil.copy(EXAMPLES / name, folder / "docs" / "examples" / name)
    (folder / "notes.txt").write_text("x")
    monkeypatch.chdir(folder)
    monkeypatch.setattr(PathInput, "remembered", {})
    return folder


def test_tab_completes_to_the_common_start_and_lists_the_names_that_fit(here):
    assert complete_path("do", here).text == "docs/"
    assert complete_path("docs/e", here).text == "docs/examples/"
    several = complete_path("docs/examples/r", here)
    assert several.text == "docs/examples/report-"
    assert several.candidates == ("report-first-failed.json", "report-reinspection-passed.json")
    assert complete_path("docs/examples/report-f", here) == Completion("docs/examples/report-first-failed.json", ())
    assert complete_path("nothing-like-it", here) == Completion("nothing-like-it", ())
    assert complete_path(f"{here}/no", here).text == f"{here}/notes.txt"  # absolute paths too


async def press_each(pilot, *keys: str) -> None:
    for key in keys:  # tab completes in a worker: each key after the last one's answer
        await pilot.press(key)
        await settle(pilot)


async def test_the_import_prompt_completes_with_tab_and_keeps_a_refused_path(here, tmp_path):
    ws = sample_workspace(tmp_path / "ws")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await press_each(pilot, "i", "d", "o", "tab", "e", "tab", "r", "tab")
        field = app.screen.query_one("#import-path", Input)
        assert field.value == "docs/examples/report-"
        assert "report-first-failed.json  report-reinspection-passed.json" in screen_text(app)
        await press_each(pilot, "x", "enter")  # no such file: refused
        assert "Not imported" in screen_text(app)
        await press_each(pilot, "escape", "escape", "i")  # back to the case, and the prompt anew
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.query_one("#import-path", Input).value == "docs/examples/report-x"


async def test_f4_picks_the_file_from_a_folder_tree(here, tmp_path):
    ws = sample_workspace(tmp_path / "ws")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await press_each(pilot, "i", *"docs/examples/")
        await pilot.press("f4")
        await pilot.pause(0.3)
        assert isinstance(app.screen, FilePickerScreen)
        assert app.screen.folder == here / "docs" / "examples"
        # (the tree loads in a worker that never ends: pause, never wait for every worker)
        await pilot.press("down", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.query_one("#import-path", Input).value == str(here / "docs/examples/report-first-failed.json")


async def test_a_new_case_from_a_report_file_asks_only_for_the_money(here, tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "r to make one from a report file" in screen_text(app)
        await press_each(pilot, "r", "d", "o", "tab", "e", "tab", "r", "tab", "f", "tab")
        form = app.screen
        assert isinstance(form, NewFromReportScreen)
        assert form.query_one("#po", Input).value == "PO/2026/114"  # the report names its order
        assert "lot 3000" in screen_text(app)
        await press_each(pilot, "tab", *"84000", "tab", *"90000", "f10")
        # Refused: the deposit is over the order value, beside its field; nothing written.
        assert "more than the order value" in str(form.query_one("#deposit_cny-error").render())
        assert ws.list_cases().summaries == []
        form.query_one("#deposit_cny", Input).value = "25200"
        await press_each(pilot, "f10")
        assert app.screen.__class__.__name__ == "CaseViewScreen"
    state = ws.load("PO/2026/114")
    case = state.case
    assert (case.supplier, case.quantity, case.order_value_cny, case.deposit_cny) == (
        "Shenzhen Brightway Lighting Co.", 3000, Decimal("84000"), Decimal("25200"))
    assert [p.key for p in case.spec_points] == ["S1", "S2", "G1"] and case.spec_points[2].kind == "golden-sample"
    assert len(state.reports) == 1 and state.reports[0].source == "report-first-failed.json"


async def test_a_new_case_from_a_report_shows_every_missing_thing_at_once(here, tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    async with create_app(ws).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press_each(pilot, "r", "f10")
        form = pilot.app.screen
        for name, words in (("report", "type the path of the report file"), ("order_value_cny", "required"),
                            ("deposit_cny", "required")):
            assert words in str(form.query_one(f"#{name}-error").render()), name
