"""ISO 2859-1:1999 clause 9: normal, tightened, reduced inspection and discontinuation.

Pure rules: a supplier's timeline in (first inspections of its lots, and what the user
recorded), the severity in force after each entry and at any date out, with the reason.
No I/O, no clock: the caller passes dates.

The rules, as ISO 2859-1:1999 states them (9.3, 9.4) and as applied here:
- Normal -> tightened: 2 lots out of 5 or fewer consecutive lots not accepted on original
  inspection (9.3.1). The window is the last 5 first inspections whatever severity they
  were on; it differs from "lots on normal only" just after a lot fails on reduced, where
  one more failure within 5 lots tightens (the more protective reading).
- Tightened -> normal: 5 consecutive lots accepted on original inspection (9.3.2).
- Tightened -> discontinued: the cumulative number of lots not accepted on original
  tightened inspection reaches 5 (9.4). Inspection resumes, on tightened, only once the
  supplier has acted to improve and the responsible authority (here: the user, recording
  the improvement) agrees. Lots inspected while discontinued move nothing.
- Normal -> reduced: the switching score is at least 30, production is steady and the
  responsible authority approves (9.3.3). Steady production and approval are one user
  switch (`ReducedInspection`); turning it off ends reduced inspection, as irregular
  production or "other conditions" do in 9.3.4. Reduced -> normal: a lot not accepted.
- The switching score (9.3.3.2, single sampling) starts at 0 whenever normal inspection
  starts and is updated after each lot on original normal inspection: for a plan with
  Ac >= 2, add 3 if the lot would have been accepted with the AQL one step tighter, else
  reset to 0; for Ac 0 or 1, add 2 if the lot is accepted, else reset to 0.
- Re-inspections of a resubmitted lot never count ("original inspection" throughout).

Sources checked (public transcriptions; the standard itself is not freely published):
the switching chart at sqconline.com/switching-rules-iso-2859-1 (2 of 5 -> tightened,
5 accepted -> normal, 5 not accepted on tightened -> discontinue, score >= 30 -> reduced,
1 not accepted -> normal); aqlrule.com/manual/switch.html (score set to 0 at the start of
normal inspection, updated after each lot on original normal inspection; the 9.4 text:
"cumulative number of lots not accepted in a sequence of consecutive lots on original
tightened inspection reaches 5 ... Tightened inspection shall then be used");
smbvalidation.com's FAQ quotes the same 9.4 text. The +3/+2 point values are those of
ISO 2859-1:1999 9.3.3.2 (GB/T 2828.1-2012 is identical); no public transcription of
that paragraph was found to check them against. Where sources differ we follow ISO 1999:
MIL-STD-105E discontinues after 10 lots on tightened (some guides, e.g. tradeaiders.com,
repeat that), and ANSI/ASQ Z1.4 / MIL-STD-105E switch to reduced on 10 accepted lots
under Table VIII limit numbers instead of the switching score.

ISO applies the rules to each class of nonconformity independently (9.1). The domain
keeps one severity per supplier, read on whole lots: a `LotOutcome` holds every class of
the lot, and the lot earns the fewest points any class earns (any reset resets). Pass
one class per outcome to get ISO's per-class reading from the same function.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casefile.rules.sampling_plans import SamplingPlan, one_step_tighter
from casefile.values.days import day_text
from casefile.values.text import Line

__all__ = [
    "BACK_TO_NORMAL",
    "DISCONTINUE_AT",
    "REDUCED_SCORE",
    "TIGHTEN_AT",
    "WINDOW",
    "ClassResult",
    "History",
    "ImprovementRecorded",
    "LotOutcome",
    "Reason",
    "ReducedInspection",
    "Status",
    "Step",
    "explain",
    "step",
    "switching_history",
]

WINDOW = 5  # 9.3.1: "2 out of 5 or fewer consecutive lots"
TIGHTEN_AT = 2
BACK_TO_NORMAL = 5  # 9.3.2: 5 consecutive lots accepted on tightened
DISCONTINUE_AT = 5  # 9.4: 5 lots not accepted on tightened
REDUCED_SCORE = 30  # 9.3.3.1 a)

Severity = Literal["normal", "tightened", "reduced", "discontinued"]
Kind = Literal["first", "re-inspection"]


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- what goes in ---------------------------------------------------------------------

class ClassResult(_Value):
    """One defect class of one lot, as far as the switching score needs it."""

    accept_number: int = Field(ge=0, strict=True)  # Ac of the plan the lot was judged by
    accepted: bool
    # Only asked when Ac >= 2 and the class was accepted (9.3.3.2 a) 1)).
    accepted_one_step_tighter: bool | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "ClassResult":
        if self.accepted_one_step_tighter and not self.accepted:
            raise ValueError(
                "accepted_one_step_tighter: a class that failed its own AQL cannot pass a tighter one"
            )
        if self.accept_number >= 2 and self.accepted and self.accepted_one_step_tighter is None:
            raise ValueError(
                f"accepted_one_step_tighter: the plan accepts {self.accept_number}, so the switching "
                "score needs to know whether the lot would also pass one AQL step tighter; "
                "build it with ClassResult.from_plan(plan, found)"
            )
        return self

    @classmethod
    def from_plan(cls, plan: SamplingPlan, found: int) -> "ClassResult":
        """From the plan the class was judged by and the defects found in its sample."""
        accepted = plan.passes(found)
        tighter = one_step_tighter(plan) if accepted and plan.accept >= 2 else None
        return cls(
            accept_number=plan.accept,
            accepted=accepted,
            accepted_one_step_tighter=None if tighter is None else found <= tighter[1],
        )

    @property
    def points(self) -> int | None:
        """What this class adds to the switching score; None resets it to 0."""
        if self.accept_number >= 2:
            return 3 if self.accepted_one_step_tighter else None
        return 2 if self.accepted else None


class LotOutcome(_Value):
    """A lot's inspection: which lot (e.g. its PO), when, and whether it was accepted.

    `accepted` is the lot's verdict as the app reads it (it may fail on a spec point while
    every class passes); a lot cannot be accepted while one of its classes failed.
    """

    lot: Line
    on: date
    accepted: bool
    classes: tuple[ClassResult, ...] = Field(min_length=1)
    kind: Kind = "first"

    @model_validator(mode="after")
    def _consistent(self) -> "LotOutcome":
        if self.accepted and not all(c.accepted for c in self.classes):
            raise ValueError(
                f"accepted: lot {self.lot} is marked accepted although one of its classes failed"
            )
        return self

    @classmethod
    def from_plans(
        cls,
        lot: str,
        on: date,
        results: Iterable[tuple[SamplingPlan, int]],
        *,
        kind: Kind = "first",
        accepted: bool | None = None,
    ) -> "LotOutcome":
        """From each class's plan and defects found. `accepted` defaults to every class
        passing; pass False when the lot fails otherwise (a spec point, the inspector)."""
        classes = tuple(ClassResult.from_plan(plan, found) for plan, found in results)
        if accepted is None:
            accepted = all(c.accepted for c in classes)
        return cls(lot=lot, on=on, accepted=accepted, classes=classes, kind=kind)

    @property
    def points(self) -> int | None:
        """The lot's switching-score points: the fewest any class earns; None resets."""
        if not self.accepted:
            return None
        points = [c.points for c in self.classes]
        return None if None in points else min(points)


