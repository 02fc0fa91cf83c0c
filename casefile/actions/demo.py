"""A realistic sample workspace for `casefile --demo`: eight orders in different states.

Everything goes through the same actions a user's do (Workspace.create,
import_report, record_decision, append_entry, record_quote, record_payment), so the
demo shows what the app computes, not what we claim. Dates are relative to today, so
deadlines are open or overdue whenever the demo is built. To give the records a real
timeline (report, then decision, then re-inspection) the build replays casefile.values.clock
through the past (`clock.replaying`, local to the building thread).

The demo is built in a temporary sibling folder and renamed into place at the end: a
build that is interrupted leaves no half-made demo behind, and no other workspace is
ever written to.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from casefile.actions.decide import record_decision
from casefile.actions.import_report import import_report
from casefile.actions.note import append_entry
from casefile.actions.pay import PaymentDraft, record_payment, record_quote
from casefile.actions.workspace import Workspace, resolve_workspace
from casefile.records.case import Case
from casefile.records.log_entry import EntryDraft
from casefile.records.payment import RateQuote
from casefile.records.po import po_words
from casefile.rules.decision_terms import DecisionTerms
from casefile.rules.letters import draft
from casefile.store.workspace_setup import CONFIG
from casefile.values import clock
from casefile.values.errors import WorkspaceError

MARKER = "DEMO.txt"
PLANNING_RATE = "214.0000"  # NGN per CNY: every demo order was costed at it
Progress = Callable[[int, int, str], None]


@dataclass
class Timeline:
    """Days relative to the real today; `at(-12, 10)` is 12 days ago at 10:00 UTC."""

    today: date
    now: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.now = datetime.combine(self.today, time(8, 0), tzinfo=timezone.utc)

    def at(self, days: int, hour: int = 10, minute: int = 0) -> datetime:
        self.now = datetime.combine(self.today + timedelta(days=days), time(hour, minute), tzinfo=timezone.utc)
        return self.now

    def day(self, days: int) -> date:
        return self.today + timedelta(days=days)


def _report(ws: Workspace, po: str, folder: Path, t: Timeline, data: dict[str, Any]) -> None:
    """Import a report the way a user does: from a JSON file in the documented format, dated
    the day it comes in."""
    day = t.now.date().isoformat()
    path = folder / f"report-{day}.json"
    path.write_text(json.dumps({"format": "casefile-report/1", "date": day, **data}), encoding="utf-8")
    import_report(ws, po, path)


def _classes(critical: int, major: int, minor: int, aql=("0", "2.5", "4.0")) -> dict[str, Any]:
    return {name: {"aql": a, "found": n} for name, a, n in zip(("critical", "major", "minor"), aql, (critical, major, minor))}


def _pay(ws: Workspace, po: str, kind: str, cny: str, rate: str, t: Timeline, *, receipt: str,
         method: str = "Alipay via Lagos agent", quoted_by: str = "Sterling FX desk, Lagos") -> None:
    """A payment at a rate quoted a moment ago and good for two hours, as a desk quotes it."""
    record_payment(ws, po, PaymentDraft(
        kind=kind, cny=cny, rate=rate, quoted_by=quoted_by,
        quote_expires_at=t.now + timedelta(hours=2), method=method, receipt=receipt,
    ))


def _log(ws: Workspace, po: str, **fields) -> str:
    entry = EntryDraft(**fields)
    append_entry(ws, po, entry)
    return entry.id


def _sent(ws: Workspace, po: str, template: str, *, channel: str = "email", **terms) -> str:
    """A templated message, logged as the user would after sending it."""
    text = draft(ws.load(po), template, **terms)
    entry = text.model_copy(update={"channel": channel})
    append_entry(ws, po, entry)
    return entry.id


@dataclass(frozen=True)
class DemoCase:
    """One order: created, its deposit paid at once (at a rate quoted then), its first
    report imported; then its own story. Times are (days from today, hour[, minute])."""

    created: tuple[int, ...]
    case: dict[str, Any]  # the Case's fields, but its ship window and planning rate
    deposit: dict[str, str]  # _pay's rate, receipt and (when not the usual) method
    story: Callable[[Workspace, str, Timeline, Path], None]
    ship_window: tuple[int, int] = (12, 30)  # days from today
    inspected: tuple[int, ...] | None = None  # when the first report comes in; None: not yet
    report: dict[str, Any] | None = None

    def __call__(self, ws: Workspace, t: Timeline, folder: Path) -> None:
        po = self.case["po"]
        t.at(*self.created)
        start, end = self.ship_window
        ws.create(Case.model_validate({**self.case, "planning_rate": PLANNING_RATE,
                                       "ship_window_start": t.day(start), "ship_window_end": t.day(end)}))
        _pay(ws, po, "deposit", self.case["deposit_cny"], t=t, **self.deposit)
        if self.inspected is not None:
            t.at(*self.inspected)
            _report(ws, po, folder, t, self.report)
        self.story(ws, po, t, folder)


# -- the cases: each one's story after its set-up -------------------------------

def critical_safety(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    t.at(-2, 9, 40)
    _log(ws, po, direction="internal", channel="phone", subject="Call with Tunde (QIMA agent): live wire is a stop",
         body="Two lamps had the driver cover missing with the live terminal exposed. Tunde says this is a "
              "fitting-station fault (covers not clipped), not a design fault. Do NOT accept a discount on "
              "this: SON inspectors at Apapa will seize the container if one unit is found.")
    t.at(-2, 10, 5)
    _log(ws, po, direction="to-supplier", channel="email", deadline=t.day(1),
         subject=f"{po_words(po)}: inspection failed on a critical safety defect",
         body="Dear Ms Zhou,\n\nThe inspection of 3 days ago found 2 units with the live terminal exposed "
              "(critical, AQL 0: Ac 0 / Re 1). Please explain the cause and propose a 100% check of the "
              "driver covers. The balance moves only after a re-inspection passes every class.\n\nKind regards,\nAdaeze Okafor")


def minor_discount(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    t.at(-10, 9, 30)
    proposal = _sent(ws, po, "discount", channel="wechat", percent="6", deadline=t.day(-7))
    t.at(-8, 14, 12)
    agreed = _log(ws, po, direction="from-supplier", channel="wechat", written_agreement=True, resolves=proposal,
                  subject="Re: 6% discount on PO/2026/127 - agreed",
                  body="Dear Adaeze, we agree to 6% discount of order value (CNY 2,550.00). Balance becomes "
                       "CNY 27,200.00. Goods ship as inspected. Best regards, Amy Wu, Xinglan sales")
    t.at(-8, 15)
    record_decision(ws, po, DecisionTerms(
        option="discount", discount_percent="6", agreement_entry_id=agreed,
        reason="Minor glaze pinholes only; the Christmas season will not wait for a rework.",
    ))
    t.at(-7, 10)
    _log(ws, po, direction="internal", channel="other", subject="Customers will accept the pinholes",
         body="Showed 3 sample mugs to Balogun Market buyers: nobody noticed the base pinholes. OK to ship.")


def rework_overdue(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    t.at(-13, 9)
    record_decision(ws, po, DecisionTerms(
        option="rework", deadline=t.day(-2), reason="Collar interlining is fixable; the window allows a rework."))
    t.at(-13, 9, 20)
    _sent(ws, po, "rework", deadline=t.day(-2))
    t.at(-12, 11)
    _log(ws, po, direction="from-supplier", channel="wechat",
         subject="Will change collar interlining for navy",
         body="Mr Okafor, we change interlining for all navy shirts and repair side seams. Ready in 10 days. Lily")
    t.at(-1, 18)
    _log(ws, po, direction="internal", channel="phone", subject="No news from Meitai; chased Lily on WeChat",
         body="Rework deadline passed yesterday. Lily not answering since Tuesday. If nothing by Friday, "
              "call the factory manager and consider cancelling under the refund terms.")


def reinspection_passed(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    t.at(-24, 10)
    record_decision(ws, po, DecisionTerms(option="rework", deadline=t.day(-12),
                                          reason="Packing insert and switch supplier both fixable."))
    request = _sent(ws, po, "rework", deadline=t.day(-12))
    t.at(-23, 8, 45)
    _log(ws, po, direction="from-supplier", channel="email", subject="Rework plan for DL-40", resolves=request,
         body="Dear Adaeze, we replace the packing insert with EPE foam and change the switch to the golden "
              "sample part. 100% inspection before re-inspection. Regards, Kevin Lau")
    t.at(-14, 10)
    _sent(ws, po, "reinspection", on=t.day(-10))
    _pay(ws, po, "reinspection-fee", "2100.00", "209.6000", t, receipt="ALP-20261111-20931",
         method="Alipay (AQI invoice 2026-4471)")
    t.at(-10, 17)
    _report(ws, po, folder, t, {
        "company": "Asia Quality Inspections Ltd.", "inspector": "Wang Lei",
        "kind": "re-inspection", "lot_size": 3000, "sample_size": 125, "level": "II", "cartons_sampled": 13,
        "classes": _classes(0, 3, 4),
        "findings": [
            {"defect_type": "scratched lamp shade", "class": "major", "units": 3, "cartons": 2},
            {"defect_type": "smudged rating label", "class": "minor", "units": 4, "cartons": 3},
        ],
        "spec_checks": [
            {"point": "S1", "result": "conforms"}, {"point": "S2", "result": "conforms"},
            {"point": "G1", "result": "conforms"},
        ],
        "verdict": "pass",
    })
    t.at(0, 7, 30)
    record_quote(ws, po, RateQuote(rate="221.3500", quoted_by="Sterling FX desk, Lagos",
                                   expires_at=t.now + timedelta(days=2), source="WhatsApp from Emeka, 07:30",
                                   recorded_by=ws.actor))


def tightened_supplier(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    """A second order from Brightway (PO/2026/114's supplier): its first inspection is the
    supplier's second lot in a row rejected, so ISO 2859-1 switching puts the supplier on
    tightened inspection; the re-inspection and the letters say so."""
    t.at(-2, 10)
    record_decision(ws, po, DecisionTerms(option="rework", deadline=t.day(8),
                                          reason="Same packing fault as PO/2026/114: fixable, re-inspect on tightened."))
    _sent(ws, po, "rework", deadline=t.day(8))


def sorted_lot(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    t.at(-19, 11)
    record_decision(ws, po, DecisionTerms(
        option="sort", units=600, deadline=t.day(-8),
        reason="Faults are scattered and come from mould 3; sort out its 600 boxes and re-inspect the rest."))
    request = _log(ws, po, direction="to-supplier", channel="email", deadline=t.day(-8),
         subject=f"{po_words(po)}: sort out mould 3 boxes, re-inspect the sorted lot",
         body="Please remove all boxes from mould 3 (about 600) and have the remaining 3,400 re-inspected. "
              "We pay the balance pro rata on the accepted units after the sorted lot passes.")
    t.at(-6, 16)
    _report(ws, po, folder, t, {
        "company": "TÜV Rheinland Dongguan", "inspector": "Zhang Wei",
        "kind": "re-inspection", "scope": "sorted-lot", "lot_size": 3400, "sample_size": 200, "level": "II",
        "classes": _classes(0, 4, 6),
        "findings": [{"defect_type": "flow marks", "class": "minor", "units": 6}],
        "spec_checks": [{"point": "S1", "result": "conforms"}, {"point": "S2", "result": "conforms"}],
        "verdict": "pass",
    })
    t.at(-5, 10)
    _log(ws, po, direction="from-supplier", channel="email", resolves=request,
         subject="600 mould-3 boxes set aside", body="We keep the 600 boxes for our local market. Please pay "
                                                     "balance for 3,400 units. Regards, Mr Liang")


def cancelled(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    t.at(-29, 10)
    record_decision(ws, po, DecisionTerms(option="rework", deadline=t.day(-14),
                                          reason="Supplier offers a steel-reinforced base."))
    request = _sent(ws, po, "rework", deadline=t.day(-14))
    t.at(-15, 11)
    _log(ws, po, direction="from-supplier", channel="wechat", resolves=request,
         subject="Bases changed, ready for re-inspection", body="All 800 chairs now with reinforced base. Jason")
    t.at(-12, 15)
    _report(ws, po, folder, t, {
        "company": "SGS Foshan", "inspector": "Liu Yang", "kind": "re-inspection",
        "lot_size": 800, "sample_size": 80, "level": "II",
        "classes": _classes(1, 7, 2),
        "findings": [
            {"defect_type": "cracked nylon base under load test", "class": "critical", "units": 1,
             "note": "the reinforced base cracked at 900 kg"},
            {"defect_type": "armrest wobble", "class": "major", "units": 7},
        ],
        "spec_checks": [{"point": "S1", "result": "does-not-conform"}],
        "verdict": "fail",
    })
    t.at(-11, 9)
    record_decision(ws, po, DecisionTerms(option="cancel", deadline=t.day(6),
                                          reason="Failed twice on the base load test: unfixable at this price."))
    _sent(ws, po, "cancel", deadline=t.day(6))
    t.at(-9, 13)
    _log(ws, po, direction="from-supplier", channel="email", subject="Refund of deposit PO/2026/119",
         body="We regret. Finance will return the deposit after the Canton Fair, within 3 weeks. Regards, Jason Pan")


def awaiting_report(ws: Workspace, po: str, t: Timeline, folder: Path) -> None:
    t.at(-1, 11)
    _log(ws, po, direction="internal", channel="other", subject=f"Inspection booked with QIMA for {t.day(3):%-d %b}",
         body="AQL critical 0 / major 2.5 / minor 4.0, level II. Ask them to check the charger plug type: "
              "SONCAP needs the UK plug.")


# -- the cases' set-up: the order, its deposit, its first report ---------------

CASES: tuple[DemoCase, ...] = (
    DemoCase(
        created=(-40, 9),
        case=dict(
            po="PO/2026/141", supplier="Ningbo Haoyue Electrical Appliance Co., Ltd.",
            product="LED panel light 600x600 40W",
            quantity=2000, order_value_cny="96000.00", deposit_cny="28800.00",
            spec_points=[
                {"key": "E1", "text": "driver terminals fully enclosed, no live part reachable (IEC 60598)"},
                {"key": "E2", "text": "earth continuity under 0.5 ohm"},
                {"key": "S1", "text": "colour temperature 4000 K ± 200 K"},
                {"key": "G1", "text": "diffuser finish as golden sample", "kind": "golden-sample"},
            ],
            golden_sample_ref="GS-141 sealed at factory 28 Sep",
            refund_terms="deposit refundable in full if the goods fail a re-inspection",
            deposit_refundable_percent="100", reinspection_fee_cny="1850.00",
        ),
        deposit=dict(rate="207.8500", receipt="ALP-20261016-88213"),
        inspected=(-3, 15),
        report={
            "company": "QIMA Ningbo", "inspector": "Chen Jie",
            "lot_size": 2000, "sample_size": 125, "level": "II", "cartons_sampled": 20,
            "classes": _classes(2, 6, 5),
            "findings": [
                {"defect_type": "exposed live wire at the driver terminal block", "class": "critical",
                 "units": 2, "cartons": 2,
                 "note": "terminal cover missing; 230 V conductor reachable with the test finger"},
                {"defect_type": "diffuser scratched", "class": "major", "units": 6, "cartons": 4},
                {"defect_type": "label misprinted", "class": "minor", "units": 5, "cartons": 3},
            ],
            "spec_checks": [
                {"point": "E1", "result": "does-not-conform", "note": "2 of 125 units with a live part reachable"},
                {"point": "E2", "result": "conforms"},
                {"point": "S1", "result": "conforms", "note": "3950-4120 K"},
                {"point": "G1", "result": "conforms"},
            ],
            "verdict": "fail", "note": "Inspector stopped the electrical test and photographed both units.",
        },
        story=critical_safety,
    ),
    DemoCase(
        created=(-45, 11),
        case=dict(
            po="PO/2026/127", supplier="Yiwu Xinglan Household Products Co., Ltd.",
            product="Ceramic coffee mug 350 ml, printed logo",
            quantity=5000, order_value_cny="42500.00", deposit_cny="12750.00",
            spec_points=[
                {"key": "S1", "text": "capacity 350 ml ± 10 ml"},
                {"key": "S2", "text": "logo print Pantone 7621C, no smudge"},
                {"key": "G1", "text": "glaze finish as golden sample", "kind": "golden-sample"},
            ],
            golden_sample_ref="GS-127 kept in Lagos office",
            refund_terms="deposit refundable at 50% if the order is cancelled after production",
            deposit_refundable_percent="50", reinspection_fee_cny="1600.00",
        ),
        ship_window=(-5, 10),
        deposit=dict(rate="205.4000", receipt="ALP-20261011-40277"),
        inspected=(-12, 16),
        report={
            "company": "V-Trust Yiwu", "inspector": "Li Na",
            "lot_size": 5000, "sample_size": 200, "level": "II", "cartons_sampled": 32,
            "classes": _classes(0, 3, 19),
            "findings": [
                {"defect_type": "glaze pinholes on the base", "class": "minor", "units": 11, "cartons": 9},
                {"defect_type": "logo print slightly off-centre", "class": "minor", "units": 8, "cartons": 6},
                {"defect_type": "chipped rim", "class": "major", "units": 3, "cartons": 2},
            ],
            "spec_checks": [
                {"point": "S1", "result": "conforms"}, {"point": "S2", "result": "conforms"},
                {"point": "G1", "result": "does-not-conform", "note": "pinholes on the unglazed base ring"},
            ],
            "verdict": "fail",
        },
        story=minor_discount,
    ),
    DemoCase(
        created=(-50, 10),
        case=dict(
            po="PO/2026/133", supplier="Guangzhou Meitai Garment Co., Ltd.",
            product="Men's polo shirt, 220 gsm pique, 4 colours",
            quantity=3000, order_value_cny="75000.00", deposit_cny="22500.00",
            spec_points=[
                {"key": "S1", "text": "chest width per size chart ± 1 cm"},
                {"key": "S2", "text": "collar does not curl after 3 washes"},
                {"key": "G1", "text": "embroidered logo as golden sample", "kind": "golden-sample"},
            ],
            golden_sample_ref="GS-133 approved 9 Sep",
            refund_terms="deposit refundable in full if the re-inspection fails",
            deposit_refundable_percent="100", reinspection_fee_cny="2000.00",
        ),
        deposit=dict(rate="203.9000", receipt="ZEN-TRF-5561902"),
        inspected=(-15, 17),
        report={
            "company": "Bureau Veritas Guangzhou", "inspector": "Huang Min",
            "lot_size": 3000, "sample_size": 125, "level": "II", "cartons_sampled": 15,
            "classes": _classes(0, 14, 9),
            "findings": [
                {"defect_type": "collar curls after wash test", "class": "major", "units": 9, "cartons": 8,
                 "note": "all in the navy colour"},
                {"defect_type": "open seam at side vent", "class": "major", "units": 5, "cartons": 4},
                {"defect_type": "loose threads", "class": "minor", "units": 9, "cartons": 6},
            ],
            "spec_checks": [
                {"point": "S1", "result": "conforms"},
                {"point": "S2", "result": "does-not-conform", "note": "9 of 20 washed units curled"},
                {"point": "G1", "result": "conforms"},
            ],
            "verdict": "fail",
        },
        story=rework_overdue,
    ),
    DemoCase(
        created=(-60, 9),
        case=dict(
            po="PO/2026/114", supplier="Shenzhen Brightway Lighting Co., Ltd.", product="LED desk lamp DL-40",
            quantity=3000, order_value_cny="84000.00", deposit_cny="25200.00",
            spec_points=[
                {"key": "S1", "text": "colour Pantone 286C"},
                {"key": "S2", "text": "weight 250 g ± 5 g"},
                {"key": "G1", "text": "switch feel as golden sample", "kind": "golden-sample"},
            ],
            golden_sample_ref="GS-114 sealed 2 Oct",
            refund_terms="deposit refundable in full if the goods fail inspection twice",
            deposit_refundable_percent="100", reinspection_fee_cny="2100.00",
        ),
        deposit=dict(rate="201.7500", receipt="ALP-20260926-11802"),
        inspected=(-25, 16),
        report={
            "company": "Asia Quality Inspections Ltd.", "inspector": "Wang Lei",
            "lot_size": 3000, "sample_size": 125, "level": "II", "cartons_sampled": 13,
            "classes": _classes(0, 23, 6),
            "findings": [
                {"defect_type": "scratched lamp shade", "class": "major", "units": 14, "cartons": 9,
                 "note": "same position on every unit: the packing insert rubs"},
                {"defect_type": "loose switch", "class": "major", "units": 9, "cartons": 3},
                {"defect_type": "smudged rating label", "class": "minor", "units": 6, "cartons": 2},
            ],
            "spec_checks": [
                {"point": "S1", "result": "does-not-conform", "note": "reads Pantone 285C under D65"},
                {"point": "S2", "result": "conforms"},
                {"point": "G1", "result": "does-not-conform", "note": "switch travel softer than the golden sample"},
            ],
            "verdict": "fail",
        },
        story=reinspection_passed,
    ),
    DemoCase(
        created=(-40, 9),
        case=dict(
            po="PO/2026/156", supplier="Shenzhen Brightway Lighting Co", product="LED floor lamp FL-12",
            quantity=2000, order_value_cny="96000.00", deposit_cny="28800.00",
            spec_points=[
                {"key": "S1", "text": "height 160 cm ± 1 cm"},
                {"key": "S2", "text": "cable 2 m, BS 1363 plug"},
            ],
            refund_terms="deposit refundable in full if the goods fail inspection twice",
            deposit_refundable_percent="100", reinspection_fee_cny="2100.00",
        ),
        deposit=dict(rate="205.1000", receipt="ALP-20261020-30417"),
        inspected=(-3, 15),
        report={
            "company": "Asia Quality Inspections Ltd.", "inspector": "Wang Lei",
            "lot_size": 2000, "sample_size": 125, "level": "II", "cartons_sampled": 13,
            "classes": _classes(0, 12, 5),
            "findings": [
                {"defect_type": "scratched lamp shade", "class": "major", "units": 12, "cartons": 8,
                 "note": "the old packing insert again"},
                {"defect_type": "smudged rating label", "class": "minor", "units": 5, "cartons": 3},
            ],
            "spec_checks": [{"point": "S1", "result": "conforms"}, {"point": "S2", "result": "conforms"}],
            "verdict": "fail",
        },
        story=tightened_supplier,
    ),
    DemoCase(
        created=(-42, 10),
        case=dict(
            po="PO/2026/138", supplier="Dongguan Hengfeng Plastic Products Co., Ltd.",
            product="PP storage box 30 L with lid",
            quantity=4000, order_value_cny="58000.00", deposit_cny="17400.00",
            spec_points=[
                {"key": "S1", "text": "lid clips hold with 5 kg inside"},
                {"key": "S2", "text": "wall thickness 1.8 mm minimum"},
            ],
            refund_terms="deposit not refundable once production has started",
            deposit_refundable_percent="0", reinspection_fee_cny="1500.00",
        ),
        deposit=dict(rate="204.2000", receipt="FBN-TT-99120445", method="bank transfer (FBN to ICBC)"),
        inspected=(-20, 15),
        report={
            "company": "TÜV Rheinland Dongguan", "inspector": "Zhang Wei",
            "lot_size": 4000, "sample_size": 200, "level": "II", "cartons_sampled": 40,
            "classes": _classes(0, 12, 8),
            "findings": [
                {"defect_type": "cracked lid clip", "class": "major", "units": 7, "cartons": 5,
                 "note": "scattered; from one of the four moulds"},
                {"defect_type": "short shot at the handle", "class": "major", "units": 5, "cartons": 5},
                {"defect_type": "flow marks", "class": "minor", "units": 8, "cartons": 7},
            ],
            "spec_checks": [{"point": "S1", "result": "does-not-conform"}, {"point": "S2", "result": "conforms"}],
            "verdict": "fail",
        },
        story=sorted_lot,
    ),
    DemoCase(
        created=(-55, 10),
        case=dict(
            po="PO/2026/119", supplier="Foshan Jiahe Furniture Co., Ltd.",
            product="Office chair, mesh back, class-3 gas lift",
            quantity=800, order_value_cny="128000.00", deposit_cny="38400.00",
            spec_points=[
                {"key": "S1", "text": "base passes 1,100 kg static load (BIFMA X5.1)"},
                {"key": "S2", "text": "gas lift class 3, SGS certificate"},
                {"key": "G1", "text": "mesh tension as golden sample", "kind": "golden-sample"},
            ],
            golden_sample_ref="GS-119 at Jiahe showroom",
            refund_terms="deposit refundable in full if the goods fail inspection twice",
            deposit_refundable_percent="100", reinspection_fee_cny="1800.00",
        ),
        ship_window=(-10, 5),
        deposit=dict(rate="200.1500", receipt="ALP-20261002-77314"),
        inspected=(-30, 16),
        report={
            "company": "SGS Foshan", "inspector": "Liu Yang",
            "lot_size": 800, "sample_size": 80, "level": "II", "cartons_sampled": 20,
            "classes": _classes(1, 9, 3),
            "findings": [
                {"defect_type": "cracked nylon base under load test", "class": "critical", "units": 1},
                {"defect_type": "armrest wobble", "class": "major", "units": 9, "cartons": 8},
            ],
            "spec_checks": [{"point": "S1", "result": "does-not-conform"}, {"point": "S2", "result": "conforms"},
                            {"point": "G1", "result": "conforms"}],
            "verdict": "fail",
        },
        story=cancelled,
    ),
    DemoCase(
        created=(-20, 10),
        case=dict(
            po="PO/2026/152", supplier="Yongkang Ruida Hardware Tools Co., Ltd.",
            product="Cordless drill 18 V kit, 2 batteries",
            quantity=1500, order_value_cny="187500.00", deposit_cny="56250.00",
            spec_points=[
                {"key": "S1", "text": "battery 18 V 2.0 Ah, UN38.3 report"},
                {"key": "S2", "text": "torque 45 Nm ± 5%"},
                {"key": "S3", "text": "UK plug charger (SONCAP)"},
            ],
            refund_terms="deposit refundable in full if the goods fail inspection and are not reworked within 21 days",
            deposit_refundable_percent="100", reinspection_fee_cny="2400.00",
        ),
        deposit=dict(rate="212.4000", receipt="ALP-20261105-61950"),
        story=awaiting_report,
    ),
)


def _no_progress(done: int, total: int, what: str) -> None:
    pass


def build_demo(root: Path | str, progress: Progress = _no_progress) -> Workspace:
    """Build the demo workspace at `root` and return it.

    Idempotent: a folder that already holds the demo is opened as it is. A folder holding
    anything else (a real workspace above all) is refused and left untouched.
    """
    root = Path(root).expanduser()
    if (root / MARKER).exists() and (root / CONFIG).exists():
        return Workspace.open(root, create=False)
    if root.resolve() == resolve_workspace(None).resolve():
        raise WorkspaceError(f"{root} is your real workspace; the demo is built in its own folder")
    if root.exists() and any(root.iterdir()):
        raise WorkspaceError(
            f"{root} is not empty and is not a Casefile demo; the demo is only built in a new or empty folder"
        )
    root.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{root.name}.building-", dir=root.parent))
    try:
        ws = Workspace.init(building / "ws")
        timeline = Timeline(clock.today())
        total = len(CASES)
        progress(0, total, "cases")
        with clock.replaying(lambda: timeline.now), tempfile.TemporaryDirectory() as reports:
            for done, build in enumerate(CASES, start=1):
                build(ws, timeline, Path(reports))
                progress(done, total, "cases")
        (building / "ws" / MARKER).write_text(
            f"The Casefile demo workspace, built {clock.now():%Y-%m-%d %H:%M} UTC with sample cases.\n"
            "Delete this folder to rebuild it; nothing here is real data.\n", encoding="utf-8")
        os.chmod(building / "ws" / MARKER, ws.file_mode)
        try:
            if root.exists():
                root.rmdir()  # empty, checked above
            os.replace(building / "ws", root)
        except OSError:
            if not (root / MARKER).exists():
                raise
            # Another `casefile --demo` finished first; its demo is as good as ours.
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return Workspace.open(root, create=False)
