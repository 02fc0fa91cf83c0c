"""The live-data watcher: one stat while idle, each change by someone else reported once."""

from __future__ import annotations

import os

from app_support import PO, sample_workspace
from casefile.store.protocol import Change
from tui.watch import CaseWatcher


def touch(ws, product: str):
    return ws.transact(PO, lambda s: Change("case edited", product, case=s.case.model_copy(update={"product": product})))


def test_reports_a_change_once_with_who_and_what(tmp_path, monkeypatch):
    ws = sample_workspace(tmp_path / "ws")
    watcher = CaseWatcher(ws)
    assert watcher.poll() == []
    state = touch(ws, "DL-41")
    changes = watcher.poll()
    assert [(c.po, c.revision, c.actor, c.action) for c in changes] == [(PO, state.revision, ws.actor, "case edited")]
    assert watcher.poll() == []


def test_own_writes_are_not_reported(tmp_path):
    ws = sample_workspace(tmp_path / "ws")
    watcher = CaseWatcher(ws)
    state = touch(ws, "DL-41")
    watcher.note(PO, state.revision)
    assert watcher.poll() == []


def test_idle_poll_is_one_stat_of_the_folder(tmp_path, monkeypatch):
    ws = sample_workspace(tmp_path / "ws")
    watcher = CaseWatcher(ws)
    old = os.stat(ws.cases_dir).st_mtime_ns - 10_000_000_000
    os.utime(ws.cases_dir, ns=(old, old))  # quiet for a while
    watcher.poll()
    scans = []
    monkeypatch.setattr(os, "scandir", lambda *a: scans.append(a) or iter(()))
    for _ in range(5):
        assert watcher.poll() == []
    assert scans == []
