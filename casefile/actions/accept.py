"""Accepting a case changed outside Casefile (`casefile check --accept PO --reason TEXT`)."""

from __future__ import annotations

from casefile.records.po import po_words
from casefile.store.protocol import CaseStore, Change
from casefile.values.errors import InputError


def accept_changes(ws: CaseStore, po: str, reason: str):
    """Resolve a case changed outside Casefile: a recorded decision, by the OS user, with a
    reason, that the file as it is now is the case. The history keeps what was accepted,
    and the event seals the current content so the gate can open again."""
    reason = reason.strip()
    if not reason:
        raise InputError("reason: say why the change is accepted, e.g. --reason \"restored from the 3 Dec backup\"")

    def change(state):
        problems = state.integrity.problems if state.integrity is not None else ()
        if not problems:
            raise InputError(f"{po_words(state.po)}: nothing to accept; every record is as Casefile wrote it")
        return Change("changes accepted", "; ".join(problems), reason=reason, reseal=True)

    return ws.transact(po, change)
