"""A workspace folder: created private (0700/0600) or for a team (setgid 2770/0660),
refused when missing, foreign or world-writable; its settings file says which."""

from __future__ import annotations

import grp
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from casefile.store.atomic import atomic_write
from casefile.values.errors import WorkspaceError
from casefile.values.identity import current_user
from casefile.values.untrusted import describe_os_error, load_json, read_regular

CONFIG = "workspace.json"
WORKSPACE_FORMAT = 1


@dataclass(frozen=True)
class Layout:
    """A checked workspace folder and the modes its files are written with."""

    root: Path
    shared_group: str | None

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def file_mode(self) -> int:
        return 0o660 if self.shared_group else 0o600

    @property
    def dir_mode(self) -> int:
        return 0o2770 if self.shared_group else 0o700


def is_workspace(root: Path) -> bool:
    try:
        return (root / CONFIG).exists()
    except PermissionError:  # Python 3.11's exists() raises it: another user's private workspace
        raise WorkspaceError(f"{root}: permission denied; this workspace belongs to someone else") from None


def not_a_workspace(root: Path) -> WorkspaceError:
    if root.exists() and not root.is_dir():  # `init` there would only fail: "File exists"
        return WorkspaceError(f"{root} is a file, not a Casefile workspace (a folder); check the path for a typo")
    return WorkspaceError(
        f"{root} is not a Casefile workspace (no {CONFIG}); check the path for a typo, "
        f"or create it with `casefile --data {root} init`"
    )


def open_layout(root: Path) -> Layout:
    """The workspace at `root`, checked safe to use."""
    layout = Layout(root, None)
    _check_safe(layout)
    return Layout(root, _read_config(root).get("shared_group"))


def create_layout(root: Path, shared_group: str | None = None) -> None:
    """Make a new workspace at `root` (an empty or new folder)."""
    gid = None
    if shared_group is not None:
        try:
            gid = grp.getgrnam(shared_group).gr_gid
        except KeyError:
            raise WorkspaceError(f"no group named {shared_group!r} on this server; create it with `groupadd {shared_group}`") from None
    if gid is not None and os.geteuid() != 0 and gid not in (os.getegid(), *os.getgroups()):
        raise WorkspaceError(
            f"you are not in the group {shared_group!r}, so you cannot share a workspace with it; "
            f"ask an admin to run `usermod -aG {shared_group} {current_user()}`, then log in again"
        )
    try:
        _create(root, gid, shared_group)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create a workspace at {exc.filename or root}: {exc.strerror}; choose a folder you can write to"
        ) from None


def _create(root: Path, gid: int | None, shared_group: str | None) -> None:
    if (root / CONFIG).exists():
        raise WorkspaceError(f"{root} is already a workspace")
    if root.is_dir() and any(root.iterdir()):
        # init sets the folder's mode and group: never do that to someone's existing folder
        raise WorkspaceError(
            f"{root} is a folder with other files in it and no {CONFIG}; "
            "choose an empty or new folder for a workspace"
        )
    layout = Layout(root, shared_group)
    root.mkdir(parents=True, exist_ok=True)
    for folder in (root, layout.cases_dir, layout.index_dir):
        folder.mkdir(exist_ok=True)
        if gid is not None:
            os.chown(folder, -1, gid)
        os.chmod(folder, layout.dir_mode)
    config = {"format": WORKSPACE_FORMAT, "shared_group": shared_group}
    atomic_write(root / CONFIG, json.dumps(config).encode(), layout.file_mode)
    if gid is not None:
        os.chown(root / CONFIG, -1, gid)


def _check_safe(layout: Layout) -> None:
    for folder in (layout.root, layout.cases_dir, layout.index_dir):
        try:
            st = folder.stat()
        except FileNotFoundError:
            raise WorkspaceError(f"{folder} is missing; is {layout.root} a Casefile workspace?") from None
        except PermissionError:
            raise WorkspaceError(f"{folder}: permission denied; this workspace belongs to someone else") from None
        if st.st_mode & stat.S_IWOTH:
            raise WorkspaceError(
                f"{folder} is world-writable (mode {stat.S_IMODE(st.st_mode):o}): anyone on this "
                f"server could change or remove cases. Fix it with `chmod o-w {folder}` "
                "(or `casefile init --shared-group GROUP` for a team)"
            )


def _read_config(root: Path) -> dict:
    path = root / CONFIG
    try:
        config = load_json(read_regular(path, 1 << 20))
    except PermissionError:
        raise WorkspaceError(f"{path}: permission denied; this workspace belongs to someone else") from None
    except OSError as exc:
        raise WorkspaceError(f"{path} cannot be read ({describe_os_error(exc)})") from None
    except ValueError as exc:
        raise WorkspaceError(f"{path} cannot be read ({exc})") from None
    if not isinstance(config, dict) or config.get("format") != WORKSPACE_FORMAT:
        raise WorkspaceError(f"{path} is not a workspace file of format {WORKSPACE_FORMAT}")
    return config
