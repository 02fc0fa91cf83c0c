"""Importing a report: every error names where and what is expected; nothing is stored."""

from __future__ import annotations

import json

import pytest

from casefile.actions.import_report import import_report
from casefile.rules.diagnosis import diagnose
from casefile.values.errors import InputError
from conftest import make_case
from reportkit import EXAMPLES, FIRST_FAILED, REINSPECTION_PASSED, example

PO = "PO/2026/114"


@pytest.fixture
def opened(ws, case):
    ws.create(case)
    return ws


def write(tmp_path, data, name="report.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def refused(ws, path, findings=None) -> str:
    """Import must fail with InputError and leave the case exactly as it was."""
    before = ws.case_path(PO).read_bytes()
    with pytest.raises(InputError) as info:
        import_report(ws, PO, path, findings)
    assert ws.case_path(PO).read_bytes() == before
    return str(info.value)


def test_the_example_failed_report_imports_and_reads_as_the_issue_says(opened):
    state, report, added = import_report(opened, PO, FIRST_FAILED)
    assert added and state.reports == [report]
    assert (report.kind, report.lot_size, report.sample_size, report.source) == ("first", 3000, 125, "report-first-failed.json")
    major = diagnose(state.case, report).reading("major")
    assert (major.found, major.band, major.projected_defective) == (23, "far over", 552)
    assert [c.kind for c in report.spec_checks] == ["spec", "spec", "golden-sample"]  # kinds from the case


def test_the_reinspection_example_passes(opened):
    import_report(opened, PO, FIRST_FAILED)
    state, report, _ = import_report(opened, PO, REINSPECTION_PASSED)
    assert report.kind == "re-inspection"
    assert diagnose(state.case, report).passed


def test_the_same_file_twice_is_a_no_op(opened):
    first, report, _ = import_report(opened, PO, FIRST_FAILED)
    again, same, added = import_report(opened, PO, FIRST_FAILED)
    assert not added and same.id == report.id
    assert again.revision == first.revision and len(again.reports) == 1


def test_findings_from_csv(opened):
    state, report, _ = import_report(opened, PO, EXAMPLES / "report-no-findings.json", EXAMPLES / "findings.csv")
    assert [(f.defect_type, f.defect_class, f.units, f.cartons) for f in report.findings] == [
        ("scratched lamp shade", "major", 14, 9), ("loose switch", "major", 9, 3), ("smudged rating label", "minor", 6, 2),
    ]
    assert report.findings[0].note == "scratches on the rim, same position on every unit"


def test_unambiguous_counts_are_accepted(opened, tmp_path):
    data = example()
    data["lot_size"], data["sample_size"], data["classes"]["major"]["found"] = "3,000", "125", 23.0
    data["classes"]["minor"]["aql"] = 4.0
    _, report, _ = import_report(opened, PO, write(tmp_path, data))
    assert (report.lot_size, report.sample_size, report.count("major").found) == (3000, 125, 23)


def test_kind_defaults_from_the_case_history(opened, tmp_path):
    data = example()
    del data["kind"]
    _, first, _ = import_report(opened, PO, write(tmp_path, data, "a.json"))
    data["date"] = "2026-11-24"
    _, second, _ = import_report(opened, PO, write(tmp_path, data, "b.json"))
    assert (first.kind, second.kind) == ("first", "re-inspection")


# -- one test per kind of error ------------------------------------------------------
def mutate(fn):
    data = example()
    fn(data)
    return data


def _set(path, value):
    def fn(data):
        *head, last = path
        target = data
        for key in head:
            target = target[key]
        target[last] = value
    return fn


def _drop(path):
    def fn(data):
        *head, last = path
        target = data
        for key in head:
            target = target[key]
        del target[last]
    return fn


JSON_ERRORS = [
    ("missing field", _drop(["company"]), "company: is missing"),
    ("unknown field", _set(["sampel_size"], 125), "sampel_size: is not a report field; the fields here are format, date,"),
    ("unknown field in a class", _set(["classes", "major", "fuond"], 1), "classes.major.fuond: is not a report field; the fields here are aql, found, accept, reject"),
    ("fractional count", _set(["classes", "major", "found"], 12.5), "classes.major.found: expected a whole number such as 125, got 12.5"),
    ("negative count", _set(["sample_size"], -1), "sample_size: a count cannot be negative, got -1"),
    ("text where a count goes", _set(["lot_size"], "three thousand"), "lot_size: expected a whole number such as 125, got 'three thousand'"),
    ("boolean where a count goes", _set(["cartons_sampled"], True), "cartons_sampled: expected a whole number such as 125, got true"),
    ("zero units in a finding", _set(["findings", 1, "units"], 0), "findings[1].units: input should be greater than or equal to 1; got 0"),
    ("unknown verdict", _set(["verdict"], "fine"), "verdict: input should be 'pass', 'fail', 'pending' or 'aborted'; got \"fine\""),
    ("unknown defect class", _set(["findings", 0, "class"], "cosmetic"), "findings[0].class: input should be 'critical', 'major' or 'minor'; got \"cosmetic\""),
    ("unknown class key", _set(["classes", "majr"], {"aql": "2.5", "found": 1}), "classes.majr: input should be 'critical', 'major' or 'minor'"),
    ("impossible date", _set(["date"], "2026-02-30"), "date: expected a real date as YYYY-MM-DD, e.g. 2026-11-20; got '2026-02-30'"),
    ("date as a number", _set(["date"], 20261120), 'date: expected a date as "YYYY-MM-DD", e.g. "2026-11-20"; got 20261120'),
    ("AQL not in the tables", _set(["classes", "major", "aql"], "2.7"), "classes.major.aql: AQL 2.7 is not an ISO 2859-1 column; allowed: 0 (zero tolerance), 0.010"),
    ("unknown level", _set(["level"], "IV"), "level: input should be 'I', 'II', 'III', 'S-1', 'S-2', 'S-3' or 'S-4'; got \"IV\""),
    ("unknown format", _set(["format"], "qima/2"), "format: input should be 'casefile-report/1'; got \"qima/2\""),
    ("missing class", _drop(["classes", "critical"]), "classes.critical: is missing; give every class, with \"found\": 0 when none were found"),
    ("found more than the sample", _set(["classes", "minor", "found"], 126), "classes.minor.found: 126 defects is more than the sample of 125"),
    ("Re not above Ac", _set(["classes", "major", "reject"], 7), "classes.major.reject: Re 7 must be above Ac 7"),
    ("sample larger than the lot", _set(["lot_size"], 100), "sample_size: 125 units sampled from a lot of 100; the sample is at most the lot"),
    ("finding larger than the sample", _set(["findings", 2, "units"], 200), "findings[2].units: 200 units is more than the sample of 125"),
    ("cartons beyond those sampled", _set(["findings", 0, "cartons"], 14), "findings[0].cartons: 14 cartons is more than the 13 sampled"),
    ("spec point not in the case", _set(["spec_checks", 1, "point"], "S9"), "spec_checks[1].point: 'S9' is not in the case's standard; known keys: S1, S2, G1"),
    ("spec point twice", _set(["spec_checks", 1, "point"], "S1"), "spec_checks[1].point: 'S1' is checked twice"),
    ("control character", _set(["company"], "Asia\x07QC"), "company: contains a control character (U+0007)"),
]


@pytest.mark.parametrize("name, change, message", JSON_ERRORS, ids=[e[0] for e in JSON_ERRORS])
def test_json_error(opened, tmp_path, name, change, message):
    text = refused(opened, write(tmp_path, mutate(change)))
    assert message in text


def test_every_problem_is_reported_at_once(opened, tmp_path):
    data = mutate(_set(["sample_size"], 12.5))
    data["verdict"] = "ok"
    text = refused(opened, write(tmp_path, data))
    assert "sample_size:" in text and "verdict:" in text


@pytest.mark.parametrize("name, content, message", [
    ("not JSON", '{"date": "2026-11-20",\n  }', "not valid JSON: Expecting property name enclosed in double quotes at line 2, column 3"),
    ("not an object", "[1, 2]", "expected a JSON object {...} describing one report, got a list"),
    ("duplicate key", '{"verdict": "fail", "verdict": "pass"}', '(top level): the key "verdict" appears twice; keep one'),
    ("NaN", '{"lot_size": NaN}', "NaN is not a number JSON allows"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_file_level_error(opened, tmp_path, name, content, message):
    assert message in refused(opened, write(tmp_path, content))


def test_not_utf8(opened, tmp_path):
    path = tmp_path / "r.json"
    path.write_bytes(b'{"company": "\xff"}')
    assert "not UTF-8 text (byte 13)" in refused(opened, str(path))


def test_missing_file(opened, tmp_path):
    assert "nope.json: no such file" in refused(opened, str(tmp_path / "nope.json"))


def test_findings_in_both_places(opened):
    message = refused(opened, str(FIRST_FAILED), str(EXAMPLES / "findings.csv"))
    assert "findings: the JSON lists findings and a findings CSV was given too" in message


NO_FINDINGS = str(EXAMPLES / "report-no-findings.json")


@pytest.mark.parametrize("name, csv_text, message", [
    ("empty", "", "f.csv: the file is empty; line 1 must be the header defect_type,class,units,cartons,note"),
    ("unknown column", "defect_type,class,units,colour\n", "f.csv line 1: unknown column 'colour'; the columns are defect_type, class, units, cartons, note"),
    ("missing column", "defect_type,units\n", "f.csv line 1: the header has no 'class' column"),
    ("column twice", "defect_type,class,units,Units\ndent,major,3,4\n", "f.csv line 1: the column 'units' appears twice; keep one"),
    ("bad number", "defect_type,class,units\nscratch,major,14\ndent,major,x\n", "f.csv line 3, column 3 (units): expected a whole number such as 125, got 'x'"),
    ("bad class", "class,defect_type,units\nhuge,dent,1\n", "f.csv line 2, column 1 (class): input should be 'critical', 'major' or 'minor'; got \"huge\""),
    ("missing cell", "defect_type,class,units\ndent,major\n", "f.csv line 2: 2 cells, the header has 3"),
    ("empty required cell", "defect_type,class,units\n,major,3\n", "f.csv line 2, column 1 (defect_type):"),
    ("finding beyond the sample", "defect_type,class,units\ndent,major,300\n", "findings[0].units: 300 units is more than the sample of 125"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 26 else None)
def test_csv_error(opened, tmp_path, name, csv_text, message):
    csv_path = write(tmp_path, csv_text, "f.csv")
    assert message in refused(opened, NO_FINDINGS, csv_path)


def test_a_case_without_spec_points_says_so(ws, tmp_path):
    ws.create(make_case(spec_points=[]))
    assert "known keys: none: the case has no spec points" in refused(ws, str(FIRST_FAILED))


# -- po, supplier, product: which order the report is about --------------------------
def test_a_report_naming_this_order_imports_and_keeps_supplier_and_product(opened, tmp_path):
    data = example()
    data.update(po=" PO/2026/114 ", supplier="Shenzhen Brightway Lighting Co.", product="LED desk lamp DL-40")
    state, report, _ = import_report(opened, PO, write(tmp_path, data))
    assert (report.supplier, report.product) == ("Shenzhen Brightway Lighting Co.", "LED desk lamp DL-40")
    assert not [s for s in diagnose(state.case, report).disagreements if "names the" in s]


def test_a_report_for_another_order_is_refused(opened, tmp_path):
    data = example()
    data["po"] = "PO/2026/115"
    message = refused(opened, write(tmp_path, data))
    assert message.startswith("po: the report is for order 'PO/2026/115', not 'PO/2026/114'")


def test_another_supplier_or_product_is_pointed_out_but_other_spacing_is_not(opened, tmp_path):
    data = example()
    data.update(supplier="SHENZHEN  Brightway lighting co.", product="LED floor lamp FL-9")
    state, report, _ = import_report(opened, PO, write(tmp_path, data))
    named = [s for s in diagnose(state.case, report).disagreements if "names the" in s]
    assert named == ["The report names the product 'LED floor lamp FL-9'; the case's product is "
                     "'LED desk lamp DL-40': check it is this order's report."]


@pytest.mark.parametrize("field, value, message", [
    ("po", 114, "po: input should be a valid string; got 114"),
    ("po", "  ", "po: PO number is empty"),
    ("supplier", "Brightway\nLighting", "supplier: must be a single line"),
])
def test_po_supplier_product_are_checked_like_any_field(opened, tmp_path, field, value, message):
    data = example()
    data[field] = value
    assert message in refused(opened, write(tmp_path, data))
