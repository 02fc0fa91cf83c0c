"""docs/cli-walkthrough.md is what its commands print today: a fresh run must equal it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "cli_walkthrough.py"


def walkthrough():
    spec = importlib.util.spec_from_file_location("cli_walkthrough", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_walkthrough_is_what_the_commands_print_now():
    module = walkthrough()
    fresh = module.render()
    assert module.DOC.read_text(encoding="utf-8") == fresh, (
        "docs/cli-walkthrough.md is stale: run `python scripts/cli_walkthrough.py` and read the diff")


def test_the_walkthrough_covers_the_journey_and_its_refusals():
    module = walkthrough()
    steps = module.run_steps()
    commands = [argv[0] for _, argv, _, _ in steps]
    order = ["new", "import-report", "diagnose", "options", "draft", "note", "decide", "quote", "pay", "export"]
    rest = iter(commands)
    assert all(c in rest for c in order), commands  # the brief's journey, in that order
    assert sorted({code for *_, code in steps}) == [0, 2, 3, 4]
    improvement = next((out, code) for _, argv, out, code in steps if argv[0] == "supplier-improvement")
    assert improvement[1] == 2 and "is not discontinued" in improvement[0]  # bad input: one line, exit 2
    balance = [(out, code) for _, argv, out, code in steps if argv[0] == "pay" and "balance" in argv]
    assert balance[0][1] == 3 and "balance is locked" in balance[0][0]
    assert balance[1][1] == 0 and re.search(r"paid on .*balance ¥58,800\.00", balance[1][0])
    assert "Balance UNLOCKED" in steps[-2][2]


def test_the_readme_links_it():
    readme = (SCRIPT.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "docs/cli-walkthrough.md" in readme and "docs/payments-and-gate.md" in readme
