"""Sub-commands of `casefile`; each module registers its own.

A command's run imports only its own module (tui/cli.py): importing every module's actions
took longer than `list` itself. COMMANDS says which module holds each command
(tests/test_cli_lazy.py keeps it true); MODULES is their order in --help.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = ["cases", "listing", "log", "reports", "ledger", "export", "evidence", "across", "agenda", "settings"]
COMMANDS = {
    "init": "cases", "new": "cases", "edit": "cases", "show": "cases", "check": "cases",
    "list": "listing",
    "note": "log", "draft": "log", "log": "log",
    "import-report": "reports", "report": "reports", "diagnose": "reports", "options": "reports", "decide": "reports",
    "pay": "ledger", "payment": "ledger", "quote": "ledger", "ledger": "ledger",
    "export": "export",
    "attach": "evidence", "attachments": "evidence", "attachment": "evidence",
    "supplier": "across", "supplier-merge": "across", "supplier-improvement": "across", "agenda": "agenda",
    "settings": "settings",
}


def command_modules(names: list[str] = MODULES) -> list[ModuleType]:
    return [importlib.import_module(f"tui.commands.{name}") for name in names]
