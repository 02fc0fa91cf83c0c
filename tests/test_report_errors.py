"""A report file's problems come in one pass: repeated keys, format errors and how it
disagrees with the case, each with its JSON path (a key typo no longer hides a bad finding)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.values.errors import InputError
from casefile.rules.report_formats.casefile_report import build_report
from conftest import examples, make_case
from test_report_import import JSON_ERRORS, mutate
from tui.cli import main

PO = "PO/2026/114"
# Errors at different places, none of which stops another from being checked (an invalid
# sample size, say, leaves nothing to compare the findings with)
INDEPENDENT = [e for e in JSON_ERRORS if e[0] in (
    "missing field", "unknown field", "unknown field in a class", "fractional count", "zero units in a finding",
    "unknown verdict", "unknown defect class", "unknown class key", "impossible date", "AQL not in the tables",
    "unknown level", "unknown format", "missing class", "found more than the sample", "Re not above Ac",
    "finding larger than the sample", "cartons beyond those sampled", "spec point not in the case",
)]


def problems(data: dict) -> str:
    with pytest.raises(InputError) as info:
        build_report(data, make_case())
    return str(info.value)


@settings(max_examples=examples(150, 1500), deadline=None)
@given(st.lists(st.sampled_from(INDEPENDENT), min_size=2, max_size=8, unique_by=lambda e: e[0]))
def test_every_problem_of_a_file_is_named_in_one_pass(chosen):
    def apply_all(data):
        for _, change, _ in chosen:
            change(data)

    text = problems(mutate(apply_all))
    for name, _, message in chosen:
        assert message in text, name


def test_a_key_typo_and_a_bad_finding_are_reported_together(ws, case, tmp_path, capsys):
    ws.create(case)
    data = mutate(lambda d: None)
    data["classes"]["major"]["fnd"] = data["classes"]["major"].pop("found")
    data["findings"][0]["units"] = 200
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code = main(["--data", str(ws.root), "import-report", PO, str(path)])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert "classes.major.fnd: is not a report field" in err
    assert "classes.major.found: is missing" in err
    assert "findings[0].units: 200 units is more than the sample of 125" in err
    assert ws.load(PO).reports == []


def test_a_repeated_key_names_its_path_among_the_other_problems(ws, case, tmp_path, capsys):
    ws.create(case)
    text = json.dumps(mutate(lambda d: d["findings"][2].update(units=200)))
    # "found" twice in classes.major, "verdict" twice at the top
    text = text.replace('"found": 23', '"found": 23, "found": 24').replace('"verdict": "fail"', '"verdict": "fail", "verdict": "pass"')
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    code = main(["--data", str(ws.root), "import-report", PO, str(path)])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert '(top level): the key "verdict" appears twice; keep one' in err
    assert 'classes.major: the key "found" appears twice; keep one' in err
    assert "findings[2].units: 200 units is more than the sample of 125" in err


def test_a_bad_findings_csv_and_a_bad_report_are_reported_together(ws, case, tmp_path, capsys):
    ws.create(case)
    report = mutate(lambda d: d.pop("findings"))
    report["verdict"] = "fine"
    (tmp_path / "r.json").write_text(json.dumps(report), encoding="utf-8")
    (tmp_path / "f.csv").write_text("defect_type,class,units\nscratch,major,x\n", encoding="utf-8")
    code = main(["--data", str(ws.root), "import-report", PO, str(tmp_path / "r.json"),
                 "--findings", str(tmp_path / "f.csv")])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert "f.csv line 2, column 3 (units): expected a whole number such as 125, got 'x'" in err
    assert "verdict: input should be 'pass', 'fail', 'pending' or 'aborted'" in err
