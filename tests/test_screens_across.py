"""The agenda and supplier screens at 80x24: one key away (a from the case list, s from a
case), the same figures the command line gives."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from app_support import screen_text
from casefile.rules.agenda import agenda
from casefile.values import clock
from casefile.values.money import fmt_cny
from screen_host import demo_copy, hosted, press
from screens.agenda import AgendaScreen
from screens.case_view import CaseViewScreen
from screens.cases import CasesScreen
from screens.supplier import SupplierScreen


@pytest.fixture
def ws(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory)


def column(app, n: int) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[n]) for i in range(table.row_count)]


async def test_the_agenda_lists_the_most_urgent_first_with_the_money_held(ws):
    expected = agenda(ws.list_summaries(), clock.today())
    async with hosted(AgendaScreen(ws)) as (app, pilot):
        assert column(app, 1) == [i.po for i in expected.items]
        assert column(app, 0)[0].startswith("! ")  # the overdue rework comes first
        text = screen_text(app)
        assert f"{len(expected.items)} items, {expected.overdue} overdue" in text
        assert f"Held ¥{expected.totals['held_cny']:,.2f} (₦" in text


async def test_s_on_a_case_opens_its_supplier_on_tightened(ws):
    async with hosted(CaseViewScreen(ws, "PO/2026/156")) as (app, pilot):
        await press(pilot, "s")
        assert isinstance(app.screen, SupplierScreen)
        assert column(app, 0) == ["PO/2026/114", "PO/2026/156"]  # two spellings, one supplier
        assert column(app, 2) == ["REJECTED", "REJECTED"]
        text = screen_text(app)
        assert "Severity: tightened since PO/2026/156" in text
        assert "Recurring: scratched lamp shade ×2" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseViewScreen)


async def test_a_supplier_with_one_lot_reads_in_the_singular(ws):
    async with hosted(CaseViewScreen(ws, "PO/2026/133")) as (app, pilot):
        await press(pilot, "s")
        assert "1 lot inspected, 1 rejected (100%)" in screen_text(app)


async def test_the_supplier_and_the_agenda_say_which_rate_their_naira_are_at(ws):
    rate = agenda(ws.list_summaries(), clock.today()).rate  # the latest quote; PO/2026/133 costs at 214
    async with hosted(CaseViewScreen(ws, "PO/2026/133")) as (app, pilot):
        await press(pilot, "s")
        assert f"NGN amounts at {rate:.4f} NGN/CNY, the latest quote on any case" in screen_text(app)
    async with hosted(AgendaScreen(ws)) as (app, pilot):
        assert f"NGN amounts at {rate:.4f} NGN/CNY, the latest quote on any case" in screen_text(app)


async def test_an_overdue_rework_reads_late_in_the_options_row_not_as_slack(ws):
    from screens.options import OptionsScreen

    due = ws.load("PO/2026/133").decisions[-1].deadline  # the demo's rework, due before today
    async with hosted(OptionsScreen(ws, "PO/2026/133")) as (app, pilot):
        rework = next(line for line in screen_text(app).splitlines() if "Rework" in line and "YES" in line)
        assert f"{(clock.today() - due).days}d late" in rework and "slack" not in rework


async def test_a_on_the_case_list_opens_the_agenda_and_the_list_sums_it_up(ws):
    async with hosted(CasesScreen(ws)) as (app, pilot):
        app.list_cases = ws.list_cases
        app.screen.load()
        await press(pilot)
        held = sum(s.held_cny for s in ws.list_summaries())
        assert f"8 cases · 1 overdue (marked !) · held {fmt_cny(held)} · sorted by PO" in screen_text(app)
        await press(pilot, "a")
        assert isinstance(app.screen, AgendaScreen)


async def test_a_long_agenda_paints_its_first_rows_then_fills_in_the_most_urgent(ws):
    from datetime import date, timedelta

    from casefile.rules.agenda import Agenda, AgendaItem
    from casefile.rules.settings import load_settings
    from screens.across_screen import MAX_ROWS
    from screens.widgets.row_fill import FIRST_ROWS

    items = [AgendaItem(f"PO-{n:05d}", "deadline", "rework", date(2026, 12, 1) + timedelta(days=n), False)
             for n in range(20_000)]
    long = Agenda(items, agenda([], clock.today()).totals, None, "NGN")
    async with hosted(AgendaScreen(ws)) as (app, pilot):
        app.screen.show((long, load_settings(ws.root)))
        table = app.screen.query_one(DataTable)
        assert table.row_count == FIRST_ROWS  # painted with a screenful
        for _ in range(100):
            await pilot.pause(0.05)
            if table.row_count == MAX_ROWS:
                break
        assert column(app, 1) == [f"PO-{n:05d}" for n in range(MAX_ROWS)]
        assert f"20000 items, 0 overdue (the {MAX_ROWS} most urgent shown" in screen_text(app)


def counting_reads(ws) -> list[int]:
    """Each read of every case's summary (Workspace.list_summaries) from now on, counted."""
    reads: list[int] = []
    listed = ws.list_summaries
    ws.list_summaries = lambda: reads.append(1) or listed()
    return reads


async def test_the_agenda_starts_from_the_cases_listed_and_reads_them_again_after_a_change(ws):
    from datetime import timedelta

    from gate_support import decide

    async with hosted(CasesScreen(ws)) as (app, pilot):
        app.list_cases = ws.list_cases
        app.screen.load()
        await press(pilot)
        reads = counting_reads(ws)
        await press(pilot, "a")
        assert isinstance(app.screen, AgendaScreen)
        assert reads == []  # the case list's cases: the index is not read a second time
        assert "failed: choose an option" in screen_text(app)
        due = clock.today() + timedelta(days=9)
        decide(ws, "PO/2026/141", "rework", deadline=due)
        app.saved(ws.load("PO/2026/141"))
        await press(pilot)
        assert reads == [1]  # a change: read afresh
        text = screen_text(app)
        assert "failed: choose an option" not in text
        assert f"{due:%-d %b %Y}" in text


async def test_the_agenda_opened_while_the_list_is_read_again_after_a_change_reads_every_case(ws):
    import threading

    from gate_support import decide

    async with hosted(CasesScreen(ws)) as (app, pilot):
        app.list_cases = ws.list_cases
        app.screen.load()
        await press(pilot)
        decide(ws, "PO/2026/141", "cancel")
        gate = threading.Event()
        app.list_cases = lambda: gate.wait(10) and ws.list_cases()  # the list's read after the change, held
        reads = counting_reads(ws)
        app.saved(ws.load("PO/2026/141"))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause(0.5)  # the agenda's own read, while the list's is held
        assert isinstance(app.screen, AgendaScreen)
        assert reads == [1]  # not the list's cases, one change behind
        assert "failed: choose an option" not in screen_text(app)
        gate.set()
        await press(pilot)
