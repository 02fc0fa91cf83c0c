"""Crash-safe file replacement: temp file in the same folder, fsync, rename, fsync folder.

Every step goes through `os` so that tests can inject faults at each one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

TMP_SUFFIX = ".tmp"
# ".<target name>.<pid>.<8 hex>.tmp", as atomic_write names its temp files
_TMP_NAME = re.compile(r"^\.(?P<target>.+)\.[0-9]+\.[0-9a-f]{8}" + re.escape(TMP_SUFFIX) + "$")


class ReplacedButNotSynced(OSError):
    """The new file is in place but the folder fsync failed: the outcome is unknown."""


def tmp_prefix(path: Path, tmp_folder: Path | None = None) -> str:
    """How the temp files replacing `path` start; in a folder not the file's own, the name
    carries that of the file's folder too (".<folder>.<name>.")."""
    if tmp_folder is None or tmp_folder == path.parent:
        return f".{path.name}."
    return f".{path.parent.name}.{path.name}."


def tmp_target(name: str) -> str | None:
    """The file a temp file named `name` was meant to replace, or None if it is not one."""
    match = _TMP_NAME.match(name)
    return match["target"] if match else None


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, mode: int, *, durable: bool = True, tmp_folder: Path | None = None) -> None:
    """Replace `path` with `data` whole, or leave the old file and raise. The temp file is
    written in `tmp_folder` (on the same file system) when given, else beside `path`.

    A failure after the rename (the folder fsync) leaves the new file in place and raises
    ReplacedButNotSynced: the caller cannot know the outcome, which is why records carry
    their own ids.
    """
    folder = path.parent
    tmp = (tmp_folder or folder) / f"{tmp_prefix(path, tmp_folder)}{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.fchmod(fd, mode)  # the umask may have narrowed it; mkstemp-style 0600 is wrong for teams
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if durable:
        try:
            fsync_dir(folder)
        except OSError as exc:
            raise ReplacedButNotSynced(exc.errno, exc.strerror, str(path)) from exc
