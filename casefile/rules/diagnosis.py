"""Reading a report: the app's own verdict per defect class, and what it means.

`diagnose(case, report)` is a pure function over a case and one of its reports. It uses
the standard recorded with the report (AQL, inspection level, spec and golden points;
for a report recorded before standards were, the case's) and never the AQL the report
printed, to look up each class's ISO 2859-1 plan for the report's lot size, and returns
a `Diagnosis`:

- `classes`: per class the plan, found, Ac/Re, excess over Ac, band and projected
  defective units in the lot;
- `defect_types`: per defect type (and class) units, cartons, share of the sample and
  whether it is systematic (thresholds from casefile/rules/settings.py);
- `failed_points` / `unchecked_points`: spec and golden-sample points;
- `disagreements`: plain sentences where the report and the tables differ;
- `counts_as_pass` / `not_a_pass`: whether it counts as a pass for the balance gate, and
  if not, why (casefile/rules/judgement.py: under-sampled, wrong lot, the stricter reading);
- `conclusion`: the options that fit, in order, each with a one-sentence reason.

`diagnose_in_case` reads a report as every view does: with its case's other reports and
the lot in question.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from casefile.records.case import DEFECT_CLASSES, Case, Standard
from casefile.records.report import Report
from casefile.rules.judgement import (
    ClassVerdict,
    Judgement,
    class_verdicts,
    inspections,
    judge,
    judge_report,
    report_complete,
)
from casefile.rules.options.fit import OptionFit, fit_options
from casefile.rules.readings import (
    SERIOUS,
    Band,
    ClassReading,
    DefectTypeReading,
    Frozen,
    PointReading,
    projected_bad_units,
)
from casefile.rules.settings import DEFAULT_SETTINGS, Settings
from casefile.rules.supplier_switching import severity_words

def report_passes(case: Case, report: Report) -> bool:
    """Every class within Ac by the report's own standard (the case's, for a report that
    recorded none); pending and aborted never pass. The gate reads `Judgement.counts_as_pass`,
    which is stricter."""
    return report_complete(report) and all(v.passed for v in class_verdicts(report.standard or case, report))


def band_for(found: int, accept: int, reject: int, settings: Settings = DEFAULT_SETTINGS) -> Band:
    """How far past the limit: monotone in `found` for a fixed plan."""
    if found <= accept:
        return "pass"
    if found <= reject:
        return "at the line"
    if found <= settings.far_over_factor * reject:
        return "clearly over"
    return "far over"


def project_defective(found: int, sample_size: int, lot_size: int) -> int:
    """Defective units in the lot if the sample is representative, to the nearest unit."""
    share = Decimal(found) * Decimal(lot_size) / Decimal(sample_size)
    return min(int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)), lot_size)


def percent(part: int, whole: int) -> Decimal:
    """part/whole as a percentage to one place (for display and thresholds alike)."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Diagnosis(Frozen):
    report_id: str
    report_date: str
    verdict: str  # the inspector's
    complete: bool  # False for pending or aborted inspections
    passed: bool  # the app's verdict: complete and every class within Ac
    lot_size: int
    sample_size: int
    classes: list[ClassReading]
    defect_types: list[DefectTypeReading]
    failed_points: list[PointReading]
    unchecked_points: list[PointReading]
    disagreements: list[str]
    counts_as_pass: bool  # for the balance gate: a valid inspection of the lot, passed by the stricter reading
    invalid: list[str]  # why it is not a valid inspection of the lot in question (plain sentences)
    objections: list[str]  # what else keeps it from counting as a pass (the stricter reading)
    standard_note: str  # how the standard it is judged by differs from the case's now, if it does
    severity: str = "normal"  # the plans' severity: the supplier's, in force at the report's date
    severity_reason: str = ""  # why, e.g. "tightened since HD-2603 on 1 Oct: 2 of the last 3 lots rejected"
    options: list[OptionFit]  # every option, fitting ones first in order of preference
    summary: str  # one sentence

    @property
    def judged_on(self) -> str:
        """'tightened inspection since HD-2603 on 1 Oct: 2 of the last 3 lots rejected': the
        severity said once when the reason starts with it (a discontinued supplier's lots are
        judged on tightened: both are said)."""
        if self.severity_reason.startswith(self.severity):
            return f"{self.severity} inspection{self.severity_reason[len(self.severity):]}"
        return f"{self.severity} inspection: {self.severity_reason}" if self.severity_reason else f"{self.severity} inspection"

    @property
    def not_a_pass(self) -> list[str]:
        """Why it does not count as a pass, class failures aside."""
        return [*self.invalid, *self.objections]

    @property
    def failed_classes(self) -> list[ClassReading]:
        return [c for c in self.classes if not c.passed]

    @property
    def conclusion(self) -> list[OptionFit]:
        """The options that fit this case, best first."""
        return [o for o in self.options if o.fits]

    @property
    def projected_bad_units(self) -> int:
        return projected_bad_units(self.classes, self.lot_size)

    def reading(self, defect_class: str) -> ClassReading | None:
        return next((c for c in self.classes if c.defect_class == defect_class), None)


