"""Eight processes append to one case at once: every write lands once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from casefile.actions.workspace import Workspace
from conftest import make_case


WRITERS = 8
EACH = 250
CHILD = Path(__file__).with_name("store_child.py")


@pytest.mark.slow
def test_eight_writers_lose_nothing_and_duplicate_nothing(tmp_path, figure):
    root = tmp_path / "ws"
    Workspace.open(root).create(make_case("PO/2026/114"))
    start = time.perf_counter()
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), "append", str(root), "PO/2026/114", str(EACH), f"w{n}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(WRITERS)
    ]
    acked: list[str] = []
    retries = 0
    for child in children:
        out, err = child.communicate(timeout=1200)
        assert child.returncode == 0, err
        acked += out.split()
        retries += int(err.split()[-1])
    elapsed = time.perf_counter() - start

    ws = Workspace.open(root)
    state = ws.load("PO/2026/114")
    ids = [e.id for e in state.correspondence]
    missing = set(acked) - set(ids)
    duplicates = len(ids) - len(set(ids))
    figure(
        f"concurrency: {WRITERS} processes x {EACH} appends to one case in {elapsed:.1f}s: "
        f"{len(ids)} entries present, {len(missing)} acknowledged but missing, {duplicates} duplicate ids, "
        f"{retries} lock-timeout retries"
    )
    assert len(acked) == WRITERS * EACH
    assert not missing
    assert duplicates == 0
    assert len(ids) == WRITERS * EACH
    assert state.revision == 1 + WRITERS * EACH  # every append was its own locked write
    assert ws.check().ok  # the log's hash chain survived the interleaving
    assert len({h.id for h in state.history}) == len(state.history) == 1 + WRITERS * EACH
