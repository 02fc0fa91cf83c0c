"""Every screen of a case whose every name is markup, at 80x24: nothing crashes, the
text shows verbatim, and no terminal control from a shard, a file name or an imported
file reaches the screen. A colleague changing such a case crashes no other app."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app_support import open_report, screen_text, settle
from casefile.actions.import_report import import_report
from casefile.actions.note import append_entry
from casefile.actions.pay import PaymentDraft, record_payment, record_quote
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft
from casefile.records.payment import RateQuote
from casefile.store.protocol import Change
from conftest import make_case
from reportkit import example
from tui.app import create_app

pytest_plugins = ["figures"]

PO = "PO#12 [/b] [i]"
SUPPLIER = "ACME [/] Ltd [b]"
PRODUCT = "[link=http://x]Lamp[/link] [/]"
COMPANY = "[/] Inspect [b]"
DEFECT = "[/]scratch [bold]"
SUBJECT = "[/] rework [b]"
BODY = "[link=http://evil]click[/link]\n[/] and $variable [@click=app.quit]x[/]"
METHOD = "[/]Alipay"
ESCAPES = ("\x1b", "\u009b", "\x07")
_screens: list[str] = []


@pytest.fixture
def ws(tmp_path, pinned_clock) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case(
        PO, supplier=SUPPLIER, product=PRODUCT, golden_sample_ref="[b]GS",
        spec_points=[{"key": "S1", "text": "[b]colour[/] 286C", "kind": "spec"},
                     {"key": "S2", "text": "weight [/]", "kind": "spec"},
                     {"key": "G1", "text": "[/]switch [i]", "kind": "golden-sample"}],
    ))
    data = example()
    data.pop("po")  # the example's own order; this case has a hostile PO of its own
    data.update(company=COMPANY, inspector="[i]Wang[/]", note="[/]")
    data["findings"][0]["defect_type"] = DEFECT
    data["spec_checks"][0]["note"] = "[/] reads 285C"
    report = Path(ws.root.parent) / "hostile-report.json"
    report.write_text(json.dumps(data), encoding="utf-8")
    import_report(ws, PO, report)
    append_entry(ws, PO, EntryDraft(direction="from-supplier", subject=SUBJECT, body=BODY, written_agreement=True,
                                    deadline=date(2026, 12, 3), references=["[/]ref"]))
    record_quote(ws, PO, RateQuote(rate="215.5", quoted_by="[/]FX desk", expires_at="2026-12-01",
                                   recorded_by="[b]me", source="[/]"))
    record_payment(ws, PO, PaymentDraft(kind="deposit", cny="25200.00", rate="215.5", receipt="[b]R-1",
                                        method=METHOD, note="[/]", quoted_by="[/]FX"))
    return ws


def clean(app) -> str:
    text = screen_text(app)
    assert not any(ch in text for ch in ESCAPES)
    return text


async def visit(pilot, key: str, screen: str, *verbatim: str) -> str:
    await pilot.press(key)
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == screen
    text = clean(pilot.app)
    for words in verbatim:
        assert words in text, (screen, words, text)
    _screens.append(screen)
    return text


async def test_every_screen_shows_markup_in_names_verbatim(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert PO in clean(app)  # the case list
        await visit(pilot, "enter", "CaseViewScreen", f"Case {PO} · {SUPPLIER}", PRODUCT, COMPANY)
        await visit(pilot, "r", "ReportScreen", COMPANY, "[i]Wang[/]")
        # the findings and the points at the top of the view (the Evidence section follows them)
        app.screen.query_one("#report-body").scroll_to_widget(app.screen.query_one("#findings"), top=True,
                                                              animate=False)
        await settle(pilot)
        text = clean(app)
        assert DEFECT in text and "[/] reads 285C" in text and "[b]colour[/] 286C" in text
        await visit(pilot, "escape", "CaseViewScreen")
        await visit(pilot, "o", "OptionsScreen")
        await visit(pilot, "down", "OptionsScreen")
        await visit(pilot, "down", "OptionsScreen", "Negotiate a discount")
        await visit(pilot, "enter", "DecisionFormScreen")
        await pilot.click("#agreement_entry_id")
        await settle(pilot)
        assert SUBJECT in clean(app)  # the written agreement offered in the list
        await pilot.press("escape")  # the list of agreements
        await settle(pilot)
        await visit(pilot, "escape", "OptionsScreen")
        await visit(pilot, "escape", "CaseViewScreen")
        await visit(pilot, "l", "CorrespondenceScreen", SUBJECT, "[link=http://evil]click[/link]", "[/]ref")
        await visit(pilot, "x", "ComposerScreen", f"Corrects: {SUBJECT}")
        await visit(pilot, "escape", "CorrespondenceScreen")
        await visit(pilot, "c", "CorrespondenceScreen", "copied")
        assert app.clipboard.startswith(SUBJECT)
        await visit(pilot, "escape", "CaseViewScreen")
        await visit(pilot, "p", "LedgerScreen", "[b]R-1")
        table = app.screen.query_one("DataTable")
        assert METHOD in [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]  # off to the right
        await visit(pilot, "p", "PaymentForm")
        await visit(pilot, "escape", "LedgerScreen")
        await visit(pilot, "escape", "CaseViewScreen")
        await visit(pilot, "y", "HistoryScreen", SUPPLIER)
        await visit(pilot, "escape", "CaseViewScreen")
        await visit(pilot, "e", "CaseFormScreen")
        assert app.screen.query_one("#f-supplier").value == SUPPLIER
        await visit(pilot, "escape", "CaseViewScreen")
        await visit(pilot, "c", "CaseViewScreen", "copied")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"PO#12")
        await settle(pilot, 0.3)
        assert f"Open case {PO}" in clean(app) or f"{PO}: Read the report" in clean(app)
        _screens.append("CommandPalette")
        await pilot.press("escape")
        await settle(pilot)


async def test_a_colleagues_change_to_such_a_case_is_announced_verbatim(ws):
    app = create_app(ws, poll_interval=0.05)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        other = Workspace.open(ws.root)  # a colleague's app or command, another process
        other.transact(PO, lambda s: Change("case edited", "[/]", case=s.case.model_copy(update={"product": "[b]New"})))
        for _ in range(40):
            await pilot.pause(0.05)
            if "[b]New" in screen_text(app):
                break
        await settle(pilot)
        assert "[b]New" in clean(app)
        assert f"{PO} changed by {other.actor}: case edited" in [n.message for n in app._notifications]
        assert all(not n.markup for n in app._notifications)
        _screens.append("watcher notification")


def plant_shard_attack(ws: Workspace) -> None:
    for shard in ws.index_dir.glob("*.json"):
        docs = json.loads(shard.read_bytes())
        for doc in docs.values():
            doc["supplier"] = "Evil\x1b]52;c;cm0gLXJm\x07\x1b[2J"
        shard.write_text(json.dumps(docs), encoding="utf-8")


async def test_a_shard_or_file_name_with_terminal_controls_never_reaches_the_screen(ws):
    plant_shard_attack(ws)
    (ws.cases_dir / "x\x1b[2J\u009b.json").write_bytes(b"{}")
    app = create_app(ws)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        text = clean(app)
        assert SUPPLIER[:10] in text  # read from the case file, not the shard
        assert "(x\\u001b[2J\\u009b)" in text  # the unreadable file, named in visible escapes
        assert any("index" in n.message and "rebuild-index" in n.message for n in app._notifications)
        _screens.append("case list with a hostile shard and file name")


async def test_a_file_name_with_terminal_controls_completed_into_a_path_field_is_shown_as_marks(ws, tmp_path):
    (tmp_path / "report\x1b[2J\u009b.json").write_text("{}", encoding="utf-8")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot, PO)
        await pilot.press("i")
        field = app.screen.query_one("#import-path")
        field.value = f"{tmp_path}/rep"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        await settle(pilot)
        assert field.value == f"{tmp_path}/report\x1b[2J\u009b.json"  # the real name, to open
        assert "report␛[2J�.json" in clean(app)  # shown, one mark a character, never sent
    _screens.append("path field completed from a hostile file name")


async def test_the_file_picker_shows_names_as_written_and_never_a_terminal_control(ws, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a\x1b[31mred.pdf", "b[bold]x.pdf"):
        (folder / name).write_bytes(b"%PDF")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot, PO)
        await pilot.press("i")
        app.screen.query_one("#import-path").value = f"{folder}/"
        await pilot.press("f4")
        await pilot.pause(0.3)  # the tree loads in a worker that never ends (tests/test_app_paths.py)
        text = clean(app)
        assert "a\\u001b[31mred.pdf" in text and "b[bold]x.pdf" in text
    _screens.append("file picker over hostile file names")


@pytest.mark.parametrize("make", ["fifo", "folder", "huge", "device", "deep", "escape-key", "nul"])
async def test_any_import_error_shows_in_place_and_the_app_stays_up(ws, tmp_path, make):
    import os

    path = tmp_path / "bad.json"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "folder":
        path.mkdir()
    elif make == "huge":
        path.write_bytes(b" " * 5_000_001)
    elif make == "device":
        path = Path("/dev/zero")
    elif make == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000)
    elif make == "escape-key":
        data = example()
        data["\x1b]52;c;cm0=\x07"] = 1
        path.write_text(json.dumps(data), encoding="utf-8")
    typed = f"{path}\x00" if make == "nul" else str(path)
    before = ws.case_path(PO).read_bytes()
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot, PO)
        await pilot.press("i")
        app.screen.query_one("#import-path").value = typed
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReportScreen" and app.is_running
        error = str(app.screen.query_one("#import-error").render())
        assert error.startswith("Not imported") and not any(ch in error for ch in ESCAPES), error
        clean(app)
    assert ws.case_path(PO).read_bytes() == before
    _screens.append(f"import error: {make}")


def test_hostile_text_figure(figure):
    """Runs last in file order and states the figure."""
    if _screens:
        figure(f"hostile text in the app: {len(_screens)} screens, notifications and import errors visited "
               "with markup and terminal controls in every name; 0 crashes, 0 controls on screen")