class ImprovementRecorded(_Value):
    """The user recorded that the supplier acted to improve (lifts a discontinuation)."""

    on: date
    by: Line | None = None  # who recorded it, for the words
    reason: Line | None = None  # what the supplier did, as the user put it


class ReducedInspection(_Value):
    """The workspace switch for reduced inspection, turned on or off on a date.

    On means production is steady and the user approves reduced inspection (9.3.3 b, c).
    """

    on: date
    allowed: bool


Entry = LotOutcome | ImprovementRecorded | ReducedInspection


# --- what comes out -------------------------------------------------------------------

Trigger = Literal[
    "start",  # normal since the beginning
    "rejections",  # normal -> tightened: `rejected` of the last `out_of` lots
    "accepted-run",  # tightened -> normal: 5 lots in a row accepted
    "discontinued",  # tightened -> discontinued: 5 lots not accepted on tightened
    "improvement",  # discontinued -> tightened: the user recorded an improvement
    "score",  # normal -> reduced: switching score reached 30 with the switch on
    "rejected-on-reduced",  # reduced -> normal: a lot not accepted
    "reduced-off",  # reduced -> normal: the user switched reduced inspection off
]


class Reason(_Value):
    """Why the severity is what it is: the switch that set it, with its figures."""

    trigger: Trigger
    since: date | None = None  # None only for "start"
    lot: str | None = None  # the lot that made the switch (None when a user action did)
    rejected: int = 0  # "rejections", "discontinued": lots not accepted that counted
    out_of: int = 0  # "rejections": over that many consecutive lots
    score: int = 0  # "score": the switching score when reduced began
    by: str | None = None  # "improvement": who recorded it
    switched_on: date | None = None  # "score": since when the reduced-inspection switch was on


class Status(_Value):
    """The severity in force, why, and the counters that will move it next."""

    severity: Severity
    reason: Reason
    score: int = 0  # the switching score (on normal inspection; 0 otherwise)
    recent: tuple[bool, ...] = ()  # accepted? for the last first inspections, at most 5
    accepted_in_a_row: int = 0  # on tightened: towards 5, back to normal
    not_accepted_on_tightened: int = 0  # on tightened: towards 5, discontinued
    reduced_allowed: bool = False
    reduced_on_since: date | None = None  # the day the switch was last turned on, while it is on

    @property
    def plan_severity(self) -> str:
        """The severity for `casefile.rules.sampling_plans.sampling_plan`: a discontinued supplier's lots
        are inspected on tightened until the improvement is recorded."""
        return "tightened" if self.severity == "discontinued" else self.severity


