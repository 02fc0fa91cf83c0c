"""Inspectorio Sight reports (`GET /api/v1/reports/:report_id`) read as Casefile reports.

Pure functions, no I/O: `looks_like_inspectorio(data)` tells whether parsed JSON is such a
report (the API's `{"data": {...}}` response or the object inside it), and
`to_report_file(data)` returns it as a dict in Casefile's own format (docs/report-format.md),
which is then validated by `build_report` like any other report file.

The field names are Inspectorio's published schema; docs/report-format.md ("Inspectorio
Sight reports") gives the source and the mapping. What cannot be mapped without guessing is
refused. Every problem is collected and raised at once as one InputError, each with its path
in Inspectorio's own terms (`inspectionDefectList[3].clarification`), counted from the
report object (inside `data` when the file is the whole API response).
"""

from __future__ import annotations

import json
import re
from datetime import date as Date
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter, ValidationError

from casefile.records.case import DEFECT_CLASSES
from casefile.values.aql import SamplingPlanError, parse_aql
from casefile.values.errors import InputError
from casefile.values.numbers import COMMA_RULE, whole_digits
from casefile.values.text import Line, OptionalLine, Text

NAME = "Inspectorio Sight"
# Keys only an Inspectorio report object has; a Casefile report has none of them.
SIGNATURE = ("inspectionGeneral", "inspectionStandards", "inspectionDefectList")
MAX_DIGITS = 12  # no lot or sample has a 13-digit count; longer is a mistake, not a number

_RESULTS = {"pass": "pass", "passed": "pass", "fail": "fail", "failed": "fail",
            "pending": "pending", "abort": "aborted", "aborted": "aborted"}
_ROMAN = {"I": "I", "II": "II", "III": "III", "1": "I", "2": "II", "3": "III"}
_TEXT = {kind: TypeAdapter(kind) for kind in (Line, OptionalLine, Text)}


def looks_like_inspectorio(data: Any) -> bool:
    return _report_object(data) is not None


def to_report_file(data: Any) -> dict[str, Any]:
    """The report in Casefile's format; InputError listing every problem with its path."""
    report = _report_object(data)
    if report is None:
        raise InputError(f"not an {NAME} report: it has none of {', '.join(SIGNATURE)}")
    r = _Reader()
    general = r.obj(report, "inspectionGeneral", "inspectionGeneral", required=True)
    standard, at = _the_standard(r, report)
    defects = _defects(r, report, standard.get("group"))
    out: dict[str, Any] = {
        "date": _date(r, general),
        "company": r.text(general, "executor.name", Line, required=True),
        "inspector": r.text(general, "inspector.name", OptionalLine) or "",
        "supplier": r.text(general, "vendor.name", OptionalLine) or "",
        "lot_size": r.count_at(standard, "availableQuantity", at, required=bool(standard)),
        "sample_size": _sample_size(r, report, standard, at),
        "level": _level(r, standard, at),
        "classes": _classes(r, standard, at, defects),
        "findings": [f for f in defects.findings if f["units"]],  # an entry found 0 times is no finding
        "verdict": _verdict(r, general),
        "note": _note(r, general, standard, at),
    }
    po = _po(r, general)
    if po is not None:
        out["po"] = po
    if r.problems:
        raise InputError("; ".join(r.problems))
    return out


def _report_object(data: Any) -> dict | None:
    if not isinstance(data, dict):
        return None
    inner = data.get("data")
    if isinstance(inner, dict) and any(k in inner for k in SIGNATURE):
        return inner  # the API's response envelope
    return data if any(k in data for k in SIGNATURE) else None


