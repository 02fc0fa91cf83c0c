"""Casefile's own report file format: JSON (and optionally a CSV of findings) read into a
Report, validated against the case's standard. Pure: the import action reads the files
(casefile/actions/import_report.py).

The format is documented in docs/report-format.md. Every problem is reported at once,
each naming its JSON path (`classes.major.found`) or CSV line and column, and saying
what is expected. Nothing is stored unless the whole file is valid; importing the same
file again is a no-op (the report id is derived from the file's bytes).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from datetime import date as Date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Collection, Literal

from pydantic import BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from casefile.values import clock
from casefile.records.case import DEFECT_CLASSES, Case, DefectClass, Level, SpecPoint
from casefile.records.po import PONumber
from casefile.values.aql import parse_aql
from casefile.values.errors import InputError
from casefile.values.numbers import parse_whole, whole_digits
from casefile.values.model import Model
from casefile.values.text import Line, OptionalLine, Text
from casefile.values.units import MAX_UNITS, Count, LotSize, Positive
from casefile.rules.report_formats.inspectorio import (
    NAME as INSPECTORIO,
    looks_like_inspectorio,
    to_report_file,
)
from casefile.records.report import Report, Severity, Verdict
from casefile.values.untrusted import load_json

FORMAT = "casefile-report/1"
CSV_COLUMNS = ("defect_type", "class", "units", "cartons", "note")
CSV_REQUIRED = ("defect_type", "class", "units")


_COUNT_DIGITS = len(str(MAX_UNITS)) + 2  # longer is refused before it is read as a number


def _whole(v: object) -> object:
    """Counts: a JSON integer, or text/number that is unambiguously one (12, "12", "3,000", 12.0;
    never "12,5", see casefile/values/numbers.py).

    The count's own type (casefile.values.units) then checks its range."""
    if isinstance(v, bool):
        raise ValueError(f"expected a whole number such as 125, got {json.dumps(v)}")
    if isinstance(v, float):
        if abs(v) > MAX_UNITS:
            raise ValueError(f"at most {MAX_UNITS:,} units; got {v!r}")
        if not v.is_integer():
            raise ValueError(f"expected a whole number such as 125, got {v!r}")
        v = int(v)
    if isinstance(v, str):
        text = v.strip()
        negative = text.startswith("-")
        digits = whole_digits(text[1:] if negative else text)
        if digits is None:
            return parse_whole(v)  # raises, saying what is expected
        if len(digits) > _COUNT_DIGITS:
            raise ValueError(f"at most {MAX_UNITS:,} units; got a number of {len(digits):,} digits")
        v = -int(digits) if negative else int(digits)
    if isinstance(v, int) and v < 0:
        raise ValueError(f"a count cannot be negative, got {v}")
    return v


def _aql(v: object) -> Decimal:
    # 2.5 written as a JSON number is unambiguous for an AQL (a table key, not money)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = repr(v)
    return parse_aql(v)


def _date_text(v: object) -> object:
    # pydantic would read a JSON number as seconds since 1970
    if not isinstance(v, str):
        raise ValueError(f"expected a date as \"YYYY-MM-DD\", e.g. \"2026-11-20\"; got {json.dumps(v)}")
    return v


Whole = Annotated[Count, BeforeValidator(_whole)]
AQLIn = Annotated[Decimal, BeforeValidator(_aql)]


class _In(Model):
    model_config = ConfigDict(extra="forbid")


class ClassIn(_In):
    aql: AQLIn
    found: Whole
    accept: Whole | None = None  # as printed on the report
    reject: Whole | None = None


class FindingIn(_In):
    defect_type: Line
    class_: DefectClass = Field(alias="class")
    units: Annotated[Positive, BeforeValidator(_whole)]
    cartons: Whole | None = None
    note: Text = ""


class SpecCheckIn(_In):
    point: Line
    result: Literal["conforms", "does-not-conform", "not-checked"]
    note: Text = ""
    kind: Literal["spec", "golden-sample"] | None = None  # read only when the point is added to the case


