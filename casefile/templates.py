"""Draft messages to the supplier from the case's own facts: calm, on the record, anchored
to the standard both sides signed.

`draft(state, key, **terms)` returns an EntryDraft that is NOT stored: the caller logs it
(append_entry) only once the user says it was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Callable

from pydantic import BeforeValidator, TypeAdapter, ValidationError

from casefile.correspondence import EntryDraft
from casefile.diagnosis import SERIOUS, Diagnosis, diagnose_in_case, inspections
from casefile.base import Positive
from casefile.errors import InputError, describe_validation
from casefile.ledger import totals
from casefile.money import Percent, fmt_cny, percent_of
from casefile.numbers import whole_from_text

BALANCE_RULE = "The balance will be paid only after a re-inspection passes every class."


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    deadline_for: str
    write: Callable[["Facts", dict], tuple[str, str]]  # -> (subject, option paragraph)


@dataclass(frozen=True)
class Facts:
    state: object
    report: object
    reading: Diagnosis

    @property
    def case(self):
        return self.state.case

    @property
    def serious_failure(self) -> bool:
        return any(c.defect_class in SERIOUS for c in self.reading.failed_classes)


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def failed_facts(state) -> Facts:
    """The latest report that failed by the app's computation, read against the standard."""
    reports = inspections(state)
    for report in reversed(reports):
        reading = diagnose_in_case(state, report)
        if reading.complete and not reading.passed:
            return Facts(state, report, reading)
    raise InputError(f"PO {state.po} has no failed inspection on record; the templates write about a failed report")


def _findings(f: Facts) -> str:
    case, report = f.case, f.report
    aql = case.aql
    lines = [
        f"The pre-shipment inspection of PO {case.po} ({case.product}, {case.quantity:,} units) carried out "
        f"by {report.company} on {_day(report.date)} does not meet the standard we both signed: "
        f"ISO 2859-1, inspection level {aql.level}, AQL critical {_aql(aql.critical)} / major {_aql(aql.major)} "
        f"/ minor {_aql(aql.minor)}.",
        "",
    ]
    for c in f.reading.failed_classes:
        lines.append(f"- {c.defect_class} defects: {c.found} found in a sample of {c.plan.sample_size:,}; "
                     f"the limit is Ac {c.accept} / Re {c.reject}.")
    if f.reading.failed_points:
        lines += ["", "Points that do not match the agreed specification and golden sample:"]
        ref = f" ({case.golden_sample_ref})" if case.golden_sample_ref else ""
        for p in f.reading.failed_points:
            what = f"golden sample{ref}" if p.kind == "golden-sample" else "specification"
            note = f": {p.note}" if p.note else ""
            lines.append(f"- {what} {p.key}, {p.text}: does not conform{note}")
    return "\n".join(lines)


def _aql(d: Decimal) -> str:
    return format(d.normalize(), "f") if d else "0"


def _rework(f: Facts, t: dict) -> tuple[str, str]:
    return (f"PO {f.case.po}: inspection failed, rework and re-inspection by {_day(t['deadline'])}",
            f"Please rework the goods so that they meet the standard and have them ready for re-inspection "
            f"by {_day(t['deadline'])}. Please confirm in writing that you accept this deadline. "
            f"{BALANCE_RULE}")


def _reinspection(f: Facts, t: dict) -> tuple[str, str]:
    company = t.get("company") or f.report.company
    fee = f.case.reinspection_fee_cny
    fee_text = f" The re-inspection fee is {fmt_cny(fee)}." if fee else ""
    return (f"PO {f.case.po}: re-inspection booked for {_day(t['on'])}",
            f"We have booked a re-inspection by {company} on {_day(t['on'])}, to the same standard and "
            f"sampling plan.{fee_text} Please have the whole lot ready and packed by then. {BALANCE_RULE}")


def _discount(f: Facts, t: dict) -> tuple[str, str]:
    if f.serious_failure:
        raise InputError("template: a discount is only for minor defects; critical and major failures "
                         "need rework and a passing re-inspection")
    pct = t["percent"]
    off = percent_of(f.case.order_value_cny, pct)
    remaining = max(f.case.balance_cny - off, Decimal(0))
    return (f"PO {f.case.po}: proposal to accept the goods at a {pct}% discount",
            f"As the failure is limited to minor defects, we are prepared to accept the goods as they are at "
            f"a discount of {pct}% of the order value ({fmt_cny(off)}), which would bring the balance to "
            f"{fmt_cny(remaining)}. We need your written agreement to these terms before anything changes; "
            f"without it the rule stays: {BALANCE_RULE[0].lower()}{BALANCE_RULE[1:]}")