class _Reader:
    """Reads untrusted values by path and collects what is wrong instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, text: str) -> None:
        self.problems.append(f"{path}: {text}")

    def get(self, parent: dict, dotted: str, base: str) -> tuple[Any, str]:
        """The value at `dotted` below `parent` (None when absent) and its full path."""
        value: Any = parent
        path = base
        for key in dotted.split("."):
            if not isinstance(value, dict):
                return None, f"{path}.{key}"
            value, path = value.get(key), f"{path}.{key}"
        return value, path

    def obj(self, parent: dict, key: str, path: str, *, required: bool = False) -> dict:
        value = parent.get(key)
        if isinstance(value, dict):
            return value
        if value is None:
            if required:
                self.fail(path, "is missing")
        else:
            self.fail(path, f"expected an object {{...}}, got {_show(value)}")
        return {}

    def text(self, parent: dict, dotted: str, kind: Any, *, required: bool = False, base: str = "inspectionGeneral") -> str | None:
        value, path = self.get(parent, dotted, base)
        if value is None:
            if required:
                self.fail(path, "is missing")
            return None
        if not isinstance(value, str):
            self.fail(path, f"expected text, got {_show(value)}")
            return None
        if kind is not Text:
            value = " ".join(value.split())  # a name broken over lines is still one name
        try:
            return _TEXT[kind].validate_python(value)
        except ValidationError as exc:
            self.fail(path, _first_message(exc))
            return None

    def count(self, value: Any, path: str, *, required: bool = False) -> int | None:
        """A whole number given as a JSON number or as text ("125", " 125 "); nothing ambiguous."""
        if value is None:
            if required:
                self.fail(path, "is missing")
            return None
        number = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and (digits := whole_digits(value)) is not None:
            digits = digits.lstrip("0") or "0"
            number = int(digits) if len(digits) <= MAX_DIGITS else 10 ** MAX_DIGITS  # never int() a huge string
        if number is None:
            hint = f" ({COMMA_RULE})" if isinstance(value, str) and "," in value else ""
            self.fail(path, f"expected a whole number such as 125 or \"125\", got {_show(value)}{hint}")
            return None
        if number < 0:
            self.fail(path, f"a count cannot be negative, got {number}")
            return None
        if number >= 10 ** MAX_DIGITS:
            self.fail(path, f"{_show(value)} is too large for a count")
            return None
        return number

    def count_at(self, parent: dict, key: str, base: str, *, required: bool = False) -> int | None:
        return self.count(parent.get(key), f"{base}.{key}", required=required)


def _the_standard(r: _Reader, report: dict) -> tuple[dict, str]:
    """The one AQL standard the report was judged by, and its path."""
    path = "inspectionStandards"
    standards = report.get(path)
    if standards is None:
        r.fail(path, "is missing: it holds the AQL, the defect counts and the lot size")
        return {}, f"{path}[0]"
    if not isinstance(standards, list) or not standards:
        r.fail(path, f"expected a list with one AQL standard, got {_show(standards)}")
        return {}, f"{path}[0]"
    if len(standards) > 1:
        groups = ", ".join(_show(s.get("group")) if isinstance(s, dict) else "?" for s in standards)
        r.fail(path, f"the report judges {len(standards)} groups of defects separately ({groups}) and Casefile "
                     "reads one AQL standard per report: the counts cannot be combined without changing the verdict")
        return {}, f"{path}[0]"
    at = f"{path}[0]"
    standard = standards[0]
    if not isinstance(standard, dict):
        r.fail(at, f"expected an object {{...}}, got {_show(standard)}")
        return {}, at
    kind = standard.get("determineType")
    if kind is not None and (not isinstance(kind, str) or kind.strip().casefold() != "aqltable"):
        r.fail(f"{at}.determineType", f"{_show(kind)} is not \"aqlTable\": Casefile reads reports judged by an AQL table")
    if standard.get("doubleSampling") is True:
        r.fail(f"{at}.doubleSampling", "the report used double sampling: Casefile judges by ISO 2859-1 single sampling")
    return standard, at


class _Defects:
    def __init__(self) -> None:
        self.listed = False  # the report lists its defects (then their sum must match defectFound)
        self.unreadable = False  # an entry could not be counted (reported), so the sums are not the report's
        self.per_class = dict.fromkeys(DEFECT_CLASSES, 0)
        self.findings: list[dict[str, Any]] = []


def _defects(r: _Reader, report: dict, group: Any) -> _Defects:
    out = _Defects()
    entries = report.get("inspectionDefectList")
    if entries is None:
        return out
    if not isinstance(entries, list):
        r.fail("inspectionDefectList", f"expected a list, got {_show(entries)}")
        return out
    out.listed = bool(entries)
    for i, entry in enumerate(entries):
        at = f"inspectionDefectList[{i}]"
        if not isinstance(entry, dict):
            r.fail(at, f"expected an object {{...}}, got {_show(entry)}")
            continue
        cls = _clarification(r, entry.get("clarification"), f"{at}.clarification")
        units = r.count_at(entry, "totalDefects", at, required=True)
        name_key = next((k for k in ("defectName", "description", "defectCode")
                         if isinstance(entry.get(k), str) and entry[k].strip()), "defectName")
        name = r.text(entry, name_key, Line, required=True, base=at)
        note = r.text(entry, "comment", Text, base=at) or ""
        theirs = entry.get("group")
        if isinstance(theirs, str) and isinstance(group, str) and theirs.strip().casefold() != group.strip().casefold():
            r.fail(f"{at}.group", f"{_show(theirs)} is not the group the AQL standard judges ({_show(group)})")
        if cls is None or units is None:
            out.unreadable = True
        if cls is None or units is None or name is None:
            continue
        out.per_class[cls] += units
        out.findings.append({"defect_type": name, "class": cls, "units": units, "note": note})
    return out


def _clarification(r: _Reader, value: Any, path: str) -> str | None:
    text = value.strip().casefold() if isinstance(value, str) else None
    if text in DEFECT_CLASSES:
        return text
    r.fail(path, f"{_show(value)} is not critical, major or minor" if value is not None else "is missing")
    return None


def _classes(r: _Reader, standard: dict, at: str, defects: _Defects) -> dict[str, Any]:
    aql = r.obj(standard, "aql", f"{at}.aql", required=bool(standard))
    found = r.obj(standard, "defectFound", f"{at}.defectFound")
    allowed = r.obj(standard, "maxAllowed", f"{at}.maxAllowed")
    out: dict[str, Any] = {}
    for cls in DEFECT_CLASSES:
        threshold = _aql(r, aql.get(cls), f"{at}.aql.{cls}") if aql else None
        stated = r.count(found.get(cls), f"{at}.defectFound.{cls}")
        listed = defects.per_class[cls] if defects.listed and not defects.unreadable else None
        if stated is not None and listed is not None and stated != listed:
            r.fail(f"{at}.defectFound.{cls}",
                   f"says {stated} {cls} defects but the {cls} entries of inspectionDefectList add up to {listed} "
                   "(totalDefects): the report contradicts itself, correct one of them")
        count = stated if stated is not None else listed
        if count is None and standard and not defects.unreadable:
            r.fail(f"{at}.defectFound.{cls}", "is missing and inspectionDefectList is empty: no count for this class")
        accept = r.count(allowed.get(cls), f"{at}.maxAllowed.{cls}")
        if threshold is not None and count is not None:
            out[cls] = {"aql": threshold, "found": count, "accept": accept,
                        "reject": None if accept is None else accept + 1}
    return out


def _aql(r: _Reader, value: Any, path: str) -> str | None:
    if value is None:
        r.fail(path, "is missing")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = repr(value)  # 2.5 as a JSON number is unambiguous for a table column
    try:
        return format(parse_aql(value), "f")
    except SamplingPlanError as exc:
        r.fail(path, str(exc))
        return None


def _level(r: _Reader, standard: dict, at: str) -> str | None:
    """ISO 2859-1's level from "ii", "II", "Level II", "GII", "G-2", "S-2", "Special 3"..."""
    aql = standard.get("aql")
    if not isinstance(aql, dict):
        return None  # reported with the AQL
    path = f"{at}.aql.aqlLevel"
    value = aql.get("aqlLevel")
    if value is None:
        r.fail(path, "is missing: give the inspection level the report used, e.g. \"II\"")
        return None
    t = re.sub(r"[^A-Z0-9]", "", value.upper()) if isinstance(value, str) else ""
    t = t.replace("INSPECTION", "").replace("LEVEL", "").replace("GENERAL", "G").replace("SPECIAL", "S")
    t = re.sub(r"^([GS])\1", r"\1", t)  # "Special S-2" says it twice
    if t in ("I", "II", "III"):
        return t
    if t[:1] == "G" and t[1:] in _ROMAN:
        return _ROMAN[t[1:]]
    if t[:1] == "S" and t[1:] in ("1", "2", "3", "4"):
        return f"S-{t[1:]}"
    if t in ("1", "2", "3"):
        r.fail(path, f"{_show(value)} is ambiguous: general level {_ROMAN[t]} or special level S-{t}? "
                     "write \"II\" or \"S-2\"")
    else:
        r.fail(path, f"{_show(value)} is not an ISO 2859-1 inspection level: I, II, III, S-1, S-2, S-3 or S-4")
    return None


