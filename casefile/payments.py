"""Payment records and rate quotes. Each payment is its own record."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from casefile.base import Line, OptionalLine, Record, stamp
from casefile.money import CNY, NGN, ROUNDING_NAME, Rate, cny_to_ngn

PaymentKind = Literal["deposit", "balance", "reinspection-fee", "refund"]
PAYMENT_KINDS: tuple[str, ...] = ("deposit", "balance", "reinspection-fee", "refund")
PaymentStatus = Literal["requested", "paid", "refunded"]


class RateQuote(Record):
    rate: Rate  # NGN per 1 CNY
    quoted_by: Line
    quoted_at: datetime = Field(default_factory=stamp)
    expires_at: datetime
    source: OptionalLine = ""


class Payment(Record):
    kind: PaymentKind
    cny: CNY
    ngn: NGN
    rate: Rate
    rounding: Literal["ROUND_HALF_UP"] = ROUNDING_NAME
    quote_id: str | None = None
    rate_locked_at: datetime = Field(default_factory=stamp)
    quote_expires_at: datetime | None = None
    method: OptionalLine = ""
    receipt: OptionalLine = ""
    status: PaymentStatus = "paid"
    recorded_at: datetime = Field(default_factory=stamp)
    recorded_by: Line

    @model_validator(mode="after")
    def _ngn_matches_rate(self) -> "Payment":
        expected = cny_to_ngn(self.cny, self.rate)
        if self.ngn != expected:
            raise ValueError(
                f"ngn: {self.ngn} NGN does not match {self.cny} CNY at {self.rate} "
                f"({ROUNDING_NAME} gives {expected})"
            )
        return self
