"""Plain-text views of a case for the terminal (no Textual)."""

from __future__ import annotations

from casefile.records.po import po_words
from casefile.rules.assessment import assess
from casefile.rules.judgement import inspections
from casefile.values import clock
from casefile.values.currency import DEFAULT_HOME_CURRENCY, fmt_home
from casefile.values.money import cny_to_ngn, fmt_cny, fmt_rate


def render_case(state, home: str = DEFAULT_HOME_CURRENCY) -> str:
    """The case as text; `home` is the workspace's home currency, for the planning rate."""
    c = state.case
    assessed = assess(state)
    t = assessed.totals
    held = f"{fmt_cny(t.balance_held_cny)} held"
    if c.planning_rate is not None:
        held += f" ({fmt_home(cny_to_ngn(t.balance_held_cny, c.planning_rate), home)} at {fmt_rate(c.planning_rate)} {home}/CNY planning rate)"
    lines = [
        f"{po_words(c.po)}  ·  {c.supplier}  ·  {c.product}",
        f"status:   {assessed.phase_text}",
        f"order:    {c.quantity:,} units, {fmt_cny(c.order_value_cny)}  (deposit {fmt_cny(c.deposit_cny)}, balance {fmt_cny(c.balance_cny)})",
        f"balance:  {fmt_cny(t.balance_paid_cny)} paid, {held}",
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
