"""`casefile new/list/show/note/check` as scripts over SSH run them: real processes,
exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PO = "PO/2026/114"
NEW = ["--supplier", "Shenzhen Brightway Lighting Co.", "--product", "LED desk lamp DL-40", "--quantity", "3,000",
       "--order-value-cny", "84000.00", "--deposit-cny", "25200.00", "--spec", "S1=colour Pantone 286C"]


def run(ws: Path, *args: str) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "tui", "--data", str(ws), *args],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "Traceback" not in out.stderr, out.stderr
    return out


def one_line_error(out: subprocess.CompletedProcess, code: int = 2) -> str:
    assert out.returncode == code, (out.returncode, out.stdout, out.stderr)
    assert out.stderr.startswith("casefile") and out.stderr.count("\n") == 1, out.stderr
    return out.stderr


@pytest.fixture
def ws(tmp_path) -> Path:
    ws = tmp_path / "ws"
    assert run(ws, "new", PO, *NEW).returncode == 0
    return ws


def test_new_then_list_and_show(ws):
    listed = json.loads(run(ws, "list", "--json").stdout)
    assert [c["po"] for c in listed] == [PO]
    assert listed[0]["supplier"] == "Shenzhen Brightway Lighting Co."
    assert PO in run(ws, "list").stdout
    shown = json.loads(run(ws, "show", PO, "--json").stdout)
    assert shown["case"]["quantity"] == 3000 and shown["case"]["order_value_cny"] == "84000.00"
    assert shown["case"]["spec_points"][0]["text"] == "colour Pantone 286C"
    text = run(ws, "show", PO).stdout
    assert "LED desk lamp DL-40" in text and "84,000.00" in text
    assert text.startswith(f"{PO}  ·  ") and "PO PO" not in run(ws, "ledger", PO).stdout  # the order named once


def test_empty_workspace_lists_nothing(tmp_path):
    assert run(tmp_path / "fresh", "init").returncode == 0
    out = run(tmp_path / "fresh", "list", "--json")
    assert out.returncode == 0 and json.loads(out.stdout) == []
    assert "no cases yet" in run(tmp_path / "fresh", "list").stdout


@pytest.mark.parametrize("command", [["list"], ["show", PO], ["check"], ["log", PO], ["ledger", PO], ["export", PO],
                                     ["note", PO, "--subject", "x"]])
def test_a_typo_in_data_never_creates_a_workspace(tmp_path, command):
    typo = tmp_path / "wss"
    err = one_line_error(run(typo, *command))
    assert "not a Casefile workspace" in err and "typo" in err and f"--data {typo} init" in err
    assert not typo.exists()


def test_data_naming_a_file_is_not_told_to_init_it(tmp_path):
    """`init` there would only fail with "File exists"."""
    report = tmp_path / "report.json"
    report.write_text("{}")
    err = one_line_error(run(report, "list"))
    assert "is a file, not a Casefile workspace" in err and "init" not in err


def test_only_init_and_new_create_a_workspace(tmp_path):
    assert run(tmp_path / "a", "init").returncode == 0 and (tmp_path / "a" / "workspace.json").exists()
    assert run(tmp_path / "b", "new", PO, *NEW).returncode == 0 and (tmp_path / "b" / "workspace.json").exists()


@pytest.mark.parametrize("args,flag", [
    (["--order-value-cny", "84000.505"], "--order-value-cny"),
    (["--order-value-cny", "84,00"], "--order-value-cny"),
    (["--deposit-cny", "90000.00"], "deposit"),
    (["--quantity", "three thousand"], "--quantity"),
    (["--quantity", "0"], "--quantity"),
    (["--spec", "no equals sign"], "--spec"),
])
def test_new_refuses_bad_input_naming_the_flag(tmp_path, args, flag):
    ws = tmp_path / "ws"
    err = one_line_error(run(ws, "new", PO, *NEW, *args))
    assert flag in err
    assert not ws.exists()  # nothing half-made, not even the workspace


@pytest.mark.parametrize("args,words", [
    (["--golden", "G1=switch feel", "--golden", "G1=switch travel"], "--spec/--golden: the key G1 is used twice"),
    (["--spec", "S 2=weight 250 g"], "--spec key: a point's key is a short code such as S1 or G2"),
    (["--golden", "G1=" + "x" * 201], "--golden G1: too long: at most 200 characters"),
])
def test_a_bad_point_is_refused_naming_its_flag_and_key(tmp_path, args, words):
    """Not "spec_points.1.text": the user typed --spec or --golden, never that list."""
    err = one_line_error(run(tmp_path / "ws", "new", PO, *NEW, *args))
    assert words in err and "spec_points" not in err


def test_new_missing_flag_and_duplicate(ws):
    assert "--supplier" in one_line_error(run(ws, "new", "PO-2", "--product", "x"))
    other = [*NEW[:1], "Another Factory Ltd", *NEW[2:]]
    assert "already exists" in one_line_error(run(ws, "new", PO, *other))


def test_a_retried_new_is_a_no_op(ws):
    """A script whose SSH link dropped runs `new` again: the same case is not an error."""
    again = run(ws, "new", PO, *NEW)
    assert again.returncode == 0, again.stderr
    shown = json.loads(run(ws, "show", PO, "--json").stdout)
    assert shown["revision"] == 1 and len(shown["history"]) == 1


def test_note_appends_and_a_retried_note_is_a_no_op(ws):
    entry_id = "a1b2c3d4e5f60718"
    for _ in range(2):
        out = run(ws, "note", PO, "--subject", "colour off standard", "--body", "Pantone 286C agreed",
                  "--direction", "to-supplier", "--channel", "wechat", "--id", entry_id)
        assert out.returncode == 0, out.stderr
    shown = json.loads(run(ws, "show", PO, "--json").stdout)
    assert [(e["id"], e["channel"]) for e in shown["correspondence"]] == [(entry_id, "wechat")]


@pytest.mark.parametrize("args,needle", [
    (["--subject", "x", "--direction", "sideways"], "--direction"),
    (["--subject", "x", "--deadline", "31/12/2026"], "--deadline"),
    (["--subject", ""], "--subject"),
    (["--subject", "x", "--id", "not-hex!"], "--id"),
])
def test_note_refuses_bad_input(ws, args, needle):
    assert needle in one_line_error(run(ws, "note", PO, *args))
    assert json.loads(run(ws, "show", PO, "--json").stdout)["correspondence"] == []


def test_a_byte_that_is_not_utf8_is_refused_in_words_naming_it(ws):
    """A Latin-1 terminal sends "café" as the bytes caf\\xe9: the refusal says which byte and
    what to do, for a free-text flag (refused by pydantic-core first) and for the PO alike."""
    latin1 = os.fsdecode(b"caf\xe9")
    err = one_line_error(run(ws, "note", PO, "--subject", latin1))
    assert "--subject: contains a byte that is not UTF-8 text (0xE9) at position 4" in err
    assert "set the terminal to UTF-8" in err
    err = one_line_error(run(ws, "new", os.fsdecode(b"PO-\xff"), *NEW))
    assert "PO: contains a byte that is not UTF-8 text (0xFF) at position 4" in err


def test_output_to_a_full_disk_exits_1_in_one_line_not_a_traceback(ws):
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "tui", "--data", str(ws), "show", PO, "--json"],
                             stdout=full, stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 1 and "Traceback" not in out.stderr and out.stderr.count("\n") == 1
    assert "casefile: could not write the output (No space left on device)" in out.stderr


def test_output_that_fails_when_flushed_is_not_exit_0(ws, capsys, monkeypatch):
    """Buffered output meets the full disk only when flushed: at exit, where it was ignored."""
    import errno
    import io

    from tui.cli import main

    class FullWhenFlushed(io.StringIO):
        def flush(self):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", FullWhenFlushed())
    assert main(["--data", str(ws), "list"]) == 1
    assert "could not write the output (No space left on device)" in capsys.readouterr().err


def test_unknown_case(ws):
    assert "no case" in one_line_error(run(ws, "show", "PO-404"))
    assert "no case" in one_line_error(run(ws, "note", "PO-404", "--subject", "x"))


def test_check_names_each_bad_file_and_exits_1(ws):
    assert run(ws, "new", "Ord 77-B", *NEW).returncode == 0
    assert run(ws, "new", "采购单-88", *NEW).returncode == 0
    good = run(ws, "check")
    assert good.returncode == 0 and "checked 3 case file(s): 0 unreadable" in good.stdout
    files = sorted((ws / "cases").glob("*.json"))
    files[0].write_bytes(files[0].read_bytes()[:-10])
    files[1].write_bytes(b"")
    out = run(ws, "check")
    assert out.returncode == 1
    bad_lines = [line for line in out.stderr.splitlines() if line.startswith("BAD ")]
    assert len(bad_lines) == 2
    assert files[0].name in bad_lines[0] + bad_lines[1] and files[1].name in bad_lines[0] + bad_lines[1]
    assert "2 unreadable" in out.stdout
    assert one_line_error(run(ws, "note", json.loads(run(ws, "list", "--json").stdout)[0]["po"], "--subject", "x"), 1)


def test_check_names_an_index_shard_it_cannot_read(ws):
    """`list` says which shard it could not use; `check`, where one looks for bad files,
    names it too (not only the case it leaves out), and a rebuild rewrites it."""
    [shard] = (ws / "index").glob("*.json")
    shard.write_bytes(b"\x00garbage")
    out = run(ws, "check")
    assert f"INDEX {shard.name} is not valid JSON" in out.stderr
    assert "rebuilt" not in out.stdout and shard.name not in run(ws, "check", "--rebuild-index").stderr
    assert shard.name not in run(ws, "check").stderr


@pytest.mark.parametrize("name, text, words", [
    ("settings-log.json", "{bad", "not a list of setting changes"),
    ("suppliers.json", "{bad", "not a list of supplier merges"),
    ("improvements.json", "{bad", "not a list of supplier improvements"),
    ("settings.json", '{"home_currency": "ZZZ"}', "'ZZZ' is not an ISO 4217 currency code"),
])
def test_check_names_a_bad_workspace_file_not_the_cases_read_with_it(ws, name, text, words):
    """Not "BAD cases/PO-....json: cannot be summarised (...); restore it from a backup" for
    every case (the case files are fine, and restoring them would lose work), nor "0
    unreadable" while other commands refuse the file."""
    (ws / name).write_text(text)
    err = one_line_error(run(ws, "check"))
    assert f"{ws / name}: " in err and words in err and "BAD" not in err and "cases/" not in err


def test_check_rebuild_index_after_the_index_is_deleted(ws):
    assert run(ws, "new", "Ord 77-B", *NEW).returncode == 0
    assert run(ws, "note", PO, "--subject", "reply by Friday", "--direction", "to-supplier",
               "--deadline", "2026-12-04").returncode == 0
    before = json.loads(run(ws, "list", "--json").stdout)
    for shard in (ws / "index").glob("*.json"):
        shard.unlink()
    stale = run(ws, "check")
    assert "index out of date for 2 case(s)" in stale.stderr
    rebuilt = run(ws, "check", "--rebuild-index")
    assert rebuilt.returncode == 0 and "index rebuilt" in rebuilt.stdout
    assert len(list((ws / "index").glob("*.json"))) >= 1
    assert "index out of date" not in run(ws, "check").stderr
    assert json.loads(run(ws, "list", "--json").stdout) == before
