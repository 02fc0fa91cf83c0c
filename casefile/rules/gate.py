"""The balance gate: the balance moves only after a passing re-inspection.

A balance payment can be requested or recorded only when
- the case file is as Casefile wrote it (casefile/store/integrity.py: no record changed outside
  Casefile, or the change was accepted with a reason), and
- the latest inspection counts as a pass (casefile/rules/judgement.py: a valid, full-sample
  inspection of the lot in question, judged by the standard recorded with it, passing
  every class with no point that does not conform and no inspector's FAIL), and
- any earlier critical or major failure was followed by a report that counts as a pass,
  and
- otherwise, a latest report that is a valid inspection with no critical or major
  failure is covered by a discount decision that points to the supplier's written
  agreement in the log (the balance due is then reduced by the discount), and
- the order is not cancelled, and balance payments (requested or paid) never exceed the
  balance due (each option's entry says what is due under it: casefile/rules/options/).
`require_balance` reads the gate of the case as the payment's write leaves it, inside
that locked write, against the state on disk (casefile/actions/pay.py), so no screen,
command, import or second user can get around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from casefile.records.case import DEFECT_CLASSES
from casefile.records.po import po_words
from casefile.rules.judgement import Judgement, inspections, judge_all, lot_in_question, needed_sample, next_switching
from casefile.rules.options.catalogue import CATALOGUE, keys_in_words, option
from casefile.rules.payment_lines import committed
from casefile.rules.sampling_plans import sampling_plan
from casefile.values.errors import GateClosed, InputError
from casefile.values.days import day_text
from casefile.values.money import fmt_cny


@dataclass(frozen=True)
class GateStatus:
    open: bool
    reasons: list[str] = field(default_factory=list)  # why it is locked
    unlock: list[str] = field(default_factory=list)  # what would open it
    balance_due_cny: Decimal = Decimal(0)
    committed_cny: Decimal = Decimal(0)  # balance requested or paid so far
    route: str = ""  # how it opened: "passed", or the key of the option agreed in writing ("discount")

    @property
    def remaining_cny(self) -> Decimal:
        return max(self.balance_due_cny - self.committed_cny, Decimal(0))


def chosen_report(state, report_id: str | None, field: str = "report_id"):
    """The report `report_id` names, or the latest inspection (the one the gate reads).
    The caller says first what to do when the case has no report at all."""
    if report_id is None:
        return inspections(state)[-1]
    report = state.find("reports", report_id)
    if report is None:
        known = ", ".join(r.id for r in state.reports)
        raise InputError(f"{field}: no report {report_id} in {po_words(state.po)}; its reports are {known}")
    return report


def _failure_text(report, verdict) -> str:
    return (f"{verdict.defect_class} defects failed on {day_text(report.date)} "
            f"({verdict.found} found, Re {verdict.plan.reject})")


def agreement_problem(state, decision) -> str | None:
    """Why a discount decision does not (yet) stand on a written agreement, or None."""
    if decision.discount_percent is None:
        return f"the discount decision of {day_text(decision.decided_at)} gives no discount percentage"
    if not decision.agreement_entry_id:
        return (f"the discount decision of {day_text(decision.decided_at)} points to no entry in the log "
                "recording the supplier's written agreement")
    entry = state.find("correspondence", decision.agreement_entry_id)
    if entry is None:
        return f"the discount decision points to log entry {decision.agreement_entry_id}, which is not in the log"
    if entry.direction != "from-supplier" or not entry.written_agreement:
        return (f"log entry {entry.subject!r} is not marked as the supplier's written agreement "
                "(it must come from the supplier, in writing)")
    if any(e.corrects == entry.id for e in state.correspondence):
        return f"log entry {entry.subject!r} was corrected by a later entry; point the decision to the correction"
    return None


def agreed_settlement(state):
    """The decision in force if its option settles by the supplier's written agreement (a
    discount) and it stands on that agreement, else None."""
    decision = state.latest_decision()
    if decision is None or not option(decision.option).settles_by_agreement or agreement_problem(state, decision):
        return None
    return decision


def balance_due(state) -> Decimal:
    """The balance owed under the decision in force (its option's entry says how much)."""
    decision = state.latest_decision()
    if decision is None:
        return state.case.balance_cny
    agreed = agreed_settlement(state) is not None
    return option(decision.option).balance_due(state.case, decision, agreed)


def committed_balance(state) -> Decimal:
    """Balance requested or paid and not withdrawn or refunded."""
    return committed(state, "balance")


def _plan_text(state, judged: Judgement) -> str:
    """Each class's limit and the full sample for the lot in question, under the standard
    and the supplier's severity in force now: what the next re-inspection will be judged by."""
    lot = lot_in_question(state, judged.report)[0] or judged.report.lot_size
    aql = state.case.aql
    severity = next_switching(state).plan_severity
    limits = ", ".join(f"{c} at most {sampling_plan(lot, aql.for_class(c), aql.level, severity).accept}"
                       for c in DEFECT_CLASSES)
    on = "" if severity == "normal" else f" on {severity} inspection"  # switching moved the supplier off normal
    return f"{limits} in {needed_sample(state.case.standard, lot, severity):,} sampled{on}"


def tamper_reason(state) -> str | None:
    """Why the gate cannot trust this case file, or None (casefile/store/integrity.py)."""
    integrity = state.integrity
    if integrity is None or not integrity.problems:
        return None
    more = len(integrity.problems) - 1
    return (f"{po_words(state.po)} was changed outside Casefile: {integrity.problems[0]}"
            + (f" (and {more} more)" if more else ""))


def balance_gate(state) -> GateStatus:
    due = balance_due(state)
    committed = committed_balance(state)

    def closed(reasons: list[str], unlock: list[str]) -> GateStatus:
        return GateStatus(False, reasons, unlock, due, committed)

    tampered = tamper_reason(state)
    if tampered:
        return closed([tampered], [f"run `casefile check` to see every change, then restore the file from a backup, "
                                   f"or accept the change with `casefile check --accept {state.po} --reason TEXT`"])
    decision = state.latest_decision()
    chosen = option(decision.option) if decision is not None else None
    if chosen is not None and chosen.ends_order:
        going_ahead = keys_in_words(o for o in CATALOGUE.values() if not o.ends_order)
        return closed(
            [f"the order was cancelled on {day_text(decision.decided_at)}; a cancelled order's balance is never paid"],
            [f"a new decision to go ahead with the order ({going_ahead})"],
        )
    judged = judge_all(state)
    if not judged:
        return closed(["no inspection report is on record"],
                      ["record an inspection report that passes every class"])
    latest = judged[-1]
    unresolved = []  # critical/major failures with no report counting as a pass after them
    for i, j in enumerate(judged):
        if j.serious_failures and not any(k.counts_as_pass for k in judged[i + 1:]):
            unresolved.extend((j.report, v) for v in j.serious_failures)
    if latest.counts_as_pass and not unresolved:
        return GateStatus(True, [], [], due, committed, "passed")

    reinspect = f"record a re-inspection report{_lot_words(state, latest)} that passes every class ({_plan_text(state, latest)})"
    reasons = [f"{_failure_text(r, v)}; a re-inspection must pass first" for r, v in unresolved]
    if not latest.complete:
        reasons.append(f"the latest report ({day_text(latest.report.date)}, {latest.report.company}) is "
                       f"{latest.report.verdict}, not a pass")
        if not unresolved:
            return closed(reasons, ["record the completed inspection; it must pass every class"])
    # What else keeps the latest report from counting, where its class counts do not say it already
    if not latest.serious_failures:
        reasons += [f"{latest.title} does not count as a pass: {s}" for s in latest.invalid]
    if latest.complete and not latest.failed:
        reasons += [f"{latest.title} does not count as a pass: {s}" for s in latest.objections]
    if unresolved:
        return closed(reasons, [reinspect + "; a critical or major failure never qualifies for a discount"])
    # No critical or major failure stands: a passing re-inspection, or an agreed discount
    # on a valid inspection of the lot, opens it.
    reasons += [f"{_failure_text(latest.report, v)}; the report has not passed" for v in latest.failed]
    if latest.valid and (agreed := agreed_settlement(state)) is not None:
        return GateStatus(True, [], [], due, committed, agreed.option)
    unlock = [reinspect]
    if not latest.valid:
        unlock.append("a discount settles defects a valid inspection found, never an inspection that does not count")
    elif (problem := agreement_problem(state, decision) if chosen is not None and chosen.settles_by_agreement
          else None):
        unlock.append(f"or fix the discount: {problem}")
    else:
        unlock.append("or a discount decision that points to the supplier's written agreement in the log "
                      "(minor defects only)")
    return closed(reasons, unlock)


def _lot_words(state, judged: Judgement) -> str:
    """' of the sorted lot of 2,700 (...)', or nothing for the order itself."""
    lot, words, _ = lot_in_question(state, judged.report)
    return f" of {words}" if lot is not None and judged.report.scope != "lot" else ""


def require_balance(gate: GateStatus, amount: Decimal) -> None:
    """Raise GateClosed unless the balance payments may stand: `gate` is the gate of the
    case with the payment of `amount` CNY in it (read once, in the write that records it)."""
    if not gate.open:
        raise GateClosed(gate.reasons, gate.unlock)
    if gate.committed_cny > gate.balance_due_cny:
        before = gate.committed_cny - amount
        raise GateClosed(
            [f"balance payments would total {fmt_cny(gate.committed_cny)}, more than the balance due "
             f"{fmt_cny(gate.balance_due_cny)} ({fmt_cny(before)} already requested or paid)"],
            [f"pay at most {fmt_cny(max(gate.balance_due_cny - before, Decimal(0)))}"],
        )
