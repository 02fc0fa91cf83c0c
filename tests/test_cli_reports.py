"""import-report, diagnose, options, decide from the command line: exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from casefile.actions.workspace import Workspace
from reportkit import EXAMPLES, FIRST_FAILED, REINSPECTION_PASSED, example
from tui.cli import main

PO = "PO/2026/114"
NEW = [
    "new", PO, "--supplier", "Shenzhen Brightway Lighting Co.", "--product", "LED desk lamp DL-40",
    "--quantity", "3000", "--order-value-cny", "84000.00", "--deposit-cny", "25200.00",
    "--spec", "S1=colour Pantone 286C", "--spec", "S2=weight 250 g ± 5 g", "--golden", "G1=switch feel as golden sample",
    "--ship-from", "2026-12-01", "--ship-by", "2026-12-20", "--refundable-percent", "100",
    "--reinspection-fee-cny", "2100.00", "--rate", "215.5",
]


def write_json(tmp_path, data) -> str:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def run(tmp_path, capsys, pinned_clock):
    data = str(tmp_path / "ws")

    def run(*argv) -> tuple[int, str, str]:
        code = main(["--data", data, *map(str, argv)])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert run(*NEW)[0] == 0
    run.data = data
    return run


def test_import_then_diagnose_shows_gauges_bands_and_what_fits(run):
    code, out, err = run("import-report", PO, FIRST_FAILED)
    assert code == 0 and err == ""
    assert "The lot fails by ISO 2859-1: major 23 found / Re 8 (far over)." in out
    code, out, _ = run("diagnose", PO)
    assert code == 0
    major = next(line for line in out.splitlines() if line.strip().startswith("major") and "Re 8" in line)
    assert "███" in major and major.rstrip().endswith("far over")
    assert "about 552 defective in the lot" in out
    assert "scratched lamp shade: 14 units, 9 cartons (11.2% of sampled units, at least 10%) SYSTEMATIC" in out
    assert "does not conform: spec S1 colour Pantone 286C" in out
    assert "1. Rework and re-inspect" in out and "2. Cancel and recover the deposit" in out


def test_diagnose_json_is_the_diagnosis(run):
    run("import-report", PO, FIRST_FAILED)
    code, out, _ = run("diagnose", PO, "--json")
    data = json.loads(out)
    major = next(c for c in data["classes"] if c["defect_class"] == "major")
    assert code == 0 and major["projected_defective"] == 552 and data["passed"] is False


def test_options_with_money_and_time(run):
    run("import-report", PO, FIRST_FAILED)
    code, out, _ = run("options", PO)
    assert code == 0
    assert "rework by 5 Dec leaves 15 days before the window closes 20 Dec" in out
    assert "re-inspection fee ¥2,100.00" in out
    code, out, _ = run("options", PO, "--json")
    rows = json.loads(out)
    assert [r["option"] for r in rows if r["fits"]] == ["rework", "cancel"]
    assert rows[0]["balance_held_cny"] == "58800.00"


def test_options_discount_in_ngn_at_the_given_rate(run, tmp_path):
    data = example()
    data["classes"]["major"]["found"], data["classes"]["minor"]["found"], data["findings"] = 3, 12, []
    run("import-report", PO, write_json(tmp_path, data))
    code, out, _ = run("options", PO, "--json", "--rate", "220")
    discount = json.loads(out)[0]
    assert (discount["option"], discount["discount_percent"], discount["discount_cny"]) == ("discount", "9.60", "8064.00")
    assert (discount["rate"], discount["discount_ngn"]) == ("220.0000", "1774080.00")


def test_a_bad_rate_is_one_line_and_exit_2(run):
    code, out, err = run("options", PO, "--rate", "-3")
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("casefile: --rate:")


def test_decide_records_and_refuses_with_the_flag_named(run):
    run("import-report", PO, FIRST_FAILED)
    code, _, err = run("decide", PO, "--option", "discount", "--discount-percent", "8")
    assert code == 2 and "a discount is only for minor defects" in err
    code, _, err = run("decide", PO, "--option", "rework")
    assert (code, err) == (2, "casefile: --deadline: rework needs a deadline, as YYYY-MM-DD, e.g. 2026-12-05\n")
    code, _, err = run("decide", PO, "--option", "sort", "--units", "lots")
    assert code == 2 and err.startswith("casefile: --units: expected a whole number")
    code, out, _ = run("decide", PO, "--option", "rework", "--deadline", "2026-12-05", "--reason", "factory agreed")
    assert code == 0 and out.startswith(f"decided on {PO}: Rework and re-inspect; by 5 Dec 2026; factory agreed")
    state = Workspace.open(run.data).load(PO)
    assert state.latest_decision().option == "rework"


def test_passing_reinspection_leaves_nothing_to_decide(run):
    run("import-report", PO, FIRST_FAILED)
    run("import-report", PO, REINSPECTION_PASSED)
    code, out, _ = run("diagnose", PO)
    assert "no option applies: every class passes" in out
    code, _, err = run("decide", PO, "--option", "cancel")
    assert code == 2 and "passes every class: there is nothing to resolve" in err


def test_import_errors_exit_2_with_one_line_and_store_nothing(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"date": "2026-11-20", "lot_size": 12.5}', encoding="utf-8")
    code, out, err = run("import-report", PO, bad)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "lot_size: expected a whole number such as 125, got 12.5" in err
    assert Workspace.open(run.data).load(PO).reports == []


def test_import_with_a_findings_csv(run):
    code, out, _ = run("import-report", PO, EXAMPLES / "report-no-findings.json", "--findings", EXAMPLES / "findings.csv")
    assert code == 0 and "(id " in out
    code, out, _ = run("import-report", PO, EXAMPLES / "report-no-findings.json", "--findings", EXAMPLES / "findings.csv")
    assert code == 0 and "already imported" in out


def test_no_traceback_from_the_real_command(tmp_path):
    data = tmp_path / "ws"
    cmd = [sys.executable, "-m", "tui.cli", "--data", str(data)]
    assert subprocess.run([*cmd, *NEW], capture_output=True).returncode == 0
    out = subprocess.run([*cmd, "import-report", PO, str(tmp_path / "missing.json")], capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr and out.stderr.count("\n") == 1
    out = subprocess.run([*cmd, "diagnose", PO], capture_output=True, text=True)
    assert out.returncode == 2 and "has no inspection report yet" in out.stderr


def test_options_with_replace_decided_promise_no_payment_the_gate_refuses(run):
    run("import-report", PO, FIRST_FAILED)
    assert run("decide", PO, "--option", "replace", "--units", "552", "--deadline", "2026-12-10")[0] == 0
    code, out, _ = run("options", PO)
    replace = out[out.index("Replace in the next run"):].splitlines()[2]
    assert code == 0 and "payable now ¥0.00; held ¥58,800.00" in replace
    code, _, err = run("pay", PO, "--kind", "balance", "--cny", "1000", "--rate", "215.5", "--receipt", "B-1")
    assert code == 3 and "re-inspection" in err
