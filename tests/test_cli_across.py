"""`casefile agenda`, `casefile supplier` and `casefile supplier-merge` on the demo
workspace: the JSON shapes scripts rely on, totals that agree with `list --json`, names
matched however they are typed, and the home currency setting."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest

from casefile.actions.demo import build_demo
from casefile.values.money import cny_to_ngn
from tui.cli import main


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "ws"
    build_demo(root)
    return root


@pytest.fixture
def demo(demo_master, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_master, root, symlinks=True)
    return root


def run(root, capsys, *argv):
    code = main(["--data", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(root, capsys, *argv):
    code, out, err = run(root, capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_agenda_totals_equal_the_sums_over_the_case_list(demo, capsys):
    listed = as_json(demo, capsys, "list")
    agenda = as_json(demo, capsys, "agenda")
    totals = agenda["totals"]
    rate = Decimal(totals["rate"])
    for name in ("held", "at_risk", "refund_due"):
        summed = sum((Decimal(case[f"{name}_cny"]) for case in listed), Decimal("0"))
        assert Decimal(totals[f"{name}_cny"]) == summed
        assert Decimal(totals[f"{name}_home"]) == cny_to_ngn(summed, rate)
    assert Decimal(totals["held_cny"]) > 0 and Decimal(totals["refund_due_cny"]) > 0
    assert totals["home_currency"] == "NGN"


@pytest.mark.parametrize("argv", [("agenda",), ("supplier", "Guangzhou Meitai Garment Co., Ltd.")])
def test_the_home_amounts_across_cases_name_their_rate(demo, capsys, argv):
    rate = as_json(demo, capsys, "agenda")["totals"]["rate"]  # a case's own ledger may use another
    code, out, _ = run(demo, capsys, *argv)
    assert code == 0 and f"NGN amounts at {Decimal(rate):.4f} NGN/CNY, the latest quote on any case" in out


def test_agenda_items_most_urgent_first(demo, capsys):
    items = as_json(demo, capsys, "agenda")["items"]
    assert items and all(set(i) == {"po", "kind", "what", "due", "overdue"} for i in items)
    flags = [(not i["overdue"], i["due"] is None) for i in items]
    assert flags == sorted(flags), "overdue first, then dated, then undated"
    dated = [i["due"] for i in items if i["due"] and not i["overdue"]]
    assert dated == sorted(dated)
    kinds = {i["kind"] for i in items}
    assert {"deadline", "refund-due", "balance-waiting", "no-decision"} <= kinds
    assert items[0]["overdue"] and items[0]["po"] == "PO/2026/133"


def test_supplier_json_fields(demo, capsys):
    record = as_json(demo, capsys, "supplier", "GUANGZHOU meitai garment co ltd")
    assert set(record) >= {"supplier", "severity", "severity_reason", "cases", "original_inspections",
                           "defect_types", "failure_rate", "deadlines", "money"}
    assert record["supplier"] == "Guangzhou Meitai Garment Co., Ltd."
    assert record["severity"] in ("normal", "tightened", "reduced", "discontinued")
    assert [c["po"] for c in record["cases"]] == ["PO/2026/133"]
    assert all(set(i) == {"po", "date", "accepted"} for i in record["original_inspections"])
    assert set(record["deadlines"]) == {"met", "missed"} and record["deadlines"]["missed"] >= 1  # rework overdue
    assert set(record["money"]) >= {"held_cny", "at_risk_cny", "held_home", "at_risk_home", "home_currency"}


def test_an_unknown_supplier_is_refused_with_a_suggestion(demo, capsys):
    code, out, err = run(demo, capsys, "supplier", "Meitai")
    assert code == 2 and out == ""
    assert "no case with supplier 'Meitai'; did you mean 'Guangzhou Meitai Garment Co., Ltd.'" in err


def test_merging_two_spellings_is_recorded_and_joins_their_cases(demo, capsys):
    code, _, err = run(demo, capsys, "supplier-merge", "Foshan Jiahe Furniture", "Guangzhou Meitai Garment",
                       "--reason", "")
    assert code == 2 and "--reason" in err
    code, out, err = run(demo, capsys, "supplier-merge", "Foshan Jiahe Furniture", "Guangzhou Meitai Garment",
                         "--reason", "same owner, one factory")
    assert code == 0, err
    record = as_json(demo, capsys, "supplier", "foshan jiahe furniture")
    assert {c["po"] for c in record["cases"]} == {"PO/2026/133", "PO/2026/119"}
    stored = json.loads((demo / "suppliers.json").read_text())
    assert stored[0]["reason"] == "same owner, one factory" and stored[0]["by"]
    code, _, err = run(demo, capsys, "supplier-merge", "Foshan Jiahe Furniture", "Guangzhou Meitai Garment",
                       "--reason", "again")
    assert code == 2 and "already one supplier" in err


@pytest.mark.parametrize("names, words", [
    (["", "Guangzhou Meitai Garment"], "casefile: FROM: required"),
    (["Foshan Jiahe Furniture", "Meitai\x1b[2J"], "casefile: INTO: contains a control character (U+001B)"),
])
def test_a_merge_refused_names_the_argument_typed(demo, capsys, names, words):
    code, _, err = run(demo, capsys, "supplier-merge", *names, "--reason", "same owner")
    assert code == 2 and err.startswith(words) and "alias" not in err and "canonical" not in err


def test_home_currency_is_a_workspace_setting(demo, capsys):
    (demo / "settings.json").write_text('{"home_currency": "ghs"}')
    code, out, err = run(demo, capsys, "agenda")
    assert code == 0 and "GH₵" in out and "₦" not in out
    assert as_json(demo, capsys, "agenda")["totals"]["home_currency"] == "GHS"
    (demo / "settings.json").write_text('{"home_currency": "NGX"}')
    code, out, err = run(demo, capsys, "agenda")
    assert code == 2 and err.count("\n") == 1
    assert "'NGX' is not an ISO 4217 currency code" in err


def _edit_entry(root, po: str, **changes) -> None:
    from casefile.actions.workspace import Workspace

    shard = Workspace.open(root).index.shard_path(po)
    docs = json.loads(shard.read_bytes())
    docs[po].update(changes)
    shard.write_bytes(json.dumps(docs).encode())


def test_supplier_reads_only_what_may_concern_it_and_trusts_no_entry_unchecked(demo, capsys):
    """`supplier` validates only the index entries of its supplier (and those with a rate):
    another supplier's broken entry does not concern it; one of its own is read from the case."""
    before = as_json(demo, capsys, "supplier", "Guangzhou Meitai Garment")
    # another supplier's, with no rate (an entry with a rate counts for the latest rate): a
    # JSON number, refused
    _edit_entry(demo, "PO/2026/119", rate=None, rate_quoted_at=None, held_cny=1.5)
    code, out, err = run(demo, capsys, "supplier", "Guangzhou Meitai Garment", "--json")
    assert code == 0 and json.loads(out) == before and err == ""
    assert "PO/2026/119" in run(demo, capsys, "list")[2]  # `list` validates it, and says so
    _edit_entry(demo, "PO/2026/133", held_cny=1.5, phase_text="made up")  # its own
    code, out, err = run(demo, capsys, "supplier", "Guangzhou Meitai Garment", "--json")
    assert code == 0 and json.loads(out) == before
    assert "PO/2026/133" in err and "read from their case files" in err
    # an entry claiming another supplier, made from an earlier version of the case file: read anew
    brightway = as_json(demo, capsys, "supplier", "Shenzhen Brightway Lighting")
    _edit_entry(demo, "PO/2026/156", supplier_key="someone else", rate=None, rate_quoted_at=None, file_stamp="1:2:3:4")
    assert as_json(demo, capsys, "supplier", "Shenzhen Brightway Lighting") == brightway


