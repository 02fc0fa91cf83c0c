"""Helpers for the app tests: a workspace with cases in known states, the screen as text."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from rich.console import Console
from textual.events import Key

from casefile.actions.import_report import import_report
from casefile.actions.note import append_entry
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft
from conftest import make_case
from screens.report import ReportScreen

DATA = Path(__file__).parent / "app_data"
FAILED = DATA / "failed_report.json"
PASSING = DATA / "passing_reinspection.json"
PO = "PO/2026/114"


def sample_workspace(root: Path, actor: str | None = None) -> Workspace:
    """Three cases: one failed (major, far over), one overdue for a supplier reply, one new.

    `actor` replaces the OS account in history (snapshots must not depend on who runs them).
    """
    ws = Workspace.open(root)
    if actor:
        ws.actor = actor
    ws.create(make_case(PO))
    import_report(ws, PO, FAILED)
    ws.create(make_case("Ord 77-B", supplier="Ningbo Kitchenware", product="Steel pot set",
                        order_value_cny="120000.00", deposit_cny="36000.00"))
    append_entry(ws, "Ord 77-B", EntryDraft(direction="to-supplier", subject="Rework plan please",
                                            deadline=date(2026, 11, 20)))
    ws.create(make_case("采购单-88", supplier="Yiwu Bright Toys", product="Plush bear 30 cm"))
    return ws


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the same render an SVG screenshot uses)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


_CHARACTERS = {"space": " ", "backspace": "\x7f", "enter": "\r"}


def post_together(app, keys: list[str]) -> None:
    """Keys as the driver posts one read from the terminal: all of them before any is handled.

    (Pilot.press waits for each key to be handled, so it never shows what arrives together.)
    """
    for name in keys:
        app.post_message(Key(name, name if len(name) == 1 else _CHARACTERS.get(name)))


async def settle(pilot, extra: float = 0.0) -> None:
    """Let loaders finish (not the endless watcher) and the screen repaint."""
    await pilot.pause()
    await _loaders_done(pilot.app)
    await pilot.pause(extra)
    await _loaders_done(pilot.app)
    await pilot.pause()


async def _loaders_done(app) -> None:
    busy = [w for w in app.workers if w.group != "watch" and not w.is_finished]
    if busy:  # an empty list would mean "wait for every worker", the endless watcher too
        await app.workers.wait_for_complete(busy)


async def open_case(pilot, po: str = PO) -> None:
    """Open a case as the list does, and let it load."""
    await settle(pilot)
    pilot.app.open_case(po)
    await settle(pilot)


async def open_report(pilot, po: str = PO) -> ReportScreen:
    """Open a case and press r: its report screen, loaded."""
    await open_case(pilot, po)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen)
    return screen
