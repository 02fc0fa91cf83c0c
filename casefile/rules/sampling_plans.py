"""ISO 2859-1:1999 single sampling plans: lot size + AQL + level + severity -> plan.

The numbers live in `casefile.rules.sampling_tables` (data only); this module reads
them, follows the arrows the way the standard says (the first plan below or above the arrow, *with that
plan's sample size*), and applies the 100 % rule: where the sample size reaches or exceeds
the lot size, the whole lot is inspected (Ac/Re stay those of the plan).

AQL 0 is the contract term "critical 0": zero tolerance, not a table column. Its plan is
the code letter's own sample size for the severity, with Ac 0 / Re 1.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from casefile.rules import sampling_tables as _t
from casefile.values.aql import AQL_VALUES, ZERO_TOLERANCE, SamplingPlanError, aql_column, parse_aql

__all__ = ["LEVELS", "SEVERITIES", "SamplingPlan", "code_letter", "one_step_tighter", "sampling_plan"]

LEVELS: tuple[str, ...] = ("I", "II", "III", "S-1", "S-2", "S-3", "S-4")
SEVERITIES: tuple[str, ...] = ("normal", "tightened", "reduced")


class SamplingPlan(BaseModel):
    """One single sampling plan, ready to judge a class: fails when found >= reject."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code_letter: str  # Table 1's letter for the lot size and level, before any arrow
    plan_letter: str  # the letter whose plan is used, after following arrows
    sample_size: int  # that plan's sample size, or the lot size when hundred_percent
    accept: int  # Ac
    reject: int  # Re
    aql: Decimal  # the table column (or 0 for zero tolerance)
    level: str
    severity: str
    lot_size: int
    hundred_percent: bool  # the plan's sample reached the lot size: inspect every unit

    @property
    def zero_tolerance(self) -> bool:
        return self.aql == ZERO_TOLERANCE

    def fails(self, found: int) -> bool:
        """True when `found` defects in the sample reject the lot (found >= Re)."""
        return _check_found(found) >= self.reject

    def passes(self, found: int) -> bool:
        """True when `found` defects in the sample accept the lot (found <= Ac)."""
        return not self.fails(found)


def _check_found(found: object) -> int:
    if isinstance(found, bool) or not isinstance(found, int) or found < 0:
        raise ValueError(f"defects found must be a whole number, 0 or more; got {found!r}")
    return found


# --- reading the tables -------------------------------------------------------------

def _table_1() -> list[tuple[int, int | None, dict[str, str]]]:
    rows = []
    for low, high, letters in _t.TABLE_1:
        cells = letters.split()
        assert len(cells) == len(_t.TABLE_1_LEVELS), (low, high)
        rows.append((low, high, dict(zip(_t.TABLE_1_LEVELS, cells, strict=True))))
    return rows


_TABLE_1 = _table_1()
_ROW_ORDER: tuple[str, ...] = _t.CODE_LETTERS + ("S",)


def _cells(severity: str) -> dict[str, list[str]]:
    table = _t.MASTER_TABLES[severity]
    out = {}
    for letter, row in table.items():
        tokens = row.split()
        if len(tokens) != len(_t.AQL_COLUMNS):
            raise AssertionError(f"Table {severity} row {letter}: {len(tokens)} cells")
        out[letter] = tokens
    return out


def _parse_cell(token: str) -> tuple[int, int]:
    ac, re_ = token.split("/")
    return int(ac), int(re_)


def _resolve(severity: str, cells: dict[str, list[str]], letter: str, col: int) -> tuple[str, int, int]:
    """Follow arrows from (letter, column) to the first plan; returns (letter, Ac, Re)."""
    rows = [r for r in _ROW_ORDER if r in cells]
    i = rows.index(letter)
    direction = 0
    while True:
        token = cells[rows[i]][col]
        if token in ("v", "^"):
            step = 1 if token == "v" else -1
            if direction and step != direction:
                raise AssertionError(f"{severity} {letter}@{_t.AQL_COLUMNS[col]}: arrows disagree")
            direction = step
            i += step
            if not 0 <= i < len(rows):
                raise AssertionError(f"{severity} {letter}@{_t.AQL_COLUMNS[col]}: arrow leaves the table")
            continue
        if token == "-":
            raise AssertionError(f"{severity} {letter}@{_t.AQL_COLUMNS[col]}: no plan at {rows[i]}")
        ac, re_ = _parse_cell(token)
        return rows[i], ac, re_


