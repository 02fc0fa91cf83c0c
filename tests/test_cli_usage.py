"""The README's command list and template table are the parser's and the templates' own."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from casefile.rules.letters import TEMPLATES
from casefile.rules.options.catalogue import CATALOGUE
from tui.cli import build_parser
from tui.cli_usage import readme_blocks

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {name} -->\n(.*?)<!-- /{name} -->", text, re.S)
    assert found, f"README.md has no <!-- {name} --> block"
    return found.group(1)


def test_the_readme_blocks_are_what_the_generator_prints_now():
    for name, text in readme_blocks().items():
        assert readme_block(name) == text, f"README.md's {name} block is stale: run `python -m tui.cli_usage`"


def test_every_flag_and_choice_of_every_help_is_in_the_readme():
    block = readme_block("commands")
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, command in [("", parser), *sub.choices.items()]:
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        usage = "\n".join(lines)
        if name and f" {name} " not in usage and not usage.count(f" {name}\n"):
            missing.append(name)
        for action in command._actions:
            missing += [f"{name} {flag}" for flag in action.option_strings
                        if flag.startswith("--") and flag != "--help" and flag not in usage]
            missing += [f"{name} {c}" for c in action.choices or () if c not in usage and not name == ""]
    assert missing == []


def test_required_is_shown_required_and_optional_in_brackets():
    block = readme_block("commands")
    pay = block[block.index("] pay PO"):block.index("# move a payment")]
    assert " --kind deposit|balance|reinspection-fee|refund --cny X" in pay  # required: bare
    assert "[--rate R]" in pay and "[--receipt REF]" in pay  # was shown as always required


def test_template_names_are_the_decision_options_where_one_matches():
    assert {"replace", "cancel"} <= set(TEMPLATES) <= {*CATALOGUE, "reinspection"}


def test_the_generator_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "tui.cli_usage"], capture_output=True, text=True, check=True).stdout
    assert "<!-- commands -->" in out and "| `cancel` |" in out


def test_exit_4_names_every_command_that_takes_an_id():
    text = " ".join(README.read_text(encoding="utf-8").split())
    sentence = text[text.index("4 for a conflict"):text.index("has held for over 15 s")]
    named = set(re.findall(r"`([a-z][a-z-]*)`", sentence[:sentence.index("already stored")]))
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert named == {name for name, p in sub.choices.items() if "--id" in p._option_string_actions}