def diagnose(
    case: Case,
    report: Report,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    earlier: Sequence[Report | Judgement] = (),
    judgement: Judgement | None = None,
) -> Diagnosis:
    """The full reading of `report` against the standard recorded with it.

    `earlier` are the case's reports before this one (judged, or as reports); a serious
    failure after an earlier serious failure makes cancelling fit (the goods failed again).
    `judgement` is the report judged in its case (casefile.rules.judgement.judge); without it,
    the report is judged against `case` alone: a lot in question of the order quantity.
    """
    if judgement is None:
        lot = case.quantity if report.scope == "lot" else None
        judgement = judge_report(report, report.standard or case.standard, lot, f"the order of {case.quantity:,}")
    standard = judgement.standard
    counts = {c.defect_class: c for c in report.classes}
    classes = [_class_reading(v, counts[v.defect_class], report, settings) for v in judgement.verdicts]
    defect_types = _defect_types(report, settings)
    failed_points, unchecked = _points(standard, report)
    complete = report_complete(report)
    passed = complete and all(c.passed for c in classes)
    failed_before = any(_failed_seriously(case, r) for r in earlier)
    options = fit_options(
        complete=complete, verdict=report.verdict, counts_as_pass=judgement.counts_as_pass,
        invalid=list(judgement.invalid), objections=list(judgement.objections), classes=classes,
        defect_types=defect_types, lot_size=report.lot_size,
        bad=projected_bad_units(classes, report.lot_size), failed_before=failed_before,
    )
    return Diagnosis(
        report_id=report.id, report_date=report.date.isoformat(), verdict=report.verdict,
        complete=complete, passed=passed, lot_size=report.lot_size, sample_size=report.sample_size,
        classes=classes, defect_types=defect_types, failed_points=failed_points,
        unchecked_points=unchecked,
        disagreements=_disagreements(case, standard, report, classes, passed, judgement.severity),
        counts_as_pass=judgement.counts_as_pass, invalid=list(judgement.invalid),
        objections=list(judgement.objections),
        standard_note=_standard_note(standard, case.standard),
        severity=judgement.severity, severity_reason=severity_words(judgement.switching, report.date),
        options=options, summary=_summary(classes, complete, report),
    )


def _failed_seriously(case: Case, earlier: Report | Judgement) -> bool:
    if isinstance(earlier, Judgement):
        return earlier.complete and bool(earlier.serious_failures)
    return report_complete(earlier) and any(
        not v.passed and v.defect_class in SERIOUS for v in class_verdicts(earlier.standard or case, earlier))


def _standard_note(judged_by: Standard, now: Standard) -> str:
    if judged_by == now:
        return ""
    aql, was = now.aql, judged_by.aql
    parts = [f"{name} {getattr(was, name)} (now {getattr(aql, name)})"
             for name in ("critical", "major", "minor", "level") if getattr(was, name) != getattr(aql, name)]
    if judged_by.spec_points != now.spec_points:
        parts.append("its spec and golden-sample points")
    if judged_by.golden_sample_ref != now.golden_sample_ref:
        parts.append(f"golden sample {judged_by.golden_sample_ref or 'none'} (now {now.golden_sample_ref or 'none'})")
    return ("Judged by the standard in force when it was recorded: " + "; ".join(parts)
            + ". A later change of the standard never re-judges a report.")


