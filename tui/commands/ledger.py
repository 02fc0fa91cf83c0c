"""pay, payment, quote, ledger: the money of a case, through the balance gate."""

from __future__ import annotations

import sys

from casefile.actions.pay import PaymentDraft, record_payment, record_quote, set_payment_status
from casefile.records.payment import KIND_TITLES, PAYMENT_KINDS, RateQuote, fmt_rate
from casefile.records.po import po_words
from casefile.rules.gate import balance_gate
from casefile.rules.payment_lines import find_line, payment_lines
from casefile.rules.record_ids import resolve_id
from casefile.rules.totals import Amount, totals
from casefile.values import clock
from casefile.values.errors import InputError
from casefile.rules.settings import load_settings
from casefile.values.currency import DEFAULT_HOME_CURRENCY, fmt_home
from casefile.values.money import ROUNDING_NAME, fmt_cny
from tui.commands.common import flag_names, open_workspace, po_argument, print_json, validate
from tui.commands.shared_args import given, rate_argument

PAY_FLAGS = {
    "kind": "--kind", "cny": "--cny", "rate": "--rate", "ngn": "--ngn", "receipt": "--receipt",
    "quote_expires_at": "--quote-expires", "quote_id": "--quote", "method": "--method",
    "status": "--status", "id": "--id", "quoted_by": "--quoted-by", "note": "--note",
}


