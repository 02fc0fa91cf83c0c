"""The workspace: one TinyDB file per case, every write atomic and under a lock.

A write takes the case's inter-process lock, re-reads the file, applies the change
through TinyDB in memory, writes a temp file in the same folder, fsyncs it, renames it
over the case file and fsyncs the folder. A file that cannot be read is refused and
never overwritten. A small sharded index of case summaries is kept in the same locked
write so that listing a large workspace does not parse every case.
"""

from __future__ import annotations

import functools
import grp
import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import TypeAdapter, ValidationError

from casefile.atomic import ReplacedButNotSynced, atomic_write, fsync_dir, tmp_target
from casefile.base import Record
from casefile.case import Case, po_digest, po_filename, po_skeleton
from casefile.errors import (
    CaseExists,
    CaseNotFound,
    CasefileError,
    ConflictError,
    CorruptCaseError,
    InputError,
    LockFileError,
    StorageError,
    WorkspaceError,
    describe_validation,
)
from casefile.history import FieldChange, HistoryEvent
from casefile.identity import current_user
from casefile.retries import already_stored, content
from casefile.integrity import GENESIS, Digests, baseline_seals, digest, doc_digests, event_digest, verify
from casefile.state import FORMAT, TABLE_OF, WORKSPACE_FORMAT, CaseState, state_from_tables
from casefile.summary import CaseSummary, summarize
from casefile.untrusted import describe_os_error, load_json, read_regular

# filelock and tinydb are imported by the functions that write: read-only commands such as
# `casefile list` over 10,000 cases have half a second, whole process, and both take ~10-30 ms.
LOCK_TIMEOUT = 15.0
CONFIG = "workspace.json"


@dataclass
class Change:
    """What a transaction does to a case. Built by domain code from the fresh state."""

    action: str
    detail: str = ""
    case: Case | None = None
    records: list[Record] = field(default_factory=list)
    reason: str = ""  # why, recorded in the history event
    changes: list[FieldChange] = field(default_factory=list)  # an edit's fields, old -> new
    reseal: bool = False  # seal the file as it is now (an accepted change)