class Step(_Value):
    """One first inspection: the status it was inspected under, and the status after."""

    lot: LotOutcome
    before: Status
    after: Status


START = Status(severity="normal", reason=Reason(trigger="start"))


class History(_Value):
    """A supplier's switching history. `severity_on(d)` answers for a lot inspected on d."""

    steps: tuple[Step, ...]
    dates: tuple[date, ...]  # one per entry, in order
    statuses: tuple[Status, ...]  # the status after each entry

    @property
    def current(self) -> Status:
        return self.statuses[-1] if self.statuses else START

    def severity_on(self, day: date) -> Status:
        """The status in force for a first inspection on `day`: after every entry dated
        on or before it (a report recorded now comes after those of the same day)."""
        i = bisect.bisect_right(self.dates, day)
        return self.statuses[i - 1] if i else START


# --- the rules ------------------------------------------------------------------------

def switching_history(entries: Iterable[Entry]) -> History:
    """Apply clause 9 to a supplier's timeline.

    Entries are read in date order, ties in the order given (the order they were
    recorded). Re-inspections are skipped: only original inspections count.
    """
    timeline = sorted(entries, key=lambda e: e.on)  # stable: ties keep the given order
    status = START
    steps: list[Step] = []
    dates: list[date] = []
    statuses: list[Status] = []
    for entry in timeline:
        after = step(status, entry)
        if after is None:
            continue
        if isinstance(entry, LotOutcome):
            steps.append(Step(lot=entry, before=status, after=after))
        status = after
        dates.append(entry.on)
        statuses.append(status)
    return History(steps=tuple(steps), dates=tuple(dates), statuses=tuple(statuses))


def step(status: Status, entry: Entry) -> Status | None:
    """The status after `entry`, from `status` before it; None for an entry that moves
    nothing and is not counted (a re-inspection). The one rule `switching_history` applies
    entry by entry, for a caller that keeps a timeline of its own
    (casefile/rules/supplier_switching.py `Timeline`)."""
    if isinstance(entry, LotOutcome):
        return _after_lot(status, entry) if entry.kind == "first" else None
    if isinstance(entry, ImprovementRecorded):
        return _after_improvement(status, entry)
    if isinstance(entry, ReducedInspection):
        return _after_switch(status, entry)
    raise TypeError(f"not a switching entry: {type(entry).__name__}")


def _after_lot(s: Status, lot: LotOutcome) -> Status:
    recent = (s.recent + (lot.accepted,))[-WINDOW:]
    if s.severity == "discontinued":  # acceptance under the scheme is suspended (9.4)
        return s.model_copy(update={"recent": recent})
    if s.severity == "tightened":
        return _on_tightened(s, lot, recent)
    if s.severity == "reduced":
        if lot.accepted:
            return s.model_copy(update={"recent": recent})
        return _normal(s, Reason(trigger="rejected-on-reduced", since=lot.on, lot=lot.lot), recent)
    return _on_normal(s, lot, recent)


def _on_normal(s: Status, lot: LotOutcome, recent: tuple[bool, ...]) -> Status:
    rejected = recent.count(False)
    if not lot.accepted and rejected >= TIGHTEN_AT:
        out_of = len(recent) - recent.index(False)
        reason = Reason(trigger="rejections", since=lot.on, lot=lot.lot, rejected=rejected, out_of=out_of)
        return Status(severity="tightened", reason=reason, recent=recent, reduced_allowed=s.reduced_allowed,
                      reduced_on_since=s.reduced_on_since)
    points = lot.points
    score = 0 if points is None else s.score + points
    if s.reduced_allowed and score >= REDUCED_SCORE:
        reason = Reason(trigger="score", since=lot.on, lot=lot.lot, score=score, switched_on=s.reduced_on_since)
        return Status(severity="reduced", reason=reason, recent=recent, reduced_allowed=True,
                      reduced_on_since=s.reduced_on_since)
    return s.model_copy(update={"score": score, "recent": recent})


