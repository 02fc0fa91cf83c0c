"""note: append a correspondence entry."""

from __future__ import annotations

from casefile.correspondence import CHANNELS, DIRECTIONS, EntryDraft
from casefile.logbook import append_entry
from casefile.parse import po_argument
from tui.commands.common import open_workspace, validate


def register(sub) -> None:
    p = sub.add_parser("note", help="append an entry to a case's correspondence log")
    p.add_argument("po", metavar="PO")
    p.add_argument("--subject", required=True)
    p.add_argument("--body", default="")
    p.add_argument("--direction", choices=DIRECTIONS, default="internal")
    p.add_argument("--channel", choices=CHANNELS, default="email")
    p.add_argument("--deadline", metavar="DATE", help="reply or action due, YYYY-MM-DD")
    p.add_argument("--agreement", action="store_true", help="this records the supplier's written agreement to terms")
    p.add_argument("--corrects", metavar="ENTRY_ID", help="id of the entry this one corrects")
    p.add_argument("--resolves", metavar="ENTRY_ID", help="id of the entry whose deadline this settles")
    p.add_argument("--ref", action="append", default=[], metavar="REF", help="a reference: report, spec point, payment (repeat)")
    p.add_argument("--id", metavar="HEX", help="entry id, so a retried command is a no-op")
    p.set_defaults(func=cmd_note)


def cmd_note(args) -> int:
    po = po_argument(args.po)
    data = {
        "direction": args.direction, "channel": args.channel, "subject": args.subject,
        "body": args.body, "references": args.ref, "deadline": args.deadline,
        "written_agreement": args.agreement, "corrects": args.corrects, "resolves": args.resolves,
    }
    if args.id:
        data["id"] = args.id
    draft = validate(EntryDraft, data, {"subject": "--subject", "body": "--body", "deadline": "--deadline", "id": "--id"})
    ws = open_workspace(args)
    append_entry(ws, po, draft)
    print(f"logged on {po}: {draft.subject} (id {draft.id})")
    return 0
