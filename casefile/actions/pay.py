"""Recording quotes and payments (`casefile pay`, `payment`, `quote`, the payment form),
each inside one locked write with the rules checked against the case as it is on disk."""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from casefile.records.case_state import CaseState
from casefile.records.case_summary import CaseSummary
from casefile.records.payment import TRANSITIONS, Payment, PaymentKind, PaymentStatus, RateQuote, UTCTime, fmt_rate
from casefile.records.po import po_words
from casefile.records.retries import already_stored, content
from casefile.rules.assessment import assess
from casefile.rules.gate import require_balance
from casefile.rules.settings import load_settings
from casefile.rules.payment_lines import ZERO, PaymentLine, find_line, payment_lines, to_supplier
from casefile.store.protocol import CaseStore, Change, Summarize
from casefile.values import clock
from casefile.values.errors import ConflictError, InputError
from casefile.values.ids import RECORD_ID_PATTERN, RecordId, new_id
from casefile.values.model import Model
from casefile.values.money import CNY, NGN, ROUNDING_NAME, Rate, cny_to_ngn, fmt_cny, home_in
from casefile.values.text import OptionalLine, Text


class QuoteExpired(InputError):
    pass


RECEIPT_NEEDED = "a paid payment needs its receipt reference (the receipt or transfer number); until then it is requested"


