"""The report screen lists the files attached to the report shown, and `a` attaches one
from the same path prompt as `i` (issue #11), at 80x24."""

from __future__ import annotations


from textual.widgets import Input

from app_support import PO, open_report, sample_workspace, settle
from reportkit import FIRST_FAILED as EXAMPLE
from screens.widgets.path_input import PathInput
from tui.app import create_app


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_a_file_attached_to_the_report_is_listed_and_a_missing_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(PathInput, "remembered", {})
    ws = sample_workspace(tmp_path / "ws")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        assert "No file attached to this report" in shown(screen, "#evidence")

        await pilot.press("a")
        field = screen.query_one("#import-path", Input)
        assert field.has_focus
        field.value = str(tmp_path / "no-such-file.pdf")
        await pilot.press("enter")
        await settle(pilot)
        refusal = shown(screen, "#import-error")
        assert refusal.startswith("Not attached: ") and "no-such-file.pdf" in refusal
        assert "Traceback" not in refusal and "Errno" not in refusal
        assert ws.load(PO).attachments == []

        field.value = str(EXAMPLE)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#import-bar").has_class("hidden")
        listed = shown(screen, "#evidence")
        assert f"report-first-failed.json  {EXAMPLE.stat().st_size:,} bytes" in listed

    state = ws.load(PO)
    [attachment] = state.attachments
    assert attachment.report_id == screen.reading.report.id and attachment.size == EXAMPLE.stat().st_size
