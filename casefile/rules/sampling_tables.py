# ruff: noqa: E501
"""ISO 2859-1:1999 single-sampling tables, as data (no logic lives here).

Source: ISO 2859-1:1999 "Sampling procedures for inspection by attributes - Part 1",
Table 1 (sample size code letters) and Tables 2-A, 2-B and 2-C (single sampling plans for
normal, tightened and reduced inspection, master tables). The same tables are published
unchanged as GB/T 2828.1-2012, IS 2500-1:2000 and JIS Z 9015-1. Table 2-C is ISO's 1999
reduced table (Re = Ac + 1 everywhere), NOT the ANSI/ASQ Z1.4 / MIL-STD-105E reduced table,
whose plans have a gap between Ac and Re. Where the sources we checked differ, see
tests/test_aql.py (the cells were checked against independent published transcriptions).

How the master tables are written: one string per code letter, one whitespace-separated
token per AQL column (the 26 columns of AQL_COLUMNS, in order):

    "Ac/Re"  a sampling plan: accept with Ac or fewer, reject with Re or more
    "v"      arrow down: use the first sampling plan below the arrow (with ITS sample size)
    "^"      arrow up:   use the first sampling plan above the arrow (with ITS sample size)
    "-"      blank: the standard prints nothing here (only in row S of Table 2-B)

AQL columns up to 10 may be read as percent nonconforming or as nonconformities per 100
units; the columns above 10 are nonconformities per 100 units only.
"""

from __future__ import annotations

from casefile.values.aql import AQL_COLUMNS  # what an AQL is: the tables' columns, as printed

# Code letters in table order (the standard skips I and O). Table 1 never gives S: it is
# reached only through an arrow of Table 2-B.
CODE_LETTERS: tuple[str, ...] = (
    "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R",
)

# Table 1 - Sample size code letters. Lot-size range (inclusive; None = "and over"),
# then the letter for each inspection level, in the column order of TABLE_1_LEVELS.
TABLE_1_LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
TABLE_1: tuple[tuple[int, int | None, str], ...] = (
    #  lot size from, to     S-1 S-2 S-3 S-4  I  II III
    (2, 8,                   "A  A   A   A    A  A  B"),
    (9, 15,                  "A  A   A   A    A  B  C"),
    (16, 25,                 "A  A   B   B    B  C  D"),
    (26, 50,                 "A  B   B   C    C  D  E"),
    (51, 90,                 "B  B   C   C    C  E  F"),
    (91, 150,                "B  B   C   D    D  F  G"),
    (151, 280,               "B  C   D   E    E  G  H"),
    (281, 500,               "B  C   D   E    F  H  J"),
    (501, 1200,              "C  C   E   F    G  J  K"),
    (1201, 3200,             "C  D   E   G    H  K  L"),
    (3201, 10000,            "C  D   F   G    J  L  M"),
    (10001, 35000,           "C  D   F   H    K  M  N"),
    (35001, 150000,          "D  E   G   J    L  N  P"),
    (150001, 500000,         "D  E   G   J    M  P  Q"),
    (500001, None,           "D  E   H   K    N  Q  R"),
)

# Sample size per code letter, per table. Table 2-C uses smaller samples for the same
# letters (K = 50, not 125); Table 2-B adds letter S (3150), reachable only by arrow.
SAMPLE_SIZES: dict[str, dict[str, int]] = {
    "normal": {
        "A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50,
        "J": 80, "K": 125, "L": 200, "M": 315, "N": 500, "P": 800, "Q": 1250, "R": 2000,
    },
    "tightened": {
        "A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50,
        "J": 80, "K": 125, "L": 200, "M": 315, "N": 500, "P": 800, "Q": 1250, "R": 2000,
        "S": 3150,
    },
    "reduced": {
        "A": 2, "B": 2, "C": 2, "D": 3, "E": 5, "F": 8, "G": 13, "H": 20,
        "J": 32, "K": 50, "L": 80, "M": 125, "N": 200, "P": 315, "Q": 500, "R": 800,
    },
}

# Table 2-A - Single sampling plans for normal inspection (master table).
TABLE_2A: dict[str, str] = {
    #     0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
    "A": "v     v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31",
    "B": "v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45",
    "C": "v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ^",
    "D": "v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ^     ^",
    "E": "v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ^     ^     ^",
    "F": "v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^",
    "G": "v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^",
    "H": "v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^",
    "J": "v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "K": "v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "L": "v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "M": "v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "N": "v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "P": "v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "Q": "0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "R": "^     ^     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
}

# Table 2-B - Single sampling plans for tightened inspection (master table).
# Row S (n = 3150) has a plan only in the 0.025 column; its other cells are blank.
TABLE_2B: dict[str, str] = {
    #     0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
    "A": "v     v     v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28",
    "B": "v     v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42",
    "C": "v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ^",
    "D": "v     v     v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ^     ^",
    "E": "v     v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ^     ^     ^",
    "F": "v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^",
    "G": "v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^",
    "H": "v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^",
    "J": "v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "K": "v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "L": "v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "M": "v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "N": "v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "P": "v     v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "Q": "v     0/1   v     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "R": "0/1   ^     v     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "S": "-     -     1/2   -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -",
}

# Table 2-C - Single sampling plans for reduced inspection (master table), ISO 1999:
# no gap between Ac and Re. Rows A, B and C all use samples of 2.
TABLE_2C: dict[str, str] = {
    #     0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
    "A": "v     v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   v     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31",
    "B": "v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31",
    "C": "v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ^",
    "D": "v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ^     ^",
    "E": "v     v     v     v     v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ^     ^     ^",
    "F": "v     v     v     v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^",
    "G": "v     v     v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^",
    "H": "v     v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^",
    "J": "v     v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "K": "v     v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "L": "v     v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "M": "v     v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "N": "v     v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "P": "v     0/1   ^     v     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "Q": "0/1   ^     ^     v     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
    "R": "^     ^     ^     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^     ^",
}

# Which master table serves which inspection severity.
MASTER_TABLES: dict[str, dict[str, str]] = {
    "normal": TABLE_2A,
    "tightened": TABLE_2B,
    "reduced": TABLE_2C,
}
