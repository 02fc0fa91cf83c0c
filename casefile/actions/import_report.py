"""Importing an inspection report (`casefile import-report`, the report screen): the file
read as untrusted (a regular file, at most MAX_BYTES), its format recognised
(casefile/rules/report_formats/), validated against the case on disk inside the locked
write and appended. Importing the same file again is a no-op (the report id is derived
from the file's bytes). A report typed in field by field (actions/enter_report.py) goes
through the same `record_report`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casefile.actions.edit import check_edit, field_changes
from casefile.records.report import Report
from casefile.rules.report_formats.casefile_report import (
    build_report,
    in_our_format,
    parse_findings_csv,
    parse_report_json,
    points_to_add,
    repeated_keys,
    report_id_for,
)
from casefile.store.protocol import CaseStore, Change
from casefile.values.errors import InputError
from casefile.values.untrusted import FileTooLarge, describe_os_error, read_regular

MAX_BYTES = 5_000_000


def read_json_file(path: Path | str) -> tuple[Any, bytes]:
    """The parsed JSON and the raw bytes; InputError on anything that is not a JSON object."""
    raw = _read_bytes(path)
    return parse_report_json(raw, path), raw


def read_findings_csv(path: Path | str) -> tuple[list[dict[str, Any]], bytes]:
    """Findings rows from a CSV with a header line, and the raw bytes."""
    raw = _read_bytes(path)
    return parse_findings_csv(raw, Path(path).name), raw


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


def import_report(ws: CaseStore, po: str, path: Path | str, findings_path: Path | str | None = None, *,
                  add_points: bool = False):
    """Validate the file(s) against the case on disk and append the report; with
    `add_points`, the spec and golden-sample points it checks that the case lacks are added
    to the case's standard in the same write.

    Returns (new CaseState, Report, added) where `added` is False for a repeated import.
    """
    data, raw = read_json_file(path)
    repeated = repeated_keys(data)  # named in the file as it is, whatever its format
    data, read_from = in_our_format(data, path)
    rows, csv_raw, early = None, b"", repeated if read_from else []
    if findings_path is not None:
        try:
            rows, csv_raw = read_findings_csv(findings_path)
        except InputError as exc:  # reported with the report's own problems
            early.append(str(exc))
    source = Path(path).name + (f" + {Path(findings_path).name}" if findings_path is not None else "")
    return record_report(ws, po, data, report_id_for(po, raw, csv_raw), source, rows=rows, read_from=read_from,
                         add_points=add_points, problems=early)


def record_report(ws: CaseStore, po: str, data: dict[str, Any], rid: str, source: str, *,
                  rows: list[dict[str, Any]] | None = None, read_from: str = "", add_points: bool = False,
                  problems: list[str] | None = None):
    """Append the report `data` (Casefile's format) as report `rid`, validated against the case
    on disk inside the locked write: the one way a report gets in, imported or typed.
    `problems` found before (a findings file, repeated keys) are reported with its own."""
    built: list[tuple[Report, bool]] = []

    def change(state):
        existing = state.find("reports", rid)
        if existing is not None:
            built.append((existing, False))
            return Change("report already imported")
        case = state.case
        added = points_to_add(data, {p.key for p in case.spec_points}) if add_points else []
        if added:
            case = case.model_copy(update={"spec_points": [*case.spec_points, *added]})
        try:
            report = build_report(data, case, findings=rows, first=not state.reports, report_id=rid, source=source,
                                  problems=problems or [])
        except InputError as exc:
            if not read_from:
                raise
            raise InputError(f"{read_from} report, read as a Casefile report (docs/report-format.md): {exc}") from None
        built.append((report, True))
        detail = f"{report.kind} of {report.date:%-d %b %Y} by {report.company}: {report.verdict}"
        if not added:
            return Change("report imported", detail, records=[report])
        diff = field_changes(state.case, case)
        reason = f"added from report {source or report.id[:8]} of {report.date:%-d %b %Y}"
        check_edit(state, case, diff, reason)
        points = ", ".join(f"{p.kind} {p.key} {p.text}" for p in added)
        return Change("report imported", f"{detail}; points added to the standard: {points}", records=[report],
                      case=case, changes=diff, reason=reason)

    state = ws.transact(po, change)
    report, added = built[-1]
    return state, report, added
