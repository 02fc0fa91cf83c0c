"""Case view, report reading, options and decision form: facts on screen, keys as the help says."""

from __future__ import annotations

import pytest

from app_support import FAILED, PASSING, PO, open_case, sample_workspace, screen_text, settle
from screens.help import key_rows
from tui.app import create_app


@pytest.fixture
def ws(tmp_path, pinned_clock):
    return sample_workspace(tmp_path / "ws")


async def test_case_view_shows_where_the_case_stands(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        text = screen_text(app)
        for fact in ("Case PO/2026/114 · Shenzhen Brightway", "3,000 units", "¥84,000.00", "¥58,800.00",
                     "LOCKED: major defects failed on 12 Nov", "r  Report", "o  Options", "p  Ledger"):
            assert fact in text, fact


@pytest.mark.parametrize("key, screen", [
    ("r", "ReportScreen"), ("o", "OptionsScreen"), ("e", "CaseFormScreen"),
    ("l", "CorrespondenceScreen"), ("p", "LedgerScreen"), ("dollar_sign", "LedgerScreen"), ("y", "HistoryScreen"),
])
async def test_case_view_keys_open_their_screens_and_escape_comes_back(ws, key, screen):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == screen
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseViewScreen"


async def test_report_screen_reads_the_failed_report(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        gauges = {g.defect_class: g for g in screen.query("ClassGauge")}
        assert (gauges["major"].found, gauges["major"].accept, gauges["major"].reject) == (23, 7, 8)
        assert "FAIL: 23 found, Ac 7 / Re 8, 16 over Ac - far over" in str(gauges["major"].render())
        assert "█" in str(gauges["major"].render()) and "│" in str(gauges["major"].render())
        text = screen_text(app)
        assert "FAILS" in text and "Projected major defective units in the lot: about 552" in text
        assert "colour off Pantone 286C" in text and "SYSTEMATIC" in text and "scattered" in text
        # each count with its share of the sample: either share can be what makes a type systematic
        assert "17 (13.6%)" in text and "9 (69.2%)" in text and "3 (23.1%)" in text
        await pilot.press("end")
        await settle(pilot)
        text = screen_text(app)
        assert "golden sample G1" in text and "1. Rework and re-inspect" in text


async def test_report_import_errors_name_the_field_and_nothing_is_stored(ws, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(FAILED.read_text().replace('"sample_size": 125', '"sample_size": "many"'))
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, "采购单-88")
        await pilot.press("r")
        await settle(pilot)
        assert "No report yet" in screen_text(app)
        await pilot.press("i")
        app.screen.query_one("#import-path").value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one("#import-error").render())
        assert error.startswith("Not imported") and "sample_size" in error
        assert ws.load("采购单-88").reports == []
        app.screen.query_one("#import-path").value = str(FAILED)
        await pilot.press("enter")
        await settle(pilot)
        assert len(ws.load("采购单-88").reports) == 1
        assert "FAILS" in screen_text(app)


async def test_report_screen_imports_an_inspectorio_sight_report_and_refuses_another_orders(ws, tmp_path):
    import json

    from reportkit import EXAMPLES

    sight = json.loads((EXAMPLES / "inspectorio-first-failed.json").read_text(encoding="utf-8"))
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, "采购单-88")
        await pilot.press("r", "i")
        app.screen.query_one("#import-path").value = str(EXAMPLES / "inspectorio-first-failed.json")
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one("#import-error").render())
        assert error.startswith("Not imported: Inspectorio Sight report")
        assert "po: the report is for order 'PO/2026/114', not '采购单-88'" in error
        assert ws.load("采购单-88").reports == []
        for key in ("poNumber", "pos"):
            del sight["data"]["inspectionGeneral"][key]
        mine = tmp_path / "sight.json"
        mine.write_text(json.dumps(sight), encoding="utf-8")
        app.screen.query_one("#import-path").value = str(mine)
        await pilot.press("enter")
        await settle(pilot)
        assert [r.source for r in ws.load("采购单-88").reports] == ["sight.json"]
        assert "FAILS" in screen_text(app)
        text = str(app.screen.query_one("#disagreements").render())
        assert "The report names the supplier 'Shenzhen Brightway Lighting Co.'; the case's supplier is " \
               "'Yiwu Bright Toys'" in text


