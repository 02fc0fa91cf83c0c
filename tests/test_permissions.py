"""Who may read and write a workspace: private by default, a team by group, never the world.

root ignores file modes, so the subjects run as throwaway accounts (tests/unix_users.py).
"""

from __future__ import annotations

import grp
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from unix_users import UnixUsers, cleanup_runtime, unavailable_reason

REPO = Path(__file__).resolve().parents[1]
NEW = ["--supplier", "Shenzhen Brightway", "--product", "LED lamp", "--quantity", "3000",
       "--order-value-cny", "84000.00", "--deposit-cny", "25200.00"]


def _modes(ws: Path) -> dict[str, tuple[int, str]]:
    """Every folder and file of the workspace: (mode bits incl. setgid, group name)."""
    found = {}
    for folder, _, files in os.walk(ws):
        for path in [Path(folder), *(Path(folder) / f for f in files)]:
            st = path.stat()
            found[str(path.relative_to(ws))] = (stat.S_IMODE(st.st_mode), grp.getgrgid(st.st_gid).gr_name)
    return found


def _cli(ws: Path, *args, umask: int = 0o022) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", "--data", str(ws), *args], cwd=REPO, capture_output=True,
                          text=True, preexec_fn=lambda: os.umask(umask), timeout=60)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_a_new_workspace_is_private_whatever_the_umask(tmp_path, umask):
    ws = tmp_path / "ws"
    assert _cli(ws, "new", "PO/2026/114", *NEW, umask=umask).returncode == 0
    assert _cli(ws, "note", "PO/2026/114", "--subject", "hello", umask=umask).returncode == 0
    modes = _modes(ws)
    assert {p for p in modes if p.endswith(".lock")} and {p for p in modes if p.startswith("index/")}
    for path, (mode, _) in modes.items():
        expected = 0o700 if (ws / path).is_dir() else 0o600
        assert mode == expected, f"{path}: {mode:o}"


@pytest.mark.parametrize("where", [".", "cases", "index"])
def test_a_world_writable_workspace_is_refused_saying_why_and_how(tmp_path, where):
    ws = tmp_path / "ws"
    assert _cli(ws, "new", "PO/2026/114", *NEW).returncode == 0
    folder = ws / where
    folder.chmod(0o777)
    out = _cli(ws, "list")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "world-writable" in out.stderr and f"chmod o-w {folder.resolve() if where != '.' else ws}" in out.stderr
    assert _cli(ws, "note", "PO/2026/114", "--subject", "x").returncode == 2
    folder.chmod(0o700)
    assert _cli(ws, "list").returncode == 0


def test_init_refuses_a_folder_that_holds_other_files(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir(mode=0o755)
    (folder / "thesis.txt").write_text("mine")
    out = _cli(folder, "init")
    assert out.returncode == 2 and "other files" in out.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755  # its mode was not touched


@pytest.fixture(scope="module")
def users():
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI"):  # CI runs as root with useradd: this proof must run there
            pytest.fail(f"the permission tests must run on CI: {reason}")
        pytest.skip(reason)
    with UnixUsers() as made:
        yield made
    cleanup_runtime()


@pytest.fixture
def parent():
    """A folder every account can make a workspace in, like /tmp (pytest's tmp_path is root's, 0700)."""
    path = Path(tempfile.mkdtemp(prefix="casefile-perm-"))
    path.chmod(0o1777)
    yield path
    subprocess.run(["rm", "-rf", str(path)], check=True)


def _ok(out: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert out.returncode == 0, out.stderr
    return out


@pytest.mark.slow
def test_a_shared_workspace_is_setgid_2770_with_0660_files_for_everyone(users, parent):
    team = users.group()
    alice, bola = users.user([team]), users.user([team])
    outsider = users.user()
    ws = parent / "team-ws"
    _ok(users.run(alice, ["--data", str(ws), "init", "--shared-group", team]))
    # a strict umask must not make later files private to their writer
    _ok(users.run(alice, ["--data", str(ws), "new", "PO/2026/114", *NEW], umask=0o077))
    _ok(users.run(bola, ["--data", str(ws), "note", "PO/2026/114", "--subject", "rework agreed",
                         "--deadline", "2026-12-04", "--direction", "to-supplier"], umask=0o077))
    _ok(users.run(bola, ["--data", str(ws), "new", "Ord 77-B", *NEW], umask=0o077))
    evidence = parent / "report.pdf"
    evidence.write_bytes(b"%PDF inspector's report")
    evidence.chmod(0o644)
    _ok(users.run(bola, ["--data", str(ws), "attach", "Ord 77-B", str(evidence)], umask=0o077))
    _ok(users.run(alice, ["--data", str(ws), "note", "Ord 77-B", "--subject", "seen"], umask=0o077))
    _ok(users.run(alice, ["--data", str(ws), "check", "--rebuild-index"], umask=0o077))
    listed = _ok(users.run(bola, ["--data", str(ws), "list", "--json"])).stdout
    assert "PO/2026/114" in listed and "Ord 77-B" in listed

    modes = _modes(ws)
    kinds = {p.rsplit(".", 1)[-1] for p in modes if not (ws / p).is_dir()}
    assert {"json", "lock"} <= kinds and any(p.startswith("attachments/") for p in modes)
    for path, (mode, group) in modes.items():
        # evidence is read-only for the team too: nothing rewrites it in place
        expected = 0o2770 if (ws / path).is_dir() else 0o440 if path.startswith("attachments/") else 0o660
        assert (mode, group) == (expected, team), f"{path}: {mode:o} {group}"
    # each colleague replaced the other's file: the folder has no sticky bit
    owners = {(ws / p).stat().st_uid for p in modes if p.startswith("cases/") and p.endswith(".json")}
    assert len(owners) == 2

    refused = users.run(outsider, ["--data", str(ws), "list"])
    assert refused.returncode == 2 and "permission denied" in refused.stderr and refused.stderr.count("\n") == 1


@pytest.mark.slow
def test_another_account_cannot_read_a_private_workspace(users, parent):
    owner, other = users.user(), users.user()
    ws = parent / "private-ws"
    _ok(users.run(owner, ["--data", str(ws), "new", "PO/2026/114", *NEW]))
    assert stat.S_IMODE(ws.stat().st_mode) == 0o700
    for args in (["list"], ["show", "PO/2026/114"], ["note", "PO/2026/114", "--subject", "x"], ["check"]):
        out = users.run(other, ["--data", str(ws), *args])
        assert out.returncode == 2 and "permission denied" in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr
    case_file = next((ws / "cases").glob("*.json"))
    assert users.run_as(other, ["/bin/cat", str(case_file)]).returncode != 0  # the OS says no, not just us
    assert users.run_as(owner, ["/bin/cat", str(case_file)]).returncode == 0


@pytest.mark.slow
def test_a_shared_group_the_user_is_not_in_is_refused(users, parent):
    team = users.group()
    stranger = users.user()
    out = users.run(stranger, ["--data", str(parent / "ws"), "init", "--shared-group", team])
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "not in the group" in out.stderr and not (parent / "ws").exists()
    out = users.run(stranger, ["--data", "/root/ws", "init"])
    assert out.returncode == 2 and "cannot create a workspace" in out.stderr and "Traceback" not in out.stderr
    out = users.run(stranger, ["--data", str(parent / "ws2"), "init", "--shared-group", "no-such-group-here"])
    assert out.returncode == 2 and "groupadd" in out.stderr
