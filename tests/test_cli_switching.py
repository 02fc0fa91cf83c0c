"""What the user records for supplier switching, on the command line (issue #13):
`casefile supplier-improvement` for a discontinued supplier, and `casefile settings
--reduced-inspection` for the workspace; both recorded, both read by `casefile supplier`
and by the judging of every later lot."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from casefile.rules.judgement import next_switching
from cli_support import run
from conftest import make_case
from gate_support import MAJOR_FAIL, PASS, add_report

SUPPLIER = "Shenzhen Brightway Lighting Co."
OCT1 = date(2026, 10, 1)


def lots(ws, outcomes: str, start: int = 0, supplier: str = SUPPLIER) -> None:
    """'RRA': a case per lot, first inspections on consecutive days from OCT1 + start."""
    for i, c in enumerate(outcomes, start):
        po = f"HD-26{i:02d}"
        ws.create(make_case(po=po, supplier=supplier))
        add_report(ws, po, OCT1 + timedelta(days=i), MAJOR_FAIL if c == "R" else PASS)


@pytest.fixture
def discontinued(ws, pinned_clock):
    lots(ws, "RR" "RRRRR")  # 2 tighten, 5 more on tightened discontinue (the last on 7 Oct)
    return ws


def supplier_json(ws, capsys, name=SUPPLIER) -> dict:
    code, out, err = run(ws, capsys, "supplier", name, "--json")
    assert code == 0, err
    return json.loads(out)


def test_an_improvement_puts_a_discontinued_supplier_back_on_tightened_and_shows_in_its_record(discontinued, capsys):
    ws = discontinued
    assert supplier_json(ws, capsys)["severity"] == "discontinued"
    code, out, err = run(ws, capsys, "supplier-improvement", "SHENZHEN BRIGHTWAY LIGHTING", "--reason",
                         "new QC lead, line 3 retooled", "--on", "2026-11-03")
    assert code == 0, err
    assert "on tightened inspection from 2026-11-03" in out
    record = supplier_json(ws, capsys)
    assert record["severity"] == "tightened"
    assert record["severity_reason"] == f"tightened since 3 Nov: improvement recorded by {ws.actor}"
    assert record["improvements"] == [{"on": "2026-11-03", "by": ws.actor, "reason": "new QC lead, line 3 retooled"}]
    _, text, _ = run(ws, capsys, "supplier", SUPPLIER)
    assert f"2026-11-03  improvement recorded by {ws.actor}: new QC lead, line 3 retooled" in text
    # a lot inspected after that day is judged on tightened; one before it still finds it discontinued
    lots(ws, "A", start=40)
    assert next_switching(ws.load("HD-2640")).severity == "tightened"
    stored = json.loads((ws.root / "improvements.json").read_text())
    assert [(r["supplier"], r["on"], r["by"]) for r in stored] == [("SHENZHEN BRIGHTWAY LIGHTING", "2026-11-03", ws.actor)]


def test_an_improvement_is_refused_in_plain_words_when_the_supplier_is_not_discontinued(ws, pinned_clock, capsys):
    lots(ws, "RR" "RRRR")  # tightened, 4 of 5 towards discontinuation
    code, out, err = run(ws, capsys, "supplier-improvement", SUPPLIER, "--reason", "they say so")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"casefile: NAME: {SUPPLIER} is not discontinued on 2026-11-25 (tightened since HD-2601")
    assert "an improvement is recorded only after 5 lots were not accepted on tightened inspection" in err
    assert not (ws.root / "improvements.json").exists()


@pytest.mark.parametrize("argv, words", [
    (["--reason", " "], "--reason: say what the supplier did to improve"),
    (["--reason", "x", "--on", "2026-13-01"], "--on: '2026-13-01' is not a day; write it as YYYY-MM-DD"),
    (["--reason", "x", "--on", "2026-11-26"], "--on: 2026-11-26 is after today (2026-11-25)"),
    (["--reason", "x", "--on", "2026-10-06"], "NAME: Shenzhen Brightway Lighting Co. is not discontinued on 2026-10-06"),
])
def test_improvement_refusals_name_the_flag(discontinued, capsys, argv, words):
    code, _, err = run(discontinued, capsys, "supplier-improvement", SUPPLIER, *argv)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"casefile: {words}"), err


def test_an_improvement_for_an_unknown_supplier_suggests_the_known_one(discontinued, capsys):
    code, _, err = run(discontinued, capsys, "supplier-improvement", "Brightway", "--reason", "x")
    assert code == 2 and "no case with supplier 'Brightway'; did you mean 'Shenzhen Brightway Lighting Co.'?" in err


def test_improvement_then_5_more_rejections_discontinues_again_and_a_second_improvement_lifts_it(discontinued, capsys):
    ws = discontinued
    assert run(ws, capsys, "supplier-improvement", SUPPLIER, "--reason", "first", "--on", "2026-10-08")[0] == 0
    lots(ws, "RRRRR", start=9)
    record = supplier_json(ws, capsys)
    assert record["severity"] == "discontinued"
    assert record["severity_reason"].startswith("discontinued since HD-2613 on 14 Oct: 5 lots not accepted")
    assert run(ws, capsys, "supplier-improvement", SUPPLIER, "--reason", "second")[0] == 0
    assert supplier_json(ws, capsys)["severity"] == "tightened"
    assert len(supplier_json(ws, capsys)["improvements"]) == 2


def test_reduced_inspection_switch_is_recorded_with_its_day_and_reduces_at_a_score_of_30(ws, pinned_clock, capsys):
    lots(ws, "A" * 15)  # the critical class (Ac 0) earns 2 a lot: 30 after the 15th (15 Oct)
    assert supplier_json(ws, capsys)["severity"] == "normal"
    code, out, err = run(ws, capsys, "settings", "--reduced-inspection", "on", "--on", "2026-10-05")
    assert code == 0, err
    assert out == f"reduced inspection: off -> on from 2026-10-05 (recorded by {ws.actor})\n"
    record = supplier_json(ws, capsys)
    assert record["severity"] == "reduced"
    assert record["severity_reason"] == "reduced since HD-2614 on 15 Oct: switching score 30, reduced inspection on since 5 Oct"
    assert "already on since 2026-10-05; nothing changed" in run(ws, capsys, "settings", "--reduced-inspection", "on")[1]
    settings = json.loads(run(ws, capsys, "settings", "--json")[1])
    assert settings["reduced_inspection"] == "on since 2026-10-05"
    log = json.loads((ws.root / "settings-log.json").read_text())
    assert [(c["setting"], c["old"], c["new"], c["effective"]) for c in log] == [
        ("reduced_inspection", "off", "on", "2026-10-05")]
    # turned off: back to normal from that day
    assert run(ws, capsys, "settings", "--reduced-inspection", "off", "--on", "2026-11-01")[0] == 0
    record = supplier_json(ws, capsys)
    assert record["severity_reason"] == "normal since 1 Nov: reduced inspection was switched off"


def test_reduced_inspection_switched_on_after_the_score_reached_30_reduces_from_that_day(ws, pinned_clock, capsys):
    lots(ws, "A" * 15)
    run(ws, capsys, "settings", "--reduced-inspection", "on", "--on", "2026-11-02")
    assert supplier_json(ws, capsys)["severity_reason"] == (
        "reduced since 2 Nov: switching score 30, reduced inspection on since 2 Nov")


def test_a_score_of_28_does_not_reduce_with_the_switch_on(ws, pinned_clock, capsys):
    lots(ws, "A" * 14)
    run(ws, capsys, "settings", "--reduced-inspection", "on", "--on", "2026-09-01")
    record = supplier_json(ws, capsys)
    assert record["severity"] == "normal" and record["severity_reason"].endswith("switching score 28 of 30 for reduced")


@pytest.mark.parametrize("argv, words", [
    (["--reduced-inspection", "on", "--on", "2026-11-26"], "--on: 2026-11-26 is after today (2026-11-25)"),
    (["--on", "2026-11-01"], "--on: give it with --reduced-inspection"),
])
def test_reduced_inspection_refusals(opened, capsys, argv, words):
    code, _, err = run(opened, capsys, "settings", *argv)
    assert code == 2 and err.startswith(f"casefile: {words}"), err
    assert not (opened.root / "settings-log.json").exists()


def test_a_switch_cannot_take_effect_before_the_last_one(opened, capsys):
    run(opened, capsys, "settings", "--reduced-inspection", "on", "--on", "2026-11-10")
    code, _, err = run(opened, capsys, "settings", "--reduced-inspection", "off", "--on", "2026-11-01")
    assert code == 2
    assert "--on: reduced inspection was switched on on 2026-11-10; a later change cannot take effect before" in err


def test_an_improvement_follows_a_later_merge_of_the_supplier_spellings(ws, pinned_clock, capsys):
    lots(ws, "RR" "RRRRR", supplier="Brightway Lighting (Shenzhen)")
    lots(ws, "A", start=20)  # the same factory under its registered name
    assert run(ws, capsys, "supplier-improvement", "Brightway Lighting (Shenzhen)", "--reason", "audit passed",
               "--on", "2026-10-10")[0] == 0
    assert run(ws, capsys, "supplier-merge", "Brightway Lighting (Shenzhen)", SUPPLIER, "--reason", "one factory")[0] == 0
    record = supplier_json(ws, capsys)
    assert record["severity"] == "tightened" and [i["reason"] for i in record["improvements"]] == ["audit passed"]


def test_a_damaged_improvements_file_is_refused_with_its_name(discontinued, capsys):
    (discontinued.root / "improvements.json").write_text('[{"supplier": "x"}]')
    code, _, err = run(discontinued, capsys, "supplier", SUPPLIER)
    assert code == 2 and err.count("\n") == 1
    assert "improvements.json: " in err and "Traceback" not in err


def test_a_control_byte_in_the_reason_is_refused(discontinued, capsys):
    code, _, err = run(discontinued, capsys, "supplier-improvement", SUPPLIER, "--reason", "ok\x1b[2Jgone")
    assert code == 2 and "\x1b" not in err and err.startswith("casefile: --reason: ")
    assert not (discontinued.root / "improvements.json").exists()