def _on_tightened(s: Status, lot: LotOutcome, recent: tuple[bool, ...]) -> Status:
    if lot.accepted:
        in_a_row = s.accepted_in_a_row + 1
        if in_a_row >= BACK_TO_NORMAL:
            return _normal(s, Reason(trigger="accepted-run", since=lot.on, lot=lot.lot), recent)
        return s.model_copy(update={"accepted_in_a_row": in_a_row, "recent": recent})
    failed = s.not_accepted_on_tightened + 1
    if failed >= DISCONTINUE_AT:
        reason = Reason(trigger="discontinued", since=lot.on, lot=lot.lot, rejected=failed)
        return Status(
            severity="discontinued", reason=reason, recent=recent,
            not_accepted_on_tightened=failed, reduced_allowed=s.reduced_allowed,
            reduced_on_since=s.reduced_on_since,
        )
    return s.model_copy(update={"accepted_in_a_row": 0, "not_accepted_on_tightened": failed, "recent": recent})


def _normal(s: Status, reason: Reason, recent: tuple[bool, ...]) -> Status:
    """Normal inspection starts again: the switching score starts again at 0 (9.3.3.2)."""
    return Status(severity="normal", reason=reason, recent=recent, reduced_allowed=s.reduced_allowed,
                  reduced_on_since=s.reduced_on_since)


def _after_improvement(s: Status, event: ImprovementRecorded) -> Status:
    if s.severity != "discontinued":
        return s  # nothing to lift
    return Status(
        severity="tightened", reason=Reason(trigger="improvement", since=event.on, by=event.by),
        recent=s.recent, reduced_allowed=s.reduced_allowed, reduced_on_since=s.reduced_on_since,
    )


def _after_switch(s: Status, event: ReducedInspection) -> Status:
    since = (s.reduced_on_since or event.on) if event.allowed else None  # on again keeps the first day
    s = s.model_copy(update={"reduced_allowed": event.allowed, "reduced_on_since": since})
    if not event.allowed and s.severity == "reduced":
        return _normal(s, Reason(trigger="reduced-off", since=event.on), s.recent)
    if event.allowed and s.severity == "normal" and s.score >= REDUCED_SCORE:
        reason = Reason(trigger="score", since=event.on, score=s.score, switched_on=since)
        return Status(severity="reduced", reason=reason, recent=s.recent, reduced_allowed=True, reduced_on_since=since)
    return s


# --- in words -------------------------------------------------------------------------

def explain(status: Status, today: date | None = None) -> str:
    """One sentence: the severity and why, e.g. "tightened since HD-2603 on 1 Oct: 2 of
    the last 3 lots rejected". Dates leave out the year when it is `today`'s year.
    Plain text: lot references are data, so a screen shows it without markup."""
    r = status.reason
    since = ""
    if r.since is not None:
        since = f" since {r.lot} on {day_text(r.since, today)}" if r.lot else f" since {day_text(r.since, today)}"
    head = f"{status.severity}{since}"
    if r.trigger == "start":
        text = f"normal: {_window(status.recent)}"
    elif r.trigger == "rejections":
        if r.rejected == r.out_of:
            text = f"{head}: {r.rejected} lots in a row rejected"
        else:
            text = f"{head}: {r.rejected} of the last {r.out_of} lots rejected"
    elif r.trigger == "accepted-run":
        text = f"{head}: {BACK_TO_NORMAL} lots in a row accepted on tightened"
    elif r.trigger == "discontinued":
        text = (
            f"{head}: {r.rejected} lots not accepted on tightened; record the supplier's "
            "improvement to resume (on tightened)"
        )
    elif r.trigger == "improvement":
        text = f"{head}: improvement recorded" + (f" by {r.by}" if r.by else "")
    elif r.trigger == "score":
        switched = f", reduced inspection on since {day_text(r.switched_on, today)}" if r.switched_on else ""
        text = f"{head}: switching score {r.score}{switched}"
    elif r.trigger == "rejected-on-reduced":
        text = f"{head}: a lot was not accepted on reduced inspection"
    else:  # "reduced-off"
        text = f"{head}: reduced inspection was switched off"
    return text + _progress(status)


def _window(recent: tuple[bool, ...]) -> str:
    n, rejected = len(recent), recent.count(False)
    if n == 0:
        return "no earlier lot of this supplier on record"
    if n == 1:
        return "the one lot inspected so far was " + ("accepted" if recent[0] else "rejected")
    if rejected == 0:
        return f"no lot rejected in the last {n}"
    return f"{rejected} of the last {n} lots rejected"


def _progress(s: Status) -> str:
    """What would move the severity next, where the user can act on it."""
    if s.severity == "tightened":
        parts = []
        if s.accepted_in_a_row:
            parts.append(f"{s.accepted_in_a_row} of {BACK_TO_NORMAL} accepted in a row towards normal")
        if s.not_accepted_on_tightened:
            parts.append(f"{s.not_accepted_on_tightened} of {DISCONTINUE_AT} not accepted towards discontinuation")
        return "".join(f"; {p}" for p in parts)
    if s.severity == "normal" and s.reduced_allowed:
        return f"; switching score {s.score} of {REDUCED_SCORE} for reduced"
    return ""


