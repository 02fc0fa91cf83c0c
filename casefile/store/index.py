"""The case list index: every case's summary in 256 small shards, so listing 10,000
cases reads 256 files. It is derived: a shard or entry that cannot be trusted is left
out, and its case summarised afresh from the case file.

Beside it, `suppliers/`: each supplier's lots' first inspections (supplier key -> PO ->
FirstInspection), in 256 shards by supplier key, so a write that needs the supplier's
switching history reads one small file instead of the whole index."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable

from pydantic import TypeAdapter, ValidationError

from casefile.records.case_summary import CaseSummary, EntryView, FirstInspection
from casefile.records.po import po_digest
from casefile.store import atomic
from casefile.store.locks import Locks
from casefile.values.errors import StorageError, describe_validation
from casefile.values.gc_pause import gc_paused
from casefile.values.untrusted import describe_os_error, load_json, load_json_bounded, read_regular


SUPPLIERS = "suppliers"
View = type[CaseSummary] | type[EntryView]  # what of each entry is validated and listed
Keep = Callable[[Any], View | None]  # an index entry as parsed JSON -> what of it to validate and use


def _lot_of(doc: Any) -> tuple[str, Any] | None:
    """(supplier key, first inspection document) of a summary document, or None."""
    if not isinstance(doc, dict) or not doc.get("supplier_key") or not doc.get("first_inspection"):
        return None
    return doc["supplier_key"], doc["first_inspection"]


class Index:
    def __init__(self, folder: Path, locks: Locks, file_mode: int) -> None:
        self.folder = folder
        self.locks = locks
        self.file_mode = file_mode
        # shard path -> (its bytes, what they validated to): the app lists the cases again
        # on every change and for the agenda; a shard read back byte for byte the same is
        # not validated again (about 0.5 s over 10,000 cases)
        self._validated: dict[tuple[Path, View], tuple[bytes, tuple[list, list[str]]]] = {}
        # supplier shard path -> (its bytes, its documents, supplier key -> its lots validated):
        # every case of a supplier reads its lots (a `check` of 10,000 cases: 10,000 times)
        self._lots: dict[Path, tuple[bytes | None, dict[str, Any], dict[str, tuple[FirstInspection, ...]]]] = {}

    def shard_path(self, po: str) -> Path:
        return self.folder / f"{hashlib.sha256(po.encode()).hexdigest()[:2]}.json"

    def supplier_shard_path(self, key: str) -> Path:
        return self.folder / SUPPLIERS / f"{hashlib.sha256(key.encode()).hexdigest()[:2]}.json"

    def supplier_lots(self, key: str) -> list[FirstInspection]:
        """The first inspections of the supplier's lots as the index holds them; an entry
        that does not validate is left out (the index is derived; a write puts it back)."""
        return list(self.supplier_lot_tuple(key))

    def supplier_lot_tuple(self, key: str) -> tuple[FirstInspection, ...]:
        """As supplier_lots: the same tuple again, not validated again, while the supplier
        shard is byte for byte the same (so a supplier's switching history made from it can
        be shared between its cases: casefile/actions/workspace.py)."""
        if not key:
            return ()
        path = self.supplier_shard_path(key)
        try:
            raw: bytes | None = read_regular(path)
        except OSError:
            raw = None  # the index is derived; a missing or bad shard is rebuilt by a write
        known = self._lots.get(path)
        if known is None or known[0] != raw:
            try:
                docs = load_json_bounded(raw) if raw is not None else {}
            except ValueError:
                docs = {}
            known = (raw, docs if isinstance(docs, dict) else {}, {})
            self._lots[path] = known
        found = known[2].get(key)
        if found is None:
            found = known[2][key] = _valid_lots(known[1].get(key))
        return found

    def forget_supplier_lots(self) -> None:
        """Let go of the lots supplier_lot_tuple validated (after a pass over every case)."""
        self._lots.clear()

    def all_supplier_lots(self) -> dict[str, dict[str, Any]]:
        """Every supplier key's lots as stored (PO -> first inspection document)."""
        folder = self.folder / SUPPLIERS
        out: dict[str, dict[str, Any]] = {}
        if folder.is_dir():
            for entry in os.scandir(folder):
                if entry.name.endswith(".json"):
                    out.update((k, v) for k, v in self.read_shard(Path(entry.path)).items() if isinstance(v, dict))
        return out

    def entry_lot(self, po: str) -> tuple[str, Any] | None:
        """(supplier key, first inspection as stored) of the PO's entry, or None: what a write
        of the case may move among its supplier's lots."""
        return _lot_of(self.read_shard(self.shard_path(po)).get(po))

    def _put_lot(self, po: str, old: Any, new: Any) -> None:
        """Move the case's first inspection between supplier shards as its summary changed."""
        was, now = _lot_of(old), _lot_of(new)
        if was == now:
            return
        if was is not None and (now is None or was[0] != now[0]):
            self._edit_supplier(was[0], po, None)
        if now is not None:
            self._edit_supplier(now[0], po, now[1])

    def _edit_supplier(self, key: str, po: str, lot: Any) -> None:
        path = self.supplier_shard_path(key)
        if not path.parent.is_dir():  # a workspace made before supplier switching
            path.parent.mkdir(exist_ok=True)
            os.chmod(path.parent, self.folder.stat().st_mode & 0o7777)
        lock = self.locks.locked(path)
        try:
            shard = self.read_shard(path)
            lots = shard.get(key) if isinstance(shard.get(key), dict) else {}
            if lot is None:
                lots.pop(po, None)
            else:
                lots[po] = lot
            if lots:
                shard[key] = lots
            else:
                shard.pop(key, None)
            atomic.atomic_write(path, json.dumps(shard, ensure_ascii=False).encode(), self.file_mode)
        except OSError as exc:
            raise StorageError(path, exc, saved=True, what=f"PO {po} (its supplier's index is not updated)") from exc
        finally:
            lock.release()

    def shard_files(self) -> list[Path]:
        return [Path(e.path) for e in os.scandir(self.folder) if e.name.endswith(".json") and not e.name.startswith(".")]

    def read_shard(self, path: Path) -> dict[str, Any]:
        try:
            data = load_json_bounded(read_regular(path))
        except (OSError, ValueError):
            return {}  # the index is derived; a missing or bad shard is rebuilt below
        return data if isinstance(data, dict) else {}

    def put(self, summary: CaseSummary) -> None:
        """Put `summary` in its shard, unless it is there already (with its file's stamp)."""
        path = self.shard_path(summary.po)
        doc = summary.model_dump(mode="json")
        lock = self.locks.locked(path)
        try:
            shard = self.read_shard(path)
            old = shard.get(summary.po)
            if old == doc:
                return
            self._put_lot(summary.po, old, doc)
            shard[summary.po] = doc
            try:
                atomic.atomic_write(path, json.dumps(shard, ensure_ascii=False).encode(), self.file_mode)
            except OSError as exc:
                # the case itself is on disk; a retry is a no-op that brings the index up to date
                raise StorageError(path, exc, saved=True, what=f"PO {summary.po} (its case list entry is not updated)") from exc
        finally:
            lock.release()

    def summaries(self, keep: Keep | None = None,
                  view: View = CaseSummary) -> tuple[dict[str, CaseSummary], list[str], dict[str, str]]:
        """(file stem -> summary, what was wrong with the entries left out, in words, file
        stem -> stamp of the entries passed over). `view`: what of each entry is validated.

        With `keep`, only the entries it keeps (it is given each as parsed JSON, and says
        what of it to validate) are validated; one it passes over (None) is left out, and only when it is plainly an entry
        made from its case file (see _passed_over): else its case is read from its file."""
        found: dict[str, CaseSummary] = {}
        problems: list[str] = []
        passed: dict[str, str] = {}
        with gc_paused():
            for path in self.shard_files():
                if keep is None:
                    summaries, bad = self._read_shard_summaries(path, view)
                else:
                    summaries, bad = self._kept_summaries(path, keep, passed, view)
                found.update((s.file, s) for s in summaries)
                problems += bad
        return found, problems, passed

    def _kept_summaries(self, path: Path, keep: Keep, passed: dict[str, str],
                        view: View) -> tuple[list[CaseSummary], list[str]]:
        raw, unread = _shard_bytes(path)
        if raw is None:
            return [], unread
        try:
            docs = load_json_bounded(raw)
        except ValueError:
            docs = None
        if not isinstance(docs, dict):
            return _shard_summaries(path.name, raw, view)  # says what is wrong with it
        kept: dict[View, dict[str, Any]] = {}
        for po, doc in docs.items():
            if (as_view := keep(doc)) is not None:
                kept.setdefault(as_view, {})[po] = doc
            elif (stem := _passed_over(po, doc)) is not None:
                passed[stem] = doc["file_stamp"]
        summaries, problems = [], []
        for as_view, entries in kept.items():
            found, bad = _entry_summaries(path.name, entries, as_view)
            summaries += found
            problems += bad
        return summaries, problems

    def _read_shard_summaries(self, path: Path, view: View) -> tuple[list[CaseSummary], list[str]]:
        raw, unread = _shard_bytes(path)
        if raw is None:
            return [], unread
        known = self._validated.get((path, view))
        if known is not None and known[0] == raw:
            return known[1]
        result = _shard_summaries(path.name, raw, view)
        self._validated[(path, view)] = (raw, result)
        return result

    def documents(self) -> tuple[dict[str, Any], list[str]]:
        """Every entry as stored (PO -> document), for `check`, and each shard that could
        not be read, in words naming it."""
        indexed: dict[str, Any] = {}
        problems: list[str] = []
        for path in self.shard_files():
            raw, unread = _shard_bytes(path)
            problems += unread
            try:
                data = load_json_bounded(raw) if raw is not None else {}
            except ValueError as exc:
                problems.append(f"{path.name} is not valid JSON ({exc})")
                continue
            if isinstance(data, dict):
                indexed.update(data)
            else:
                problems.append(f"{path.name} does not hold an object of summaries")
        return indexed, problems

    def rebuild(self, docs: dict[str, dict[str, Any]]) -> None:
        """Replace the index with `docs` (PO -> summary document)."""
        shards: dict[Path, dict[str, Any]] = {}
        for po, doc in docs.items():
            shards.setdefault(self.shard_path(po), {})[po] = doc
        for entry in os.scandir(self.folder):
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
        self._rebuild_suppliers(docs)
        for path, shard in shards.items():
            lock = self.locks.locked(path)
            try:
                atomic.atomic_write(path, json.dumps(shard, ensure_ascii=False).encode(), self.file_mode)
            except OSError as exc:
                raise StorageError(path, exc, saved=isinstance(exc, atomic.ReplacedButNotSynced), what="the index") from exc
            finally:
                lock.release()


    def _rebuild_suppliers(self, docs: dict[str, dict[str, Any]]) -> None:
        folder = self.folder / SUPPLIERS
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        os.chmod(folder, self.folder.stat().st_mode & 0o7777)
        shards: dict[Path, dict[str, dict[str, Any]]] = {}
        for po, doc in docs.items():
            if (lot := _lot_of(doc)) is not None:
                shards.setdefault(self.supplier_shard_path(lot[0]), {}).setdefault(lot[0], {})[po] = lot[1]
        for path, shard in shards.items():
            try:
                atomic.atomic_write(path, json.dumps(shard, ensure_ascii=False).encode(), self.file_mode)
            except OSError as exc:
                raise StorageError(path, exc, saved=False, what="the supplier index") from exc


