"""A resolution chosen for a case, with its terms. The latest decision is the one in force.

`record_decision(ws, po, terms)` validates the terms against the case on disk inside the
locked write and appends a `Decision` (and a history event) to the case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from casefile.base import Count, Line, Positive, Record, Text, stamp
from casefile.money import Percent

Option = Literal["rework", "sort", "discount", "replace", "cancel"]
OPTIONS: tuple[str, ...] = ("rework", "sort", "discount", "replace", "cancel")
OPTION_TITLES = {
    "rework": "Rework and re-inspect",
    "sort": "Sort and accept the good units",
    "discount": "Negotiate a discount",
    "replace": "Replace in the next run",
    "cancel": "Cancel and recover the deposit",
}


class Decision(Record):
    option: Option
    reason: Text = ""
    report_id: str | None = None
    deadline: date | None = None
    discount_percent: Percent | None = None
    units: Count | None = None  # units to sort out or replace
    agreement_entry_id: str | None = None  # the supplier's written agreement in the log
    decided_at: datetime = Field(default_factory=stamp)
    decided_by: Line


class DecisionTerms(Record):
    """What a user chooses; checked against the case by `record_decision`.

    The id is the writer's, so recording the same terms twice is a no-op.
    """

    option: Option
    reason: Text = ""
    report_id: str | None = None  # default: the latest report
    deadline: date | None = None  # rework: required
    discount_percent: Percent | None = None  # discount: required
    units: Positive | None = None  # sort, replace: required (units to sort out or replace)
    agreement_entry_id: str | None = None  # must be a log entry marked as a written agreement


def check_terms(state, terms: DecisionTerms, today: date) -> str:
    """The report id the decision rests on; raises InputError naming the term at fault."""
    from casefile.errors import InputError
    from casefile.gate import chosen_report
    from casefile.judgement import judge
    from casefile.money import percent_of

    case = state.case
    if not state.reports:
        raise InputError(f"PO {case.po} has no inspection report yet: import one (`casefile import-report`) before deciding")
    report = chosen_report(state, terms.report_id)
    judged = judge(state, report)
    if judged.counts_as_pass:
        raise InputError(f"the report of {report.date:%-d %b %Y} passes every class: there is nothing to resolve; pay the balance")
    if terms.option == "discount":
        if terms.discount_percent is None or terms.discount_percent <= 0:
            raise InputError("discount_percent: a discount needs the agreed percentage above 0, e.g. 8")
        serious = judged.serious_failures
        if serious:
            v = serious[0]
            raise InputError(
                f"option: a discount is only for minor defects; {v.defect_class} defects failed "
                f"({v.found} found, Re {v.plan.reject}), so rework or another option with a re-inspection is needed"
            )
        if report.verdict in ("pending", "aborted"):
            raise InputError(f"option: the report is {report.verdict}; a discount needs a completed report that failed on minor defects only")
        value = percent_of(case.order_value_cny, terms.discount_percent)
        if value > case.balance_cny:
            raise InputError(
                f"discount_percent: {terms.discount_percent}% of the order is {value} CNY, more than the "
                f"balance of {case.balance_cny} CNY"
            )
    if terms.option in ("sort", "replace"):
        if terms.units is None:
            raise InputError(f"units: {terms.option} needs the number of units to {'sort out' if terms.option == 'sort' else 'replace'}, e.g. 550")
        if terms.units > report.lot_size:
            raise InputError(f"units: {terms.units:,} is more than the lot of {report.lot_size:,}")
    if terms.option == "rework" and terms.deadline is None:
        raise InputError("deadline: rework needs a deadline, as YYYY-MM-DD, e.g. 2026-12-05")
    if terms.deadline is not None and terms.deadline < today:
        raise InputError(f"deadline: {terms.deadline.isoformat()} is in the past (today is {today.isoformat()})")
    if terms.agreement_entry_id is not None:
        entry = state.find("correspondence", terms.agreement_entry_id)
        if entry is None:
            raise InputError(f"agreement_entry_id: no log entry {terms.agreement_entry_id} in PO {case.po}")
        if not entry.written_agreement or entry.direction != "from-supplier":
            raise InputError(
                f"agreement_entry_id: log entry {entry.id} ({entry.subject!r}) is not the supplier's written agreement; "
                "log their message with `casefile note --direction from-supplier --agreement`"
            )
    return report.id


def record_decision(ws, po: str, terms: DecisionTerms, *, expected_revision: int | None = None):
    """Record `terms` as the decision in force for `po`; returns the new CaseState."""
    from casefile import clock
    from casefile.retries import already_stored
    from casefile.store import Change  # the store imports this module through the state

    def change(state):
        # without a report named, the decision rests on the latest: what was stored then
        given = terms.model_dump(mode="json", exclude={"id"} | ({"report_id"} if terms.report_id is None else set()))
        if already_stored(state, "decisions", terms.id, given):
            return Change("decision already recorded")
        report_id = check_terms(state, terms, clock.today())
        decision = Decision(**terms.model_dump(exclude={"report_id"}), report_id=report_id, decided_by=ws.actor)
        return Change("decision recorded", describe_terms(decision), records=[decision])

    return ws.transact(po, change, expected_revision=expected_revision)


def describe_terms(d: Decision) -> str:
    """One line: the option and its terms, for the history and the command line."""
    parts = [OPTION_TITLES[d.option]]
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
