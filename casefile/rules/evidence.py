"""The evidence of a case: finding an attachment or report by the short id the listings
show, the names its files take in an evidence pack, and the pack's manifest, which
`sha256sum -c MANIFEST.sha256` verifies after unzipping."""

from __future__ import annotations

from casefile.records.attachment import Attachment
from casefile.records.po import po_words
from casefile.values.errors import InputError
from casefile.values.file_names import unique_names

DOSSIER_NAME = "dossier.md"
MANIFEST_NAME = "MANIFEST.sha256"
ATTACHMENTS_FOLDER = "attachments"
SHORT_ID = 8  # as every listing shows an id


def by_id(records: list, typed: str, what: str, po: str, field: str):
    """The record whose id is `typed` or starts with it (the listings show 8 characters);
    InputError when none or several do."""
    prefix = typed.strip().lower()
    found = [r for r in records if r.id == prefix] or [r for r in records if prefix and r.id.startswith(prefix)]
    if len(found) == 1:
        return found[0]
    known = ", ".join(r.id[:SHORT_ID] for r in records) or "none yet"
    if found:
        raise InputError(f"{field}: {typed!r} starts the id of {len(found)} {what}s of {po_words(po)}; type more of it")
    raise InputError(f"{field}: no {what} {typed!r} in {po_words(po)}; its {what}s: {known}")


def find_attachment(state, typed: str, field: str = "ID") -> Attachment:
    return by_id(state.attachments, typed, "attachment", state.po, field)


def pack_entries(state) -> list[tuple[str, Attachment]]:
    """Each attachment with the path it takes in the pack: under attachments/, by its own
    (sanitised) name, repeats told apart."""
    names = unique_names([a.name for a in state.attachments])
    return [(f"{ATTACHMENTS_FOLDER}/{n}", a) for n, a in zip(names, state.attachments)]


def manifest(digests: list[tuple[str, str]]) -> str:
    """`sha256sum` lines (hash, two spaces, path) for (path, sha256) pairs. Names are
    sanitised (no newline or backslash), so no line needs sha256sum's escaping."""
    return "".join(f"{sha}  {path}\n" for path, sha in digests)
