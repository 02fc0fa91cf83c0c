"""Throwaway Unix accounts and groups, and a way to run `casefile` as them.

root ignores file modes, so a permission test must run its subject as another account.
The test venv's interpreter often lives where other accounts cannot execute it (pyenv
under /root, mode 0700), so `casefile_argv()` builds, once per session, a world-readable
folder holding the project's packages and the third-party modules the command line uses
(found by running it), then picks the first interpreter another account can run them with:
this venv's own, else Debian's /usr/bin/python3 (same 3.11 ABI, so pydantic-core's wheel
loads), else a fresh venv from /usr/bin/python3 with `pip install` of this repository.

    with UnixUsers() as users:
        team = users.group()
        alice = users.user(groups=[team])
        out = users.run(alice, ["--data", str(ws), "init", "--shared-group", team])

Everything made here is removed on close (userdel -r, groupdel).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("casefile", "tui", "screens")
_DISCOVER = """
import sys, sysconfig, tempfile
from tui.cli import main
ws = tempfile.mkdtemp() + "/ws"
for argv in (["init"], ["new", "P-1", "--supplier", "s", "--product", "p", "--quantity", "1",
             "--order-value-cny", "1.00", "--deposit-cny", "0"], ["note", "P-1", "--subject", "x"],
             ["list", "--json"], ["show", "P-1", "--json"], ["show", "P-1"], ["check", "--rebuild-index"]):
    assert main(["--data", ws, *argv]) == 0, argv
site = sysconfig.get_paths()["purelib"]
found = {getattr(m, "__file__", None) or "" for m in list(sys.modules.values())}
tops = {f[len(site) + 1:].split("/")[0] for f in found if f.startswith(site + "/")}
print("\\n".join(sorted(t for t in tops if not t.startswith("__editable__"))), file=sys.stderr)
"""
_prepared: dict[str, object] = {}


def unavailable_reason() -> str | None:
    """Why this machine cannot run tests as other accounts (None: it can)."""
    if os.geteuid() != 0:
        return "needs root to create throwaway accounts"
    for tool in ("/usr/sbin/useradd", "/usr/sbin/userdel", "/usr/sbin/groupadd", "/usr/sbin/runuser"):
        if not os.access(tool, os.X_OK):
            return f"{tool} is missing"
    return None


def _sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def _open_to_all(top: Path) -> None:
    for folder, dirs, files in os.walk(top):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644 | (os.stat(os.path.join(folder, name)).st_mode & 0o111))


def _runtime_dir() -> Path:
    """A world-readable folder with the code the command line imports (made once)."""
    if "site" in _prepared:
        return _prepared["site"]
    top = Path(tempfile.mkdtemp(prefix="casefile-users-"))
    site = top / "site"
    site.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in PACKAGES:
        if (REPO / package).is_dir():
            shutil.copytree(REPO / package, site / package, ignore=ignore)
    found = subprocess.run([sys.executable, "-c", _DISCOVER], cwd=REPO, capture_output=True, text=True, check=True)
    purelib = Path(sysconfig.get_paths()["purelib"])
    for name in found.stderr.split():
        src = purelib / name
        if src.is_dir():
            shutil.copytree(src, site / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, site / name)
    _open_to_all(top)
    _prepared["top"], _prepared["site"] = top, site
    return site


def _env(home: str, site: Path | None) -> dict[str, str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return env


def casefile_argv() -> tuple[list[str], Path | None]:
    """(argv prefix that runs `casefile` for any account, PYTHONPATH it needs or None)."""
    if "argv" in _prepared:
        return _prepared["argv"], _prepared["pythonpath"]
    site = _runtime_dir()
    for python in (os.path.realpath(sys.executable), "/usr/bin/python3"):
        if not os.access(python, os.X_OK):
            continue
        probe = subprocess.run(
            ["/usr/sbin/runuser", "-u", "nobody", "--", python, "-c", "import tui.cli, casefile.store, pydantic_core"],
            env=_env("/", site), capture_output=True, text=True,
        )
        if probe.returncode == 0:
            _prepared["argv"], _prepared["pythonpath"] = [python, "-m", "tui"], site
            return _prepared["argv"], site
    venv = _prepared["top"] / "venv"  # the slow way: a venv another account can run
    _sh(["/usr/bin/python3", "-m", "venv", str(venv)])
    _sh([str(venv / "bin" / "pip"), "install", "-q", str(REPO)])
    _open_to_all(venv)
    _prepared["argv"], _prepared["pythonpath"] = [str(venv / "bin" / "python"), "-m", "tui"], None
    return _prepared["argv"], None


def cleanup_runtime() -> None:
    top = _prepared.pop("top", None)
    _prepared.clear()
    if top is not None:
        shutil.rmtree(top, ignore_errors=True)


class UnixUsers:
    """Makes throwaway groups and accounts; removes them on close."""

    def __init__(self) -> None:
        self.tag = secrets.token_hex(3)
        self.users: list[str] = []
        self.groups: list[str] = []
        self.homes = Path(tempfile.mkdtemp(prefix="casefile-homes-"))
        os.chmod(self.homes, 0o755)

    def group(self) -> str:
        name = f"cfg{self.tag}{len(self.groups)}"
        _sh(["/usr/sbin/groupadd", name])
        self.groups.append(name)
        return name

    def user(self, groups: list[str] = ()) -> str:
        name = f"cfu{self.tag}{len(self.users)}"
        home = self.homes / name
        cmd = ["/usr/sbin/useradd", "-m", "-d", str(home), "-s", "/bin/sh", "-U"]
        if groups:
            cmd += ["-G", ",".join(groups)]
        _sh([*cmd, name])
        self.users.append(name)
        return name

    def run(self, user: str, args: list[str], *, umask: int = 0o022, timeout: float = 120) -> subprocess.CompletedProcess:
        """`casefile ARGS` as `user` (with their groups), from a folder they can enter."""
        argv, pythonpath = casefile_argv()
        return self.run_as(user, [*argv, *args], umask=umask, timeout=timeout, pythonpath=pythonpath)

    def run_as(self, user: str, cmd: list[str], *, umask: int = 0o022, timeout: float = 120,
               pythonpath: Path | None = None) -> subprocess.CompletedProcess:
        home = pwd.getpwnam(user).pw_dir
        return subprocess.run(
            ["/usr/sbin/runuser", "-u", user, "--", *cmd], env=_env(home, pythonpath), cwd=home,
            capture_output=True, text=True, timeout=timeout, preexec_fn=lambda: os.umask(umask),
        )

    def close(self) -> None:
        for name in self.users:
            subprocess.run(["/usr/sbin/userdel", "-r", "-f", name], capture_output=True)
        for name in self.groups:
            subprocess.run(["/usr/sbin/groupdel", name], capture_output=True)
        shutil.rmtree(self.homes, ignore_errors=True)

    def __enter__(self) -> "UnixUsers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
