"""Plain-text views of a case for the terminal (no Textual)."""

from __future__ import annotations

from casefile import clock
from casefile.judgement import inspections
from casefile.ledger import totals
from casefile.money import fmt_cny
from casefile.status import case_status, open_deadlines


def render_case(state) -> str:
    c = state.case
    t = totals(state)
    _, phase = case_status(state)
    lines = [
        f"PO {c.po}  ·  {c.supplier}  ·  {c.product}",
        f"status:   {phase}",
        f"order:    {c.quantity:,} units, {fmt_cny(c.order_value_cny)}  (deposit {fmt_cny(c.deposit_cny)}, balance {fmt_cny(c.balance_cny)})",
        f"balance:  {fmt_cny(t.balance_paid_cny)} paid, {fmt_cny(t.balance_held_cny)} held",
        f"AQL:      critical {c.aql.critical}, major {c.aql.major}, minor {c.aql.minor}, level {c.aql.level}",
    ]
    for p in c.spec_points:
        lines.append(f"  {p.kind} {p.key}: {p.text}")
    today = clock.today()
    for d in open_deadlines(state):
        late = " OVERDUE" if d.due < today else ""
        lines.append(f"deadline: {d.due:%-d %b %Y} {d.what}{late}")
    for r in inspections(state):  # the short ids `diagnose --report` and `decide --report` take
        lines.append(f"report {r.id[:8]}: {r.kind} of {r.date:%-d %b %Y} by {r.company}, inspector's verdict {r.verdict}")
    lines.append(f"reports: {len(state.reports)}  log entries: {len(state.correspondence)}  payments: {len(state.payments)}")
    return "\n".join(lines) + "\n"
