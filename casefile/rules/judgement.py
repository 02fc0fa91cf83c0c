"""Which reports count, and how each one is judged (DOMAIN.md, "Which reports count").

- A report is judged by the standard recorded with it (AQL, level, spec and golden
  points), never by the case's standard as it is now: editing the standard later never
  re-judges an earlier report.
- Only a valid inspection of the lot in question can count as a pass: its sample is at
  least the plan's, its lot is the order (or the sorted lot, or the replacement units),
  and it is not dated after today. An invalid report's failures stand; its pass does not.
- The stricter reading wins: the app's counts pass every class, no spec or golden-sample
  point "does not conform", and the inspector's own verdict is not a fail.

The gate, the diagnosis (the report screen, `casefile diagnose`), the options and the
decisions all read a report through `judge`, so they cannot disagree about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from casefile.records.case import DEFECT_CLASSES, STANDARD_FIELDS, Standard
from casefile.records.case_summary import FirstInspection
from casefile.records.report import Report
from casefile.rules.options.catalogue import inspected_by
from casefile.rules.readings import SERIOUS
from casefile.rules.sampling_plans import SamplingPlan, sampling_plan
from casefile.rules.supplier_switching import history_of
from casefile.rules.switching import START, LotOutcome, Status
from casefile.values import clock


@dataclass(frozen=True)
class ClassVerdict:
    defect_class: str
    plan: SamplingPlan
    found: int

    @property
    def passed(self) -> bool:
        return self.found <= self.plan.accept


def class_verdicts(standard, report: Report, severity: str = "normal") -> list[ClassVerdict]:
    """Per class in the report, the plan from `standard`'s AQL and level (a Standard, or
    anything with its `aql`) for the report's lot size, at `severity` (the supplier's
    switching severity in force at the report's date: `switching_for`)."""
    out = []
    for count in report.classes:
        plan = sampling_plan(report.lot_size, standard.aql.for_class(count.defect_class), standard.aql.level, severity)
        out.append(ClassVerdict(count.defect_class, plan, count.found))
    return out


def report_complete(report: Report) -> bool:
    return report.verdict not in ("pending", "aborted")


def inspections(state) -> list[Report]:
    """Reports in inspection order: by date, then in the order they were recorded."""
    return sorted(state.reports, key=lambda r: r.date)  # stable: the file keeps the recorded order


def standard_for(state, report: Report) -> Standard:
    """The standard `report` is judged by: the one recorded with it.

    A report in a file written before the standard was recorded with each report is
    judged by the standard in force when it was recorded: the case's standard now, with
    every edit recorded after that moment undone (each edit records its old values).
    Edits made by those older versions recorded no values and cannot be undone; their
    history events say only which fields changed.
    """
    if report.standard is not None:
        return report.standard
    data = state.case.standard.model_dump(mode="json")
    later = [e for e in state.history if e.changes and e.at >= report.recorded_at]
    for event in reversed(later):
        for change in event.changes:
            head, _, sub = change.field.partition(".")
            if head not in STANDARD_FIELDS:
                continue
            if sub:
                data[head][sub] = change.old
            else:
                data[head] = change.old
    try:
        return Standard.model_validate(data)
    except ValidationError:  # a history that cannot be read back: the case's standard now
        return state.case.standard


def lot_in_question(state, report: Report) -> tuple[int | None, str, str]:
    """(lot size, the lot in words, why there is no such lot) for what `report` inspected.

    The order quantity for a report on the lot; for a sorted lot, the order less the units
    sorted out under the latest sort decision; for replacements, the latest replacement
    decision's units.
    """
    quantity = state.case.quantity
    if report.scope == "lot":
        return quantity, f"the order of {quantity:,}", ""
    entry = inspected_by(report.scope)  # the option whose decision defines that lot
    words = entry.lot.words
    decision = next((d for d in reversed(state.decisions) if d.option == entry.key and d.units), None)
    if decision is None:
        return None, words, f"it inspected {words}, but no {entry.key} decision with its units is on record"
    lot = entry.lot.size(quantity, decision.units)
    return lot, entry.lot.describe(quantity, decision.units, lot), ""


def needed_sample(standard: Standard, lot_size: int, severity: str = "normal") -> int:
    """The largest sample any class's plan calls for at this lot size (arrows included)."""
    return max(sampling_plan(lot_size, standard.aql.for_class(c), standard.aql.level, severity).sample_size
               for c in DEFECT_CLASSES)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