class ReportFile(_In):
    format: Literal["casefile-report/1"] = FORMAT
    date: Annotated[Date, BeforeValidator(_date_text)]
    company: Line
    inspector: OptionalLine = ""
    po: PONumber | None = None  # the order the report is about; another order's report is refused
    supplier: OptionalLine = ""
    product: OptionalLine = ""
    kind: Literal["first", "re-inspection"] | None = None
    scope: Literal["lot", "sorted-lot", "replacements"] = "lot"
    lot_size: Annotated[LotSize, BeforeValidator(_whole)]
    sample_size: Annotated[Positive, BeforeValidator(_whole)]
    level: Level = "II"
    severity: Severity = "normal"
    cartons_sampled: Whole | None = None
    classes: dict[DefectClass, ClassIn]
    findings: list[FindingIn] = Field(default_factory=list)
    spec_checks: list[SpecCheckIn] = Field(default_factory=list)
    verdict: Verdict
    note: Text = ""


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in ("function-before", "function-after") and "[" not in str(part):
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _problem(e: dict, fields: dict[tuple, list[str]]) -> str:
    msg = e["msg"]
    for head in ("Value error, ", "Assertion failed, "):
        if msg.startswith(head):
            msg = msg[len(head):]
    kind = e["type"]
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        known = fields.get(tuple(p for p in e["loc"][:-1] if not isinstance(p, int)), [])
        return "is not a report field" + (f"; the fields here are {', '.join(known)}" if known else "")
    if kind.startswith("date_") and e["loc"][-1] == "date":
        return f"expected a real date as YYYY-MM-DD, e.g. 2026-11-20; got {e['input']!r}"
    if kind in ("literal_error", "enum") or "Input should be" in msg:
        return f"{msg[0].lower()}{msg[1:]}; got {json.dumps(e.get('input'), default=str)}"
    if kind == "greater_than_equal":
        return f"{msg[0].lower()}{msg[1:]}; got {e.get('input')}"
    if kind == "string_too_short" and (e.get("ctx") or {}).get("min_length") == 1:
        return "is empty; write it as the report gives it"
    return msg


def _fields(model) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


_KNOWN = {
    (): _fields(ReportFile), ("findings",): _fields(FindingIn), ("spec_checks",): _fields(SpecCheckIn),
}
_KNOWN.update({("classes", c): _fields(ClassIn) for c in DEFECT_CLASSES})


def describe_file_errors(err: ValidationError, prefix: str = "") -> list[str]:
    """`path: what is wrong and what is expected`, one per problem."""
    return [f"{prefix}{_where(e['loc'])}: {_problem(e, _KNOWN)}" for e in err.errors()]


def parse_report_json(raw: bytes, path: Path | str) -> Any:
    """A report file's JSON object; InputError on anything that is not one (`path`: the
    file's, for the messages)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    try:
        data = load_json(text, object_pairs_hook=_Object.of, parse_constant=_no_constant, parse_int=_count)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except ValueError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object {{...}} describing one report, got a {type(data).__name__}")
    return data


class _Object(dict):
    """A JSON object that remembers the keys it gave more than once (the first value is kept,
    and the import refused), so each can be named with its path among the other problems."""

    repeated: tuple[str, ...] = ()

    @classmethod
    def of(cls, pairs: list[tuple[str, Any]]) -> "_Object":
        obj, repeated = cls(), []
        for key, value in pairs:
            if key in obj:
                repeated.append(key)
            else:
                obj[key] = value
        obj.repeated = tuple(repeated)
        return obj


def repeated_keys(data: Any) -> list[str]:
    """`path: the key "k" appears twice` for every key an object of `data` repeats."""
    problems, stack = [], [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key in dict.fromkeys(getattr(value, "repeated", ())):
                problems.append(f"{path or '(top level)'}: the key {json.dumps(key)} appears twice; keep one")
            stack.extend((v, f"{path}.{k}" if path else str(k)) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(value))))
    return problems


def _count(text: str) -> int:
    # Python refuses to read an integer of over 4,300 digits, in words meant for programmers
    if len(text.lstrip("-")) > _COUNT_DIGITS:
        raise ValueError(f"a number of {len(text):,} digits is not a count; counts are at most {MAX_UNITS:,}")
    return int(text)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows; write a count or a string")


def parse_findings_csv(raw: bytes, name: str) -> list[dict[str, Any]]:
    """Findings rows from a CSV's bytes with a header line (columns: see CSV_COLUMNS);
    `name`: the file's, for the messages."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{name}: the file is empty; line 1 must be the header {','.join(CSV_COLUMNS)}") from None
    except csv.Error as exc:
        raise InputError(f"{name} line 1: {exc}") from None
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise InputError(f"{name} line 1: unknown column {unknown[0]!r}; the columns are {', '.join(CSV_COLUMNS)}")
    twice = [h for i, h in enumerate(header) if h in header[:i]]
    if twice:  # the JSON refuses a key given twice; a second column must not win silently either
        raise InputError(f"{name} line 1: the column {twice[0]!r} appears twice; keep one")
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise InputError(f"{name} line 1: the header has no {missing[0]!r} column; required: {', '.join(CSV_REQUIRED)}")
    rows, problems = [], []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(f"{name} line {line}: {len(cells)} cells, the header has {len(header)}")
                continue
            row = {h: c.strip() for h, c in zip(header, cells) if c.strip() or h in CSV_REQUIRED}
            try:
                rows.append(FindingIn.model_validate(row).model_dump(by_alias=True))
            except ValidationError as exc:
                for e in exc.errors():
                    col = e["loc"][0] if e["loc"] else "row"
                    num = header.index(col) + 1 if col in header else "?"
                    problems.append(f"{name} line {line}, column {num} ({col}): {_problem(e, _KNOWN)}")
    except csv.Error as exc:
        problems.append(f"{name} line {reader.line_num}: {exc}")
    if problems:
        raise InputError("; ".join(problems))
    return rows