class _Tables:
    """TinyDB storage over a dict we already read under the lock; written once at commit."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables

    def read(self) -> dict[str, Any]:
        return self.tables

    def write(self, data: dict[str, Any]) -> None:
        self.tables = data

    def close(self) -> None:
        pass


@dataclass
class _Cached:
    """A case file's bytes as last read or written here, and what they parsed to.

    `tables` is never mutated: a write works on a copy (see `_writable`).
    """

    raw: bytes
    tables: dict[str, Any]
    state: CaseState
    digests: Digests  # of every sealed document, so a re-read hashes only what changed


@dataclass
class CaseListing:
    summaries: list[CaseSummary]
    index_problems: list[str] = field(default_factory=list)  # entries dropped, each in words

    def index_notice(self) -> str:
        """One line for the user when the index was not trusted, else ""."""
        if not self.index_problems:
            return ""
        n = len(self.index_problems)
        return (f"the case list index could not be used in {n} place{'' if n == 1 else 's'} "
                f"({self.index_problems[0]}{'; ...' if n > 1 else ''}); those cases were read from "
                "their case files. `casefile check --rebuild-index` rewrites the index")


@dataclass
class CheckResult:
    checked: int = 0
    bad: list[CorruptCaseError] = field(default_factory=list)
    broken_chains: list[str] = field(default_factory=list)  # "PO X: what was changed outside Casefile"
    changed: list[str] = field(default_factory=list)  # POs of files changed outside Casefile
    unsealed: list[str] = field(default_factory=list)  # POs of files no write of this version sealed yet
    index_rebuilt: bool = False
    index_stale: list[str] = field(default_factory=list)  # "PO: how its index entry differs", in words

    @property
    def ok(self) -> bool:
        return not self.bad and not self.broken_chains


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.cases_dir = self.root / "cases"
        self.index_dir = self.root / "index"
        self._cache: dict[Path, _Cached] = {}
        self._check_safe()
        config = self._read_config()
        self.shared_group: str | None = config.get("shared_group")
        self.file_mode = 0o660 if self.shared_group else 0o600
        self.dir_mode = 0o2770 if self.shared_group else 0o700
        self.actor = current_user()

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, root: Path | str, *, create: bool = True) -> "Workspace":
        root = Path(root).expanduser()
        try:
            exists = (root / CONFIG).exists()
        except PermissionError:  # Python 3.11's exists() raises it: another user's private workspace
            raise WorkspaceError(f"{root}: permission denied; this workspace belongs to someone else") from None
        if not exists:
            if not create:
                raise WorkspaceError(
                    f"{root} is not a Casefile workspace (no {CONFIG}); check the path for a typo, "
                    f"or create it with `casefile --data {root} init`"
                )
            return cls.init(root)
        ws = cls(root)
        ws.cleanup_temp()
        return ws

    @classmethod
    def init(cls, root: Path | str, shared_group: str | None = None) -> "Workspace":
        root = Path(root).expanduser()
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
            cls._create(root, gid, shared_group)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot create a workspace at {exc.filename or root}: {exc.strerror}; choose a folder you can write to"
            ) from None
        return cls(root)

    @staticmethod
    def _create(root: Path, gid: int | None, shared_group: str | None) -> None:
        if (root / CONFIG).exists():
            raise WorkspaceError(f"{root} is already a workspace")
        if root.is_dir() and any(root.iterdir()):
            # init sets the folder's mode and group: never do that to someone's existing folder
            raise WorkspaceError(
                f"{root} is a folder with other files in it and no {CONFIG}; "
                "choose an empty or new folder for a workspace"
            )
        dir_mode = 0o2770 if gid is not None else 0o700
        file_mode = 0o660 if gid is not None else 0o600
        root.mkdir(parents=True, exist_ok=True)
        for folder in (root, root / "cases", root / "index"):
            folder.mkdir(exist_ok=True)
            if gid is not None:
                os.chown(folder, -1, gid)
            os.chmod(folder, dir_mode)
        config = {"format": WORKSPACE_FORMAT, "shared_group": shared_group}
        atomic_write(root / CONFIG, json.dumps(config).encode(), file_mode)
        if gid is not None:
            os.chown(root / CONFIG, -1, gid)

    def _check_safe(self) -> None:
        for folder in (self.root, self.cases_dir, self.index_dir):
            try:
                st = folder.stat()
            except FileNotFoundError:
                raise WorkspaceError(f"{folder} is missing; is {self.root} a Casefile workspace?") from None
            except PermissionError:
                raise WorkspaceError(f"{folder}: permission denied; this workspace belongs to someone else") from None
            if st.st_mode & stat.S_IWOTH:
                raise WorkspaceError(
                    f"{folder} is world-writable (mode {stat.S_IMODE(st.st_mode):o}): anyone on this "
                    f"server could change or remove cases. Fix it with `chmod o-w {folder}` "
                    "(or `casefile init --shared-group GROUP` for a team)"
                )

    def _read_config(self) -> dict[str, Any]:
        path = self.root / CONFIG
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

    # -- paths and locks ---------------------------------------------------
    def case_path(self, po: str) -> Path:
        return self.cases_dir / f"{po_filename(po)}.json"

    def _lock(self, path: Path):
        from filelock import FileLock

        return FileLock(path.with_suffix(".lock"), timeout=LOCK_TIMEOUT, mode=self.file_mode)

    def _locked(self, path: Path):
        from filelock import Timeout

        lock = self._lock(path)
        try:
            lock.acquire()
        except Timeout:
            raise ConflictError(f"{path.name} is locked by another writer for over {LOCK_TIMEOUT:.0f}s; try again") from None
        except OSError as exc:  # filelock refuses to follow a symlink: a planted one ends here
            raise LockFileError(lock.lock_file, describe_os_error(exc)) from None
        return lock

    def cleanup_temp(self) -> int:
        """Remove temp files left by writers that died; a live writer holds its lock."""
        removed = 0
        for folder in (self.cases_dir, self.index_dir):
            for entry in os.scandir(folder):
                if not entry.name.startswith("."):  # cheap test first: 20,000 names at 10,000 cases
                    continue
                target = tmp_target(entry.name)
                if target is None or not target.endswith(".json"):
                    continue
                from filelock import Timeout

                lock = self._lock(folder / target)
                try:
                    lock.acquire(timeout=0)
                except Timeout:
                    continue  # its writer is alive and will rename or remove it
                except OSError:
                    continue  # an unusable lock file: the next write to that case says so
                try:
                    os.unlink(entry.path)
                    removed += 1
                except FileNotFoundError:
                    pass
                finally:
                    lock.release()
        return removed

    # -- reading -------------------------------------------------------------
    def _read_path(self, path: Path) -> CaseState:
        try:
            raw = read_regular(path)  # a FIFO or a device planted as a case must not hang a reader
        except FileNotFoundError:
            raise CaseNotFound(f"no case file {path.name}") from None
        except PermissionError:
            raise WorkspaceError(f"{path}: permission denied") from None
        except OSError as exc:
            raise CorruptCaseError(path, describe_os_error(exc)) from None
        cached = self._cache.get(path)
        if cached is not None and cached.raw == raw:
            return cached.state
        tables, state, digests = _parse(path, raw, cached)
        if path.stem != po_filename(state.po):  # e.g. a file copied over another case's
            raise CorruptCaseError(path, f"holds PO {state.po!r}, whose file would be {po_filename(state.po)}.json")
        self._cache[path] = _Cached(raw, tables, state, digests)
        return state

    def load(self, po: str) -> CaseState:
        path = self.case_path(po)
        if not path.exists():
            raise CaseNotFound(f"no case with PO {po!r} in {self.root}; `casefile list` shows the cases")
        state = self._read_path(path)
        if state.po != po:
            raise CorruptCaseError(path, f"holds PO {state.po!r}, not {po!r}")
        return state

    def case_files(self) -> Iterator[Path]:
        for entry in os.scandir(self.cases_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                yield Path(entry.path)

    def load_all(self) -> Iterator[CaseState | CorruptCaseError]:
        for path in sorted(self.case_files()):
            try:
                yield self._read_path(path)
            except CorruptCaseError as exc:
                yield exc

    # -- writing -------------------------------------------------------------
    def create(self, case: Case) -> CaseState:
        from tinydb import TinyDB
        from tinydb.table import Document

        path = self.case_path(case.po)
        lock = self._locked(path)
        try:
            if path.exists():
                try:
                    existing = self._read_path(path)
                except CorruptCaseError:
                    existing = None
                if existing is None or existing.case != case:
                    raise CaseExists(f"a case with PO {case.po!r} already exists; `casefile show {case.po}` shows it")
                return self._confirm(path, existing)  # the same case again: a retried `new`
            self._refuse_lookalike(case.po)
            db = TinyDB(storage=_Tables, tables={})
            db.table("meta").insert(Document({"format": FORMAT, "revision": 1}, doc_id=1))
            case_doc = case.model_dump(mode="json")
            db.table("case").insert(Document(case_doc, doc_id=1))
            event, event_doc = _sealed_event(HistoryEvent(
                actor=self.actor, action="case opened", detail=f"{case.supplier}: {case.product}",
                case_digest=digest(case_doc), baseline=True, prev_hash=GENESIS,
            ))
            db.table("history").insert(event_doc)
            state = CaseState(revision=1, case=case, history=[event])
            self._commit(path, db.storage.tables, state)
            return state
        finally:
            lock.release()

    def _refuse_lookalike(self, po: str) -> None:
        """A new PO that looks like an existing one (dashes, width, case, spaces, Cyrillic
        or Greek letters) would be a second case for one order, or a trap for a colleague."""
        skeleton = po_skeleton(po)
        for summary in self.list_cases().summaries:
            if not summary.unreadable and summary.po != po and po_skeleton(summary.po) == skeleton:
                raise CaseExists(
                    f"a case whose PO looks the same already exists: {summary.po!r} (you typed {po!r}; they "
                    f"differ only in dashes, letter case, spaces, character width or look-alike letters). "
                    f"`casefile show {summary.po}` shows it; a different order needs a number that cannot be "
                    "mistaken for it"
                )

    def transact(
        self,
        po: str,
        fn: Callable[[CaseState], Change],
        *,
        expected_revision: int | None = None,
    ) -> CaseState:
        """Apply `fn` to the case as it is on disk, inside the lock, and write it whole.

        `fn` sees the fresh state and returns a Change; domain rules raise from inside it.
        Records whose id is already stored with the same content are skipped, so a retried
        write is a no-op; with other content, ConflictError.
        """
        from tinydb import TinyDB
        from tinydb.table import Document

        path = self.case_path(po)
        lock = self._locked(path)
        try:
            state = self.load(po)
            stale = expected_revision is not None and state.revision != expected_revision
            try:
                change = fn(state)
            except Exception as exc:
                self._cache.pop(path, None)  # fn may have changed the state it was handed
                if stale:  # the user acted on what they saw, not on this state
                    raise ConflictError(_conflict_message(state, expected_revision)) from exc
                if isinstance(exc, ValidationError):  # a record the rules built from bad input
                    raise InputError(describe_validation(exc)) from None
                raise
            fresh = _new_records(state, change.records)
            if not fresh and change.case is None and not change.reseal:
                return self._confirm(path, state)
            if stale:
                raise ConflictError(_conflict_message(state, expected_revision))
            cached = self._cache[path]
            db = TinyDB(storage=_Tables, tables=_writable(cached.tables))
            updates: dict[str, list[Record]] = {}
            seals, case_digest = [], None
            for record in fresh:
                name = TABLE_OF[type(record)]
                doc = record.model_dump(mode="json")
                number = db.table(name).insert(doc)
                seals.append({"table": name, "doc": number, "id": record.id, "digest": digest(doc)})
                updates.setdefault(name, []).append(record)
            if change.case is not None:
                if change.case.po != state.po:
                    raise ConflictError("the PO number of a case cannot be changed")
                case_doc = change.case.model_dump(mode="json")
                db.table("case").upsert(Document(case_doc, doc_id=1))
                case_digest = digest(case_doc)
            # A file no write of this version has sealed (or an accepted change): seal all of it.
            baseline = change.reseal or state.integrity is None or not state.integrity.sealed
            flagged = ""
            if baseline:
                tables = db.storage.tables
                digests = doc_digests(tables, (cached.tables, cached.digests))
                seals, case_digest = baseline_seals(tables, digests), digests["case"]["1"]
                if not change.reseal and state.integrity is not None:
                    flagged = "; ".join(state.integrity.problems)  # known before sealing: stays shown
            last = state.history[-1].hash if state.history and state.history[-1].hash else GENESIS
            event, event_doc = _sealed_event(HistoryEvent(
                actor=self.actor, action=change.action, detail=change.detail, reason=change.reason,
                changes=change.changes, seals=seals, case_digest=case_digest, baseline=baseline,
                flagged=flagged, prev_hash=last,
            ))
            db.table("history").insert(event_doc)
            revision = state.revision + 1
            db.table("meta").upsert(Document({"format": FORMAT, "revision": revision}, doc_id=1))
            new_state = state.model_copy(update={
                "revision": revision,
                "case": change.case or state.case,
                "history": [*state.history, event],
                **{name: [*getattr(state, name), *recs] for name, recs in updates.items()},
            })
            self._commit(path, db.storage.tables, new_state)
            return new_state
        finally:
            lock.release()

    def _confirm(self, path: Path, state: CaseState) -> CaseState:
        """A retry of a write already on disk: the first attempt may have failed at the folder
        fsync or died before the index, so make sure of both before saying it is done."""
        try:
            fsync_dir(path.parent)
        except OSError as exc:
            raise StorageError(path, exc, saved=True, what=f"PO {state.po}") from exc
        self._ensure_summary(_stamped(summarize(state, path.stem), path))
        return state

    def _commit(self, path: Path, tables: dict[str, Any], state: CaseState) -> None:
        # Everything that can refuse runs before the write: a case that cannot be summarised
        # (a report no table can read, say) is refused whole and the file stays as it was.
        summary = summarize(state, path.stem)
        raw = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        cached = self._cache.pop(path, None)
        digests = _verified(tables, state, cached)
        try:
            atomic_write(path, raw, self.file_mode)
        except OSError as exc:
            raise StorageError(path, exc, saved=isinstance(exc, ReplacedButNotSynced), what=f"PO {state.po}") from exc
        self._cache[path] = _Cached(raw, tables, state, digests)
        self._write_summary(_stamped(summary, path))  # the new file's stamp, even when the summary is the same

    # -- the index -------------------------------------------------------------
    def _shard_path(self, po: str) -> Path:
        return self.index_dir / f"{hashlib.sha256(po.encode()).hexdigest()[:2]}.json"

    def _read_shard(self, path: Path) -> dict[str, Any]:
        try:
            data = load_json(read_regular(path))
        except (OSError, ValueError):
            return {}  # the index is derived; a missing or bad shard is rebuilt below
        return data if isinstance(data, dict) else {}

    def _write_summary(self, summary: CaseSummary) -> None:
        self._ensure_summary(summary, force=True)

    def _ensure_summary(self, summary: CaseSummary, *, force: bool = False) -> None:
        """Put `summary` in its index shard (unless it is there already and not `force`)."""
        path = self._shard_path(summary.po)
        doc = summary.model_dump(mode="json")
        lock = self._locked(path)
        try:
            shard = self._read_shard(path)
            if not force and shard.get(summary.po) == doc:
                return
            shard[summary.po] = doc
            try:
                atomic_write(path, json.dumps(shard, ensure_ascii=False).encode(), self.file_mode)
            except OSError as exc:
                # the case itself is on disk; a retry is a no-op that brings the index up to date
                raise StorageError(path, exc, saved=True, what=f"PO {summary.po} (its case list entry is not updated)") from exc
        finally:
            lock.release()

    def list_summaries(self) -> list[CaseSummary]:
        return self.list_cases().summaries

    def list_cases(self) -> "CaseListing":
        """Every case's summary from the index. A case missing from it, whose entry fails
        validation, or whose file is no longer the one its entry was made from (one stat
        per case: written outside Casefile, corrupted, restored) is summarised afresh from
        its file, and marked unreadable when it cannot be read."""
        found: dict[str, CaseSummary] = {}
        problems: list[str] = []
        for entry in os.scandir(self.index_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                summaries, bad = _shard_summaries(Path(entry.path))
                found.update((s.file, s) for s in summaries)
                problems += bad
        stamps = {}
        for entry in os.scandir(self.cases_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                try:
                    stamps[entry.name[:-5]] = file_stamp(entry.stat())
                except OSError:
                    stamps[entry.name[:-5]] = ""  # gone or unusable: read below, which says which
        indexed = {stem: s for stem, s in found.items() if stem in stamps}  # a case file moved aside
        found = {stem: s for stem, s in indexed.items() if s.file_stamp and s.file_stamp == stamps[stem]}
        for stem in sorted(stamps.keys() - found.keys()):
            try:
                found[stem] = self._summarise_afresh(stem, problems)
            except CaseNotFound:
                continue  # moved away since the folder was listed
            except CasefileError as exc:
                found[stem] = CaseSummary.broken(stem, getattr(exc, "reason", str(exc)), indexed.get(stem))
        return CaseListing(_unique_pos(sorted(found.values(), key=lambda s: s.po)), problems)

    def _summarise_afresh(self, stem: str, problems: list[str]) -> CaseSummary:
        path = self.cases_dir / f"{stem}.json"
        lock = self._locked(path)  # else a writer's newer summary could be overwritten by ours
        try:
            summary = _stamped(summarize(self._read_path(path), stem), path)
            try:
                self._write_summary(summary)
            except CasefileError as exc:  # the index is derived: list the case all the same
                problems.append(f"the index entry of {summary.po} could not be written ({exc})")
            return summary
        finally:
            lock.release()

    def check(self, *, rebuild_index: bool = False) -> CheckResult:
        result = CheckResult()
        shards: dict[Path, dict[str, Any]] = {}
        indexed = {}
        for entry in os.scandir(self.index_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                indexed.update(self._read_shard(Path(entry.path)))
        for path in sorted(self.case_files()):
            result.checked += 1
            try:
                state = self._read_path(path)
            except CorruptCaseError as exc:
                result.bad.append(exc)
                continue
            except CaseNotFound:
                continue  # moved away since the folder was listed
            integrity = state.integrity
            result.broken_chains += [f"PO {state.po} ({path.name}): {p}" for p in integrity.problems]
            if integrity.problems:
                result.changed.append(state.po)
            if not integrity.sealed:
                result.unsealed.append(state.po)
            try:
                summary = _stamped(summarize(state, path.stem), path)
            except CasefileError as exc:  # one bad case must not stop the check of the others
                result.bad.append(CorruptCaseError(path, f"cannot be summarised ({exc})"))
                continue
            doc = summary.model_dump(mode="json")
            if indexed.get(state.po) != doc:
                result.index_stale.append(_stale_words(state.po, indexed.get(state.po), doc))
            shards.setdefault(self._shard_path(state.po), {})[state.po] = doc
        listed = {po for shard in shards.values() for po in shard}
        unreadable = {e.path.stem for e in result.bad}
        result.index_stale += [  # entries of a case that cannot be read, or of no case at all
            f"{po}: the case list shows {_shown(doc)}, but its case file "
            + ("cannot be read" if _entry_file(doc) in unreadable else "is not in the workspace")
            for po, doc in indexed.items() if po not in listed
        ]
        if rebuild_index:
            self._rebuild_index(shards)
            result.index_rebuilt = True
        return result

    def _rebuild_index(self, shards: dict[Path, dict[str, Any]]) -> None:
        for entry in os.scandir(self.index_dir):
            path = Path(entry.path)
            if not entry.name.endswith(".json"):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):  # a folder where a shard goes
                    shutil.rmtree(path)
                elif path not in shards:
                    os.unlink(path)
            except OSError as exc:
                raise StorageError(path, exc, saved=False) from exc
        for path, shard in shards.items():
            lock = self._locked(path)
            try:
                atomic_write(path, json.dumps(shard, ensure_ascii=False).encode(), self.file_mode)
            except OSError as exc:
                raise StorageError(path, exc, saved=isinstance(exc, ReplacedButNotSynced), what="the index") from exc
            finally:
                lock.release()


def file_stamp(st: os.stat_result) -> str:
    """What changes whenever a case file is written, edited or replaced: the index entry made
    from the file records it, so `list` can tell with one stat that the entry is stale."""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _stamped(summary: CaseSummary, path: Path) -> CaseSummary:
    try:
        stamp = file_stamp(os.stat(path))
    except OSError:
        stamp = ""  # no stamp: `list` reads the file itself
    return summary.model_copy(update={"file_stamp": stamp})


def _entry_file(doc: Any) -> str:
    return doc.get("file", "") if isinstance(doc, dict) else ""


def _shown(doc: Any) -> str:
    phase = doc.get("phase_text") if isinstance(doc, dict) else None
    return repr(phase[:80]) if isinstance(phase, str) and phase else "an entry"


def _stale_words(po: str, old: Any, doc: dict[str, Any]) -> str:
    """One index entry that no longer matches its case, in words."""
    if old is None:
        return f"{po}: not in the case list index"
    if isinstance(old, dict) and {k: v for k, v in old.items() if k != "file_stamp"} == {
            k: v for k, v in doc.items() if k != "file_stamp"}:
        return f"{po}: its case list entry was made from an earlier version of the file"
    return f"{po}: the case list shows {_shown(old)}, the case file says {_shown(doc)}"


def parse_case_bytes(path: Path, raw: bytes) -> CaseState:
    """Validate a case file's bytes; anything short of a whole, valid case is refused."""
    return _parse(path, raw, None)[1]


