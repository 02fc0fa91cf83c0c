"""A throwaway team server for the SSH proof, built by following docs/deploy-ssh.md.

The doc's `<!-- run: NAME -->` blocks are executed as written (only the settings block is
replaced with throwaway values), so the doc cannot drift from what is tested. Everything
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
DOC_DEFAULTS = {"WS": "/srv/casefile/importers", "APP": "/opt/casefile", "TEAM": "importers"}
_BLOCK = re.compile(r"<!-- run: (\w+) -->\n```\w*\n(.*?)```", re.S)


class ServerDidNotStart(RuntimeError):
    pass


def doc_blocks() -> dict[str, str]:
    return dict(_BLOCK.findall(DOC.read_text(encoding="utf-8")))


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

    @property
    def app(self) -> Path:
        return self.root / "opt"

    @property
    def ws(self) -> Path:
        return self.root / "srv" / self.team

    @property
    def bin(self) -> Path:
        return self.root / "client-bin"

    # -- the doc's blocks -------------------------------------------------------
    def settings(self) -> str:
        return f'TEAM={self.team}\nAPP="{self.app}"\nWS="{self.ws}"\nSRC="{REPO}"\n'

    def run_doc(self, name: str, **env: str) -> subprocess.CompletedProcess:
        script = "set -euo pipefail\n" + self.settings() + doc_blocks()[name]
        return run(["bash", "-c", script], env={**os.environ, "PATH": f"{self.bin}:{os.environ['PATH']}", **env}, timeout=600)

    def sshd_snippet(self) -> str:
        text = doc_blocks()["sshd"]
        for key in ("WS", "APP", "TEAM"):  # longest first: WS contains the other two
            text = text.replace(DOC_DEFAULTS[key], str(getattr(self, key.lower())))
        return text

    # -- building it -------------------------------------------------------------
    def start(self) -> "TeamServer":
        self.root.chmod(0o755)  # accounts must reach the app and the workspace below it
        self.bin.mkdir()
        self.run_doc("install")
        self.run_doc("team")
        self.made_group = True
        keys = self.root / "keys"
        keys.mkdir(mode=0o700)
        for user in self.users:
            run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", user, "-f", str(keys / user)])
            self.made_users.append(user)
            self.run_doc("person", PERSON=user, KEY=str(keys / f"{user}.pub"))
        self._start_sshd()
        self._write_client_config(keys)
        return self

    def _start_sshd(self) -> None:
        etc = self.root / "etc"
        etc.mkdir(mode=0o700)
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(etc / "host_ed25519")])
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation dir
        self.port = free_port()
        config = etc / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {etc / 'host_ed25519'}\n"
            f"PidFile {etc / 'sshd.pid'}\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nStrictModes yes\n"
            f"PermitRootLogin no\nAllowGroups {self.team}\nPrintMotd no\nPrintLastLog no\n"
            "LogLevel VERBOSE\n" + self.sshd_snippet()
        )
        run([SSHD, "-t", "-f", str(config)])
        self.sshd_log = etc / "sshd.log"
        with self.sshd_log.open("w") as log:
            self.sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=log)
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

    def _write_client_config(self, keys: Path) -> None:
        # What a user's ~/.ssh/config would hold; `ssh` on PATH adds it, so the doc's
        # client commands run exactly as written.
        cfg = self.root / "ssh_config"
        cfg.write_text(
            f"Host 127.0.0.1\n  Port {self.port}\n  IdentityFile {keys}/%r\n  IdentitiesOnly yes\n"
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
    server = TeamServer(root=root, team=f"cft{tag}", users=[f"cf{chr(97 + i)}{tag}" for i in range(users)])
    try:
        return server.start()
    except BaseException:
        server.close()
        raise


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def group_id(name: str) -> int:
    return grp.getgrnam(name).gr_gid
