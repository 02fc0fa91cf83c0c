"""kill -9 at random moments: no case file is ever unreadable, no acknowledged write is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.actions.workspace import Workspace
from casefile.store.atomic import tmp_target
from conftest import make_case


ROUNDS = 200
CHILD = Path(__file__).with_name("store_child.py")


@pytest.mark.slow
def test_kill9_loses_no_acknowledged_write(tmp_path, figure):
    from store_child import KILL9_CASES

    root = tmp_path / "ws"
    ws = Workspace.open(root)
    for po in KILL9_CASES:
        ws.create(make_case(po))
    # the fork-and-kill loop runs in its own clean process (see tests/store_child.py); it
    # checks every file after every kill, and this test checks them all again at the end
    out = subprocess.run([sys.executable, str(CHILD), "kill9", str(root), str(ROUNDS), "20261125"],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    tally = json.loads(out.stdout)

    after = Workspace.open(root)  # opening cleans the temp files the killed writers left
    left_after_open = sum(tmp_target(e.name) is not None for d in ("cases", "index") for e in os.scandir(root / d))
    states = {s.po: s for s in after.load_all()}  # a CorruptCaseError here has no .po: fails below
    lost_at_end = sum(po not in states for po in tally["cases"]) + sum(
        po not in states or states[po].find("correspondence", entry_id) is None for po, entry_id in tally["entries"]
    )
    result = after.check()
    listed = {s.po for s in after.list_summaries()}
    figure(
        f"kill-9: {ROUNDS} rounds ({tally['killed']} killed mid-run), {len(tally['entries'])} acknowledged notes "
        f"and {len(tally['cases'])} new cases, {tally['unreadable']} unreadable, "
        f"{tally['lost'] + lost_at_end} lost acknowledged writes, {tally['temps_seen']} temp-file sightings "
        f"after kills, {left_after_open} left after open"
    )
    assert tally["killed"] == ROUNDS
    assert len(tally["entries"]) + len(tally["cases"]) > ROUNDS  # each round's writer got writes through
    assert tally["unreadable"] == 0 and result.bad == []
    assert tally["lost"] == 0 and lost_at_end == 0
    assert left_after_open == 0
    assert result.broken_chains == []
    assert set(tally["cases"]) | set(KILL9_CASES) <= listed
