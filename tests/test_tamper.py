"""Tamper evidence for every record the gate reads (issue #9, item 6; casefile/store/integrity.py).

Each attack edits the case file behind Casefile's back, as someone with a text editor or a
careless script would. `check` must name the record and exit 1, and the gate must stay
shut on that case (exit 3) until the change is resolved with `check --accept`.
"""

from __future__ import annotations

import json
import time
from datetime import date
from types import SimpleNamespace

import pytest

from casefile.actions.note import append_entry
from casefile.actions.pay import PaymentDraft, record_payment
from casefile.actions.workspace import Workspace
from casefile.records import seal
from casefile.records.log_entry import EntryDraft, chain_entry
from casefile.rules.case_status import case_status
from casefile.rules.dossier import dossier
from casefile.rules.gate import balance_gate
from casefile.store.integrity import doc_digests
from casefile.store.protocol import Change
from casefile.values.errors import GateClosed
from gate_support import MAJOR_FAIL, PASS, add_report, decide, log_agreement

pytest_plugins = ["figures"]
PO = "PO/2026/114"
NOV12, NOV20 = date(2026, 11, 12), date(2026, 11, 20)
LEGACY_EVENT_FIELDS = ("reason", "changes", "seals", "case_digest", "baseline", "flagged", "prev_hash", "hash")
ATTACKS: dict[str, bool] = {}  # attack -> held (the figure printed at the end)


@pytest.fixture
def failed(ws, case, pinned_clock):
    """Deposit paid, the first inspection failed on major defects (23 found, Re 8)."""
    ws.create(case)
    record_payment(ws, PO, PaymentDraft(kind="deposit", cny="25200.00", rate="215.5", receipt="D-1"))
    add_report(ws, PO, NOV12, MAJOR_FAIL)
    return ws


def rewrite(ws: Workspace, edit) -> None:
    path = ws.case_path(PO)
    tables = json.loads(path.read_bytes())
    edit(tables)
    path.write_bytes(json.dumps(tables, ensure_ascii=False).encode())


def run(ws, capsys, *argv):
    from tui.cli import main

    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def pay_balance(ws):
    return record_payment(ws, PO, PaymentDraft(kind="balance", cny="58800.00", rate="215.5", receipt="B-1"))


def held(name: str, ws: Workspace, expected: str) -> str:
    """`check` names the change, the gate is shut with the reason, and a balance is refused."""
    fresh = Workspace.open(ws.root)  # another process: nothing cached
    result = fresh.check()
    problems = "\n".join(result.broken_chains)
    state = fresh.load(PO)
    gate = balance_gate(state)
    try:
        pay_balance(fresh)
        refused = False
    except GateClosed as exc:
        refused = exc.exit_code == 3 and "was changed outside Casefile" in str(exc)
    ATTACKS[name] = not result.ok and expected in problems and not gate.open and refused
    assert expected in problems, problems
    assert not gate.open and gate.reasons[0].startswith(f"{PO} was changed outside Casefile: ")
    assert refused and case_status(state)[0] == "tampered"
    return problems


def test_a_case_written_by_casefile_checks_clean(failed):
    log_agreement(failed, PO)
    decide(failed, PO, "rework", deadline=date(2026, 12, 3))
    result = Workspace.open(failed.root).check()
    assert result.ok and result.unsealed == [] and result.checked == 1


def test_setting_found_to_zero_by_hand_is_named_and_shuts_the_gate(failed, capsys):
    report = failed.load(PO).reports[0]
    rewrite(failed, lambda t: t["reports"]["1"]["classes"][1].update(found=0))
    held("report found set to 0", failed, f"report 1 of 12 Nov 2026 (id {report.id[:8]}) was changed outside Casefile")
    code, _, err = run(failed, capsys, "check")
    assert code == 1
    assert f"TAMPERED PO {PO} (" in err and f"report 1 of 12 Nov 2026 (id {report.id[:8]})" in err
    code, _, err = run(failed, capsys, "pay", PO, "--kind", "balance", "--cny", "58800.00", "--rate", "215.5",
                       "--receipt", "B-1")
    assert code == 3 and "was changed outside Casefile" in err and "casefile check --accept" in err
    assert "**Warning: this case file was changed outside Casefile.**" in dossier(failed.load(PO))


