"""The case list's first screenful, read ahead of the rest (issue 12): the app paints the
first cases by PO, then lists them all in a worker. At 10,000 cases, validating every index
entry (0.15 s) and a stat of every case file (0.1 s) came before the first paint; here the
shards are parsed for their POs and file names alone, and only the entries shown are
validated and their files stat'ed (0.06-0.09 s in all).

The trust rules hold for what is shown: each entry shown is validated whole, names its own
PO's file, and that file is still the one it was made from. Whatever would make
`list_cases` read a case on the first screen from its file (an entry in doubt there, a case
file with no entry, an entry with no file, an entry twice) gives None: the caller lists
every case then, as before. An entry in doubt beyond the first screenful is the full
list's to find, report and show from its file, which follows at once; so is one that names
another PO's file (only a hand-made index does that), whose case might sort onto the first
screen.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic_core import from_json
from typing_extensions import TypedDict

from casefile.records.case_summary import CaseSummary
from casefile.records.po import po_digest
from casefile.store.index import file_stamp
from casefile.store.protocol import FirstCases
from casefile.values.untrusted import read_regular

if TYPE_CHECKING:
    from casefile.store.tinydb_store import TinyDBStore


class _FileName(TypedDict):
    """An index entry's case file name alone (a listing's view, never written back): the
    other fields are not read, so they are ignored here, and validated for what is shown.
    A TypedDict: 10,000 of them validate in about half the time of a model's."""

    __pydantic_config__ = ConfigDict(extra="ignore")  # type: ignore[misc]

    file: str


_SHARD_NAMES = TypeAdapter(dict[str, _FileName])


def first_cases(store: TinyDBStore, n: int) -> FirstCases | None:
    """The first `n` cases by PO as `store.list_cases()` would list them, and how many
    there are; None when there are no more than `n` (list them all) or when the index and
    the case files do not match one to one, entry for file, each shown entry valid and
    made from its file as it is now."""
    try:
        stems = {name[:-5] for name in os.listdir(store.cases_dir) if name.endswith(".json") and not name.startswith(".")}
        if len(stems) <= n:
            return None
        named: dict[str, str] = {}  # PO -> its case file's stem
        shard_of: dict[str, Path] = {}
        raws: dict[Path, bytes] = {}
        for path in store.index.shard_files():
            raws[path] = read_regular(path)
            for po, entry in _SHARD_NAMES.validate_json(raws[path]).items():
                if po in named:  # an entry in two shards
                    return None
                named[po], shard_of[po] = entry["file"], path
    except (OSError, ValidationError):
        return None
    if len(named) != len(stems) or set(named.values()) != stems:
        return None
    shown = []
    docs: dict[Path, dict[str, Any]] = {}
    for po in sorted(named)[:n]:
        path, stem = shard_of[po], named[po]
        try:
            if path not in docs:
                docs[path] = from_json(raws[path])
            summary = CaseSummary.model_validate(docs[path][po])
            stamp = file_stamp(os.stat(store.cases_dir / f"{stem}.json"))
        except (ValueError, OSError):  # a ValidationError is a ValueError
            return None
        # as list_cases: an entry is listed as it is only when it names its own PO's file (the
        # hash part of the name is its PO's own) and was made from that file as it is now
        if (summary.po != po or summary.file != stem or not stem.endswith("." + po_digest(po))
                or not summary.file_stamp or summary.file_stamp != stamp):
            return None
        shown.append(summary)
    return FirstCases(shown, len(stems))
