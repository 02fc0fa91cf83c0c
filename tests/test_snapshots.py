"""Snapshots of every screen this app shell owns, at 80x24 and 120x40, fixed clock and data.

`snap_compare` only works from a sync test (it raises inside an `async def` one). Update with `--snapshot-update`.
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest

from app_support import PO, sample_workspace, settle
from tui.app import create_app

SIZES = [(80, 24), (120, 40)]
ROOT = Path("/tmp/casefile-snapshots/ws")  # fixed, whatever TMPDIR is: the path is in the title


@pytest.fixture(scope="module", autouse=True)
def one_run_at_a_time():
    # The folder is fixed (it shows in the title), so two test runs on one machine (two
    # checkouts, say) would delete each other's workspace mid-test: they take turns.
    ROOT.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT.parent.with_name("casefile-snapshots.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture
def app(pinned_clock, monkeypatch):
    monkeypatch.setenv("CASEFILE_KEYMAP", str(ROOT.parent / "keymap.json"))  # shown in help
    shutil.rmtree(ROOT, ignore_errors=True)
    return create_app(sample_workspace(ROOT, actor="amaka"), poll_interval=3600)


def steps(*keys: str, case: str | None = PO):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if case:
            pilot.app.open_case(case)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
    return run_before


SCREENS = {
    "cases": steps(case=None),
    "case_view": steps(),
    "report": steps("r"),
    "options": steps("o"),
    "decision_form": steps("o", "enter"),
    "case_form_edit": steps("e"),
    "case_form_new": steps("escape", "n"),
    "help": steps("f1"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare, app, name, size):
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[name])


# The README's screenshots (docs/screens/): the demo's rework case at 80x24, as `casefile
# --demo` shows it. tests/test_readme_screens.py keeps the copies equal to these.
DEMO = ROOT.parent / "demo"
DEMO_PO = "PO/2026/133"  # failed on majors, rework chosen, overdue; deposit paid, balance locked
README_SCREENS = {"report": steps("r", case=DEMO_PO), "ledger": steps("p", case=DEMO_PO)}


@pytest.fixture
def demo_app(pinned_clock, monkeypatch):
    from casefile.actions.demo import build_demo

    monkeypatch.setattr("casefile.store.tinydb_store.current_user", lambda: "amaka")  # not whoever runs the tests
    shutil.rmtree(DEMO, ignore_errors=True)
    return create_app(build_demo(DEMO), poll_interval=3600)


@pytest.mark.parametrize("name", list(README_SCREENS))
def test_demo_screen(snap_compare, demo_app, name):
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=README_SCREENS[name])


def test_too_small(snap_compare, app):
    assert snap_compare(app, terminal_size=(60, 20), run_before=steps(case=None))
