"""export: the case as a Markdown dossier to send or print, or an evidence pack (zip)."""

from __future__ import annotations

import sys

from casefile.actions.export import write_export, write_pack
from casefile.rules.dossier import dossier
from casefile.rules.settings import load_settings
from casefile.values.errors import InputError
from tui.commands.common import open_workspace, po_argument


def register(sub) -> None:
    p = sub.add_parser("export", help="write the case as a Markdown dossier")
    p.add_argument("po", metavar="PO")
    p.add_argument("--output", metavar="FILE", help="write to FILE (a new file, outside the workspace) instead of the terminal")
    p.add_argument("--pack", metavar="FILE.zip", help="write an evidence pack instead: the dossier, every attachment "
                   "and MANIFEST.sha256 (`sha256sum -c` verifies it after unzipping)")
    p.add_argument("--force", action="store_true", help="with --output or --pack: replace FILE if it exists")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    po = po_argument(args.po)
    if args.pack and args.output:
        raise InputError("--pack: the pack holds the dossier; give --pack FILE.zip or --output FILE, not both")
    ws = open_workspace(args)
    state = ws.load(po)
    if args.pack:
        path = write_pack(ws, state, args.pack, force=args.force)
        print(f"evidence pack of {po} ({len(state.attachments)} attachment(s)) written to {path}")
        return 0
    text = dossier(state, home=load_settings(ws.root).home_currency)
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = write_export(ws, args.output, text, force=args.force)
    print(f"dossier of {po} written to {path}")
    return 0