async def test_brackets_step_between_reports(ws):
    from casefile.actions.import_report import import_report

    import_report(ws, PO, PASSING)
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "Report 2/2" in screen_text(app) and "PASSES" in screen_text(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "Report 1/2" in screen_text(app) and "FAILS" in screen_text(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "Report 2/2" in screen_text(app)


async def test_options_one_row_each_and_choosing_records_a_decision(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("o")
        await settle(pilot)
        text = screen_text(app)
        for word in ("Rework", "Sort", "Discount", "Replace", "Cancel", "YES #1", "required", "You pay", "NGN", "₦12,671,400.00"):
            assert word in text, text
        assert "Rework and re-inspect: FITS (#1)" in text and "15 days before the window closes" in text
        await pilot.press("down")
        await settle(pilot)
        assert "Sort and accept the good units" in screen_text(app)
        await pilot.press("up", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionFormScreen"
        app.screen.query_one("#deadline").value = "2026-11-01"  # in the past: refused beside the field
        await pilot.press("f10")
        await settle(pilot)
        assert "in the past" in str(app.screen.query_one("#deadline-error").render())
        assert ws.load(PO).decisions == []
        app.screen.query_one("#deadline").value = "2026-12-05"
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert type(app.screen).__name__ == "OptionsScreen"
        decision = ws.load(PO).decisions[-1]
        assert decision.option == "rework" and str(decision.deadline) == "2026-12-05"
        await settle(pilot)
        assert "✓ Rework" in screen_text(app) and "✓ In force: chosen 25 Nov 2026" in screen_text(app)


async def test_discount_is_refused_for_a_major_failure(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        assert "Negotiate a discount: does NOT fit" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert "only for minor defects" in screen_text(app)
        assert ws.load(PO).decisions == []


@pytest.mark.parametrize("key,name", [("o", "Options"), ("l", "Correspondence"), ("p", "Ledger"), ("y", "History")])
async def test_every_case_screen_names_the_case_as_the_others_do(ws, key, name):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert screen_text(app).splitlines()[0].startswith(f" {name} · {PO}")  # never "PO PO/2026/114"


async def test_help_lists_every_binding_of_the_screen_and_the_app(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 40)) as pilot:
        await open_case(pilot)
        view = app.screen
        await pilot.press("f1")
        await settle(pilot)
        text = str(app.screen.query_one("#help-text").render())
        for row in key_rows(view, {}) + key_rows(app, {}):
            assert row.keys in text and row.title in text and row.description in text, row
        assert "p, $" in text and "Ledger and balance gate" in text and "payments and the balance gate" in text
        assert "This screen: Case PO/" in text and "Where the cursor is, in the menu" in text
        assert "case.ledger" not in text and "app.quit" not in text and "CaseView" not in text
        assert "help quit" not in text and "Says which key quits" in text  # ctrl+c, in words, not Textual's action
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is view


async def test_the_palette_offers_no_second_help_and_writes_no_screenshot(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # F2 lists these beside the app's own commands: F1 is the help, and nothing writes files
        assert [c.title for c in app.get_system_commands(app.screen)] == ["Theme", "Quit"]


async def test_keymap_changes_the_key_and_the_help(ws):
    app = create_app(ws, keymap={"case.report": "R"})
    async with app.run_test(size=(80, 40)) as pilot:
        await open_case(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseViewScreen"
        await pilot.press("R")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReportScreen"
        await pilot.press("escape", "f1")
        await settle(pilot)
        line = next(l for l in str(app.screen.query_one("#help-text").render()).splitlines() if "Read the report" in l)
        assert line.split()[0] == "R"


async def test_too_small_terminal_says_so_and_recovers(ws):
    app = create_app(ws)
    async with app.run_test(size=(70, 20)) as pilot:
        await settle(pilot)
        assert "Casefile needs at least 80x24; this terminal is 70x20" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert type(app.screen).__name__ == "CasesScreen"


@pytest.mark.timeout(60)  # the bug was an endless resize loop: fail with a traceback, not hang
async def test_shrinking_and_growing_twice_keeps_the_open_screens_and_keys_answer(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("r")
        await settle(pilot)
        for small in ((70, 20), (79, 24)):
            await pilot.resize_terminal(*small)
            await settle(pilot)
            assert f"this terminal is {small[0]}x{small[1]}" in screen_text(app)
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            assert type(app.screen).__name__ == "ReportScreen"
            assert "The app's verdict: FAILS" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Case PO/2026/114 · Shenzhen Brightway" in screen_text(app)


async def test_change_by_another_process_shows_within_two_seconds(ws):
    from casefile.records.log_entry import EntryDraft
    from casefile.actions.note import append_entry
    from casefile.actions.workspace import Workspace

    app = create_app(ws, poll_interval=0.2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_case(pilot)
        assert "Deadline" not in screen_text(app)
        other = Workspace.open(ws.root)  # a second writer, as another process would be
        append_entry(other, PO, EntryDraft(direction="to-supplier", subject="Rework request", deadline="2026-12-05"))
        for _ in range(40):
            await pilot.pause(0.05)
            if "Deadline" in screen_text(app):
                break
        await settle(pilot)
        text = screen_text(app)
        assert "Deadline 5 Dec 2026: supplier reply" in text
        assert f"{PO} changed by {other.actor}: entry logged" in [n.message for n in app._notifications]
        assert "Case updated" in text  # the toast is on screen


async def test_idle_app_posts_nothing_until_a_case_changes(ws):
    from casefile.store.protocol import Change

    app = create_app(ws, poll_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        seen = []
        app.broadcast = seen.append  # every CaseChanged goes through here
        await pilot.pause(0.5)
        assert seen == [] and not app._notifications
        ws.transact(PO, lambda s: Change("case edited", "touch", case=s.case.model_copy(update={"product": "DL-41"})))
        for _ in range(20):
            await pilot.pause(0.05)
        assert [m.po for m in seen] == [PO]


async def test_palette_offers_the_case_actions(ws):
    from tui.palette import CaseCommands

    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        provider = CaseCommands(app.screen)
        titles = [title for title, _, _ in provider._commands()]
        assert f"{PO}: Read the report" in titles and f"{PO}: Ledger and balance gate" in titles
        assert "Open case Ord 77-B" in titles
        await pilot.press("f2")
        await settle(pilot)
        assert type(app.screen).__name__ == "CommandPalette"
        from textual.widgets import Input

        assert [i.cursor_blink for i in app.screen.query(Input)] == [False]  # no idle output
        await pilot.press(*"report")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReportScreen"


async def test_c_copies_the_case_summary_through_the_terminal(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard.startswith("Product   LED desk lamp DL-40")
        assert "LOCKED: major defects failed" in app.clipboard