def _valid_lots(lots: Any) -> tuple[FirstInspection, ...]:
    """A supplier's lots as stored (PO -> first inspection), those that validate and name
    their own PO."""
    out = []
    for po, doc in (lots.items() if isinstance(lots, dict) else ()):
        try:
            lot = FirstInspection.model_validate(doc)
        except ValidationError:
            continue
        if lot.po == po:
            out.append(lot)
    return tuple(out)


def file_stamp(st: os.stat_result) -> str:
    """What changes whenever a case file is written, edited or replaced: the index entry made
    from the file records it, so `list` can tell with one stat that the entry is stale."""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def stamped(summary: CaseSummary, path: Path) -> CaseSummary:
    """`summary` with the stamp of the case file at `path` it was made from."""
    try:
        stamp = file_stamp(os.stat(path))
    except OSError:
        stamp = ""  # no stamp: `list` reads the file itself
    return summary.model_copy(update={"file_stamp": stamp})


def entry_file(doc: Any) -> str:
    return doc.get("file", "") if isinstance(doc, dict) else ""


def _shown(doc: Any) -> str:
    phase = doc.get("phase_text") if isinstance(doc, dict) else None
    return repr(phase[:80]) if isinstance(phase, str) and phase else "an entry"


def stale_words(po: str, old: Any, doc: dict[str, Any]) -> str:
    """One index entry that no longer matches its case, in words."""
    if old is None:
        return f"{po}: not in the case list index"
    if isinstance(old, dict) and {k: v for k, v in old.items() if k != "file_stamp"} == {
            k: v for k, v in doc.items() if k != "file_stamp"}:
        return f"{po}: its case list entry was made from an earlier version of the file"
    return f"{po}: the case list shows {_shown(old)}, the case file says {_shown(doc)}"