def test_accepting_the_change_is_recorded_and_reopens_the_gate(failed, capsys):
    def corrected(t):
        t["reports"]["1"]["classes"][1]["found"] = 0
        t["reports"]["1"]["verdict"] = "pass"
    rewrite(failed, corrected)
    code, _, err = run(failed, capsys, "check", "--accept", PO)
    assert code == 2 and err.startswith("casefile: --reason: say why the change is accepted")
    code, out, _ = run(failed, capsys, "check", "--accept", PO, "--reason", "inspector corrected the count in writing")
    assert code == 0 and "accepted as it is now" in out
    state = Workspace.open(failed.root).load(PO)
    event = state.history[-1]
    assert event.action == "changes accepted" and event.reason == "inspector corrected the count in writing"
    assert "report 1 of 12 Nov 2026" in event.detail  # the change stays visible
    assert state.integrity.ok and balance_gate(state).open  # the accepted count passes
    assert run(failed, capsys, "check")[0] == 0
    assert "Reason: inspector corrected the count in writing" in dossier(state)
    code, _, err = run(failed, capsys, "check", "--accept", PO, "--reason", "again")
    assert code == 2 and "nothing to accept" in err


def test_after_accepting_the_case_list_stops_saying_changed_outside(failed, capsys):
    """The accepting write indexes the case as it now is, not as it was read before the seal."""
    rewrite(failed, lambda t: t["reports"]["1"].update(note="recounted"))
    assert "changed outside Casefile" in run(failed, capsys, "list")[1]
    assert run(failed, capsys, "check", "--accept", PO, "--reason", "inspector's note, confirmed by email")[0] == 0
    code, out, _ = run(failed, capsys, "list")
    assert code == 0 and PO in out and "changed outside Casefile" not in out
    code, _, err = run(failed, capsys, "check")
    assert code == 0 and "index out of date" not in err


def test_a_forged_passing_report_is_named(failed):
    def forge(t):
        doc = dict(t["reports"]["1"], id="ab" * 16, date="2026-11-20", kind="re-inspection", verdict="pass")
        doc["classes"] = [dict(c, found=0) for c in doc["classes"]]
        t["reports"]["2"] = doc
    rewrite(failed, forge)
    held("forged passing report added", failed, "report 2 of 20 Nov 2026 (id abababab) is not sealed: it was added")


def test_a_removed_failure_is_named(failed):
    add_report(failed, PO, NOV20, PASS, kind="re-inspection")
    add_report(failed, PO, date(2026, 11, 24), MAJOR_FAIL, kind="re-inspection")
    gone = failed.load(PO).reports[2].id
    rewrite(failed, lambda t: t["reports"].pop("3"))
    held("latest failed report removed", failed, f"the report record {gone[:8]} sealed on 25 Nov 2026 (report "
                                                  "recorded) is missing: it was removed outside Casefile")


def test_a_standard_changed_by_hand_is_named(failed):
    rewrite(failed, lambda t: t["case"]["1"]["aql"].update(major="1000"))
    held("case AQL edited by hand", failed, "the order and agreed standard (the case document) were changed")


def test_a_reports_recorded_standard_changed_by_hand_is_named(failed):
    rewrite(failed, lambda t: t["reports"]["1"]["standard"]["aql"].update(major="1000"))
    held("report's recorded standard edited", failed, "report 1 of 12 Nov 2026")


