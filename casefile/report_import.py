"""Importing an inspection report from a JSON file (and optionally a CSV of findings).

The format is documented in docs/report-format.md. Every problem is reported at once,
each naming its JSON path (`classes.major.found`) or CSV line and column, and saying
what is expected. Nothing is stored unless the whole file is valid; importing the same
file again is a no-op (the report id is derived from the file's bytes).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date as Date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationError

from casefile import clock
from casefile.aql import parse_aql
from casefile.base import MAX_UNITS, Count, Line, LotSize, Model, OptionalLine, Positive, Text
from casefile.case import DEFECT_CLASSES, Case, DefectClass, Level, PONumber
from casefile.errors import InputError
from casefile.inspectorio import NAME as INSPECTORIO, looks_like_inspectorio, to_report_file
from casefile.reports import Report, Severity, Verdict
from casefile.untrusted import FileTooLarge, describe_os_error, load_json, read_regular

FORMAT = "casefile-report/1"
MAX_BYTES = 5_000_000
CSV_COLUMNS = ("defect_type", "class", "units", "cartons", "note")
CSV_REQUIRED = ("defect_type", "class", "units")


_COUNT_DIGITS = len(str(MAX_UNITS)) + 2  # longer is refused before it is read as a number


def _whole(v: object) -> object:
    """Counts: a JSON integer, or text/number that is unambiguously one (12, "12", "3,000", 12.0).

    The count's own type (casefile.base) then checks its range."""
    if isinstance(v, bool):
        raise ValueError(f"expected a whole number such as 125, got {json.dumps(v)}")
    if isinstance(v, float):
        if abs(v) > MAX_UNITS:
            raise ValueError(f"at most {MAX_UNITS:,} units; got {v!r}")
        if not v.is_integer():
            raise ValueError(f"expected a whole number such as 125, got {v!r}")
        v = int(v)
    if isinstance(v, str):
        text = v.strip().replace(",", "")
        if not text.lstrip("-").isdigit():
            raise ValueError(f"expected a whole number such as 125, got {v!r}")
        if len(text.lstrip("-")) > _COUNT_DIGITS:
            raise ValueError(f"at most {MAX_UNITS:,} units; got a number of {len(text):,} digits")
        v = int(text)
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


def read_json_file(path: Path | str) -> tuple[Any, bytes]:
    """The parsed JSON and the raw bytes; InputError on anything that is not a JSON object."""
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    try:
        data = load_json(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant, parse_int=_count)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except ValueError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object {{...}} describing one report, got a {type(data).__name__}")
    return data, raw


def _read_bytes(path: Path | str) -> bytes:
    """The file's bytes: a regular file of at most MAX_BYTES, whatever the path names."""
    try:
        return read_regular(path, MAX_BYTES)
    except FileTooLarge:
        raise InputError(f"{path}: too large for a report (at most {MAX_BYTES:,} bytes)") from None
    except OSError as exc:
        raise InputError(f"{path}: {describe_os_error(exc)}; give the path of the report file") from None
    except ValueError:  # os.open refuses a NUL in a path (the app's field can hold one)
        raise InputError(f"{path!r}: a path cannot hold a NUL character; give the path of the report file") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"the key {key!r} appears twice in one object; keep one")
        seen[key] = value
    return seen


def _count(text: str) -> int:
    # Python refuses to read an integer of over 4,300 digits, in words meant for programmers
    if len(text.lstrip("-")) > _COUNT_DIGITS:
        raise ValueError(f"a number of {len(text):,} digits is not a count; counts are at most {MAX_UNITS:,}")
    return int(text)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows; write a count or a string")


def read_findings_csv(path: Path | str) -> tuple[list[dict[str, Any]], bytes]:
    """Findings rows from a CSV with a header line (columns: see CSV_COLUMNS)."""
    raw = _read_bytes(path)
    name = Path(path).name
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
    return rows, raw


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
) -> Report:
    """Validate `data` (parsed JSON) against the format and the case's standard.

    `findings` (rows from a CSV) replace the file's findings, which must then be empty.
    `first` is whether the case has no report yet (the default `kind`).
    Raises InputError listing every problem, each with its path.
    """
    if findings is not None and data.get("findings"):
        raise InputError("findings: the JSON lists findings and a findings CSV was given too; give them in one place")
    if findings is not None:
        data = {**data, "findings": findings}
    try:
        parsed = ReportFile.model_validate(data)
    except ValidationError as exc:
        raise InputError("; ".join(describe_file_errors(exc))) from None
    problems = _against_case(parsed, case)
    today = clock.latest_today()
    if parsed.date > today:
        problems.insert(0, f"date: {parsed.date.isoformat()} is in the future (today is {clock.today().isoformat()}); "
                           "an inspection cannot be dated later than today: check the date on the report")
    if problems:
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


