"""Is this terminal fit to run the app? Checked before Textual starts, so a bad terminal
gets one clear line on stderr (what is wrong, how to fix it) instead of a garbled screen.

Pure functions over (environ, size, flags) so they can be tested without a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from casefile.values.errors import CasefileError, InputError

MIN_COLUMNS, MIN_ROWS = 80, 24
# Textual's themes that use the terminal's own 16 colours (PuTTY's TERM=xterm, old consoles).
ANSI_THEMES = ("ansi-dark", "ansi-light")
_UTF8_NAMES = ("utf-8", "utf8")


class TerminalUnfit(CasefileError):
    """The terminal cannot show the app; the message says how to fix it."""


def theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


def check_theme(name: str) -> str:
    names = theme_names()
    if name not in names:
        raise InputError(
            f"--theme: no theme named {name!r}; choose one of {', '.join(names)} "
            f"({' or '.join(ANSI_THEMES)} for 16-colour terminals such as PuTTY)"
        )
    return name


def _python_coerced_ctype(environ: Mapping[str, str], utf8_mode: int) -> bool:
    # Python (PEP 538) rewrites LC_CTYPE to C.UTF-8 when the locale it was given is C or is
    # not installed, and then runs in UTF-8 mode: that LC_CTYPE says nothing about the terminal.
    return bool(utf8_mode) and "LC_ALL" not in environ and environ.get("PYTHONUTF8") != "1"


def locale_problem(environ: Mapping[str, str], utf8_mode: int = 0) -> str | None:
    """The locale the user's terminal declares (LC_ALL, then LC_CTYPE, then LANG)."""
    names = ["LC_ALL", "LC_CTYPE", "LANG"]
    if _python_coerced_ctype(environ, utf8_mode):
        names.remove("LC_CTYPE")
    for var in names:
        value = environ.get(var)
        if value:
            break
    else:
        var, value = "LANG", ""
    if any(n in value.lower() for n in _UTF8_NAMES):
        return None
    shown = f"{var}={value}" if value else "LANG is not set"
    return (
        f"the locale is not UTF-8 ({shown}), so lines and symbols would print as garbage: "
        "run `export LANG=C.UTF-8` (over SSH the client sends LANG when the server accepts it) "
        "and start casefile again"
    )


def size_problem(columns: int, rows: int) -> str | None:
    if columns >= MIN_COLUMNS and rows >= MIN_ROWS:
        return None
    return (
        f"the terminal is {columns}x{rows}, and Casefile needs at least {MIN_COLUMNS}x{MIN_ROWS}: "
        "enlarge the window (in tmux: `tmux resize-window -x 80 -y 24`) and start casefile again"
    )


def check_terminal(environ: Mapping[str, str] | None = None, stream=None) -> None:
    """Raise TerminalUnfit naming every problem at once, so one retry is enough."""
    environ = os.environ if environ is None else environ
    stream = sys.stdout if stream is None else stream
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd < 0 or not os.isatty(fd):
        raise TerminalUnfit(
            "the app needs a terminal and standard output is not one: over SSH use `ssh -t`, "
            "or run a sub-command such as `casefile list`"
        )
    columns, rows = os.get_terminal_size(fd)
    problems = [p for p in (size_problem(columns, rows), locale_problem(environ, sys.flags.utf8_mode)) if p]
    if problems:
        raise TerminalUnfit("; and ".join(problems))


def demo_progress(done: int, total: int, what: str = "cases") -> None:
    """Progress for `casefile --demo`: one line on stderr, rewritten in place; nothing when
    stderr is not a terminal (as progress_line)."""
    if sys.stderr.isatty():
        _progress(f"building demo workspace: {done}/{total} {what}", done >= total)


def progress_line(label: str) -> Callable[[int, int], None]:
    """Progress of a long command (`check` over 10,000 cases: 14 s): one line on stderr,
    rewritten in place at most 100 times (each time is bytes over SSH). Nothing when stderr
    is not a terminal: a script's log would fill with carriage returns."""
    if not sys.stderr.isatty():
        return lambda done, total: None
    shown = [-1]  # the count last shown; a count that starts again (a second pass) shows at once

    def show(done: int, total: int) -> None:
        if done < total and 0 <= shown[0] <= done and done - shown[0] < max(1, total // 100):
            return
        shown[0] = -1 if done >= total else done
        _progress(f"{label}: {done:,}/{total:,}", done >= total)

    return show


def _progress(text: str, last: bool) -> None:
    # our own words and carriage return: past a command's filter of terminal controls
    # (tui.commands.common.SafeStream), which would show the return as \u000d
    stream = getattr(sys.stderr, "unfiltered", sys.stderr)
    print(f"\r{text}", end="\n" if last else "", file=stream, flush=True)
