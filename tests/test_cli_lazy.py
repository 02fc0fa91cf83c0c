"""A command imports only what it needs: `casefile list --json` over 10,000 cases must finish
within half a second, and importing every command's actions alone took most of that."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from tui.cli import build_parser, modules_needed
from tui.commands import COMMANDS, MODULES


def _commands_of(modules: list[str]) -> set[str]:
    sub = next(a for a in build_parser(modules)._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_command_is_found_in_the_module_that_registers_it():
    for module in MODULES:
        assert _commands_of([module]) == {c for c, m in COMMANDS.items() if m == module}, module
    assert _commands_of(MODULES) == set(COMMANDS)


@pytest.mark.parametrize("argv,modules", [
    (["list", "--json"], ["listing"]),
    (["agenda", "--json"], ["agenda"]),
    (["--data", "agenda", "supplier", "X"], ["across"]),  # "agenda" is --data's value here
    (["--data=ws", "--demo", "note", "PO-1"], ["log"]),
    (["--theme", "ansi-dark"], []),  # the app: no command
    ([], []),
    (["--help"], MODULES),
    (["-h", "list"], MODULES),
    (["lisst"], MODULES),  # argparse names every command it knows
])
def test_the_module_needed_is_the_commands_own(argv, modules):
    assert modules_needed(argv) == modules


def test_a_mistyped_command_is_told_every_command(capsys):
    with pytest.raises(SystemExit) as caught:
        from tui.cli import main
        main(["lisst"])
    assert caught.value.code == 2
    assert "supplier-merge" in capsys.readouterr().err


# what the read-only commands over the index never need: the app, the case file's store
# machinery, the case file's models and the rules that read them, other commands' actions,
# where the user's folders are (--data names the workspace)
_HEAVY = ("textual", "tinydb", "filelock", "platformdirs", "casefile.actions.create", "casefile.actions.import_report",
          "casefile.actions.pay", "casefile.rules.letters", "tui.commands.cases", "casefile.records.case_state",
          "casefile.records.case", "casefile.records.report", "casefile.store.case_file",
          "casefile.store.transaction", "casefile.rules.assessment")


@pytest.mark.parametrize("argv,also_heavy", [
    (["list", "--json"], ("tui.commands.across", "tui.commands.agenda", "casefile.rules.settings")),
    (["agenda", "--json"], ("tui.commands.across", "casefile.actions.supplier_merge", "casefile.rules.switching")),
    (["supplier", "shenzhen brightway lighting", "--json"], ("tui.commands.agenda", "tui.commands.listing")),
])
def test_a_command_over_the_index_imports_only_what_it_needs(ws, case, argv, also_heavy):
    ws.create(case)
    code = ("import json, sys; from tui.cli import main; main(['--data', sys.argv[1], *sys.argv[2:]]);"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(ws.root), *argv], capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stdout)  # it ran, and said something
    imported = set(json.loads(done.stderr.splitlines()[-1]))
    for heavy in _HEAVY + also_heavy:
        assert heavy not in imported, heavy
