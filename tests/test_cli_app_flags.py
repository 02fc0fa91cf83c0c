"""The app's own flags with a command: --theme and --no-mouse are refused (a typo must not
pass quietly), and --demo makes every command work on the demo workspace, never the real one."""

from __future__ import annotations

import pytest

from casefile.actions.workspace import Workspace
from casefile.actions.workspace import demo_workspace_path
from tui.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's refusals
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def homes(tmp_path, monkeypatch):
    """A real workspace in $CASEFILE_HOME, and a user data folder for the demo."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    real = Workspace.open(tmp_path / "real")
    monkeypatch.setenv("CASEFILE_HOME", str(real.root))
    return real


@pytest.mark.parametrize("flags, words", [
    (["--theme", "nope"], "--theme is for the app; `list` prints plain text, so leave it out"),
    (["--theme", "ansi-dark"], "--theme is for the app"),
    (["--no-mouse"], "--no-mouse is for the app"),
    (["--no-mouse", "--theme", "x"], "--theme and --no-mouse are for the app; `list` prints plain text, so leave them out"),
])
def test_app_only_flags_with_a_command_are_refused(homes, capsys, flags, words):
    code, out, err = run(capsys, *flags, "list")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"casefile: {words}")


def test_demo_with_a_command_works_on_the_demo_and_never_on_the_real_workspace(homes, capsys):
    real = sorted(p.name for p in homes.root.rglob("*"))
    code, out, _ = run(capsys, "--demo", "list")
    assert code == 0 and "PO/2026/114" in out and "Shenzhen Brightway" in out
    code, out, err = run(capsys, "--demo", "new", "PO-DEMO-1", "--supplier", "S", "--product", "P",
                         "--quantity", "100", "--order-value-cny", "1000.00", "--deposit-cny", "300.00")
    assert code == 0, err
    assert Workspace.open(demo_workspace_path(), create=False).load("PO-DEMO-1").case.supplier == "S"
    assert sorted(p.name for p in homes.root.rglob("*")) == real  # nothing written there
    code, out, _ = run(capsys, "list")
    assert code == 0 and "no cases yet" in out


def test_building_the_demo_for_a_script_prints_no_progress(homes, capsys):
    """`casefile --demo list 2>log` in a script: no carriage-return progress in its log."""
    code, out, err = run(capsys, "--demo", "list")
    assert code == 0 and "PO/2026/114" in out and err == ""


def test_demo_with_init_is_refused(homes, capsys):
    code, out, err = run(capsys, "--demo", "init")
    assert code == 2 and out == "" and "`init` creates one of your own" in err
    assert not demo_workspace_path().exists()