def _class_reading(v: ClassVerdict, count, report: Report, settings: Settings) -> ClassReading:
    plan = v.plan
    return ClassReading(
        defect_class=v.defect_class,
        plan=plan,
        found=v.found,
        excess=max(v.found - plan.accept, 0),
        band=band_for(v.found, plan.accept, plan.reject, settings),
        projected_defective=project_defective(v.found, report.sample_size, report.lot_size),
        passed=v.passed,
        inspector_accept=count.inspector_accept,
        inspector_reject=count.inspector_reject,
    )


def _defect_types(report: Report, settings: Settings) -> list[DefectTypeReading]:
    grouped: dict[tuple[str, str], list] = {}
    for f in report.findings:
        grouped.setdefault((f.defect_type, f.defect_class), []).append(f)
    out = []
    for (name, cls), findings in grouped.items():
        units = sum(f.units for f in findings)
        carton_counts = [f.cartons for f in findings if f.cartons is not None]
        cartons = sum(carton_counts) if carton_counts else None
        share = percent(units, report.sample_size)
        carton_share = (
            percent(cartons, report.cartons_sampled)
            if cartons is not None and report.cartons_sampled else None
        )
        by_units = share >= settings.systematic_unit_percent
        by_cartons = carton_share is not None and carton_share >= settings.systematic_carton_percent
        if by_units:
            why = f"{share}% of sampled units, at least {settings.systematic_unit_percent}%"
        elif by_cartons:
            why = f"in {carton_share}% of sampled cartons, at least {settings.systematic_carton_percent}%"
        else:
            why = f"{share}% of sampled units" + (f", {carton_share}% of cartons" if carton_share is not None else "")
        out.append(DefectTypeReading(
            defect_type=name, defect_class=cls, units=units, cartons=cartons, share_percent=share,
            carton_share_percent=carton_share, systematic=by_units or by_cartons, why=why,
        ))
    order = {c: i for i, c in enumerate(DEFECT_CLASSES)}
    return sorted(out, key=lambda d: (order[d.defect_class], -d.units, d.defect_type))


def _points(standard: Standard, report: Report) -> tuple[list[PointReading], list[PointReading]]:
    checked = {c.point: c for c in report.spec_checks}
    failed, unchecked = [], []
    for check in report.spec_checks:
        if check.result == "does-not-conform":
            point = standard.spec_point(check.point)
            failed.append(PointReading(
                key=check.point, text=point.text if point else check.point,
                kind=point.kind if point else check.kind, result=check.result, note=check.note,
            ))
    for point in standard.spec_points:
        check = checked.get(point.key)
        if check is None or check.result == "not-checked":
            unchecked.append(PointReading(
                key=point.key, text=point.text, kind=point.kind, result="not-checked",
                note=check.note if check else "not in the report",
            ))
    return failed, unchecked


def _limit_words(c: ClassReading, lot_size: int) -> str:
    verb = "reach" if c.found == c.reject else "exceed"
    return f"{c.defect_class} defects ({c.found} found) {verb} Re {c.reject} for AQL {_aql(c.plan.aql)} at lot {lot_size:,}"


def _aql(d: Decimal) -> str:
    return format(d, "f")  # as the table prints it: 4.0, 0.65, 0


