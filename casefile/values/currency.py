"""The home currency (the one the importer pays from: NGN, GHS, KES, USD...): an ISO 4217
code, checked and formatted by Babel's CLDR data rather than by hand."""

from __future__ import annotations

import functools
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import format_currency, get_currency_symbol, list_currencies

DEFAULT_HOME_CURRENCY = "NGN"


def check_currency(code: object) -> str:
    """An ISO 4217 code, e.g. 'ngn' -> 'NGN'; ValueError in plain words otherwise."""
    text = code.strip().upper() if isinstance(code, str) else ""
    if len(text) != 3 or text not in list_currencies():
        raise ValueError(f"{code!r} is not an ISO 4217 currency code; use three letters such as NGN, GHS, KES or USD")
    return text


@functools.cache
def locale_for(code: str) -> str:
    """English, where it has a symbol for `code` ($, €, £); else the English of a country
    that uses it today, so its own symbol is shown (₦ for NGN, GH₵ for GHS)."""
    if get_currency_symbol(code, "en") != code:
        return "en"
    for territory, currencies in get_global("territory_currencies").items():
        if any(c[0] == code and c[2] is None and c[3] for c in currencies):
            try:
                Locale.parse(f"en_{territory}")
            except (UnknownLocaleError, ValueError):
                continue
            return f"en_{territory}"
    return "en"


def fmt_home(amount: Decimal, code: str = DEFAULT_HOME_CURRENCY, *, whole: bool = False) -> str:
    """e.g. '₦1,234,567.50', 'GH₵12.00', '$5.00'; `whole` rounds to units ('GH₵12') for
    narrow grid cells."""
    if whole:
        return format_currency(amount, code, "¤#,##0", locale=locale_for(code), currency_digits=False)
    return format_currency(amount, code, locale=locale_for(code))
