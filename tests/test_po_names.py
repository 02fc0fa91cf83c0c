"""PO numbers as importers (and attackers) type them: stored under safe names, inside the
workspace, one file per PO; refused ones get exit 2 and one line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.records.po import po_filename
from tui.cli import main


REPO = Path(__file__).resolve().parents[1]
SAFE_NAME = re.compile(r"^[A-Za-z0-9-]{1,43}\.[0-9a-f]{12}\.(json|lock)$")
CASE_FLAGS = ["--supplier", "Shenzhen Brightway", "--product", "LED lamp", "--quantity", "3000",
              "--order-value-cny", "84000.00", "--deposit-cny", "25200.00"]

ACCEPTED = [
    "PO/2026/114", "PO-2026-114", "PO 2026 114", "PO_2026_114", "PO.2026.114", "PO/2026/114.",
    "Ord 77-B", "采购单-88", "采购单-89", "../x", "../../x", "/etc/passwd", "..", ".", "...", "~root", "$HOME",
    "CON", "NUL", "LPT1", "COM1.txt", "-rf", "a" * 64, "PO\u00a0114", "Café-1", "Cafe\u0301-2",
]
REFUSED = {
    "NUL byte": "PO\x00114", "newline": "PO\n114", "tab": "PO\t114", "escape sequence": "\x1b[31mred",
    "DEL": "PO\x7f", "bidi override": "\u202eevil", "zero-width space": "PO\u200b114", "300 characters": "P" * 300,
    "65 characters": "a" * 65, "empty": "", "only spaces": "   ", "line separator": "PO\u2028114",
    "paragraph separator": "PO\u2029114",
}
# each looks the same as PO-1 (or the one before it in ACCEPTED): refused, naming the existing case
LOOKALIKES = {
    "U+2010 hyphen": "PO\u20101", "U+2212 minus": "PO\u22121", "em dash": "PO\u20141", "fullwidth": "\uff30\uff2f-1",
    "fullwidth hyphen": "PO\uff0d1", "lower case": "po-1", "Cyrillic Р and О": "\u0420\u041e-1",
    "Greek Ρ and Ο": "\u03a1\u039f-1", "mixed": "\u0440o\u20111",
}


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _all_files(top: Path) -> list[Path]:
    return [Path(d) / f for d, _, files in os.walk(top) for f in files]


def test_hostile_po_numbers(tmp_path, capsys, figure):
    ws = tmp_path / "ws"
    for po in ACCEPTED:
        code, out, err = _cli(capsys, "--data", str(ws), "new", *CASE_FLAGS, "--", po)
        assert (code, err) == (0, ""), (po, err)
    refused_lines = []
    for why, po in REFUSED.items():
        code, out, err = _cli(capsys, "--data", str(ws), "new", *CASE_FLAGS, "--", po)
        assert code == 2, why
        assert err.count("\n") == 1 and err.startswith("casefile: ") and "PO" in err, (why, err)
        refused_lines.append(err)

    case_files = sorted((ws / "cases").glob("*.json"))
    assert len(case_files) == len(ACCEPTED)  # distinct POs never share a file
    for path in _all_files(tmp_path):  # nothing escaped the workspace
        assert path.is_relative_to(ws), path
        if path.parent == ws / "cases":
            assert SAFE_NAME.match(path.name), path.name
    # Still only passwd lines (not its mtime: a test on the other xdist worker may add a user).
    for line in Path("/etc/passwd").read_text().splitlines():
        assert re.fullmatch(r"[^:{}]+:[^:]*:\d+:\d+:[^{}]*", line), line
    for po in ACCEPTED:  # each one opens as itself
        code, out, _ = _cli(capsys, "--data", str(ws), "show", "--json", "--", po)
        assert code == 0 and json.loads(out)["case"]["po"] == unicodedata.normalize("NFC", po)
    figure(f"PO names: {len(ACCEPTED)} hostile-but-valid POs in {len(case_files)} distinct safe files, "
           f"{len(REFUSED)} refused with exit 2 and one line, 0 files outside the workspace")


def test_a_po_that_looks_like_an_existing_one_is_refused_naming_it(tmp_path, capsys, figure):
    ws = str(tmp_path / "ws")
    assert _cli(capsys, "--data", ws, "new", *CASE_FLAGS, "--", "PO-1")[0] == 0
    for why, po in LOOKALIKES.items():
        code, _, err = _cli(capsys, "--data", ws, "new", *CASE_FLAGS, "--", po)
        assert code == 2 and err.count("\n") == 1, (why, err)
        assert "looks the same" in err and "'PO-1'" in err, (why, err)
    assert len(list((tmp_path / "ws" / "cases").glob("*.json"))) == 1
    for different in ("PO-11", "PO 1", "PO_1", "PO-I", "PO/1"):  # what differs to the eye still opens
        assert _cli(capsys, "--data", ws, "new", *CASE_FLAGS, "--", different)[0] == 0, different
    figure(f"look-alike POs: {len(LOOKALIKES)} look-alikes of PO-1 refused naming it, 5 different POs accepted")


def test_the_same_po_typed_twice_is_the_same_case(tmp_path, capsys):
    ws = str(tmp_path / "ws")
    assert _cli(capsys, "--data", ws, "new", *CASE_FLAGS, "--", "Ord 77-B")[0] == 0
    other = ["--supplier", "Another Factory Ltd", *CASE_FLAGS[2:]]
    code, _, err = _cli(capsys, "--data", ws, "new", *other, "--", "  Ord 77-B ")
    assert code == 2 and "already exists" in err
    assert _cli(capsys, "--data", ws, "new", *CASE_FLAGS, "--", "Caf\u00e9-1")[0] == 0
    code, _, err = _cli(capsys, "--data", ws, "new", *other, "--", "Cafe\u0301-1")  # the same text, decomposed
    assert code == 2 and "already exists" in err
    assert len(list((tmp_path / "ws" / "cases").glob("*.json"))) == 2


@pytest.mark.parametrize("command", [["show"], ["note", "--subject", "hello"]])
@pytest.mark.parametrize("po", ["../ws/workspace", "/etc/passwd", "..", "PO\x1b"])
def test_reading_a_hostile_po_opens_nothing(tmp_path, capsys, command, po):
    ws = tmp_path / "ws"
    _cli(capsys, "--data", str(ws), "new", *CASE_FLAGS, "--", "PO/2026/114")
    before = {p: p.read_bytes() for p in _all_files(tmp_path) if p.suffix != ".lock"}
    code, out, err = _cli(capsys, "--data", str(ws), command[0], *command[1:], "--", po)
    assert code == 2 and err.count("\n") == 1
    assert {p: p.read_bytes() for p in _all_files(tmp_path) if p.suffix != ".lock"} == before


def test_refused_po_as_a_real_process(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "tui", "--data", str(tmp_path / "ws"), "new", *CASE_FLAGS, "--", "P" * 300],
        capture_output=True, text=True, cwd=REPO,
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "300 characters" in out.stderr


@settings(max_examples=2000, deadline=None)
@given(st.text(min_size=1, max_size=64), st.text(min_size=1, max_size=64))
def test_file_names_are_safe_and_distinct(a, b):
    for po in (a, b):
        assert SAFE_NAME.match(po_filename(po) + ".json")
        assert po_filename(po).split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    if a != b:
        assert po_filename(a) != po_filename(b)
