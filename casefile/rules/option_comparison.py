"""The ways out of a failed inspection, compared: fit, money and time.

`assess_options(state)` returns one `OptionAssessment` per option (fitting ones first,
best first), for the comparison screen and `casefile options`. Money is Decimal CNY
(NGN at a rate for the discount); nothing here writes to the case.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from pydantic import ConfigDict

from casefile.records.po import po_words
from casefile.records.report import Report
from casefile.rules.diagnosis import Diagnosis, diagnose_in_case
from casefile.rules.judgement import inspections, next_switching
from casefile.rules.options.catalogue import CATALOGUE, option
from casefile.rules.options.fit import OptionFit
from casefile.rules.options.option import Money
from casefile.rules.pay_now import payable_now
from casefile.rules.payment_lines import current_quote
from casefile.rules.settings import DEFAULT_SETTINGS, Settings
from casefile.rules.supplier_switching import severity_words
from casefile.rules.totals import totals
from casefile.values import clock
from casefile.values.errors import InputError
from casefile.values.model import Model
from casefile.values.money import CNY, NGN, Percent, Rate, percent_of, quantize_money


class OptionAssessment(Model):
    """One option for one case. Amounts in CNY unless named _ngn."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    option: str
    title: str
    fits: bool
    reason: str  # one sentence
    rank: int | None  # 1 = the best fit; None when it does not fit
    reinspection_required: bool
    balance_cny: CNY  # the balance not yet paid
    balance_held_cny: CNY  # what the gate holds back now under this option (the balance less payable_now_cny)
    balance_payable_cny: CNY  # what the importer ends up paying under this option
    payable_now_cny: CNY  # the balance the gate accepts now under this option (casefile/rules/pay_now.py)
    deposit_at_risk_cny: CNY  # the deposit this option can lose (cancel: the non-refundable part)
    reinspection_fee_cny: CNY
    discount_percent: Percent | None = None  # only where a discount fits or was asked about
    discount_cny: CNY | None = None
    discount_ngn: NGN | None = None
    rate: Rate | None = None  # NGN per 1 CNY used for discount_ngn
    accepted_units: int | None = None  # sort/replace: the good units the balance is paid on
    deadline: date | None = None  # suggested (or agreed) date the work must be done by
    slack_days: int | None = None  # days between the deadline and the shipping window's end
    days_late: int | None = None  # days since the deadline passed; None while it has not
    time_note: str = ""
    # the supplier's switching severity a re-inspection would be on, and why (ISO 2859-1 clause 9)
    reinspection_severity: str = "normal"
    severity_reason: str = ""


def default_rate(state) -> Decimal | None:
    """The latest unexpired rate quote, else the case's planning rate."""
    quote = current_quote(state)
    return quote.rate if quote is not None else state.case.planning_rate


def suggested_discount_percent(d: Diagnosis) -> Decimal:
    """A discount that reflects the flaw: the projected share of bad units in the lot."""
    return (Decimal(d.projected_bad_units) * 100 / Decimal(d.lot_size)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def time_note(key: str, deadline: date, window_end: date | None, today: date) -> tuple[int | None, str]:
    """(days of slack, the sentence) for the work of option `key`'s deadline against the
    shipping window."""
    verb = option(key).work
    when = f"{deadline:%-d %b}"
    overdue = deadline < today
    lead = f"{verb} was due {when} ({_days((today - deadline).days)} ago)" if overdue else f"{verb} by {when}"
    if window_end is None:
        return None, f"{lead}; the case has no shipping window to measure it against"
    slack = (window_end - deadline).days
    end = f"{window_end:%-d %b}"
    if overdue:  # the slack that matters now is from today
        left = (window_end - today).days
        if left < 0:
            return slack, f"{lead}; the shipping window closed {end}"
        return slack, f"{lead}; the window closes {end}, {_days(left)} from today"
    if slack >= 0:
        return slack, f"{lead} leaves {_days(slack)} before the window closes {end}"
    return slack, f"{lead} is {_days(-slack)} after the window closes {end}"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def assess_options(
    state,
    report: Report | None = None,
    rate: Decimal | None = None,
    today: date | None = None,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    discount_percent: Decimal | None = None,
) -> list[OptionAssessment]:
    """Every option for `state` judged on `report` (default: the latest inspection by date).

    `rate` defaults to `default_rate(state)`; `discount_percent` to the latest discount
    decision's, else `suggested_discount_percent`. Without a report nothing fits.
    """
    case = state.case
    today = today or clock.today()
    rate = rate if rate is not None else default_rate(state)
    outstanding = max(case.balance_cny - totals(state).balance_paid_cny, Decimal(0))
    non_refundable = case.deposit_cny - percent_of(case.deposit_cny, case.deposit_refundable_percent)
    if report is None and not state.reports:
        fits = [OptionFit(option=o.key, title=o.title, fits=False, reinspection_required=False,
                          reason="no inspection report is on record: import one before choosing.")
                for o in CATALOGUE.values()]
        diagnosis = None
    else:
        ordered = inspections(state)
        report = report or ordered[-1]
        if state.find("reports", report.id) is None:
            raise InputError(f"report {report.id} is not one of {po_words(case.po)}'s reports")
        diagnosis = diagnose_in_case(state, report, settings)
        fits = diagnosis.options
    decision = state.latest_decision()
    asked = discount_percent is not None
    if discount_percent is None:
        if decision and "discount_percent" in option(decision.option).terms and decision.discount_percent is not None:
            discount_percent = decision.discount_percent
        elif diagnosis is not None:
            discount_percent = suggested_discount_percent(diagnosis)
    bad = diagnosis.projected_bad_units if diagnosis else 0
    switching = next_switching(state, today)
    out = []
    for rank, fit in enumerate(fits, start=1):  # fitting options come first, best first
        units_out = decision.units if decision and decision.option == fit.option and decision.units else bad
        accepted = max(case.quantity - units_out, 0)
        pro_rata = quantize_money(outstanding * accepted / case.quantity)
        now = payable_now(state, fit.option, units=units_out, discount_percent=discount_percent)
        row = dict(
            option=fit.option, title=fit.title, fits=fit.fits, reason=fit.reason,
            rank=rank if fit.fits else None, reinspection_required=fit.reinspection_required,
            balance_cny=outstanding, balance_held_cny=max(outstanding - now, Decimal(0)),
            balance_payable_cny=outstanding, payable_now_cny=now,
            deposit_at_risk_cny=Decimal("0.00"),
            reinspection_fee_cny=case.reinspection_fee_cny if fit.reinspection_required else Decimal("0.00"),
            reinspection_severity=switching.plan_severity, severity_reason=severity_words(switching, today),
        )
        entry = option(fit.option)
        row.update(entry.money(Money(
            outstanding=outstanding, pro_rata=pro_rata, accepted=accepted, non_refundable=non_refundable,
            order_value=case.order_value_cny, rate=rate, discount_percent=discount_percent if fit.fits or asked else None,
        )))
        if entry.work and diagnosis is not None and not diagnosis.passed:
            agreed = decision.deadline if decision and decision.option == fit.option else None
            deadline = agreed or today + timedelta(days=settings.rework_days)
            slack, note = time_note(fit.option, deadline, case.ship_window_end, today)
            row.update(deadline=deadline, slack_days=slack, time_note=note,
                       days_late=(today - deadline).days if deadline < today else None)
        out.append(OptionAssessment(**row))
    return out
