"""Issue #11: importing a report whose points the case lacks offers, in the app, to add them
(recorded in the history) instead of refusing without a way on; no adds nothing, at 80x24."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from app_support import PO, open_report, sample_workspace, settle
from reportkit import FIRST_FAILED as EXAMPLE
from screens.confirm import ConfirmScreen
from screens.widgets.path_input import PathInput
from tui.app import create_app


def report_with_a_new_point(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text())
    data["date"] = "2026-11-20"
    data["kind"] = "re-inspection"
    data["spec_checks"].append({"point": "S9", "result": "conforms", "note": "carton drop test 80 cm"})
    path = tmp_path / "with-s9.json"
    path.write_text(json.dumps(data))
    return path


async def import_it(pilot, screen, path: Path) -> None:
    await pilot.press("i")
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_report_with_points_the_case_lacks_offers_to_add_them(tmp_path, monkeypatch, pinned_clock):
    monkeypatch.setattr(PathInput, "remembered", {})
    ws = sample_workspace(tmp_path / "ws")
    path = report_with_a_new_point(tmp_path)
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)

        await import_it(pilot, screen, path)
        assert isinstance(app.screen, ConfirmScreen)  # asked, not just refused
        await pilot.press("n")
        await settle(pilot)
        assert len(ws.load(PO).reports) == 1 and "S9" not in [p.key for p in ws.load(PO).case.spec_points]

        await import_it(pilot, screen, path)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        state = ws.load(PO)
        assert len(state.reports) == 2
        assert ("S9", "carton drop test 80 cm") in [(p.key, p.text) for p in state.case.spec_points]
        assert any("added from report" in (e.reason or "") for e in state.history)