def test_agenda_validates_every_field_it_reads_and_only_those(demo, capsys):
    """`agenda` validates the agenda's fields of each index entry (AgendaView): a bad one is
    noted and its case read from its file; a bad field it does not read changes nothing."""
    before = as_json(demo, capsys, "agenda")
    _edit_entry(demo, "PO/2026/119", agenda=[{"kind": "refund-due", "what": "pay me \x1b[2J", "due": None}])
    code, out, err = run(demo, capsys, "agenda", "--json")
    assert code == 0 and json.loads(out) == before
    assert "PO/2026/119" in err and "read from their case files" in err
    _edit_entry(demo, "PO/2026/133", at_risk_cny=1.5)  # money as a JSON number: refused
    code, out, err = run(demo, capsys, "agenda", "--json")
    assert code == 0 and json.loads(out) == before and "PO/2026/133" in err
    # rewritten by the reads above; now a field the agenda does not read, broken
    _edit_entry(demo, "PO/2026/127", phase_text="made up \x07", defect_types={"x": -1})
    code, out, err = run(demo, capsys, "agenda", "--json")
    assert code == 0 and json.loads(out) == before and err == ""
    assert "PO/2026/127" in run(demo, capsys, "list")[2]  # `list` validates it, and says so


def test_supplier_validates_another_suppliers_rate_and_only_that(demo, capsys):
    """Another supplier's entry counts in a supplier's record by its rate alone (the latest
    rate over every case): its rate is validated, its other fields are not read."""
    before = as_json(demo, capsys, "supplier", "Guangzhou Meitai Garment")
    _edit_entry(demo, "PO/2026/119", held_cny=1.5, phase_text="made up \x07")  # not read here
    code, out, err = run(demo, capsys, "supplier", "Guangzhou Meitai Garment", "--json")
    assert code == 0 and json.loads(out) == before and err == ""
    _edit_entry(demo, "PO/2026/119", held_cny="0.00", phase_text="x", rate="9e9")  # a rate it reads: refused
    code, out, err = run(demo, capsys, "supplier", "Guangzhou Meitai Garment", "--json")
    assert code == 0 and json.loads(out) == before
    assert "PO/2026/119" in err and "read from their case files" in err
