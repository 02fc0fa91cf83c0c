"""Builders for the ledger, gate and log tests: reports, decisions and agreements on disk.

With the conftest case (3,000 units, level II: code letter K, sample 125) the plans are
critical Ac 0 / Re 1, major (2.5) Ac 7 / Re 8, minor (4.0) Ac 10 / Re 11.
"""

from __future__ import annotations

from datetime import date

from casefile.actions.note import append_entry
from casefile.actions.workspace import Workspace
from casefile.records.decision import Decision
from casefile.records.log_entry import EntryDraft
from casefile.records.report import Report
from casefile.store.protocol import Change

PASS = dict(critical=0, major=3, minor=5)
MAJOR_FAIL = dict(critical=0, major=23, minor=5)
MINOR_FAIL = dict(critical=0, major=2, minor=14)
CRITICAL_FAIL = dict(critical=1, major=2, minor=5)


def make_report(on: date, counts: dict, *, kind: str = "first", verdict: str | None = None,
                spec_checks: list | None = None, **over) -> Report:
    fails = counts["critical"] >= 1 or counts["major"] >= 8 or counts["minor"] >= 11
    aql = {"critical": "0", "major": "2.5", "minor": "4.0"}
    data = dict(
        date=on, company="QIMA", kind=kind, lot_size=3000, sample_size=125,
        classes=[{"defect_class": k, "aql": aql[k], "found": v} for k, v in counts.items()],
        verdict=verdict or ("fail" if fails else "pass"), spec_checks=spec_checks or [],
    )
    data.update(over)
    return Report.model_validate(data)


def add_report(ws: Workspace, po: str, on: date, counts: dict, **kw) -> Report:
    """Record a report as an import does: with the case's standard as it is on disk now."""
    made = make_report(on, counts, **kw)
    stored = []

    def change(s):
        report = made if made.standard is not None else made.model_copy(update={"standard": s.case.standard})
        stored.append(report)
        return Change("report recorded", report.company, records=[report])

    ws.transact(po, change)
    return stored[-1]


def decide(ws: Workspace, po: str, option: str, **terms) -> Decision:
    decision = Decision(option=option, decided_by="tester", **terms)
    ws.transact(po, lambda s: Change("decision recorded", option, records=[decision]))
    return decision


def log_agreement(ws: Workspace, po: str, **over) -> str:
    data = dict(direction="from-supplier", channel="email", subject="We accept 6% discount",
                written_agreement=True)
    data.update(over)
    entry = EntryDraft(**data)
    append_entry(ws, po, entry)
    return entry.id
