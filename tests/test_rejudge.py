"""A lot already judged is judged again when something dated before it changes (issue #13:
"the plan for a supplier's next first inspection uses the severity in force at the report's
date"): a lot entered late, a merge of two spellings, a reduced-inspection switch recorded
with an earlier day. The supplier's record then says what a fresh reading of every case
says, and `casefile check` finds the index in step with the case files.

The conftest case (3,000 units, code letter K): 6 major defects pass on normal inspection
(Ac 7) and fail on tightened (Ac 5) and on reduced."""

from __future__ import annotations

import json
from datetime import date, timedelta

from cli_support import run
from conftest import make_case
from gate_support import MAJOR_FAIL, PASS, add_report

SUPPLIER = "Shenzhen Brightway Lighting Co."
BORDERLINE = dict(critical=0, major=6, minor=5)
OCT1 = date(2026, 10, 1)


def lot(ws, po, day, counts, supplier=SUPPLIER):
    ws.create(make_case(po=po, supplier=supplier))
    add_report(ws, po, OCT1 + timedelta(days=day), counts)


def accepted(ws, capsys, name=SUPPLIER) -> dict[str, bool]:
    code, out, err = run(ws, capsys, "supplier", name, "--json")
    assert code == 0, err
    return {i["po"]: i["accepted"] for i in json.loads(out)["original_inspections"]}


def index_in_step(ws, capsys) -> None:
    code, out, err = run(ws, capsys, "check")
    assert code == 0, out + err
    assert "index" not in out, out


def test_a_lot_entered_late_tightens_the_lots_already_judged_after_it(ws, pinned_clock, capsys):
    lot(ws, "HD-2601", 0, MAJOR_FAIL)
    lot(ws, "HD-2604", 20, BORDERLINE)
    assert accepted(ws, capsys) == {"HD-2601": False, "HD-2604": True}  # one rejection: still normal
    lot(ws, "HD-2602", 10, MAJOR_FAIL)  # its report came in late: 2 of the last 2 rejected before HD-2604
    assert accepted(ws, capsys) == {"HD-2601": False, "HD-2602": False, "HD-2604": False}
    index_in_step(ws, capsys)


def test_a_lot_moved_to_another_supplier_leaves_its_old_suppliers_lots_judged_without_it(ws, pinned_clock, capsys):
    lot(ws, "HD-2601", 0, MAJOR_FAIL)
    lot(ws, "HD-2602", 10, MAJOR_FAIL)
    lot(ws, "HD-2604", 20, BORDERLINE)
    assert accepted(ws, capsys)["HD-2604"] is False
    code, out, err = run(ws, capsys, "edit", "HD-2602", "--supplier", "Another Factory Ltd")
    assert code == 0, err
    assert accepted(ws, capsys) == {"HD-2601": False, "HD-2604": True}
    index_in_step(ws, capsys)


def test_a_merge_judges_the_merged_suppliers_lots_as_one_timeline(ws, pinned_clock, capsys):
    lot(ws, "HD-2601", 0, MAJOR_FAIL, supplier="Brightway Lamps")
    lot(ws, "HD-2602", 10, MAJOR_FAIL)
    lot(ws, "HD-2604", 20, BORDERLINE)
    assert accepted(ws, capsys)["HD-2604"] is True  # its own spelling has one rejection before it
    code, out, err = run(ws, capsys, "supplier-merge", "Brightway Lamps", SUPPLIER, "--reason", "the same factory")
    assert code == 0, err
    assert accepted(ws, capsys) == {"HD-2601": False, "HD-2602": False, "HD-2604": False}
    index_in_step(ws, capsys)


def test_a_reduced_inspection_switch_with_an_earlier_day_judges_the_later_lots_on_reduced(ws, pinned_clock, capsys):
    for i in range(15):  # the critical class (Ac 0) earns 2 a lot: a switching score of 30 on 15 Oct
        lot(ws, f"HD-26{i:02d}", i, PASS)
    lot(ws, "HD-2650", 19, BORDERLINE)
    assert accepted(ws, capsys)["HD-2650"] is True  # judged on normal
    code, out, err = run(ws, capsys, "settings", "--reduced-inspection", "on", "--on", "2026-10-05")
    assert code == 0, err
    assert accepted(ws, capsys)["HD-2650"] is False  # on reduced since 15 Oct
    index_in_step(ws, capsys)


def test_a_rebuilt_index_judges_every_lot_in_date_order(ws, pinned_clock, capsys):
    import shutil

    lot(ws, "HD-2604", 20, BORDERLINE)  # its file sorts first; the rebuild summarised it first
    lot(ws, "HD-2601", 0, MAJOR_FAIL)
    lot(ws, "HD-2602", 10, MAJOR_FAIL)
    assert accepted(ws, capsys)["HD-2604"] is False  # tightened since HD-2602
    for shard in (ws.root / "index").glob("*.json"):  # the index lost, suppliers' lots with it
        shard.unlink()
    shutil.rmtree(ws.root / "index" / "suppliers")
    code, out, err = run(ws, capsys, "check", "--rebuild-index")
    assert code == 0, out + err
    assert accepted(ws, capsys) == {"HD-2601": False, "HD-2602": False, "HD-2604": False}
    index_in_step(ws, capsys)


def test_a_rebuild_of_a_whole_index_judges_nothing_again(ws, pinned_clock, capsys, monkeypatch):
    # each lot was judged from the lots the rebuild finds again: a second pass would change nothing
    lot(ws, "HD-2601", 0, MAJOR_FAIL)
    lot(ws, "HD-2604", 20, BORDERLINE)
    judged = []
    monkeypatch.setattr(type(ws), "resummarise", lambda self, po: judged.append(po))
    code, out, err = run(ws, capsys, "check", "--rebuild-index")
    assert code == 0, out + err
    assert judged == []
