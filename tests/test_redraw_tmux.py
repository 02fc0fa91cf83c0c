"""Only the cells that change are written to the terminal (tui/changed_cells.py), so text
another program writes over the app stays until the app redraws: ctrl+l (or F12) paints
every cell again. Tried in a real terminal: the scribble is written to the pane's tty."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app_support import sample_workspace
from tmux_support import Tmux, needs_tmux

pytestmark = [pytest.mark.slow, needs_tmux]
ROOT = Path(__file__).resolve().parent.parent
SCRIBBLE = "WALL-MESSAGE-FROM-ROOT"


@pytest.fixture
def tmux(tmp_path):
    term = Tmux(tmp_path, "redraw")
    yield term
    term.close()


@pytest.mark.parametrize("key", ["C-l", "F12"])
def test_a_terminal_written_over_is_painted_again(tmux, tmp_path, key):
    sample_workspace(tmp_path / "ws")
    tmux.type(f"cd {ROOT} && export TERM=xterm-256color && {sys.executable} -m tui --data {tmp_path / 'ws'}")
    tmux.keys("Enter")
    tmux.wait_for("3 cases", "Ord 77-B: overdue")
    tty = tmux.run("display-message", "-p", "-t", tmux.name, "#{pane_tty}").strip()
    with open(tty, "w") as terminal:  # as `wall` would: straight onto the screen, not the app's input
        terminal.write(f"\x1b[1;50H{SCRIBBLE}")  # on the title line, which no key changes here
    tmux.wait_for(SCRIBBLE)
    tmux.keys("Down")  # an ordinary key repaints only what it changes: the scribble stays
    tmux.wait_for("PO/2026/114: failed", SCRIBBLE)
    tmux.keys(key)
    tmux.wait_for("3 cases", "Ord 77-B", absent=(SCRIBBLE,))
