"""settings: the workspace's settings as they stand, and the home currency changed as a
recorded action (casefile.actions.settings_change)."""

from __future__ import annotations

from casefile.actions.settings_change import set_home_currency
from casefile.rules.settings import load_settings
from tui.commands.common import open_workspace, print_json


def register(sub) -> None:
    p = sub.add_parser("settings", help="show the workspace's settings, or set its home currency")
    p.add_argument("--home-currency", metavar="CODE",
                   help="the ISO 4217 currency you pay the supplier from, e.g. NGN, GHS, KES, USD (recorded)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settings)


def cmd_settings(args) -> int:
    ws = open_workspace(args)
    if args.home_currency is not None:
        change = set_home_currency(ws, args.home_currency)
        if change is None:
            print(f"home currency is already {load_settings(ws.root).home_currency}; nothing changed")
        else:
            print(f"home currency: {change.old} -> {change.new} (recorded by {change.by})")
        return 0
    settings = load_settings(ws.root)
    if args.json:
        print_json(settings.model_dump(mode="json"))
    else:
        for name, value in settings.model_dump(mode="json").items():
            print(f"{name}: {value}")
    return 0
