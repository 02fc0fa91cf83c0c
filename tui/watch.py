"""Notice case files changed by another user or process, cheaply.

The store replaces a case file by rename, which changes the folder's mtime; so one stat
of `cases/` per poll is enough while nothing happens, and the folder is scanned only
when it changed (or changed very recently: mtimes can be coarser than the poll).
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from casefile.values.errors import CasefileError
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from casefile.store.case_file import parse_case_bytes
from casefile.values.untrusted import read_regular

R = TypeVar("R")
RECENT_NS = 2_000_000_000  # rescan while the folder changed within the last 2 s


@dataclass(frozen=True)
class SeenChange:
    po: str
    revision: int
    actor: str
    action: str


class CaseWatcher:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._dir_mtime = -1
        self._mtimes: dict[str, int] = {}
        self.revisions: dict[str, int] = {}  # po -> last revision this app knows of
        self._held: Counter[str] = Counter()  # file name -> saves by this app in flight
        self._held_lock = threading.Lock()
        self._scan(report=False)

    def note(self, po: str, revision: int) -> None:
        """This app wrote `revision` itself: do not report it as someone else's change."""
        self.revisions[po] = max(revision, self.revisions.get(po, 0))

    def own_write(self, po: str, action: Callable[[], R], state_of: Callable[[R], CaseState]) -> R:
        """Run `action`, a save by this app (in its worker thread), with the case file left
        alone until its new revision is noted: a poll between the file's replace and the
        note would report the app's own save as someone else's change."""
        name = self.ws.case_path(po).name
        with self._held_lock:
            self._held[name] += 1
        try:
            result = action()
            state = state_of(result)
            self.note(state.po, state.revision)
            return result
        finally:
            with self._held_lock:
                self._held[name] -= 1
                if self._held[name] <= 0:
                    del self._held[name]

    def poll(self) -> list[SeenChange]:
        try:
            mtime = os.stat(self.ws.cases_dir).st_mtime_ns
        except OSError:
            return []
        if mtime == self._dir_mtime and time.time_ns() - mtime > RECENT_NS:
            return []
        return self._scan(report=True)

    def _scan(self, *, report: bool) -> list[SeenChange]:
        try:
            self._dir_mtime = os.stat(self.ws.cases_dir).st_mtime_ns
            entries = [e for e in os.scandir(self.ws.cases_dir)
                       if e.name.endswith(".json") and not e.name.startswith(".")]
        except OSError:
            return []
        changes = []
        with self._held_lock:
            held = set(self._held)
        for entry in entries:
            if entry.name in held:
                continue  # looked at on a later poll, once the save's revision is noted
            try:
                mtime = entry.stat().st_mtime_ns
            except OSError:
                continue
            if self._mtimes.get(entry.name) == mtime:
                continue
            self._mtimes[entry.name] = mtime
            if not report:
                continue  # the first scan only notes mtimes: parsing 10,000 cases would stall the UI
            change = self._read(Path(entry.path))
            if change is None:
                continue
            known = self.revisions.get(change.po)
            self.revisions[change.po] = max(change.revision, known or 0)
            if known is None or change.revision > known:
                changes.append(change)
        return changes

    @staticmethod
    def _read(path: Path) -> SeenChange | None:
        try:
            state = parse_case_bytes(path, read_regular(path))  # a FIFO planted here must not stall the watcher
        except (OSError, CasefileError):
            return None  # a file mid-replace or broken: the case list shows why
        last = state.history[-1] if state.history else None
        return SeenChange(state.po, state.revision, last.actor if last else "", last.action if last else "")
