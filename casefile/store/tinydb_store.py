"""The TinyDB store: one TinyDB file per case, every write atomic and under a lock.

A write takes the case's inter-process lock, re-reads the file, applies the change
through TinyDB in memory (casefile/store/transaction.py), writes a temp file in the same
folder, fsyncs it, renames it over the case file and fsyncs the folder
(casefile/store/atomic.py). A file that cannot be read is refused and never overwritten.
The case list index (casefile/store/index.py) is kept in the same locked write, with the
summary the caller's summariser makes: the store knows nothing of the rules.

The case file's models (casefile/records, 50-odd pydantic classes, 0.1-0.2 s to build) are
imported where a case file is read or written, not at import: `list`, `agenda` and
`supplier` read only the index (CaseSummary).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from pydantic import ValidationError

from casefile.records.case_summary import CaseSummary
from casefile.records.po import po_filename
from casefile.store import atomic
from casefile.store.attachments import AttachmentFiles
from casefile.store.index import Index, Keep, View, file_stamp, orphan_words, stale_words, stamped, unique_pos
from casefile.store.locks import Locks
from casefile.store.protocol import CaseListing, Change, CheckResult, Progress, Summarize
from casefile.store.workspace_setup import create_layout, is_workspace, not_a_workspace, open_layout
from casefile.values.errors import (
    CaseExists,
    CaseNotFound,
    CasefileError,
    CorruptCaseError,
    InputError,
    StorageError,
    WorkspaceError,
    WorkspaceFileBad,
    describe_validation,
)
from casefile.values.identity import current_user
from casefile.values.untrusted import describe_os_error, read_regular

if TYPE_CHECKING:
    from casefile.records.attachment import Attachment
    from casefile.records.case import Case
    from casefile.records.case_state import CaseState
    from casefile.store.case_file import Cached


class TinyDBStore:
    """A CaseStore (casefile/store/protocol.py) over a folder of TinyDB files."""

    def __init__(self, root: Path, summarize: Summarize) -> None:
        layout = open_layout(Path(root))
        self.root = layout.root
        self.cases_dir = layout.cases_dir
        self.index_dir = layout.index_dir
        self.shared_group = layout.shared_group
        self.file_mode = layout.file_mode
        self.dir_mode = layout.dir_mode
        self.actor = current_user()
        self.summarize = summarize
        self.locks = Locks(self.file_mode)
        self.index = Index(self.index_dir, self.locks, self.file_mode)
        self._cache: dict[Path, Cached] = {}
        self.attachments = AttachmentFiles(self.root, self.file_mode, self.dir_mode)

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, root: Path | str, *, create: bool = True, **options) -> "TinyDBStore":
        root = Path(root).expanduser()
        if not is_workspace(root):
            if not create:
                raise not_a_workspace(root)
            return cls.init(root, **options)
        store = cls(root, **options)
        store.cleanup_temp()
        return store

    @classmethod
    def init(cls, root: Path | str, shared_group: str | None = None, **options) -> "TinyDBStore":
        root = Path(root).expanduser()
        create_layout(root, shared_group)
        return cls(root, **options)

    def case_path(self, po: str) -> Path:
        return self.cases_dir / f"{po_filename(po)}.json"

    def cleanup_temp(self) -> int:
        """Remove temp files left by writers that died; a live writer holds its lock."""
        removed = self.locks.cleanup_temp(self.cases_dir, self.index_dir)
        if self.attachments.folder.is_dir():
            removed += self.locks.sweep(self.attachments.folder, self._attachment_guard)
        return removed

    def _attachment_guard(self, target: str) -> Path | None:
        # An attachment is written inside its case's locked write (actions/attach.py): the
        # case's lock guards the temp file.
        case = self.attachments.case_of_temp(target)
        return self.cases_dir / f"{case}.json" if case is not None else None

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
        from casefile.store.case_file import Cached, parse  # start-up: see the top

        tables, state, digests = parse(path, raw, cached)
        if path.stem != po_filename(state.po):  # e.g. a file copied over another case's
            raise CorruptCaseError(path, f"holds PO {state.po!r}, whose file would be {po_filename(state.po)}.json")
        self._cache[path] = Cached(raw, tables, state, digests)
        return state

    def _read_passing(self, path: Path) -> CaseState:
        """As _read_path, for a pass over every case: a case not cached before is not kept
        (a `check` of 10,000 cases held 640 MB of them after it, in the app for good)."""
        kept = path in self._cache
        try:
            return self._read_path(path)
        finally:
            if not kept:
                self._cache.pop(path, None)

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
                yield self._read_passing(path)
            except CorruptCaseError as exc:
                yield exc

    # -- writing -------------------------------------------------------------
    def create(self, case: Case) -> CaseState:
        path = self.case_path(case.po)
        lock = self.locks.locked(path)
        try:
            if path.exists():
                try:
                    existing = self._read_path(path)
                except CorruptCaseError:
                    existing = None
                if existing is None or existing.case != case:
                    raise CaseExists(f"a case with PO {case.po!r} already exists; `casefile show {case.po}` shows it")
                return self._confirm(path, existing)  # the same case again: a retried `new`
            from casefile.store.transaction import first_tables  # start-up: see the top

            tables, state = first_tables(case, self.actor)
            self._commit(path, tables, state, self.summarize)
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

        `fn` sees the fresh state and returns a Change; the actions' rules raise from
        inside it. Records whose id is already stored with the same content are skipped,
        so a retried write is a no-op; with other content, ConflictError.
        """
        from casefile.store.transaction import apply, new_records, stale_view  # start-up: see the top

        path = self.case_path(po)
        lock = self.locks.locked(path)
        try:
            state = self.load(po)
            stale = expected_revision is not None and state.revision != expected_revision
            try:
                change = fn(state)
            except Exception as exc:
                self._cache.pop(path, None)  # fn may have changed the state it was handed
                if stale:  # the user acted on what they saw, not on this state
                    raise stale_view(state, expected_revision) from exc
                if isinstance(exc, ValidationError):  # a record the rules built from bad input
                    raise InputError(describe_validation(exc)) from None
                raise
            fresh = new_records(state, change.records)
            if not fresh and change.case is None and not change.reseal:
                return self._confirm(path, state)
            if stale:
                raise stale_view(state, expected_revision)
            tables, new_state = apply(self._cache[path], change, fresh, self.actor)
            self._commit(path, tables, new_state, change.summarize or self.summarize)
            return new_state
        finally:
            lock.release()

    def _confirm(self, path: Path, state: CaseState) -> CaseState:
        """A retry of a write already on disk: the first attempt may have failed at the folder
        fsync or died before the index, so make sure of both before saying it is done."""
        try:
            atomic.fsync_dir(path.parent)
        except OSError as exc:
            raise StorageError(path, exc, saved=True, what=f"PO {state.po}") from exc
        self.index.put(stamped(self.summarize(state, path.stem), path))
        return state

    def _commit(self, path: Path, tables: dict, state: CaseState, summarize: Summarize) -> None:
        # Everything that can refuse runs before the write: a case that cannot be summarised
        # (a report no table can read, say) is refused whole and the file stays as it was.
        from casefile.store.case_file import Cached, serialise, verified  # start-up: see the top

        cached = self._cache.pop(path, None)
        # verified first: the summary must see the seals as written (after an accepted change,
        # no longer "changed outside Casefile")
        digests = verified(tables, state, cached)
        summary = summarize(state, path.stem)
        raw = serialise(tables)
        try:
            atomic.atomic_write(path, raw, self.file_mode)
        except OSError as exc:
            raise StorageError(path, exc, saved=isinstance(exc, atomic.ReplacedButNotSynced), what=f"PO {state.po}") from exc
        self._cache[path] = Cached(raw, tables, state, digests)
        self.index.put(stamped(summary, path))  # the new file's stamp, even when the summary is the same

    # -- attachments -------------------------------------------------------------
    def put_attachment(self, po: str, sha256: str, data: bytes) -> bool:
        return self.attachments.put(po, sha256, data)

    def read_attachment(self, po: str, attachment: Attachment) -> bytes:
        return self.attachments.read(po, attachment)

    # -- the case list -----------------------------------------------------------
    def list_summaries(self) -> list[CaseSummary]:
        return self.list_cases().summaries

    def list_cases(self, keep: Keep | None = None, view: View = CaseSummary) -> CaseListing:
        """Every case's summary from the index. A case missing from it, whose entry fails
        validation, or whose file is no longer the one its entry was made from (one stat
        per case: written outside Casefile, corrupted, restored) is summarised afresh from
        its file, and marked unreadable when it cannot be read.

        `keep`: only the index entries it keeps (as parsed JSON), and the cases read afresh,
        are validated and listed (`casefile supplier`: 500 of 10,000). `view`: what of each
        entry is validated (casefile/records/case_summary.py AgendaView: the agenda's fields);
        a case read afresh is a whole CaseSummary."""
        found, problems, passed = self.index.summaries(keep, view)
        stamps = {}
        for entry in os.scandir(self.cases_dir):
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                try:
                    stamps[entry.name[:-5]] = file_stamp(entry.stat())
                except OSError:
                    stamps[entry.name[:-5]] = ""  # gone or unusable: read below, which says which
        for stem, stamp in passed.items():
            if stamps.get(stem) == stamp:
                del stamps[stem]  # an entry `keep` passed over, made from the file as it is
        indexed = {stem: s for stem, s in found.items() if stem in stamps}  # a case file moved aside
        found = {stem: s for stem, s in indexed.items() if s.file_stamp and s.file_stamp == stamps[stem]}
        for stem in sorted(stamps.keys() - found.keys()):
            try:
                found[stem] = self._summarise_afresh(stem, problems)
            except CaseNotFound:
                continue  # moved away since the folder was listed
            except CasefileError as exc:
                found[stem] = CaseSummary.broken(stem, getattr(exc, "reason", str(exc)), indexed.get(stem))
        return CaseListing(unique_pos(sorted(found.values(), key=lambda s: s.po)), problems)

    def resummarise(self, po: str) -> None:
        """Summarise the case afresh from its file into the index: what its summary says
        depends on more than its file (its supplier's earlier lots, a recorded switch)."""
        self._summarise_afresh(self.case_path(po).stem, None)

    def _summarise_afresh(self, stem: str, problems: list[str] | None) -> CaseSummary:
        """`problems`: where a failed index write is told (the case is listed all the same);
        None: it raises."""
        path = self.cases_dir / f"{stem}.json"
        lock = self.locks.locked(path)  # else a writer's newer summary could be overwritten by ours
        try:
            summary = stamped(self.summarize(self._read_passing(path), stem), path)
            try:
                self.index.put(summary)
            except CasefileError as exc:  # the index is derived: list the case all the same
                if problems is None:
                    raise
                problems.append(f"the index entry of {summary.po} could not be written ({exc})")
            return summary
        finally:
            lock.release()

    def check(self, *, rebuild_index: bool = False, progress: Progress | None = None) -> CheckResult:
        """Every case file read and verified (its seals too), and the index compared."""
        result = CheckResult()
        indexed, result.index_unreadable = self.index.documents()
        docs: dict[str, dict] = {}
        files = sorted(self.case_files())
        for path in files:
            if progress is not None:
                progress(result.checked, len(files))
            result.checked += 1
            try:
                state = self._read_passing(path)
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
            result.damaged_attachments += filter(None, (self.attachments.problem(state.po, a) for a in state.attachments))
            try:
                summary = stamped(self.summarize(state, path.stem), path)
            except WorkspaceFileBad:  # settings or supplier records, not this case: said once, by name
                raise
            except CasefileError as exc:  # one bad case must not stop the check of the others
                result.bad.append(CorruptCaseError(path, f"cannot be summarised ({exc})"))
                continue
            doc = summary.model_dump(mode="json")
            if indexed.get(state.po) != doc:
                result.index_stale.append(stale_words(state.po, indexed.get(state.po), doc))
            docs[state.po] = doc
        unreadable = {e.path.stem for e in result.bad}
        # entries of a case that cannot be read, or of no case at all
        result.index_stale += [orphan_words(po, doc, unreadable) for po, doc in indexed.items() if po not in docs]
        if rebuild_index:
            self.index.rebuild(docs)
            result.index_rebuilt = True
        if progress is not None:
            progress(len(files), len(files))
        return result
