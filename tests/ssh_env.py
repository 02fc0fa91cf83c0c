"""A throwaway team server for the SSH proof, built by following docs/deploy-ssh.md.

The doc's `<!-- run: NAME -->` blocks are executed as written (only the settings block is
replaced with throwaway values; the sshd block and the cron line, which write step 1's
names out, get the same values), so the doc cannot drift from what is tested. Everything
made here (group, accounts, homes, sshd, tmux server) is removed on close.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "deploy-ssh.md"
SSHD = "/usr/sbin/sshd"
# Step 1's names as the doc writes them out again in the sshd block and the cron line
DOC_DEFAULTS = {"WS": "/srv/casefile/importers", "APP": "/opt/casefile", "TEAM": "importers",
                "BACKUPS": "/var/backups/casefile"}
SSHD_CONFIG = "/etc/ssh/sshd_config"  # the file the doc's check command names
_BLOCK = re.compile(r"<!-- run: ([\w-]+) -->\n```\w*\n(.*?)```", re.S)


class ServerDidNotStart(RuntimeError):
    pass


def doc_blocks() -> dict[str, str]:
    return dict(_BLOCK.findall(DOC.read_text(encoding="utf-8")))


def doc_settings() -> dict[str, str]:
    """The doc's step 1 as NAME -> value."""
    lines = (ln.split("#")[0].strip() for ln in doc_blocks()["settings"].splitlines())
    return dict(ln.split("=", 1) for ln in lines if ln)


def unavailable_reason() -> str | None:
    """Why this machine cannot host the throwaway server (None: it can)."""
    if os.geteuid() != 0:
        return "needs root to create throwaway accounts and start sshd"
    for tool in (SSHD, "/usr/bin/ssh", "/usr/bin/ssh-keygen", "/usr/bin/tmux", "/usr/sbin/useradd", "/usr/bin/python3"):
        if not os.access(tool, os.X_OK):
            return f"{tool} is missing (bash scripts/install-system-deps.sh installs it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("check", True)
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return subprocess.run(cmd, **kw)


