"""The README's command list and template table, made from the parser and the templates
so they cannot drift from them.

`python -m tui.cli_usage` prints both blocks; tests/test_cli_usage.py keeps the README's
copies equal to them.
"""

from __future__ import annotations

import argparse

WIDTH = 100
INDENT = " " * len("casefile ")
COMMANDS = "casefile [--data DIR | --demo] "


def _word(action: argparse.Action) -> str:
    """One argument as the usage line shows it: required bare, optional in brackets."""
    if not action.option_strings:
        meta = action.metavar or action.dest.upper()
        return f"[{meta}]" if action.nargs == "?" else meta
    flag = max(action.option_strings, key=len)
    if action.nargs == 0:
        text = flag
    else:
        meta = "|".join(action.choices) if action.choices else action.metavar or action.dest.upper()
        text = f"{flag} {meta}" + (" ..." if isinstance(action, argparse._AppendAction) else "")
    return text if action.required else f"[{text}]"


def _lines(head: str, words: list[str]) -> list[str]:
    lines, line = [], head.rstrip()
    for word in words:
        if len(line) + 1 + len(word) > WIDTH and line.strip():
            lines.append(line)
            line = INDENT + word
        else:
            line = f"{line} {word}"
    return [*lines, line]


def _arguments(parser: argparse.ArgumentParser, skip: tuple[str, ...] = ()) -> list[argparse.Action]:
    actions = [a for a in parser._actions
               if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction)) and a.dest not in skip]
    # the PO and other positionals first, then the required options, then the rest, each in definition order
    return sorted(actions, key=lambda a: (bool(a.option_strings), not a.required))


def usage_block() -> str:
    from tui.cli import build_parser

    parser = build_parser()
    out = ["# the app (no command)", *_lines("casefile", [_word(a) for a in _arguments(parser)])]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in sub._choices_actions}
    for name, command in sub.choices.items():
        out.append(f"# {helps.get(name) or name}")
        out += _lines(COMMANDS + name, [_word(a) for a in _arguments(command)])
    return "\n".join(out) + "\n"


def template_table() -> str:
    """`draft --template` names (the same as `decide --option` where one matches) and the
    terms each needs, as flags."""
    from casefile.rules.letters import TEMPLATES

    def flags(terms: tuple[str, ...]) -> str:
        return ", ".join(f"`--{t}`" for t in terms) or "none"

    rows = ["| template | drafts | needs | may take |", "|---|---|---|---|"]
    rows += [f"| `{t.key}` | {t.title} | {flags(t.required)} | {flags(t.optional)} |" for t in TEMPLATES.values()]
    return "\n".join(rows) + "\n"


def readme_blocks() -> dict[str, str]:
    """Marker name -> the text the README holds between `<!-- NAME -->` and `<!-- /NAME -->`."""
    return {"commands": f"```\n{usage_block()}```\n", "templates": template_table()}


if __name__ == "__main__":
    for name, text in readme_blocks().items():
        print(f"<!-- {name} -->\n{text}<!-- /{name} -->")