def _against_case(r: ReportFile, case: Case) -> list[str]:
    problems = []
    if r.po is not None and r.po != case.po:
        problems.append(f"po: the report is for order {r.po!r}, not {case.po!r}: import it into the case of {r.po!r}")
    for cls in DEFECT_CLASSES:
        if cls not in r.classes:
            problems.append(f"classes.{cls}: is missing; give every class, with \"found\": 0 when none were found")
    for cls, c in r.classes.items():
        if c.found > r.sample_size:
            problems.append(f"classes.{cls}.found: {c.found} defects is more than the sample of {r.sample_size}")
        if c.accept is not None and c.reject is not None and c.reject <= c.accept:
            problems.append(f"classes.{cls}.reject: Re {c.reject} must be above Ac {c.accept}")
    if r.sample_size > r.lot_size:
        problems.append(f"sample_size: {r.sample_size:,} units sampled from a lot of {r.lot_size:,}; the sample is at most the lot")
    known = [p.key for p in case.spec_points]
    seen: set[str] = set()
    for i, s in enumerate(r.spec_checks):
        if case.spec_point(s.point) is None:
            keys = ", ".join(known) if known else "none: the case has no spec points"
            problems.append(f"spec_checks[{i}].point: {s.point!r} is not in the case's standard; known keys: {keys}")
        if s.point in seen:
            problems.append(f"spec_checks[{i}].point: {s.point!r} is checked twice; keep one line per point")
        seen.add(s.point)
    for i, f in enumerate(r.findings):
        if f.units > r.sample_size:
            problems.append(f"findings[{i}].units: {f.units} units is more than the sample of {r.sample_size}")
        if f.cartons is not None and r.cartons_sampled is not None and f.cartons > r.cartons_sampled:
            problems.append(f"findings[{i}].cartons: {f.cartons} cartons is more than the {r.cartons_sampled} sampled")
    return problems


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


def import_report(ws, po: str, path: Path | str, findings_path: Path | str | None = None):
    """Validate the file(s) against the case on disk and append the report.

    Returns (new CaseState, Report, added) where `added` is False for a repeated import.
    """
    from casefile.store import Change  # the store imports the models this module builds

    data, raw = read_json_file(path)
    data, read_from = in_our_format(data, path)
    rows, csv_raw = read_findings_csv(findings_path) if findings_path is not None else (None, b"")
    rid = report_id_for(po, raw, csv_raw)
    source = Path(path).name + (f" + {Path(findings_path).name}" if findings_path is not None else "")
    built: list[tuple[Report, bool]] = []

    def change(state):
        existing = state.find("reports", rid)
        if existing is not None:
            built.append((existing, False))
            return Change("report already imported")
        try:
            report = build_report(data, state.case, findings=rows, first=not state.reports, report_id=rid, source=source)
        except InputError as exc:
            if not read_from:
                raise
            raise InputError(f"{read_from} report, read as a Casefile report (docs/report-format.md): {exc}") from None
        built.append((report, True))
        return Change("report imported", f"{report.kind} of {report.date:%-d %b %Y} by {report.company}: {report.verdict}", records=[report])

    state = ws.transact(po, change)
    report, added = built[-1]
    return state, report, added


def case_fields_from_report(data: dict[str, Any]) -> dict[str, Any]:
    """What a report (parsed, in our format) tells of its order, as Case fields: po, supplier
    and product when it names them, the lot as the quantity, the AQLs and level it applied,
    and each point it checked (the report's note as its text; a key starting with G is a
    golden-sample point, as in docs/report-format.md's examples). Unchecked: Case validates.
    """
    fields: dict[str, Any] = {k: data[k] for k in ("po", "supplier", "product") if isinstance(data.get(k), str)}
    if "lot_size" in data:
        fields["quantity"] = data["lot_size"]
    classes = data.get("classes") if isinstance(data.get("classes"), dict) else {}
    aql = {c: classes[c]["aql"] for c in DEFECT_CLASSES if isinstance(classes.get(c), dict) and "aql" in classes[c]}
    if "level" in data:
        aql["level"] = data["level"]
    if aql:
        fields["aql"] = {k: repr(v) if isinstance(v, float) else v for k, v in aql.items()}
    checks = data.get("spec_checks") if isinstance(data.get("spec_checks"), list) else []
    fields["spec_points"] = [
        {"key": c["point"], "text": str(c.get("note") or c["point"]).splitlines()[0][:200],
         "kind": "golden-sample" if str(c["point"]).upper().startswith("G") else "spec"}
        for c in checks if isinstance(c, dict) and isinstance(c.get("point"), str)
    ]
    return fields
