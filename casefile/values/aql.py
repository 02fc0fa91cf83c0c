"""What an AQL is: a column of ISO 2859-1's master tables, or 0 for zero tolerance.

A contract term, read like money: from text or a Decimal, never a float. The tables
themselves, and the plans they give, are rules (casefile/rules/sampling_plans.py).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from casefile.values.errors import InputError

# The AQL columns of Tables 2-A/2-B/2-C, as printed in the standard.
AQL_COLUMNS: tuple[str, ...] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
    "100", "150", "250", "400", "650", "1000",
)
# The table columns, as printed (Decimal("1.0") == Decimal("1"), so lookups go by value).
AQL_VALUES: tuple[Decimal, ...] = tuple(Decimal(a) for a in AQL_COLUMNS)
ZERO_TOLERANCE = Decimal("0")

_ALLOWED_AQL_TEXT = "0 (zero tolerance), " + ", ".join(AQL_COLUMNS)
_COLUMN_OF: dict[Decimal, int] = {v: i for i, v in enumerate(AQL_VALUES)}


class SamplingPlanError(InputError, ValueError):
    """A lot size, AQL, level or severity the ISO 2859-1 tables do not cover.

    The message names the bad value and what is allowed.
    """


class AQLTypeError(SamplingPlanError, TypeError):
    """An AQL given as a float (or another non-text type): pass it as a string."""


def aql_column(aql: Decimal) -> int:
    """The master tables' column of a table AQL (not zero tolerance), counted from 0."""
    return _COLUMN_OF[aql]


def parse_aql(value: object) -> Decimal:
    """Read an AQL as the contract states it: "2.5", "2.50", "4", "4.0", Decimal("0.65").

    Returns the table column as printed (Decimal("4.0") for "4"), or Decimal("0") for the
    contract term "critical 0" (zero tolerance). Floats are refused: 0.1 + 0.2 is not 0.3,
    and an AQL is a contract term, so pass the text.
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise AQLTypeError(f"AQL must be given as text such as '2.5'; got {value!r}")
    elif isinstance(value, float):
        raise AQLTypeError(
            f"AQL must be given as a string or Decimal, not a float (got {value!r}); "
            f"pass it as text, e.g. '{value}'"
        )
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise SamplingPlanError(
                f"AQL {value!r} is not a number; allowed: {_ALLOWED_AQL_TEXT}"
            ) from None
    else:
        raise AQLTypeError(
            f"AQL must be given as text such as '2.5' or a Decimal; got {type(value).__name__} {value!r}"
        )
    if not number.is_finite():
        raise SamplingPlanError(f"AQL {value} is not a number; allowed: {_ALLOWED_AQL_TEXT}")
    if number == ZERO_TOLERANCE:
        return ZERO_TOLERANCE
    col = _COLUMN_OF.get(number)
    if col is None:
        raise SamplingPlanError(
            f"AQL {value} is not an ISO 2859-1 column; allowed: {_ALLOWED_AQL_TEXT}"
        )
    return AQL_VALUES[col]
