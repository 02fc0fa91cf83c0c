"""`casefile list`: every case's line, from the case list index. Its own module, so that
running it imports no other command's actions (scripts call it often; 0.5 s for 10,000
cases, the whole process)."""

from __future__ import annotations

import sys
from json.encoder import encode_basestring  # json.dumps(text, ensure_ascii=False), one C call

from casefile.values import clock
from casefile.values.text import shorten
from tui.commands.common import noted, open_workspace, print_json_lines

_INTERNAL = {"file_stamp"}  # the index's own bookkeeping


def register(sub) -> None:
    p = sub.add_parser("list", help="list the cases")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)


def cmd_list(args) -> int:
    ws = open_workspace(args)
    today = clock.today()
    summaries = noted(ws.list_cases())
    if args.json:
        # each summary encoded by pydantic in one go, plus the two fields relative to today:
        # 10,000 cases must print within the half second a script waits
        print_json_lines([
            f'{s.model_dump_json(exclude=_INTERNAL)[:-1]},"status":{encode_basestring(s.status_text(today))},'
            f'"overdue":{"true" if s.overdue(today) else "false"}}}'
            for s in summaries
        ])
        return 0
    if not summaries:
        print(f"no cases yet in {ws.root}; `casefile new PO ...` opens one")
        return 0
    lines = []
    for s in summaries:
        flag = "!" if s.overdue(today) else " "
        status = f"UNREADABLE: {s.unreadable[:100]}; `casefile check` names it" if s.unreadable else s.status_text(today)
        lines.append(f"{flag} {s.po:<20} {shorten(s.supplier, 24):<24} {status}\n")
    sys.stdout.write("".join(lines))  # one write, not one per case
    return 0
