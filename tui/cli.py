"""The `casefile` command. Scripts over SSH use it, so: exit 0 only once the change is on
disk, exit 2 with one line on stderr for bad input, never a traceback.

Textual is imported only when the app starts, so `casefile list` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading

from tui.commands import COMMANDS, MODULES, command_modules


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + message
        from casefile.values.safe_text import safe_line

        self.exit(2, f"{self.prog}: {safe_line(message)} (see `{self.prog} --help`)\n")


class _Once(argparse.Action):
    """--data may be given once: under sshd's ForceCommand the server gives it first
    (tui/ssh_login.py), and a second one from the client must not replace it."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        if getattr(namespace, self.dest) is not None:
            parser.error(f"{option_string} is given twice; a command works on one workspace "
                         "(over SSH, the server sets it)")
        setattr(namespace, self.dest, values)


def build_parser(modules: list[str] = MODULES) -> argparse.ArgumentParser:
    """The parser with the commands of `modules` (tui/commands): all of them by default."""
    # allow_abbrev=False: `--dat` or `--dem` must not reach --data or --demo by another name
    parser = _Parser(prog="casefile", description="Case files for failed pre-shipment inspections.", allow_abbrev=False)
    parser.add_argument("--data", metavar="DIR", action=_Once,
                        help="workspace folder (default: $CASEFILE_HOME, else your user data folder)")
    parser.add_argument("--demo", action="store_true",
                        help="use the demo workspace with sample cases (built on first use), for the app or any command")
    parser.add_argument("--no-mouse", action="store_true",
                        help="the app only: do not capture the mouse (less traffic over SSH)")
    parser.add_argument("--theme", metavar="NAME",
                        help="the app only: colour theme, e.g. ansi-dark or ansi-light for 16-colour terminals")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in command_modules(modules):
        module.register(sub)
    return parser


def modules_needed(argv: list[str]) -> list[str]:
    """The command modules parsing `argv` needs: the one holding the command it names, found
    as argparse finds it (the first word that is neither an option nor --data's or --theme's
    value); none for the app; all of them for --help before a command or a word that is no
    command (argparse then lists them all)."""
    words = iter(argv)
    for word in words:
        if word in ("--data", "--theme"):
            next(words, None)
        elif word == "--":
            word = next(words, None)
            return [COMMANDS[word]] if word in COMMANDS else MODULES
        elif word in ("-h", "--help") or not word.startswith("-"):
            return [COMMANDS[word]] if word in COMMANDS else MODULES
    return []


def _refuse_app_flags(parser: argparse.ArgumentParser, args) -> None:
    """--theme and --no-mouse shape the app's screen; a command that quietly ignored them would
    let a typo pass (`--theme nope list` exited 0)."""
    given = [flag for flag, value in (("--theme", args.theme), ("--no-mouse", args.no_mouse)) if value]
    if given:
        parser.error(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} for the app; `{args.command}` "
                     f"prints plain text, so leave {'it' if len(given) == 1 else 'them'} out")
    if args.demo and args.command == "init":
        parser.error("--demo builds the demo workspace itself; `init` creates one of your own: "
                     "`casefile --data DIR init`")


def main(argv: list[str] | None = None) -> int:
    from casefile.values.errors import CasefileError
    from casefile.values.gc_pause import gc_paused
    from casefile.values.safe_text import safe_line
    from tui.commands.common import safe_output

    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(modules_needed(argv))
    args = parser.parse_args(argv)
    if args.demo and args.data is not None:
        parser.error("--demo opens the demo workspace, not the one --data names; give one of them "
                     "(over SSH, the server sets the workspace)")
    if args.command is not None:
        _refuse_app_flags(parser, args)
    try:
        if args.command is not None and args.demo:
            from tui.launch import open_demo

            args.data = str(open_demo().root)  # every command then works on the demo, built if need be
        if args.command is None:
            from tui.launch import launch

            return launch(args)
        # A command is one short process: its objects are freed as they go out of use, and
        # the collector, held off, does not rescan the 10,000 summaries it keeps (a quarter
        # of `agenda` at 10,000 cases)
        with safe_output(), gc_paused():
            code = args.func(args) or 0
            sys.stdout.flush()  # here, not at exit: a full disk under `> file` must not exit 0
            return code
    except CasefileError as exc:
        # one line, whatever a file name or an imported file put in the message
        print(f"casefile: {safe_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def exit_now(code: int) -> None:
    """End the process with `code` once its output is out, without freeing every object one
    by one first (10,000 summaries: 0.1 s after `list` had printed). Only with no other
    thread running: the app's workers, say, are waited for by a normal exit."""
    if threading.active_count() > 1:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a reader gone (`| head`) or a stream closed: nothing more can be said
    os._exit(code)


def run() -> None:
    """The `casefile` program."""
    exit_now(main())


if __name__ == "__main__":
    run()
