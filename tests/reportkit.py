"""Reports for the diagnosis, options and import tests (the case is conftest's PO/2026/114)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from casefile.records.report import Report

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
FIRST_FAILED = EXAMPLES / "report-first-failed.json"
REINSPECTION_PASSED = EXAMPLES / "report-reinspection-passed.json"


def make_report(critical: int = 0, major: int = 0, minor: int = 0, *, findings=None, **over) -> Report:
    """Lot 3,000, level II, sample 125 (code K: critical Ac 0/Re 1, major 7/8, minor 10/11)."""
    data = dict(
        date="2026-11-20", company="Asia Quality Inspections Ltd.", lot_size=3000, sample_size=125,
        verdict="fail" if (critical or major > 7 or minor > 10) else "pass",
        classes=[
            {"defect_class": "critical", "aql": "0", "found": critical},
            {"defect_class": "major", "aql": "2.5", "found": major},
            {"defect_class": "minor", "aql": "4.0", "found": minor},
        ],
        findings=findings if findings is not None else [],
    )
    data.update(over)
    return Report.model_validate(data)


def scattered(cls: str, found: int, per_type: int = 5) -> list[dict]:
    """`found` defects of one class spread over types of at most `per_type` units each."""
    out, n = [], 0
    while found > 0:
        units = min(per_type, found)
        out.append({"defect_type": f"{cls} fault {n}", "defect_class": cls, "units": units})
        found -= units
        n += 1
    return out


def systematic(cls: str, found: int) -> list[dict]:
    """`found` defects of one class, all one type (systematic from 13 of 125 units)."""
    return [{"defect_type": f"{cls} process fault", "defect_class": cls, "units": found}] if found else []


def example(path: Path = FIRST_FAILED) -> dict:
    return copy.deepcopy(json.loads(path.read_text(encoding="utf-8")))
