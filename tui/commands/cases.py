"""init, new, list, show, check."""

from __future__ import annotations

import json
import sys

from casefile import clock
from casefile.case import Case
from casefile.store import Workspace
from casefile.workspace_path import resolve_workspace
from tui.commands.common import open_workspace, print_json, print_json_lines, split_pair, validate

CASE_FLAGS = {
    "po": "PO", "supplier": "--supplier", "product": "--product", "quantity": "--quantity",
    "order_value_cny": "--order-value-cny", "deposit_cny": "--deposit-cny",
    "golden_sample_ref": "--golden-sample", "aql.critical": "--aql-critical",
    "aql.major": "--aql-major", "aql.minor": "--aql-minor", "aql.level": "--level",
    "ship_window_start": "--ship-from", "ship_window_end": "--ship-by",
    "refund_terms": "--refund-terms", "deposit_refundable_percent": "--refundable-percent",
    "reinspection_fee_cny": "--reinspection-fee-cny", "planning_rate": "--rate",
}


def register(sub) -> None:
    p = sub.add_parser("init", help="create a workspace (private, or shared with a group)")
    p.add_argument("--shared-group", metavar="GROUP", help="share with this OS group (folder 2770, files 0660)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("new", help="open a case for a purchase order")
    p.add_argument("po", metavar="PO", help="the PO number as you write it, e.g. PO/2026/114")
    p.add_argument("--supplier", required=True)
    p.add_argument("--product", required=True)
    p.add_argument("--quantity", required=True, help="units in the order (the lot size)")
    p.add_argument("--order-value-cny", required=True, metavar="CNY")
    p.add_argument("--deposit-cny", required=True, metavar="CNY")
    p.add_argument("--spec", action="append", default=[], metavar="KEY=TEXT", help="a spec point (repeat)")
    p.add_argument("--golden", action="append", default=[], metavar="KEY=TEXT", help="a golden-sample point (repeat)")
    p.add_argument("--golden-sample", metavar="REF", help="golden sample reference")
    p.add_argument("--aql-critical", metavar="AQL", default="0")
    p.add_argument("--aql-major", metavar="AQL", default="2.5")
    p.add_argument("--aql-minor", metavar="AQL", default="4.0")
    p.add_argument("--level", default="II", help="inspection level: I II III S-1..S-4")
    p.add_argument("--ship-from", metavar="DATE", help="shipping window start, YYYY-MM-DD")
    p.add_argument("--ship-by", metavar="DATE", help="shipping window end, YYYY-MM-DD")
    p.add_argument("--refund-terms", metavar="TEXT")
    p.add_argument("--refundable-percent", metavar="PCT", help="share of the deposit the terms let you recover")
    p.add_argument("--reinspection-fee-cny", metavar="CNY")
    p.add_argument("--rate", metavar="NGN_PER_CNY", help="planning rate, NGN per 1 CNY")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("list", help="list the cases")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one case")
    p.add_argument("po", metavar="PO")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("check", help="verify every case file; exit 1 naming each bad one")
    p.add_argument("--rebuild-index", action="store_true", help="rebuild the case list index from the case files")
    p.set_defaults(func=cmd_check)


def cmd_init(args) -> int:
    ws = Workspace.init(resolve_workspace(args.data), shared_group=args.shared_group)
    kind = f"shared with group {ws.shared_group}" if ws.shared_group else "private"
    print(f"workspace ready at {ws.root} ({kind})")
    return 0


def case_input(args) -> dict:
    data = {
        "po": args.po, "supplier": args.supplier, "product": args.product,
        "quantity": _int(args.quantity, "--quantity"),
        "order_value_cny": args.order_value_cny, "deposit_cny": args.deposit_cny,
        "spec_points": [{"key": k, "text": t, "kind": "spec"} for k, t in (split_pair(s, "--spec") for s in args.spec)]
        + [{"key": k, "text": t, "kind": "golden-sample"} for k, t in (split_pair(s, "--golden") for s in args.golden)],
        "aql": {"critical": args.aql_critical, "major": args.aql_major, "minor": args.aql_minor, "level": args.level},
    }
    optional = {
        "golden_sample_ref": args.golden_sample, "ship_window_start": args.ship_from,
        "ship_window_end": args.ship_by, "refund_terms": args.refund_terms,
        "deposit_refundable_percent": args.refundable_percent,
        "reinspection_fee_cny": args.reinspection_fee_cny, "planning_rate": args.rate,
    }
    data.update({k: v for k, v in optional.items() if v is not None})
    return data


def _int(text: str, flag: str) -> int | str:
    from casefile.errors import InputError

    try:
        return int(text.replace(",", ""))
    except ValueError:
        raise InputError(f"{flag}: expected a whole number, e.g. 3000; got {text!r}") from None


def cmd_new(args) -> int:
    case = validate(Case, case_input(args), CASE_FLAGS)
    ws = open_workspace(args, create=True)
    ws.create(case)
    print(f"case {case.po} opened")
    return 0


def cmd_list(args) -> int:
    ws = open_workspace(args)
    today = clock.today()
    listing = ws.list_cases()
    summaries = listing.summaries
    if listing.index_problems:
        print(f"casefile: note: {listing.index_notice()}", file=sys.stderr)
    if args.json:
        # each summary encoded by pydantic in one go, plus the two fields relative to today:
        # 10,000 cases must print within the half second a script waits
        print_json_lines([
            f'{s.model_dump_json()[:-1]},"status":{json.dumps(s.status_text(today), ensure_ascii=False)},'
            f'"overdue":{json.dumps(s.overdue(today))}}}'
            for s in summaries
        ])
        return 0
    if not summaries:
        print(f"no cases yet in {ws.root}; `casefile new PO ...` opens one")
        return 0
    for s in summaries:
        flag = "!" if s.overdue(today) else " "
        print(f"{flag} {s.po:<20} {s.supplier[:24]:<24} {s.status_text(today)}")
    return 0


def cmd_show(args) -> int:
    from casefile.parse import po_argument
    from tui.commands.render import render_case

    ws = open_workspace(args)
    state = ws.load(po_argument(args.po))
    if args.json:
        print_json(state.model_dump(mode="json"))
    else:
        sys.stdout.write(render_case(state))
    return 0


def cmd_check(args) -> int:
    ws = open_workspace(args)
    result = ws.check(rebuild_index=args.rebuild_index)
    for exc in result.bad:
        print(f"BAD {exc}", file=sys.stderr)
    for problem in result.broken_chains:
        print(f"TAMPERED {problem}", file=sys.stderr)
    if result.index_stale and not result.index_rebuilt:
        print(f"index out of date for {len(result.index_stale)} case(s); run `casefile check --rebuild-index`", file=sys.stderr)
    print(
        f"checked {result.checked} case file(s): {len(result.bad)} unreadable, "
        f"{len(result.broken_chains)} with a broken log chain"
        + ("; index rebuilt" if result.index_rebuilt else "")
    )
    return 0 if result.ok else 1
