"""The case store's contract (casefile/store/protocol.py): what any backend must do, run
against the TinyDB store and an in-memory one. A PostgreSQL store for a hosted deployment
would join the parametrization (docs/architecture.md)."""

from __future__ import annotations

import hashlib

import pytest

from casefile.records.attachment import Attachment
from casefile.records.case_summary import CaseSummary
from casefile.records.log_entry import EntryDraft, chain_entry
from casefile.store.protocol import CaseStore, Change
from casefile.store.tinydb_store import TinyDBStore
from casefile.values.errors import AttachmentDamaged, CaseExists, CaseNotFound, ConflictError, InputError
from conftest import make_case
from memory_store import MemoryStore

PO = "PO/2026/114"


def summarize(state, file: str) -> CaseSummary:
    """A summariser that knows no rule: the store must keep whatever it is handed."""
    return CaseSummary(file=file, po=state.po, supplier=state.case.supplier, phase=f"revision {state.revision}")


@pytest.fixture(params=["tinydb", "memory"])
def store(request, tmp_path) -> CaseStore:
    if request.param == "tinydb":
        return TinyDBStore.open(tmp_path / "ws", summarize=summarize)
    return MemoryStore(tmp_path / "ws", summarize=summarize)


def note(store: CaseStore, subject: str, **over) -> Change:
    def change(state):
        entry = chain_entry(EntryDraft(subject=subject, **over), store.actor, state.correspondence)
        return Change("entry logged", subject, records=[entry])
    return change


def test_a_created_case_loads_at_revision_1_with_its_first_event(store):
    state = store.create(make_case(PO))
    loaded = store.load(PO)
    assert loaded.case == make_case(PO) and loaded.revision == state.revision == 1
    assert [(e.action, e.actor) for e in loaded.history] == [("case opened", store.actor)]


def test_creating_the_same_case_again_is_a_no_op_and_another_one_is_refused(store):
    store.create(make_case(PO))
    assert store.create(make_case(PO)).revision == 1
    with pytest.raises(CaseExists):
        store.create(make_case(PO, supplier="Someone else"))
    assert store.load(PO).case.supplier == make_case(PO).supplier


def test_an_unknown_case_is_not_found(store):
    with pytest.raises(CaseNotFound):
        store.load("PO/none")
    with pytest.raises(CaseNotFound):
        store.transact("PO/none", note(store, "x"))


def test_a_change_appends_its_records_and_one_event(store):
    store.create(make_case(PO))
    after = store.transact(PO, note(store, "colour off"))
    loaded = store.load(PO)
    assert after.revision == loaded.revision == 2
    assert [e.subject for e in loaded.correspondence] == ["colour off"]
    assert [(e.action, e.detail) for e in loaded.history[1:]] == [("entry logged", "colour off")]


def test_a_change_can_replace_the_case_but_never_its_po(store):
    store.create(make_case(PO))
    store.transact(PO, lambda s: Change("case edited", case=s.case.model_copy(update={"product": "DL-41"})))
    assert store.load(PO).case.product == "DL-41"
    with pytest.raises(ConflictError):
        store.transact(PO, lambda s: Change("case edited", case=s.case.model_copy(update={"po": "PO/other"})))
    assert store.load(PO).revision == 2


def test_a_retried_record_is_written_once(store):
    store.create(make_case(PO))
    entry = {}

    def once(state):
        entry.setdefault("e", chain_entry(EntryDraft(subject="once"), store.actor, state.correspondence))
        return Change("entry logged", records=[entry["e"], entry["e"]])

    store.transact(PO, once)
    store.transact(PO, once)
    loaded = store.load(PO)
    assert loaded.revision == 2 and [e.subject for e in loaded.correspondence] == ["once"]


def test_a_change_that_raises_writes_nothing(store):
    store.create(make_case(PO))

    def refuses(state):
        raise InputError("subject: refused")

    with pytest.raises(InputError, match="refused"):
        store.transact(PO, refuses)
    assert store.load(PO).revision == 1


def test_a_change_from_a_stale_view_is_a_conflict_and_writes_nothing(store):
    store.create(make_case(PO))
    seen = store.load(PO).revision
    store.transact(PO, note(store, "theirs"))
    with pytest.raises(ConflictError):
        store.transact(PO, note(store, "mine"), expected_revision=seen)
    assert [e.subject for e in store.load(PO).correspondence] == ["theirs"]


def test_the_case_list_holds_each_case_as_its_last_write_left_it(store):
    store.create(make_case(PO))
    store.create(make_case("Ord 77-B", supplier="Ningbo Kitchenware"))
    store.transact(PO, note(store, "one"))
    assert [(s.po, s.phase) for s in store.list_cases().summaries] == [("Ord 77-B", "revision 1"), (PO, "revision 2")]
    assert store.list_summaries() == store.list_cases().summaries


def test_a_summary_that_refuses_refuses_the_write(store):
    store.create(make_case(PO))

    def refusing(state, file):
        raise InputError("lot_size: no table reads this")

    with pytest.raises(InputError, match="no table reads this"):
        store.transact(PO, lambda s: Change("entry logged", records=note(store, "x")(s).records, summarize=refusing))
    assert store.load(PO).revision == 1 and store.list_cases().summaries[0].phase == "revision 1"


def test_a_change_may_bring_its_own_summary_of_the_case_it_leaves(store):
    store.create(make_case(PO))

    def own(state, file):
        return summarize(state, file).model_copy(update={"phase_text": f"{len(state.correspondence)} entries"})

    store.transact(PO, lambda s: Change("entry logged", records=note(store, "x")(s).records, summarize=own))
    assert store.list_cases().summaries[0].phase_text == "1 entries"


def test_check_reads_every_case(store):
    store.create(make_case(PO))
    store.create(make_case("Ord 77-B"))
    result = store.check()
    assert result.ok and result.checked == 2


def test_an_attachment_is_kept_once_read_back_checked_and_its_damage_found_by_check(store):
    store.create(make_case(PO))
    data = b"%PDF evidence"
    sha = hashlib.sha256(data).hexdigest()
    assert store.put_attachment(PO, sha, data) is True
    assert store.put_attachment(PO, sha, data) is False  # the same bytes again: nothing to write
    record = Attachment(name="r.pdf", size=len(data), sha256=sha, attached_by=store.actor)
    store.transact(PO, lambda state: Change("file attached", records=[record]))
    assert store.read_attachment(PO, record) == data and store.check().ok

    missing = Attachment(name="gone.pdf", size=3, sha256="0" * 64, attached_by=store.actor)
    store.transact(PO, lambda state: Change("file attached", records=[missing]))
    with pytest.raises(AttachmentDamaged):
        store.read_attachment(PO, missing)
    result = store.check()
    assert not result.ok and len(result.damaged_attachments) == 1 and "gone.pdf" in result.damaged_attachments[0]
