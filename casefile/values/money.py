"""Money and exchange rates as Decimal, never float.

Input must be a string (or Decimal) with no more places than the currency has; JSON
numbers and floats are refused because they pass through binary floating point.
Everything is written back as a plain fixed-point string ("84000.00").

Home-currency amounts and rates name the workspace's home currency in their refusals
when the validation is given it: `Model.model_validate(data, context=home_context("GHS"))`;
without it they say NGN, the default.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator, ValidationInfo

from casefile.values.currency import DEFAULT_HOME_CURRENCY, fmt_home
from casefile.values.numbers import GROUPED

ROUNDING = decimal.ROUND_HALF_UP  # the one named mode used at conversion
ROUNDING_NAME = "ROUND_HALF_UP"
# digits with an optional point; commas only as exact thousands separators ("84,000.00",
# never "84,00", which a European keyboard means as 84.00): casefile/values/numbers.py
_PLAIN = re.compile(rf"^(?:[0-9]+|{GROUPED})(?:\.[0-9]+)?$")
_STORED = re.compile(r"[1-9][0-9]{0,14}\.[0-9]{1,8}|0\.[0-9]{1,8}")
# Upper bounds, in one place. A CNY amount below ¥1 trillion is far past any order; a
# rate below 10,000 NGN per CNY is ~45 times today's (and far above GHS, KES or USD).
# Any CNY amount at any rate then gives a home amount below its bound, so a conversion
# never overflows a field.
MAX_CNY = Decimal(10) ** 12
MAX_RATE = Decimal(10) ** 4
MAX_NGN = MAX_CNY * MAX_RATE
_MAX_INT_DIGITS = 16  # the digits of MAX_NGN - 1: a longer number is refused before it is read
_MAX_TEXT = 40
HOME_CURRENCY = "home_currency"  # the validation context's key for the workspace's home currency
# how a refusal shows a plain decimal, by what it names: a rate is never written like an order's value
_EXAMPLES = {"rate": "221.3500", "percentage": "12.50", "factor": "1.5"}


def home_context(code: str) -> dict[str, str]:
    """The validation context that makes refusals name `code` (casefile.rules.settings)."""
    return {HOME_CURRENCY: code}


def home_in(info: ValidationInfo | None) -> str:
    """The home currency the validation was given; NGN, the default, without one."""
    context = info.context if info is not None else None
    return context.get(HOME_CURRENCY, DEFAULT_HOME_CURRENCY) if isinstance(context, dict) else DEFAULT_HOME_CURRENCY


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
        raise ValueError(f"{what} must be a decimal string such as \"{_EXAMPLES.get(what, '84000.00')}\"")
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if len(digits) > _MAX_TEXT or not _PLAIN.match(digits):
        raise ValueError(
            f"{what} {value!r} is not a plain decimal; write digits with an optional "
            f"point, e.g. {_EXAMPLES.get(what, '84000.00')}"
        )
    digits = digits.replace(",", "")
    if len(digits.split(".")[0].lstrip("0")) > _MAX_INT_DIGITS:
        raise ValueError(f"{what} {value!r} has more than {_MAX_INT_DIGITS} digits before the point")
    number = Decimal(digits)
    return -number if negative and number else number  # "-0" means 0


def _places(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _check_money(d: Decimal, currency: str, limit: Decimal, written: Callable[[], str]) -> Decimal:
    """`written()` is the bound as the user reads it, e.g. '¥1,000,000,000,000' (made only
    for the refusal: every payment read from a file is checked here)."""
    if d >= limit:
        raise ValueError(f"{currency} amount must be below {written()}; got {d:f}")
    if _places(d) > 2:
        raise ValueError(
            f"{currency} takes at most 2 decimal places; got {d:f} "
            "(round it yourself, nothing is rounded silently)"
        )
    if d < 0:
        raise ValueError(f"{currency} amount cannot be negative; got {d:f}")
    return d


def _check_cny(d: Decimal, _info: ValidationInfo | None = None) -> Decimal:
    return _check_money(d, "CNY", MAX_CNY, lambda: f"¥{MAX_CNY:,.0f}")


def _check_home(d: Decimal, info: ValidationInfo) -> Decimal:
    home = home_in(info)
    return _check_money(d, home, MAX_NGN, lambda: fmt_home(MAX_NGN, home, whole=True))


def _money_text(d: Decimal) -> str:
    return f"{d:.2f}"


def _rate_check(d: Decimal, info: ValidationInfo) -> Decimal:
    if d <= 0:
        raise ValueError(f"a rate must be above zero; got {d:f}")
    if d >= MAX_RATE:
        raise ValueError(f"a rate must be below {MAX_RATE:,.0f} {home_in(info)} per CNY; got {d:f}")
    if _places(d) > 8:
        raise ValueError(f"a rate takes at most 8 decimal places; got {d:f}")
    return d


def fmt_rate(d: Decimal) -> str:
    """A rate as stored and as shown everywhere: at least 4 places, never rounded
    ('215.5' is '215.5000' in the form, the file, the ledger and the CLI)."""
    return f"{d:.{max(4, _places(d))}f}"


def _percent_check(d: Decimal, _info: ValidationInfo | None = None) -> Decimal:
    if not (Decimal(0) <= d <= Decimal(100)):
        raise ValueError(f"a percentage is between 0 and 100; got {d:f}")
    if _places(d) > 2:
        raise ValueError(f"a percentage takes at most 2 decimal places; got {d:f}")
    return d


def _validator(what: Callable[[ValidationInfo], str], check, stored: str) -> PlainValidator:
    """One call per field: the stored form that `stored` proves within every check of the
    type (what every index shard and case file holds, 30,000 times in a 10,000-case list)
    is read directly; anything else goes through parse_decimal and `check`, with their words
    (`what(info)` names the field: a home-currency amount names the workspace's currency)."""
    fast = re.compile(stored).fullmatch

    def validate(value: object, info: ValidationInfo) -> Decimal:
        if type(value) is str and fast(value):
            return Decimal(value)
        return check(parse_decimal(value, what(info)), info)

    return PlainValidator(validate)


# The stored forms: no sign, no leading zero, at most the places the type takes, fewer
# integer digits than its bound has (the bound itself and rates below 1 take the full path).
CNY = Annotated[
    Decimal, _validator(lambda _: "CNY amount", _check_cny, r"(?:0|[1-9][0-9]{0,11})\.[0-9]{1,2}"),
    PlainSerializer(_money_text, return_type=str),
]
# An amount in the workspace's home currency (the name is the stored fields' own: `ngn`).
NGN = Annotated[
    Decimal, _validator(lambda info: f"{home_in(info)} amount", _check_home, r"(?:0|[1-9][0-9]{0,15})\.[0-9]{1,2}"),
    PlainSerializer(_money_text, return_type=str),
]
Rate = Annotated[
    Decimal, _validator(lambda _: "rate", _rate_check, r"[1-9][0-9]{0,3}\.[0-9]{1,8}"),
    PlainSerializer(fmt_rate, return_type=str),
]
Percent = Annotated[
    Decimal, _validator(lambda _: "percentage", _percent_check, r"[1-9]?[0-9]\.[0-9]{1,2}"),
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


def quantize_places(d: Decimal, places: int) -> Decimal:
    """Round to `places` decimals, once, with the named mode (a figure shown shorter)."""
    with decimal.localcontext(_context()):
        return d.quantize(Decimal(1).scaleb(-places))


def cny_to_ngn(cny: Decimal, rate: Decimal) -> Decimal:
    """The home currency that funds `cny` at `rate` (home per 1 CNY), rounded once."""
    with decimal.localcontext(_context()):
        return (cny * rate).quantize(Decimal("0.01"))


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    with decimal.localcontext(_context()):
        return (amount * percent / Decimal(100)).quantize(Decimal("0.01"))


def fmt_cny(d: Decimal) -> str:
    return f"¥{d:,.2f}"

