"""Tamper evidence for the correspondence log.

Each entry carries the hash of the previous one, over a canonical form. The chain alone
cannot show entries cut off the end, so every append also writes a seal (position and
hash) into the history; the check compares the log against those seals too.
"""

from __future__ import annotations

import re

from casefile.records.log_entry import GENESIS, CorrespondenceEntry

_SEAL = re.compile(r"\[log #(\d+) ([0-9a-f]{16})\]")


def seals(history) -> dict[int, tuple[str, object]]:
    """position -> (hash prefix, the history event that wrote it)."""
    found = {}
    for event in history:
        m = _SEAL.search(event.detail)
        if m:
            found[int(m.group(1))] = (m.group(2), event)
    return found


def verify_chain(entries: list[CorrespondenceEntry], history=()) -> str | None:
    """None when the log holds; otherwise where it first breaks and how."""
    sealed = seals(history)
    prev = GENESIS
    for n, entry in enumerate(entries, start=1):
        where = f"correspondence entry {n} ({entry.subject!r})"
        if entry.prev_hash != prev:
            return f"{where} does not follow entry {n - 1}: an entry was removed, inserted or reordered before it"
        if entry.computed_hash() != entry.hash:
            return f"{where} was altered after it was written"
        seal = sealed.get(n)
        if seal and not entry.hash.startswith(seal[0]):
            return f"{where} is not the entry logged at position {n} on {seal[1].at:%Y-%m-%d %H:%M} UTC: it was replaced"
        prev = entry.hash
    missing = sorted(n for n in sealed if n > len(entries))
    if missing:
        _, event = sealed[missing[0]]
        return (f"correspondence entry {missing[0]} is missing: it was logged on {event.at:%Y-%m-%d %H:%M} UTC "
                f"by {event.actor}, but the log ends at entry {len(entries)} (cut off)")
    return None