_LEFT_OUT_WHEN_EMPTY = ("reason", "changes", "seals", "case_digest", "baseline", "flagged")


def _sealed_event(event: HistoryEvent) -> tuple[HistoryEvent, dict[str, Any]]:
    """The event with its hash, and the document stored for it. Fields left empty are left
    out (a reader fills in their defaults, as for events of earlier versions): every write
    adds an event, and a 2,000-record case would carry 150 KB of empty fields. The hash
    covers exactly the document stored."""
    doc = {k: v for k, v in event.model_dump(mode="json").items()
           if k != "hash" and not (k in _LEFT_OUT_WHEN_EMPTY and v in (None, "", [], False))}
    doc["hash"] = event_digest(doc)
    return event.model_copy(update={"hash": doc["hash"]}), doc


def _verified(tables: dict[str, Any], state: CaseState, cached: _Cached | None,
              unchanged: dict[str, set[str]] | None = None) -> Digests:
    """Verify `state`'s file against its seals (hashing only documents `cached` has not;
    `unchanged` says which, when the read already compared them) and keep the finding on
    the state; returns the digests for the next read."""
    digests = doc_digests(tables, (cached.tables, cached.digests) if cached else None, unchanged)
    state._integrity = verify(tables, state, digests)
    return digests


def _parse(path: Path, raw: bytes, cached: _Cached | None) -> tuple[dict[str, Any], CaseState, Digests]:
    if not raw:
        raise CorruptCaseError(path, "is empty (0 bytes): it may have been truncated")
    try:
        tables = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise CorruptCaseError(path, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise CorruptCaseError(path, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    unchanged: dict[str, set[str]] = {}
    try:
        state = state_from_tables(tables, (cached.tables, cached.state) if cached else None, unchanged)
    except ValidationError as exc:
        raise CorruptCaseError(path, "fails validation: " + describe_validation(exc)) from None
    except ValueError as exc:
        raise CorruptCaseError(path, f"is not a case file: {exc}") from None
    return tables, state, _verified(tables, state, cached, unchanged)


@functools.cache
def _shard_adapter() -> TypeAdapter:
    return TypeAdapter(dict[str, CaseSummary])


def _shard_summaries(path: Path) -> tuple[list[CaseSummary], list[str]]:
    """The valid summaries in one index shard, validated straight from its bytes, and what
    was wrong with the others, in words.

    The index is derived: a summary that fails validation is left out, and its case is
    summarised afresh from the case file. A summary must name its own case's file, so a
    bad entry cannot put its words on another case.
    """
    try:
        raw = read_regular(path)
        summaries = _shard_adapter().validate_json(raw)
        if all(_names_its_file(po, s) for po, s in summaries.items()):
            return list(summaries.values()), []
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [f"{path.name}: {describe_os_error(exc)}"]
    except ValidationError:
        pass
    try:
        docs = load_json(raw)
    except ValueError as exc:
        return [], [f"{path.name} is not valid JSON ({exc})"]
    if not isinstance(docs, dict):
        return [], [f"{path.name} does not hold an object of summaries"]
    found, problems = [], []
    for po, doc in docs.items():
        try:
            summary = CaseSummary.model_validate(doc)
        except ValidationError as exc:
            problems.append(f"{path.name}, entry {po[:40]!r}: {describe_validation(exc)[:200]}")
            continue
        if not _names_its_file(po, summary):
            problems.append(f"{path.name}, entry {po[:40]!r}: does not name its own case file")
            continue
        found.append(summary)
    return found, problems


def _names_its_file(key: str, summary: CaseSummary) -> bool:
    # the file's hash part is the PO's own (the readable part only follows from it): half
    # the cost of po_filename over 10,000 entries
    return key == summary.po and summary.file.endswith("." + po_digest(summary.po))


def _unique_pos(summaries: list[CaseSummary]) -> list[CaseSummary]:
    """Two unreadable files can be shown under the same name; the case list needs each
    PO once, so a repeat gets a number."""
    seen: set[str] = set()
    out = []
    for s in summaries:
        po, n = s.po, 1
        while po in seen:
            n += 1
            po = f"{s.po} #{n}"
        seen.add(po)
        out.append(s if po == s.po else s.model_copy(update={"po": po}))
    return out


def _new_records(state: CaseState, records: list[Record]) -> list[Record]:
    """The records not stored yet, each id once: what a retried or doubled write adds. An
    id stored with other content is a conflict (casefile/retries.py)."""
    seen: set[tuple[str, str]] = set()
    fresh = []
    for record in records:
        table = TABLE_OF[type(record)]
        key = (table, record.id)
        if key not in seen and not already_stored(state, table, record.id, content(table, record)):
            fresh.append(record)
        seen.add(key)
    return fresh


def _writable(tables: dict[str, Any]) -> dict[str, Any]:
    """A copy TinyDB may change: new tables dicts; the one-document tables get new documents
    too, since an upsert updates its document in place. Appended records are shared."""
    return {
        name: ({k: dict(doc) for k, doc in table.items()} if name in ("meta", "case") else dict(table))
        for name, table in tables.items()
    }


def _conflict_message(state: CaseState, expected: int) -> str:
    last = state.history[-1] if state.history else None
    who = f" by {last.actor} at {last.at:%H:%M} UTC ({last.action})" if last else ""
    return (
        f"PO {state.po} was changed{who} after you opened it (revision {state.revision}, "
        f"you had {expected}). Nothing was saved and your input is kept: reload to see "
        "their change, then save again."
    )
