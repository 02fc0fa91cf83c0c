"""Opening a case (`casefile new`, the app's new-case form), or a case from a report file
(`casefile new --from-report`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casefile.actions.import_report import read_findings_csv, read_json_file, record_report
from casefile.records.case import Case
from casefile.records.case_state import CaseState
from casefile.records.po import po_skeleton
from casefile.store.protocol import CaseStore
from casefile.rules.report_formats.casefile_report import build_report, case_fields, in_our_format, report_id_for
from casefile.rules.settings import load_settings
from casefile.values.errors import CaseExists, InputError, describe_validation


def create_case(ws: CaseStore, case: Case) -> CaseState:
    """Open a case for `case.po`; the same case again is a no-op (a retried `new`)."""
    refuse_lookalike(ws, case.po)
    return ws.create(case)


def refuse_lookalike(ws: CaseStore, po: str) -> None:
    """A new PO that looks like an existing one (dashes, width, case, spaces, Cyrillic
    or Greek letters) would be a second case for one order, or a trap for a colleague."""
    skeleton = po_skeleton(po)
    for summary in ws.list_cases().summaries:
        if not summary.unreadable and summary.po != po and po_skeleton(summary.po) == skeleton:
            raise CaseExists(
                f"a case whose PO looks the same already exists: {summary.po!r} (you typed {po!r}; they "
                f"differ only in dashes, letter case, spaces, character width or look-alike letters). "
                f"`casefile show {summary.po}` shows it; a different order needs a number that cannot be "
                "mistaken for it"
            )


_MONEY = (("order_value_cny", "order value"), ("deposit_cny", "deposit"))


def create_from_report(ws: CaseStore, po: str, path: Path | str, given: dict[str, Any],
                       findings_path: Path | str | None = None):
    """Open a case for `po` from a report file and import the report: supplier, product,
    quantity (the lot), AQLs, level and the points it checks come from the report, the
    fields in `given` (the money, at least) win over it. Everything is validated before
    anything is written: a report that would be refused opens no case. A retry is a no-op.

    Returns (CaseState, Case, Report, added) as import_report does."""
    data, raw = read_json_file(path)
    data, read_from = in_our_format(data, path)
    rows, csv_raw = read_findings_csv(findings_path) if findings_path is not None else (None, b"")
    try:
        fields = case_fields(data, po)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    aql = {**fields.pop("aql"), **given.get("aql", {})}
    typed = given.get("spec_points") or []
    typed_by_key = {p["key"]: p for p in typed}  # a point typed replaces the report's of the same key
    from_report = fields.pop("spec_points")
    points = [typed_by_key.pop(p["key"], p) for p in from_report] + list(typed_by_key.values())
    fields.update({k: v for k, v in given.items() if k not in ("aql", "spec_points")})
    fields["spec_points"] = points
    missing = [f"{name}: the report names no {name}; give it" for name in ("supplier", "product") if name not in fields]
    missing += [f"{name}: a report cannot know the {words}; give it" for name, words in _MONEY if name not in fields]
    if missing:
        raise InputError("; ".join(missing))
    try:
        case = Case.model_validate({**fields, "aql": aql}, context=load_settings(ws.root).validation_context())
    except ValidationError as exc:
        raise InputError(describe_validation(exc)) from None
    try:
        build_report(data, case, findings=rows)  # the import's own checks, before the case exists
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    create_case(ws, case)
    source = Path(path).name + (f" + {Path(findings_path).name}" if findings_path is not None else "")
    state, report, added = record_report(ws, case.po, data, report_id_for(case.po, raw, csv_raw), source,
                                         rows=rows, read_from=read_from)
    return state, case, report, added
