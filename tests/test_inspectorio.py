"""Inspectorio Sight reports: detected by import-report, mapped to our format, or refused with their paths."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.actions.import_report import import_report
from casefile.actions.workspace import Workspace
from casefile.rules.diagnosis import diagnose
from casefile.rules.report_formats.casefile_report import build_report
from casefile.rules.report_formats.inspectorio import looks_like_inspectorio, to_report_file
from casefile.values.errors import InputError
from conftest import make_case
from reportkit import EXAMPLES, FIRST_FAILED
from tui.cli import main

PO = "PO/2026/114"
SIGHT = EXAMPLES / "inspectorio-first-failed.json"


def sight() -> dict:
    """The example's report object (inside the API's `data` envelope)."""
    return copy.deepcopy(json.loads(SIGHT.read_text(encoding="utf-8"))["data"])


def standard(report: dict) -> dict:
    return report["inspectionStandards"][0]


def problems(report) -> str:
    with pytest.raises(InputError) as info:
        to_report_file(report)
    return str(info.value)


@pytest.fixture
def opened(ws, case):
    ws.create(case)
    return ws


def write(tmp_path, data, name="sight.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def refused(ws, path) -> str:
    before = ws.case_path(PO).read_bytes()
    with pytest.raises(InputError) as info:
        import_report(ws, PO, path)
    assert ws.case_path(PO).read_bytes() == before
    return str(info.value)


# -- the worked example ----------------------------------------------------------------
def test_the_sight_example_reads_exactly_like_our_own_first_failed_report(tmp_path):
    readings = []
    for n, path in enumerate((FIRST_FAILED, SIGHT)):
        ws = Workspace.open(tmp_path / f"ws{n}")
        ws.create(make_case())
        state, report, added = import_report(ws, PO, path)
        assert added
        d = diagnose(state.case, report)
        readings.append((
            report.date, report.company, report.inspector, report.kind, report.lot_size, report.sample_size,
            report.level, report.verdict, d.passed, d.summary,
            [(c.defect_class, c.found, c.accept, c.reject, c.band, c.projected_defective) for c in d.classes],
            [(f.defect_type, f.defect_class, f.units) for f in report.findings],
            [(t.defect_type, t.systematic) for t in d.defect_types],
        ))
    ours, theirs = readings
    assert theirs == ours
    assert theirs[9] == "The lot fails by ISO 2859-1: major 23 found / Re 8 (far over)."


def test_the_example_maps_every_field_it_has(tmp_path):
    mapped = to_report_file(json.loads(SIGHT.read_text(encoding="utf-8")))
    assert {k: mapped[k] for k in ("date", "company", "inspector", "po", "supplier", "lot_size", "sample_size",
                                   "level", "verdict")} == {
        "date": "2026-11-20", "company": "Asia Quality Inspections Ltd.", "inspector": "Wang Lei",
        "po": PO, "supplier": "Shenzhen Brightway Lighting Co.", "lot_size": 3000, "sample_size": 125,
        "level": "II", "verdict": "fail"}
    assert mapped["classes"]["major"] == {"aql": "2.5", "found": 23, "accept": 7, "reject": 8}
    assert mapped["findings"][0]["note"].startswith("scratches on the rim")
    assert "case number FRI2026-00114-SBL" in mapped["note"]


def test_the_whole_api_response_and_the_report_object_both_import(opened, tmp_path):
    _, report, _ = import_report(opened, PO, write(tmp_path, sight()))
    assert report.count("major").found == 23 and report.source == "sight.json"


# -- numbers as JSON numbers or as text ----------------------------------------------------
@pytest.mark.parametrize("value", [14, "14", " 14 ", 14.0, "0014"])
def test_unambiguous_counts_are_read(value):
    report = sight()
    report["inspectionDefectList"][0]["totalDefects"] = value
    assert to_report_file(report)["findings"][0]["units"] == 14


@pytest.mark.parametrize("value, message", [
    ("12,5", 'got "12,5" (a comma only separates thousands, in groups of three ("1,250"); "12,5" could mean '
             'twelve and a half)'),
    ("1.5", 'expected a whole number such as 125 or "125", got "1.5"'),
    (1.5, "got 1.5"),
    ("-3", 'got "-3"'),
    (-3, "a count cannot be negative, got -3"),
    (True, "got true"),
    ("fourteen", 'got "fourteen"'),
    ("1" * 40, "is too large for a count"),
    (10 ** 30, "is too large for a count"),
])
def test_ambiguous_or_impossible_counts_are_refused_with_their_path(value, message):
    report = sight()
    report["inspectionDefectList"][0]["totalDefects"] = value
    text = problems(report)
    assert text.startswith("inspectionDefectList[0].totalDefects: ") and message in text


def test_a_lot_size_with_exact_thousands_grouping_is_read_and_any_other_comma_refused():
    # the same rule as every count Casefile reads (casefile/values/numbers.py)
    report = sight()
    standard(report)["availableQuantity"] = "3,000"
    assert to_report_file(report)["lot_size"] == 3000
    standard(report)["availableQuantity"] = "3,00"
    assert "inspectionStandards[0].availableQuantity: expected a whole number" in problems(report)


# -- classes, counts, thresholds -------------------------------------------------------------
def test_a_defect_class_that_is_not_ours_is_refused():
    report = sight()
    report["inspectionDefectList"][2]["clarification"] = "severe"
    assert problems(report) == 'inspectionDefectList[2].clarification: "severe" is not critical, major or minor'


def test_defect_found_and_the_defect_list_must_agree():
    report = sight()
    standard(report)["defectFound"]["major"] = "21"
    assert problems(report) == (
        "inspectionStandards[0].defectFound.major: says 21 major defects but the major entries of "
        "inspectionDefectList add up to 23 (totalDefects): the report contradicts itself, correct one of them")


def test_without_a_defect_list_the_counts_come_from_defect_found():
    report = sight()
    del report["inspectionDefectList"]
    mapped = to_report_file(report)
    assert [mapped["classes"][c]["found"] for c in ("critical", "major", "minor")] == [0, 23, 6]
    assert mapped["findings"] == []


def test_without_defect_found_the_counts_come_from_the_defect_list():
    report = sight()
    del standard(report)["defectFound"]
    assert to_report_file(report)["classes"]["major"]["found"] == 23


def test_max_allowed_becomes_the_printed_ac_re_so_a_wrong_one_is_pointed_out(opened, tmp_path):
    report = sight()
    standard(report)["maxAllowed"]["major"] = "10"
    state, imported, _ = import_report(opened, PO, write(tmp_path, report))
    assert (imported.count("major").inspector_accept, imported.count("major").inspector_reject) == (10, 11)
    assert ("The report prints Ac 10 / Re 11 for major defects; ISO 2859-1 gives Ac 7 / Re 8 for AQL 2.5 with a "
            "sample of 125.") in diagnose(state.case, imported).disagreements


def test_an_aql_that_is_not_a_table_column_is_refused():
    report = sight()
    standard(report)["aql"]["major"] = "2.7"
    assert problems(report).startswith("inspectionStandards[0].aql.major: AQL 2.7 is not an ISO 2859-1 column")


@pytest.mark.parametrize("written, level", [
    ("ii", "II"), ("II", "II"), ("Level II", "II"), ("GII", "II"), ("G-2", "II"), ("general level i", "I"),
    ("III", "III"), ("S-2", "S-2"), ("s1", "S-1"), ("Special S-3", "S-3"), ("special 4", "S-4"),
])
def test_inspection_levels_as_people_write_them(written, level):
    report = sight()
    standard(report)["aql"]["aqlLevel"] = written
    assert to_report_file(report)["level"] == level


@pytest.mark.parametrize("written, message", [
    ("2", '"2" is ambiguous: general level II or special level S-2?'),
    ("IV", '"IV" is not an ISO 2859-1 inspection level'),
    (None, "is missing: give the inspection level the report used"),
])
def test_levels_that_cannot_be_read_are_refused(written, message):
    report = sight()
    standard(report)["aql"]["aqlLevel"] = written
    assert problems(report).startswith(f"inspectionStandards[0].aql.aqlLevel: {message}")


# -- verdict and status ------------------------------------------------------------------------
@pytest.mark.parametrize("status, result, verdict", [
    ("completed", "Pass", "pass"), ("Completed", "FAILED", "fail"), (None, "aborted", "aborted"),
    ("pending", "fail", "pending"), ("pending", None, "pending"),
])
def test_verdicts(status, result, verdict):
    report = sight()
    report["inspectionGeneral"].update(status=status, inspectionResult=result)
    assert to_report_file(report)["verdict"] == verdict


def test_an_unfinished_inspection_is_refused():
    report = sight()
    report["inspectionGeneral"]["status"] = "in-progress"
    assert problems(report).startswith('inspectionGeneral.status: "in-progress": the inspection is not finished')


def test_an_unknown_result_is_refused():
    report = sight()
    report["inspectionGeneral"]["inspectionResult"] = "ok"
    assert problems(report) == 'inspectionGeneral.inspectionResult: "ok" is not pass, fail, pending or aborted'


# -- what cannot be mapped ----------------------------------------------------------------------
def test_two_standards_judged_separately_are_refused():
    report = sight()
    second = copy.deepcopy(standard(report))
    second["group"] = "packaging"
    report["inspectionStandards"].append(second)
    assert problems(report) == (
        'inspectionStandards: the report judges 2 groups of defects separately ("workmanship", "packaging") '
        "and Casefile reads one AQL standard per report: the counts cannot be combined without changing the verdict")


@pytest.mark.parametrize("change, message", [
    (lambda r: standard(r).update(determineType="fixedNumber"),
     'inspectionStandards[0].determineType: "fixedNumber" is not "aqlTable"'),
    (lambda r: standard(r).update(doubleSampling=True),
     "inspectionStandards[0].doubleSampling: the report used double sampling"),
    (lambda r: r["inspectionGeneral"]["pos"].append({"poNumber": "PO/2026/115"}),
     'inspectionGeneral.pos: the report covers 2 orders ("PO/2026/114", "PO/2026/115")'),
    (lambda r: r["inspectionDefectList"][1].update(group="packaging"),
     'inspectionDefectList[1].group: "packaging" is not the group the AQL standard judges ("workmanship")'),
    (lambda r: r.pop("inspectionStandards"), "inspectionStandards: is missing"),
    (lambda r: r["inspectionSampleSelection"].append({"sampleSize": 80}),
     "inspectionSampleSelection: the sample sizes differ (125, 80)"),
    (lambda r: r["inspectionGeneral"].pop("executor"), "inspectionGeneral.executor.name: is missing"),
    (lambda r: r["inspectionGeneral"].update(inspectionDate="20/11/2026", actualInspectionDate=None),
     'inspectionGeneral.inspectionDate: expected a date such as "2026-11-20"'),
    (lambda r: r["inspectionGeneral"].update(inspectionDate="2026-02-30 08:00:00+00:00"),
     'inspectionGeneral.inspectionDate: expected a date such as "2026-11-20"'),
    (lambda r: r["inspectionGeneral"]["executor"].update(name="Asia\x07QC"),
     "inspectionGeneral.executor.name: contains a control character (U+0007)"),
    (lambda r: r.update(inspectionGeneral=["not", "an", "object"]), 'inspectionGeneral: expected an object {...}'),
], ids=["not an AQL table", "double sampling", "several orders", "another group", "no standard",
        "two samples", "no company", "date not ISO", "impossible date", "control character", "general not an object"])
def test_what_cannot_be_mapped_is_refused_with_its_path(change, message):
    report = sight()
    change(report)
    assert message in problems(report)


def test_every_problem_is_reported_at_once():
    report = sight()
    report["inspectionDefectList"][0]["clarification"] = "severe"
    report["inspectionDefectList"][1]["totalDefects"] = "9,0"
    standard(report)["aql"]["aqlLevel"] = "IV"
    report["inspectionGeneral"]["inspectionResult"] = "ok"
    text = problems(report)
    for path in ("inspectionDefectList[0].clarification", "inspectionDefectList[1].totalDefects",
                 "inspectionStandards[0].aql.aqlLevel", "inspectionGeneral.inspectionResult"):
        assert f"{path}: " in text


def test_untrusted_values_are_quoted_escaped_and_cut():
    report = sight()
    report["inspectionDefectList"][0]["clarification"] = "\u202egnitset" + "x" * 100
    text = problems(report)
    assert "\u202e" not in text and "\\u202e" in text and len(text) < 160


# -- detection in import-report ------------------------------------------------------------------
def test_detection():
    assert looks_like_inspectorio(json.loads(SIGHT.read_text(encoding="utf-8")))
    assert looks_like_inspectorio({"inspectionGeneral": {}})
    assert not looks_like_inspectorio(json.loads(FIRST_FAILED.read_text(encoding="utf-8")))
    assert not looks_like_inspectorio({"data": {"items": []}}) and not looks_like_inspectorio([1])


@pytest.mark.parametrize("data", [{}, {"data": {"reports": []}}, {"reportId": "abc", "defects": []}])
def test_an_object_in_neither_format_is_refused_naming_both(opened, tmp_path, data):
    message = refused(opened, write(tmp_path, data))
    assert 'expected a Casefile report ("format": "casefile-report/1"' in message
    assert "or an Inspectorio Sight report (the JSON of GET /api/v1/reports/:id" in message


def test_mapping_problems_name_the_format(opened, tmp_path):
    report = sight()
    report["inspectionDefectList"][0]["clarification"] = "severe"
    assert refused(opened, write(tmp_path, report)).startswith(
        'Inspectorio Sight report: inspectionDefectList[0].clarification: "severe"')


def test_checks_against_the_case_say_which_casefile_field_they_read(opened, tmp_path):
    report = sight()
    standard(report)["availableQuantity"] = 100
    assert refused(opened, write(tmp_path, report)) == (
        "Inspectorio Sight report, read as a Casefile report (docs/report-format.md): "
        "sample_size: 125 units sampled from a lot of 100; the sample is at most the lot")


def test_a_sight_report_for_another_order_is_refused(opened, tmp_path):
    report = sight()
    report["inspectionGeneral"]["poNumber"] = report["inspectionGeneral"]["pos"][0]["poNumber"] = "PO/2026/115"
    assert "po: the report is for order 'PO/2026/115', not 'PO/2026/114'" in refused(opened, write(tmp_path, report))


def test_the_command_line_imports_a_sight_report_and_refuses_a_bad_one(tmp_path, capsys, pinned_clock):
    data = str(tmp_path / "ws")
    ws = Workspace.open(data)
    ws.create(make_case())
    assert main(["--data", data, "import-report", PO, str(SIGHT)]) == 0
    assert "The lot fails by ISO 2859-1: major 23 found / Re 8 (far over)." in capsys.readouterr().out
    bad = sight()
    bad["inspectionDefectList"][0]["clarification"] = "severe"
    assert main(["--data", data, "import-report", PO, write(tmp_path, bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and '"severe" is not critical, major or minor' in err


# -- fuzzing: whatever the file holds, the answer is a report or an InputError ------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10 ** 20, max_value=10 ** 20)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
    | st.sampled_from(["125", " 7 ", "12,5", "1.5", "major", "Minor", "ii", "S-2", "pass", "completed",
                       "2026-11-20", "2026-11-20 08:27:20+00:00", "aqlTable", "0", "2.5", "4.0"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    yield path


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_change_to_the_example_gives_a_report_or_plain_problems(data):
    report = sight()
    paths = [p for p in _leaves(report) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        *head, last = data.draw(st.sampled_from(paths))
        target = report
        for key in (*head, last):  # an earlier change may have replaced part of the path
            parent = target
            ok = (key in target) if isinstance(target, dict) else (
                isinstance(target, list) and isinstance(key, int) and key < len(target))
            target = target[key] if ok else None
        if target is not None or isinstance(parent, dict):
            parent[last] = data.draw(JSON)
    try:
        mapped = to_report_file(report)
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    try:
        build_report(mapped, make_case())
    except InputError:
        pass
