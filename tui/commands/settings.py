"""settings: the workspace's settings as they stand, and the home currency or the
reduced-inspection switch changed as a recorded action (casefile.actions.settings_change)."""

from __future__ import annotations

from casefile.actions.settings_change import reduced_inspection, reduced_words, set_home_currency, set_reduced_inspection
from casefile.rules.settings import load_settings
from casefile.values.errors import InputError
from tui.commands.common import flag_names, open_workspace, print_json

REDUCED_FLAGS = {"reduced_inspection": "--reduced-inspection", "on": "--on"}


def register(sub) -> None:
    p = sub.add_parser("settings", help="show the workspace's settings, or set its home currency or reduced inspection")
    p.add_argument("--home-currency", metavar="CODE",
                   help="the ISO 4217 currency you pay the supplier from, e.g. NGN, GHS, KES, USD (recorded)")
    p.add_argument("--reduced-inspection", choices=("on", "off"),
                   help="allow reduced inspection once a supplier's switching score reaches 30 (ISO 2859-1 9.3.3; recorded)")
    p.add_argument("--on", metavar="DATE", help="the day --reduced-inspection takes effect, YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settings)


def cmd_settings(args) -> int:
    ws = open_workspace(args)
    if args.on is not None and args.reduced_inspection is None:
        raise InputError("--on: give it with --reduced-inspection, the change it dates")
    if args.reduced_inspection is not None:
        try:
            change = set_reduced_inspection(ws, args.reduced_inspection, args.on)
        except InputError as exc:
            raise InputError(flag_names(str(exc), REDUCED_FLAGS)) from None
        if change is None:
            print(f"reduced inspection is already {reduced_words(reduced_inspection(ws.root))}; nothing changed")
        else:
            print(f"reduced inspection: {change.old} -> {change.new} from {change.effective.isoformat()} "
                  f"(recorded by {change.by})")
        if args.home_currency is None:
            return 0
    if args.home_currency is not None:
        change = set_home_currency(ws, args.home_currency)
        if change is None:
            print(f"home currency is already {load_settings(ws.root).home_currency}; nothing changed")
        else:
            print(f"home currency: {change.old} -> {change.new} (recorded by {change.by})")
        return 0
    shown = {**load_settings(ws.root).model_dump(mode="json"), "reduced_inspection": reduced_words(reduced_inspection(ws.root))}
    if args.json:
        print_json(shown)
    else:
        for name, value in shown.items():
            print(f"{name}: {value}")
    return 0
