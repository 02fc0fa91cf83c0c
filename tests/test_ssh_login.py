"""The ForceCommand login: the app, or one casefile command, never a shell."""

from __future__ import annotations

import subprocess
import sys

import pytest

from casefile.values.errors import InputError
from tui.ssh_login import login_argv


def test_no_command_opens_the_app_on_the_team_workspace():
    assert login_argv("/srv/team", "") == ["--data", "/srv/team"]
    assert login_argv("/srv/team", "casefile --theme ansi-dark --no-mouse") == [
        "--data", "/srv/team", "--theme", "ansi-dark", "--no-mouse"]


def test_a_command_is_split_like_a_shell_but_never_run_by_one():
    assert login_argv("/srv/team", "casefile note PO/1 --subject 'late; rm -rf ~'") == [
        "--data", "/srv/team", "note", "PO/1", "--subject", "late; rm -rf ~"]


@pytest.mark.parametrize("command, says", [("ls /", "runs only casefile"), ("casefile note 'PO", "quote it")])
def test_anything_else_is_refused_with_what_to_do(command, says):
    with pytest.raises(InputError) as exc:
        login_argv("/srv/team", command)
    assert says in str(exc.value)


def test_login_exits_2_with_one_line_and_no_textual_for_commands(tmp_path):
    env = {"SSH_ORIGINAL_COMMAND": "bash -i", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "tui.ssh_login", str(tmp_path)], capture_output=True, text=True, env=env)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "runs only casefile" in out.stderr
    code = "import sys, tui.ssh_login; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("command", [
    "casefile --data {other} list", "casefile --data={other} list", "casefile --dat {other} list",
    "casefile --data {other}", "casefile --demo", "casefile --demo list", "casefile --dem list",
])
def test_the_client_cannot_move_the_pinned_workspace(tmp_path, command):
    from casefile.actions.workspace import Workspace
    from conftest import make_case

    pinned, other = tmp_path / "team", tmp_path / "other"
    Workspace.init(pinned)
    Workspace.open(other).create(make_case("PO-ELSEWHERE"))
    env = {"SSH_ORIGINAL_COMMAND": command.format(other=other), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "tui.ssh_login", str(pinned)], capture_output=True, text=True,
                         env=env, stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr
    assert "PO-ELSEWHERE" not in out.stdout + out.stderr
    assert not (tmp_path / ".local").exists()  # no demo built in the account's home either
