"""init, new, list, show, check."""

from __future__ import annotations

import sys

from casefile.actions.accept import accept_changes
from casefile.actions.check_words import check_words
from casefile.actions.create import create_case, create_from_report
from casefile.actions.edit import describe_change, edit_case
from casefile.actions.workspace import Workspace, resolve_workspace
from casefile.records.case import Case, SpecPoint
from casefile.records.po import po_words
from casefile.rules.settings import load_settings
from casefile.values.errors import ConflictError, InputError, StaleView
from casefile.values.text import shorten
from casefile.values.units import whole_number
from tui.commands.common import (
    flag_names,
    open_workspace,
    po_argument,
    print_json,
    split_pair,
    validate,
)
from tui.commands.render import render_case
from tui.commands.shared_args import given
from tui.terminal import progress_line

CASE_FLAGS = {
    "po": "PO", "supplier": "--supplier", "supplier_contact": "--supplier-contact", "product": "--product", "quantity": "--quantity",
    "order_value_cny": "--order-value-cny", "deposit_cny": "--deposit-cny",
    "golden_sample_ref": "--golden-sample", "aql.critical": "--aql-critical",
    "aql.major": "--aql-major", "aql.minor": "--aql-minor", "aql.level": "--level",
    "ship_window_start": "--ship-from", "ship_window_end": "--ship-by",
    "refund_terms": "--refund-terms", "deposit_refundable_percent": "--refundable-percent",
    "reinspection_fee_cny": "--reinspection-fee-cny", "planning_rate": "--rate",
    "spec_points": "--spec/--golden",  # a key given to two points, of either kind
}


