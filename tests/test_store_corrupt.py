"""A case file that is torn, garbage or invalid is refused, named, and never overwritten;
the other cases in the workspace still open and list."""

from __future__ import annotations

import json

import pytest

from casefile.actions.note import append_entry
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft
from casefile.values.errors import CaseExists, CorruptCaseError
from conftest import make_case


PO, OTHER = "PO/2026/114", "Ord 77-B"


@pytest.fixture
def ws(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case(PO))
    ws.create(make_case(OTHER, supplier="Ningbo Other Co."))
    for n in range(2):
        append_entry(ws, PO, EntryDraft(subject=f"colour off-standard, photo {n}", body="Pantone 286C expected.", direction="to-supplier"))
    return ws


def _refused_untouched_others_fine(root, path, bad: bytes, *, full: bool = True) -> str:
    """Put `bad` in the case file and prove every promise; returns the refusal message."""
    path.write_bytes(bad)
    ws = Workspace.open(root)
    with pytest.raises(CorruptCaseError) as caught:
        ws.load(PO)
    assert path.name in str(caught.value)
    with pytest.raises(CorruptCaseError):
        append_entry(ws, PO, EntryDraft(subject="written to a broken file"))
    with pytest.raises(CaseExists):
        ws.create(make_case(PO))
    assert path.read_bytes() == bad  # byte-identical: nothing wrote over it
    assert ws.load(OTHER).case.supplier == "Ningbo Other Co."
    assert OTHER in {s.po for s in ws.list_summaries()}
    if full:
        append_entry(ws, OTHER, EntryDraft(subject="the other case still takes writes"))
        assert [e.path for e in ws.check().bad] == [path]
    return str(caught.value)


@pytest.mark.slow
def test_truncated_at_every_byte_offset(ws, figure):
    path = ws.case_path(PO)
    whole = path.read_bytes()
    refused = 0
    for size in range(len(whole)):
        _refused_untouched_others_fine(ws.root, path, whole[:size], full=size % 100 == 0)
        refused += 1
    figure(f"truncation: a {len(whole)}-byte case file cut at all {len(whole)} offsets: {refused} refused, 0 overwritten, other cases fine")
    assert refused == len(whole)


def _tables(ws) -> dict:
    return json.loads(ws.case_path(PO).read_bytes())


def _with(ws, change) -> bytes:
    tables = _tables(ws)
    change(tables)
    return json.dumps(tables, ensure_ascii=False).encode()


def _first_entry(tables) -> dict:
    return tables["correspondence"]["1"]


BAD_FILES = {
    "empty": lambda ws: b"",
    "garbage": lambda ws: bytes(range(256)) * 3,
    "all NUL bytes": lambda ws: b"\0" * 4096,
    "NUL inside a string": lambda ws: ws.case_path(PO).read_bytes().replace(b"Pantone", b"Pan\0one", 1),
    "NUL after the JSON": lambda ws: ws.case_path(PO).read_bytes() + b"\0",
    "two JSON documents": lambda ws: ws.case_path(PO).read_bytes() * 2,
    "not UTF-8": lambda ws: ws.case_path(PO).read_bytes().replace("±".encode(), b"\xb1", 1),
    "a JSON list": lambda ws: b"[]",
    "an empty object": lambda ws: b"{}",
    "quantity as text": lambda ws: _with(ws, lambda t: t["case"]["1"].update(quantity="3000")),
    "quantity negative": lambda ws: _with(ws, lambda t: t["case"]["1"].update(quantity=-1)),
    "revision as text": lambda ws: _with(ws, lambda t: t["meta"]["1"].update(revision="3")),
    "unknown format": lambda ws: _with(ws, lambda t: t["meta"]["1"].update(format=3)),
    "order value as a JSON number": lambda ws: _with(ws, lambda t: t["case"]["1"].update(order_value_cny=84000.0)),
    "deposit as a JSON integer": lambda ws: _with(ws, lambda t: t["case"]["1"].update(deposit_cny=25200)),
    "money with 3 places": lambda ws: _with(ws, lambda t: t["case"]["1"].update(deposit_cny="25200.005")),
    "money in exponent form": lambda ws: _with(ws, lambda t: t["case"]["1"].update(deposit_cny="2.52E+4")),
    "rate as a JSON number": lambda ws: _with(ws, lambda t: t["case"]["1"].update(planning_rate=215.5)),
    "table as a list": lambda ws: _with(ws, lambda t: t.update(correspondence=[_first_entry(t)])),
    "document id not a number": lambda ws: _with(ws, lambda t: t["correspondence"].update(x=_first_entry(t))),
    "unknown field": lambda ws: _with(ws, lambda t: _first_entry(t).update(colour="red")),
    "missing field": lambda ws: _with(ws, lambda t: _first_entry(t).pop("subject")),
    "bad record id": lambda ws: _with(ws, lambda t: _first_entry(t).update(id="../../etc")),
    "unknown table": lambda ws: _with(ws, lambda t: t.update(extras={})),
    "two case documents": lambda ws: _with(ws, lambda t: t["case"].update({"2": t["case"]["1"]})),
    "another PO's case": lambda ws: ws.case_path(OTHER).read_bytes(),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_file_is_refused_and_left_alone(ws, kind):
    message = _refused_untouched_others_fine(ws.root, ws.case_path(PO), BAD_FILES[kind](ws))
    assert "left untouched" in message


def test_a_refusal_says_where(ws):
    bad = _with(ws, lambda t: t["case"]["1"].update(order_value_cny=84000.0))
    message = _refused_untouched_others_fine(ws.root, ws.case_path(PO), bad)
    assert "order_value_cny" in message and "string" in message
