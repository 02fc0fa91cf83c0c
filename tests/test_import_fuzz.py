"""Any file given to `casefile import-report`: exit 0 or 2 with one line, never a
traceback, and the case still reads afterwards.

CASEFILE_FUZZ_EXAMPLES sets the examples per strategy (default 150, so the suite stays
fast; a longer run: CASEFILE_FUZZ_EXAMPLES=5000).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.actions.workspace import Workspace
from conftest import make_case
from reportkit import FIRST_FAILED, example
from tui.cli import main

pytest_plugins = ["figures"]

EXAMPLES = int(os.environ.get("CASEFILE_FUZZ_EXAMPLES", "150"))
PO = "PO/2026/114"
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_runs = {"examples": 0, "imported": 0, "refused": 0}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
FIELDS = list(example())


@st.composite
def mutated_reports(draw) -> dict:
    """The example report with fields replaced by anything, removed, or added: past the
    parser and deep into the validation."""
    data = example()
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["replace", "delete", "add", "class", "finding"]))
        if action == "replace":
            data[draw(st.sampled_from(FIELDS))] = draw(json_values)
        elif action == "delete":
            data.pop(draw(st.sampled_from(FIELDS)), None)
        elif action == "add":
            data[draw(st.text(max_size=12))] = draw(json_values)
        elif action == "class" and isinstance(data.get("classes"), dict):
            cls = draw(st.sampled_from(["critical", "major", "minor"]))
            old = data["classes"].get(cls)
            key = draw(st.sampled_from(["aql", "found", "accept", "reject"]))
            data["classes"][cls] = {**(old if isinstance(old, dict) else {}), key: draw(json_values)}
        elif action == "finding" and isinstance(data.get("findings"), list) and data["findings"]:
            old = data["findings"][0]
            key = draw(st.sampled_from(["defect_type", "class", "units", "cartons", "note"]))
            data["findings"][0] = {**(old if isinstance(old, dict) else {}), key: draw(json_values)}
    return data


@pytest.fixture(scope="module")
def ws() -> Workspace:
    root = Path(tempfile.mkdtemp(prefix="casefile-fuzz-")) / "ws"
    ws = Workspace.open(root)
    ws.create(make_case(PO))
    return ws


def import_file(ws: Workspace, content: bytes) -> None:
    path = ws.root.parent / "fuzzed-report.json"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(["--data", str(ws.root), "import-report", PO, str(path)])
        except SystemExit as exc:  # argparse
            code = exc.code
    assert code in (0, 2), (code, err.getvalue())
    if code == 2:
        assert err.getvalue().startswith("casefile: ") and err.getvalue().count("\n") == 1, err.getvalue()
        _runs["refused"] += 1
    else:
        _runs["imported"] += 1
    assert ws.load(PO).po == PO  # the case still reads (a fresh parse: the file changed, or not)
    _runs["examples"] += 1


@FUZZ
@given(json_values)
def test_any_json_value(ws, value):
    import_file(ws, json.dumps(value).encode())


@FUZZ
@given(mutated_reports())
def test_any_mutation_of_a_valid_report(ws, data):
    import_file(ws, json.dumps(data, ensure_ascii=False).encode())


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(ws, raw):
    import_file(ws, raw)


@FUZZ
@given(st.data())
def test_any_bytes_changed_in_a_valid_report(ws, data):
    raw = bytearray(FIRST_FAILED.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    import_file(ws, bytes(raw))


def test_fuzz_figure(ws, figure):
    """Runs last in file order and states the figure; `check` passes on what the fuzz left."""
    assert main(["--data", str(ws.root), "check"]) == 0
    if _runs["examples"]:
        figure(f"import-report fuzz: {_runs['examples']} files (JSON values, mutated reports, raw and flipped "
               f"bytes): {_runs['refused']} refused with exit 2 and one line, {_runs['imported']} imported, "
               "0 tracebacks, the case readable after each, `check` clean")
