"""import-report, diagnose, options, decide."""

from __future__ import annotations

import sys

from casefile.actions.decide import record_decision
from casefile.actions.edit import describe_change
from casefile.actions.enter_report import enter_report
from casefile.actions.import_report import import_report
from casefile.records.case import DEFECT_CLASSES
from casefile.records.po import po_words
from casefile.rules.report_formats.report_entry import FindingEntry, ReportEntry
from casefile.rules.decision_terms import DecisionTerms, describe_terms
from casefile.rules.diagnosis import Diagnosis, diagnose_in_case
from casefile.rules.gate import chosen_report
from casefile.rules.option_comparison import OptionAssessment, assess_options
from casefile.rules.options.catalogue import CATALOGUE, option
from casefile.rules.record_ids import resolve_id
from casefile.rules.settings import load_settings
from casefile.values.errors import InputError
from casefile.values.currency import DEFAULT_HOME_CURRENCY, fmt_home
from casefile.values.money import fmt_cny, fmt_rate
from casefile.values.units import whole_number
from tui.commands.common import flag_names, open_workspace, po_argument, print_json, validate
from tui.commands.shared_args import rate_argument

GAUGE_CELLS = 16
_EIGHTHS = " ▏▎▍▌▋▊▉"


def register(sub) -> None:
    p = sub.add_parser("import-report", help="import an inspection report (JSON; findings optionally as CSV)")
    p.add_argument("po", metavar="PO")
    p.add_argument("file", metavar="FILE", help="the report as JSON: Casefile's format or an Inspectorio Sight report (docs/report-format.md)")
    p.add_argument("--findings", metavar="CSV", help="the findings as CSV: defect_type,class,units[,cartons][,note]")
    p.add_argument("--add-points", action="store_true",
                   help="add the spec and golden-sample points the report checks that the case lacks (their text "
                        "from the report's notes; recorded in the history), then import")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("report", help="type in an inspection report from its summary page (checked as an import is)")
    p.add_argument("po", metavar="PO")
    p.add_argument("--date", required=True, metavar="DATE", help="the day of the inspection, YYYY-MM-DD")
    p.add_argument("--company", required=True, help="the inspection company")
    p.add_argument("--kind", choices=("first", "re-inspection"), help="default: first while the case has no report")
    p.add_argument("--lot", metavar="N", help="units in the lot inspected (default: the order quantity)")
    p.add_argument("--sample", required=True, metavar="N", help="units the inspector sampled")
    p.add_argument("--cartons", metavar="N", help="cartons opened (enables the carton test for systematic faults)")
    p.add_argument("--found", required=True, metavar="CLASS=N,...", help="defects found per class, e.g. critical=0,major=15,minor=3")
    p.add_argument("--finding", action="append", default=[], metavar="TYPE:CLASS:UNITS[:CARTONS]",
                   help="a defect type found, e.g. \"scratched shade:major:14:9\" (repeat)")
    p.add_argument("--verdict", choices=("pass", "fail"), help="the inspector's verdict (default: the app's, by the tables)")
    p.add_argument("--level", help="the level the report states (default: the case's)")
    p.add_argument("--inspector", default="", metavar="NAME")
    p.add_argument("--point", action="append", default=[], metavar="ID=RESULT",
                   help="a spec or golden-sample point checked: conforms, does-not or not-checked (repeat)")
    p.add_argument("--add-points", action="store_true", help="add points the case lacks to its standard (as import-report)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("diagnose", help="read a report: per class plan, found, band; what fits")
    p.add_argument("po", metavar="PO")
    p.add_argument("--report", metavar="ID", help="report id, as `show` prints it (default: the latest inspection)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_diagnose)

    p = sub.add_parser("options", help="compare the options: fit, money, time")
    p.add_argument("po", metavar="PO")
    p.add_argument("--rate", metavar="RATE", help="home currency per 1 CNY (default: latest live quote, else the planning rate)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_options)

    p = sub.add_parser("decide", help="record the option chosen and its terms")
    p.add_argument("po", metavar="PO")
    p.add_argument("--option", required=True, choices=list(CATALOGUE))
    p.add_argument("--deadline", metavar="DATE", help="work done by, YYYY-MM-DD (required for rework)")
    p.add_argument("--discount-percent", metavar="P", help="agreed discount on the order value (discount)")
    p.add_argument("--units", metavar="N", help="units to sort out or replace (sort, replace)")
    p.add_argument("--agreement", metavar="ENTRY_ID", help="log entry holding the supplier's written agreement (the id `log` shows)")
    p.add_argument("--reason", metavar="TEXT", default="")
    p.add_argument("--report", metavar="ID", help="the report this decision answers, as `show` prints it (default: the latest)")
    p.add_argument("--id", metavar="HEX", help="decision id, so a retried command is a no-op")
    p.set_defaults(func=cmd_decide)


def cmd_import(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    state, report, added = import_report(ws, po, args.file, args.findings, add_points=args.add_points)
    if not added:
        print(f"report {report.id} was already imported into {po}; nothing changed")
        return 0
    _imported(ws, po, state, report, "imported into")
    return 0


_REPORT_FLAGS = {
    "date": "--date", "company": "--company", "inspector": "--inspector", "kind": "--kind", "lot_size": "--lot",
    "sample_size": "--sample", "level": "--level", "verdict": "--verdict", "cartons_sampled": "--cartons",
    **{f"classes.{c}.found": f"--found {c}" for c in DEFECT_CLASSES}, **{f"classes.{c}": f"--found {c}" for c in DEFECT_CLASSES},
    "classes": "--found",
}


def cmd_report(args) -> int:
    po = po_argument(args.po)
    found = dict(_pair(part, "--found", "CLASS=N,...", "critical=0,major=15,minor=3") for part in args.found.split(",") if part.strip())
    missing = [c for c in DEFECT_CLASSES if c not in found]
    if missing:  # in this flag's words, not the report file's ('with "found": 0')
        raise InputError("; ".join(f"--found {c}: is missing" for c in missing)
                         + "; give every class, 0 where none were found, e.g. --found critical=0,major=15,minor=3")
    entry = ReportEntry(
        date=args.date, company=args.company, inspector=args.inspector, kind=args.kind, lot_size=args.lot,
        sample_size=args.sample, level=args.level, cartons_sampled=args.cartons, found=found, verdict=args.verdict,
        findings=[_finding(text) for text in args.finding],
        points=dict(_pair(text, "--point", "ID=conforms|does-not|not-checked", "S1=does-not") for text in args.point),
    )
    ws = open_workspace(args)
    try:
        state, report, added = enter_report(ws, po, entry, add_points=args.add_points)
    except InputError as exc:
        raise InputError(flag_names(str(exc), _REPORT_FLAGS)) from None
    if not added:
        print(f"report {report.id} is in {po} already; nothing changed")
        return 0
    _imported(ws, po, state, report, "recorded in")
    return 0


def _pair(text: str, flag: str, shape: str, example: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"{flag}: expected {shape}, e.g. {flag} {example}; got {text!r}")
    return key.strip(), value.strip()


def _finding(text: str) -> FindingEntry:
    """TYPE:CLASS:UNITS[:CARTONS], read from the right: a defect type may hold a colon."""
    for parts in (text.rsplit(":", 3), text.rsplit(":", 2)):
        if len(parts) >= 3 and parts[1].strip() in DEFECT_CLASSES:
            return FindingEntry(defect_type=parts[0], defect_class=parts[1].strip(), units=parts[2].strip(),
                                cartons=parts[3].strip() if len(parts) == 4 else None)
    raise InputError(f"--finding: expected TYPE:CLASS:UNITS[:CARTONS] with CLASS one of {', '.join(DEFECT_CLASSES)}, "
                     f"e.g. --finding \"scratched shade:major:14:9\"; got {text!r}")


def _imported(ws, po: str, state, report, verb: str) -> None:
    for change in state.history[-1].changes:
        print(f"{po}: {describe_change(change)} ({state.history[-1].reason})")
    d = diagnose_in_case(ws.load(po), report, load_settings(ws.root))
    print(f"{verb} {po}: {report.kind} of {report.date:%-d %b %Y} by {report.company} (id {report.id})")
    print(d.summary)
    for text in d.disagreements:
        print(f"NOTE {text}")
    for text in counting_lines(d):  # "passes by ISO 2859-1" alone would hide an under-sampled report
        print(f"for the balance: {text}")


def _report(state, report_id: str | None):
    if not state.reports:
        raise InputError(f"{po_words(state.po)} has no inspection report yet; `casefile import-report {state.po} FILE` adds one")
    return chosen_report(state, report_id and resolve_id(state, "reports", report_id, "--report"), "--report")


def cmd_diagnose(args) -> int:
    ws = open_workspace(args)
    state = ws.load(po_argument(args.po))
    report = _report(state, args.report)
    d = diagnose_in_case(state, report, load_settings(ws.root))
    if args.json:
        print_json(d.model_dump(mode="json"))
    else:
        sys.stdout.write(render_diagnosis(d))
    return 0


def gauge(found: int, reject: int, cells: int = GAUGE_CELLS) -> str:
    """A bar of `found` on a scale that puts Re at a quarter of the width (2 x Re at half)."""
    full_scale = max(4 * reject, found, 1)
    eighths = round(found * cells * 8 / full_scale)
    bar = "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")
    return bar.ljust(cells)


def render_diagnosis(d: Diagnosis) -> str:
    lines = [f"report {d.report_id} of {d.report_date}: lot {d.lot_size:,}, sample {d.sample_size:,}, inspector says {d.verdict.upper()}",
             f"judged on {d.judged_on}"]
    for c in d.classes:
        limit = f"{c.found} / Re {c.reject}"
        lines.append(f"  {c.defect_class:<8} {gauge(c.found, c.reject)} {limit:<12} {c.band}")
        lines.append(
            f"  {'':<8} AQL {c.plan.aql} level {c.plan.level}, code {c.plan.code_letter}: n={c.plan.sample_size:,} "
            f"Ac {c.accept}/Re {c.reject}; excess {c.excess}; about {c.projected_defective:,} defective in the lot"
        )
    if d.defect_types:
        lines.append("defect types:")
        for t in d.defect_types:
            kind = "SYSTEMATIC" if t.systematic else "scattered"
            cartons = f", {t.cartons} cartons" if t.cartons is not None else ""
            lines.append(f"  {t.defect_class:<8} {t.defect_type}: {t.units} units{cartons} ({t.why}) {kind}")
    for p in d.failed_points:
        lines.append(f"does not conform: {p.kind} {p.key} {p.text}" + (f" ({p.note})" if p.note else ""))
    if d.unchecked_points:
        lines.append("not checked: " + ", ".join(f"{p.key} {p.text}" for p in d.unchecked_points))
    for text in d.disagreements:
        lines.append(f"NOTE {text}")
    if d.standard_note:
        lines.append(f"NOTE {d.standard_note}")
    lines.append(d.summary)
    lines += [f"for the balance: {text}" for text in counting_lines(d)]
    if d.conclusion:
        lines.append("what fits, best first:")
        for n, o in enumerate(d.conclusion, start=1):
            lines.append(f"  {n}. {o.title}: {o.reason}")
    else:
        lines.append(f"no option applies: {d.options[0].reason}")
    return "\n".join(lines) + "\n"


def counting_lines(d: Diagnosis) -> list[str]:
    """Whether the report counts as a pass for the balance gate, and if not, why."""
    if d.counts_as_pass:
        return ["it counts as a pass"]
    lines = [f"{text}; its failures stand, its pass does not count" for text in d.invalid]
    return lines + [f"{text}; not a pass" for text in d.objections if d.passed]


def cmd_options(args) -> int:
    ws = open_workspace(args)
    rate = rate_argument(args.rate or None, home=load_settings(ws.root).home_currency)
    state = ws.load(po_argument(args.po))
    rows = assess_options(state, rate=rate, settings=load_settings(ws.root))
    if args.json:
        print_json([r.model_dump(mode="json") for r in rows])
    else:
        sys.stdout.write(render_options(rows, load_settings(ws.root).home_currency))
    return 0


def render_options(rows: list[OptionAssessment], home: str = DEFAULT_HOME_CURRENCY) -> str:
    lines = [f"a re-inspection would be on {rows[0].reinspection_severity} inspection: {rows[0].severity_reason}"] if rows else []
    for r in rows:
        mark = f"{r.rank}." if r.fits else "--"
        lines.append(f"{mark:<3} {r.title}{'' if r.fits else ' (does not fit)'}")
        lines.append(f"    {r.reason}")
        money = [f"balance {fmt_cny(r.balance_cny)}", f"payable now {fmt_cny(r.payable_now_cny)}",
                 f"held {fmt_cny(r.balance_held_cny)}", f"pay {fmt_cny(r.balance_payable_cny)} in all"]
        if r.deposit_at_risk_cny:
            money.append(f"deposit at risk {fmt_cny(r.deposit_at_risk_cny)}")
        if r.reinspection_fee_cny:
            money.append(f"re-inspection fee {fmt_cny(r.reinspection_fee_cny)}")
        if r.discount_cny is not None:
            home_money = f" = {fmt_home(r.discount_ngn, home)} at {fmt_rate(r.rate)}" if r.discount_ngn is not None else f" (no rate for {home})"
            money.append(f"discount {r.discount_percent}% = {fmt_cny(r.discount_cny)}{home_money}")
        if r.accepted_units is not None:
            money.append(f"on {r.accepted_units:,} good units")
        lines.append("    " + "; ".join(money))
        extra = [r.time_note] if r.time_note else []
        extra.append("re-inspection required" if r.reinspection_required else "no re-inspection")
        lines.append("    " + "; ".join(extra))
    return "\n".join(lines) + "\n"


def cmd_decide(args) -> int:
    po = po_argument(args.po)
    data = {
        "option": args.option, "reason": args.reason, "deadline": args.deadline,
        "discount_percent": args.discount_percent, "units": _units(args.units),
        "agreement_entry_id": args.agreement, "report_id": args.report,
    }
    if args.id:
        data["id"] = args.id
    ws = open_workspace(args)
    if args.agreement or args.report:
        state = ws.load(po)
        if args.agreement:
            data["agreement_entry_id"] = resolve_id(state, "correspondence", args.agreement, "--agreement")
        if args.report:
            data["report_id"] = resolve_id(state, "reports", args.report, "--report")
    terms = validate(DecisionTerms, data, _DECIDE_FLAGS)
    try:
        state = record_decision(ws, po, terms)
    except InputError as exc:
        raise InputError(flag_names(str(exc), _DECIDE_FLAGS)) from None
    decision = state.find("decisions", terms.id)
    print(f"decided on {po}: {describe_terms(decision)} (id {decision.id})")
    if option(decision.option).settles_by_agreement and not decision.agreement_entry_id:
        print(f"the balance stays locked until a {decision.option} decision points to the supplier's written agreement "
              "(--agreement ENTRY_ID)")
    return 0


_DECIDE_FLAGS = {
    "deadline": "--deadline", "discount_percent": "--discount-percent", "units": "--units",
    "reason": "--reason", "id": "--id", "agreement_entry_id": "--agreement", "report_id": "--report",
    "option": "--option",
}


def _units(text: str | None) -> int | None:
    return None if text is None else whole_number(text, "--units", "550")  # the decision form's words

