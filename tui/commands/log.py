"""note, draft, log: the correspondence log and the message templates."""

from __future__ import annotations

import sys

from casefile.actions.note import append_entry
from casefile.records.log_chain import verify_chain
from casefile.records.log_entry import CHANNELS, DIRECTIONS, EntryDraft
from casefile.rules.letters import TEMPLATES, draft
from casefile.rules.log_view import EntryView, entry_views
from casefile.rules.record_ids import resolve_id
from casefile.values import clock
from casefile.values.errors import InputError
from tui.commands.common import flag_names, open_workspace, po_argument, print_json, validate
from tui.commands.shared_args import given

NOTE_FLAGS = {"subject": "--subject", "body": "--body", "deadline": "--deadline", "id": "--id",
              "deadline_for": "--deadline-for", "written_agreement": "--agreement", "corrects": "--corrects",
              "resolves": "--resolves", "references": "--ref"}
DRAFT_FLAGS = {term: f"--{term}" for term in ("deadline", "on", "company", "percent", "units", "template")}


def register(sub) -> None:
    p = sub.add_parser("note", help="append an entry to a case's correspondence log")
    p.add_argument("po", metavar="PO")
    p.add_argument("--subject", required=True)
    p.add_argument("--body", default="")
    p.add_argument("--direction", choices=DIRECTIONS, default="internal")
    p.add_argument("--channel", choices=CHANNELS, default="email")
    p.add_argument("--deadline", metavar="DATE", help="reply or action due, YYYY-MM-DD")
    p.add_argument("--deadline-for", metavar="WHAT", help="what is due, e.g. rework (default: supplier reply)")
    p.add_argument("--agreement", action="store_true", help="this records the supplier's written agreement to terms")
    p.add_argument("--corrects", metavar="ENTRY_ID", help="the entry this one corrects (the id `log` shows)")
    p.add_argument("--resolves", metavar="ENTRY_ID", help="the entry whose deadline this settles (the id `log` shows)")
    p.add_argument("--ref", action="append", default=[], metavar="REF", help="a reference: report, spec point, payment (repeat)")
    p.add_argument("--id", metavar="HEX", help="entry id, so a retried command is a no-op")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser("draft", help="draft a message to the supplier from the case's facts (printed, not logged)")
    p.add_argument("po", metavar="PO")
    p.add_argument("--template", required=True, choices=list(TEMPLATES),
                   help="; ".join(f"{t.key}: {t.title}" for t in TEMPLATES.values()))
    p.add_argument("--deadline", metavar="DATE", help="rework, replacement or refund due, YYYY-MM-DD")
    p.add_argument("--on", metavar="DATE", help="re-inspection date (reinspection template)")
    p.add_argument("--company", metavar="NAME", help="inspection company (reinspection template)")
    p.add_argument("--percent", metavar="PCT", help="discount percentage (discount template)")
    p.add_argument("--units", metavar="N", help="units to replace (replace template)")
    p.add_argument("--sent", action="store_true", help="you sent it: log it as a message to the supplier")
    p.add_argument("--channel", choices=CHANNELS, default="email", help="how it was sent (with --sent)")
    p.set_defaults(func=cmd_draft)

    p = sub.add_parser("log", help="show a case's correspondence log and its deadlines")
    p.add_argument("po", metavar="PO")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_log)


def cmd_note(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    data = {
        "direction": args.direction, "channel": args.channel, "subject": args.subject,
        "body": args.body, "references": args.ref, "deadline": args.deadline,
        "deadline_for": args.deadline_for or "",
        "written_agreement": args.agreement, "corrects": args.corrects, "resolves": args.resolves,
    }
    if args.corrects or args.resolves:
        state = ws.load(po)
        for key in ("corrects", "resolves"):
            if data[key]:
                data[key] = resolve_id(state, "correspondence", data[key], NOTE_FLAGS[key])
    if args.id:
        data["id"] = args.id
    entry = validate(EntryDraft, data, NOTE_FLAGS)
    append_entry(ws, po, entry)
    print(f"logged on {po}: {entry.subject} (id {entry.id})")
    return 0


def cmd_draft(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    terms = given(deadline=args.deadline, on=args.on, company=args.company, percent=args.percent, units=args.units)
    try:
        message = draft(ws.load(po), args.template, **terms)
    except InputError as exc:  # the core names the term ("percent: ..."), the form its field
        raise InputError(flag_names(str(exc), DRAFT_FLAGS)) from None
    if args.sent:
        message = message.model_copy(update={"channel": args.channel})
        append_entry(ws, po, message)
        print(f"logged on {po} as sent: {message.subject} (id {message.id})")
        return 0
    sys.stdout.write(f"Subject: {message.subject}\n\n{message.body}\n")
    if message.deadline:
        sys.stdout.write(f"\n(deadline: {message.deadline_for} by {message.deadline:%Y-%m-%d})\n")
    sys.stdout.write(f"\nNot logged. Once you have sent it: casefile draft {po} --template {args.template} ... --sent\n")
    return 0


def cmd_log(args) -> int:
    po = po_argument(args.po)
    state = open_workspace(args).load(po)
    views = entry_views(state, clock.today())

    def corrector(v: EntryView) -> str | None:
        return views[v.corrected_by - 1].entry.id if v.corrected_by else None

    broken = verify_chain(state.correspondence, state.history)
    if args.json:
        print_json({
            "po": po, "chain_ok": broken is None, "chain_problem": broken,
            "entries": [{**v.entry.model_dump(mode="json"), "corrected_by": corrector(v),
                         "deadline_open": v.deadline_open} for v in views],
        })
        return 0
    for v in views:
        e = v.entry
        marks = []
        if e.written_agreement:
            marks.append("AGREEMENT")
        if v.corrected_by:
            marks.append(f"corrected by {corrector(v)[:8]}")
        if e.deadline:
            state_word = ("OVERDUE" if v.overdue else "open") if v.deadline_open else "settled"
            marks.append(f"{e.due_what} due {e.deadline:%Y-%m-%d} ({state_word})")
        print(f"{v.number:>3}. {e.at:%Y-%m-%d %H:%M} {e.id[:8]} {e.direction:<13} {e.channel:<8} {e.subject}"
              + (f"  [{'; '.join(marks)}]" if marks else ""))
    if not state.correspondence:
        print(f"nothing logged on {po} yet; `casefile note {po} --subject ...` adds an entry")
    print("chain: " + (f"BROKEN: {broken}" if broken else "intact"))
    return 0
