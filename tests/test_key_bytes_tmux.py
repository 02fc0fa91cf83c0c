"""At most 4 KB written to the terminal per key (issue #12), in a real terminal at 80x24 with
TERM=xterm-256color, for the keys that once went over: the command palette over the case
view, opening the options and the ledger from the case view, esc back to it, and a save
that closes a form. benchmarks/key_sweep.py sweeps every key of every screen the same way."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tmux_support import needs_tmux

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from key_sweep import PLANS, Pane, build_sweep_workspace, open_screen  # noqa: E402

pytestmark = [pytest.mark.slow, needs_tmux]
LIMIT = 4096
# Each key from the screen the one before it left, starting on the case view.
KEYS = (("F2", "Search for"), ("Escape", "Case PO/"), ("o", "Options ·"), ("Escape", "Case PO/"),
        ("p", "Ledger ·"), ("Escape", "Case PO/"), ("e", "Edit case"), ("F10", "Case PO/"))


def test_no_key_writes_more_than_4_kb(tmp_path):
    template = build_sweep_workspace(tmp_path / "sweep")
    pane = Pane(tmp_path, "bytes")
    try:
        case_view = next(plan for plan in PLANS if plan.name == "case view")
        assert open_screen(pane, case_view, template, tmp_path / "ws")
        written = []
        for key, then in KEYS:
            # Counted until the screen it leads to is up and the terminal quiet: a screen slow to
            # open on a loaded machine is counted against its own key, not the next one.
            before = pane.written()
            pane.tmux.run("send-keys", "-t", pane.tmux.name, key)
            assert pane.wait_for(then, timeout=10), f"{key} did not lead to {then!r}:\n{pane.tmux.screen()}"
            pane.quiet(0.6)
            written.append((key, pane.written() - before))
        pane.quit_app()
    finally:
        pane.close()
    over = [(key, count) for key, count in written if count > LIMIT]
    assert not over, f"over {LIMIT:,} B: {over} (every key: {written})"
