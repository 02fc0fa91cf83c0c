"""Stale views, retries, the in-process cache and leftover temp files."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from casefile.actions.attach import attach_file
from casefile.actions.note import append_entry
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft
from casefile.store.atomic import tmp_prefix
from casefile.store.case_file import parse_case_bytes
from casefile.store.protocol import Change
from casefile.values.errors import ConflictError, InputError, StorageError
from casefile.values.identity import current_user
from conftest import make_case

PO = "PO/2026/114"


@pytest.fixture
def ws(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case(PO))
    return ws


def _note(subject: str, **kw) -> EntryDraft:
    return EntryDraft(subject=subject, **kw)


def _add(draft: EntryDraft):
    """A change that appends a prepared entry, as a screen holding an old view would."""
    from casefile.records.log_entry import chain_entry

    return lambda state: Change("entry logged", draft.subject, records=[chain_entry(draft, "adaeze", state.correspondence)])


def test_stale_write_is_refused_naming_who_changed_it(ws):
    seen = ws.load(PO).revision
    colleague = Workspace.open(ws.root)
    append_entry(colleague, PO, _note("supplier phoned: rework starts Monday"))
    before = ws.case_path(PO).read_bytes()
    with pytest.raises(ConflictError) as caught:
        ws.transact(PO, _add(_note("my note from the old screen")), expected_revision=seen)
    message = str(caught.value)
    assert current_user() in message and "entry logged" in message
    assert f"you had {seen}" in message and "Nothing was saved" in message
    assert ws.case_path(PO).read_bytes() == before


def test_a_domain_error_on_a_stale_view_is_reported_as_the_conflict(ws):
    seen = ws.load(PO).revision
    append_entry(Workspace.open(ws.root), PO, _note("someone else's"))

    def refuses(state):
        raise InputError("would be refused on the fresh state")

    with pytest.raises(ConflictError):
        ws.transact(PO, refuses, expected_revision=seen)


def test_retry_of_the_same_record_is_a_no_op(ws):
    draft = _note("sent the 8D request")
    first = append_entry(ws, PO, draft)
    again = append_entry(ws, PO, draft)
    again_fresh = append_entry(Workspace.open(ws.root), PO, draft)
    assert again.revision == again_fresh.revision == first.revision
    state = Workspace.open(ws.root).load(PO)
    assert [e.id for e in state.correspondence] == [draft.id]
    assert len(state.history) == 2  # opened, logged once


def test_retry_with_the_view_it_was_made_from_is_a_no_op_not_a_conflict(ws):
    """The first attempt landed but its caller saw an error; the retry carries the old revision."""
    seen = ws.load(PO).revision
    draft = _note("agreed rework by 12 Dec")
    ws.transact(PO, _add(draft), expected_revision=seen)
    state = ws.transact(PO, _add(draft), expected_revision=seen)
    assert state.revision == seen + 1
    assert [e.id for e in state.correspondence] == [draft.id]


def test_a_change_that_raises_leaves_no_trace_in_memory(ws):
    append_entry(ws, PO, _note("first"))

    def meddles_then_refuses(state):
        state.correspondence.clear()  # a buggy rule that touches the state it was handed
        state.case.supplier = "Someone Else Ltd"
        raise InputError("refused")

    with pytest.raises(InputError):
        ws.transact(PO, meddles_then_refuses)
    state = ws.load(PO)
    assert [e.subject for e in state.correspondence] == ["first"]
    assert state.case.supplier == make_case().supplier


def test_another_writer_is_seen_and_the_quick_re_read_equals_a_full_parse(ws):
    mine, theirs = ws, Workspace.open(ws.root)
    for n in range(5):
        append_entry(mine, PO, _note(f"mine {n}"))
        append_entry(theirs, PO, _note(f"theirs {n}", deadline=date(2026, 12, 10 + n)))
    # `mine` read the file after each of their writes, validating only what was new
    quick = mine.load(PO)
    full = parse_case_bytes(ws.case_path(PO), ws.case_path(PO).read_bytes())
    assert quick == full
    assert [e.subject for e in quick.correspondence][-2:] == ["mine 4", "theirs 4"]


def test_a_retry_brings_a_stale_index_up_to_date(ws, monkeypatch):
    import casefile.store.atomic

    real = casefile.store.atomic.atomic_write

    def index_write_fails(path, data, mode, **kw):
        if path.parent.name == "index":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(path, data, mode, **kw)

    draft = _note("reply by Friday", direction="to-supplier", deadline=date(2026, 12, 4))
    monkeypatch.setattr(casefile.store.atomic, "atomic_write", index_write_fails)
    with pytest.raises(StorageError) as caught:
        append_entry(ws, PO, draft)
    assert caught.value.saved
    monkeypatch.undo()
    [stale] = Workspace.open(ws.root).check().index_stale
    assert stale.startswith(f"{PO}: the case list shows")
    append_entry(ws, PO, draft)  # the retry writes the entry
    assert Workspace.open(ws.root).check().index_stale == []
    assert Workspace.open(ws.root).list_summaries()[0].next_deadline == date(2026, 12, 4)


def test_a_stale_index_entry_is_not_listed_the_case_file_is_read(ws, monkeypatch):
    import casefile.store.atomic

    real = casefile.store.atomic.atomic_write

    def index_write_fails(path, data, mode, **kw):
        if path.parent.name == "index":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(path, data, mode, **kw)

    monkeypatch.setattr(casefile.store.atomic, "atomic_write", index_write_fails)
    with pytest.raises(StorageError):
        append_entry(ws, PO, _note("reply by Friday", direction="to-supplier", deadline=date(2026, 12, 4)))
    monkeypatch.undo()
    # the entry was made from the file before the write: its stamp says so
    assert Workspace.open(ws.root).list_summaries()[0].next_deadline == date(2026, 12, 4)
    assert Workspace.open(ws.root).check().index_stale == []  # and `list` brought it up to date


def test_a_case_file_moved_aside_leaves_the_list(ws):
    ws.create(make_case("Ord 77-B"))
    path = ws.case_path(PO)
    path.rename(path.with_name("moved-aside.bak"))
    assert [s.po for s in Workspace.open(ws.root).list_summaries()] == ["Ord 77-B"]


def _fake_temp(target) -> str:
    return f"{tmp_prefix(target)}{os.getpid()}.{os.urandom(4).hex()}.tmp"


def test_leftover_temp_files_are_removed_at_open(ws):
    case_tmp = ws.case_path(PO).parent / _fake_temp(ws.case_path(PO))
    shard = next(ws.index_dir.glob("*.json"))
    shard_tmp = ws.index_dir / _fake_temp(shard)
    not_ours = [ws.cases_dir / ".notes.tmp", ws.cases_dir / "notes.txt", ws.cases_dir / ".x.json.1.zzzzzzzz.tmp"]
    for p in (case_tmp, shard_tmp, *not_ours):
        p.write_bytes(b'{"half a wr')
    Workspace.open(ws.root)
    assert not case_tmp.exists() and not shard_tmp.exists()
    assert all(p.exists() for p in not_ours)


HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1]); lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_live_writers_temp_file_is_kept(ws):
    path = ws.case_path(PO)
    live_tmp = path.parent / _fake_temp(path)
    live_tmp.write_bytes(b'{"being written')
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path.with_suffix(".lock"))], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert Workspace.open(ws.root).cleanup_temp() == 0
        assert live_tmp.exists()
    finally:
        holder.kill()
        holder.wait()
    assert Workspace.open(ws.root).cleanup_temp() == 0  # open() already took it, now that the writer is gone
    assert not live_tmp.exists()


def test_an_attachment_temp_file_left_by_a_crash_is_removed_at_open_unless_its_writer_lives(ws, tmp_path, monkeypatch):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the scratched shade")
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (renamed.append(Path(src)), real_replace(src, dst))[1])
    attachment = attach_file(ws, PO, photo).attachment
    monkeypatch.undo()
    [temp] = [p for p in renamed if p.parent == ws.attachments.folder]  # where the writer puts it
    half_written = temp.with_name(temp.name.replace(attachment.sha256, "ab" * 32))  # another, cut off by a crash
    not_ours = ws.attachments.folder / ".notes.1.abcdef12.tmp"
    for p in (half_written, not_ours):
        p.write_bytes(b"\xff\xd8 half")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(ws.case_path(PO).with_suffix(".lock"))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert Workspace.open(ws.root).cleanup_temp() == 0 and half_written.exists()  # its writer may yet rename it
    finally:
        holder.kill()
        holder.wait()
    opened = Workspace.open(ws.root)
    assert not half_written.exists() and not_ours.exists()
    assert opened.read_attachment(PO, attachment) == photo.read_bytes()


def test_the_same_record_twice_in_one_change_is_stored_once(ws):
    from casefile.records.log_entry import chain_entry

    entry = chain_entry(_note("doubled by a buggy form"), "adaeze", [])
    state = ws.transact(PO, lambda s: Change("entry logged", records=[entry, entry]))
    assert [e.id for e in Workspace.open(ws.root).load(PO).correspondence] == [entry.id]
    assert len(state.correspondence) == 1
