"""A retried write: an id already stored with the same content is a no-op; with other
content it is a conflict (exit 4), never a success that stores nothing.

Appended records carry ids made by the writer, so a write whose outcome is unknown (a
failed fsync, a lost SSH session) can be run again safely. "The same content" is what
the writer was given; the fields it fills in itself when it writes (times, the actor,
the log's chain hashes) differ between two attempts and are never compared.
"""

from __future__ import annotations

from typing import Any

from casefile.records.po import po_words
from casefile.values.errors import ConflictError
from casefile.values.text import shorten

# table -> the fields the writer fills at write time
WRITER_FIELDS: dict[str, frozenset[str]] = {
    "correspondence": frozenset({"at", "author", "prev_hash", "hash"}),
    "payments": frozenset({"rate_locked_at", "recorded_at", "recorded_by"}),
    "quotes": frozenset({"quoted_at", "recorded_by"}),
    "decisions": frozenset({"decided_at", "decided_by"}),
    # a report's id is made from the file's bytes; its name and the standard it is judged by
    # come from the moment of the import
    "reports": frozenset({"recorded_at", "source", "standard"}),
}
WHAT = {"correspondence": "log entry", "payments": "payment record", "quotes": "rate quote",
        "decisions": "decision", "reports": "report"}
_SHOWN = 80  # characters of a value shown in the message (a body can be 20,000)


def content(table: str, record) -> dict[str, Any]:
    """What a retry of `record` must repeat: every field but the id and the writer's own."""
    skip = WRITER_FIELDS.get(table, frozenset()) | {"id"}
    return {k: v for k, v in record.model_dump(mode="json").items() if k not in skip}


def already_stored(state, table: str, record_id: str, given: dict[str, Any]) -> bool:
    """Whether `record_id` is stored in `table` already: True when it is, with the values
    `given` (field -> value as JSON, the fields this attempt states); False when it is not.
    Stored with other values, it raises ConflictError showing what is stored."""
    stored = state.find(table, record_id)
    if stored is None:
        return False
    doc = stored.model_dump(mode="json")
    differ = [f"{k}: stored {_show(doc.get(k))}, this time {_show(v)}" for k, v in given.items() if doc.get(k) != v]
    if differ:
        raise ConflictError(
            f"{po_words(state.po)} already holds {WHAT.get(table, 'a record')} {record_id} with other content "
            f"({'; '.join(differ)}). Nothing was saved: a retry repeats the same input, and a new "
            f"{WHAT.get(table, 'record')} needs a new id"
        )
    return True


def _show(value: Any) -> str:
    text = repr(value) if value is not None else "nothing"
    return shorten(text, _SHOWN)
