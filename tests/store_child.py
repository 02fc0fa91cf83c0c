"""Writer processes for the store's multi-process tests.

    python tests/store_child.py append WORKSPACE PO COUNT TAG
        appends COUNT correspondence entries to PO and prints each entry's id on its own
        line once `append_entry` has returned (the write is acknowledged). A lock timeout
        under heavy load is retried with the same id, which the store makes a no-op.

    python tests/store_child.py kill9 WORKSPACE ROUNDS SEED
        ROUNDS times: forks a writer that appends notes (and now and then opens a case)
        as fast as it can, acknowledging each write on a pipe once it returned; kills it
        with SIGKILL 5-60 ms after its first acknowledged write; then reads every case file and checks every
        acknowledged write is in it. Prints the tally as JSON. It runs in its own process
        so that fork() copies a clean, single-threaded interpreter, not pytest.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from datetime import date
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

from casefile.actions.note import append_entry  # noqa: E402
from casefile.actions.workspace import Workspace  # noqa: E402
from casefile.records.log_entry import EntryDraft  # noqa: E402
from casefile.store.atomic import tmp_target  # noqa: E402
from casefile.store.case_file import parse_case_bytes
from casefile.values.errors import ConflictError  # noqa: E402
from conftest import make_case  # noqa: E402

KILL9_CASES = ("PO/2026/114", "Ord 77-B", "采购单-88")


def append(root: str, po: str, count: int, tag: str) -> int:
    ws = Workspace.open(root, create=False)
    retries = 0
    for n in range(count):
        draft = EntryDraft(subject=f"{tag} note {n}", direction="internal", channel="other")
        while True:
            try:
                append_entry(ws, po, draft)
                break
            except ConflictError:
                retries += 1
        print(draft.id, flush=True)
    print(f"retries {retries}", file=sys.stderr)
    return 0


def _writer(root: str, wfd: int, seed: int) -> None:
    """The forked child: write forever, acknowledging each write once it returned."""
    try:
        rng = random.Random(seed)
        ws = Workspace.open(root, create=False)
        os.write(wfd, b"ready\n")
        n = 0
        while True:
            n += 1
            if rng.random() < 0.05:
                po = f"K-{seed}-{n}"
                ws.create(make_case(po))
                line = f"case\t{po}\n"
            else:
                po = rng.choice(KILL9_CASES)
                # some entries carry a deadline, so the summary (and an index shard) changes too
                deadline = date(2026, 12, rng.randint(1, 28)) if rng.random() < 0.3 else None
                draft = EntryDraft(subject=f"round {seed} write {n}", body="x" * rng.randint(0, 400), deadline=deadline)
                append_entry(ws, po, draft)
                line = f"entry\t{po}\t{draft.id}\n"
            os.write(wfd, line.encode())  # one short write: whole on the pipe or not at all
    finally:
        os._exit(0)


def kill9(root: str, rounds: int, seed: int) -> int:
    rng = random.Random(seed)
    cases_dir = Path(root) / "cases"
    tally = {"rounds": rounds, "killed": 0, "entries": [], "cases": [], "unreadable": 0, "lost": 0, "temps_seen": 0}
    for round_no in range(rounds):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _writer(root, w, seed * 1000 + round_no)
        os.close(w)
        with os.fdopen(r, "rb") as pipe:
            assert pipe.readline() == b"ready\n"
            # once one write is through (however loaded the machine), the kill comes at a
            # random moment of the writes that follow
            first = pipe.readline()
            time.sleep(rng.uniform(0.005, 0.060))
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            tally["killed"] += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            for line in (first + pipe.read()).decode().splitlines():
                kind, po, *rest = line.split("\t")
                tally["cases" if kind == "case" else "entries"].append(po if kind == "case" else [po, rest[0]])
        tally["temps_seen"] += sum(tmp_target(e.name) is not None for e in os.scandir(cases_dir))
        states = {}
        for entry in os.scandir(cases_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                try:
                    state = parse_case_bytes(Path(entry.path), Path(entry.path).read_bytes())
                except Exception:
                    tally["unreadable"] += 1
                    continue
                states[state.po] = state
        tally["lost"] += sum(po not in states for po in tally["cases"])
        tally["lost"] += sum(po not in states or states[po].find("correspondence", i) is None for po, i in tally["entries"])
    print(json.dumps(tally))
    return 0


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "append":
        sys.exit(append(rest[0], rest[1], int(rest[2]), rest[3]))
    sys.exit(kill9(rest[0], int(rest[1]), int(rest[2])))