def report_id_for(po: str, *blobs: bytes) -> str:
    """The same files imported into the same case give the same id: a retry is a no-op."""
    h = hashlib.sha256(po.encode("utf-8"))
    for blob in blobs:
        h.update(hashlib.sha256(blob).digest())
    return h.hexdigest()[:32]


def build_report(
    data: dict[str, Any],
    case: Case,
    *,
    findings: list[dict[str, Any]] | None = None,
    first: bool = True,
    report_id: str | None = None,
    source: str = "",
    problems: list[str] | None = None,
) -> Report:
    """Validate `data` (parsed JSON) against the format and the case's standard.

    `findings` (rows from a CSV) replace the file's findings, which must then be empty.
    `first` is whether the case has no report yet (the default `kind`). `problems` found
    before (a findings CSV's, say) are reported with the rest.
    Raises InputError listing every problem, each with its path: the file's repeated keys,
    its format errors, and how it disagrees with the case, all in one pass.
    """
    problems = [*(problems or []), *repeated_keys(data)]
    if findings is not None and data.get("findings"):
        problems.append("findings: the JSON lists findings and a findings CSV was given too; give them in one place")
    elif findings is not None:
        data = {**data, "findings": findings}
    try:
        parsed = ReportFile.model_validate(data)
        parts = {name: getattr(parsed, name) for name in ReportFile.model_fields}
    except ValidationError as exc:
        parsed = None
        problems += describe_file_errors(exc)
        parts = _valid_parts(data)  # the case is checked against what can be read
    problems += _against_case(parts, case)
    if problems or parsed is None:
        raise InputError("; ".join(problems))
    report_data = {
        "date": parsed.date, "company": parsed.company, "inspector": parsed.inspector,
        "supplier": parsed.supplier, "product": parsed.product,
        "kind": parsed.kind or ("first" if first else "re-inspection"), "scope": parsed.scope,
        "lot_size": parsed.lot_size, "sample_size": parsed.sample_size, "level": parsed.level,
        "severity": parsed.severity, "cartons_sampled": parsed.cartons_sampled,
        "classes": [
            {"defect_class": cls, "aql": parsed.classes[cls].aql, "found": parsed.classes[cls].found,
             "inspector_accept": parsed.classes[cls].accept, "inspector_reject": parsed.classes[cls].reject}
            for cls in DEFECT_CLASSES
        ],
        "findings": [
            {"defect_type": f.defect_type, "defect_class": f.class_, "units": f.units, "cartons": f.cartons, "note": f.note}
            for f in parsed.findings
        ],
        "spec_checks": [
            {"point": s.point, "kind": case.spec_point(s.point).kind, "result": s.result, "note": s.note}
            for s in parsed.spec_checks
        ],
        "verdict": parsed.verdict, "note": parsed.note, "source": source[-200:],
        "standard": case.standard,  # judged by it from now on, whatever the case says later
    }
    if report_id:
        report_data["id"] = report_id
    try:
        return Report.model_validate(report_data)
    except ValidationError as exc:
        raise InputError("; ".join(_report_errors(exc))) from None


