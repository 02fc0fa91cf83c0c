"""The agenda: what every case waits on, most urgent first, and the money at stake."""

from __future__ import annotations

from casefile.records.case_summary import CaseSummary
from casefile.rules.across import rate_note
from casefile.rules.agenda import Agenda, agenda
from casefile.rules.settings import load_settings
from casefile.values import clock
from casefile.values.money import fmt_cny
from screens.across_screen import MAX_ROWS, AcrossScreen
from screens.widgets.plain import PlainStatic, plain
from screens.workers import start_load

KIND_WORDS = {"deadline": "deadline", "refund-due": "refund", "rate-quote": "rate quote",
              "balance-waiting": "balance", "no-decision": "decide"}


class AgendaScreen(AcrossScreen):
    COLUMNS = (("Due", 13), ("PO", 13), ("Kind", 10), ("What", 0))
    TITLE_TEXT = "Agenda · most urgent first"

    def __init__(self, ws, listed: list[CaseSummary] | None = None) -> None:
        super().__init__(ws)
        # the case list's summaries, every case as it was just shown: the first paint reads the
        # index no second time (0.1 s at 10,000 cases); a reload after a change reads it afresh
        self._listed = listed

    def reload(self) -> None:
        listed, self._listed = self._listed, None
        start_load(self, lambda: self.fetch(listed))

    def fetch(self, listed: list[CaseSummary] | None = None) -> tuple[Agenda, object]:
        settings = load_settings(self.ws.root)
        summaries = self.ws.list_summaries() if listed is None else listed
        return agenda(summaries, clock.today(), settings.home_currency), settings

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
