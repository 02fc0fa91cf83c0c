"""A pass over every case (`check`, a list that re-reads cases, an export of them all) does not
keep the cases in memory after it: the app runs for days on a shared server, and a `check` of
10,000 cases left 640 MB of them in its process."""

from __future__ import annotations

import shutil
import tracemalloc

from casefile.actions.note import append_entry
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft
from conftest import make_case

CASES = 30
BODY = "The rework plan, line by line. " * 600  # 18,600 characters; two entries a case


def _workspace(root) -> Workspace:
    ws = Workspace.open(root)
    for i in range(CASES):
        po = f"MEM-{i}"
        ws.create(make_case(po))
        for subject in ("Rework plan", "Rework plan, revised"):
            append_entry(ws, po, EntryDraft(direction="to-supplier", channel="email", subject=subject, body=BODY))
    return Workspace.open(root)  # a fresh process's view: nothing read yet


def _kept_after(ws: Workspace, what) -> int:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = what(ws)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del result
    return after - before


def test_a_check_of_every_case_keeps_none_of_them(tmp_path):
    ws = _workspace(tmp_path / "ws")
    files = sum(p.stat().st_size for p in ws.case_files())
    assert files > CASES * 35_000
    kept = _kept_after(ws, lambda w: w.check())
    assert kept < files / 10, f"{kept:,} bytes kept after checking {files:,} bytes of cases"


def test_a_list_that_reads_every_case_afresh_keeps_none_of_them(tmp_path):
    ws = _workspace(tmp_path / "ws")
    files = sum(p.stat().st_size for p in ws.case_files())
    shutil.rmtree(ws.root / "index")  # every case is then summarised from its file
    (ws.root / "index").mkdir()
    listed = []
    kept = _kept_after(Workspace.open(ws.root), lambda w: listed.append(len(w.list_cases().summaries)))
    assert listed == [CASES]
    assert kept < files / 10, f"{kept:,} bytes kept after listing {files:,} bytes of cases"
