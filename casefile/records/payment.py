"""Payment records and rate quotes. Each payment is its own record, and so is each
change of its status: a record that `follows` a payment request settles it (paid,
withdrawn, refunded), copying the amounts and rate, so nothing stored is ever rewritten.
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, model_validator

from casefile.records.record import Record, stamp
from casefile.values.currency import DEFAULT_HOME_CURRENCY, fmt_home
from casefile.values.money import CNY, NGN, ROUNDING_NAME, Rate, cny_to_ngn, fmt_cny, fmt_rate, home_in
from casefile.values.text import Line, OptionalLine, Text

PaymentKind = Literal["deposit", "balance", "reinspection-fee", "refund"]
PAYMENT_KINDS: tuple[str, ...] = ("deposit", "balance", "reinspection-fee", "refund")
PaymentStatus = Literal["requested", "paid", "withdrawn", "refunded"]
# status -> the statuses a later record may move it to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "requested": ("paid", "withdrawn"),
    "paid": ("refunded",),
    "withdrawn": (),
    "refunded": (),
}
KIND_TITLES = {
    "deposit": "deposit", "balance": "balance",
    "reinspection-fee": "re-inspection fee", "refund": "refund received",
}


def _utc(value: object) -> object:
    """Times are stored in UTC; a bare date means the end of that day (UTC), a naive time
    means UTC, and a time with an offset is converted."""
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            day = datetime.strptime(value.strip(), "%Y-%m-%d").date()
        except ValueError:
            return value
        return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.utc)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, datetime):
        # naive means UTC; an offset is honoured: 18:00+05:00 is 13:00 UTC, not 18:00
        try:
            return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the last day Python can hold
            raise ValueError("falls outside the years 1 to 9999 once converted to UTC; write a time "
                             "within them, e.g. 2026-12-03 14:00") from None
    return value


UTCTime = Annotated[datetime, BeforeValidator(_utc)]


class RateQuote(Record):
    """A rate offered for buying CNY with the home currency. A new quote is a new record."""

    rate: Rate  # home currency per 1 CNY
    quoted_by: Line  # who offered it, e.g. "Alipay FX desk"
    quoted_at: UTCTime = Field(default_factory=stamp)
    expires_at: UTCTime
    source: OptionalLine = ""
    recorded_by: Line

    def expired(self, at: datetime) -> bool:
        return at >= self.expires_at


class Payment(Record):
    kind: PaymentKind
    cny: CNY
    ngn: NGN  # what funds it (or, for a refund, what it came back as)
    rate: Rate  # the locked rate, copied from the quote it used
    rounding: Literal["ROUND_HALF_UP"] = ROUNDING_NAME
    quote_id: str | None = None
    quoted_by: OptionalLine = ""
    rate_locked_at: UTCTime = Field(default_factory=stamp)
    quote_expires_at: UTCTime | None = None
    method: OptionalLine = ""
    receipt: OptionalLine = ""
    status: PaymentStatus = "paid"
    follows: str | None = None  # the payment this record changes the status of
    note: Text = ""
    recorded_at: UTCTime = Field(default_factory=stamp)
    recorded_by: Line

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> "Payment":
        if self.cny <= 0:
            raise ValueError("cny: a payment must be above zero")
        expected = cny_to_ngn(self.cny, self.rate)
        if self.ngn != expected:
            raise ValueError(
                f"ngn: {self.ngn} {home_in(info)} does not agree with {self.cny} CNY at {fmt_rate(self.rate)} "
                f"{home_in(info)}/CNY "
                f"({ROUNDING_NAME} gives {expected}); leave it out to have it computed"
            )
        if self.follows is None and self.status not in ("requested", "paid"):
            raise ValueError(f"status: a new payment is requested or paid, not {self.status}")
        return self

    @property
    def root(self) -> str:
        return self.follows or self.id

    def describe(self, home: str = DEFAULT_HOME_CURRENCY) -> str:
        """e.g. 'Deposit ¥1.00 (₦215.50 at 215.5000)'; `ngn` is in the workspace's home currency."""
        return f"{KIND_TITLES[self.kind]} {fmt_cny(self.cny)} ({fmt_home(self.ngn, home)} at {fmt_rate(self.rate)})"
