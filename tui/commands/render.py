"""Plain-text views of a case for the terminal (no Textual)."""

from __future__ import annotations

from casefile.rules.assessment import assess
from casefile.rules.judgement import inspections
from casefile.values import clock
from casefile.values.money import fmt_cny


def render_case(state) -> str:
    c = state.case
    assessed = assess(state)
    t = assessed.totals
    lines = [
        f"PO {c.po}  ·  {c.supplier}  ·  {c.product}",
        f"status:   {assessed.phase_text}",
        f"order:    {c.quantity:,} units, {fmt_cny(c.order_value_cny)}  (deposit {fmt_cny(c.deposit_cny)}, balance {fmt_cny(c.balance_cny)})",
        f"balance:  {fmt_cny(t.balance_paid_cny)} paid, {fmt_cny(t.balance_held_cny)} held",
        f"AQL:      critical {c.aql.critical}, major {c.aql.major}, minor {c.aql.minor}, level {c.aql.level}",
    ]
    for p in c.spec_points:
        lines.append(f"  {p.kind} {p.key}: {p.text}")
    today = clock.today()
    for d in assessed.deadlines:
        late = " OVERDUE" if d.due < today else ""
        lines.append(f"deadline: {d.due:%-d %b %Y} {d.what}{late}")
    for r in inspections(state):  # the short ids `diagnose --report` and `decide --report` take
        lines.append(f"report {r.id[:8]}: {r.kind} of {r.date:%-d %b %Y} by {r.company}, inspector's verdict {r.verdict}")
    lines.append(f"reports: {len(state.reports)}  log entries: {len(state.correspondence)}  payments: {len(state.payments)}")
    return "\n".join(lines) + "\n"
