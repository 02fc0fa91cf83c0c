"""export: the case as a Markdown dossier to send or print."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from casefile.dossier import dossier
from casefile.errors import InputError
from casefile.parse import po_argument
from tui.commands.common import open_workspace


def register(sub) -> None:
    p = sub.add_parser("export", help="write the case as a Markdown dossier")
    p.add_argument("po", metavar="PO")
    p.add_argument("--output", metavar="FILE", help="write to FILE instead of the terminal")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    po = po_argument(args.po)
    text = dossier(open_workspace(args).load(po))
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = Path(args.output).expanduser()
    if path.is_dir():
        raise InputError(f"--output: {path} is a folder; give a file name, e.g. {path / 'dossier.md'}")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)  # a reader never sees half a dossier
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"--output: cannot write {path} ({exc.strerror})") from None
    print(f"dossier of {po} written to {path}")
    return 0