def orphan_words(po: str, doc: Any, unreadable: set[str]) -> str:
    """An index entry of a case that cannot be read, or of no case at all, in words."""
    where = "cannot be read" if entry_file(doc) in unreadable else "is not in the workspace"
    return f"{po}: the case list shows {_shown(doc)}, but its case file {where}"


@functools.cache
def _shard_adapter(view: View) -> TypeAdapter:
    return TypeAdapter(dict[str, view])


def _shard_bytes(path: Path) -> tuple[bytes | None, list[str]]:
    """A shard's bytes; None and what went wrong when it cannot be read (nothing for a shard
    not written yet)."""
    try:
        return read_regular(path), []
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [f"{path.name}: {describe_os_error(exc)}"]


def _shard_summaries(name: str, raw: bytes, view: View) -> tuple[list[CaseSummary], list[str]]:
    """The valid summaries in one index shard (`name`, read as `raw`), validated straight
    from its bytes, and what was wrong with the others, in words.

    A summary must name its own case's file, so a bad entry cannot put its words on
    another case.
    """
    try:
        summaries = _shard_adapter(view).validate_json(raw)
        if all(_names_its_file(po, s) for po, s in summaries.items()):
            return list(summaries.values()), []
    except ValidationError:
        pass
    try:
        docs = load_json(raw)
    except ValueError as exc:
        return [], [f"{name} is not valid JSON ({exc})"]
    if not isinstance(docs, dict):
        return [], [f"{name} does not hold an object of summaries"]
    return _entry_summaries(name, docs, view)


