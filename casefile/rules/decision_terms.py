"""The terms of a decision as a user chooses them, checked against the case: each option's
entry says which terms it needs and checks its own (casefile/rules/options/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from pydantic import AfterValidator

from casefile.records.case import Case
from casefile.records.decision import Decision
from casefile.records.po import po_words
from casefile.records.record import Record
from casefile.records.report import Report
from casefile.rules.gate import chosen_report
from casefile.rules.judgement import Judgement, judge
from casefile.rules.options.catalogue import CATALOGUE, option
from casefile.values.errors import InputError
from casefile.values.money import Percent
from casefile.values.text import Text
from casefile.values.units import Positive


def _known(key: str) -> str:
    if key not in CATALOGUE:  # read at each check: the catalogue is the one list
        raise ValueError(f"Input should be {' or '.join(', '.join(repr(k) for k in CATALOGUE).rsplit(', ', 1))}")
    return key


class DecisionTerms(Record):
    """What a user chooses; checked against the case by `check_terms`.

    The id is the writer's, so recording the same terms twice is a no-op.
    """

    option: Annotated[str, AfterValidator(_known)]
    reason: Text = ""
    report_id: str | None = None  # default: the latest report
    deadline: date | None = None  # rework: required
    discount_percent: Percent | None = None  # discount: required
    units: Positive | None = None  # sort, replace: required (units to sort out or replace)
    agreement_entry_id: str | None = None  # must be a log entry marked as a written agreement


@dataclass(frozen=True)
class TermsCheck:
    """What an option's own check of the terms reads."""

    terms: DecisionTerms
    case: Case
    report: Report
    judged: Judgement


def check_terms(state, terms: DecisionTerms, today: date) -> str:
    """The report id the decision rests on; raises InputError naming the term at fault."""
    case = state.case
    if not state.reports:
        raise InputError(f"{po_words(case.po)} has no inspection report yet: import one (`casefile import-report`) before deciding")
    report = chosen_report(state, terms.report_id)
    judged = judge(state, report)
    if judged.counts_as_pass:
        raise InputError(f"the report of {report.date:%-d %b %Y} passes every class: there is nothing to resolve; pay the balance")
    entry = option(terms.option)
    if entry.check is not None:
        entry.check(TermsCheck(terms, case, report, judged))
    for name, missing in entry.required.items():
        if getattr(terms, name) is None:
            raise InputError(missing)
    if "units" in entry.terms and terms.units is not None and terms.units > report.lot_size:
        raise InputError(f"units: {terms.units:,} is more than the lot of {report.lot_size:,}")
    if terms.deadline is not None and terms.deadline < today:
        raise InputError(f"deadline: {terms.deadline.isoformat()} is in the past (today is {today.isoformat()})")
    if terms.agreement_entry_id is not None:
        agreement = state.find("correspondence", terms.agreement_entry_id)
        if agreement is None:
            raise InputError(f"agreement_entry_id: no log entry {terms.agreement_entry_id} in {po_words(case.po)}")
        if not agreement.written_agreement or agreement.direction != "from-supplier":
            raise InputError(
                f"agreement_entry_id: log entry {agreement.id} ({agreement.subject!r}) is not the supplier's written agreement; "
                "log their message with `casefile note --direction from-supplier --agreement`"
            )
    return report.id


def decision_from(terms: DecisionTerms, report_id: str, decided_by: str) -> Decision:
    return Decision(**terms.model_dump(exclude={"report_id"}), report_id=report_id, decided_by=decided_by)


def describe_terms(d: Decision) -> str:
    """One line: the option and its terms, for the history and the command line."""
    parts = [option(d.option).title]
    if d.discount_percent is not None:
        parts.append(f"{d.discount_percent}% off")
    if d.units is not None:
        parts.append(f"{d.units:,} units")
    if d.deadline is not None:
        parts.append(f"by {d.deadline:%-d %b %Y}")
    if d.agreement_entry_id:
        parts.append(f"agreement {d.agreement_entry_id}")
    if d.reason:
        parts.append(d.reason.splitlines()[0][:80])
    return "; ".join(parts)
