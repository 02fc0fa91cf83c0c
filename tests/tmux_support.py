"""The app in a real terminal: one tmux server of our own, driven by send-keys, read by capture-pane."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

# On CI tmux must be there (scripts/install-system-deps.sh): a missing tmux fails there, never skips.
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None and not os.environ.get("CI"),
                                reason="tmux is installed by scripts/install-system-deps.sh")

# A server of its own for each Tmux: the next test's, on the socket name of the one just
# killed, could reach that server while it was still exiting ("server exited unexpectedly").
_servers = itertools.count()


class Tmux:
    """One tmux server of our own (-L), so a user's sessions are never touched."""

    def __init__(self, tmp_path: Path, name: str = "journey") -> None:
        self.name = name
        self.socket = f"casefile-{name}-{os.getpid()}-{next(_servers)}"
        self.env = {**os.environ, "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        # pytest-xdist's workers export COLUMNS=80 and LINES=24; inherited by the shell in
        # the pane, they pin the app's idea of the terminal to 80x24 whatever tmux says
        # (shutil.get_terminal_size reads them first), so a resize was never seen.
        for variable in ("TMUX", "COLUMNS", "LINES"):
            self.env.pop(variable, None)
        self.run("new-session", "-d", "-x", "80", "-y", "24", "-s", name, "bash --norc --noprofile")
        self.run("set-option", "-g", "history-limit", "0")

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, check=True,
                              capture_output=True, text=True).stdout

    def keys(self, *keys: str, pause: float = 0.35) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.name, key)
            time.sleep(pause)  # a burst would read as a paste; Esc needs its delay

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.3)

    def resize(self, width: int, height: int) -> None:
        """The terminal changes size, as when the user drags the window's corner."""
        self.run("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def wait_for(self, *texts: str, absent: tuple[str, ...] = (), timeout: float = 20) -> str:
        """The terminal once it shows every one of `texts` and none of `absent`."""
        end = time.time() + timeout
        while True:
            screen = self.screen()
            if all(t in screen for t in texts) and not any(t in screen for t in absent):
                return screen
            if time.time() > end:
                pytest.fail(f"never saw {texts!r} without {absent!r} on the terminal; it shows:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True)
