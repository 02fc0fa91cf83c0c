"""ISO 2859-1:1999 sampling plans (casefile.rules.sampling_plans, casefile.rules.sampling_tables).

Published cells used below, and where each comes from. Tags in the tables name the sources
that print the same value for that cell.

[GB]   GB/T 2828.1-2012 (identical to ISO 2859-1:1999), double-blind hand transcription of
       Tables 1, 2-A, 2-B and 2-C (all 26 AQL columns, arrows resolved):
       github.com/nihantao-crosis/quality-platform
         src/core/__tests__/fixtures/gbt2828-1-2012-tables-2abc-full16.tsv
         src/core/__tests__/fixtures/gbt2828-1-2012-tables-2abc-aql15-1000.tsv
         src/core/__tests__/fixtures/gbt2828-1-2012-table1-levels.tsv
[AS]   AQLSchemes (John Lawson, CRAN), MIL-STD-105E / ANSI Z1.4 single plans with arrows
       resolved, normal and tightened (same tables as ISO) and the Z1.4 reduced table:
       github.com/fjgonzalezmgt/AQLSchemesCust  R/AAZ14Single.R
[NIBS] MIL-STD-105E extract, Table 1-A (normal) and 1-B (tightened), Re per AQL 0.65-15:
       http://www.nibs.org/FMOC/DPW_AC/AC-TABLE.ASC
[PDF]  "ANSI/ASQC Z1.4 / MIL-STD-105E / ISO 2859" chart, Table I and Table II:
       https://pdfcoffee.com/aql-sampling-chart-pdf-free.html
[QMS]  GB/T 2828.1-2012 check script, level II Table 1 and known Table 2-A cells:
       github.com/bistuwangqiyuan/purui-qms  scripts/verify_sampling.py
[PYPI] garment-aql-calculator 1.0.0 (PyPI), Table 1 for all seven levels (only its Table 1
       is used: it resolves arrows wrongly, e.g. a down arrow as 0/1 at the same sample size)
[FWD]  ISO 2859-1:1999 foreword, quoted at https://www.pinzhi.org/thread-103021-1-1.html :
       "reduced plans have been changed to eliminate the gap between the acceptance and
       rejection numbers"

Mechanical cross-check done while encoding the tables (not repeated here; the fixtures are
third-party files): every one of the 1,248 cells (3 tables x 16 letters x 26 AQLs) resolves
to the [GB] plan; [AS] agrees on 831 of the 832 normal and tightened cells, including the
sample size after arrows; the one difference is tightened A @ AQL 10 (ISO: 0/1 with n=2,
MIL-STD-105E: down arrow to D, 1/2 with n=8; we follow ISO). For reduced inspection every
ISO plan with the same sample size as the Z1.4 plan has Z1.4 Ac <= ISO Ac < Z1.4 Re.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from casefile.rules import sampling_tables as T
from casefile.rules.sampling_plans import LEVELS, SEVERITIES, SamplingPlan, sampling_plan
from casefile.values.aql import AQL_VALUES, SamplingPlanError, parse_aql

# --------------------------------------------------------------------------------------
# Table 1: every lot-size range, at both ends, for every level.  [GB] [PDF] [PYPI] [AS]
# --------------------------------------------------------------------------------------

TABLE_1_PUBLISHED = [
    # lot range            S-1 S-2 S-3 S-4 I  II III
    ((2, 8),               "A A A A A A B"),
    ((9, 15),              "A A A A A B C"),
    ((16, 25),             "A A B B B C D"),
    ((26, 50),             "A B B C C D E"),
    ((51, 90),             "B B C C C E F"),
    ((91, 150),            "B B C D D F G"),
    ((151, 280),           "B C D E E G H"),
    ((281, 500),           "B C D E F H J"),
    ((501, 1200),          "C C E F G J K"),
    ((1201, 3200),         "C D E G H K L"),
    ((3201, 10000),        "C D F G J L M"),
    ((10001, 35000),       "C D F H K M N"),
    ((35001, 150000),      "D E G J L N P"),
    ((150001, 500000),     "D E G J M P Q"),
    ((500001, 10**9),      "D E H K N Q R"),
]
TABLE_1_CASES = [
    (lot, level, letter)
    for (low, high), letters in TABLE_1_PUBLISHED
    for lot in (low, high)
    for level, letter in zip(("S-1", "S-2", "S-3", "S-4", "I", "II", "III"), letters.split())
]


@pytest.mark.parametrize(("lot", "level", "letter"), TABLE_1_CASES)
def test_table_1_code_letter_at_both_ends_of_every_range(lot, level, letter):
    assert sampling_plan(lot, "0", level).code_letter == letter


@pytest.mark.parametrize(
    ("below", "above", "letters"),
    [  # level II boundaries named in the brief  [QMS] [GB] [PDF]
        (8, 9, ("A", "B")),
        (150, 151, ("F", "G")),
        (1200, 1201, ("J", "K")),
        (3200, 3201, ("K", "L")),
        (500000, 500001, ("P", "Q")),
    ],
)
def test_level_ii_lot_size_boundaries(below, above, letters):
    assert (sampling_plan(below, "2.5").code_letter, sampling_plan(above, "2.5").code_letter) == letters


# --------------------------------------------------------------------------------------
# Every code letter and its sample size, via zero tolerance (the letter's own sample).
# --------------------------------------------------------------------------------------

LETTER_SAMPLES = [  # letter, a lot giving it, level, normal n, reduced n  [GB] [AS] [PDF]
    ("A", 8, "II", 2, 2), ("B", 15, "II", 3, 2), ("C", 25, "II", 5, 2),
    ("D", 50, "II", 8, 3), ("E", 90, "II", 13, 5), ("F", 150, "II", 20, 8),
    ("G", 280, "II", 32, 13), ("H", 500, "II", 50, 20), ("J", 1200, "II", 80, 32),
    ("K", 3200, "II", 125, 50), ("L", 10000, "II", 200, 80), ("M", 35000, "II", 315, 125),
    ("N", 150000, "II", 500, 200), ("P", 500000, "II", 800, 315),
    ("Q", 600000, "II", 1250, 500), ("R", 600000, "III", 2000, 800),
]


@pytest.mark.parametrize(("letter", "lot", "level", "normal_n", "reduced_n"), LETTER_SAMPLES)
def test_every_code_letter_sample_size(letter, lot, level, normal_n, reduced_n):
    for severity, n in (("normal", normal_n), ("tightened", normal_n), ("reduced", reduced_n)):
        plan = sampling_plan(lot, "0", level, severity)
        assert (plan.code_letter, plan.plan_letter, plan.sample_size) == (letter, letter, n)
        assert (plan.accept, plan.reject, plan.hundred_percent) == (0, 1, False)


# --------------------------------------------------------------------------------------
# Published plans, arrows followed with the target plan's sample size.
# --------------------------------------------------------------------------------------

PUBLISHED = [
    # lot, aql, level, severity -> code, plan letter, n, Ac, Re        sources / what it shows
    # The case: lot 3,000, level II, normal.
    (3000, "2.5", "II", "normal", "K", "K", 125, 7, 8),      # [GB][AS][NIBS][PYPI]
    (3000, "4.0", "II", "normal", "K", "K", 125, 10, 11),    # [GB][AS][NIBS][PYPI]
    (3000, "0.65", "II", "normal", "K", "K", 125, 2, 3),     # [GB][AS][NIBS][PYPI]
    (3000, "1.0", "II", "normal", "K", "K", 125, 3, 4),      # [QMS][GB][AS][NIBS]
    (1000, "1.0", "II", "normal", "J", "J", 80, 2, 3),       # [QMS][GB][AS][NIBS]
    (1000, "2.5", "II", "normal", "J", "J", 80, 5, 6),       # [QMS][GB][AS][NIBS]
    (1000, "0.65", "II", "normal", "J", "J", 80, 1, 2),      # [QMS][GB][AS][NIBS]
    (500, "2.5", "II", "normal", "H", "H", 50, 3, 4),        # [QMS][GB][AS][NIBS]
    (10000, "0.65", "II", "normal", "L", "L", 200, 3, 4),    # [QMS][GB][AS][NIBS]
    # Normal arrows, both directions.
    (150, "1.0", "II", "normal", "F", "E", 13, 0, 1),        # up   [QMS][GB][AS][NIBS]
    (500, "0.65", "II", "normal", "H", "J", 80, 1, 2),       # down [QMS][GB][AS][NIBS]
    (80, "0.65", "II", "normal", "E", "F", 20, 0, 1),        # down [QMS][GB][AS][NIBS]
    (3000, "0.25", "II", "normal", "K", "L", 200, 1, 2),     # down [GB][AS]
    (10000, "10", "II", "normal", "L", "K", 125, 21, 22),    # up, Ac capped at 21 [GB][AS][NIBS]
    (8, "10", "II", "normal", "A", "C", 5, 1, 2),            # top row: down two rows [GB][AS]
    (600000, "0.015", "III", "normal", "R", "P", 800, 0, 1),  # bottom row: up two rows [GB][AS]
    (20, "1000", "II", "normal", "C", "B", 3, 44, 45),       # top right [GB][AS]
    (100, "150", "II", "normal", "F", "E", 13, 30, 31),      # 30/31 only in rows A-E [GB][AS]
    (100, "100", "II", "normal", "F", "E", 13, 21, 22),      # [GB][AS]
    # Tightened.
    (3000, "2.5", "II", "tightened", "K", "K", 125, 5, 6),   # [GB][AS][NIBS]
    (3000, "4.0", "II", "tightened", "K", "K", 125, 8, 9),   # [GB][AS][NIBS]
    (3000, "0.65", "II", "tightened", "K", "K", 125, 1, 2),  # [GB][AS][NIBS]
    (3000, "6.5", "II", "tightened", "K", "K", 125, 12, 13),  # [GB][AS][NIBS]
    (3000, "10", "II", "tightened", "K", "K", 125, 18, 19),  # [GB][AS][NIBS]
    (5000, "0.65", "II", "tightened", "L", "L", 200, 2, 3),  # [GB][AS][NIBS]
    (3000, "0.40", "II", "tightened", "K", "L", 200, 1, 2),  # down [GB][AS][NIBS]
    (3000, "0.25", "II", "tightened", "K", "M", 315, 1, 2),  # down two rows [GB][AS]
    (200, "1.0", "II", "tightened", "G", "J", 80, 1, 2),     # down two rows [GB][AS][NIBS]
    (10000, "15", "II", "tightened", "L", "J", 80, 18, 19),  # up [GB][AS][NIBS]
    (600000, "0.025", "III", "tightened", "R", "S", 3150, 1, 2),  # row S, n=3150 [GB][AS]
    (600000, "0.015", "III", "tightened", "R", "Q", 1250, 0, 1),  # up from the last row [GB][AS]
    (20, "1000", "II", "tightened", "C", "B", 3, 41, 42),    # top right [GB][AS]
    # Reduced: ISO 1999 Table 2-C, Re = Ac + 1, reduced sample sizes (K = 50).
    (3000, "2.5", "II", "reduced", "K", "K", 50, 5, 6),      # [GB]; Z1.4 prints 3/6 [AS]
    (3000, "4.0", "II", "reduced", "K", "K", 50, 6, 7),      # [GB]; Z1.4 prints 5/8 [AS]
    (3000, "0.65", "II", "reduced", "K", "K", 50, 1, 2),     # [GB]; Z1.4 prints 1/3 [AS]
    (3000, "0.10", "II", "reduced", "K", "K", 50, 0, 1),     # [GB][AS]
    (3000, "0.15", "II", "reduced", "K", "J", 32, 0, 1),     # up [GB][AS]
    (3000, "0.25", "II", "reduced", "K", "M", 125, 1, 2),    # down two rows [GB]
    (3000, "10", "II", "reduced", "K", "K", 50, 10, 11),     # [GB]; Z1.4 prints 10/13 [AS]
    (3000, "15", "II", "reduced", "K", "J", 32, 10, 11),     # up [GB]
    (600000, "0.025", "II", "reduced", "Q", "N", 200, 0, 1),  # long up arrow over P/Q/R [GB]
    (8, "1000", "II", "reduced", "A", "A", 2, 30, 31),       # [GB][AS]
    (20, "1000", "II", "reduced", "C", "B", 2, 30, 31),      # up, same n=2 [GB][AS]
    (20, "100", "II", "reduced", "C", "C", 2, 6, 7),         # [GB]
]


@pytest.mark.parametrize(
    ("lot", "aql", "level", "severity", "code", "plan_letter", "n", "ac", "re"), PUBLISHED
)
def test_published_plans(lot, aql, level, severity, code, plan_letter, n, ac, re):
    plan = sampling_plan(lot, aql, level, severity)
    assert (plan.code_letter, plan.plan_letter, plan.sample_size, plan.accept, plan.reject) == (
        code, plan_letter, n, ac, re,
    )
    assert plan.hundred_percent is False
    assert (plan.level, plan.severity, plan.lot_size) == (level, severity, lot)


def test_tightened_a_at_aql_10_follows_iso_not_mil_std():
    # ISO 2859-1:1999 / GB/T 2828.1 Table 2-B prints 0/1 here [GB]; MIL-STD-105E has a
    # down arrow (D, n=8, 1/2) [AS][NIBS]. The app follows ISO.
    plan = sampling_plan(8, "10", "II", "tightened")
    assert (plan.plan_letter, plan.sample_size, plan.accept, plan.reject) == ("A", 2, 0, 1)


def test_realistic_case_all_three_classes():
    critical, major, minor = (sampling_plan(3000, a, "II") for a in ("0", "2.5", "4.0"))
    assert (critical.sample_size, critical.accept, critical.reject) == (125, 0, 1)
    assert (major.sample_size, major.accept, major.reject) == (125, 7, 8)
    assert (minor.sample_size, minor.accept, minor.reject) == (125, 10, 11)
    assert major.passes(7) and major.fails(8) and minor.passes(10) and minor.fails(11)
    assert critical.fails(1) and critical.passes(0)


# --------------------------------------------------------------------------------------
# 100 % inspection and zero tolerance.
# --------------------------------------------------------------------------------------

def test_sample_reaching_the_lot_size_means_100_percent():
    # lot 10 -> B; AQL 1.0 is a down arrow to E (n=13) [GB][AS]: 13 >= 10, inspect all 10.
    plan = sampling_plan(10, "1.0")
    assert (plan.code_letter, plan.plan_letter) == ("B", "E")
    assert (plan.sample_size, plan.hundred_percent, plan.accept, plan.reject) == (10, True, 0, 1)


def test_sample_equal_to_lot_size_is_100_percent():
    plan = sampling_plan(13, "1.0", "III")  # III: 9-15 -> C; 1.0 arrows down to E (n=13)
    assert (plan.plan_letter, plan.sample_size, plan.hundred_percent) == ("E", 13, True)


def test_zero_tolerance_uses_the_letters_own_sample():
    for aql in ("0", "0.0", "0.00", Decimal(0), Decimal("0.000")):
        plan = sampling_plan(3000, aql)
        assert (plan.code_letter, plan.plan_letter, plan.sample_size) == ("K", "K", 125)
        assert (plan.accept, plan.reject, plan.aql, plan.zero_tolerance) == (0, 1, Decimal(0), True)
    assert sampling_plan(3000, "0", "II", "reduced").sample_size == 50
    assert sampling_plan(3000, "0", "II", "tightened").sample_size == 125
    small = sampling_plan(2, "0")  # A: n=2 on a lot of 2 is every unit
    assert (small.sample_size, small.hundred_percent) == (2, True)


# --------------------------------------------------------------------------------------
# AQL parsing and normalisation.
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "column"),
    [("2.5", "2.5"), ("2.50", "2.5"), ("4", "4.0"), ("4.0", "4.0"), (" 4.00 ", "4.0"),
     ("0.65", "0.65"), ("0.1", "0.10"), ("0.01", "0.010"), ("10", "10"), ("10.0", "10"),
     ("1000", "1000"), ("1", "1.0"), ("2.5%", "2.5")],
)
def test_parse_aql_normalises_to_the_printed_column(text, column):
    got = parse_aql(text)
    assert got == Decimal(column) and str(got) == column
    assert parse_aql(Decimal(text.strip().rstrip("%"))) == got


def test_four_and_four_point_zero_give_the_same_plan():
    assert sampling_plan(3000, "4") == sampling_plan(3000, "4.0") == sampling_plan(3000, Decimal("4.00"))


def test_aql_values_are_the_26_columns():
    assert len(AQL_VALUES) == 26 and all(isinstance(v, Decimal) for v in AQL_VALUES)
    assert AQL_VALUES[0] == Decimal("0.010") and AQL_VALUES[-1] == Decimal("1000")
    assert list(AQL_VALUES) == sorted(AQL_VALUES)
    assert set(LEVELS) == {"I", "II", "III", "S-1", "S-2", "S-3", "S-4"}
    assert SEVERITIES == ("normal", "tightened", "reduced")


# --------------------------------------------------------------------------------------
# Bad input: the message names the value and what is allowed.
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lot", [0, -5, 1, 10.0, "3000", None, True])
def test_bad_lot_size(lot):
    with pytest.raises(SamplingPlanError) as err:
        sampling_plan(lot, "2.5")
    assert "lot size must be a whole number of at least 2" in str(err.value)
    assert f"got {lot!r}" in str(err.value)


def test_bad_lot_size_zero_message_exact():
    with pytest.raises(ValueError, match=r"\(ISO 2859-1 Table 1 starts at 2\); got 0$"):
        sampling_plan(0, "2.5")


@pytest.mark.parametrize("aql", ["3.0", "2", "0.5", "-2.5", "1001"])
def test_aql_not_a_column(aql):
    with pytest.raises(SamplingPlanError) as err:
        sampling_plan(3000, aql)
    message = str(err.value)
    assert f"AQL {aql} is not an ISO 2859-1 column; allowed: 0 (zero tolerance), 0.010, " in message
    assert message.endswith(", 650, 1000")


@pytest.mark.parametrize("aql", ["abc", "", "NaN", "Infinity", "2,5"])
def test_aql_not_a_number(aql):
    with pytest.raises(SamplingPlanError, match="allowed: 0 \\(zero tolerance\\), 0.010"):
        parse_aql(aql)


def test_float_aql_is_refused_and_says_to_pass_text():
    with pytest.raises(TypeError, match="not a float.*pass it as text, e.g. '2.5'"):
        parse_aql(2.5)
    with pytest.raises(ValueError):  # also a ValueError, so pydantic validators report it
        sampling_plan(3000, 4.0)


def test_unknown_level():
    with pytest.raises(SamplingPlanError, match=r"level 'IV' .*allowed: I II III S-1 S-2 S-3 S-4"):
        sampling_plan(3000, "2.5", "IV")


def test_unknown_severity():
    with pytest.raises(SamplingPlanError, match=r"severity 'strict' .*allowed: normal tightened reduced"):
        sampling_plan(3000, "2.5", "II", "strict")


def test_level_and_severity_are_tidied():
    plan = sampling_plan(3000, "2.5", " s-4 ", "Tightened")
    assert (plan.level, plan.severity, plan.code_letter) == ("S-4", "tightened", "G")


def test_found_must_be_a_count():
    plan = sampling_plan(3000, "2.5")
    for bad in (-1, 1.5, "3", True):
        with pytest.raises(ValueError, match="defects found must be a whole number"):
            plan.fails(bad)


def test_plan_is_frozen_and_strict():
    plan = sampling_plan(3000, "2.5")
    with pytest.raises(ValidationError):
        plan.accept = 99
    with pytest.raises(ValidationError):
        SamplingPlan(**plan.model_dump(), extra_field=1)


# --------------------------------------------------------------------------------------
# The whole encoded tables, checked mechanically.
# --------------------------------------------------------------------------------------

ALL_CELLS = [
    (severity, letter, col)
    for severity in SEVERITIES
    for letter in T.CODE_LETTERS
    for col in range(len(T.AQL_COLUMNS))
]
SEQUENCES = {  # Ac/Re pairs the standard uses, per table [GB][AS]
    "normal": ["0/1", "1/2", "2/3", "3/4", "5/6", "7/8", "10/11", "14/15", "21/22", "30/31", "44/45"],
    "tightened": ["0/1", "1/2", "2/3", "3/4", "5/6", "8/9", "12/13", "18/19", "27/28", "41/42"],
    # ISO 1999 reduced: between the Z1.4 reduced plans' Ac and Re [GB][AS][FWD]
    "reduced": ["0/1", "1/2", "2/3", "3/4", "5/6", "6/7", "7/8", "8/9", "10/11", "14/15", "21/22", "30/31"],
}


def _plan(severity, letter, col):
    """(plan letter, n, Ac, Re) the module resolved for a table cell, arrows followed."""
    from casefile.rules import sampling_plans as module

    return module._PLANS[(severity, letter, col)]


def test_every_row_has_26_cells_and_only_known_tokens():
    for severity, table in T.MASTER_TABLES.items():
        assert set(table) >= set(T.CODE_LETTERS)
        for letter, row in table.items():
            tokens = row.split()
            assert len(tokens) == 26, (severity, letter)
            for token in tokens:
                assert token in ("v", "^", "-") or token in SEQUENCES[severity], (severity, letter, token)


def test_every_cell_resolves_with_re_equal_ac_plus_one():
    for cell in ALL_CELLS:
        plan_letter, n, ac, re = _plan(*cell)
        assert re == ac + 1, cell  # ISO 1999: true in 2-A, 2-B and (new in 1999) 2-C  [FWD]
        assert n == T.SAMPLE_SIZES[cell[0]][plan_letter]


def test_down_a_column_sample_size_and_ac_never_decrease():
    # Larger lots never get a smaller sample or a smaller acceptance number [GB][AS].
    for severity in SEVERITIES:
        for col in range(26):
            plans = [_plan(severity, letter, col) for letter in T.CODE_LETTERS]
            assert [p[1] for p in plans] == sorted(p[1] for p in plans), (severity, col)
            assert [p[2] for p in plans] == sorted(p[2] for p in plans), (severity, col)


def test_along_a_row_the_standard_sequence_is_followed_in_order():
    for severity, table in T.MASTER_TABLES.items():
        seq = SEQUENCES[severity]
        for letter in T.CODE_LETTERS:
            plans = [t for t in table[letter].split() if "/" in t]
            positions = [seq.index(t) for t in plans]
            assert positions == sorted(positions) and len(set(positions)) == len(positions), (
                severity, letter,
            )


def _diagonal(severity, i, j):
    """The cell the master tables print at row i, column j, from the diagonal i + j.

    In ISO 2859-1 a cell depends only on k = i + j (rows A=0..R=15, columns 0.010=0..1000=25),
    except at the table edges, listed here. Written from the standard's structure, not from
    aql_tables, so it catches a shifted or mistyped cell.
    """
    k = i + j
    top_rows = i <= 4  # the last two plans of each sequence (30/31, 44/45 ...) exist in rows A-E only
    if severity == "normal":
        if (i, j) == (0, 15):
            return "v"  # A @ 10: nothing above, the arrow points down to C
        if (i, j) == (15, 1):
            return "^"  # R @ 0.015: nothing below, the arrow points up to P
        band = {14: "0/1", 15: "^", 16: "v"}
        tail = ["1/2", "2/3", "3/4", "5/6", "7/8", "10/11", "14/15", "21/22", "30/31", "44/45"]
        first = 17
    elif severity == "tightened":
        if (i, j) == (15, 1):
            return "^"  # R @ 0.015 -> Q
        band = {15: "0/1", 16: "v", 17: "v"}
        tail = ["1/2", "2/3", "3/4", "5/6", "8/9", "12/13", "18/19", "27/28", "41/42"]
        first = 18
    else:
        edges = {(14, 2): "^", (15, 1): "^", (15, 2): "^"}  # long up arrow over P/Q/R
        if (i, j) in edges:
            return edges[(i, j)]
        band = {14: "0/1", 15: "^", 16: "v", 17: "v"}
        tail = ["1/2", "2/3", "3/4", "5/6", "6/7", "8/9", "10/11", "14/15", "21/22"]
        first = 18
    if k < min(band):
        return "v"
    if k in band:
        return band[k]
    pos = k - first
    if pos < len(tail) and (pos < len(tail) - 2 or top_rows):
        return tail[pos]
    return "^"


# Rows A and B of Table 2-C (both n=2) follow the normal table's top row instead [GB].
REDUCED_TOP_ROWS = {
    "A": "v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
    "B": "v v v v v v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
}


def test_master_tables_follow_the_diagonal_structure_of_the_standard():
    for severity, table in T.MASTER_TABLES.items():
        for i, letter in enumerate(T.CODE_LETTERS):
            got = table[letter].split()
            if severity == "reduced" and letter in REDUCED_TOP_ROWS:
                assert got == REDUCED_TOP_ROWS[letter].split(), letter
                continue
            expected = [_diagonal(severity, i, j) for j in range(26)]
            assert got == expected, (severity, letter)
    assert T.TABLE_2B["S"].split() == ["-", "-", "1/2"] + ["-"] * 23  # [GB]


def test_reduced_sample_sizes():
    # ISO 2859-1 Table 2-C / Z1.4 Table II-C sample sizes per code letter [GB][AS]
    assert [T.SAMPLE_SIZES["reduced"][x] for x in T.CODE_LETTERS] == [
        2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800,
    ]
    assert T.SAMPLE_SIZES["tightened"]["S"] == 3150
    assert [T.SAMPLE_SIZES["normal"][x] for x in T.CODE_LETTERS] == [
        2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000,
    ]


# --------------------------------------------------------------------------------------
# Properties.
# --------------------------------------------------------------------------------------

lots = st.integers(min_value=2, max_value=2_000_000)
aqls = st.sampled_from(["0"] + list(T.AQL_COLUMNS))
levels = st.sampled_from(LEVELS)
severities = st.sampled_from(SEVERITIES)


@given(lots, aqls, levels, severities, st.integers(min_value=0, max_value=100))
def test_passes_iff_found_at_most_accept(lot, aql, level, severity, found):
    plan = sampling_plan(lot, aql, level, severity)
    assert plan.reject == plan.accept + 1
    assert plan.passes(found) == (found <= plan.accept)
    assert plan.fails(found) == (found >= plan.reject)
    assert 1 <= plan.sample_size <= lot
    assert plan.hundred_percent == (plan.sample_size == lot and T.SAMPLE_SIZES[severity][plan.plan_letter] >= lot)


@given(lots, lots, aqls, levels, severities)
def test_sample_size_never_falls_as_the_lot_grows(a, b, aql, level, severity):
    small, large = sorted((a, b))
    p, q = sampling_plan(small, aql, level, severity), sampling_plan(large, aql, level, severity)
    assert p.sample_size <= q.sample_size
    assert T.CODE_LETTERS.index(p.code_letter) <= T.CODE_LETTERS.index(q.code_letter)


@given(st.sampled_from(T.AQL_COLUMNS), st.integers(min_value=0, max_value=3))
def test_trailing_zeros_never_change_the_column(column, zeros):
    text = column + ("." if "." not in column and zeros else "") + "0" * zeros
    assert parse_aql(text) == parse_aql(column) == Decimal(column)
    assert str(parse_aql(text)) == column