def register(sub) -> None:
    p = sub.add_parser("init", help="create a workspace (private, or shared with a group)")
    p.add_argument("--shared-group", metavar="GROUP", help="share with this OS group (folder 2770, files 0660)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("new", help="open a case for a purchase order (or from its inspection report)")
    _case_arguments(p, new=True)
    p.add_argument("--from-report", metavar="FILE",
                   help="take supplier, product, quantity, AQLs, level and points from this report, then import it "
                        "(give the money; flags given win over the report)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("edit", help="change a case's order or agreed standard (recorded, with --reason)")
    _case_arguments(p, new=False)
    p.add_argument("--reason", metavar="TEXT", default="",
                   help="why (recorded; required to change the AQL, level, spec or golden points, or the fee)")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("show", help="show one case")
    p.add_argument("po", metavar="PO")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("check", help="verify every case file and its seals; exit 1 naming each bad or changed one")
    p.add_argument("--rebuild-index", action="store_true", help="rebuild the case list index from the case files")
    p.add_argument("--accept", metavar="PO", help="accept a case's changes made outside Casefile (with --reason)")
    p.add_argument("--reason", metavar="TEXT", default="", help="why the change is accepted (recorded)")
    p.set_defaults(func=cmd_check)


def _case_arguments(p, *, new: bool) -> None:
    """The case's fields, for `new` (the order's needed unless a report gives them, the usual
    AQL by default) and for `edit` (each optional: only the fields given change; --spec/--golden replace the lists)."""
    # cmd_new says which of the order's fields are missing; the AQL terms left out take the case's defaults
    usual = " (new: default {})" if new else ""
    p.add_argument("po", metavar="PO", help="the PO number as you write it, e.g. PO/2026/114")
    p.add_argument("--supplier")
    p.add_argument("--supplier-contact", metavar="NAME", help="the person letters are addressed to, e.g. 'Ms Chen Li'")
    p.add_argument("--product")
    p.add_argument("--quantity", help="units in the order (the lot size)")
    p.add_argument("--order-value-cny", metavar="CNY")
    p.add_argument("--deposit-cny", metavar="CNY")
    p.add_argument("--spec", action="append", default=[], metavar="KEY=TEXT", help="a spec point (repeat)")
    p.add_argument("--golden", action="append", default=[], metavar="KEY=TEXT", help="a golden-sample point (repeat)")
    p.add_argument("--golden-sample", metavar="REF", help="golden sample reference")
    p.add_argument("--aql-critical", metavar="AQL", help=usual.format("0"))
    p.add_argument("--aql-major", metavar="AQL", help=usual.format("2.5"))
    p.add_argument("--aql-minor", metavar="AQL", help=usual.format("4.0"))
    p.add_argument("--level", help="inspection level: I II III S-1..S-4" + usual.format("II"))
    p.add_argument("--ship-from", metavar="DATE", help="shipping window start, YYYY-MM-DD")
    p.add_argument("--ship-by", metavar="DATE", help="shipping window end, YYYY-MM-DD")
    p.add_argument("--refund-terms", metavar="TEXT")
    p.add_argument("--refundable-percent", metavar="PCT", help="share of the deposit the terms let you recover")
    p.add_argument("--reinspection-fee-cny", metavar="CNY")
    p.add_argument("--rate", metavar="RATE", help="planning rate, home currency (settings; NGN by default) per 1 CNY")


def cmd_init(args) -> int:
    ws = Workspace.init(resolve_workspace(args.data), shared_group=args.shared_group)
    kind = f"shared with group {ws.shared_group}" if ws.shared_group else "private"
    print(f"workspace ready at {ws.root} ({kind})")
    return 0


def _points(texts: list[str], flag: str, kind: str) -> list[dict]:
    """Each point checked as typed, so a refusal names the flag and the point, not its place
    in the case's list of points ("spec_points.3.text")."""
    points = []
    for key, text in (split_pair(s, flag) for s in texts):
        point = {"key": key, "text": text, "kind": kind}
        validate(SpecPoint, point, {"key": f"{flag} key", "text": f"{flag} {shorten(key, 20)}"})
        points.append(point)
    return points


def case_input(args, current=None) -> dict:
    """The fields given on the command line (for `edit`, those given change `current`)."""
    data = given(
        po=args.po, supplier=args.supplier, supplier_contact=args.supplier_contact, product=args.product,
        quantity=whole_number(args.quantity, "--quantity") if args.quantity is not None else None,
        order_value_cny=args.order_value_cny, deposit_cny=args.deposit_cny,
        golden_sample_ref=args.golden_sample, ship_window_start=args.ship_from,
        ship_window_end=args.ship_by, refund_terms=args.refund_terms,
        deposit_refundable_percent=args.refundable_percent,
        reinspection_fee_cny=args.reinspection_fee_cny, planning_rate=args.rate,
    )
    aql = given(critical=args.aql_critical, major=args.aql_major, minor=args.aql_minor, level=args.level)
    if aql:
        data["aql"] = aql
    spec, golden = _points(args.spec, "--spec", "spec"), _points(args.golden, "--golden", "golden-sample")
    if current is None:
        data["spec_points"] = spec + golden
    elif spec or golden:  # each list given replaces that kind of point; the other stays
        kept = [p.model_dump(mode="json") for p in current.spec_points]
        data["spec_points"] = (spec or [p for p in kept if p["kind"] == "spec"]) + (
            golden or [p for p in kept if p["kind"] == "golden-sample"])
    return data


_ORDER_FLAGS = ("supplier", "product", "quantity", "order_value_cny", "deposit_cny")


def cmd_new(args) -> int:
    if args.from_report:
        return _new_from_report(args)
    missing = [CASE_FLAGS[f] for f in _ORDER_FLAGS if getattr(args, f) is None]
    if missing:
        raise InputError(f"the following arguments are required: {', '.join(missing)} "
                         "(or --from-report FILE, which gives all but the money)")
    # the workspace's settings (a default when it is new): a refused rate names its currency
    case = validate(Case, case_input(args), CASE_FLAGS, load_settings(resolve_workspace(args.data)).validation_context())
    ws = open_workspace(args, create=True)
    create_case(ws, case)
    print(f"case {case.po} opened")
    return 0


def _new_from_report(args) -> int:
    po = po_argument(args.po)
    given = case_input(args)
    if not given["spec_points"]:
        del given["spec_points"]  # none typed: the report's
    ws = open_workspace(args, create=True)
    try:
        state, case, report, added = create_from_report(ws, po, args.from_report, given)
    except InputError as exc:
        raise InputError(flag_names(str(exc), CASE_FLAGS)) from None
    print(f"case {case.po} opened from {args.from_report}: {case.supplier}, {case.product}, {case.quantity:,} units")
    print(f"imported into {po}: {report.kind} of {report.date:%-d %b %Y} by {report.company} (id {report.id})"
          if added else f"report {report.id} was already imported into {po}; nothing changed")
    return 0


def cmd_edit(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    state = ws.load(po)
    changes = case_input(args, state.case)
    try:  # edited from what was just read: a change made meanwhile is refused (exit 4)
        after = edit_case(ws, po, changes, args.reason, expected_revision=state.revision)
    except InputError as exc:
        raise InputError(flag_names(str(exc), {**CASE_FLAGS, "reason": "--reason"})) from None
    except StaleView as exc:  # a script has no form that keeps its input and no reload key
        raise ConflictError(
            f"PO {po} was changed{exc.changed_by} while this edit ran (revision {exc.revision}, it read "
            f"{exc.expected}). Nothing was saved: see their change (`casefile show {po}`), then run the "
            "edit again if it is still needed") from None
    if after.revision == state.revision:
        print(f"case {po}: no field changed")
        return 0
    for change in after.history[-1].changes:
        print(f"{po}: {describe_change(change)}")
    return 0


def cmd_show(args) -> int:
    ws = open_workspace(args)
    state = ws.load(po_argument(args.po))
    if args.json:
        print_json(state.model_dump(mode="json"))
    else:
        sys.stdout.write(render_case(state, load_settings(ws.root).home_currency))
    return 0


def cmd_check(args) -> int:
    ws = open_workspace(args)
    if args.accept is not None:
        return _accept(ws, args)
    if args.reason:
        raise InputError("--reason: goes with --accept PO, the case whose changes you accept")
    # a rebuild then judges every lot again, in date order: a second count on the same line's label
    label = "checking case files, then each lot in date order" if args.rebuild_index else "checking case files"
    load_settings(ws.root)  # a settings file the other commands refuse is named here too, first
    result = ws.check(rebuild_index=args.rebuild_index, progress=progress_line(label))
    words = check_words(result)
    for line in words.problems:
        print(line, file=sys.stderr)
    print(words.summary)
    return 0 if result.ok else 1


def _accept(ws, args) -> int:
    po = po_argument(args.accept)
    try:
        state = accept_changes(ws, po, args.reason)
    except InputError as exc:
        raise InputError(flag_names(str(exc), {"reason": "--reason"})) from None
    event = state.history[-1]
    print(f"{po_words(po)}: accepted as it is now by {event.actor} (revision {state.revision}); "
          "the history keeps what was changed and why")
    return 0