def _report_errors(err: ValidationError) -> list[str]:
    # Report's own checks (date, AQL values) name Report fields; map back to the file's paths.
    out = []
    for e in err.errors():
        loc = list(e["loc"])
        if loc[:1] == ["classes"] and len(loc) >= 3:
            loc = ["classes", DEFECT_CLASSES[loc[1]], *(["aql"] if loc[2] == "aql" else loc[2:])]
        out.append(f"{_where(tuple(loc))}: {_problem(e, _KNOWN)}")
    return out


def _valid_parts(data: dict[str, Any]) -> dict[str, Any]:
    """Each field of a report file that is valid on its own (None where it is not; the
    classes, findings and spec checks item by item and field by field), to check against
    the case a file whose other fields are wrong: every problem is then reported in one pass."""
    parts = vars(_fields_valid_alone(ReportFile, data, skip=("classes", "findings", "spec_checks")))
    classes, findings, checks = data.get("classes"), data.get("findings"), data.get("spec_checks")
    parts["classes"] = ({k: _fields_valid_alone(ClassIn, v) for k, v in classes.items() if k in DEFECT_CLASSES}
                        if isinstance(classes, dict) else None)
    parts["findings"] = [_fields_valid_alone(FindingIn, v) for v in findings] if isinstance(findings, list) else []
    parts["spec_checks"] = [_fields_valid_alone(SpecCheckIn, v) for v in checks] if isinstance(checks, list) else []
    return parts


def _fields_valid_alone(model, data: Any, skip: tuple[str, ...] = ()) -> SimpleNamespace:
    """The fields of `model` in `data`, each validated on its own: None where it is not valid."""
    data = data if isinstance(data, dict) else {}
    out = {}
    for name, f in model.model_fields.items():
        key = f.alias or name
        out[name] = None if f.is_required() else f.get_default(call_default_factory=True)
        if key in data and name not in skip:
            try:
                out[name] = _field_adapter(model, name).validate_python(data[key])
            except ValidationError:
                out[name] = None
    return SimpleNamespace(**out)


@functools.cache
def _field_adapter(model, name: str) -> TypeAdapter:
    f = model.model_fields[name]
    return TypeAdapter(Annotated[f.annotation, *f.metadata] if f.metadata else f.annotation)


# How a refusal offers to add the points a report checks and the case lacks: the app looks
# for it to offer the same in a question (screens/report.py).
ADD_POINTS = "import it with --add-points"


def _against_case(r: dict[str, Any], case: Case) -> list[str]:
    """How a report file's fields (`r`: name -> value, None where not valid) disagree with
    the case and with each other."""
    problems = []
    sample, lot, cartons = r.get("sample_size"), r.get("lot_size"), r.get("cartons_sampled")
    when = r.get("date")
    if when is not None and when > clock.latest_today():
        problems.append(f"date: {when.isoformat()} is in the future (today is {clock.today().isoformat()}); "
                        "an inspection cannot be dated later than today: check the date on the report")
    po = r.get("po")
    if po is not None and po != case.po:
        problems.append(f"po: the report is for order {po!r}, not {case.po!r}: import it into the case of {po!r}")
    classes = r.get("classes")
    for cls in DEFECT_CLASSES if classes is not None else ():
        if cls not in classes:
            problems.append(f"classes.{cls}: is missing; give every class, with \"found\": 0 when none were found")
    for cls, c in (classes or {}).items():
        if sample is not None and c.found is not None and c.found > sample:
            problems.append(f"classes.{cls}.found: {c.found} defects is more than the sample of {sample}")
        if c.accept is not None and c.reject is not None and c.reject <= c.accept:
            problems.append(f"classes.{cls}.reject: Re {c.reject} must be above Ac {c.accept}")
    if sample is not None and lot is not None and sample > lot:
        problems.append(f"sample_size: {sample:,} units sampled from a lot of {lot:,}; the sample is at most the lot")
    known = [p.key for p in case.spec_points]
    seen: set[str] = set()
    unknown = []
    for i, s in enumerate(r.get("spec_checks") or ()):
        if s.point is None:
            continue
        if case.spec_point(s.point) is None:
            keys = ", ".join(known) if known else "none: the case has no spec points"
            problems.append(f"spec_checks[{i}].point: {s.point!r} is not in the case's standard; known keys: {keys}")
            unknown.append(s.point)
        if s.point in seen:
            problems.append(f"spec_checks[{i}].point: {s.point!r} is checked twice; keep one line per point")
        seen.add(s.point)
    if unknown:
        problems.append(
            f"to add {', '.join(dict.fromkeys(unknown))} to the case's standard with the report's notes as their text, "
            f"{ADD_POINTS} (recorded in the history); or add them first with "
            f"`casefile edit {case.po} --spec KEY=TEXT --reason TEXT`, or correct the keys in the report"
        )
    for i, f in enumerate(r.get("findings") or ()):
        if sample is not None and f.units is not None and f.units > sample:
            problems.append(f"findings[{i}].units: {f.units} units is more than the sample of {sample}")
        if f.cartons is not None and cartons is not None and f.cartons > cartons:
            problems.append(f"findings[{i}].cartons: {f.cartons} cartons is more than the {cartons} sampled")
    return problems