class PaymentDraft(Model):
    """A payment as a user enters it; the rules that need the case are checked on write.

    Every rule that needs only what was typed is here, where the payment form and
    `casefile pay` both meet it, with the field it is about."""

    id: RecordId = Field(default_factory=new_id)
    kind: PaymentKind
    cny: CNY
    quote_id: RecordId | None = None
    rate: Rate | None = Field(None, validate_default=True)  # home currency per 1 CNY; or take it from quote_id
    ngn: NGN | None = None  # home currency; when given, must agree with cny at the rate
    quoted_by: OptionalLine = ""
    quote_expires_at: UTCTime | None = None
    method: OptionalLine = ""
    status: PaymentStatus = "paid"
    receipt: OptionalLine = Field("", validate_default=True)
    note: Text = ""

    @field_validator("cny")
    @classmethod
    def _above_zero(cls, v: Decimal) -> Decimal:
        if v <= 0:
            raise ValueError("a payment must be above zero")
        return v

    @field_validator("rate")
    @classmethod
    def _rate_or_quote(cls, v: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if v is None and "quote_id" in info.data and info.data["quote_id"] is None:
            raise ValueError(f"give the rate ({home_in(info)} per 1 CNY) or the quote it comes from")
        return v

    @field_validator("status")
    @classmethod
    def _new_status(cls, v: str) -> str:
        if v not in ("requested", "paid"):
            raise ValueError(f"a new payment is requested or paid, not {v}")
        return v

    @field_validator("receipt")
    @classmethod
    def _paid_has_receipt(cls, v: str, info: ValidationInfo) -> str:
        if not v and info.data.get("status") == "paid":
            raise ValueError(RECEIPT_NEEDED)
        return v

    @field_validator("ngn")
    @classmethod
    def _agrees_with_rate(cls, v: Decimal | None, info: ValidationInfo) -> Decimal | None:
        cny, rate = info.data.get("cny"), info.data.get("rate")
        if v is not None and cny is not None and rate is not None:
            expected = cny_to_ngn(cny, rate)
            if v != expected:
                raise ValueError(
                    f"{v} does not agree with {cny} CNY at {fmt_rate(rate)} {home_in(info)}/CNY; expected {expected} "
                    f"({ROUNDING_NAME}), or leave it out to have it computed"
                )
        return v

    @model_validator(mode="after")
    def _one_expiry(self) -> "PaymentDraft":
        if self.quote_id and self.quote_expires_at:
            raise ValueError("the quote already has its expiry; give the quote or the expiry, not both")
        return self


def record_quote(ws: CaseStore, po: str, quote: RateQuote):
    """Store a rate quote (a new quote is always a new record)."""

    def change(state):
        if already_stored(state, "quotes", quote.id, content("quotes", quote)):
            return Change("quote already recorded")
        if quote.expired(clock.now()):
            raise QuoteExpired(f"the quote expired at {quote.expires_at:%Y-%m-%d %H:%M} UTC; record a current one")
        return Change("rate quoted", f"{fmt_rate(quote.rate)} {home} per CNY from {quote.quoted_by}", records=[quote])

    home = load_settings(ws.root).home_currency
    return ws.transact(po, change)


def _quote_for(state, draft: PaymentDraft, actor: str) -> tuple[RateQuote | None, list[RateQuote]]:
    """The quote the payment uses, and the new quote record to store with it (if any)."""
    if draft.quote_id:
        quote = state.find("quotes", draft.quote_id)
        if quote is None:
            raise InputError(f"quote: no quote with id {draft.quote_id} on {po_words(state.po)}")
        if draft.rate is not None and draft.rate != quote.rate:
            raise InputError(f"rate: {fmt_rate(draft.rate)} differs from the quote's {fmt_rate(quote.rate)}; "
                             "leave it out or record a new quote")
        return quote, []
    if draft.quote_expires_at is None:
        return None, []  # a rate already used (e.g. a past deposit), no quote to keep
    quote = RateQuote(rate=draft.rate, quoted_by=draft.quoted_by or "not recorded",
                      expires_at=draft.quote_expires_at, recorded_by=actor)
    return quote, [quote]


def _balance_checked(amount: Decimal) -> Summarize:
    """The summary of the case as a balance payment's write leaves it (`amount`: what the
    write adds to the balance payments): the gate is read once, on that case, and must let
    the balance payments stand, or nothing is written."""

    def summarize(after: CaseState, file: str) -> CaseSummary:
        assessment = assess(after)
        require_balance(assessment.gate, amount)
        return assessment.summary(file)

    return summarize


def _check_amounts(state, payment: Payment) -> None:
    """Caps other than the balance gate (checked on the case as the write leaves it): never
    pay more deposit or re-inspection fee than agreed, never record more refunded than
    was paid to the supplier."""
    lines = [line for line in payment_lines(state) if line.status in ("requested", "paid")]

    def total(kinds):
        return sum((line.payment.cny for line in lines if line.payment.kind in kinds), ZERO)

    if payment.kind == "reinspection-fee":
        fee, after = state.case.reinspection_fee_cny, total(("reinspection-fee",)) + payment.cny
        if after > fee:
            raise InputError(
                f"cny: re-inspection fee payments would total {fmt_cny(after)}, more than the agreed fee of "
                f"{fmt_cny(fee)}; if the fee really is higher, raise it first with a reason (the case form, "
                f"or `casefile edit {state.po} --reinspection-fee-cny X --reason TEXT`)"
            )
    elif payment.kind == "deposit":
        deposit = state.case.deposit_cny
        if total(("deposit",)) + payment.cny > deposit:
            raise InputError(f"cny: deposit payments would total {fmt_cny(total(('deposit',)) + payment.cny)}, "
                             f"more than the agreed deposit {fmt_cny(deposit)}")
    elif payment.kind == "refund":
        sent, back = to_supplier([*payment_lines(state), PaymentLine(payment)], ("requested", "paid"))
        if back > sent:  # each refund counted once (ledger.money_back)
            raise InputError(f"cny: refunds would total {fmt_cny(back)}, "
                             f"more than the {fmt_cny(sent)} paid to the supplier")


def _stated(draft: PaymentDraft) -> dict:
    """What a retry of `draft` must repeat, as stored: what the user gave. The rate, NGN and
    quoted_by may come from the quote (or be computed), so they count only when given."""
    data = draft.model_dump(mode="json", include={"kind", "cny", "status", "receipt", "method", "note", "rate",
                                                   "ngn", "quote_id", "quote_expires_at", "quoted_by"})
    return {k: v for k, v in data.items() if v not in (None, "") or k in ("receipt", "method", "note")}


def record_payment(ws: CaseStore, po: str, draft: PaymentDraft):
    """Record a payment (requested or paid) through the gate and the caps."""

    def change(state):
        if already_stored(state, "payments", draft.id, _stated(draft)):
            return Change("payment already recorded")  # a retry: its checks passed the first time
        now = clock.now()
        quote, new = _quote_for(state, draft, ws.actor)
        if quote is not None and quote.expired(now):
            raise QuoteExpired(
                f"the rate quote of {fmt_rate(quote.rate)} {home} per CNY expired at "
                f"{quote.expires_at:%Y-%m-%d %H:%M} UTC; get a new quote and record it (a new quote is a new record)"
            )
        rate = quote.rate if quote is not None else draft.rate
        payment = Payment(
            id=draft.id, kind=draft.kind, cny=draft.cny, ngn=cny_to_ngn(draft.cny, rate), rate=rate,
            quote_id=quote.id if quote else None, quoted_by=quote.quoted_by if quote else "",
            rate_locked_at=now, quote_expires_at=quote.expires_at if quote else None,
            method=draft.method, receipt=draft.receipt, status=draft.status, note=draft.note,
            recorded_by=ws.actor,
        )
        _check_amounts(state, payment)
        action = "payment requested" if payment.status == "requested" else "payment recorded"
        gate = _balance_checked(payment.cny) if payment.kind == "balance" else None
        return Change(action, payment.describe(home), records=[*new, payment], summarize=gate)

    home = load_settings(ws.root).home_currency  # the history says what the user reads
    return ws.transact(po, change)


def set_payment_status(ws: CaseStore, po: str, payment_id: str, status: str, *,
                       receipt: str = "", note: str = "", record_id: str | None = None):
    """Move a payment on (requested -> paid or withdrawn; paid -> refunded) with a new record."""
    if record_id is not None and not re.fullmatch(RECORD_ID_PATTERN, record_id):
        raise InputError(f"id: expected 8 to 64 lowercase hex digits; got {record_id!r}")
    record_id = record_id or new_id()

    def change(state):
        target = state.find("payments", payment_id)
        given = {"follows": target.root if target else payment_id, "status": status, "note": note,
                 **({"receipt": receipt} if receipt else {})}
        if already_stored(state, "payments", record_id, given):
            return Change("payment status already recorded")
        line = find_line(state, payment_id)
        if line is None:
            raise InputError(f"payment: no payment with id {payment_id} on {po_words(state.po)}; `casefile ledger` lists them")
        if line.status == status:
            if not receipt or receipt == line.receipt:
                return Change(f"payment already {status}")  # a retry with a fresh id
            if line.receipt:  # a receipt on record is evidence: another one never replaces it
                raise ConflictError(
                    f"payment {line.payment.id} on {po_words(state.po)} is already {status} with receipt "
                    f"{line.receipt!r}, not {receipt!r}. Nothing was saved; if the receipt on record is wrong, "
                    "write why in the log (a correction is a new entry)"
                )
            # paid before a receipt was required: this record adds it
        elif status not in TRANSITIONS[line.status]:
            allowed = " or ".join(TRANSITIONS[line.status]) or "nothing (it is final)"
            raise InputError(f"status: the payment is {line.status}; it can move to {allowed}")
        if status == "paid" and not (receipt or line.receipt):
            raise InputError(f"receipt: {RECEIPT_NEEDED}")
        # The amounts and the locked rate are copied, so every record stands on its own.
        update = Payment.model_validate({
            **line.payment.model_dump(), "id": record_id, "status": status,
            "follows": line.payment.id, "receipt": receipt or line.receipt, "note": note,
            "recorded_at": clock.now(), "recorded_by": ws.actor,
        })
        if status == "refunded":  # the refund cap, as for a refund payment: a flag counts the whole payment back
            after = [PaymentLine(other.payment, (*other.updates, update)) if other.payment.id == line.payment.id else other
                     for other in payment_lines(state)]
            sent, back = to_supplier(after, ("requested", "paid"))
            if back > sent:
                raise InputError(f"status: refunds would total {fmt_cny(back)}, more than the {fmt_cny(sent)} paid to "
                                 f"the supplier: marked refunded, all {fmt_cny(line.payment.cny)} of it counts as come "
                                 "back; record what did come back as a refund payment instead")
        # the case may have changed since the request: the gate is read again
        # (a receipt added to a balance already paid moves no money: nothing to ask)
        newly_paid = line.payment.kind == "balance" and status == "paid" and line.status != "paid"
        gate = _balance_checked(Decimal(0)) if newly_paid else None
        return Change(f"payment {status}", line.payment.describe(home), records=[update], summarize=gate)

    home = load_settings(ws.root).home_currency
    return ws.transact(po, change)
