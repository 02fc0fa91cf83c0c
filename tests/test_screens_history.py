"""The history screen: who did what, when, newest first, live."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from app_support import screen_text, settle
from casefile.actions.note import append_entry
from casefile.records.log_entry import EntryDraft
from screen_host import demo_copy, hosted, press
from screens.history import HistoryScreen
from screens.messages import CaseChanged

PO = "PO/2026/114"


@pytest.fixture
def ws(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory)


def column(app, n: int) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[n]) for i in range(table.row_count)]


async def test_every_event_newest_first_with_who_and_when(ws):
    async with hosted(HistoryScreen(ws, PO)) as (app, pilot):
        history = ws.load(PO).history
        assert column(app, 2) == [e.action for e in reversed(history)]
        assert column(app, 0) == sorted(column(app, 0), reverse=True)
        assert column(app, 2)[-1] == "case opened"
        text = screen_text(app)
        assert f"{len(history)} events" in text and ws.actor in text


async def test_a_change_by_someone_else_appears_on_top(ws):
    async with hosted(HistoryScreen(ws, PO)) as (app, pilot):
        append_entry(ws, PO, EntryDraft(subject="Booked the shipment with Maersk [Apapa]"))
        app.screen.post_message(CaseChanged(PO, "emeka", "entry logged"))
        await settle(pilot)
        assert column(app, 2)[0] == "entry logged"
        detail = app.screen.query_one("#detail").render().plain
        assert "emeka" not in detail  # the actor is the OS account that wrote, not the message's
        assert "Booked the shipment with Maersk [Apapa]" in detail  # brackets are text, not markup


async def test_a_change_to_another_case_is_ignored(ws):
    async with hosted(HistoryScreen(ws, PO)) as (app, pilot):
        before = column(app, 2)
        append_entry(ws, "PO/2026/133", EntryDraft(subject="unrelated"))
        app.screen.post_message(CaseChanged("PO/2026/133"))
        await settle(pilot)
        assert column(app, 2) == before


async def test_escape_goes_back(ws):
    async with hosted(HistoryScreen(ws, PO)) as (app, pilot):
        await press(pilot, "escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_g_reloads_without_waiting_for_the_watcher(ws):
    async with hosted(HistoryScreen(ws, PO)) as (app, pilot):
        append_entry(ws, PO, EntryDraft(subject="Balance wire booked for Monday"))
        await settle(pilot)
        assert column(app, 2)[0] != "entry logged"  # nobody told the screen yet
        await press(pilot, "g")
        assert column(app, 2)[0] == "entry logged"
