"""attach, attachments, attachment: the inspector's files kept as evidence."""

from __future__ import annotations

from casefile.actions.attach import MAX_BYTES, attach_file
from casefile.actions.export import write_export
from casefile.rules.evidence import SHORT_ID, find_attachment
from casefile.values.errors import InputError
from tui.commands.common import flag_names, open_workspace, po_argument, print_json


def register(sub) -> None:
    p = sub.add_parser("attach", help="keep a file (the inspector's PDF, a photo) as evidence, as received")
    p.add_argument("po", metavar="PO")
    p.add_argument("file", metavar="FILE", help=f"a regular file of at most {MAX_BYTES:,} bytes")
    p.add_argument("--report", metavar="ID", help="the report it belongs to (the id `casefile show --json` lists)")
    p.add_argument("--note", metavar="TEXT", default="", help="what it is, e.g. \"photos of the scratched shades\"")
    p.set_defaults(func=cmd_attach)

    p = sub.add_parser("attachments", help="list a case's attached files: id, name, size, sha256, report, who/when")
    p.add_argument("po", metavar="PO")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_attachments)

    p = sub.add_parser("attachment", help="copy an attached file out of the workspace")
    p.add_argument("po", metavar="PO")
    p.add_argument("id", metavar="ID", help="the id `casefile attachments` shows (a unique start of it will do)")
    p.add_argument("--output", required=True, metavar="FILE", help="a new file, outside the workspace")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=cmd_attachment)


def cmd_attach(args) -> int:
    po = po_argument(args.po)
    try:
        done = attach_file(open_workspace(args), po, args.file, report=args.report, note=args.note)
    except InputError as exc:
        raise InputError(flag_names(str(exc), {"report": "--report", "note": "--note"})) from None
    a = done.attachment
    if done.added:
        print(f"attached to {po}: {a.name} ({a.size:,} bytes, sha256 {a.sha256}) (id {a.id[:SHORT_ID]})")
    elif done.restored:
        print(f"{a.name} was attached to {po} already (id {a.id[:SHORT_ID]}); its stored copy was missing or "
              "damaged and is restored from this file")
    else:
        print(f"{a.name} is attached to {po} already (id {a.id[:SHORT_ID]}); nothing changed")
    return 0


def cmd_attachments(args) -> int:
    po = po_argument(args.po)
    state = open_workspace(args).load(po)
    if args.json:
        print_json([a.model_dump(mode="json") for a in state.attachments])
        return 0
    reports = {r.id: r for r in state.reports}
    for a in state.attachments:
        report = reports.get(a.report_id)
        of = f"  report {report.date:%Y-%m-%d} {a.report_id[:SHORT_ID]}" if report else ""
        print(f"{a.id[:SHORT_ID]}  {a.size:>12,}  {a.sha256}  {a.attached_at:%Y-%m-%d %H:%M} {a.attached_by}  "
              f"{a.name}{of}" + (f"  ({a.note})" if a.note else ""))
    if not state.attachments:
        print(f"no file attached to {po} yet; `casefile attach {po} FILE` keeps one")
    return 0


def cmd_attachment(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    state = ws.load(po)
    a = find_attachment(state, args.id)
    path = write_export(ws, args.output, ws.read_attachment(po, a), force=args.force)
    print(f"{a.name} of {po} ({a.size:,} bytes, sha256 verified) written to {path}")
    return 0
