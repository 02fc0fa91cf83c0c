"""Getting a report in without writing JSON (issue #11): `casefile report` (typed from the
summary page, through the one core function the report form calls), `new --from-report`,
and `import-report --add-points`."""

from __future__ import annotations

import copy
import json

import pytest

from casefile.actions.enter_report import enter_report
from casefile.actions.workspace import Workspace
from casefile.rules.report_formats.report_entry import ReportEntry
from reportkit import FIRST_FAILED
from tui.cli import main

PO = "PO/2026/114"
EXAMPLE = json.loads(FIRST_FAILED.read_text())
# docs/examples/report-first-failed.json, typed in
TYPED = ["--date", "2026-11-20", "--company", "Asia Quality Inspections Ltd.", "--inspector", "Wang Lei",
         "--sample", "125", "--cartons", "13", "--found", "critical=0,major=23,minor=6",
         "--finding", "scratched lamp shade:major:14:9", "--finding", "loose switch:major:9:3",
         "--finding", "smudged rating label:minor:6:2",
         "--point", "S1=does-not", "--point", "S2=conforms", "--point", "G1=does-not", "--verdict", "fail"]
MONEY = ["--order-value-cny", "84000.00", "--deposit-cny", "25200.00"]


@pytest.fixture
def cli(tmp_path, capsys, pinned_clock):
    def run(*argv) -> tuple[int, str, str]:
        code = main(["--data", str(run.root), *map(str, argv)])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.root = tmp_path / "ws"
    return run


@pytest.fixture
def run(cli, ws, case):
    ws.create(case)
    cli.root, cli.ws = ws.root, ws
    return cli


def store_of(cli) -> Workspace:
    return Workspace.open(cli.root, create=False)


