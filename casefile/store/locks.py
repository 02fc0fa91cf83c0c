"""One lock file per case file and per index shard, across processes (filelock)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from casefile.store.atomic import tmp_target
from casefile.values.errors import ConflictError, LockFileError
from casefile.values.untrusted import describe_os_error

# filelock is imported by the functions that lock: read-only commands such as
# `casefile list` over 10,000 cases have half a second, whole process, and it takes ~10 ms.
LOCK_TIMEOUT = 15.0


class Locks:
    def __init__(self, file_mode: int) -> None:
        self.file_mode = file_mode

    def lock(self, path: Path):
        from filelock import FileLock  # start-up speed: see above

        return FileLock(path.with_suffix(".lock"), timeout=LOCK_TIMEOUT, mode=self.file_mode)

    def locked(self, path: Path):
        """The lock of `path`, taken; ConflictError after LOCK_TIMEOUT, LockFileError when its
        file cannot be used."""
        from filelock import Timeout  # start-up speed: see above

        lock = self.lock(path)
        try:
            lock.acquire()
        except Timeout:
            raise ConflictError(f"{path.name} is locked by another writer for over {LOCK_TIMEOUT:.0f}s; try again") from None
        except OSError as exc:  # filelock refuses to follow a symlink: a planted one ends here
            raise LockFileError(lock.lock_file, describe_os_error(exc)) from None
        return lock

    def cleanup_temp(self, *folders: Path) -> int:
        """Remove temp files of case files and index shards left by writers that died; a
        live writer holds the lock of the file it replaces."""
        def guard(folder: Path) -> Callable[[str], Path | None]:
            return lambda target: folder / target if target.endswith(".json") else None

        return sum(self.sweep(folder, guard(folder)) for folder in folders)

    def sweep(self, folder: Path, guard: Callable[[str], Path | None]) -> int:
        """Remove the temp files in `folder` whose writer died. `guard(target)` is the file
        whose lock a writer replacing `target` holds (None: not a temp file of ours)."""
        removed = 0
        # every command and the app's start list the cases folder (20,000 names at 10,000
        # cases): names alone, filtered in one comprehension (5-8 ms; a scandir loop took 8-10)
        for name in [n for n in os.listdir(folder) if n.startswith(".")]:
            target = tmp_target(name)
            guarded = guard(target) if target is not None else None
            if guarded is None:
                continue
            from filelock import Timeout  # start-up speed: only when a temp file is left

            lock = self.lock(guarded)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                continue  # its writer is alive and will rename or remove it
            except OSError:
                continue  # an unusable lock file: the next write to that case says so
            try:
                os.unlink(folder / name)
                removed += 1
            except FileNotFoundError:
                pass
            finally:
                lock.release()
        return removed
