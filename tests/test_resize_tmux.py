"""Issue #12: shrink the terminal below 80x24 and grow it back, on every screen, in a real terminal.

The size notice must show, the screen must come back as it was (a form keeps what was typed)
and the next key must answer. Before the fixes the first grow froze the app for good, and
then, in 5 runs of 6, one of the screens (or the notice) was never painted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app_support import PO, sample_workspace
from tmux_support import Tmux, needs_tmux

pytestmark = [pytest.mark.slow, needs_tmux]
ROOT = Path(__file__).resolve().parent.parent
CASE_VIEW = f"Case {PO} · Shenzhen Brightway"
# Each way of being too small in turn: narrow and short, narrow, short.
SMALL = [(70, 20), (79, 24), (80, 23)]


@pytest.fixture
def tmux(tmp_path):
    term = Tmux(tmp_path, "resize")
    yield term
    term.close()


class Resizer:
    def __init__(self, tmux: Tmux) -> None:
        self.tmux = tmux
        self.rounds = 0

    def shrink_and_grow(self, *shown: str) -> None:
        """Below 80x24 the notice; back at 80x24 the screen as it was (`shown`), the notice gone."""
        width, height = SMALL[self.rounds % len(SMALL)]
        self.rounds += 1
        self.tmux.resize(width, height)
        self.tmux.wait_for(f"Casefile needs at least 80x24; this terminal is {width}x{height}")
        self.tmux.resize(80, 24)
        self.tmux.wait_for(*shown, absent=("Casefile needs at least",))


def test_every_screen_comes_back_after_the_terminal_shrinks_and_grows(tmux, tmp_path):
    sample_workspace(tmp_path / "ws")
    tmux.type(f"cd {ROOT} && export TERM=xterm-256color && {sys.executable} -m tui --data {tmp_path / 'ws'}")
    tmux.keys("Enter")
    tmux.wait_for("3 cases", "Ord 77-B: overdue")
    resize = Resizer(tmux)

    # The case list: the highlighted row moves, then Enter opens the case.
    resize.shrink_and_grow("3 cases", "Ord 77-B: overdue")
    tmux.keys("Down")
    tmux.wait_for(f"{PO}: failed: choose an option")
    tmux.keys("Enter")
    tmux.wait_for(CASE_VIEW, "LOCKED: major defects failed")

    # The case view, then each screen it opens: back to the case view with esc afterwards.
    resize.shrink_and_grow(CASE_VIEW, "LOCKED: major defects failed")
    for key, shown in [
        ("r", ("Report 1/1", "The app's verdict: FAILS")),
        ("o", ("Options · " + PO, "Rework")),
        ("l", ("Correspondence · " + PO, "0 entries")),
        ("p", ("Ledger · " + PO, "BALANCE LOCKED")),
        ("y", ("History · " + PO, "report imported")),
    ]:
        tmux.keys(key)
        tmux.wait_for(*shown)
        resize.shrink_and_grow(*shown)
        tmux.keys("Escape")
        tmux.wait_for(CASE_VIEW)

    # The case form with input not saved yet: still there afterwards, and still known as unsaved.
    # (The supplier field is narrower than its value: it shows the end, where the cursor is.)
    tmux.keys("e")
    tmux.wait_for(f"Edit case {PO}", "Brightway Lighting Co.")
    tmux.keys("End")
    tmux.type(" Ltd")
    tmux.wait_for("Lighting Co. Ltd")
    resize.shrink_and_grow(f"Edit case {PO}", "Lighting Co. Ltd")
    tmux.keys("Escape")
    tmux.wait_for("Discard what you typed in this form?")
    tmux.keys("n")
    tmux.type(" HK")
    tmux.wait_for("Co. Ltd HK")
