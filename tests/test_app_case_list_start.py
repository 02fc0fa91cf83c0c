"""A case list longer than a screen (issue 12): its first rows are painted from the index
entries they show, each validated and its case file's stamp checked, before every case is
listed; then every case is there, and what the index got wrong is reported and shown from
the case files, as when the whole list was read first."""

from __future__ import annotations

import json
import os
import threading

import pytest

from app_support import screen_text, settle
from casefile.actions.workspace import Workspace
from conftest import make_case
from screens.widgets.row_fill import FIRST_ROWS
from tui.app import create_app

N = FIRST_ROWS + 10
POS = [f"PO/2026/{i:03d}" for i in range(N)]
COUNTING = f"{N} cases · counting what is held and overdue…"


def long_workspace(root) -> Workspace:
    ws = Workspace.open(root)
    for po in POS:
        ws.create(make_case(po))
    return ws


def hold_full_list(app) -> threading.Event:
    """The app lists every case only once the event is set: till then the screen shows what
    it painted first."""
    release = threading.Event()
    read = app.list_cases

    def held():
        release.wait(20)
        return read()

    app.list_cases = held
    return release


def edit_entry(ws: Workspace, po: str, **fields) -> None:
    """Change `po`'s index entry as a hand edit or a bad copy would, leaving its stamp."""
    shard = ws.index.shard_path(po)
    docs = json.loads(shard.read_text(encoding="utf-8"))
    docs[po].update(fields)
    shard.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")


def table_lines(text: str) -> list[str]:
    """The screen but its status line, and the scrollbar (its thumb shrinks as rows come)."""
    return [line[:-2] for line in text.splitlines() if " cases" not in line]


async def test_the_first_rows_show_at_once_then_every_case_is_there(tmp_path, pinned_clock):
    app = create_app(long_workspace(tmp_path / "ws"))
    release = hold_full_list(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, table = app.screen, app.screen.query_one("#cases")
        first = screen_text(app)
        assert COUNTING in first
        assert [s.po for s in screen.shown] == POS[:FIRST_ROWS] and table.row_count == FIRST_ROWS
        assert "PO/2026/000" in first and "Shenzhen Bri" in first and "¥58,800" in first
        await pilot.press("down", "down")  # keys work while the rest is counted
        await pilot.pause()
        before = screen_text(app)
        release.set()
        await settle(pilot)
        text = screen_text(app)
        assert f"{N} cases · held ¥" in text and "counting" not in text
        assert [s.po for s in screen.shown] == POS and table.row_count == N
        assert screen.current_po() == "PO/2026/002"  # the cursor stayed on its case
        assert table_lines(text) == table_lines(before)  # the rows painted first were the list's own


@pytest.mark.parametrize("po", [POS[0], POS[-1]], ids=["on the first screen", "beyond it"])
async def test_a_bad_index_entry_is_reported_and_its_case_read_from_its_file(tmp_path, pinned_clock, po):
    ws = long_workspace(tmp_path / "ws")
    edit_entry(ws, po, held_cny=58800.5, supplier="From the bad entry")  # a float: refused
    app = create_app(ws)
    release = hold_full_list(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        first = screen_text(app)
        assert "From the bad entry" not in first
        # beyond the first screen, the first rows are painted before the bad entry is read
        assert (COUNTING in first) == (po != POS[0])
        release.set()
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any(n.startswith("the case list index could not be used in 1 place") and repr(po) in n
                   for n in notices), notices
        shown = {s.po: s for s in app.screen.shown}
        assert len(shown) == N and shown[po].supplier == "Shenzhen Brightway Lighting Co."
        assert "From the bad entry" not in screen_text(app)


async def test_a_stale_entry_shows_what_its_case_file_says(tmp_path, pinned_clock):
    ws = long_workspace(tmp_path / "ws")
    for po in (POS[0], POS[-1]):
        edit_entry(ws, po, supplier="Stale Name Co.")
        st = os.stat(ws.case_path(po))  # the file written since its entry was made
        os.utime(ws.case_path(po), ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    app = create_app(ws)
    release = hold_full_list(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Stale Name" not in screen_text(app)  # not even on the first paint
        release.set()
        await settle(pilot)
        text = screen_text(app)
        assert "Stale Name" not in text
        assert "Shenzhen Bri" in next(line for line in text.splitlines() if "PO/2026/000" in line)
        assert all(s.supplier == "Shenzhen Brightway Lighting Co." for s in app.screen.shown)
        assert len(app.screen.shown) == N


async def test_a_stale_entry_beyond_the_first_screen_is_shown_from_its_file_once_counted(tmp_path, pinned_clock):
    ws = long_workspace(tmp_path / "ws")
    edit_entry(ws, POS[-1], supplier="Stale Name Co.")
    st = os.stat(ws.case_path(POS[-1]))
    os.utime(ws.case_path(POS[-1]), ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    app = create_app(ws)
    release = hold_full_list(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert COUNTING in screen_text(app)
        release.set()
        await settle(pilot)
        assert app.screen.shown[-1].po == POS[-1]
        assert app.screen.shown[-1].supplier == "Shenzhen Brightway Lighting Co."


async def test_a_case_missing_from_the_index_is_in_the_first_paint(tmp_path, pinned_clock):
    ws = long_workspace(tmp_path / "ws")
    shard = ws.index.shard_path(POS[0])
    docs = json.loads(shard.read_text(encoding="utf-8"))
    del docs[POS[0]]  # as after a write whose index update failed
    shard.write_text(json.dumps(docs), encoding="utf-8")
    app = create_app(ws)
    release = hold_full_list(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "counting" not in text and "PO/2026/001" not in text  # no first screenful without it
        release.set()
        await settle(pilot)
        assert app.screen.shown[0].po == POS[0] and len(app.screen.shown) == N
