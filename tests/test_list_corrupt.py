"""`list` never shows the last status of a case whose file has since been corrupted: each
index entry records the file it was made from, and a file that is no longer that one is
read (and marked unreadable when it cannot be). `check` names every such entry."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from gate_support import PASS, add_report
from tui.cli import main

PO, OTHER = "PO/2026/114", "Ord 77-B"


@pytest.fixture
def unlocked(ws, case, pinned_clock):
    """A case whose balance is unlocked (its inspection passed), and another case."""
    from conftest import make_case

    ws.create(case)
    add_report(ws, PO, date(2026, 11, 20), PASS)
    ws.create(make_case(OTHER, supplier="Ningbo Other Co."))
    return ws


def run(ws, capsys, *argv):
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(out: str, po: str) -> str:
    return next(line for line in out.splitlines() if po in line)


CORRUPTIONS = {
    "garbage": lambda raw: b"\x00garbage",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "valid JSON, not a case": lambda raw: b'{"meta": {}}',
}


@pytest.mark.parametrize("how", CORRUPTIONS)
def test_a_corrupted_case_is_listed_unreadable_and_check_names_its_entry(unlocked, capsys, how):
    assert "inspection passed: balance unlocked" in line_of(run(unlocked, capsys, "list")[1], PO)
    path = unlocked.case_path(PO)
    path.write_bytes(CORRUPTIONS[how](path.read_bytes()))
    code, out, _ = run(unlocked, capsys, "list")
    assert code == 0
    line = line_of(out, PO)
    assert "UNREADABLE" in line and "balance unlocked" not in line and "Shenzhen Brightway" in line
    assert "Ningbo Other Co." in line_of(out, OTHER)  # the other case is listed from the index
    rows = {r["po"]: r for r in json.loads(run(unlocked, capsys, "list", "--json")[1])}
    assert rows[PO]["phase"] == "unreadable" and rows[PO]["unreadable"] and "file_stamp" not in rows[PO]
    code, _, err = run(unlocked, capsys, "check")
    assert code == 1
    assert (f"INDEX {PO}: the case list shows 'inspection passed: balance unlocked', but its case file "
            "cannot be read") in err


def test_a_file_restored_from_a_backup_lists_its_status_again(unlocked, capsys, tmp_path):
    path = unlocked.case_path(PO)
    shutil.copy2(path, tmp_path / "backup.json")
    path.write_bytes(b"")
    assert "UNREADABLE" in line_of(run(unlocked, capsys, "list")[1], PO)
    shutil.copy2(tmp_path / "backup.json", path)
    assert "inspection passed: balance unlocked" in line_of(run(unlocked, capsys, "list")[1], PO)


def test_a_case_changed_outside_casefile_is_listed_as_it_is_now(unlocked, capsys):
    path = unlocked.case_path(PO)
    tables = json.loads(path.read_bytes())
    tables["case"]["1"]["supplier"] = "Someone Else Ltd."
    path.write_text(json.dumps(tables), encoding="utf-8")
    line = line_of(run(unlocked, capsys, "list")[1], PO)
    assert "Someone Else Ltd." in line and "changed outside Casefile" in line


def test_check_names_an_entry_written_by_an_earlier_version_without_a_stamp(unlocked, capsys):
    for shard in unlocked.index_dir.glob("*.json"):
        entries = json.loads(shard.read_bytes())
        shard.write_text(json.dumps({po: {k: v for k, v in e.items() if k != "file_stamp"}
                                     for po, e in entries.items()}), encoding="utf-8")
    code, _, err = run(unlocked, capsys, "check")
    assert code == 0
    assert f"INDEX {PO}: its case list entry was made from an earlier version of the file" in err
    assert "index out of date for 2 case(s)" in err
    run(unlocked, capsys, "list")  # reads both from their files and writes their entries
    assert "INDEX" not in run(unlocked, capsys, "check")[2]


def test_an_open_workspace_sees_a_shard_changed_behind_it(unlocked):
    """The app lists again and again from one Workspace; a shard it validated before and
    since changed on disk is read anew, whatever the change."""
    before = {s.po: s for s in unlocked.list_summaries()}
    assert before[PO].phase_text.startswith("inspection passed")
    shard = unlocked.index.shard_path(PO)
    docs = json.loads(shard.read_bytes())
    docs[PO]["phase_text"] = "edited behind the app's back"
    shard.write_bytes(json.dumps(docs).encode())
    assert {s.po: s for s in unlocked.list_summaries()}[PO].phase_text == "edited behind the app's back"
    docs[PO]["held_cny"] = 12.5  # a JSON number: refused, so the case is read from its file
    shard.write_bytes(json.dumps(docs).encode())
    listing = unlocked.list_cases()
    assert {s.po: s for s in listing.summaries}[PO].phase_text.startswith("inspection passed")
    assert any("held_cny" in p for p in listing.index_problems)
