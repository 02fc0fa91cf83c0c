"""Money and exchange rates as Decimal, never float.

Input must be a string (or Decimal) with no more places than the currency has; JSON
numbers and floats are refused because they pass through binary floating point.
Everything is written back as a plain fixed-point string ("84000.00").
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator

from casefile.values.numbers import GROUPED

ROUNDING = decimal.ROUND_HALF_UP  # the one named mode used at conversion
ROUNDING_NAME = "ROUND_HALF_UP"
# digits with an optional point; commas only as exact thousands separators ("84,000.00",
# never "84,00", which a European keyboard means as 84.00): casefile/values/numbers.py
_PLAIN = re.compile(rf"^(?:[0-9]+|{GROUPED})(?:\.[0-9]+)?$")
_STORED = re.compile(r"[1-9][0-9]{0,14}\.[0-9]{1,8}|0\.[0-9]{1,8}")
# Upper bounds, in one place. A CNY amount below ¥1 trillion is far past any order; a
# rate below 10,000 NGN per CNY is ~45 times today's. Any CNY amount at any rate then
# gives an NGN amount below the NGN bound, so a conversion never overflows a field.
MAX_CNY = Decimal(10) ** 12
MAX_RATE = Decimal(10) ** 4
MAX_NGN = MAX_CNY * MAX_RATE
_MAX_INT_DIGITS = 16  # the digits of MAX_NGN - 1: a longer number is refused before it is read
_MAX_TEXT = 40


def parse_decimal(value: object, what: str = "amount") -> Decimal:
    """Decimal from a string like "84000.00" or a Decimal; refuses floats and numbers.

    "-0" means 0; other signs are left for the field's own check (money is never negative).
    """
    if type(value) is str and _STORED.fullmatch(value):
        return Decimal(value)  # the form we write ourselves: every case file holds many
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} must be a finite number, not {value}")
        text = format(value, "f")
    elif isinstance(value, str):
        text = value.strip()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(
            f"{what} must be written as a string such as \"{value}\" "
            "(numbers pass through floating point and can change)"
        )
    else:
        raise ValueError(f"{what} must be a decimal string such as \"84000.00\"")
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if len(digits) > _MAX_TEXT or not _PLAIN.match(digits):
        raise ValueError(
            f"{what} {value!r} is not a plain decimal; write digits with an optional "
            "point, e.g. 84000.00"
        )
    digits = digits.replace(",", "")
    if len(digits.split(".")[0].lstrip("0")) > _MAX_INT_DIGITS:
        raise ValueError(f"{what} {value!r} has more than {_MAX_INT_DIGITS} digits before the point")
    number = Decimal(digits)
    return -number if negative and number else number  # "-0" means 0


def _places(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _money_checker(currency: str, places: int, limit: Decimal, sign: str):
    def check(d: Decimal) -> Decimal:
        if d >= limit:
            raise ValueError(f"{currency} amount must be below {sign}{limit:,.0f}; got {d}")
        if _places(d) > places:
            raise ValueError(
                f"{currency} takes at most {places} decimal places; got {d} "
                "(round it yourself, nothing is rounded silently)"
            )
        if d < 0:
            raise ValueError(f"{currency} amount cannot be negative; got {d}")
        return d

    return check


def _money_text(d: Decimal) -> str:
    return f"{d:.2f}"


def _rate_check(d: Decimal) -> Decimal:
    if d <= 0:
        raise ValueError(f"a rate must be above zero; got {d}")
    if d >= MAX_RATE:
        raise ValueError(f"a rate must be below {MAX_RATE:,.0f} NGN per CNY; got {d}")
    if _places(d) > 8:
        raise ValueError(f"a rate takes at most 8 decimal places; got {d}")
    return d


def _rate_text(d: Decimal) -> str:
    return f"{d:.{max(4, _places(d))}f}"


def _percent_check(d: Decimal) -> Decimal:
    if not (Decimal(0) <= d <= Decimal(100)):
        raise ValueError(f"a percentage is between 0 and 100; got {d}")
    if _places(d) > 2:
        raise ValueError(f"a percentage takes at most 2 decimal places; got {d}")
    return d


def _validator(what: str, check, stored: str) -> PlainValidator:
    """One call per field: the stored form that `stored` proves within every check of the
    type (what every index shard and case file holds, 30,000 times in a 10,000-case list)
    is read directly; anything else goes through parse_decimal and `check`, with their words."""
    fast = re.compile(stored).fullmatch

    def validate(value: object) -> Decimal:
        if type(value) is str and fast(value):
            return Decimal(value)
        return check(parse_decimal(value, what))

    return PlainValidator(validate)


# The stored forms: no sign, no leading zero, at most the places the type takes, fewer
# integer digits than its bound has (the bound itself and rates below 1 take the full path).
CNY = Annotated[
    Decimal, _validator("CNY amount", _money_checker("CNY", 2, MAX_CNY, "¥"), r"(?:0|[1-9][0-9]{0,11})\.[0-9]{1,2}"),
    PlainSerializer(_money_text, return_type=str),
]
NGN = Annotated[
    Decimal, _validator("NGN amount", _money_checker("NGN", 2, MAX_NGN, "₦"), r"(?:0|[1-9][0-9]{0,15})\.[0-9]{1,2}"),
    PlainSerializer(_money_text, return_type=str),
]
Rate = Annotated[
    Decimal, _validator("rate", _rate_check, r"[1-9][0-9]{0,3}\.[0-9]{1,8}"),
    PlainSerializer(_rate_text, return_type=str),
]
Percent = Annotated[
    Decimal, _validator("percentage", _percent_check, r"[1-9]?[0-9]\.[0-9]{1,2}"),
    PlainSerializer(_money_text, return_type=str),
]


def _context() -> decimal.Context:
    return decimal.Context(
        prec=34, rounding=ROUNDING,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


def quantize_money(d: Decimal) -> Decimal:
    """Round to 2 places, once, with the named mode."""
    with decimal.localcontext(_context()):
        return d.quantize(Decimal("0.01"))


def cny_to_ngn(cny: Decimal, rate: Decimal) -> Decimal:
    """NGN that funds `cny` at `rate` NGN per 1 CNY, rounded once."""
    with decimal.localcontext(_context()):
        return (cny * rate).quantize(Decimal("0.01"))


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    with decimal.localcontext(_context()):
        return (amount * percent / Decimal(100)).quantize(Decimal("0.01"))


def fmt_cny(d: Decimal) -> str:
    return f"¥{d:,.2f}"

