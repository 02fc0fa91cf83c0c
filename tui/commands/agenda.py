"""`casefile agenda`: what every case waits on, most urgent first, and the money at stake,
from the case list index. Its own module, so that it imports none of the supplier
commands' actions (the whole process within half a second for 10,000 cases)."""

from __future__ import annotations

from casefile.records.case_summary import AgendaView
from casefile.rules.agenda import agenda
from casefile.rules.across import rate_note
from casefile.rules.settings import load_settings
from casefile.values import clock
from casefile.values.money import fmt_cny
from tui.commands.common import noted, open_workspace, print_json


def register(sub) -> None:
    p = sub.add_parser("agenda", help="what every case waits on, most urgent first, and the money at stake")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_agenda)


def cmd_agenda(args) -> int:
    ws = open_workspace(args)
    settings = load_settings(ws.root)
    today = clock.today()
    a = agenda(noted(ws.list_cases(view=AgendaView)), today, settings.home_currency)  # its fields alone validated
    if args.json:
        print_json(a.as_json())
        return 0
    if not a.items:
        print("nothing on the agenda")
    for i in a.items:
        when = f"{'OVERDUE ' if i.overdue else ''}{i.due.isoformat()}" if i.due else "-"
        print(f"{when:<19} {i.po:<20} {i.what}")
    t = a.totals
    home = (lambda k: f" ({settings.format_home(t[k])})" if t[k] is not None else "")
    print(f"held {fmt_cny(t['held_cny'])}{home('held_home')}; at risk {fmt_cny(t['at_risk_cny'])}{home('at_risk_home')}; "
          f"refunds due {fmt_cny(t['refund_due_cny'])}{home('refund_due_home')}")
    print(rate_note(a.rate, a.home_currency))
    return 0