def _disagreements(case: Case, standard: Standard, report: Report, classes: list[ClassReading], passed: bool,
                   severity: str = "normal") -> list[str]:
    out: list[str] = []
    failed = [c for c in classes if not c.passed]
    said = report.verdict.upper()
    if report.verdict == "pass" and failed:
        out.append(
            f"The report says PASS but {_limit_words(failed[0], report.lot_size)}: by ISO 2859-1 this lot fails."
        )
    elif report.verdict == "fail" and not failed:
        out.append(
            "The report says FAIL but every class is within its acceptance number: by ISO 2859-1 this lot "
            "passes; ask the inspector which defects the verdict rests on."
        )
    elif not report_complete(report):
        out.append(f"The report is marked {said}: an unfinished inspection is not a pass, whatever the counts.")
    by_size: dict[int, list[ClassReading]] = {}
    for c in classes:
        if c.plan.sample_size != report.sample_size:
            by_size.setdefault(c.plan.sample_size, []).append(c)
    for size, group in by_size.items():
        which = " and ".join(f"{c.defect_class} AQL {_aql(c.plan.aql)}" for c in group)
        letter = group[0].plan.code_letter
        out.append(
            f"The inspector sampled {report.sample_size:,} units, but for {which} at a lot of "
            f"{report.lot_size:,} (level {standard.aql.level}, code letter {letter}) ISO 2859-1 calls for {size:,}."
        )
    for c in classes:
        ac, re_ = c.inspector_accept, c.inspector_reject
        if (ac is not None and ac != c.accept) or (re_ is not None and re_ != c.reject):
            printed = f"Ac {ac if ac is not None else '?'} / Re {re_ if re_ is not None else '?'}"
            out.append(
                f"The report prints {printed} for {c.defect_class} defects; ISO 2859-1 gives Ac {c.accept} / "
                f"Re {c.reject} for AQL {_aql(c.plan.aql)} with a sample of {c.plan.sample_size:,}."
            )
    for count in report.classes:
        agreed = standard.aql.for_class(count.defect_class)
        if count.aql != agreed:
            out.append(
                f"The report applies AQL {_aql(count.aql)} to {count.defect_class} defects; the agreed AQL is "
                f"{_aql(agreed)}, which is the one the app uses."
            )
    if report.level != standard.aql.level:
        out.append(
            f"The report uses inspection level {report.level}; the agreed level is {standard.aql.level}, "
            "which is the one the app uses."
        )
    if report.severity != severity:
        out.append(f"The report uses {report.severity} inspection; the supplier's severity in force is {severity}, "
                   "which is the one the app uses.")
    missing = [c for c in DEFECT_CLASSES if report.count(c) is None]
    if missing:
        out.append(
            f"The report gives no count for {' or '.join(missing)} defects, so the app cannot judge "
            f"{'that class' if len(missing) == 1 else 'those classes'}."
        )
    if report.findings:
        for count in report.classes:
            listed = sum(f.units for f in report.findings if f.defect_class == count.defect_class)
            if listed != count.found:
                out.append(
                    f"The findings list {listed} {count.defect_class} defects but the report counts {count.found}."
                )
    for what, named, agreed in (("supplier", report.supplier, case.supplier), ("product", report.product, case.product)):
        if named and _words(named) != _words(agreed):
            out.append(f"The report names the {what} {named!r}; the case's {what} is {agreed!r}: check it is this order's report.")
    return out


def _words(text: str) -> str:
    # the same name written with other capitals or spacing is the same name
    return " ".join(text.casefold().split())


def _summary(classes: list[ClassReading], complete: bool, report: Report) -> str:
    failed = [c for c in classes if not c.passed]
    if not complete:
        return f"The inspection is {report.verdict}: no verdict yet, so nothing passes."
    if not failed:
        return "Every class is within its acceptance number: the lot passes by ISO 2859-1."
    parts = ", ".join(f"{c.defect_class} {c.found} found / Re {c.reject} ({c.band})" for c in failed)
    return f"The lot fails by ISO 2859-1: {parts}."


def diagnose_in_case(state, report: Report, settings: Settings = DEFAULT_SETTINGS) -> Diagnosis:
    """`diagnose` with the case's earlier inspections and the lot in question, as every
    view reads a report."""
    ordered = inspections(state)
    index = next(i for i, r in enumerate(ordered) if r.id == report.id)
    return diagnose(state.case, report, settings, earlier=[judge(state, r) for r in ordered[:index]],
                    judgement=judge(state, report))
