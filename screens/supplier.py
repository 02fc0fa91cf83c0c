"""A supplier's record across its orders: the switching severity and why, its first
inspections, recurring defects, deadlines kept, and the money held with it."""

from __future__ import annotations

from casefile.actions.supplier_merge import supplier_merges
from casefile.actions.switching_recorded import switching_recorded
from casefile.rules.across import rate_note
from casefile.rules.settings import load_settings
from casefile.rules.supplier_record import supplier_record
from casefile.values import clock
from casefile.values.money import fmt_cny
from screens.across_screen import MAX_ROWS, AcrossScreen
from screens.actions import bindings
from screens.improvement_form import ImprovementForm
from screens.widgets.plain import PlainStatic
from screens.widgets.title_bar import TitleBar


class SupplierScreen(AcrossScreen):
    COLUMNS = (("PO", 14), ("First insp.", 11), ("Result", 8), ("Status", 0))
    BINDINGS = bindings("supplier")

    def __init__(self, ws, po: str) -> None:
        super().__init__(ws)
        self.po = po  # the case it was opened from
        self.record = None  # the supplier's record, once loaded

    def fetch(self):
        settings = load_settings(self.ws.root)
        name = self.ws.load(self.po).case.supplier
        return supplier_record(name, self.ws.list_summaries(), clock.today(),
                               merges=supplier_merges(self.ws.root), home_currency=settings.home_currency,
                               recorded=switching_recorded(self.ws.root)), settings

    def show(self, data) -> None:
        r, settings = data
        self.record = r
        today = clock.today()
        self.query_one("#title", TitleBar).update(f"Supplier · {r.supplier}")
        firsts = {i.po: i for i in r.inspections}
        rows = []
        for s in r.cases[:MAX_ROWS]:  # only those shown are made into rows
            first = firsts.get(s.po)
            rows.append((s.po, [s.po, f"{first.on:%-d %b %Y}" if first else "-",
                                ("accepted" if first.accepted else "REJECTED") if first else "-", s.status_text(today)]))
        self.fill(rows)
        rate = r.failure_rate
        recurring = [f"{t} ×{n}" for t, n, _ in r.defect_types if n > 1]
        lines = [f"Severity: {r.reason}",
                 f"{len(r.inspections)} lot{'s' if len(r.inspections) != 1 else ''} inspected, {r.rejected} rejected"
                 + (f" ({rate * 100:.0f}%)" if rate is not None else "")
                 + f" · deadlines met {r.deadlines_met}, missed {r.deadlines_missed}"]
        if recurring:
            lines.append("Recurring: " + ", ".join(recurring))
        lines += [f"Improvement recorded {i.on:%-d %b %Y} by {i.by}: {i.reason}" for i in r.improvements[-2:]]
        self.query_one("#facts", PlainStatic).update("\n".join(lines))
        m = r.money
        home = (lambda k: f" ({settings.format_home(m[k])})" if m[k] is not None else "")
        self.query_one("#totals", PlainStatic).update(
            f"Held {fmt_cny(m['held_cny'])}{home('held_home')} · at risk {fmt_cny(m['at_risk_cny'])}{home('at_risk_home')}"
            f"\n{rate_note(r.rate, r.home_currency)}")

    def action_record_improvement(self) -> None:
        if self.record is not None:  # the form names the supplier as loaded
            self.app.push_screen(ImprovementForm(self.ws, self.record.supplier, self.record.reason),
                                 lambda _: self.reload())
