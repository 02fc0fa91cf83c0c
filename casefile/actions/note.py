"""Writing to the correspondence log (append-only; a correction is a new entry that
`corrects` an earlier one, a settled deadline a new entry that `resolves` it)."""

from __future__ import annotations

from casefile.records.log_entry import EntryDraft, chain_entry, seal_text
from casefile.records.po import po_words
from casefile.records.retries import already_stored
from casefile.store.protocol import CaseStore, Change
from casefile.values.errors import InputError


def append_entry(ws: CaseStore, po: str, draft: EntryDraft):
    """Append `draft` to the log of `po`, sealed onto the chain inside the locked write."""

    def change(state):
        if already_stored(state, "correspondence", draft.id, draft.model_dump(mode="json", exclude={"id"})):
            return Change("entry already logged")  # a retry: nothing new
        for ref, what in ((draft.corrects, "corrects"), (draft.resolves, "resolves")):
            if ref and state.find("correspondence", ref) is None:
                raise InputError(f"{what}: no log entry with id {ref} in {po_words(state.po)}")
        if draft.resolves:
            target = state.find("correspondence", draft.resolves)
            if target.deadline is None:
                raise InputError(f"resolves: log entry {target.subject!r} has no deadline to settle")
        entry = chain_entry(draft, ws.actor, state.correspondence)
        action = "correction logged" if draft.corrects else "entry logged"
        position = len(state.correspondence) + 1
        detail = f"{draft.direction} via {draft.channel}: {draft.subject} {seal_text(position, entry)}"
        return Change(action, detail, records=[entry])

    return ws.transact(po, change)
