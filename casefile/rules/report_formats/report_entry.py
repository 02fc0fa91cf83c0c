"""A report typed in from the summary page of an inspector's PDF (the report form, and
`casefile report`): the fields as typed, turned into Casefile's report format, so that it
is checked by exactly the import's rules and refused in the import's words
(casefile/rules/report_formats/casefile_report.py). Pure."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import Field

from casefile.records.case import DEFECT_CLASSES, Case
from casefile.rules.judgement import class_verdicts, needed_sample
from casefile.rules.report_formats.casefile_report import FORMAT, build_report
from casefile.values.model import Model

# the words a form or a command offers for a point, and the format's
POINT_RESULTS = {"conforms": "conforms", "does-not": "does-not-conform", "does-not-conform": "does-not-conform",
                 "not-checked": "not-checked"}
SOURCE = "typed in"


class FindingEntry(Model):
    defect_type: str
    defect_class: str
    units: str | int
    cartons: str | int | None = None


class ReportEntry(Model):
    """The fields as typed; only their shape here: the report format judges their values."""

    date: str
    company: str
    inspector: str = ""
    kind: Literal["first", "re-inspection"] | None = None  # default: first while the case has no report
    lot_size: str | int | None = None  # default: the order quantity
    sample_size: str | int | None = None  # default: the plan's n for the lot and the case's level
    level: str | None = None  # default: the case's
    cartons_sampled: str | int | None = None
    found: dict[str, str | int] = Field(default_factory=dict)  # per class
    findings: list[FindingEntry] = Field(default_factory=list)
    points: dict[str, str] = Field(default_factory=dict)  # spec or golden-sample key -> a POINT_RESULTS word
    verdict: Literal["pass", "fail"] | None = None  # the inspector's; default: the app's by the tables


def report_file_data(entry: ReportEntry, case: Case) -> dict[str, Any]:
    """`entry` as a report in Casefile's format, the case's AQLs applied, defaults filled in."""
    lot = case.quantity if entry.lot_size is None else entry.lot_size
    data: dict[str, Any] = {
        "format": FORMAT, "date": entry.date.strip(), "company": entry.company, "inspector": entry.inspector,
        "lot_size": lot, "level": entry.level or case.aql.level,
        # the case's AQL for each class (an unknown class any valid one: the format names the class)
        "classes": {cls: {"aql": format(case.aql.for_class(cls).normalize(), "f") if cls in DEFECT_CLASSES else "0",
                          "found": n} for cls, n in entry.found.items()},
        "findings": [{"defect_type": f.defect_type, "class": f.defect_class, "units": f.units,
                      **({"cartons": f.cartons} if f.cartons is not None else {})} for f in entry.findings],
        "spec_checks": [{"point": key, "result": POINT_RESULTS.get(result.strip(), result)}
                        for key, result in entry.points.items()],
    }
    if entry.kind:
        data["kind"] = entry.kind
    if entry.cartons_sampled is not None:
        data["cartons_sampled"] = entry.cartons_sampled
    sample = entry.sample_size
    if sample is None and str(lot).strip().isdigit():
        sample = _plan_sample(case, int(str(lot).strip()))
    if sample is not None:
        data["sample_size"] = sample
    data["verdict"] = entry.verdict or _app_verdict(data, case)
    return data


def _plan_sample(case: Case, lot: int) -> int | None:
    try:
        return needed_sample(case.standard, lot)
    except (KeyError, ValueError):  # a lot no table covers: the format says why
        return None


def _app_verdict(data: dict[str, Any], case: Case) -> str:
    """The verdict by the tables, for a report whose inspector's verdict was not typed: the
    report is checked as it will be on saving (InputError in the import's words)."""
    report = build_report({**data, "verdict": "fail"}, case)
    failed = any(not v.passed for v in class_verdicts(case.standard, report))
    failed = failed or any(s.result == "does-not-conform" for s in report.spec_checks)
    return "fail" if failed else "pass"


def entry_bytes(data: dict[str, Any]) -> bytes:
    """The report's canonical bytes: the same fields typed again give the same report id."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
