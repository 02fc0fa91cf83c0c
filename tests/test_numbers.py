"""A comma in a number means thousands only in its exact form: "1,250" is read, "12,5" (twelve
and a half in much of the world) is refused with the field's name, wherever a number is read."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.values.money import parse_decimal
from casefile.values.numbers import parse_whole
from conftest import examples
from reportkit import FIRST_FAILED
from tui.cli import main

PO = "PO/2026/114"
AMBIGUOUS = ["12,5", "1,2,5", "1,25", ",125", "125,", "0,125", "1,250,00", "1,,250", "1 250,5"]


@pytest.mark.parametrize("text, number", [("1,250", 1250), ("12,500,000", 12_500_000), ("125", 125),
                                          (" 3,000 ", 3000), ("0", 0), ("007", 7)])
def test_plain_digits_and_exact_grouping_are_read(text, number):
    assert parse_whole(text) == number


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_any_other_comma_is_refused_and_says_why(text):
    with pytest.raises(ValueError, match="a comma only separates thousands, in groups of three"):
        parse_whole(text)


@settings(max_examples=examples(300, 3000), deadline=None)
@given(st.integers(0, 10**15), st.data())
def test_grouped_numbers_read_back_and_a_misplaced_comma_never_does(n, data):
    assert parse_whole(f"{n:,}") == n
    assert parse_decimal(f"{n:,}.25") == parse_decimal(f"{n}.25")
    digits = str(n)
    if len(digits) < 2:
        return
    cut = data.draw(st.integers(1, len(digits) - 1))
    if len(digits) - cut == 3 and cut <= 3:
        return  # that one comma is exact grouping ("1,250")
    wrong = f"{digits[:cut]},{digits[cut:]}"
    with pytest.raises(ValueError):
        parse_whole(wrong)
    with pytest.raises(ValueError):
        parse_decimal(f"{wrong}.00")


def run(ws, capsys, *argv):
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


NEW = ["new", PO, "--supplier", "S", "--product", "P", "--order-value-cny", "84,000.00", "--deposit-cny", "25200"]


def test_new_reads_a_grouped_quantity_and_refuses_an_ambiguous_one_naming_the_flag(ws, capsys):
    code, _, err = run(ws, capsys, *NEW, "--quantity", "12,5")
    assert code == 2 and err.startswith("casefile: --quantity: expected a whole number such as 3000, got '12,5'")
    assert err.count("\n") == 1
    code, _, err = run(ws, capsys, *NEW, "--quantity", "3,000")
    assert code == 0, err
    assert ws.load(PO).case.quantity == 3000


@pytest.mark.parametrize("amount", ["84,00", "8,400,0.00", "1,2,5.00"])
def test_money_with_an_ambiguous_comma_is_refused_naming_the_flag(ws, capsys, amount):
    argv = ["new", PO, "--supplier", "S", "--product", "P", "--quantity", "3000", "--deposit-cny", "0",
            "--order-value-cny", amount]
    code, _, err = run(ws, capsys, *argv)
    assert code == 2 and err.startswith("casefile: --order-value-cny: ") and "not a plain decimal" in err


@pytest.mark.parametrize("value", ["12,5", "1,2,5", "1,25"])
def test_a_report_sample_size_with_an_ambiguous_comma_is_refused_with_its_path(ws, case, capsys, tmp_path, value):
    ws.create(case)
    data = json.loads(open(FIRST_FAILED, encoding="utf-8").read())
    data["sample_size"] = value
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(ws, capsys, "import-report", PO, str(path))
    assert code == 2 and f"sample_size: expected a whole number such as 125, got '{value}'" in err
    assert ws.load(PO).reports == []


def test_a_report_lot_size_with_exact_grouping_imports(ws, case, capsys, tmp_path):
    ws.create(case)
    data = json.loads(open(FIRST_FAILED, encoding="utf-8").read())
    data["lot_size"] = "3,000"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(ws, capsys, "import-report", PO, str(path))
    assert code == 0, err
    assert ws.load(PO).reports[0].lot_size == 3000


def test_decide_units_and_draft_units_follow_the_same_rule(ws, case, capsys):
    ws.create(case)
    assert run(ws, capsys, "import-report", PO, str(FIRST_FAILED))[0] == 0
    code, _, err = run(ws, capsys, "decide", PO, "--option", "sort", "--units", "55,0")
    assert code == 2 and err.startswith("casefile: --units: expected a whole number such as 550, got '55,0'")
    code, _, err = run(ws, capsys, "draft", PO, "--template", "replace", "--deadline", "2026-12-30", "--units", "5,50")
    assert code == 2 and "units: expected a whole number such as 125, got '5,50'" in err
