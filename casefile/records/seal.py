"""A record's seal: the SHA-256 of its document's canonical JSON.

The store seals each record it appends and verifies the seals when it reads a file
(casefile/store/integrity.py); how a document is hashed is the record's own business.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64  # the hash before the first link of a chain


def digest(doc: Any) -> str:
    """SHA-256 of a document's canonical JSON (sorted keys, compact, UTF-8)."""
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_digest(doc: dict[str, Any]) -> str:
    """An event's hash: over everything in it but the hash itself."""
    return digest({k: v for k, v in doc.items() if k != "hash"})
