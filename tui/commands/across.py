"""`casefile supplier`, `casefile supplier-merge` and `casefile supplier-improvement`:
looking across cases, served from the case list index (never by opening every case file).
`casefile agenda` has its own module (tui/commands/agenda.py)."""

from __future__ import annotations

import sys

from casefile.actions.supplier_improvement import record_improvement
from casefile.actions.supplier_merge import merge_suppliers, supplier_merges
from casefile.actions.switching_recorded import switching_recorded
from casefile.rules.across import rate_note
from casefile.rules.settings import load_settings
from casefile.rules.supplier_record import keys_of, may_concern, supplier_record
from casefile.values import clock
from casefile.values.errors import InputError
from casefile.values.money import fmt_cny
from tui.commands.common import flag_names, noted, open_workspace, print_json

IMPROVEMENT_FLAGS = {"supplier": "NAME", "reason": "--reason", "on": "--on"}
MERGE_FLAGS = {"alias": "FROM", "canonical": "INTO", "reason": "--reason"}


def register(sub) -> None:
    p = sub.add_parser("supplier", help="a supplier's record across its orders: switching severity, failures, money")
    p.add_argument("name", metavar="NAME", help="the supplier's name, in any spelling (case, spacing, 'Co., Ltd.')")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_supplier)

    p = sub.add_parser("supplier-merge", help="record that two spellings are one supplier (with --reason)")
    p.add_argument("alias", metavar="FROM", help="the spelling to merge away")
    p.add_argument("into", metavar="INTO", help="the name the supplier goes by")
    p.add_argument("--reason", metavar="TEXT", required=True, help="why they are one supplier (recorded)")
    p.set_defaults(func=cmd_supplier_merge)

    p = sub.add_parser("supplier-improvement",
                       help="record that a discontinued supplier improved: its lots go back on tightened (with --reason)")
    p.add_argument("name", metavar="NAME", help="the supplier's name, in any spelling")
    p.add_argument("--reason", metavar="TEXT", required=True, help="what the supplier did to improve (recorded)")
    p.add_argument("--on", metavar="DATE", help="the day inspection resumes, YYYY-MM-DD (default today)")
    p.set_defaults(func=cmd_supplier_improvement)


def cmd_supplier(args) -> int:
    ws = open_workspace(args)
    settings = load_settings(ws.root)
    today = clock.today()
    merges = supplier_merges(ws.root)
    recorded = switching_recorded(ws.root)

    def record_from(summaries):
        return supplier_record(args.name, summaries, today, merges=merges, home_currency=settings.home_currency,
                              recorded=recorded)

    listing = ws.list_cases(may_concern(keys_of(args.name, merges)))  # validating only what may count
    try:
        record = record_from(listing.summaries)
    except InputError:  # none of its cases: the names to suggest are every case's supplier
        record = record_from(noted(ws.list_cases()))
    noted(listing)
    if args.json:
        print_json(record.as_json())
        return 0
    fmt_home = settings.format_home
    lines = [record.supplier, f"severity: {record.reason}"]
    rate = record.failure_rate
    lines.append(f"lots inspected: {len(record.inspections)}, rejected on first inspection: {record.rejected}"
                 + (f" (failure rate {rate * 100:.0f}%)" if rate is not None else ""))
    for i in record.inspections:
        lines.append(f"  {i.on.isoformat()}  {i.po:<20} {'accepted' if i.accepted else 'REJECTED'}")
    for i in record.improvements:
        lines.append(f"  {i.on.isoformat()}  improvement recorded by {i.by}: {i.reason}")
    recurring = [t for t in record.defect_types if t[1] > 1]
    if recurring:
        lines.append("recurring defects: " + "; ".join(f"{t} in {n} orders ({u} units)" for t, n, u in recurring))
    lines.append(f"deadlines met {record.deadlines_met}, missed {record.deadlines_missed}")
    money = record.money
    home = (lambda k: f" ({fmt_home(money[k])})" if money[k] is not None else "")
    lines.append(f"held {fmt_cny(money['held_cny'])}{home('held_home')}; "
                 f"at risk {fmt_cny(money['at_risk_cny'])}{home('at_risk_home')}")
    lines.append(rate_note(record.rate, record.home_currency))
    lines.append("cases:")
    lines += [f"  {s.po:<20} {s.status_text(today)}" for s in record.cases]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def cmd_supplier_merge(args) -> int:
    ws = open_workspace(args)
    try:
        record = merge_suppliers(ws, args.alias, args.into, args.reason)
    except InputError as exc:  # the record's own checks name its fields ("alias: required")
        raise InputError(flag_names(str(exc), MERGE_FLAGS)) from None
    print(f"merged: {record.alias!r} is now the supplier {record.canonical!r} (recorded by {record.by})")
    return 0


def cmd_supplier_improvement(args) -> int:
    ws = open_workspace(args)
    try:
        record = record_improvement(ws, args.name, args.reason, args.on)
    except InputError as exc:
        raise InputError(flag_names(str(exc), IMPROVEMENT_FLAGS)) from None
    print(f"improvement recorded: {record.supplier!r} is on tightened inspection from {record.on.isoformat()} "
          f"(recorded by {record.by})")
    return 0
