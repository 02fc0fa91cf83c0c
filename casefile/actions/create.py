"""Opening a case (`casefile new`, the app's new-case form)."""

from __future__ import annotations

from casefile.records.case import Case
from casefile.records.case_state import CaseState
from casefile.records.po import po_skeleton
from casefile.store.protocol import CaseStore
from casefile.values.errors import CaseExists


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
