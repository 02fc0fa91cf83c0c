"""The agenda: what every case waits on, most urgent first, and the money at stake."""

from __future__ import annotations

from casefile.rules.across import rate_note
from casefile.rules.agenda import Agenda, agenda
from casefile.rules.settings import load_settings
from casefile.values import clock
from casefile.values.money import fmt_cny
from screens.across_screen import MAX_ROWS, AcrossScreen
from screens.widgets.plain import PlainStatic, plain

KIND_WORDS = {"deadline": "deadline", "refund-due": "refund", "rate-quote": "rate quote",
              "balance-waiting": "balance", "no-decision": "decide"}


class AgendaScreen(AcrossScreen):
    COLUMNS = (("Due", 13), ("PO", 13), ("Kind", 10), ("What", 0))
    TITLE_TEXT = "Agenda · most urgent first"

    def fetch(self) -> tuple[Agenda, object]:
        settings = load_settings(self.ws.root)
        return agenda(self.ws.list_summaries(), clock.today(), settings.home_currency), settings

    def show(self, data) -> None:
        a, settings = data
        rows = []
        for i in a.items[:MAX_ROWS]:  # of 20,000 items, only those shown are made into rows
            due = ("! " if i.overdue else "") + (f"{i.due:%-d %b %Y}" if i.due else "-")
            style = "bold red" if i.overdue else ""
            rows.append((i.po, [plain(due, style), i.po, KIND_WORDS[i.kind], i.what]))
        self.fill(rows)
        more = f" (the {MAX_ROWS} most urgent shown; `casefile agenda` lists all)" if len(a.items) > MAX_ROWS else ""
        self.query_one("#facts", PlainStatic).update(
            f"{len(a.items)} items, {a.overdue} overdue{more}" if a.items else "Nothing on the agenda.")
        t = a.totals
        home = (lambda k: f" ({settings.format_home(t[k])})" if t[k] is not None else "")
        self.query_one("#totals", PlainStatic).update(
            f"Held {fmt_cny(t['held_cny'])}{home('held_home')} · at risk {fmt_cny(t['at_risk_cny'])}"
            f"{home('at_risk_home')}\nRefunds due {fmt_cny(t['refund_due_cny'])}{home('refund_due_home')}"
            f"\n{rate_note(a.rate, a.home_currency)}")
