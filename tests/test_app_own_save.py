"""A save by this app is never announced to its own user as "changed by" them, even when
the watcher polls between the file's replace and the app noting the new revision."""

from __future__ import annotations

from app_support import PO, sample_workspace
from casefile.store.protocol import Change
from tui.watch import CaseWatcher


def touch(ws, product: str):
    return ws.transact(PO, lambda s: Change("case edited", product, case=s.case.model_copy(update={"product": product})))


def itself(state):
    return state


def test_a_poll_in_the_middle_of_an_own_save_reports_nothing(tmp_path):
    ws = sample_workspace(tmp_path / "ws")
    watcher = CaseWatcher(ws)
    polled = []

    def save():
        state = touch(ws, "DL-41")
        polled.extend(watcher.poll())  # the watcher thread's poll, after the replace, before the note
        return state

    state = watcher.own_write(PO, save, itself)
    assert polled == [] and watcher.poll() == []
    assert watcher.revisions[PO] == state.revision


def test_a_change_by_someone_else_after_an_own_save_is_still_reported(tmp_path):
    ws = sample_workspace(tmp_path / "ws")
    watcher = CaseWatcher(ws)
    watcher.own_write(PO, lambda: touch(ws, "DL-41"), itself)
    other = touch(ws, "DL-42")  # another process: nothing notes it
    assert [c.revision for c in watcher.poll()] == [other.revision]


def test_a_failed_own_save_releases_the_file(tmp_path):
    ws = sample_workspace(tmp_path / "ws")
    watcher = CaseWatcher(ws)

    def refused():
        raise ValueError("refused")

    try:
        watcher.own_write(PO, refused, itself)
    except ValueError:
        pass
    other = touch(ws, "DL-42")
    assert [c.revision for c in watcher.poll()] == [other.revision]