@dataclass
class TeamServer:
    root: Path
    team: str
    users: list[str]
    port: int = 0
    sshd: subprocess.Popen | None = None
    tmux_socket: str = ""
    made_users: list[str] = field(default_factory=list)
    made_group: bool = False
    sessions: int = 0
    tag: str = ""

    @property
    def app(self) -> Path:
        return self.root / "opt"

    @property
    def ws(self) -> Path:
        return self.root / "srv" / self.team

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def bin(self) -> Path:
        return self.root / "client-bin"

    @property
    def key_dir(self) -> Path:
        return self.root / "keys"

    @property
    def client_config(self) -> Path:
        return self.root / "ssh_config"

    # -- the doc's blocks -------------------------------------------------------
    def settings(self, **override: str) -> str:
        names = {"TEAM": self.team, "APP": str(self.app), "WS": str(self.ws), "BACKUPS": str(self.backups),
                 "SRC": str(REPO), **override}
        return "".join(f"{k}={shlex.quote(v)}\n" for k, v in names.items())

    def run_doc(self, name: str, *, settings: dict[str, str] | None = None, cwd: Path | None = None,
                **env: str) -> subprocess.CompletedProcess:
        return self.run_script(doc_blocks()[name], settings=settings, cwd=cwd, **env)

    def run_script(self, text: str, *, settings: dict[str, str] | None = None, cwd: Path | None = None,
                   **env: str) -> subprocess.CompletedProcess:
        script = "set -euo pipefail\n" + self.settings(**(settings or {})) + text
        return run(["bash", "-c", script], env={**os.environ, "PATH": f"{self.bin}:{os.environ['PATH']}", **env},
                   timeout=600, cwd=cwd)

    def spelled_out(self, text: str) -> str:
        """A block that writes step 1's names out (sshd, cron), with this server's names."""
        for key in sorted(DOC_DEFAULTS, key=lambda k: -len(DOC_DEFAULTS[k])):  # WS contains TEAM
            text = text.replace(DOC_DEFAULTS[key], str(getattr(self, key.lower())))
        return text

    def sshd_snippet(self) -> str:
        return self.spelled_out(doc_blocks()["sshd"])

    def check_sshd_config(self, config: Path) -> subprocess.CompletedProcess:
        """The doc's own check command, on `config` instead of the system's file."""
        command = doc_blocks()["sshd-check"]
        assert SSHD_CONFIG in command, command
        return run(["bash", "-c", command.replace(SSHD_CONFIG, str(config))], check=False)

    def cron_commands(self) -> list[str]:
        """The doc's /etc/cron.d lines as cron would run them (as root, through /bin/sh)."""
        commands = []
        for line in doc_blocks()["cron"].splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            *when, user, command = line.split(None, 6)
            assert len(when) == 5 and user == "root", line
            assert not re.search(r"(?<!\\)%", command), "cron cuts a line at a bare %"
            commands.append(self.spelled_out(command).replace("\\%", "%"))
        return commands

    def run_cron(self) -> None:
        for command in self.cron_commands():  # cron's own environment: no locale, a short PATH
            run(["/bin/sh", "-c", command], env={"PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "HOME": "/root"})

    # -- building it -------------------------------------------------------------
    def start(self) -> "TeamServer":
        self.root.chmod(0o755)  # accounts must reach the app and the workspace below it
        self.bin.mkdir()
        self.run_doc("install")
        self.run_doc("team")
        self.made_group = True
        self.key_dir.mkdir(mode=0o700)
        for user in self.users:
            self._add(user)
        self._start_sshd()
        self._write_client_config()
        return self

    def add_person(self, letter: str, *, existing: bool = False) -> str:
        """Step 4 for one more colleague; with `existing`, an account of its own that then
        joins the team. Its login name."""
        user = f"cf{letter}{self.tag}"
        self._add(user, existing=existing)
        return user

    def _add(self, user: str, *, existing: bool = False) -> None:
        key = self.key_dir / user
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", user, "-f", str(key)])
        self.made_users.append(user)
        if not existing:
            self.run_doc("person", PERSON=user, KEY=f"{key}.pub")
            return
        run(["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", user])
        run(["usermod", "--password", "*", user])
        ssh_dir = Path(f"/home/{user}/.ssh")
        run(["install", "-d", "-m", "700", "-o", user, "-g", user, str(ssh_dir)])
        run(["install", "-m", "600", "-o", user, "-g", user, f"{key}.pub", str(ssh_dir / "authorized_keys")])
        self.run_doc("join", PERSON=user)

    def _start_sshd(self) -> None:
        etc = self.root / "etc"
        etc.mkdir(mode=0o700)
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(etc / "host_ed25519")])
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation dir
        self.port = free_port()
        self.sshd_config = etc / "sshd_config"
        self.sshd_config.write_text(self.base_sshd_config() + self.sshd_snippet())
        checked = self.check_sshd_config(self.sshd_config)
        if checked.returncode != 0 or checked.stdout + checked.stderr:
            raise AssertionError(f"the doc's sshd check refused the doc's block: {checked.stderr}")
        self.sshd_log = etc / "sshd.log"
        with self.sshd_log.open("w") as log:
            self.sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", str(self.sshd_config)], stderr=log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.sshd.poll() is not None:
                raise ServerDidNotStart(f"sshd exited: {self.sshd_log.read_text()[-500:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise ServerDidNotStart("sshd did not listen within 10 s")

    def base_sshd_config(self) -> str:
        """What /etc/ssh/sshd_config holds before step 5 (Debian's sftp line included)."""
        etc = self.root / "etc"
        return (
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {etc / 'host_ed25519'}\n"
            f"PidFile {etc / 'sshd.pid'}\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nStrictModes yes\n"
            f"PermitRootLogin no\nAllowGroups {self.team}\nPrintMotd no\nPrintLastLog no\n"
            "Subsystem sftp /usr/lib/openssh/sftp-server\nLogLevel VERBOSE\n"
        )

    def _write_client_config(self) -> None:
        # What a user's ~/.ssh/config would hold; `ssh` on PATH adds it, so the doc's
        # client commands run exactly as written.
        cfg = self.client_config
        cfg.write_text(
            f"Host 127.0.0.1\n  Port {self.port}\n  IdentityFile {self.key_dir}/%r\n  IdentitiesOnly yes\n"
            f"  UserKnownHostsFile {self.root}/known_hosts\n  StrictHostKeyChecking accept-new\n"
            "  BatchMode yes\n  SendEnv LANG LC_*\n  LogLevel ERROR\n"
        )
        wrapper = self.bin / "ssh"
        wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/ssh -F "{cfg}" "$@"\n')
        wrapper.chmod(0o755)

    # -- using it --------------------------------------------------------------------
    def env(self, **extra: str) -> dict[str, str]:
        return {"PATH": f"{self.bin}:/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "xterm-256color", **extra}

    def ssh_command(self, user: str, *words: str, tty: bool = False) -> list[str]:
        self.sessions += 1
        # sshd hands the words to the login as one string, which it splits like a shell
        return ["ssh", *(["-tt"] if tty else []), f"{user}@127.0.0.1", shlex.join(words)]

    def ssh(self, user: str, *words: str, tty: bool = False, timeout: float = 60, check: bool = False):
        return run(self.ssh_command(user, *words, tty=tty), env=self.env(), timeout=timeout, check=check,
                   stdin=subprocess.DEVNULL)

    def ssh_popen(self, user: str, *words: str, tty: bool = False) -> subprocess.Popen:
        return subprocess.Popen(self.ssh_command(user, *words, tty=tty), env=self.env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def user_processes(self, user: str) -> list[int]:
        uid = pwd.getpwnam(user).pw_uid
        pids = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        pids.append(int(entry.name))
                except OSError:
                    continue
        return pids

    def wait_gone(self, user: str, timeout: float = 15) -> None:
        """Until every process of `user` has ended (a cut connection hangs up its session)."""
        deadline = time.monotonic() + timeout
        while self.user_processes(user):
            if time.monotonic() > deadline:
                raise AssertionError(f"{user} still runs {self.user_processes(user)} {timeout}s after the cut")
            time.sleep(0.05)

    def client_commands(self) -> list[str]:
        lines = [ln.split("#")[0].strip() for ln in doc_blocks()["client"].splitlines()]
        return [ln for ln in lines if ln]

    # -- tmux: the users' terminals ------------------------------------------------
    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        conf = self.root / "tmux.conf"
        if not conf.exists():
            conf.write_text(doc_blocks()["tmux"])
            self.tmux_socket = str(self.root / "tmux.sock")
        return run(["tmux", "-S", self.tmux_socket, "-f", str(conf), *args], env=self.env(), check=check)

    def open_terminal(self, name: str, command: str, *, size: tuple[int, int] = (80, 24), **env: str) -> Path:
        """A tmux session running `command`; every byte the client prints is logged."""
        self.sessions += 1
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in {"SERVER": "127.0.0.1", **env}.items())
        log = self.root / f"{name}.bytes"
        log.touch()
        # the pane waits on a key before running the client, so pipe-pane sees every byte
        self.tmux("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
                  f"export {exports}; read _go; {command}; rc=$?; echo; echo CLIENT EXITED $rc; sleep 600")
        self.tmux("pipe-pane", "-o", "-t", name, f"cat >> {log}")
        self.keys(name, "Enter")
        return log

    def settle(self, log: Path, quiet: float = 0.5, timeout: float = 15) -> int:
        """Wait until the client has printed nothing for `quiet` seconds; its byte count."""
        deadline = time.monotonic() + timeout
        size, since = log.stat().st_size, time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = log.stat().st_size
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return size
        raise AssertionError(f"the client kept printing for {timeout}s")

    def client_pid(self, name: str) -> int:
        """The ssh client in tmux session `name` (the child of the pane's shell)."""
        shell = self.tmux("display-message", "-p", "-t", name, "#{pane_pid}").stdout.strip()
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        return int(children[0])

    def screen(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name).stdout

    def keys(self, name: str, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def wait_for(self, name: str, text: str, timeout: float = 20) -> float:
        """Seconds until `text` is on the screen (wrapped or not); raises with the screen."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if text in self.screen(name) or " ".join(text.split()) in " ".join(self.screen(name).split()):
                return time.monotonic() - start
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not on {name}'s screen after {timeout}s:\n{self.screen(name)}")

    # -- tearing down ---------------------------------------------------------------------
    def close(self) -> None:
        if self.tmux_socket:
            self.tmux("kill-server", check=False)
        if self.sshd is not None:
            self.sshd.send_signal(signal.SIGTERM)
            self.sshd.wait(10)
        for user in self.made_users:
            try:
                self.wait_gone(user, timeout=10)  # hung-up sessions end before their account goes
            except (AssertionError, KeyError):
                pass
            run(["userdel", "--force", "--remove", user], check=False)
        if self.made_group:
            run(["groupdel", self.team], check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def team_server(users: int = 2) -> TeamServer:
    tag = secrets.token_hex(3)
    root = Path(tempfile.mkdtemp(prefix="casefile-ssh-"))
    server = TeamServer(root=root, team=f"cft{tag}", users=[f"cf{chr(97 + i)}{tag}" for i in range(users)], tag=tag)
    try:
        return server.start()
    except BaseException:
        server.close()
        raise


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def group_id(name: str) -> int:
    return grp.getgrnam(name).gr_gid
