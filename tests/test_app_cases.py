"""The case list: facts on screen, overdue rows marked, filter, sort, new, open."""

from __future__ import annotations

import json

import pytest

from app_support import PO, sample_workspace, screen_text, settle
from screen_host import assert_bindings_described
from screens.check_screen import CheckScreen
from tui.app import create_app


@pytest.fixture
def app(tmp_path, pinned_clock):
    return create_app(sample_workspace(tmp_path / "ws"), poll_interval=0.2)


async def test_every_case_with_status_money_and_deadline(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "3 cases" in text
        for fact in (PO, "Shenzhen Bri", "failed", "¥58,800", "采购单-88", "awaiting inspection"):
            assert fact in text, text
        # The overdue supplier reply (due 20 Nov, today is 25 Nov) is marked, not only coloured.
        row = next(line for line in text.splitlines() if "Ord 77-B" in line)
        assert "! Ord 77-B" in row and "overdue" in row and "20 Nov" in row
        assert "1 overdue (marked !)" in text


async def test_filter_as_you_type_and_escape_clears(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ningbo")
        await settle(pilot)
        text = screen_text(app)
        assert "1 of 3 cases" in text and "Ord 77-B" in text and PO not in text
        await pilot.press("escape")
        await settle(pilot)
        assert "3 cases" in screen_text(app)
        assert app.screen.query_one("#filter").value == ""


async def test_sort_cycles_po_deadline_held(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert [s.po for s in screen.shown][0] == "Ord 77-B"
        await pilot.press("s")
        assert "sorted by deadline" in screen_text(app)
        assert screen.shown[0].po == "Ord 77-B"  # the only deadline comes first
        await pilot.press("s")
        assert "sorted by held" in screen_text(app)
        assert screen.shown[0].po == "Ord 77-B"  # ¥84,000 balance held is the most
        await pilot.press("s")
        assert "sorted by PO" in screen_text(app)


async def test_enter_opens_the_case_and_n_opens_the_form(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseViewScreen" and app.screen.po == PO
        await pilot.press("escape", "n")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseFormScreen"


async def test_ten_thousand_rows_paint_first_then_fill(tmp_path, pinned_clock):
    from casefile.records.case_summary import CaseSummary

    app = create_app(sample_workspace(tmp_path / "ws"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.summaries = [CaseSummary(file=f"f{i}", po=f"PO-{i:05d}", supplier="S", phase="failed",
                                        phase_text="inspection failed") for i in range(10_000)]
        screen.refill()
        table = screen.query_one("#cases")
        assert table.row_count == 60  # the first screenful at once
        for _ in range(100):
            await pilot.pause(0.05)
            if table.row_count == 10_000:
                break
        assert table.row_count == 10_000


async def test_an_unreadable_case_file_is_listed_with_the_reason(tmp_path, pinned_clock):
    ws = sample_workspace(tmp_path / "ws")
    path = ws.case_path("Ord 77-B")
    path.write_bytes(b"")  # truncated to nothing
    for shard in ws.index_dir.glob("*.json"):  # as if the index never knew it
        shard.unlink()
    app = create_app(ws)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "unreadable: is empty (0 bytes)" in text
        assert PO in text  # the other cases still open


async def test_opening_an_unreadable_case_says_why(tmp_path, pinned_clock):
    ws = sample_workspace(tmp_path / "ws")
    ws.case_path(PO).write_bytes(b"{not json")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        assert "is not valid JSON" in screen_text(app) and "left untouched" in screen_text(app)


async def test_the_highlighted_case_status_is_shown_whole(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        assert "Ord 77-B: overdue: supplier reply (due 20 Nov, 5d ago)" in screen_text(app)
        await pilot.press("down")
        await settle(pilot)
        assert f"{PO}: failed" in screen_text(app)


async def test_check_says_nothing_found_then_names_a_file_changed_by_hand(tmp_path, pinned_clock):
    ws = sample_workspace(tmp_path / "ws")
    app = create_app(ws, poll_interval=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen)
        text = screen_text(app)
        assert "checked 3 case file(s): 0 unreadable, 0 changed outside Casefile" in text and "Check done." in text
        await pilot.press("escape")
        path = ws.case_path(PO)
        tables = json.loads(path.read_bytes())
        tables["reports"]["1"]["classes"][1].update(found=0)
        path.write_bytes(json.dumps(tables, ensure_ascii=False).encode())
        await pilot.press("c")
        await settle(pilot)
        found = app.screen.query_one("#check-found").render().plain
        assert f"TAMPERED PO {PO} (" in found and "was changed outside Casefile" in found
        assert "casefile check --accept PO --reason TEXT" in found


def test_the_check_says_how_far_it_has_got(tmp_path, pinned_clock):
    seen = []
    result = sample_workspace(tmp_path / "ws").check(progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)] and result.checked == 3


def test_the_check_keys_are_described():
    assert_bindings_described(CheckScreen)