@dataclass(frozen=True)
class Judgement:
    """One report, judged by its own standard for the lot in question."""

    report: Report
    standard: Standard
    verdicts: tuple[ClassVerdict, ...]
    invalid: tuple[str, ...]  # why it is not a valid inspection of the lot in question
    objections: tuple[str, ...]  # what else keeps it from being a pass (the stricter reading)
    switching: Status = START  # the supplier's severity in force at the report's date, and why

    @property
    def severity(self) -> str:
        return self.switching.plan_severity

    @property
    def complete(self) -> bool:
        return report_complete(self.report)

    @property
    def failed(self) -> list[ClassVerdict]:
        return [v for v in self.verdicts if not v.passed]

    @property
    def serious_failures(self) -> list[ClassVerdict]:
        return [v for v in self.failed if v.defect_class in SERIOUS]

    @property
    def valid(self) -> bool:
        return not self.invalid

    @property
    def counts_as_pass(self) -> bool:
        return self.complete and not self.failed and not self.invalid and not self.objections

    @property
    def not_a_pass(self) -> list[str]:
        """Plain sentences: why this report does not count as a pass, class failures aside."""
        return [*self.invalid, *self.objections]

    @property
    def title(self) -> str:
        r = self.report
        return f"the {r.kind} of {_day(r.date)} ({r.company})"


def judge_report(
    report: Report,
    standard: Standard,
    lot: int | None,
    lot_text: str,
    no_lot: str = "",
    today: date | None = None,
    switching: Status = START,
) -> Judgement:
    """Judge `report` by `standard` against the lot in question (`lot`; None: not known),
    on the plans of the severity `switching` puts in force."""
    today = today or clock.latest_today()
    severity = switching.plan_severity
    verdicts = tuple(class_verdicts(standard, report, severity))
    invalid: list[str] = []
    if no_lot:
        invalid.append(f"wrong lot: {no_lot}")
    elif lot is not None and report.lot_size != lot:
        invalid.append(f"wrong lot: it inspected a lot of {report.lot_size:,}, but the lot in question is {lot_text}")
    needed = needed_sample(standard, report.lot_size, severity)
    if report.sample_size < needed:
        invalid.append(
            f"under-sampled: {report.sample_size:,} units sampled, the plan for a lot of {report.lot_size:,} "
            f"at level {standard.aql.level}{'' if severity == 'normal' else f' on {severity} inspection'} needs {needed:,}"
        )
    if report.date > today:
        invalid.append(f"it is dated {_day(report.date)}, after today: a report cannot count before its date")
    objections: list[str] = []
    if not report_complete(report):
        objections.append(f"it is {report.verdict}, not a completed inspection")
    missing = [c for c in DEFECT_CLASSES if report.count(c) is None]
    if missing:
        objections.append(f"it gives no count for {' or '.join(missing)} defects")
    for check in report.spec_checks:
        if check.result == "does-not-conform":
            point = standard.spec_point(check.point)
            kind = "golden-sample" if (point.kind if point else check.kind) == "golden-sample" else "spec"
            text = f" ({point.text})" if point else ""
            objections.append(f"{kind} point {check.point}{text} does not conform")
    if report.verdict == "fail" and all(v.passed for v in verdicts):
        objections.append("the inspector's own verdict is FAIL, though every class is within its limit")
    return Judgement(report, standard, verdicts, tuple(invalid), tuple(objections), switching)


def judge(state, report: Report, today: date | None = None) -> Judgement:
    """`report` judged by its own standard for the lot in question in `state`, at the
    supplier's severity in force at its date."""
    lot, lot_text, no_lot = lot_in_question(state, report)
    return judge_report(report, standard_for(state, report), lot, lot_text, no_lot, today,
                        switching_for(state, report))


# --- supplier switching (ISO 2859-1 clause 9; casefile/rules/switching.py) ---------------

def first_inspection_report(state) -> Report | None:
    """The lot's original inspection: the earliest completed first inspection of the
    order's lot. Re-inspections, sorted lots and replacements never count for switching."""
    return next((r for r in inspections(state)
                 if r.kind == "first" and r.scope == "lot" and report_complete(r)), None)


def first_inspection(state, today: date | None = None) -> FirstInspection | None:
    """The case's first inspection as the supplier's switching reads it: accepted when it
    counts as a pass, judged at the severity then in force (from the other lots only)."""
    report = first_inspection_report(state)
    if report is None:
        return None
    judged = judge(state, report, today)
    outcome = LotOutcome.from_plans(state.po, report.date, [(v.plan, v.found) for v in judged.verdicts],
                                    accepted=judged.counts_as_pass)
    return FirstInspection(po=state.po, on=report.date, accepted=outcome.accepted, points=outcome.points)


def switching_for(state, report: Report) -> Status:
    """The severity in force for `report`: the supplier's other lots dated on or before it,
    and, for any report after the case's own first inspection, that one too."""
    first = first_inspection_report(state)
    own = None if first is None or first.id == report.id else first_inspection(state)
    return history_of(state, own).severity_on(report.date)


def next_switching(state, today: date | None = None) -> Status:
    """The severity the lot's next inspection will be on (rework letters, booking letters,
    the gate's 'what would unlock it')."""
    today = today or clock.latest_today()
    return history_of(state, first_inspection(state, today)).severity_on(today)


def judge_all(state, today: date | None = None) -> list[Judgement]:
    """Every report judged, in inspection order (by date, ties in recorded order)."""
    today = today or clock.latest_today()
    return [judge(state, r, today) for r in inspections(state)]
