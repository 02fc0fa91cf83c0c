"""Tamper evidence for a whole case file: its history is a chain of seals.

Every write appends one history event (casefile/store/tinydb_store.py). The event carries the hash of
the event before it and a seal per record the write appended (table, id and the SHA-256
of the record's document as stored); a write that sets the order and standard seals the
case document too. A *baseline* event seals every record in the file at once: the
creation of a case, the first write by this version to a file an older version wrote,
and an accepted change (casefile/actions/accept.py). `verify` reads the file from its latest
baseline on and names what does not match: a record changed, added, copied or removed
outside Casefile, an event changed or taken out of the chain, a revision that does not
count the events. The correspondence log keeps its own chain (casefile/records/log_chain.py); its
entries are sealed like every other record, and its chain is what still protects a file
no write of this version has sealed yet ("unsealed legacy").

What it protects, honestly: it catches a record changed outside Casefile (a hand edit, a
bad disk, a careless script). Someone with write access to the case file can still
rewrite it whole and consistently, recomputing every hash; signing each event with its
author's key (for example `ssh-keygen -Y sign` with their SSH key) would close that, and
an event is where such a signature would go.

The store verifies a file when it reads it, hashing only documents it has not hashed
before (`doc_digests` reuses the digests of unchanged documents), and keeps the result
on the state it returns (`CaseState.integrity`), so the gate never hashes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casefile.records.case_state import RECORD_TABLES
from casefile.records.log_chain import verify_chain
from casefile.records.record_words import which_record
from casefile.records.seal import digest, event_digest
from casefile.values.days import day_text

SEALED_FORMAT = 2  # meta.format of a file this version has written: it must hold a baseline
Digests = dict[str, dict[str, str]]  # table -> document key -> digest ("case" included)


@dataclass(frozen=True)
class Integrity:
    """What verifying a case file found. `sealed` is False for unsealed legacy files."""

    problems: tuple[str, ...] = ()
    sealed: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def doc_digests(
    tables: dict[str, Any],
    previous: tuple[dict[str, Any], Digests] | None = None,
    unchanged: dict[str, set[str]] | None = None,
) -> Digests:
    """The digest of every sealed document, reusing `previous` for documents unchanged since
    (`unchanged`: their keys per table, as state_from_tables found them; else compared here)."""
    old_tables, old_digests = previous if previous is not None else ({}, {})
    out: Digests = {}
    for name in ("case", *RECORD_TABLES):
        table = tables.get(name) or {}
        old_docs, old = old_tables.get(name) or {}, old_digests.get(name, {})
        hash_doc = event_digest if name == "history" else digest
        if unchanged is not None:
            same = unchanged.get(name, set())
            out[name] = {k: old[k] if k in same and k in old else hash_doc(doc) for k, doc in table.items()}
        else:
            out[name] = {
                k: old[k] if k in old and (old_docs.get(k) is doc or old_docs.get(k) == doc) else hash_doc(doc)
                for k, doc in table.items()
            }
    return out


def _ordered(digests: dict[str, str]) -> list[tuple[int, str]]:
    """(document number, digest) in the order CaseState lists the records."""
    return [(int(k), digests[k]) for k in sorted(digests, key=int)]


def _latest_baseline(history) -> int | None:
    return next((i for i in range(len(history) - 1, -1, -1) if history[i].baseline and history[i].hash), None)


def verify(tables: dict[str, Any], state, digests: Digests) -> Integrity:
    """Check the file against its seals; each problem names the record and what happened."""
    events = state.history
    base = _latest_baseline(events)
    revision = []
    if state.revision != len(events):
        revision.append(f"its revision ({state.revision}) does not match its {len(events)} history events: "
                        "events were added or removed outside Casefile")
    if base is None:
        meta = (tables.get("meta") or {}).get("1") or {}
        if meta.get("format", 1) >= SEALED_FORMAT or any(e.hash for e in events):
            return Integrity(("its seals were removed outside Casefile (the file says Casefile sealed it, "
                              "but no history event holds the seals)", *revision))
        log = verify_chain(state.correspondence, state.history)
        return Integrity(tuple(([log] if log else []) + revision), sealed=False)

    problems: list[str] = []
    first = events[base]
    if first.flagged:
        problems.append(f"{first.flagged} (found when the file was sealed on {day_text(first.at)})")
    chain = _ordered(digests["history"])
    for i in range(base, len(events)):
        e = events[i]
        if e.hash != chain[i][1]:
            problems.append(f"{which_record('history', i + 1, e)} was changed outside Casefile")
        elif i > base and e.prev_hash != events[i - 1].hash:
            problems.append(f"{which_record('history', i + 1, e)} does not follow the event before it: "
                            "an event was removed, inserted or reordered")
    seals: dict[tuple[str, str], tuple[int, str, Any]] = {}
    case_seal = None
    for e in events[base:]:
        seals.update(((s.table, s.id), (s.doc, s.digest, e)) for s in e.seals)
        case_seal = e.case_digest or case_seal
    if case_seal != digests["case"].get("1"):
        problems.append("the order and agreed standard (the case document) were changed outside Casefile")
    seen: set[tuple[str, str]] = set()
    for table in RECORD_TABLES:
        records = getattr(state, table)
        found = _ordered(digests[table])
        for n, (record, (doc, d)) in enumerate(zip(records, found), start=1):
            if table == "history" and n > base:
                break  # the chain vouches for the events from the baseline on
            key = (table, record.id)
            seal = seals.get(key)
            if key in seen:
                problem = "appears twice: it was copied outside Casefile"
            elif seal is None:
                problem = "is not sealed: it was added outside Casefile"
            elif seal[1] != d:
                problem = "was changed outside Casefile"
            elif seal[0] != doc:
                problem = (f"was moved from place {seal[0]} to {doc} in its table outside Casefile: "
                           "the order records were written in was changed")
            else:
                seen.add(key)
                continue
            seen.add(key)
            problems.append(f"{which_record(table, n, record)} {problem}")
    for (table, rid), (_, _, event) in seals.items():
        if (table, rid) not in seen:
            problems.append(f"the {table.rstrip('s')} record {rid[:8]} sealed on {day_text(event.at)} ({event.action}) "
                            "is missing: it was removed outside Casefile")
    return Integrity(tuple(problems + revision))


def baseline_seals(tables: dict[str, Any], digests: Digests) -> list[dict[str, str]]:
    """Seals for every record in `tables` (history events included), for a baseline event."""
    out = []
    for table in RECORD_TABLES:
        docs = tables.get(table) or {}
        for k in sorted(docs, key=int):
            out.append({"table": table, "doc": int(k), "id": docs[k]["id"], "digest": digests[table][k]})
    return out