def register(sub) -> None:
    p = sub.add_parser("pay", help="record a payment (a balance only through the balance gate)")
    p.add_argument("po", metavar="PO")
    p.add_argument("--kind", required=True, choices=PAYMENT_KINDS)
    p.add_argument("--cny", required=True, metavar="X", help="amount in CNY, e.g. 58800.00")
    p.add_argument("--rate", metavar="R", help="home currency (settings; NGN by default) per 1 CNY, e.g. 215.5000 (or --quote)")
    p.add_argument("--quote", metavar="QUOTE_ID", help="use a recorded rate quote (the id `ledger` shows)")
    p.add_argument("--ngn", metavar="Y", help="the home-currency amount that funds it; must equal CNY x rate rounded half-up")
    p.add_argument("--quote-expires", metavar="ISO", help="when the rate quote expires (UTC), e.g. 2026-11-26T17:00")
    p.add_argument("--quoted-by", metavar="WHO", help="who quoted the rate")
    p.add_argument("--receipt", metavar="REF", help="receipt reference (needed once paid)")
    p.add_argument("--method", metavar="M", help="e.g. Alipay, bank transfer")
    p.add_argument("--status", choices=("requested", "paid"), default="paid")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--id", metavar="HEX", help="payment id, so a retried command is a no-op")
    p.set_defaults(func=cmd_pay)

    p = sub.add_parser("payment", help="move a payment on: requested -> paid or withdrawn; paid -> refunded")
    p.add_argument("po", metavar="PO")
    p.add_argument("payment", metavar="PAYMENT_ID", help="the id `ledger` shows (or a unique prefix of at least 6 characters)")
    p.add_argument("--status", required=True, choices=("paid", "withdrawn", "refunded"))
    p.add_argument("--receipt", metavar="REF")
    p.add_argument("--note", metavar="TEXT", default="")
    p.add_argument("--id", metavar="HEX", help="id of the status record, so a retry is a no-op")
    p.set_defaults(func=cmd_payment)

    p = sub.add_parser("quote", help="record a rate quote (home currency per 1 CNY) with its expiry")
    p.add_argument("po", metavar="PO")
    p.add_argument("--rate", required=True, metavar="R")
    p.add_argument("--expires", required=True, metavar="ISO", help="when it expires (UTC)")
    p.add_argument("--by", metavar="WHO", default="not stated", help="who quoted it")
    p.add_argument("--source", metavar="S", default="", help="where it came from, e.g. an app screenshot")
    p.add_argument("--id", metavar="HEX")
    p.set_defaults(func=cmd_quote)

    p = sub.add_parser("ledger", help="show the payments, the totals and the balance gate")
    p.add_argument("po", metavar="PO")
    p.add_argument("--rate", metavar="R", help="home currency per 1 CNY for amounts not yet paid (default: current quote)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ledger)


def cmd_pay(args) -> int:
    # Every rule is the core's (PaymentDraft, record_payment): the payment form meets the same.
    po = po_argument(args.po)
    data = given(kind=args.kind, cny=args.cny, rate=args.rate, ngn=args.ngn, quote_id=args.quote,
                     quote_expires_at=args.quote_expires, quoted_by=args.quoted_by, receipt=args.receipt,
                     method=args.method, status=args.status, note=args.note, id=args.id)
    ws = open_workspace(args)
    if args.quote:
        data["quote_id"] = resolve_id(ws.load(po), "quotes", args.quote, "--quote",
                                      home=load_settings(ws.root).home_currency)
    draft = validate(PaymentDraft, data, PAY_FLAGS, load_settings(ws.root).validation_context())
    try:
        state = record_payment(ws, po, draft)
    except InputError as exc:
        raise InputError(flag_names(str(exc), {**PAY_FLAGS, "quote": "--quote"})) from None
    payment = state.find("payments", draft.id)
    print(f"{payment.status} on {po}: {payment.describe(load_settings(ws.root).home_currency)} (id {payment.id})")
    return 0


def cmd_payment(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    before = ws.load(po)
    # the payments the ledger lists (a status record follows one of them)
    payment_id = resolve_id(before, "payments", args.payment, "PAYMENT_ID",
                            [p for p in before.payments if p.follows is None], load_settings(ws.root).home_currency)
    try:
        after = set_payment_status(ws, po, payment_id, args.status, receipt=args.receipt or "", note=args.note,
                                   record_id=args.id)
    except InputError as exc:
        raise InputError(flag_names(str(exc), {"receipt": "--receipt", "id": "--id", "status": "--status"})) from None
    line = find_line(after, payment_id)
    receipt = f" (receipt {line.receipt})" if line.receipt else ""
    if after.revision == before.revision:
        print(f"payment {payment_id[:8]} on {po} was already {line.status}{receipt}; nothing changed")
    else:
        print(f"payment {payment_id[:8]} on {po} is {line.status}{receipt}")
    return 0


def cmd_quote(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    data = given(rate=args.rate, expires_at=args.expires, quoted_by=args.by, source=args.source,
                     recorded_by=ws.actor, id=args.id)
    quote = validate(RateQuote, data, {"rate": "--rate", "expires_at": "--expires", "quoted_by": "--by",
                                       "source": "--source", "id": "--id"},
                     load_settings(ws.root).validation_context())
    record_quote(ws, po, quote)
    print(f"quote on {po}: {fmt_rate(quote.rate)} {load_settings(ws.root).home_currency} per CNY until {quote.expires_at:%Y-%m-%d %H:%M} UTC (id {quote.id})")
    return 0


def _amount_json(a: Amount) -> dict:
    return {"cny": f"{a.cny:.2f}", "ngn": None if a.ngn is None else f"{a.ngn:.2f}"}


def ledger_json(state, rate=None) -> dict:
    t = totals(state, rate)
    g = balance_gate(state)
    return {
        "po": state.po,
        "rounding": ROUNDING_NAME,
        "payments": [
            {**line.payment.model_dump(mode="json"), "status": line.status, "receipt": line.receipt,
             "updates": [u.model_dump(mode="json") for u in line.updates]}
            for line in payment_lines(state)
        ],
        "quotes": [q.model_dump(mode="json") for q in state.quotes],
        "totals": {
            "rate": None if t.rate is None else fmt_rate(t.rate), "rate_source": t.rate_source,
            "balance_due_cny": f"{t.balance_due_cny:.2f}",
            **{name: _amount_json(getattr(t, name)) for name in (
                "paid", "deposit_paid", "balance_paid", "fees_paid", "refunded", "requested", "owed", "held", "at_risk")},
        },
        "gate": {"open": g.open, "reasons": g.reasons, "unlock": g.unlock, "route": g.route,
                 "balance_due_cny": f"{g.balance_due_cny:.2f}", "remaining_cny": f"{g.remaining_cny:.2f}"},
    }


def _money(a: Amount, at: str, home: str) -> str:
    money = fmt_home(a.ngn, home) if a.ngn is not None else f"{home} (no rate)"
    return f"{fmt_cny(a.cny):>16} {money:>20}{at}"


def render_ledger(state, rate=None, home: str = DEFAULT_HOME_CURRENCY) -> str:
    """The ledger as text; `home` is the workspace's home currency, what `ngn` fields hold."""
    t = totals(state, rate)
    g = balance_gate(state)
    lines = [f"Ledger of {po_words(state.po)} (rates in {home} per 1 CNY, rounded {ROUNDING_NAME})", ""]
    rows = payment_lines(state)
    if not rows:
        lines.append("  no payments yet")
    for line in rows:
        p = line.payment
        lines.append(f"  {p.id[:8]}  {KIND_TITLES[p.kind]:<18} {fmt_cny(p.cny):>14} {fmt_home(p.ngn, home):>18} "
                     f"@ {fmt_rate(p.rate)}  {line.status:<9} {line.receipt or '-'}  {p.method}".rstrip())
    now = clock.now()
    for q in state.quotes:  # the short ids `pay --quote` takes
        lines.append(f"  quote {q.id[:8]}  {fmt_rate(q.rate)} {home} per CNY from {q.quoted_by}, "
                     f"{'expired' if q.expired(now) else 'until'} {q.expires_at:%Y-%m-%d %H:%M} UTC")
    at = f"  at {fmt_rate(t.rate)} ({t.rate_source})" if t.rate is not None else ""
    lines += [
        "",
        f"  paid out  {_money(t.paid, '  as spent', home)}",
        f"  refunded  {_money(t.refunded, '  as received', home)}",
        f"  requested {_money(t.requested, '  at their locked rates', home)}",
        f"  owed      {_money(t.owed, at, home)}",
        f"  held      {_money(t.held, at, home)}",
        f"  at risk   {_money(t.at_risk, at, home)}",
        "",
    ]
    if g.open:
        lines.append(f"Balance UNLOCKED ({'inspection passed' if g.route == 'passed' else f'{g.route} agreed'}): "
                     f"{fmt_cny(g.remaining_cny)} of {fmt_cny(g.balance_due_cny)} may still be requested or paid")
    else:
        lines.append("Balance LOCKED")
        lines += [f"  why:       {r}" for r in g.reasons]
        lines += [f"  to unlock: {u}" for u in g.unlock]
    return "\n".join(lines) + "\n"


def cmd_ledger(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    rate = rate_argument(args.rate, home=load_settings(ws.root).home_currency)
    state = ws.load(po)
    if args.json:
        print_json(ledger_json(state, rate))
    else:
        sys.stdout.write(render_ledger(state, rate, load_settings(ws.root).home_currency))
    return 0