def _entry_summaries(name: str, docs: dict[str, Any], view: View) -> tuple[list[CaseSummary], list[str]]:
    found, problems = [], []
    for po, doc in docs.items():
        try:
            summary = view.model_validate(doc)
        except ValidationError as exc:
            problems.append(f"{name}, entry {po[:40]!r}: {describe_validation(exc)[:200]}")
            continue
        if not _names_its_file(po, summary):
            problems.append(f"{name}, entry {po[:40]!r}: does not name its own case file")
            continue
        found.append(summary)
    return found, problems


def _passed_over(key: str, doc: Any) -> str | None:
    """The file stem of an entry not validated, when it is exactly what the store writes for
    its own case (its PO its key, its file named by that PO, a stamp): `list_cases` then
    leaves it out if its file is still the one stamped. Anything else: None, and its case is
    read from its file, as `list` would."""
    if not isinstance(doc, dict):
        return None
    po, file, stamp = doc.get("po"), doc.get("file"), doc.get("file_stamp")
    if (type(po) is str and po == key and type(file) is str and type(stamp) is str and stamp
            and file.endswith("." + po_digest(po))):
        return file
    return None


def _names_its_file(key: str, summary: CaseSummary) -> bool:
    # the file's hash part is the PO's own (the readable part only follows from it): half
    # the cost of po_filename over 10,000 entries
    return key == summary.po and summary.file.endswith("." + po_digest(summary.po))


def unique_pos(summaries: list[CaseSummary]) -> list[CaseSummary]:
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
