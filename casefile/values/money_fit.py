"""Money in a space of a given width, never cut (issue #12): the full figure when it fits,
else whole units, else Babel's compact form ('¥1.23M', '₦1.2B'). A figure that loses a
digit without a word is worse than a rounded one that says it is rounded (the K, M, B, T).
Where a compact form shows, the screen shows the full figure too (its detail line)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_compact_currency

from casefile.values.currency import fmt_home, locale_for
from casefile.values.money import fmt_cny, fmt_rate, quantize_places

# The widest compact form of the largest amount the core allows (below 10^16 in the home
# currency: 'GH₵10000T', 'Ksh10000T'): a money column is never narrower than this. A home
# currency whose symbol is longer than three characters ('F CFA') needs more.
COMPACT_WIDTH = 9


def fmt_money(amount: Decimal, currency: str) -> str:
    """The full figure with its cents: '¥1,234,567.00', '₦1,234,567.50'."""
    return fmt_cny(amount) if currency == "CNY" else fmt_home(amount, currency)


def compact_money(amount: Decimal, currency: str, fraction_digits: int = 2) -> str:
    """Babel's compact form: '¥1.23M', '₦1.2B' (CLDR English: K, M, B, T)."""
    text = format_compact_currency(amount, currency, locale=locale_for(currency), fraction_digits=fraction_digits)
    return text.replace("CN¥", "¥")  # the symbol the rest of Casefile writes for yuan


def fit_money(amount: Decimal, currency: str, width: int) -> str:
    """The most exact form of `amount` at most `width` characters wide: the full figure,
    whole units ('¥84,000'), then compact with 2, 1 or no decimals ('¥1.23M')."""
    full = fmt_money(amount, currency)
    if len(full) <= width:  # most figures: Babel's compact forms cost 0.3 ms each
        return full
    if amount >= 1:
        whole = f"¥{quantize_places(amount, 0):,}" if currency == "CNY" else fmt_home(amount, currency, whole=True)
        if len(whole) <= width:
            return whole
    for places in (2, 1, 0):
        compact = compact_money(amount, currency, places)
        if len(compact) <= width:
            return compact
    return compact


def fit_rate(rate: Decimal, width: int) -> str:
    """The rate as stored ('215.5000') when it fits, else rounded to fit and marked so
    ('~215.1235'): the screen shows the stored text too, on the highlighted row."""
    text = fmt_rate(rate)
    if len(text) <= width:
        return text
    for places in range(len(text.split(".")[1]) - 1, -1, -1):
        short = f"~{quantize_places(rate, places)}"
        if len(short) <= width:
            return short
    return short
