"""A supplier's switching history made once and shared by its cases
(casefile.rules.supplier_switching.Timeline): each case reads off it exactly what the
history of "the supplier's other lots and its own first inspection" says, built afresh
(`supplier_history`, as every case built it before), so a check or a rejudge of a supplier
with n lots makes its history once, not n times (a check of 10,000 cases of 20 suppliers
with 500 lots each took 200 s against 15 s without supplier history)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import casefile.rules.supplier_switching as supplier_switching
import casefile.rules.switching as switching
from casefile.actions.workspace import Workspace
from casefile.records.case_summary import FirstInspection
from casefile.rules.judgement import next_switching
from casefile.rules.supplier_names import normalise
from casefile.rules.supplier_switching import Timeline, supplier_history
from casefile.rules.switching import ImprovementRecorded, ReducedInspection
from conftest import examples, make_case
from gate_support import MAJOR_FAIL, PASS, add_report

DAY0 = date(2026, 9, 30)
SUPPLIER = "Shenzhen Brightway Lighting Co."
BORDERLINE = dict(critical=0, major=6, minor=5)  # accepted on normal, rejected on tightened


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


# --- the rules: the shared history against one built afresh ------------------------------

def lots_drawn(pos: int = 12):
    """Lots of a supplier over 40 days (several on a day), POs from a few, so a PO can be
    there twice (only a damaged index does that), some verdicts repeating for long runs."""
    first = st.builds(lambda po, on, accepted, points: FirstInspection(po=f"HD-{po:02d}", on=day(on), accepted=accepted,
                                                                       points=points if accepted else None),
                      st.integers(0, pos - 1), st.integers(0, 40),
                      st.integers(0, 99).map(lambda x: x < 70), st.sampled_from([None, 0, 2, 3, 3]))
    return st.lists(first, max_size=30)


recorded_drawn = st.lists(st.one_of(
    st.builds(lambda on, allowed: ReducedInspection(on=day(on), allowed=allowed), st.integers(-2, 42), st.booleans()),
    st.builds(lambda on: ImprovementRecorded(on=day(on), by="QA"), st.integers(0, 42)),
), max_size=4)

own_drawn = st.one_of(st.none(), st.builds(
    lambda on, accepted, points: (on, accepted, points if accepted else None),
    st.integers(-1, 42), st.booleans(), st.sampled_from([None, 2, 3])))


def afresh(lots, recorded, po, own):
    return supplier_history([*(lot for lot in lots if lot.po != po), *([own] if own is not None else [])], recorded)


@settings(max_examples=examples(300, 5000), deadline=None)
@given(lots_drawn(), recorded_drawn, st.integers(0, 12), own_drawn, st.booleans())
def test_a_case_reads_off_the_shared_history_what_its_own_history_says(lots, recorded, n, own, as_indexed):
    po = f"HD-{n:02d}"
    indexed = [lot for lot in lots if lot.po == po]
    if as_indexed and indexed:  # the usual case: the lot as judged now is the one indexed
        own = indexed[-1]
    elif own is not None:
        on, accepted, points = own
        own = FirstInspection(po=po, on=day(on), accepted=accepted, points=points)
    shared = Timeline(lots, recorded)
    mine, fresh = shared.for_case(po, own), afresh(lots, recorded, po, own)
    for d in range(-2, 44):
        assert mine.severity_on(day(d)) == fresh.severity_on(day(d)), d
    assert Timeline(lots, recorded).severity_on(day(44)) == supplier_history(lots, recorded).current


@settings(max_examples=examples(200, 3000), deadline=None)
@given(lots_drawn(), recorded_drawn, lots_drawn(), st.data())
def test_a_timeline_made_from_the_one_before_is_the_one_made_afresh(lots, recorded, more, data):
    """After a write or a lot judged again the supplier's lots differ by one or a few: the
    statuses before the change are kept, those after it taken back where they agree again."""
    before = Timeline(lots, recorded)
    changed = list(lots)
    for lot in more[:data.draw(st.integers(0, 3))]:
        where = data.draw(st.integers(0, len(changed)))
        if data.draw(st.booleans()) and changed and where < len(changed):
            changed[where] = lot  # a lot judged otherwise (or replaced)
        elif data.draw(st.booleans()) and changed and where < len(changed):
            del changed[where]  # a lot moved to another supplier
        else:
            changed.insert(where, lot)  # a lot entered late
    if data.draw(st.booleans()):
        recorded = recorded[:-1]
    after, fresh = Timeline(changed, recorded, previous=before), Timeline(changed, recorded)
    assert after.statuses == fresh.statuses
    assert after.statuses == list(supplier_history(changed, recorded).statuses)
    for po in {lot.po for lot in changed}:
        for d in (5, 20, 44):
            assert after.for_case(po, None).severity_on(day(d)) == afresh(changed, recorded, po, None).severity_on(day(d))


# --- the workspace: its own lot, as judged now, not the index's -------------------------

def lot(ws, po, n, counts):
    ws.create(make_case(po=po, supplier=SUPPLIER))
    add_report(ws, po, day(n), counts)


def index_says(ws, po, **over):
    """Write the supplier index's entry of `po` as given, as a damaged index or a write that
    died before the lots after it were judged again leaves it."""
    path = ws.index.supplier_shard_path(normalise(SUPPLIER))
    shard = json.loads(path.read_bytes())
    shard[normalise(SUPPLIER)][po].update(over)
    path.write_text(json.dumps(shard))


def test_a_case_whose_lot_the_index_holds_otherwise_is_judged_with_its_own(ws, pinned_clock):
    lot(ws, "HD-2601", 0, MAJOR_FAIL)
    lot(ws, "HD-2602", 10, MAJOR_FAIL)
    assert next_switching(Workspace.open(ws.root).load("HD-2602")).severity == "tightened"  # 2 of 2 rejected
    index_says(ws, "HD-2602", accepted=True, points=2)
    fresh = Workspace.open(ws.root)
    # the other lot reads HD-2602 as indexed; HD-2602 reads its own as its report says
    assert next_switching(fresh.load("HD-2601")).severity == "normal"
    assert next_switching(fresh.load("HD-2602")).severity == "tightened"
    assert next_switching(fresh.load("HD-2601")).severity == "normal"  # and the shared one is not changed by it
    index_says(ws, "HD-2602", accepted=False, points=None)
    lot(ws, "HD-2603", 20, BORDERLINE)  # on tightened after 2 of 2 rejected: rejected
    index_says(ws, "HD-2602", on=str(day(30)))  # now indexed on another day, after HD-2603's
    fresh = Workspace.open(ws.root)
    # HD-2603 judged again with HD-2602 as indexed: one rejection before it, so accepted on normal
    assert next_switching(fresh.load("HD-2603"), day(25)).severity == "normal"
    # HD-2602 reads its own on day 10: 2 of 2 rejected, then HD-2603 as indexed (rejected)
    assert next_switching(fresh.load("HD-2602"), day(25)).severity == "tightened"


def count_steps(monkeypatch) -> list[int]:
    """How many times the switching rule is applied, in a history built afresh or shared."""
    calls = [0]

    def counted(status, entry, rule=switching.step):
        calls[0] += 1
        return rule(status, entry)

    monkeypatch.setattr(switching, "step", counted)
    monkeypatch.setattr(supplier_switching, "step", counted)
    return calls


def test_a_check_makes_a_suppliers_history_once_not_once_per_case(tmp_path, pinned_clock, monkeypatch):
    """Linear, not quadratic, in the supplier's lots: the switching rule is applied about
    once per lot per pass, where each case building its own history applied it n times."""
    ws = Workspace.open(tmp_path / "ws")
    n = 30
    for i in range(n):
        counts = MAJOR_FAIL if i % 7 in (2, 4) else BORDERLINE if i % 5 == 0 else PASS
        lot(ws, f"HD-{i:03d}", i // 2 * 3, counts)  # two lots a day, every third day
    steps = count_steps(monkeypatch)
    result = Workspace.open(ws.root).check()
    assert result.checked == n and not result.index_stale
    assert steps[0] <= 3 * n  # about n for the history, and a case's own day again for each case
    steps[0] = 0
    result = Workspace.open(ws.root).check(rebuild_index=True)  # the index was whole: nothing judged again
    assert not result.index_stale and steps[0] <= 3 * n