def test_a_decision_changed_by_hand_is_named(failed):
    add_report(failed, PO, NOV20, dict(critical=0, major=2, minor=14), kind="re-inspection")
    entry = log_agreement(failed, PO, direction="to-supplier", written_agreement=False)
    decide(failed, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    rewrite(failed, lambda t: t["decisions"]["1"].update(discount_percent="60"))
    held("decision's discount edited", failed, "decision 1 (discount, 25 Nov 2026")


def test_a_log_entry_turned_into_an_agreement_is_named(failed):
    add_report(failed, PO, NOV20, dict(critical=0, major=2, minor=14), kind="re-inspection")
    entry = log_agreement(failed, PO, direction="from-supplier", written_agreement=False, subject="we will see")
    decide(failed, PO, "discount", discount_percent="6", agreement_entry_id=entry)
    rewrite(failed, lambda t: t["correspondence"]["1"].update(written_agreement=True))
    held("log entry marked as agreement", failed, "log entry 1 ('we will see'")


def test_a_payment_changed_by_hand_is_named(failed):
    rewrite(failed, lambda t: t["payments"]["1"].update(status="requested"))
    held("payment status edited", failed, "payment record 1 (deposit ¥25,200.00 requested")


def test_a_history_event_changed_by_hand_is_named(failed):
    rewrite(failed, lambda t: t["history"]["2"].update(actor="someone-else"))
    held("history event edited", failed, "history event 2 (payment recorded, 2026-11-25 09:30 UTC) was changed")


def test_the_last_write_cut_off_is_named(failed):
    def cut(t):
        t["history"].pop("3")  # the report's event goes; its report stays, unsealed
        t["meta"]["1"]["revision"] = 2
    rewrite(failed, cut)
    held("last history event removed", failed, "report 1 of 12 Nov 2026")


def test_reports_of_one_day_swapped_are_named(failed):
    add_report(failed, PO, NOV20, PASS, kind="re-inspection")
    add_report(failed, PO, NOV20, MAJOR_FAIL, kind="re-inspection")  # the latest word on 20 Nov: a failure

    def swap(t):
        t["reports"]["2"], t["reports"]["3"] = t["reports"]["3"], t["reports"]["2"]
    rewrite(failed, swap)
    held("same-day reports reordered", failed, "was moved from place 3 to 2 in its table")


def test_a_copied_record_is_named(failed):
    rewrite(failed, lambda t: t["reports"].update({"2": t["reports"]["1"]}))
    held("report copied", failed, "report 2 of 12 Nov 2026")


def test_seals_stripped_from_a_sealed_file_are_named(failed):
    def strip(t):
        for doc in t["history"].values():
            for name in LEGACY_EVENT_FIELDS:
                doc.pop(name, None)
    rewrite(failed, strip)
    held("every seal stripped", failed, "its seals were removed outside Casefile")


def test_a_tampered_case_still_takes_other_writes_and_stays_flagged(failed):
    rewrite(failed, lambda t: t["reports"]["1"]["classes"][1].update(found=0))
    append_entry(failed, PO, EntryDraft(direction="internal", subject="looking into it"))
    state = Workspace.open(failed.root).load(PO)
    assert not state.integrity.ok and not balance_gate(state).open


# -- files of an earlier version ------------------------------------------------------------
def make_legacy(ws: Workspace) -> None:
    """The file as a version before seals wrote it: format 1, no seals, no recorded standard."""
    def legacy(t):
        t["meta"]["1"]["format"] = 1
        for doc in t["history"].values():
            for name in LEGACY_EVENT_FIELDS:
                doc.pop(name, None)
        for doc in t.get("reports", {}).values():
            doc.pop("standard", None)
    rewrite(ws, legacy)


def test_a_legacy_file_opens_and_its_first_write_seals_all_of_it(failed, capsys):
    append_entry(failed, PO, EntryDraft(direction="to-supplier", subject="rework please"))
    make_legacy(failed)
    code, out, _ = run(failed, capsys, "check")
    assert code == 0 and "1 not sealed yet (written by an earlier version" in out
    legacy = Workspace.open(failed.root)
    assert not legacy.load(PO).integrity.sealed
    append_entry(legacy, PO, EntryDraft(direction="internal", subject="first write of this version"))
    state = legacy.load(PO)
    assert state.integrity.sealed and state.integrity.ok
    assert state.history[-1].baseline and len(state.history[-1].seals) == 8  # 1 payment, 1 report, 2 entries, 4 events
    rewrite(failed, lambda t: t["reports"]["1"]["classes"][1].update(found=0))  # a record of the old version
    held("legacy report edited after sealing", failed, "report 1 of 12 Nov 2026")


def test_a_legacy_log_already_broken_when_first_sealed_stays_flagged(failed):
    append_entry(failed, PO, EntryDraft(direction="to-supplier", subject="rework please", body="by 3 Dec"))
    make_legacy(failed)
    rewrite(failed, lambda t: t["correspondence"]["1"].update(body="by 30 Dec"))  # before any seal
    legacy = Workspace.open(failed.root)
    assert "correspondence entry 1 ('rework please') was altered" in legacy.load(PO).integrity.problems[0]
    append_entry(legacy, PO, EntryDraft(direction="internal", subject="first write of this version"))
    held("legacy log broken before sealing", legacy, "correspondence entry 1 ('rework please') was altered "
                                                     "after it was written (found when the file was sealed on")


def test_the_attack_figures(figure):
    """Printed in the summary: every attack above, and whether it held."""
    if ATTACKS:
        kept = sum(ATTACKS.values())
        figure(f"tamper attacks: {len(ATTACKS)} tried, {kept} held (named by check, gate shut, balance refused "
               f"exit 3)" + ("" if kept == len(ATTACKS) else f"; FAILED: {[k for k, v in ATTACKS.items() if not v]}"))
        assert kept == len(ATTACKS)


# -- cost ----------------------------------------------------------------------------------
def test_verifying_a_2000_record_case_stays_cheap(ws, case, pinned_clock, figure, monkeypatch):
    ws.create(case)
    entries = []
    for i in range(2000):
        entries.append(chain_entry(EntryDraft(subject=f"entry {i}", body="x" * 200), ws.actor, entries))
    ws.transact(PO, lambda s: Change("log imported", "2,000 entries", records=entries))
    add_report(ws, PO, NOV12, PASS)
    raw_tables = json.loads(ws.case_path(PO).read_bytes())
    # What is cheap is counted, not timed (timings on a shared machine are only printed).
    hashed = []
    sha256 = seal.hashlib.sha256
    monkeypatch.setattr(seal, "hashlib", SimpleNamespace(sha256=lambda data: hashed.append(1) or sha256(data)))

    start = time.perf_counter()
    doc_digests(raw_tables)
    hashing = time.perf_counter() - start
    reader = Workspace.open(ws.root)
    hashed.clear()
    start = time.perf_counter()
    state = reader.load(PO)
    first = time.perf_counter() - start
    first_hashes = len(hashed)
    assert state.integrity.ok
    append_entry(ws, PO, EntryDraft(subject="one more"))  # another writer appends one record
    hashed.clear()
    start = time.perf_counter()
    state = reader.load(PO)
    again = time.perf_counter() - start
    again_hashes = len(hashed)
    assert state.integrity.ok and len(state.correspondence) == 2001
    hashed.clear()
    start = time.perf_counter()
    for _ in range(100):
        balance_gate(state)
    gate = (time.perf_counter() - start) / 100
    figure(f"seals, 2,003-record case: hashing every document {hashing * 1000:.0f} ms; first read (validate + "
           f"verify) {first * 1000:.0f} ms, {first_hashes} hashes; re-read after another writer appended one "
           f"{again * 1000:.0f} ms, {again_hashes} hashes; gate {gate * 1000:.2f} ms per call, {len(hashed)} hashes")
    assert first_hashes >= 2000  # every document, once
    assert again_hashes <= 4  # only what the other writer added: the entry, its event (and the case)
    assert hashed == []  # the gate reads the verdict kept on the state
