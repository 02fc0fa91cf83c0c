"""Money in a column of a given width (issue #12): never cut, never wider than the column,
and what is shown reads back as the amount within the rounding it says it did."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, strategies as st

from casefile.values.money import MAX_CNY, MAX_NGN, fmt_rate
from casefile.values.money_fit import COMPACT_WIDTH, compact_money, fit_money, fit_rate, fmt_money

SYMBOLS = {"CNY": "¥", "NGN": "₦", "GHS": "GH₵", "KES": "Ksh", "USD": "$"}
SCALE = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_SHOWN = re.compile(r"(?P<number>[0-9][0-9,]*(?:\.(?P<places>[0-9]+))?)(?P<suffix>[KMBT]?)")


def read_back(text: str, currency: str) -> tuple[Decimal, Decimal]:
    """The amount a reader takes from `text`, and how far off the rounding it shows allows."""
    symbol = SYMBOLS[currency]
    assert text.startswith(symbol), text
    m = _SHOWN.fullmatch(text[len(symbol):])
    assert m, text
    scale = SCALE[m["suffix"]]
    places = len(m["places"] or "")
    return Decimal(m["number"].replace(",", "")) * scale, Decimal(5) * scale / 10 ** (places + 1)


def cents(limit: Decimal):
    return st.integers(min_value=0, max_value=int(limit * 100) - 1).map(lambda n: Decimal(n).scaleb(-2))


def money():
    return st.one_of(
        st.tuples(cents(MAX_CNY), st.just("CNY")),
        st.tuples(cents(MAX_NGN), st.sampled_from(["NGN", "GHS", "KES", "USD"])),
    )


@given(money(), st.integers(min_value=COMPACT_WIDTH, max_value=30))
def test_a_figure_fits_its_width_and_reads_back_within_its_rounding(amount_currency, width):
    amount, currency = amount_currency
    text = fit_money(amount, currency, width)
    assert len(text) <= width, (text, width)
    shown, within = read_back(text, currency)
    assert abs(shown - amount) <= within, (amount, text)
    if len(fmt_money(amount, currency)) <= width:
        assert text == fmt_money(amount, currency)  # the full figure whenever it fits


@given(money(), st.sampled_from([0, 1, 2]))
def test_the_compact_form_reads_back_within_its_rounding(amount_currency, places):
    amount, currency = amount_currency
    text = compact_money(amount, currency, places)
    shown, within = read_back(text, currency)
    assert abs(shown - amount) <= within, (amount, text)
    assert len(compact_money(amount, currency, 0)) <= COMPACT_WIDTH  # what a narrow column falls back to


def test_examples_a_reader_knows():
    assert compact_money(Decimal("1234567.00"), "CNY") == "¥1.23M"
    assert compact_money(Decimal("1234567890.00"), "NGN", 1) == "₦1.2B"
    assert fit_money(Decimal("84000.00"), "CNY", 10) == "¥84,000.00"
    assert fit_money(Decimal("84000.40"), "CNY", 9) == "¥84,000"
    assert fit_money(Decimal("999999999999.99"), "CNY", 9) == "¥1000B"


@given(st.integers(min_value=1, max_value=10**12 - 1).map(lambda n: Decimal(n).scaleb(-8)),
       st.integers(min_value=8, max_value=14))
def test_a_rate_shows_as_stored_or_marked_rounded(rate, width):
    text = fit_rate(rate, width)
    assert len(text) <= width
    if len(fmt_rate(rate)) <= width:
        assert text == fmt_rate(rate)
    else:
        assert text.startswith("~")
        places = len(text.partition(".")[2])
        assert abs(Decimal(text[1:]) - rate) <= Decimal(5) / 10 ** (places + 1)
