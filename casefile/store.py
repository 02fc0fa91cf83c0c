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
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import TypeAdapter, ValidationError

from casefile import clock
from casefile.atomic import ReplacedButNotSynced, atomic_write, fsync_dir, tmp_target
from casefile.base import Record
from casefile.case import Case, po_filename
from casefile.errors import (
    CaseExists,
    CaseNotFound,
    ConflictError,
    CorruptCaseError,
    StorageError,
    WorkspaceError,
    describe_validation,
)
from casefile.history import FieldChange, HistoryEvent
from casefile.identity import current_user
from casefile.integrity import GENESIS, Digests, baseline_seals, digest, doc_digests, event_digest, verify
from casefile.state import FORMAT, TABLE_OF, WORKSPACE_FORMAT, CaseState, state_from_tables
from casefile.summary import CaseSummary, summarize

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
class CheckResult:
    checked: int = 0
    bad: list[CorruptCaseError] = field(default_factory=list)
    broken_chains: list[str] = field(default_factory=list)  # "PO X: what was changed outside Casefile"
    changed: list[str] = field(default_factory=list)  # POs of files changed outside Casefile
    unsealed: list[str] = field(default_factory=list)  # POs of files no write of this version sealed yet
    index_rebuilt: bool = False
    index_stale: list[str] = field(default_factory=list)

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
                raise WorkspaceError(f"{root} is not a Casefile workspace (no {CONFIG}); run `casefile --data {root} init`")
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
            config = json.loads(path.read_bytes())
        except PermissionError:
            raise WorkspaceError(f"{path}: permission denied; this workspace belongs to someone else") from None
        except (OSError, ValueError) as exc:
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
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CaseNotFound(f"no case file {path.name}") from None
        except PermissionError:
            raise WorkspaceError(f"{path}: permission denied") from None
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
            self._commit(path, db.storage.tables, state, previous=None)
            return state
        finally:
            lock.release()

    def transact(
        self,
        po: str,
        fn: Callable[[CaseState], Change],
        *,
        expected_revision: int | None = None,
    ) -> CaseState:
        """Apply `fn` to the case as it is on disk, inside the lock, and write it whole.

        `fn` sees the fresh state and returns a Change; domain rules raise from inside it.
        Records whose id is already stored are skipped, so a retried write is a no-op.
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
            self._commit(path, db.storage.tables, new_state, previous=state)
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
        self._ensure_summary(summarize(state, path.stem))
        return state

    def _commit(self, path: Path, tables: dict[str, Any], state: CaseState, previous: CaseState | None) -> None:
        raw = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        cached = self._cache.pop(path, None)
        digests = _verified(tables, state, cached)
        try:
            atomic_write(path, raw, self.file_mode)
        except OSError as exc:
            raise StorageError(path, exc, saved=isinstance(exc, ReplacedButNotSynced), what=f"PO {state.po}") from exc
        self._cache[path] = _Cached(raw, tables, state, digests)
        summary = summarize(state, path.stem)
        if previous is None or summarize(previous, path.stem) != summary:
            self._write_summary(summary)

    # -- the index -------------------------------------------------------------
    def _shard_path(self, po: str) -> Path:
        return self.index_dir / f"{hashlib.sha256(po.encode()).hexdigest()[:2]}.json"

    def _read_shard(self, path: Path) -> dict[str, Any]:
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return {}
        except ValueError:
            return {}  # the index is derived; a bad shard is rebuilt below
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
        """Every case's summary from the index; cases missing from it are summarised afresh."""
        found: dict[str, CaseSummary] = {}
        for entry in os.scandir(self.index_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                found.update((s.file, s) for s in _shard_summaries(Path(entry.path)))
        stems = {e.name[:-5] for e in os.scandir(self.cases_dir) if e.name.endswith(".json") and not e.name.startswith(".")}
        found = {stem: s for stem, s in found.items() if stem in stems}  # a case file moved aside
        for stem in stems - found.keys():
            path = self.cases_dir / f"{stem}.json"
            lock = self._locked(path)  # else a writer's newer summary could be overwritten by ours
            try:
                state = self._read_path(path)
                summary = summarize(state, stem)
                self._write_summary(summary)
            except CorruptCaseError as exc:
                summary = CaseSummary.broken(stem, exc.reason)
            except CaseNotFound:
                continue  # moved away since the folder was listed
            finally:
                lock.release()
            found[stem] = summary
        return sorted(found.values(), key=lambda s: s.po)

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
            integrity = state.integrity
            result.broken_chains += [f"PO {state.po} ({path.name}): {p}" for p in integrity.problems]
            if integrity.problems:
                result.changed.append(state.po)
            if not integrity.sealed:
                result.unsealed.append(state.po)
            summary = summarize(state, path.stem)
            doc = summary.model_dump(mode="json")
            if indexed.get(state.po) != doc:
                result.index_stale.append(state.po)
            shards.setdefault(self._shard_path(state.po), {})[state.po] = doc
        if rebuild_index:
            for entry in os.scandir(self.index_dir):
                if entry.name.endswith(".json") and Path(entry.path) not in shards:
                    os.unlink(entry.path)
            for path, shard in shards.items():
                lock = self._locked(path)
                try:
                    atomic_write(path, json.dumps(shard, ensure_ascii=False).encode(), self.file_mode)
                finally:
                    lock.release()
            result.index_rebuilt = True
        return result


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


def _shard_summaries(path: Path) -> list[CaseSummary]:
    """The valid summaries in one index shard, validated straight from its bytes.

    The index is derived: a summary that fails validation is left out, and its case is
    summarised afresh from the case file.
    """
    try:
        raw = path.read_bytes()
        return list(_shard_adapter().validate_json(raw).values())
    except FileNotFoundError:
        return []
    except ValidationError:
        pass
    try:
        docs = json.loads(raw)
    except ValueError:
        return []
    found = []
    for doc in docs.values() if isinstance(docs, dict) else ():
        try:
            found.append(CaseSummary.model_validate(doc))
        except ValidationError:
            continue
    return found


def _new_records(state: CaseState, records: list[Record]) -> list[Record]:
    """The records not stored yet, each id once: what a retried or doubled write adds."""
    seen: set[tuple[str, str]] = set()
    fresh = []
    for record in records:
        key = (TABLE_OF[type(record)], record.id)
        if key not in seen and state.find(*key) is None:
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
