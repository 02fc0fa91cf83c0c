"""export: the case as a Markdown dossier to send or print."""

from __future__ import annotations

import sys

from casefile.actions.export import write_export
from casefile.rules.dossier import dossier
from tui.commands.common import open_workspace, po_argument


def register(sub) -> None:
    p = sub.add_parser("export", help="write the case as a Markdown dossier")
    p.add_argument("po", metavar="PO")
    p.add_argument("--output", metavar="FILE", help="write to FILE (a new file, outside the workspace) instead of the terminal")
    p.add_argument("--force", action="store_true", help="with --output: replace FILE if it exists")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    po = po_argument(args.po)
    ws = open_workspace(args)
    text = dossier(ws.load(po))
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = write_export(ws, args.output, text, force=args.force)
    print(f"dossier of {po} written to {path}")
    return 0
