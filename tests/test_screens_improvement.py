"""The supplier screen at 80x24: `i` opens a small form that records a discontinued
supplier's improvement, as `casefile supplier-improvement` does, refusing the same input
with the same words (issue #13)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from app_support import screen_text
from screen_host import hosted, press
from screens.improvement_form import ImprovementForm
from screens.supplier import SupplierScreen
from test_cli_switching import SUPPLIER, lots
from tui.cli import main

FLAGS = {"reason": "--reason", "on": "--on"}


async def fill_and_save(app, pilot, reason: str, on: str | None = None) -> None:
    await press(pilot, "i")
    form = app.screen
    assert isinstance(form, ImprovementForm)
    form.query_one("#reason", Input).value = reason
    if on is not None:
        form.query_one("#on", Input).value = on
    await press(pilot, "f10")


async def test_i_records_the_improvement_and_the_supplier_goes_back_on_tightened(ws, pinned_clock):
    lots(ws, "RR" "RRRRR")
    async with hosted(SupplierScreen(ws, "HD-2600")) as (app, pilot):
        assert "Severity: discontinued since HD-2606 on 7 Oct" in screen_text(app)
        await fill_and_save(app, pilot, "new QC lead", "2026-11-03")
        assert isinstance(app.screen, SupplierScreen)
        text = screen_text(app)
        assert f"Severity: tightened since 3 Nov: improvement recorded by {ws.actor}" in text
        assert f"Improvement recorded 3 Nov 2026 by {ws.actor}: new QC lead" in text


def cli_words(ws, capsys, reason: str, on: str | None) -> tuple[str, str]:
    argv = ["--data", str(ws.root), "supplier-improvement", SUPPLIER, "--reason", reason]
    assert main(argv + (["--on", on] if on is not None else [])) == 2
    err = capsys.readouterr().err.strip().removeprefix("casefile: ")
    for name, flag in {**FLAGS, "supplier": "NAME"}.items():
        if err.startswith(f"{flag}: "):
            return name, err[len(flag) + 2:]
    return "form", err


@pytest.mark.parametrize("history, reason, on, words", [
    ("RR" "RRRR", "they say so", None, "is not discontinued on 2026-11-25 (tightened since HD-2601"),
    ("RR" "RRRRR", "", None, "say what the supplier did to improve"),
    ("RR" "RRRRR", "x", "3 Nov", "'3 Nov' is not a day; write it as YYYY-MM-DD"),
    ("RR" "RRRRR", "x", "2026-12-01", "2026-12-01 is after today (2026-11-25)"),
    ("RR" "RRRRR", "x", "2026-10-06", "is not discontinued on 2026-10-06"),
])
async def test_the_form_and_the_command_line_refuse_with_the_same_words(ws, pinned_clock, capsys,
                                                                       history, reason, on, words):
    lots(ws, history)
    field, cli = cli_words(ws, capsys, reason, on)
    assert words in cli
    async with hosted(SupplierScreen(ws, "HD-2600")) as (app, pilot):
        await fill_and_save(app, pilot, reason, on)
        form = app.screen
        assert isinstance(form, ImprovementForm)  # refused: the form stays with what was typed
        shown = {w.id.removesuffix("-error"): str(w.render()) for w in form.query(".error.shown")}
    hint = f" ({ImprovementForm.HINTS[field]})" if field in ImprovementForm.HINTS else ""
    assert shown == {field: f"⚠ {cli}{hint}"}
    assert not (ws.root / "improvements.json").exists()
