"""Tamper evidence for the correspondence log."""

from __future__ import annotations

from casefile.correspondence import GENESIS, CorrespondenceEntry


def verify_chain(entries: list[CorrespondenceEntry]) -> str | None:
    """None when the chain holds; otherwise where it first breaks and how."""
    prev = GENESIS
    for n, entry in enumerate(entries, start=1):
        if entry.prev_hash != prev:
            return f"correspondence entry {n} ({entry.subject!r}) does not follow entry {n - 1}: an entry was removed, inserted or reordered"
        if entry.computed_hash() != entry.hash:
            return f"correspondence entry {n} ({entry.subject!r}) was altered after it was written"
        prev = entry.hash
    return None
