"""Money and rates: Decimal in, the same Decimal out, written as plain strings; never float."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from casefile.records.case import Case
from casefile.records.decision import Decision
from casefile.records.payment import Payment, RateQuote
from casefile.values import money
from casefile.values.money import CNY, NGN, Percent, Rate, cny_to_ngn
from conftest import examples, make_case


EXAMPLES = examples(ci=1_000, thorough=10_000)  # CI: the suite within 10 minutes on 2 cores
T0 = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
_runs = {"examples": 0}


def _written(d: Decimal, places: int) -> st.SearchStrategy[object]:
    """The ways a user or a file can write one value: a string in several forms, or a Decimal."""
    places = max(places, -d.as_tuple().exponent)  # never round what we mean to write
    plain = f"{d:.{places}f}"
    forms = [plain, format(d, "f"), f"{d:,.{places}f}", f"  {plain} "]
    return st.sampled_from(forms) | st.just(d)


def _amount(max_int_digits: int = 12, places: int = 2, low: int = 0):
    return st.integers(low, 10 ** (max_int_digits + places) - 1).map(lambda n: Decimal(n).scaleb(-places))


cny = _amount()  # below ¥10^12, the CNY bound
rate = st.integers(1, 8).flatmap(lambda p: _amount(4, p, low=1))  # below 10^4 NGN per CNY
percent = st.integers(0, 10_000).map(lambda n: Decimal(n).scaleb(-2))


def _through_the_store(model: BaseModel) -> BaseModel:
    """What the store does: model_dump(mode="json") -> JSON text -> back."""
    text = json.dumps(model.model_dump(mode="json"))
    return type(model).model_validate(json.loads(text)), json.loads(text)


PLAIN_MONEY = re.compile(r"^[0-9]+\.[0-9]{2}$")
PLAIN_RATE = re.compile(r"^[0-9]+\.[0-9]{4,8}$")


@st.composite
def models(draw):
    order = draw(_amount(12).filter(lambda d: d > 0))
    deposit = draw(_amount(12).filter(lambda d: d <= order))
    case_in = dict(
        order_value_cny=draw(_written(order, 2)), deposit_cny=draw(_written(deposit, 2)),
        reinspection_fee_cny=draw(cny.flatmap(lambda d: _written(d, 2))),
        deposit_refundable_percent=draw(percent.flatmap(lambda d: _written(d, 2))),
        planning_rate=draw(rate.flatmap(lambda d: _written(d, 4))),
    )
    pay_cny, pay_rate = draw(_amount(9).filter(lambda d: d > 0)), draw(rate)
    payment_in = dict(
        kind="deposit", cny=draw(_written(pay_cny, 2)), rate=draw(_written(pay_rate, 4)),
        ngn=f"{cny_to_ngn(pay_cny, pay_rate):.2f}", recorded_by="adaeze", rate_locked_at=T0, recorded_at=T0,
    )
    quote_in = dict(rate=draw(rate.flatmap(lambda d: _written(d, 4))), quoted_by="Alipay FX desk",
                    quoted_at=T0, expires_at=T0, recorded_by="adaeze")
    decision_in = dict(option="discount", discount_percent=draw(percent.flatmap(lambda d: _written(d, 2))),
                       decided_by="adaeze", decided_at=T0)
    return [
        (make_case(**case_in), case_in, {"order_value_cny": CNY, "deposit_cny": CNY, "reinspection_fee_cny": CNY,
                                         "deposit_refundable_percent": Percent, "planning_rate": Rate}),
        (Payment.model_validate(payment_in), payment_in, {"cny": CNY, "ngn": NGN, "rate": Rate}),
        (RateQuote.model_validate(quote_in), quote_in, {"rate": Rate}),
        (Decision.model_validate(decision_in), decision_in, {"discount_percent": Percent}),
    ]


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_every_money_and_rate_field_round_trips(built):
    _runs["examples"] += 1
    for model, given_in, fields in built:
        back, stored = _through_the_store(model)
        assert back == model
        for name, kind in fields.items():
            value = getattr(back, name)
            assert value == Decimal(str(given_in[name]).strip().replace(",", ""))  # nothing rounded
            assert isinstance(value, Decimal)
            assert (PLAIN_RATE if kind is Rate else PLAIN_MONEY).match(stored[name]), stored[name]


def test_round_trip_figure(figure):
    """Runs after the property above in file order and states its figure."""
    if _runs["examples"]:
        figure(f"money round-trip: {_runs['examples']} examples x 4 models (Case, Payment, RateQuote, "
               "Decision; 11 money and rate fields), 0 mismatches")
    assert _runs["examples"] in (0, EXAMPLES)


class One(BaseModel):
    cny: CNY | None = None
    ngn: NGN | None = None
    rate: Rate | None = None
    percent: Percent | None = None


REFUSED = [
    ("cny", 10.5, "string"), ("cny", 10, "string"), ("cny", True, "decimal string"),
    ("cny", "10.500", "at most 2 decimal places"), ("cny", "1E+2", "plain decimal"),
    ("cny", "NaN", "plain decimal"), ("cny", "Infinity", "plain decimal"), ("cny", Decimal("NaN"), "finite"),
    ("cny", Decimal("Infinity"), "finite"), ("cny", "-5", "cannot be negative"), ("cny", "", "plain decimal"),
    ("cny", "84,00", "plain decimal"), ("cny", "1_000", "plain decimal"), ("cny", "0x10", "plain decimal"),
    ("cny", "12345678901234567", "digits before the point"), ("ngn", "1.001", "at most 2 decimal places"),
    ("cny", "1000000000000", "below ¥1,000,000,000,000"), ("ngn", "10000000000000000", "more than 16 digits"),
    ("rate", "10000", "below 10,000 NGN per CNY"), ("rate", "999999999999999", "below 10,000 NGN per CNY"),
    ("rate", "0", "above zero"), ("rate", "-0", "above zero"), ("rate", "-215.5", "above zero"),
    ("rate", "1.123456789", "at most 8 decimal places"), ("rate", 215.5, "string"),
    ("percent", "100.01", "between 0 and 100"), ("percent", "-1", "between 0 and 100"),
    ("percent", "2.505", "at most 2 decimal places"),
    ("rate", "0.0000000001", "got 0.0000000001"), ("cny", "0.0000001", "got 0.0000001"),  # as typed, not 1E-10
    ("rate", "1e9", "e.g. 221.3500"), ("percent", "1e1", "e.g. 12.50"),  # an example of the field's own kind
]


@pytest.mark.parametrize("field,value,why", REFUSED, ids=[f"{f}={v!r}" for f, v, _ in REFUSED])
def test_refused_with_the_reason(field, value, why):
    with pytest.raises(ValidationError) as caught:
        One.model_validate({field: value})
    assert why in str(caught.value)


def _full_checks(field: str, text: str) -> object:
    """What the checks behind the stored-form fast path say of `text`: its Decimal, or the words."""
    checks = {"cny": ("CNY amount", money._check_cny), "ngn": ("NGN amount", money._check_home),
              "rate": ("rate", money._rate_check), "percent": ("percentage", money._percent_check)}
    what, check = checks[field]
    try:
        return check(money.parse_decimal(text, what), None)
    except ValueError as exc:
        return str(exc)


# around every power of ten (each bound is one), with 0 to 9 places
_near_bounds = st.builds(lambda n, places: format(Decimal(n).scaleb(-places), "f"),
                         st.integers(0, 19).flatmap(lambda k: st.integers(10 ** k - 2, 10 ** k + 1)), st.integers(0, 9))


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(["cny", "ngn", "rate", "percent"]),
       _near_bounds | st.text(alphabet="0123456789.-", max_size=20) | st.decimals(allow_nan=False, allow_infinity=False).map(str))
def test_the_stored_form_fast_path_agrees_with_the_full_checks(field, text):
    """A stored amount is read without the full checks: it must be one they accept, as the same number."""
    try:
        got: object = getattr(One.model_validate({field: text}), field)
    except ValidationError as exc:
        got = exc.errors()[0]["ctx"]["error"].args[0]
    expected = _full_checks(field, text)
    assert got == expected and type(got) is type(expected)
    if isinstance(got, Decimal):
        assert got.as_tuple() == expected.as_tuple()  # the same places, not only the same value


@given(cny.filter(lambda d: d > 0), rate)
def test_any_amount_at_any_rate_converts_within_the_bounds(amount, at):
    """The bounds fit together: a payment's NGN never overflows its own field."""
    ngn = cny_to_ngn(amount, at)
    assert One(cny=amount, rate=at, ngn=ngn).ngn == ngn


