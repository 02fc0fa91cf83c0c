"""Draft messages to the supplier from the case's own facts: calm, on the record, anchored
to the standard both sides signed. Each option's entry holds its letters
(casefile/rules/options/); this module writes the part every letter shares.

`draft(state, key, **terms)` returns an EntryDraft that is NOT stored: the caller logs it
(append_entry) only once the user says it was sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, TypeAdapter, ValidationError

from casefile.records.log_entry import EntryDraft
from casefile.records.po import po_words
from casefile.rules.diagnosis import diagnose_in_case
from casefile.rules.judgement import inspections, next_switching
from casefile.rules.options.catalogue import CATALOGUE
from casefile.rules.options.letter import Facts, Letter, long_day
from casefile.rules.supplier_switching import severity_words
from casefile.rules.totals import totals
from casefile.values.errors import InputError, describe_validation
from casefile.values.money import Percent
from casefile.values.numbers import whole_from_text
from casefile.values.text import Line, shorten
from casefile.values.units import Positive


class _Letters(Mapping[str, Letter]):
    """key -> letter, every option's letters in catalogue order, read from the catalogue
    each time (it is the one list)."""

    def _all(self) -> dict[str, Letter]:
        return {letter.key: letter for o in CATALOGUE.values() for letter in o.letters}

    def __getitem__(self, key: str) -> Letter:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


TEMPLATES: Mapping[str, Letter] = _Letters()


def failed_facts(state) -> Facts:
    """The latest report that failed by the app's computation, read against the standard."""
    reports = inspections(state)
    for report in reversed(reports):
        reading = diagnose_in_case(state, report)
        if reading.complete and not reading.passed:
            return Facts(state, report, reading, totals(state).deposit_paid.cny)
    raise InputError(f"{po_words(state.po)} has no failed inspection on record; the templates write about a failed report")


def _findings(f: Facts) -> str:
    case, report = f.case, f.report
    aql = case.aql
    lines = [
        f"The pre-shipment inspection of {po_words(case.po)} ({case.product}, {case.quantity:,} units) carried out "
        f"by {report.company} on {long_day(report.date)} does not meet the standard we both signed: "
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


def _severity_sentence(state) -> str:
    """Where the switching rules have moved the supplier off normal inspection, the letter
    says the lot will be inspected on that severity, and why."""
    status = next_switching(state)
    if status.plan_severity == "normal":
        return ""
    return (f"\n\nUnder the switching rules of ISO 2859-1 (clause 9), the lot will be inspected on "
            f"{status.plan_severity} inspection, with the smaller acceptance numbers of that plan "
            f"({severity_words(status)}).")


def _aql(d: Decimal) -> str:
    return format(d.normalize(), "f") if d else "0"


# the company goes into the letter's body: refused here, in the words of every stored line,
# rather than by the letter's own check with its position in the body
_TERM_TYPES = {"deadline": date, "on": date, "percent": Percent, "company": Line,
               "units": Annotated[Positive, BeforeValidator(whole_from_text)]}


def _terms(template: Letter, terms: dict) -> dict:
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
            shown = repr(v) in text or f"got {v}" in text  # a value the words already give
            raise InputError(text if shown else f"{text} (got {shorten(repr(v), 40)})") from None
    return out


def draft(state, template_key: str, **terms) -> EntryDraft:
    """A message to the supplier from the case's facts; not logged until sent."""
    template = TEMPLATES.get(template_key)
    if template is None:
        raise InputError(f"template: no template {template_key!r}; choose one of {', '.join(TEMPLATES)}")
    t = _terms(template, terms)
    facts = failed_facts(state)
    subject, paragraph = template.write(facts, t)
    if template.announces_inspection:
        paragraph += _severity_sentence(state)
    addressee = state.case.supplier_contact or state.case.supplier
    body = f"Dear {addressee},\n\n{_findings(facts)}\n\n{paragraph}\n\nKind regards"
    refs = [f"report {facts.report.date.isoformat()} {facts.report.company}"]
    refs += [f"{'golden sample' if p.kind == 'golden-sample' else 'spec'} {p.key}" for p in facts.reading.failed_points]
    deadline = t.get("deadline")
    return EntryDraft(
        direction="to-supplier", channel="email", subject=subject, body=body, references=refs,
        deadline=deadline, deadline_for=template.deadline_for if deadline else "",
    )