def _resolve_all() -> dict[tuple[str, str, int], tuple[str, int, int, int]]:
    """Every (severity, code letter, column) -> (plan letter, n, Ac, Re), checked at import."""
    plans = {}
    for severity in SEVERITIES:
        cells = _cells(severity)
        sizes = _t.SAMPLE_SIZES[severity]
        for letter in _t.CODE_LETTERS:
            for col in range(len(_t.AQL_COLUMNS)):
                plan_letter, ac, re_ = _resolve(severity, cells, letter, col)
                plans[(severity, letter, col)] = (plan_letter, sizes[plan_letter], ac, re_)
    return plans


_PLANS = _resolve_all()


# --- validating input ---------------------------------------------------------------

def _check_lot_size(lot_size: object) -> int:
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size < 2:
        raise SamplingPlanError(
            "lot size must be a whole number of at least 2 (ISO 2859-1 Table 1 starts at 2); "
            f"got {lot_size!r}"
        )
    return lot_size


def _check_level(level: object) -> str:
    text = level.strip().upper() if isinstance(level, str) else None
    if text not in LEVELS:
        raise SamplingPlanError(
            f"inspection level {level!r} is not in ISO 2859-1 Table 1; allowed: {' '.join(LEVELS)}"
        )
    return text


def _check_severity(severity: object) -> str:
    text = severity.strip().lower() if isinstance(severity, str) else None
    if text not in SEVERITIES:
        raise SamplingPlanError(
            f"inspection severity {severity!r} is unknown; allowed: {' '.join(SEVERITIES)}"
        )
    return text


def code_letter(lot_size: int, level: str = "II") -> str:
    """Table 1: the sample size code letter for a lot size and inspection level."""
    lot_size = _check_lot_size(lot_size)
    level = _check_level(level)
    for low, high, letters in _TABLE_1:
        if low <= lot_size and (high is None or lot_size <= high):
            return letters[level]
    raise AssertionError(f"Table 1 has no row for lot size {lot_size}")  # pragma: no cover


# --- the public entry point ---------------------------------------------------------

def sampling_plan(
    lot_size: int,
    aql: Decimal | str,
    level: str = "II",
    severity: str = "normal",
) -> SamplingPlan:
    """The ISO 2859-1:1999 single sampling plan for one defect class.

    >>> p = sampling_plan(3000, "2.5")
    >>> (p.code_letter, p.sample_size, p.accept, p.reject)
    ('K', 125, 7, 8)
    """
    lot_size = _check_lot_size(lot_size)
    column_aql = parse_aql(aql)
    level = _check_level(level)
    severity = _check_severity(severity)
    letter = code_letter(lot_size, level)
    if column_aql == ZERO_TOLERANCE:
        plan_letter, n, ac, re_ = letter, _t.SAMPLE_SIZES[severity][letter], 0, 1
    else:
        plan_letter, n, ac, re_ = _PLANS[(severity, letter, aql_column(column_aql))]
    hundred_percent = n >= lot_size
    return SamplingPlan(
        code_letter=letter,
        plan_letter=plan_letter,
        sample_size=lot_size if hundred_percent else n,
        accept=ac,
        reject=re_,
        aql=column_aql,
        level=level,
        severity=severity,
        lot_size=lot_size,
        hundred_percent=hundred_percent,
    )


def one_step_tighter(plan: SamplingPlan) -> tuple[Decimal, int] | None:
    """(AQL, Ac) one AQL column tighter for the sample already drawn: the same plan row.

    ISO 2859-1:1999 9.3.3.2 asks whether a lot "would have been accepted if the AQL had
    been one step tighter". The sample is the one drawn, so the answer is read in the row
    of the plan used (same sample size), one column to the left. None where there is no
    tighter column, that cell is an arrow (only next to Ac 0/1 plans, which the switching
    score does not ask this of), or the plan is zero tolerance.
    """
    if plan.zero_tolerance:
        return None
    col = aql_column(plan.aql)
    if col == 0:
        return None
    token = _t.MASTER_TABLES[plan.severity][plan.plan_letter].split()[col - 1]
    if "/" not in token:
        return None
    return AQL_VALUES[col - 1], _parse_cell(token)[0]
