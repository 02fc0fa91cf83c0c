"""A shared workspace where a colleague, a script or a bad disk left hostile bytes: index
shards, file names, FIFOs, lock symlinks, out-of-range numbers. Nothing reaches the
terminal as a control, nothing hangs, nothing gives a traceback, and a failing rule
leaves the case file as it was."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from casefile.actions.import_report import import_report
from casefile.actions.note import append_entry
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft
from casefile.store.protocol import Change
from casefile.values.errors import CorruptCaseError, InputError
from conftest import make_case
from reportkit import FIRST_FAILED, example
from tui.cli import main

pytest_plugins = ["figures"]

PO, OTHER = "PO/2026/114", "Ord 77-B"
ESC_ATTACKS = ["\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b[2J\x1b[H", "\u009b2J", "\r\x1b[1A"]
REPO = Path(__file__).resolve().parents[1]
_held: list[str] = []  # attacks that held, for the printed figure


@pytest.fixture
def ws(tmp_path) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case(PO))
    ws.create(make_case(OTHER, supplier="Ningbo Kitchenware"))
    return ws


def cli(ws: Workspace, capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def no_controls(*texts: str) -> bool:
    return not any(ch in text for text in texts for ch in "\x1b\x07\u009b\r")


def shard_of(ws: Workspace, po: str) -> Path:
    return ws.index_dir / f"{hashlib.sha256(po.encode()).hexdigest()[:2]}.json"


def plant_in_shard(ws: Workspace, po: str, **fields) -> None:
    path = shard_of(ws, po)
    shard = json.loads(path.read_bytes())
    shard[po] = {**shard[po], **fields}
    path.write_text(json.dumps(shard), encoding="utf-8")


# -- index shards ------------------------------------------------------------------

@pytest.mark.parametrize("attack", ESC_ATTACKS)
def test_a_shard_with_terminal_controls_is_dropped_and_the_case_read_from_its_file(ws, capsys, attack):
    plant_in_shard(ws, PO, supplier=f"Brightway{attack}", phase_text=f"paid{attack}")
    code, out, err = cli(ws, capsys, "list")
    assert code == 0 and no_controls(out, err)
    assert "Shenzhen Brightway Ligh…" in out  # from the case file, not the shard
    assert err.count("\n") == 1 and "index" in err and "--rebuild-index" in err
    code, out, _ = cli(ws, capsys, "list", "--json")
    assert {c["po"]: c["supplier"] for c in json.loads(out)}[PO] == "Shenzhen Brightway Lighting Co."
    _held.append(f"shard {attack!r}")


def test_a_shard_entry_cannot_put_its_words_on_another_case(ws, capsys):
    other_file = ws.case_path(OTHER).stem
    plant_in_shard(ws, PO, file=other_file, supplier="Not Ningbo")
    _, out, err = cli(ws, capsys, "list", "--json")
    listed = {c["po"]: c["supplier"] for c in json.loads(out)}
    assert listed == {PO: "Shenzhen Brightway Lighting Co.", OTHER: "Ningbo Kitchenware"}
    assert "does not name its own case file" in err
    _held.append("shard entry naming another case's file")


@pytest.mark.parametrize("content", [b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe garbage", b"[1, 2]", b""],
                         ids=["100k-deep", "not-utf8", "a-list", "empty"])
def test_a_broken_shard_lists_every_case_from_the_case_files(ws, capsys, content):
    shard_of(ws, PO).write_bytes(content)
    code, out, err = cli(ws, capsys, "list", "--json")
    assert code == 0 and {c["po"] for c in json.loads(out)} == {PO, OTHER}
    assert "Traceback" not in err
    # writes still work: the shard is rewritten whole
    append_entry(ws, PO, EntryDraft(subject="after the bad shard"))
    _held.append(f"broken shard {content[:8]!r}")


def test_check_names_an_index_entry_of_no_case(ws, capsys):
    path = shard_of(ws, PO)
    shard = json.loads(path.read_bytes())
    shard["ghost\x1b[2J"] = {"file": "ghost", "po": "ghost"}
    path.write_text(json.dumps(shard), encoding="utf-8")
    code, out, err = cli(ws, capsys, "check")
    assert "index out of date for 1 case(s)" in err and no_controls(out, err)
    code, out, err = cli(ws, capsys, "check", "--rebuild-index")
    assert code == 0 and "ghost" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_fifo_where_a_shard_goes_is_named_and_rebuilt(ws, capsys, kind):
    path = shard_of(ws, PO)
    path.unlink()
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    code, out, err = cli(ws, capsys, "list", "--json")
    assert code == 0 and {c["po"] for c in json.loads(out)} == {PO, OTHER}
    assert path.name in err and "--rebuild-index" in err
    code, out, err = cli(ws, capsys, "check", "--rebuild-index")
    assert code == 0 and path.is_file()
    assert cli(ws, capsys, "list")[2] == ""  # the index is whole again
    _held.append(f"{kind} as an index shard")


# -- file names and special files in cases/ ------------------------------------------------

def test_a_hostile_file_name_is_listed_on_one_line_without_its_controls(ws, capsys):
    (ws.cases_dir / "evil\x1b]52;c;eA==\x07\nsecond line.json").write_bytes(b"{not json")
    code, out, err = cli(ws, capsys, "list")
    assert code == 0 and no_controls(out, err)
    assert len(out.splitlines()) == 3  # the two cases and the unreadable file, one line each
    code, out, err = cli(ws, capsys, "check")
    assert code == 1 and no_controls(out, err) and "BAD" in err
    assert all(line.startswith(("BAD", "index")) for line in err.splitlines())
    _held.append("hostile case file name")


def run_process(ws: Workspace, *argv: str) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "tui", "--data", str(ws.root), *argv],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "Traceback" not in out.stderr, out.stderr
    return out


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_fifo_device_or_folder_planted_as_a_case_never_hangs_a_reader(ws, kind):
    planted = ws.cases_dir / "planted.0123456789ab.json"
    if kind == "fifo":
        os.mkfifo(planted)
    elif kind == "device":
        planted.symlink_to("/dev/zero")
    else:
        planted.mkdir()
    listed = json.loads(run_process(ws, "list", "--json").stdout)
    assert {c["po"] for c in listed} == {PO, OTHER, "(planted.0123456789ab)"}
    unreadable = next(c["unreadable"] for c in listed if c["po"].startswith("("))
    assert {"fifo": "FIFO", "device": "device", "folder": "folder"}[kind] in unreadable
    checked = run_process(ws, "check")
    assert checked.returncode == 1 and "planted" in checked.stderr
    _held.append(f"{kind} as a case file")


@pytest.mark.parametrize("target", ["loop", "victim", "folder"])
def test_a_planted_lock_symlink_is_a_clear_error_and_follows_nothing(ws, capsys, tmp_path, target):
    lock = ws.case_path(PO).with_suffix(".lock")
    lock.unlink(missing_ok=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    if target == "loop":
        lock.symlink_to(lock.name)
    elif target == "victim":
        lock.symlink_to(victim)
    else:
        lock.mkdir()
    before = ws.case_path(PO).read_bytes()
    code, out, err = cli(ws, capsys, "note", PO, "--subject", "hello")
    assert code == 1 and err.count("\n") == 1 and "lock file" in err and "rm " in err
    assert victim.read_text(encoding="utf-8") == "precious" and ws.case_path(PO).read_bytes() == before
    assert cli(ws, capsys, "note", OTHER, "--subject", "the other case still writes")[0] == 0
    _held.append(f"lock symlink to {target}")


# -- rules checked before the write ----------------------------------------------------------

def test_a_change_whose_case_cannot_be_summarised_is_refused_and_the_file_untouched(ws, monkeypatch):
    import casefile.rules.assessment  # the workspace's summariser, imported as a case is written

    before = ws.case_path(PO).read_bytes()

    def refuse(state, file):
        if state.revision > 1:
            raise InputError("lot_size: no table reads this")
        return real(state, file)

    real = casefile.rules.assessment.summarize
    monkeypatch.setattr(casefile.rules.assessment, "summarize", refuse)
    with pytest.raises(InputError, match="no table reads this"):
        append_entry(ws, PO, EntryDraft(subject="never written"))
    assert ws.case_path(PO).read_bytes() == before
    _held.append("summary refused before the write")


def test_a_record_the_rules_build_from_bad_input_is_a_clear_error(ws):
    class Strict(BaseModel):
        amount: int

    with pytest.raises(InputError, match="amount"):
        ws.transact(PO, lambda s: Change("bad", records=[Strict(amount="x")]))


def test_a_report_with_a_lot_of_one_is_refused_and_the_workspace_stays_whole(ws, capsys, tmp_path):
    data = example()
    data.update(lot_size=1, sample_size=1, findings=[], spec_checks=[])
    data["classes"] = {c: {"aql": v["aql"], "found": 0} for c, v in data["classes"].items()}
    path = tmp_path / "lot1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = ws.case_path(PO).read_bytes()
    code, _, err = cli(ws, capsys, "import-report", PO, str(path))
    assert code == 2 and "lot_size: a lot is at least 2 units" in err
    assert ws.case_path(PO).read_bytes() == before
    assert cli(ws, capsys, "check")[0] == 0 and cli(ws, capsys, "show", PO)[0] == 0
    _held.append("report with a lot of 1")


@pytest.mark.parametrize("lot", [10 ** 30, 10_000_001])
def test_a_huge_lot_is_refused_at_import(ws, capsys, tmp_path, lot):
    data = example()
    data["lot_size"] = lot
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = cli(ws, capsys, "import-report", PO, str(path))
    assert code == 2 and err.count("\n") == 1 and "10,000,000" in err
    _held.append(f"report with a lot of {lot:.0e}")


def test_a_case_file_from_before_the_bounds_is_named_not_a_traceback(ws, capsys):
    import_report(ws, PO, FIRST_FAILED)
    path = ws.case_path(PO)
    tables = json.loads(path.read_bytes())
    tables["reports"]["1"]["lot_size"] = 10 ** 30
    path.write_text(json.dumps(tables), encoding="utf-8")
    code, _, err = cli(ws, capsys, "diagnose", PO)
    assert code == 1 and "reports.0.lot_size: at most 10,000,000 units" in err
    code, _, err = cli(ws, capsys, "check")
    assert code == 1 and path.name in err
    assert cli(ws, capsys, "show", OTHER)[0] == 0
    with pytest.raises(CorruptCaseError):
        ws.load(PO)
    _held.append("stored lot of 10^30")


@pytest.mark.parametrize("argv", [
    ["new", "PO-9", "--supplier", "S", "--product", "P", "--quantity", "3000", "--order-value-cny", "100.00",
     "--deposit-cny", "30.00", "--rate", "999999999999999"],
    ["pay", PO, "--kind", "deposit", "--cny", "30.00", "--rate", "999999999999999", "--receipt", "R1"],
    ["quote", PO, "--rate", "999999999999999", "--expires", "2026-12-01"],
    ["options", PO, "--rate", "999999999999999"],
    ["pay", PO, "--kind", "deposit", "--cny", "1000000000000.00", "--rate", "9999.9999", "--receipt", "R1"],
])
def test_out_of_range_money_is_one_line_not_a_traceback(ws, capsys, argv):
    code, _, err = cli(ws, capsys, *argv)
    assert code == 2 and err.count("\n") == 1, err
    assert "below" in err
    _held.append(f"{argv[0]} {argv[-2] if argv[0] != 'pay' else argv[5]}")


def test_hostile_workspace_figure(figure):
    """Runs last in file order and states the figure."""
    if _held:
        figure(f"hostile workspace: {len(_held)} attacks tried, {len(_held)} held (shards, file names, "
               "FIFO/device/folder cases, lock symlinks, rules before the write, out-of-range numbers)")
