"""Saving a report typed in field by field (`casefile report`, the app's report form):
turned into Casefile's report format (casefile/rules/report_formats/report_entry.py) and
recorded exactly as an import is (`record_report`), so it meets the same checks and the
same words. The same fields typed again change nothing (the id comes from them)."""

from __future__ import annotations

from casefile.actions.import_report import record_report
from casefile.rules.report_formats.casefile_report import report_id_for
from casefile.rules.report_formats.report_entry import SOURCE, ReportEntry, entry_bytes, report_file_data
from casefile.store.protocol import CaseStore


def enter_report(ws: CaseStore, po: str, entry: ReportEntry, *, add_points: bool = False):
    """Returns (new CaseState, Report, added), as import_report does."""
    data = report_file_data(entry, ws.load(po).case)
    return record_report(ws, po, data, report_id_for(po, entry_bytes(data)), SOURCE, add_points=add_points)
