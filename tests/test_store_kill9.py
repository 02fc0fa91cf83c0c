"""kill -9 at random moments: no case file is ever unreadable, no acknowledged write is lost."""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import date

import pytest

from casefile.atomic import tmp_target
from casefile.correspondence import EntryDraft
from casefile.logbook import append_entry
from casefile.store import Workspace, parse_case_bytes
from conftest import make_case

pytest_plugins = ["figures"]

ROUNDS = 200
CASES = ("PO/2026/114", "Ord 77-B", "采购单-88")


def _writer(root, wfd: int, seed: int) -> None:
    """The child: write forever, acknowledging each write on the pipe once it returned."""
    try:
        rng = random.Random(seed)
        ws = Workspace.open(root, create=False)
        n = 0
        while True:
            n += 1
            if rng.random() < 0.05:
                po = f"K-{seed}-{n}"
                ws.create(make_case(po))
                line = f"case\t{po}\n"
            else:
                po = rng.choice(CASES)
                # some entries carry a deadline, so the summary (and an index shard) changes too
                deadline = date(2026, 12, rng.randint(1, 28)) if rng.random() < 0.3 else None
                draft = EntryDraft(subject=f"round {seed} write {n}", body="x" * rng.randint(0, 400), deadline=deadline)
                append_entry(ws, po, draft)
                line = f"entry\t{po}\t{draft.id}\n"
            os.write(wfd, line.encode())  # one short write: whole on the pipe or not at all
    finally:
        os._exit(0)


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


@pytest.mark.slow
def test_kill9_loses_no_acknowledged_write(tmp_path, figure):
    root = tmp_path / "ws"
    ws = Workspace.open(root)
    for po in CASES:
        ws.create(make_case(po))
    rng = random.Random(20261125)
    acked_entries: list[tuple[str, str]] = []
    acked_cases: list[str] = []
    unreadable = lost = temps_left = killed_mid_run = 0
    for round_no in range(ROUNDS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _writer(root, w, round_no)
        os.close(w)
        time.sleep(rng.uniform(0.005, 0.060))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed_mid_run += os.WIFSIGNALED(status)
        for line in _read_all(r).splitlines():
            kind, po, *rest = line.split("\t")
            if kind == "case":
                acked_cases.append(po)
            else:
                acked_entries.append((po, rest[0]))
        os.close(r)

        temps_left += sum(tmp_target(e.name) is not None for e in os.scandir(root / "cases"))
        states = {}
        for entry in os.scandir(root / "cases"):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                try:
                    state = parse_case_bytes(entry.path, open(entry.path, "rb").read())
                except Exception:
                    unreadable += 1
                    continue
                states[state.po] = state
        for po in acked_cases:
            lost += po not in states
        for po, entry_id in acked_entries:
            lost += po not in states or states[po].find("correspondence", entry_id) is None

    after = Workspace.open(root)  # opening cleans the temp files the killed writers left
    left_after_open = sum(tmp_target(e.name) is not None for d in ("cases", "index") for e in os.scandir(root / d))
    result = after.check()
    listed = {s.po for s in after.list_summaries()}
    figure(
        f"kill-9: {ROUNDS} rounds ({killed_mid_run} killed mid-run), {len(acked_entries)} acknowledged notes "
        f"and {len(acked_cases)} new cases, {unreadable} unreadable, {lost} lost acknowledged writes, "
        f"{temps_left} temp-file sightings after kills, {left_after_open} left after open"
    )
    assert killed_mid_run == ROUNDS
    assert len(acked_entries) > ROUNDS  # the child really got writes done between kills
    assert unreadable == 0
    assert lost == 0
    assert left_after_open == 0
    assert result.bad == [] and result.broken_chains == []
    assert set(acked_cases) | set(CASES) <= listed