def _replacement(f: Facts, t: dict) -> tuple[str, str]:
    units = t.get("units") or f.reading.projected_bad_units
    return (f"PO {f.case.po}: replacement of the failed units in the next run",
            f"Please confirm in writing that you will replace the {units:,} failed units in your next production "
            f"run, to the same standard, by {_day(t['deadline'])}, and that the replacements will be inspected. "
            f"The balance is held until the replacements pass their inspection; "
            f"{BALANCE_RULE[0].lower()}{BALANCE_RULE[1:]}")


def _cancellation(f: Facts, t: dict) -> tuple[str, str]:
    case = f.case
    deposit = totals(f.state).deposit_paid.cny or case.deposit_cny
    refund = percent_of(deposit, case.deposit_refundable_percent)
    terms = f' Our terms say: "{case.refund_terms}".' if case.refund_terms else ""
    by = f" by {_day(t['deadline'])}" if t.get("deadline") else ""
    return (f"PO {case.po}: cancellation of the order and refund of the deposit",
            f"Because the goods do not meet the standard and cannot be made to, we cancel PO {case.po}. "
            f"The balance will not be paid: it moves only after a re-inspection passes every class, and that "
            f"will not happen for these goods.{terms} Please refund {fmt_cny(refund)} of the deposit{by}.")


TEMPLATES: dict[str, Template] = {t.key: t for t in (
    Template("rework", "Rework request with a deadline", ("deadline",), (), "rework", _rework),
    Template("reinspection", "Re-inspection booking", ("on",), ("company", "deadline"), "supplier reply", _reinspection),
    Template("discount", "Discount proposal (minor defects only)", ("percent",), ("deadline",),
             "discount agreement", _discount),
    Template("replace", "Replacement commitment", ("deadline",), ("units",), "replacement commitment", _replacement),
    Template("cancel", "Cancellation with deposit refund request", (), ("deadline",), "deposit refund",
             _cancellation),
)}
_TERM_TYPES = {"deadline": date, "on": date, "percent": Percent, "company": str,
               "units": Annotated[Positive, BeforeValidator(whole_from_text)]}


def _terms(template: Template, terms: dict) -> dict:
    given = {k: v for k, v in terms.items() if v is not None and v != ""}
    unknown = sorted(set(given) - set(template.required) - set(template.optional))
    if unknown:
        allowed = ", ".join((*template.required, *template.optional)) or "none"
        raise InputError(f"{unknown[0]}: the {template.key} template takes no such term (it takes: {allowed})")
    missing = [k for k in template.required if k not in given]
    if missing:
        raise InputError(f"{missing[0]}: the {template.key} template needs it")
    out = {}
    for k, v in given.items():
        try:
            out[k] = TypeAdapter(_TERM_TYPES[k]).validate_python(v)
        except ValidationError as exc:
            text = describe_validation(exc, k)
            raise InputError(text if repr(v) in text else f"{text} (got {v!r})") from None
    return out


def draft(state, template_key: str, **terms) -> EntryDraft:
    """A message to the supplier from the case's facts; not logged until sent."""
    template = TEMPLATES.get(template_key)
    if template is None:
        raise InputError(f"template: no template {template_key!r}; choose one of {', '.join(TEMPLATES)}")
    t = _terms(template, terms)
    facts = failed_facts(state)
    subject, paragraph = template.write(facts, t)
    supplier = state.case.supplier
    body = f"Dear {supplier},\n\n{_findings(facts)}\n\n{paragraph}\n\nKind regards"
    refs = [f"report {facts.report.date.isoformat()} {facts.report.company}"]
    refs += [f"{'golden sample' if p.kind == 'golden-sample' else 'spec'} {p.key}" for p in facts.reading.failed_points]
    deadline = t.get("deadline")
    return EntryDraft(
        direction="to-supplier", channel="email", subject=subject, body=body, references=refs,
        deadline=deadline, deadline_for=template.deadline_for if deadline else "",
    )