@pytest.mark.parametrize("text", ['{"cny": 10.5}', '{"cny": 12345678901234567.89}', '{"rate": 215}'])
def test_a_json_number_is_refused(text):
    with pytest.raises(ValidationError, match="string"):
        One.model_validate_json(text)


@pytest.mark.parametrize("field", ["cny", "ngn", "percent"])
@pytest.mark.parametrize("minus_zero", ["-0", "-0.00", Decimal("-0")])
def test_minus_zero_is_zero(field, minus_zero):
    value = getattr(One.model_validate({field: minus_zero}), field)
    assert value == 0 and not value.is_signed()
    assert One.model_validate({field: minus_zero}).model_dump(mode="json")[field] == "0.00"


@pytest.mark.parametrize("text,stored", [
    ("84000", "84000.00"), ("84000.0", "84000.00"), ("84,000.00", "84000.00"), (" 84000.00 ", "84000.00"),
    (Decimal("8.4E+4"), "84000.00"), ("0.5", "0.50"), ("007", "7.00"),
])
def test_money_is_written_plain(text, stored):
    assert One(cny=text).model_dump(mode="json")["cny"] == stored
    assert One(cny=text).model_dump_json() == f'{{"cny":"{stored}","ngn":null,"rate":null,"percent":null}}'


def test_rate_keeps_its_places():
    assert One(rate="215.5").model_dump(mode="json")["rate"] == "215.5000"
    assert One(rate="215.12345678").model_dump(mode="json")["rate"] == "215.12345678"


def test_case_refuses_a_float_order_value_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        Case.model_validate({**make_case().model_dump(mode="json"), "order_value_cny": 84000.0})
    assert "order_value_cny" in str(caught.value)