def write(tmp_path, data: dict, name: str = "report.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def judged(report) -> tuple:
    """Everything the diagnosis and the gate read of a report."""
    return (report.date, report.company, report.inspector, report.kind, report.scope, report.lot_size,
            report.sample_size, report.level, report.cartons_sampled,
            [(c.defect_class, c.aql, c.found) for c in report.classes],
            [(f.defect_type, f.defect_class, f.units, f.cartons) for f in report.findings],
            [(s.point, s.kind, s.result) for s in report.spec_checks], report.verdict, report.standard)


# -- casefile report ----------------------------------------------------------------------

def test_a_typed_report_reads_exactly_as_the_imported_file(run, ws, tmp_path):
    code, out, err = run("report", PO, *TYPED)
    assert code == 0 and err == ""
    assert "recorded in PO/2026/114: first of 20 Nov 2026 by Asia Quality Inspections Ltd." in out
    assert "The lot fails by ISO 2859-1: major 23 found / Re 8 (far over)." in out
    typed = ws.load(PO).reports[0]
    assert typed.source == "typed in"

    other = tmp_path / "other"
    assert main(["--data", str(other), "new", PO, "--supplier", "S", "--product", "P", "--quantity", "3000", *MONEY,
                 "--spec", "S1=colour Pantone 286C", "--spec", "S2=weight 250 g ± 5 g",
                 "--golden", "G1=switch feel as golden sample", "--golden-sample", "GS-114 sealed 2 Oct"]) == 0
    assert main(["--data", str(other), "import-report", PO, str(FIRST_FAILED)]) == 0
    imported = type(ws).open(other).load(PO).reports[0]
    assert judged(typed) == judged(imported)


def test_an_under_sampled_pass_typed_in_is_not_called_a_pass_for_the_balance(run):
    code, out, _ = run("report", PO, "--date", "2026-11-20", "--company", "QIMA", "--sample", "80",
                       "--found", "critical=0,major=1,minor=0")
    assert code == 0 and "the lot passes by ISO 2859-1" in out  # its counts do pass...
    assert "for the balance: under-sampled: 80 units sampled" in out and "its pass does not count" in out


def test_typing_the_same_report_again_changes_nothing(run, ws):
    run("report", PO, *TYPED)
    revision = ws.load(PO).revision
    code, out, _ = run("report", PO, *TYPED)
    assert code == 0 and "already; nothing changed" in out and ws.load(PO).revision == revision


def test_defaults_lot_is_the_order_sample_the_plan_verdict_the_apps(ws, case, pinned_clock):
    ws.create(case)
    entry = ReportEntry(date="2026-11-21", company="AQI", kind="re-inspection", found={"critical": 0, "major": "7", "minor": 10})
    _, report, added = enter_report(ws, PO, entry)
    assert added and (report.lot_size, report.sample_size, report.level) == (3000, 125, "II")
    assert report.verdict == "pass"  # major 7 of Ac 7, minor 10 of Ac 10
    entry = entry.model_copy(update={"found": {"critical": 0, "major": 8, "minor": 0}})
    assert enter_report(ws, PO, entry)[1].verdict == "fail"
    entry = entry.model_copy(update={"found": {"critical": 0, "major": 0, "minor": 0}, "points": {"S1": "does-not"}})
    assert enter_report(ws, PO, entry)[1].verdict == "fail"  # a point that does not conform


def _set(data: dict, path: list, value) -> dict:
    out = copy.deepcopy(data)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


# the same mistake typed and in a file: (flags changed, the file's change, the words both say)
SAME = {
    "future date": ({"--date": "2026-12-01"}, (["date"], "2026-12-01"), "is in the future (today is 2026-11-25)"),
    "impossible date": ({"--date": "2026-02-30"}, (["date"], "2026-02-30"), "expected a real date as YYYY-MM-DD"),
    "found above the sample": ({"--found": "critical=0,major=126,minor=6"}, (["classes", "major", "found"], 126),
                               "126 defects is more than the sample of 125"),
    "sample above the lot": ({"--lot": "100"}, (["lot_size"], 100), "125 units sampled from a lot of 100"),
    "count as words": ({"--sample": "a hundred"}, (["sample_size"], "a hundred"), "expected a whole number such as 125"),
    "unknown level": ({"--level": "IV"}, (["level"], "IV"), "input should be 'I', 'II', 'III'"),
    "unknown point": ({"--point": "S9=conforms"}, (["spec_checks", 0, "point"], "S9"),
                      "'S9' is not in the case's standard; known keys: S1, S2, G1"),
    "control character": ({"--company": "AQI\x1b[2J"}, (["company"], "AQI\x1b[2J"), "contains a control character (U+001B)"),
}


@pytest.mark.parametrize("name", list(SAME))
def test_a_typed_report_is_refused_as_the_file_is_in_the_same_words(run, ws, tmp_path, name):
    flags, (path, value), words = SAME[name]
    typed = list(TYPED)
    for flag, text in flags.items():
        if flag in typed:
            typed[typed.index(flag) + 1] = text
        else:
            typed += [flag, text]
    code, out, typed_err = run("report", PO, *typed)
    assert code == 2 and out == "" and typed_err.count("\n") == 1
    code, _, file_err = run("import-report", PO, write(tmp_path, _set(EXAMPLE, path, value)))
    assert code == 2
    assert words in typed_err and words in file_err
    assert ws.load(PO).reports == []


def test_hostile_typed_fields_are_refused_in_one_line(run):
    code, _, err = run("report", PO, *TYPED[:-1], "fail", "--finding", "no class here:3")
    assert code == 2 and "--finding: expected TYPE:CLASS:UNITS[:CARTONS]" in err
    code, _, err = run("report", PO, *[t if t != "critical=0,major=23,minor=6" else "critical0" for t in TYPED])
    assert code == 2 and "--found: expected CLASS=N,..." in err and err.count("\n") == 1
    code, _, err = run("report", PO, *[t if t != "critical=0,major=23,minor=6" else "major=1" for t in TYPED])
    assert code == 2 and err.count("\n") == 1 and "--found critical: is missing; --found minor: is missing" in err
    assert "give every class, 0 where none were found, e.g. --found critical=0,major=15,minor=3" in err
    assert '"found"' not in err  # the report file's syntax, not this flag's


# -- new --from-report ----------------------------------------------------------------------

def named(**extra) -> dict:
    return {**EXAMPLE, "po": PO, "supplier": "Shenzhen Brightway Lighting Co., Ltd.", "product": "LED desk lamp DL-40",
            "spec_checks": [*EXAMPLE["spec_checks"][:2], {**EXAMPLE["spec_checks"][2], "kind": "golden-sample"}], **extra}


def test_a_case_opens_from_a_report_asking_only_for_the_money(cli, tmp_path):
    code, out, err = cli("new", PO, "--from-report", write(tmp_path, named()), *MONEY)
    assert code == 0 and err == ""
    assert "case PO/2026/114 opened from" in out and "imported into PO/2026/114: first of 20 Nov 2026" in out
    state = store_of(cli).load(PO)
    c = state.case
    assert (c.supplier, c.product, c.quantity, str(c.aql.major), c.aql.level) == (
        "Shenzhen Brightway Lighting Co., Ltd.", "LED desk lamp DL-40", 3000, "2.5", "II")
    assert [(p.key, p.kind, p.text) for p in c.spec_points] == [
        ("S1", "spec", "shade reads Pantone 285C under D65"), ("S2", "spec", "248-253 g on 10 units"),
        ("G1", "golden-sample", "switch travel softer than the golden sample")]
    assert len(state.reports) == 1 and state.reports[0].verdict == "fail"
    code, out, _ = cli("new", PO, "--from-report", write(tmp_path, named()), *MONEY)  # a retry
    assert code == 0 and "nothing changed" in out and len(store_of(cli).load(PO).reports) == 1


def test_flags_given_win_over_the_report(cli, tmp_path):
    code, _, err = cli("new", PO, "--from-report", write(tmp_path, named()), *MONEY, "--supplier", "Brightway",
                       "--aql-major", "1.5", "--spec", "S1=colour Pantone 286C")
    assert code == 0, err
    c = store_of(cli).load(PO).case
    assert c.supplier == "Brightway" and str(c.aql.major) == "1.5"
    assert [(p.key, p.text) for p in c.spec_points][:2] == [("S1", "colour Pantone 286C"), ("S2", "248-253 g on 10 units")]


@pytest.mark.parametrize("report, argv, words", [
    (named(po="PO/2026/115"), [*MONEY], "the report is for order 'PO/2026/115', not 'PO/2026/114'"),
    (named(), ["--deposit-cny", "1"], "--order-value-cny: a report cannot know the order value; give it"),
    ({k: v for k, v in EXAMPLE.items() if k not in ("supplier", "product")}, [*MONEY],
     "--supplier: the report names no supplier; give it; --product: the report names no product"),
    (named(date="2026-12-01"), [*MONEY], "is in the future"),
    (named(sample_size="lots"), [*MONEY], "sample_size: expected a whole number such as 125"),
])
def test_a_report_that_cannot_open_the_case_opens_nothing(cli, tmp_path, report, argv, words):
    code, out, err = cli("new", PO, "--from-report", write(tmp_path, report), *argv)
    assert code == 2 and out == "" and words in err and err.count("\n") == 1
    assert store_of(cli).list_summaries() == []


def test_new_without_a_report_still_names_the_flags_it_needs(cli):
    code, _, err = cli("new", PO, "--product", "x")
    assert code == 2 and "required: --supplier, --quantity, --order-value-cny, --deposit-cny" in err


# -- import-report --add-points ---------------------------------------------------------------

def test_points_missing_from_the_case_are_named_with_the_fix_and_added_in_one_write(run, ws, tmp_path):
    report = write(tmp_path, {**EXAMPLE, "spec_checks": [
        *EXAMPLE["spec_checks"], {"point": "S3", "result": "conforms", "note": "carton drop test 80 cm\nsecond line"},
        {"point": "G2", "kind": "golden-sample", "result": "does-not-conform"}]})
    code, _, err = run("import-report", PO, report)
    assert code == 2 and err.count("\n") == 1
    assert "'S3' is not in the case's standard" in err and "'G2' is not in the case's standard" in err
    assert "to add S3, G2 to the case's standard" in err and "--add-points" in err
    revision = ws.load(PO).revision

    code, out, err = run("import-report", PO, report, "--add-points")
    assert code == 0 and err == ""
    state = ws.load(PO)
    assert state.revision == revision + 1 and len(state.reports) == 1  # one write: the points and the report
    assert [(p.key, p.kind, p.text) for p in state.case.spec_points][3:] == [
        ("S3", "spec", "carton drop test 80 cm"), ("G2", "golden-sample", "G2, as the report of 2026-11-20 names it")]
    event = state.history[-1]
    assert event.reason == "added from report report.json of 20 Nov 2026"
    assert [c.field for c in event.changes] == ["spec_points"] and "added from report" in out
    assert [(s.point, s.kind) for s in state.reports[0].spec_checks][3:] == [("S3", "spec"), ("G2", "golden-sample")]
    assert run("check")[0] == 0


def test_add_points_changes_nothing_when_the_case_has_them(run, ws):
    code, _, _ = run("import-report", PO, FIRST_FAILED, "--add-points")
    state = ws.load(PO)
    assert code == 0 and state.history[-1].changes == [] and len(state.case.spec_points) == 3