def _sample_size(r: _Reader, report: dict, standard: dict, at: str) -> int | None:
    """The sample drawn: inspectionSampleSelection, else the standard's sampleSizeCategory."""
    for path, rows in (("inspectionSampleSelection", report.get("inspectionSampleSelection")),
                       (f"{at}.sampleSizeCategory", standard.get("sampleSizeCategory"))):
        if rows is None or rows == []:
            continue
        if not isinstance(rows, list):
            r.fail(path, f"expected a list, got {_show(rows)}")
            return None
        sizes = {}
        for i, row in enumerate(rows):
            value = row.get("sampleSize") if isinstance(row, dict) else None
            size = r.count(value, f"{path}[{i}].sampleSize", required=True)
            if size is not None:
                sizes.setdefault(size, f"{path}[{i}].sampleSize")
        if len(sizes) > 1:
            r.fail(path, f"the sample sizes differ ({', '.join(map(str, sizes))}): Casefile reads one sample per report")
            return None
        return next(iter(sizes), None)
    if standard:
        r.fail("inspectionSampleSelection[0].sampleSize", "is missing: no sample size in the report")
    return None


def _date(r: _Reader, general: dict) -> str | None:
    """The day the inspection was done, as written: inspectionDate, else actualInspectionDate."""
    for key in ("inspectionDate", "actualInspectionDate"):
        value = general.get(key)
        if value is None:
            continue
        path = f"inspectionGeneral.{key}"
        m = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})(?:[ T][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*", value) if isinstance(value, str) else None
        try:
            return Date.fromisoformat(m.group(1)).isoformat() if m else _bad_date(r, path, value)
        except ValueError:
            return _bad_date(r, path, value)
    r.fail("inspectionGeneral.inspectionDate", "is missing (and so is actualInspectionDate): no date for the inspection")
    return None


def _bad_date(r: _Reader, path: str, value: Any) -> None:
    r.fail(path, f"expected a date such as \"2026-11-20\" or \"2026-11-20 08:27:20+00:00\", got {_show(value)}")


def _verdict(r: _Reader, general: dict) -> str | None:
    status = general.get("status")
    if status is not None:
        said = status.strip().casefold() if isinstance(status, str) else None
        if said in ("in-progress", "in progress"):
            r.fail("inspectionGeneral.status", "\"in-progress\": the inspection is not finished, so its counts are "
                                               "not final; import the report once Inspectorio shows it completed")
            return None
        if said == "pending":
            return "pending"  # awaiting review: its failures count, it never passes
        if said not in ("completed", "complete"):
            r.fail("inspectionGeneral.status", f"{_show(status)} is not completed, pending or in-progress")
            return None
    value = general.get("inspectionResult")
    result = _RESULTS.get(value.strip().casefold()) if isinstance(value, str) else None
    if result is None:
        r.fail("inspectionGeneral.inspectionResult",
               "is missing" if value is None else f"{_show(value)} is not pass, fail, pending or aborted")
    return result


def _po(r: _Reader, general: dict) -> str | None:
    """The order's number, when the report is about one order; a report on several is refused."""
    numbers: dict[str, str] = {}
    own = r.text(general, "poNumber", OptionalLine)
    if own:
        numbers[own] = "inspectionGeneral.poNumber"
    pos = general.get("pos")
    if isinstance(pos, list):
        for i, row in enumerate(pos):
            number = r.text(row, "poNumber", OptionalLine, base=f"inspectionGeneral.pos[{i}]") if isinstance(row, dict) else None
            if number:
                numbers.setdefault(number, f"inspectionGeneral.pos[{i}].poNumber")
    elif pos is not None:
        r.fail("inspectionGeneral.pos", f"expected a list, got {_show(pos)}")
    if len(numbers) > 1:
        r.fail("inspectionGeneral.pos", f"the report covers {len(numbers)} orders ({', '.join(map(_show, numbers))}); "
                                        "Casefile keeps one case per order and cannot split the counts between them")
        return None
    return next(iter(numbers), None)


def _note(r: _Reader, general: dict, standard: dict, at: str) -> str:
    """What has no field of its own: where the report came from, and Inspectorio's own AQL counts."""
    ids = [f"{what} {value}" for what, value in (
        ("case number", r.text(general, "caseNumber", OptionalLine)),
        ("report id", r.text(general, "inspectionId", OptionalLine)),
    ) if value]
    lines = [f"Read from an {NAME} report" + (f" ({', '.join(ids)})" if ids else "") + "."]
    counted = r.obj(standard, "countedForAql", f"{at}.countedForAql")
    found = standard.get("defectFound")
    for cls in DEFECT_CLASSES:
        n = r.count(counted.get(cls), f"{at}.countedForAql.{cls}")
        of = _Reader().count(found.get(cls), "") if isinstance(found, dict) else None  # its problems: see _classes
        if n is not None and of is not None and n != of:
            lines.append(f"Inspectorio counted {n} of the {of} {cls} defects found towards its AQL verdict.")
    return " ".join(lines)


def _first_message(exc: ValidationError) -> str:
    msg = exc.errors()[0]["msg"]
    return msg.removeprefix("Value error, ")


def _show(value: Any) -> str:
    """A value from the file, quoted, with anything unprintable escaped, cut to a readable length."""
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, Decimal) else str(value)
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= 60 else text[:57] + "…"
