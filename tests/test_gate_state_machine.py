"""A state machine over one case, written to by two Workspace objects on the same folder.

Reports pass or fail by class, with dates (some after today), sample and lot sizes (some
under-sampled, some of the wrong lot or of the sorted lot), inspector verdicts and spec
results; the agreed standard is edited (with or without a reason); decisions come and go,
the supplier agrees (or an entry is corrected), quotes are taken and expire, balance and
re-inspection fee payments are requested, paid, withdrawn.
A small oracle, written here from DOMAIN.md ("Which reports count") and independent of
casefile.rules.gate and casefile.rules.judgement (it uses only the ISO 2859-1 tables), says for each
balance payment whether the gate must let it through and for each fee payment whether it
fits the agreed fee; the store must agree both ways.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from casefile.values import clock
from casefile.actions.edit import edit_case
from casefile.actions.note import append_entry
from casefile.actions.pay import PaymentDraft, QuoteExpired, record_payment, record_quote, set_payment_status
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft
from casefile.records.payment import RateQuote
from casefile.rules.gate import balance_gate
from casefile.rules.payment_lines import payment_lines
from casefile.rules.sampling_plans import sampling_plan
from casefile.values.errors import GateClosed, InputError
from casefile.values.money import cny_to_ngn
from conftest import examples, make_case
from gate_support import CRITICAL_FAIL, MAJOR_FAIL, MINOR_FAIL, PASS, add_report, decide

pytest_plugins = ["figures"]
PO = "PO/2026/114"
BALANCE = Decimal("58800.00")  # 84,000 order, 25,200 deposit
ORDER = Decimal("84000.00")
QUANTITY = 3000
OUTCOMES = {"pass": PASS, "minor": MINOR_FAIL, "major": MAJOR_FAIL, "critical": CRITICAL_FAIL, "pending": PASS,
            "clean": dict(critical=0, major=0, minor=0)}
CLASSES = ("critical", "major", "minor")
FEE = Decimal("2100.00")  # the conftest case's agreed re-inspection fee
# (lot, sample, scope): the order (drawn most), under-sampled, a wrong lot, the sorted lots of 300
# and 1,500 out, and a "sorted lot" that is the whole order
LOTS = [*[(3000, 125, "lot")] * 6, (3000, 80, "lot"), (3000, 2, "lot"), (10, 2, "lot"), (10, 10, "lot"),
        (2700, 125, "sorted-lot"), (1500, 125, "sorted-lot"), (3000, 125, "sorted-lot")]
SPECS = [None, None, None, "conforms", "S1", "G1"]  # the spec point that does not conform, if any
STATS: dict[str, int] = {}
AMOUNTS = [Decimal(x) for x in ("0.01", "1000.00", "1000.00", "29400.00", "52920.00", "53760.00", "58800.00")]
START = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


@dataclass
class Entry:
    id: str
    agreement: bool  # from the supplier, in writing
    corrected: bool = False


@dataclass
class Inspection:
    day: date
    order: int  # recorded order: ties on a date go by it
    counts: dict
    lot: int
    sample: int
    scope: str
    verdict: str
    spec: str | None  # the point that does not conform
    standard: dict  # the AQL terms in force when it was recorded


@dataclass
class Decided:
    option: str
    percent: Decimal | None
    units: int | None
    entry: Entry | None


class CaseMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="gate-sm-"))
        self.now = START
        self._real_now = clock.now
        clock.now = lambda: self.now
        self.writers = [Workspace.open(self.tmp / "ws"), None]
        self.writers[1] = Workspace.open(self.tmp / "ws")  # a second user on the same folder
        self.writers[0].create(make_case(PO))
        self.reports: list[Inspection] = []
        self.standard = {"critical": "0", "major": "2.5", "minor": "4.0", "level": "II"}
        self.fee = FEE
        self.fees: dict[str, Decimal] = {}  # fee payments requested or paid
        self.entries: list[Entry] = []
        self.decision: Decided | None = None
        self.decisions: list[Decided] = []
        self.committed: dict[str, Decimal] = {}  # balance payments requested or paid
        self.requests: list[str] = []
        self.quotes: list[RateQuote] = []
        self.turn = -1  # each_flaw_in_turn's last flaw

    def teardown(self) -> None:
        clock.now = self._real_now
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- the oracle -----------------------------------------------------------
    def _agreed(self) -> bool:
        d = self.decision
        return (d is not None and d.option == "discount" and d.percent is not None
                and d.entry is not None and d.entry.agreement and not d.entry.corrected)

    def due(self) -> Decimal:
        d = self.decision
        if d is not None and d.option == "cancel":
            return Decimal(0)
        if d is not None and d.option == "sort" and d.units:
            return (BALANCE * (QUANTITY - d.units) / QUANTITY).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if self._agreed():
            return BALANCE - (ORDER * self.decision.percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return BALANCE

    # A report as DOMAIN.md reads it, by the ISO 2859-1 tables and nothing of casefile.rules.judgement.
    def _plans(self, r: Inspection):
        return {c: sampling_plan(r.lot, r.standard[c], r.standard["level"]) for c in CLASSES}

    def _serious(self, r: Inspection) -> bool:
        plans = self._plans(r)
        return any(r.counts[c] >= plans[c].reject for c in ("critical", "major"))

    def _valid(self, r: Inspection) -> bool:
        if r.verdict == "pending":
            return False
        if r.day > (self.now + timedelta(hours=14)).date():  # dated after today anywhere
            return False
        if r.sample < max(p.sample_size for p in self._plans(r).values()):  # under-sampled
            return False
        if r.scope == "lot":
            return r.lot == QUANTITY
        sort = next((d for d in reversed(self.decisions) if d.option == "sort" and d.units), None)
        return sort is not None and r.lot == QUANTITY - sort.units

    def _passes(self, r: Inspection) -> bool:
        plans = self._plans(r)
        return (self._valid(r) and all(r.counts[c] <= plans[c].accept for c in CLASSES)
                and r.spec in (None, "conforms") and r.verdict != "fail")

    def gate_open(self) -> bool:
        if self.decision is not None and self.decision.option == "cancel":
            return False
        if not self.reports:
            return False
        ordered = sorted(self.reports, key=lambda r: (r.day, r.order))
        for i, r in enumerate(ordered):
            if self._serious(r) and not any(self._passes(later) for later in ordered[i + 1:]):
                return False
        latest = ordered[-1]
        return self._passes(latest) or (self._agreed() and self._valid(latest) and not self._serious(latest))

    def allows(self, amount: Decimal) -> bool:
        return self.gate_open() and sum(self.committed.values(), Decimal(0)) + amount <= self.due()

    # -- rules ------------------------------------------------------------------
    @initialize(outcome=st.sampled_from(["pass", "minor", "major"]))
    def first_inspection(self, outcome):
        self.report(0, outcome, 0, LOTS[0], "auto", None)

    # Passes and minor failures are drawn more often, so the gate opens in many runs; days
    # from today: mostly past, sometimes today, tomorrow (today already east of UTC) or later.
    @rule(w=st.integers(0, 1), outcome=st.sampled_from(["pass", "pass", "minor", "minor", *OUTCOMES]),
          day=st.sampled_from([-9, -6, -3, -2, -1, -1, 0, 0, 1, 2, 30]), lot=st.sampled_from(LOTS),
          verdict=st.sampled_from(["auto", "auto", "auto", "pass", "fail"]), spec=st.sampled_from(SPECS))
    def report(self, w, outcome, day, lot, verdict, spec):
        on = self.now.date() + timedelta(days=day)
        lot_size, sample, scope = lot
        counts = {c: min(n, sample) for c, n in OUTCOMES[outcome].items()}
        verdict = "pending" if outcome == "pending" else None if verdict == "auto" else verdict
        checks = [{"point": spec or "S1", "kind": "golden-sample" if spec == "G1" else "spec",
                   "result": "conforms" if spec == "conforms" else "does-not-conform"}] if spec else []
        stored = add_report(self.writers[w], PO, on, counts, verdict=verdict, lot_size=lot_size, sample_size=sample,
                            scope=scope, spec_checks=checks)
        self.reports.append(Inspection(on, len(self.reports), counts, lot_size, sample, scope, stored.verdict,
                                       spec, dict(self.standard)))

    # A re-inspection that would open the gate but for one flaw: each rule of "Which reports count"
    # on its own, so a gate that skipped one would be caught in a few steps.
    FLAWS = {
        None: ((3000, 125, "lot"), "auto", None, 0),
        "under-sampled": ((3000, 20, "lot"), "auto", None, 0),  # below the plan at level I and II
        "wrong lot": ((10, 10, "lot"), "auto", None, 0),
        "dated after today": ((3000, 125, "lot"), "auto", None, 2),
        "a spec point fails": ((3000, 125, "lot"), "auto", "S1", 0),
        "a golden point fails": ((3000, 125, "lot"), "auto", "G1", 0),
        "the inspector failed it": ((3000, 125, "lot"), "fail", None, 0),
        "the sorted lot": ((2700, 125, "sorted-lot"), "auto", None, 0),
    }

    @rule(w=st.integers(0, 1), flaw=st.sampled_from([None, *FLAWS]),
          found=st.sampled_from(["clean", "clean", "clean", "minor", "major"]), inspector_passes=st.booleans())
    def reinspection(self, w, flaw, found, inspector_passes):
        lot, verdict, spec, day = self.FLAWS[flaw]
        if verdict == "auto" and inspector_passes:
            verdict = "pass"  # whatever the counts say: inspectors pass failed lots too
        self.report(w, found, day, lot, verdict, spec)
        event(f"re-inspection: {flaw or 'no flaw'}")
        # the attack: ask for the balance straight away (the other writer, from its own view)
        self._pay(1 - w, Decimal("0.01"), "requested", rate=Decimal("215.5"))

    @rule(w=st.integers(0, 1))
    def each_flaw_in_turn(self, w):
        """The flaws in turn, clean counts: every run meets several of them whatever it draws."""
        flaws = list(self.FLAWS)
        self.turn = (self.turn + 1) % len(flaws)
        self.reinspection(w, flaws[self.turn], "clean", False)

    @rule(w=st.integers(0, 1), major=st.sampled_from(["1000", "0.65"]), level=st.sampled_from(["II", "I"]))
    def change_the_standard_then_pay(self, w, major, level):
        """The attack of the issue: loosen (or tighten) the standard, then ask for the balance."""
        self.edit_standard(w, major, level, "the supplier asked", False)
        self._pay(1 - w, Decimal("0.01"), "requested", rate=Decimal("215.5"))

    @rule(w=st.integers(0, 1), flaw=st.sampled_from(["under-sampled", "wrong lot"]))
    def failure_in_a_bad_report_then_discount(self, w, flaw):
        """A critical or major failure in a report that does not count still stands: a later
        minor failure settled by a discount must not open the gate past it."""
        lot, _, _, _ = self.FLAWS[flaw]
        self.report(w, "major", 0, lot, "fail", None)
        self.report(w, "minor", 0, LOTS[0], "auto", None)
        self.supplier_agrees_to_discount(1 - w, Decimal("6"), True)

    @rule(w=st.integers(0, 1), major=st.sampled_from(["2.5", "1000", "0.65"]), level=st.sampled_from(["II", "I"]),
          reason=st.sampled_from(["", "call with the supplier"]), then_pay=st.booleans())
    def edit_standard(self, w, major, level, reason, then_pay):
        """Edit the standard after reports: a change needs a reason, and never re-judges them."""
        changed = (major, level) != (self.standard["major"], self.standard["level"])
        try:
            edit_case(self.writers[w], PO, {"aql": {"major": major, "level": level}}, reason)
        except InputError as exc:
            assert changed and not reason and str(exc).startswith("reason: "), exc
            event("standard edit without a reason refused")
            return
        assert not changed or reason, "the standard changed without a reason"
        self.standard.update(major=major, level=level)
        if changed:
            event("standard edited")
        if then_pay:
            self._pay(1 - w, Decimal("0.01"), "requested", rate=Decimal("215.5"))

    @rule(w=st.integers(0, 1), kind=st.sampled_from(["agreement", "plain reply", "ours", "note"]))
    def log(self, w, kind):
        direction = {"agreement": "from-supplier", "plain reply": "from-supplier", "ours": "to-supplier",
                     "note": "internal"}[kind]
        entry = EntryDraft(direction=direction, subject=kind, written_agreement=kind == "agreement")
        append_entry(self.writers[w], PO, entry)
        self.entries.append(Entry(entry.id, kind == "agreement"))

    @rule(w=st.integers(0, 1), data=st.data())
    def correct(self, w, data):
        if not self.entries:
            return
        target = data.draw(st.sampled_from(self.entries))
        fix = EntryDraft(direction="from-supplier", subject="correction", corrects=target.id)
        append_entry(self.writers[w], PO, fix)
        target.corrected = True
        self.entries.append(Entry(fix.id, False))

    @rule(w=st.integers(0, 1), option=st.sampled_from(["rework", "sort", "discount", "replace", "cancel"]),
          percent=st.sampled_from([None, Decimal("6"), Decimal("10")]), units=st.sampled_from([300, 1500]),
          data=st.data())
    def decide(self, w, option, percent, units, data):
        entry = data.draw(st.sampled_from([None, *self.entries]))
        terms = {}
        if option == "discount" and percent is not None:
            terms["discount_percent"] = percent
        if entry is not None:
            terms["agreement_entry_id"] = entry.id
        if option == "sort":
            terms["units"] = units
        decide(self.writers[w], PO, option, **terms)
        self.decision = Decided(option, terms.get("discount_percent"), terms.get("units"), entry)
        self.decisions.append(self.decision)

    @rule(w=st.integers(0, 1), percent=st.sampled_from([Decimal("6"), Decimal("10")]), then_pay=st.booleans())
    def supplier_agrees_to_discount(self, w, percent, then_pay):
        """The discount route in one step: their written agreement, then the decision on it."""
        self.log(w, "agreement")
        entry = self.entries[-1]
        decide(self.writers[1 - w], PO, "discount", discount_percent=percent, agreement_entry_id=entry.id)
        self.decision = Decided("discount", percent, None, entry)
        self.decisions.append(self.decision)
        if then_pay:
            self._pay(w, Decimal("0.01"), "requested", rate=Decimal("215.5"))

    @rule(hours=st.integers(1, 48))
    def time_passes(self, hours):
        self.now += timedelta(hours=hours)

    @rule(w=st.integers(0, 1), rate=st.integers(1, 10**7), valid_hours=st.integers(1, 24))
    def quote(self, w, rate, valid_hours):
        q = RateQuote(rate=Decimal(rate) / 10**4, quoted_by="FX desk", expires_at=self.now + timedelta(hours=valid_hours),
                      recorded_by="tester")
        record_quote(self.writers[w], PO, q)
        self.quotes.append(q)

    def _pay(self, w, amount, status, **rate):
        draft = PaymentDraft(kind="balance", cny=amount, status=status, receipt="R", **rate)
        allowed = self.allows(amount)
        try:
            record_payment(self.writers[w], PO, draft)
        except GateClosed:
            assert not allowed, f"the gate refused {amount} that the rules allow"
            event("balance refused")
            STATS["balance refused"] = STATS.get("balance refused", 0) + 1
            return
        assert allowed, f"the gate let {amount} through past the rules"
        event("balance accepted (discount)" if self._agreed() else "balance accepted")
        STATS["balance accepted"] = STATS.get("balance accepted", 0) + 1
        self.committed[draft.id] = amount
        if status == "requested":
            self.requests.append(draft.id)

    @rule(w=st.integers(0, 1), amount=st.sampled_from(AMOUNTS), status=st.sampled_from(["requested", "paid"]),
          rate=st.integers(1, 10**8 - 1))  # below casefile.values.money.MAX_RATE, 10,000 NGN per CNY
    def pay_at_rate(self, w, amount, status, rate):
        self._pay(w, amount, status, rate=Decimal(rate) / 10**4)

    @rule(w=st.integers(0, 1), over=st.sampled_from([Decimal("0"), Decimal("0.01")]))
    def pay_the_rest(self, w, over):
        """Right at the cap: what is still due, or one fen more."""
        rest = self.due() - sum(self.committed.values(), Decimal(0)) + over
        if rest > 0:
            self._pay(w, rest, "paid", rate=Decimal("215.5"))

    @rule(w=st.integers(0, 1), amount=st.sampled_from(AMOUNTS), data=st.data())
    def pay_with_quote(self, w, amount, data):
        if not self.quotes:
            return
        q = data.draw(st.sampled_from(self.quotes))
        if q.expired(self.now):
            before = self.writers[w].load(PO).revision
            with pytest.raises(QuoteExpired):
                record_payment(self.writers[w], PO, PaymentDraft(kind="balance", cny=amount, quote_id=q.id,
                                                                 receipt="R"))
            assert self.writers[w].load(PO).revision == before
            return
        self._pay(w, amount, "paid", quote_id=q.id)

    @rule(w=st.integers(0, 1), amount=st.sampled_from([Decimal("500.00"), Decimal("1600.00"), Decimal("2100.00"),
                                                       Decimal("999999.00")]),
          status=st.sampled_from(["requested", "paid"]))
    def pay_fee(self, w, amount, status):
        draft = PaymentDraft(kind="reinspection-fee", cny=amount, status=status, receipt="F", rate="215.5")
        fits = sum(self.fees.values(), Decimal(0)) + amount <= self.fee
        try:
            record_payment(self.writers[w], PO, draft)
        except InputError as exc:
            assert not fits and "more than the agreed fee" in str(exc), exc
            event("fee over the agreed fee refused")
            return
        assert fits, f"a fee of {amount} went out past the agreed {self.fee}"
        self.fees[draft.id] = amount

    @rule(w=st.integers(0, 1), fee=st.sampled_from([Decimal("1000.00"), Decimal("2100.00"), Decimal("4200.00")]))
    def edit_fee(self, w, fee):
        try:
            edit_case(self.writers[w], PO, {"reinspection_fee_cny": str(fee)}, "inspector's new quote")
        except InputError as exc:
            assert fee < sum(self.fees.values(), Decimal(0)), exc
            return
        self.fee = fee

    @rule(w=st.integers(0, 1), to=st.sampled_from(["paid", "withdrawn"]), data=st.data())
    def settle_request(self, w, to, data):
        if not self.requests:
            return
        pid = data.draw(st.sampled_from(self.requests))
        allowed = to == "withdrawn" or (self.gate_open() and sum(self.committed.values(), Decimal(0)) <= self.due())
        try:
            set_payment_status(self.writers[w], PO, pid, to)
        except GateClosed:
            assert not allowed, "paying a request was refused although the rules allow it"
            return
        assert allowed, "a requested balance was paid past a closed gate"
        self.requests.remove(pid)
        if to == "withdrawn":
            del self.committed[pid]

    # -- invariants, read fresh by the other writer ---------------------------------
    @invariant()
    def stored_money_agrees(self):
        state = self.writers[1].load(PO)
        for p in state.payments:
            assert p.ngn == cny_to_ngn(p.cny, p.rate)
        live = [x for x in payment_lines(state) if x.payment.kind == "balance" and x.status in ("requested", "paid")]
        assert sum((x.payment.cny for x in live), Decimal(0)) == sum(self.committed.values(), Decimal(0))
        assert sum((x.payment.cny for x in live), Decimal(0)) <= BALANCE
        fees = [x for x in payment_lines(state) if x.payment.kind == "reinspection-fee" and x.status in ("requested", "paid")]
        assert sum((x.payment.cny for x in fees), Decimal(0)) <= state.case.reinspection_fee_cny == self.fee
        assert state.integrity.ok and state.integrity.sealed  # every write sealed what it appended
        STATS["steps"] = STATS.get("steps", 0) + 1

    @invariant()
    def the_gate_agrees_with_the_oracle(self):
        """Not only when a payment is tried: after every step, as the ledger screen shows it."""
        gate = balance_gate(self.writers[0].load(PO))
        assert gate.open == self.gate_open(), f"the gate is {'open' if gate.open else 'shut'}: {gate.reasons}"
        assert gate.balance_due_cny == self.due()


TestCaseMachine = CaseMachine.TestCase
# 40 runs of 30 steps on CI (the whole suite within 10 minutes on 2 cores); CASEFILE_THOROUGH=1: 400
TestCaseMachine.settings = settings(max_examples=examples(ci=40, thorough=400), stateful_step_count=30, deadline=None,
                                    suppress_health_check=[HealthCheck.too_slow])
TestCaseMachine = pytest.mark.slow(TestCaseMachine)


def test_the_machines_figures(figure):
    """Printed in the summary (run after the machine, in file order)."""
    if STATS:
        figure(f"gate state machine: {STATS.get('steps', 0)} checked steps; balance payments tried "
               f"{STATS.get('balance accepted', 0) + STATS.get('balance refused', 0)}: "
               f"{STATS.get('balance accepted', 0)} accepted, {STATS.get('balance refused', 0)} refused, "
               "every one as the oracle said")