def points_to_add(data: dict[str, Any], known: Collection[str]) -> list[SpecPoint]:
    """The spec and golden-sample points the report checks that are not `known` (keys), as
    points of the case: the report's note as their text (its first line), the kind the
    report gives (default spec). [] when there are none, or when the report is not valid
    (build_report then says why)."""
    try:
        parsed = ReportFile.model_validate(data)
    except ValidationError:
        return []
    out: dict[str, SpecPoint] = {}
    for s in parsed.spec_checks:
        if s.point not in known and s.point not in out:
            text = next((line.strip() for line in s.note.splitlines() if line.strip()), "")
            text = text[:200] or f"{s.point}, as the report of {parsed.date.isoformat()} names it"
            try:
                out[s.point] = SpecPoint(key=s.point, text=text, kind=s.kind or "spec")
            except ValidationError:
                continue  # not a key a case can hold: the refusal names it as unknown
    return list(out.values())


def case_fields(data: dict[str, Any], po: str) -> dict[str, Any]:
    """What a report knows of the order it inspected, as fields of a new case for `po`:
    supplier, product, quantity (the lot), the AQLs and level, the spec and golden-sample
    points it checks (their text from its notes). InputError when the report is not valid,
    or names another order."""
    try:
        parsed = ReportFile.model_validate(data)
    except ValidationError as exc:
        raise InputError("; ".join(describe_file_errors(exc))) from None
    if parsed.po is not None and parsed.po != po:
        raise InputError(f"po: the report is for order {parsed.po!r}, not {po!r}: open the case as {parsed.po!r}, "
                         "or check that this is the right report")
    out: dict[str, Any] = {"po": po, "quantity": parsed.lot_size}
    out.update({k: v for k, v in (("supplier", parsed.supplier), ("product", parsed.product)) if v})
    out["aql"] = {cls: format(c.aql.normalize(), "f") for cls, c in parsed.classes.items()} | {"level": parsed.level}
    out["spec_points"] = [p.model_dump(mode="json") for p in points_to_add(data, ())]
    return out


def in_our_format(data: dict[str, Any], path: Path | str) -> tuple[dict[str, Any], str]:
    """`data` in this module's format, and the name of the format it was read from ("" for ours).

    Our format is known by its `format` or any of its fields; an object with neither ours
    nor another known format's keys is refused naming both.
    """
    if data.keys() & _KNOWN[()]:
        return data, ""
    if looks_like_inspectorio(data):
        try:
            return to_report_file(data), INSPECTORIO
        except InputError as exc:
            raise InputError(f"{INSPECTORIO} report: {exc}") from None
    keys = ", ".join(sorted(repr(k)[:40] for k in data)[:8]) or "none"
    raise InputError(
        f"{path}: not a report Casefile can read; expected a Casefile report (\"format\": \"{FORMAT}\", with date, "
        f"company, classes, verdict...) or an {INSPECTORIO} report (the JSON of GET /api/v1/reports/:id, with "
        f"inspectionGeneral, inspectionStandards, inspectionDefectList); its keys: {keys}"
    )
