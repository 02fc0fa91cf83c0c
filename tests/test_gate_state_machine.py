"""A state machine over one case, written to by two Workspace objects on the same folder.

Reports pass or fail by class, decisions come and go, the supplier agrees (or an entry is
corrected), quotes are taken and expire, balance payments are requested, paid, withdrawn.
A small oracle, written here from DOMAIN.md and independent of casefile.gate, says for each
balance payment whether the gate must let it through; the store must agree both ways.
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

from casefile import clock
from casefile.chain import verify_chain
from casefile.correspondence import EntryDraft
from casefile.errors import GateClosed
from casefile.ledger import payment_lines
from casefile.logbook import append_entry
from casefile.money import cny_to_ngn
from casefile.payments import RateQuote
from casefile.payments_ops import PaymentDraft, QuoteExpired, record_payment, record_quote, set_payment_status
from casefile.store import Workspace
from conftest import make_case
from gate_support import CRITICAL_FAIL, MAJOR_FAIL, MINOR_FAIL, PASS, add_report, decide

PO = "PO/2026/114"
BALANCE = Decimal("58800.00")  # 84,000 order, 25,200 deposit
ORDER = Decimal("84000.00")
QUANTITY = 3000
OUTCOMES = {"pass": PASS, "minor": MINOR_FAIL, "major": MAJOR_FAIL, "critical": CRITICAL_FAIL, "pending": PASS}
AMOUNTS = [Decimal(x) for x in ("0.01", "1000.00", "1000.00", "29400.00", "52920.00", "53760.00", "58800.00")]
START = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


@dataclass
class Entry:
    id: str
    agreement: bool  # from the supplier, in writing
    corrected: bool = False


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
        self.reports: list[tuple[date, int, str]] = []  # (date, order recorded, outcome)
        self.entries: list[Entry] = []
        self.decision: Decided | None = None
        self.committed: dict[str, Decimal] = {}  # balance payments requested or paid
        self.requests: list[str] = []
        self.quotes: list[RateQuote] = []

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

    def gate_open(self) -> bool:
        if self.decision is not None and self.decision.option == "cancel":
            return False
        if not self.reports:
            return False
        ordered = sorted(self.reports)
        for i, (_, _, outcome) in enumerate(ordered):
            if outcome in ("major", "critical") and not any(o == "pass" for _, _, o in ordered[i + 1:]):
                return False
        latest = ordered[-1][2]
        return latest == "pass" or (latest == "minor" and self._agreed())

    def allows(self, amount: Decimal) -> bool:
        return self.gate_open() and sum(self.committed.values(), Decimal(0)) + amount <= self.due()

    # -- rules ------------------------------------------------------------------
    @initialize(outcome=st.sampled_from(["pass", "minor", "major"]))
    def first_inspection(self, outcome):
        self.report(0, outcome, 0)

    # passes and minor failures are drawn more often, so the gate opens in many runs
    @rule(w=st.integers(0, 1), outcome=st.sampled_from(["pass", "pass", "minor", "minor", *OUTCOMES]),
          day=st.integers(0, 20))
    def report(self, w, outcome, day):
        on = date(2026, 11, 1) + timedelta(days=day)
        add_report(self.writers[w], PO, on, OUTCOMES[outcome],
                   verdict="pending" if outcome == "pending" else None)
        self.reports.append((on, len(self.reports), outcome))

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

    @rule(w=st.integers(0, 1), percent=st.sampled_from([Decimal("6"), Decimal("10")]))
    def supplier_agrees_to_discount(self, w, percent):
        """The discount route in one step: their written agreement, then the decision on it."""
        self.log(w, "agreement")
        entry = self.entries[-1]
        decide(self.writers[1 - w], PO, "discount", discount_percent=percent, agreement_entry_id=entry.id)
        self.decision = Decided("discount", percent, None, entry)

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
            return
        assert allowed, f"the gate let {amount} through past the rules"
        event("balance accepted (discount)" if self._agreed() else "balance accepted")
        self.committed[draft.id] = amount
        if status == "requested":
            self.requests.append(draft.id)

    @rule(w=st.integers(0, 1), amount=st.sampled_from(AMOUNTS), status=st.sampled_from(["requested", "paid"]),
          rate=st.integers(1, 10**8 - 1))  # below casefile.money.MAX_RATE, 10,000 NGN per CNY
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
                record_payment(self.writers[w], PO, PaymentDraft(kind="balance", cny=amount, quote_id=q.id))
            assert self.writers[w].load(PO).revision == before
            return
        self._pay(w, amount, "paid", quote_id=q.id)

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
        assert verify_chain(state.correspondence, state.history) is None


TestCaseMachine = CaseMachine.TestCase
TestCaseMachine.settings = settings(max_examples=80, stateful_step_count=30, deadline=None,
                                    suppress_health_check=[HealthCheck.too_slow])
TestCaseMachine = pytest.mark.slow(TestCaseMachine)
