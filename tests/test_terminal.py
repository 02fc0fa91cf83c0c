"""Terminal fitness: refused before the app starts, with one line that says how to fix it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from casefile.values.errors import InputError
from tui.terminal import ANSI_THEMES, check_theme, locale_problem, size_problem, theme_names


@pytest.mark.parametrize("env", [
    {"LANG": "C.UTF-8"}, {"LANG": "en_GB.utf8"}, {"LC_ALL": "en_US.UTF-8", "LANG": "C"},
    {"LC_CTYPE": "C.UTF-8", "LANG": "C"},
])
def test_utf8_locales_pass(env):
    assert locale_problem(env) is None


@pytest.mark.parametrize("env, shown", [
    ({}, "LANG is not set"), ({"LANG": "C"}, "LANG=C"), ({"LANG": "en_US.UTF-8", "LC_ALL": "POSIX"}, "LC_ALL=POSIX"),
])
def test_other_locales_are_refused_with_the_fix(env, shown):
    text = locale_problem(env)
    assert shown in text and "export LANG=C.UTF-8" in text


def test_ctype_that_python_coerced_does_not_count():
    # LANG=C makes Python set LC_CTYPE=C.UTF-8 itself (PEP 538); the terminal is still not UTF-8.
    assert locale_problem({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, utf8_mode=1) is not None
    assert locale_problem({"LANG": "en_US.UTF-8", "LC_CTYPE": "C.UTF-8"}, utf8_mode=1) is None


@pytest.mark.parametrize("cols, rows, ok", [(80, 24, True), (200, 60, True), (79, 24, False), (80, 23, False)])
def test_size_limit_is_80_by_24(cols, rows, ok):
    problem = size_problem(cols, rows)
    assert (problem is None) is ok
    if not ok:
        assert f"{cols}x{rows}" in problem and "80x24" in problem


def test_ansi_themes_exist_in_this_textual():
    assert set(ANSI_THEMES) <= set(theme_names())
    assert check_theme("ansi-dark") == "ansi-dark"


def test_unknown_theme_lists_the_choices():
    with pytest.raises(InputError) as exc:
        check_theme("textual-ansi")
    assert "--theme" in str(exc.value) and "ansi-dark" in str(exc.value) and "nord" in str(exc.value)


def _run_in_pty(args, env, cols=80, rows=24):
    """Run `casefile ARGS` on a pseudo-terminal of the given size; return (exit code, output)."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "tui", *args], stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        os.close(master)
    return proc.returncode, err.decode()


@pytest.mark.parametrize("size, lang, expect", [
    ((70, 20), "C.UTF-8", "70x20"),
    ((80, 24), "C", "export LANG=C.UTF-8"),
])
def test_cli_refuses_unfit_terminal_before_starting(tmp_path, size, lang, expect):
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "LANG": lang, "HOME": str(tmp_path), "TERM": "xterm-256color"}
    code, err = _run_in_pty(["--data", str(tmp_path / "ws")], env, *size)
    assert code == 2
    assert err.count("\n") == 1 and expect in err and "Traceback" not in err
    assert not (tmp_path / "ws").exists()  # refused before touching the workspace


def test_cli_refuses_unknown_theme_and_no_tty(tmp_path):
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "LANG": "C.UTF-8", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "tui", "--data", str(tmp_path / "ws"), "--theme", "nope"],
                         capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and "ansi-light" in out.stderr
    out = subprocess.run([sys.executable, "-m", "tui", "--data", str(tmp_path / "ws")],
                         capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and "ssh -t" in out.stderr


def _app_output(tmp_path, args=("--data", "ws"), **env_extra) -> bytes:
    """Start the app on a pseudo-terminal at 80x24, read its first screen, quit with q."""
    import fcntl
    import re
    import select
    import struct
    import termios
    import time

    if "--data" in args and not (tmp_path / args[args.index("--data") + 1]).exists():
        from casefile.actions.workspace import Workspace

        Workspace.init(tmp_path / args[args.index("--data") + 1])  # the app opens workspaces, init makes them
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "LANG": "C.UTF-8", "HOME": str(tmp_path), "TERM": "xterm-256color",
           "COLORTERM": "truecolor", **env_extra}
    proc = subprocess.Popen([sys.executable, "-m", "tui", *args], stdin=slave, stdout=slave, stderr=slave,
                            env=env, cwd=tmp_path)
    os.close(slave)
    out = b""
    quiet_since = time.monotonic()
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline and not (b"Quit" in out and time.monotonic() - quiet_since > 0.5):
            if select.select([master], [], [], 0.1)[0]:
                out += os.read(master, 65536)
                quiet_since = time.monotonic()
        os.write(master, b"q")
        while proc.poll() is None and time.monotonic() < deadline + 10:  # drain, or it blocks writing
            if select.select([master], [], [], 0.1)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
    finally:
        proc.kill() if proc.poll() is None else None
        os.close(master)
    assert re.search(rb"Quit", out), out[-500:]
    return out


def _colours(out: bytes) -> set[tuple[int, int, int]]:
    import re

    return {tuple(map(int, m)) for m in re.findall(rb"[34]8;2;(\d+);(\d+);(\d+)", out)}


@pytest.mark.slow
def test_no_color_renders_in_greys_only(tmp_path):
    coloured = _colours(_app_output(tmp_path))
    assert any(len(set(c)) > 1 for c in coloured)  # the default theme has colour, so this can fail
    greys = _colours(_app_output(tmp_path, NO_COLOR="1"))
    assert greys and all(len(set(c)) == 1 for c in greys), sorted(greys)[:5]


@pytest.mark.slow
def test_demo_is_built_with_progress_then_opened(tmp_path):
    out = _app_output(tmp_path, args=("--demo",), XDG_DATA_HOME=str(tmp_path / "data"))
    assert b"building demo workspace: 0/" in out and b"cases" in out
    assert b"PO-" in out or b"PO/" in out  # the case list shows the demo's cases
    again = _app_output(tmp_path, args=("--demo",), XDG_DATA_HOME=str(tmp_path / "data"))
    assert b"building demo workspace" not in again  # built once, then opened as it is
