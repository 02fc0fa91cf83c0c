"""Exporting from the case view: the dossier and the evidence pack, at 80x24."""

from __future__ import annotations

import zipfile

import pytest
from textual.widgets import Input

from screen_host import assert_bindings_described, demo_copy, hosted, press
from screens.case_view import CaseViewScreen
from screens.confirm import ConfirmScreen
from screens.export_prompt import ExportPrompt
from screens.widgets.path_input import PathInput

PO = "PO/2026/133"


@pytest.fixture
def ws(tmp_path, tmp_path_factory):
    PathInput.remembered.clear()
    return demo_copy(tmp_path, tmp_path_factory)


def told(app) -> list[str]:
    return [n.message for n in app._notifications]


async def export_to(pilot, key: str, path) -> None:
    await press(pilot, key)
    assert isinstance(pilot.app.screen, ExportPrompt)
    pilot.app.screen.query_one(Input).value = str(path)
    await press(pilot, "enter")


async def test_the_dossier_then_replacing_it_once_asked(ws, tmp_path):
    out = tmp_path / "dossier.md"
    async with hosted(CaseViewScreen(ws, PO)) as (app, pilot):
        await export_to(pilot, "x", out)
        assert isinstance(app.screen, CaseViewScreen)
        assert told(app)[-1] == f"Dossier of {PO} written to {out}"
        assert PO in out.read_text()
        out.write_text("old")
        await export_to(pilot, "x", out)  # exists: asked first
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, ExportPrompt) and out.read_text() == "old"
        await press(pilot, "enter", "y")
        assert isinstance(app.screen, CaseViewScreen) and PO in out.read_text()


async def test_the_pack_refused_inside_the_workspace_in_the_cores_words(ws, tmp_path):
    async with hosted(CaseViewScreen(ws, PO)) as (app, pilot):
        await export_to(pilot, "k", ws.root / "pack.zip")
        error = app.screen.query_one("#export-error").render().plain
        assert "Not written: path:" in error  # the core names the field it refuses and "is inside the workspace" in error
        assert not (ws.root / "pack.zip").exists()
        app.screen.query_one(Input).value = str(tmp_path / "pack.zip")
        await press(pilot, "enter")
        assert told(app)[-1] == f"Evidence pack of {PO} written to {tmp_path / 'pack.zip'}"
    assert "MANIFEST.sha256" in zipfile.ZipFile(tmp_path / "pack.zip").namelist()


def test_every_binding_has_a_description():
    assert_bindings_described(CaseViewScreen, ExportPrompt)
