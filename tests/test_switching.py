"""ISO 2859-1:1999 clause 9 switching rules (casefile.rules.switching), per supplier.

Rules and sources are in casefile/rules/switching.py's docstring: sqconline.com's switching chart,
aqlrule.com's switching procedures (score reset at the start of normal, the 9.4 text),
smbvalidation.com's FAQ (9.4). Where guides repeat MIL-STD-105E (discontinue after 10 on
tightened; reduced after 10 accepted lots and limit numbers) we follow ISO 1999, and the
tests below pin the ISO figures: 2 of 5, 5 accepted, 5 not accepted, score 30.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from casefile.rules.sampling_plans import one_step_tighter, sampling_plan
from casefile.rules.switching import (
    ClassResult,
    ImprovementRecorded,
    LotOutcome,
    ReducedInspection,
    explain,
    switching_history,
)
from conftest import examples

DAY0 = date(2026, 9, 30)
TODAY = date(2026, 12, 1)


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def lot(n: int, accepted: bool, *, ac: int = 7, tighter: bool | None = None, kind: str = "first") -> LotOutcome:
    """Lot HD-26nn inspected on day n; an accepted Ac>=2 lot passes one step tighter unless told."""
    if accepted and ac >= 2 and tighter is None:
        tighter = True
    return LotOutcome(
        lot=f"HD-26{n:02d}", on=day(n), accepted=accepted, kind=kind,
        classes=(ClassResult(accept_number=ac, accepted=accepted,
                             accepted_one_step_tighter=tighter if accepted and ac >= 2 else None),),
    )


def run(pattern: str, start: int = 1, **kw) -> list[LotOutcome]:
    """'AARA' -> lots on consecutive days: A accepted, R not accepted."""
    return [lot(start + i, c == "A", **kw) for i, c in enumerate(pattern)]


def severity(entries) -> str:
    return switching_history(entries).current.severity


SWITCH_ON = ReducedInspection(on=day(0), allowed=True)


# --- the table reading the switching score needs ----------------------------------------

def test_one_step_tighter_reads_the_same_row():
    plan = sampling_plan(3000, "2.5")  # K, n=125, 7/8
    assert one_step_tighter(plan) == (Decimal("1.5"), 5)  # K @ 1.5 is 5/6


def test_one_step_tighter_keeps_the_sample_after_an_arrow():
    # K @ 15 is an up arrow to J (n=80, 21/22); one step tighter for THAT sample is J @ 10
    # (14/15), not K @ 10 (21/22 with n=125), which is a different sample.
    plan = sampling_plan(3000, "15")
    assert (plan.plan_letter, plan.sample_size, plan.accept) == ("J", 80, 21)
    assert one_step_tighter(plan) == (Decimal("10"), 14)
    assert sampling_plan(3000, "10").accept == 21


@pytest.mark.parametrize("aql", ["0", "0.10"])
def test_one_step_tighter_has_no_answer_for_zero_tolerance_or_an_arrow(aql):
    assert one_step_tighter(sampling_plan(3000, aql)) is None  # K @ 0.065 is an arrow


def test_one_step_tighter_has_no_answer_left_of_the_first_column():
    assert one_step_tighter(sampling_plan(600_000, "0.010", "III")) is None


# --- the switching score's inputs --------------------------------------------------------

@pytest.mark.parametrize(("found", "points"), [(0, 3), (5, 3), (6, None), (7, None), (8, None)])
def test_class_points_for_an_ac_7_plan(found, points):
    # K @ 2.5: Ac 7; one step tighter Ac 5. 9.3.3.2 a) 1): +3 only if it passes at Ac 5.
    assert ClassResult.from_plan(sampling_plan(3000, "2.5"), found).points == points


@pytest.mark.parametrize(("aql", "found", "points"), [("0", 0, 2), ("0", 1, None), ("0.40", 1, 2), ("0.40", 2, None)])
def test_class_points_for_ac_0_and_1_plans(aql, found, points):
    plan = sampling_plan(3000, aql)  # critical 0: 0/1; K @ 0.40: 1/2
    assert plan.accept in (0, 1)
    assert ClassResult.from_plan(plan, found).points == points


def test_an_ac_2_plan_must_say_whether_it_passes_one_step_tighter():
    with pytest.raises(ValidationError, match="one AQL step tighter"):
        ClassResult(accept_number=2, accepted=True)


def test_a_failed_class_cannot_pass_a_tighter_aql():
    with pytest.raises(ValidationError, match="cannot pass a tighter one"):
        ClassResult(accept_number=2, accepted=False, accepted_one_step_tighter=True)


def test_a_lot_cannot_be_accepted_with_a_failed_class():
    failed = ClassResult(accept_number=0, accepted=False)
    with pytest.raises(ValidationError, match="one of its classes failed"):
        LotOutcome(lot="HD-2601", on=day(1), accepted=True, classes=(failed,))


def test_a_lot_earns_the_fewest_points_of_its_classes():
    results = [(sampling_plan(3000, "0"), 0), (sampling_plan(3000, "2.5"), 1), (sampling_plan(3000, "4.0"), 2)]
    assert LotOutcome.from_plans("PO-1", day(1), results).points == 2  # critical 0 earns 2, the others 3
    results[1] = (sampling_plan(3000, "2.5"), 6)  # accepted at 2.5, not at 1.5: resets
    outcome = LotOutcome.from_plans("PO-1", day(1), results)
    assert outcome.accepted and outcome.points is None


def test_a_lot_failed_on_a_spec_point_resets_the_score():
    outcome = LotOutcome.from_plans("PO-1", day(1), [(sampling_plan(3000, "2.5"), 0)], accepted=False)
    assert outcome.points is None


# --- normal -> tightened: 2 of 5 or fewer consecutive lots --------------------------------

def test_two_rejected_within_five_consecutive_lots_tighten():
    h = switching_history(run("RAAAR"))
    assert [s.after.severity for s in h.steps] == ["normal"] * 4 + ["tightened"]
    r = h.current.reason
    assert (r.trigger, r.lot, r.since, r.rejected, r.out_of) == ("rejections", "HD-2605", day(5), 2, 5)
    assert explain(h.current, TODAY) == "tightened since HD-2605 on 5 Oct: 2 of the last 5 lots rejected"


def test_two_rejected_six_lots_apart_do_not_tighten():
    h = switching_history(run("RAAAAR"))
    assert h.current.severity == "normal"
    assert explain(h.current) == "normal: 1 of the last 5 lots rejected"


def test_two_rejected_in_a_row_tighten():
    h = switching_history(run("AR" "R"))
    assert explain(h.current, TODAY) == "tightened since HD-2603 on 3 Oct: 2 lots in a row rejected"


def test_the_brief_example_two_of_the_last_three():
    h = switching_history(run("AAARAR"))
    assert explain(h.current, TODAY) == "tightened since HD-2606 on 6 Oct: 2 of the last 3 lots rejected"


def test_one_rejection_alone_never_tightens():
    assert severity(run("AAAARAAAARAAAAR")) == "normal"


# --- tightened -> normal: 5 consecutive accepted -----------------------------------------

def test_four_accepted_on_tightened_stay_tightened_five_return_to_normal():
    assert severity(run("RR" "AAAA")) == "tightened"
    h = switching_history(run("RR" "AAAAA"))
    assert h.current.severity == "normal"
    assert explain(h.current, TODAY) == "normal since HD-2607 on 7 Oct: 5 lots in a row accepted on tightened"


def test_a_rejection_on_tightened_restarts_the_run_of_accepted_lots():
    assert severity(run("RR" "AAAARAAAA")) == "tightened"
    assert severity(run("RR" "AAAARAAAAA")) == "normal"


def test_tightened_explains_what_moves_it_next():
    h = switching_history(run("RR" "RAA"))
    assert explain(h.current, TODAY) == (
        "tightened since HD-2602 on 2 Oct: 2 lots in a row rejected; "
        "2 of 5 accepted in a row towards normal; 1 of 5 not accepted towards discontinuation"
    )


# --- tightened -> discontinued: 5 not accepted on tightened -------------------------------

def test_four_not_accepted_on_tightened_stay_tightened():
    # the two rejections that tightened do not count: only lots inspected on tightened
    assert severity(run("RR" "RARARAR")) == "tightened"


def test_five_not_accepted_on_tightened_discontinue_cumulatively():
    h = switching_history(run("RR" "RARARARAR"))  # never 5 accepted in a row in between
    assert h.current.severity == "discontinued"
    assert h.current.plan_severity == "tightened"
    assert explain(h.current, TODAY) == (
        "discontinued since HD-2611 on 11 Oct: 5 lots not accepted on tightened; "
        "record the supplier's improvement to resume (on tightened)"
    )


def test_the_discontinuation_count_starts_again_with_each_spell_of_tightened():
    # 4 not accepted, back to normal, tightened again, 4 more: 8 in all but never 5 in one spell
    assert severity(run("RR" "RRRR" "AAAAA" "RR" "RRRR")) == "tightened"


def test_only_the_recorded_improvement_lifts_a_discontinuation_and_back_on_tightened():
    lots = run("RR" "RRRRR")
    after = run("AAAAAAAAAA", start=8)  # accepted lots while discontinued move nothing
    assert severity(lots + after) == "discontinued"
    improved = ImprovementRecorded(on=day(20))
    h = switching_history(lots + after + [improved])
    assert h.current.severity == "tightened"  # not normal
    assert explain(h.current, TODAY) == (
        "tightened since 20 Oct: improvement recorded"
    )
    assert severity(lots + after + [improved] + run("AAAA", start=21)) == "tightened"
    assert severity(lots + after + [improved] + run("AAAAA", start=21)) == "normal"


def test_an_improvement_recorded_before_the_discontinuation_does_not_lift_it():
    assert severity([ImprovementRecorded(on=day(1))] + run("RR" "RRRRR", start=2)) == "discontinued"


# --- normal -> reduced (switching score 30, switch on), reduced -> normal ----------------

def test_never_reduced_while_the_switch_is_off():
    h = switching_history(run("A" * 40))
    assert h.current.severity == "normal"
    assert h.current.score == 120


def test_reduced_at_a_score_of_30_not_before():
    # Ac >= 2 lots passing one step tighter earn 3: the 10th lot reaches 30
    assert severity([SWITCH_ON] + run("A" * 9)) == "normal"
    h = switching_history([SWITCH_ON] + run("A" * 10))
    assert h.current.severity == "reduced"
    assert explain(h.current, TODAY) == "reduced since HD-2610 on 10 Oct: switching score 30, reduced inspection on since 30 Sep"


def test_ac_0_and_1_plans_earn_2_so_reduced_comes_at_the_15th_lot():
    assert severity([SWITCH_ON] + run("A" * 14, ac=0)) == "normal"
    assert severity([SWITCH_ON] + run("A" * 15, ac=1)) == "reduced"


def test_a_lot_accepted_but_not_one_step_tighter_resets_the_score():
    lots = run("A" * 9) + [lot(10, True, tighter=False)] + run("A" * 9, start=11)
    h = switching_history([SWITCH_ON] + lots)
    assert h.current.severity == "normal" and h.current.score == 27
    assert explain(h.current) == "normal: no lot rejected in the last 5; switching score 27 of 30 for reduced"


def test_a_rejection_on_normal_resets_the_score():
    assert switching_history(run("A" * 9 + "R" + "A" * 3)).current.score == 9


def test_switching_reduced_on_with_a_score_already_over_30_reduces_from_that_day():
    on = ReducedInspection(on=day(25), allowed=True)
    h = switching_history(run("A" * 12) + [on])
    assert h.current.severity == "reduced"
    assert explain(h.current, TODAY) == (
        "reduced since 25 Oct: switching score 36, reduced inspection on since 25 Oct"
    )
    assert h.severity_on(day(24)).severity == "normal"


def test_one_rejection_on_reduced_returns_to_normal_and_the_score_starts_again():
    lots = [SWITCH_ON] + run("A" * 10) + run("AAR", start=11)
    h = switching_history(lots)
    assert h.current.severity == "normal" and h.current.score == 0
    assert explain(h.current, TODAY) == (
        "normal since HD-2613 on 13 Oct: a lot was not accepted on reduced inspection; "
        "switching score 0 of 30 for reduced"
    )
    assert severity(lots + run("A" * 9, start=14)) == "normal"
    assert severity(lots + run("A" * 10, start=14)) == "reduced"


def test_a_second_rejection_just_after_reduced_tightens():
    # the window is the last 5 first inspections, the one that failed on reduced included
    assert severity([SWITCH_ON] + run("A" * 10) + run("RR", start=11)) == "tightened"


def test_switching_reduced_off_returns_to_normal():
    off = ReducedInspection(on=day(12), allowed=False)
    h = switching_history([SWITCH_ON] + run("A" * 10) + [off] + run("A" * 20, start=13))
    assert h.current.severity == "normal"
    assert h.severity_on(day(12)).reason.trigger == "reduced-off"
    assert explain(h.severity_on(day(12)), TODAY) == "normal since 12 Oct: reduced inspection was switched off"


# --- what counts, and when -----------------------------------------------------------------

def test_re_inspections_never_count():
    first = run("RAAA")
    re_inspections = [lot(1, True, kind="re-inspection"), lot(3, False, kind="re-inspection"),
                      lot(4, False, kind="re-inspection")]
    h = switching_history(first + re_inspections)
    assert h.current.severity == "normal"  # two failed re-inspections would have tightened
    assert [s.lot.kind for s in h.steps] == ["first"] * 4


def test_a_passing_re_inspection_does_not_undo_a_rejection():
    assert severity([lot(1, False), lot(2, True, kind="re-inspection"), lot(3, False)]) == "tightened"


def test_severity_at_a_date_between_lots():
    h = switching_history(run("AR", start=1) + run("R", start=10) + run("A", start=20))
    assert h.severity_on(day(0)).severity == "normal"
    assert h.severity_on(day(0)).reason.trigger == "start"
    assert h.severity_on(day(9)).severity == "normal"
    assert h.severity_on(day(10)).severity == "tightened"  # a lot recorded on day 10 after HD-2610
    assert h.severity_on(day(15)).severity == "tightened"
    assert h.steps[-1].before.severity == "tightened"  # HD-2620 was due on tightened
    assert explain(h.severity_on(day(15)), TODAY) == "tightened since HD-2610 on 10 Oct: 2 lots in a row rejected"


def test_entries_are_read_in_date_order_ties_in_the_order_given():
    a, b = lot(1, False), lot(2, False)
    assert severity([b, a]) == "tightened"
    improved, lots = ImprovementRecorded(on=day(7)), run("RR" "RRRRR")  # the 7th lot is on day 7
    assert severity([improved] + lots) == "discontinued"  # recorded before the lot: nothing to lift
    assert severity(lots + [improved]) == "tightened"


def test_the_year_is_written_unless_it_is_this_year():
    h = switching_history(run("RR"))
    assert explain(h.current) == "tightened since HD-2602 on 2 Oct 2026: 2 lots in a row rejected"
    assert explain(h.current, date(2027, 1, 5)).startswith("tightened since HD-2602 on 2 Oct 2026:")


def test_normal_words_before_and_after_the_first_lots():
    assert explain(switching_history([]).current) == "normal: no earlier lot of this supplier on record"
    assert explain(switching_history(run("A")).current) == "normal: the one lot inspected so far was accepted"
    assert explain(switching_history(run("AAAAAAA")).current) == "normal: no lot rejected in the last 5"


# --- invariants over any timeline ----------------------------------------------------------

ORDER = {"reduced": 0, "normal": 1, "tightened": 2, "discontinued": 3}
ALLOWED = {  # severity before -> after, for a lot
    "normal": {"normal", "tightened", "reduced"},
    "tightened": {"tightened", "normal", "discontinued"},
    "discontinued": {"discontinued"},
    "reduced": {"reduced", "normal"},
}


def _entry(n: int, on: int, what: str, accepted: bool, ac: int, tighter: bool, switch_on: bool):
    if what == "improved":
        return ImprovementRecorded(on=day(on))
    if what == "switch":
        return ReducedInspection(on=day(on), allowed=switch_on)
    return LotOutcome(
        lot=f"PO-{n}", on=day(on), accepted=accepted, kind="first" if what == "lot" else "re-inspection",
        classes=(ClassResult(accept_number=ac, accepted=accepted,
                             accepted_one_step_tighter=tighter if accepted and ac >= 2 else None),),
    )


def timelines(switch: bool = True):
    """Up to 40 entries over 90 days: mostly first inspections, some re-inspections,
    recorded improvements and (unless switch=False) the reduced-inspection switch."""
    whats = ["lot"] * 8 + ["re", "improved"] + (["switch"] if switch else [])

    def rows(quality: tuple[int, int]):
        # one flat tuple per entry: drawing it is several times faster than a composite;
        # the length is drawn first, as lists left to themselves stay short
        percent_accepted, size = quality
        accepted = st.integers(0, 99).map(lambda x: x < percent_accepted)
        row = st.tuples(st.integers(0, 90), st.sampled_from(whats), accepted,
                        st.sampled_from([0, 1, 2, 7, 21]), accepted, st.booleans())
        return st.lists(row, min_size=size, max_size=size)

    # a supplier's quality: poor ones reach discontinuation, good ones reduced inspection
    quality = st.tuples(st.sampled_from([30, 60, 90, 98]), st.integers(0, 40))
    raw = st.tuples(st.booleans() if switch else st.just(False), quality.flatmap(rows))
    return raw.map(lambda drawn: [SWITCH_ON] * drawn[0] + [_entry(n, *row) for n, row in enumerate(drawn[1])])


@settings(max_examples=examples(100, 5000), deadline=None)
@given(timelines(switch=False))
def test_never_reduced_without_the_switch(entries):
    h = switching_history(entries)
    assert all(s.severity != "reduced" for s in h.statuses)


@settings(max_examples=examples(100, 5000), deadline=None)
@given(timelines())
def test_lots_move_severity_only_along_clause_9_and_the_right_way(entries):
    for step in switching_history(entries).steps:
        before, after = step.before.severity, step.after.severity
        assert after in ALLOWED[before]
        if step.lot.accepted:
            assert ORDER[after] <= ORDER[before]  # an accepted lot never tightens
        else:
            assert ORDER[after] >= ORDER[before]  # a rejected lot never relaxes
        if before == "normal" and not step.lot.accepted and False in step.before.recent[-4:]:
            assert after == "tightened"  # a 2nd rejection within 5 consecutive lots


@settings(max_examples=examples(100, 5000), deadline=None)
@given(timelines())
def test_five_accepted_lots_on_tightened_always_return_to_normal(entries):
    h = switching_history(entries)
    last = max((e.on for e in entries), default=DAY0)
    follow = [lot(0, True).model_copy(update={"lot": f"X{i}", "on": last + timedelta(days=1 + i)}) for i in range(5)]
    after = switching_history(entries + follow).current.severity
    if h.current.severity == "tightened":
        assert after == "normal"
    if h.current.severity == "discontinued":
        assert after == "discontinued"  # only the recorded improvement lifts it


@settings(max_examples=examples(100, 3000), deadline=None)
@given(timelines(), st.integers(-1, 92))
def test_severity_on_a_date_is_the_history_up_to_that_date(entries, n):
    on = day(n)
    prefix = [e for e in entries if e.on <= on]
    assert switching_history(entries).severity_on(on) == switching_history(prefix).current


@settings(max_examples=examples(100, 3000), deadline=None)
@given(timelines())
def test_re_inspections_change_nothing(entries):
    without = [e for e in entries if not (isinstance(e, LotOutcome) and e.kind != "first")]
    assert switching_history(entries).steps == switching_history(without).steps


# --- what the user records: the reduced-inspection switch and an improvement (issue #13) --

def test_a_score_of_exactly_30_reduces_with_the_switch_on_and_not_with_it_off():
    assert switching_history([SWITCH_ON] + run("A" * 10)).current.score == 0  # reset: reduced began
    assert severity([SWITCH_ON] + run("A" * 10)) == "reduced"
    h = switching_history(run("A" * 10))
    assert (h.current.severity, h.current.score) == ("normal", 30)
    off_again = [SWITCH_ON, ReducedInspection(on=day(5), allowed=False)]
    assert severity(off_again + run("A" * 10)) == "normal"


def test_the_switch_turned_off_while_reduced_returns_to_normal_and_on_again_waits_for_30():
    off, on = ReducedInspection(on=day(12), allowed=False), ReducedInspection(on=day(14), allowed=True)
    lots = [SWITCH_ON] + run("A" * 10)
    assert switching_history(lots + [off]).current.reason.trigger == "reduced-off"
    # the score starts again at 0 with normal inspection: 9 more lots are 27, the 10th 30
    assert severity(lots + [off, on] + run("A" * 9, start=15)) == "normal"
    h = switching_history(lots + [off, on] + run("A" * 10, start=15))
    assert h.current.severity == "reduced"
    assert explain(h.current, TODAY) == (
        "reduced since HD-2624 on 24 Oct: switching score 30, reduced inspection on since 14 Oct"
    )


def test_the_improvement_names_who_recorded_it():
    h = switching_history(run("RR" "RRRRR") + [ImprovementRecorded(on=day(20), by="ada", reason="new QC lead")])
    assert explain(h.current, TODAY) == "tightened since 20 Oct: improvement recorded by ada"


def test_an_improvement_while_not_discontinued_moves_nothing():
    h = switching_history(run("RR" "RRRR") + [ImprovementRecorded(on=day(9), by="ada")])
    assert h.current.severity == "tightened" and h.current.reason.trigger == "rejections"
    assert h.current.not_accepted_on_tightened == 4


def test_after_an_improvement_5_more_lots_not_accepted_discontinue_again():
    improved = [ImprovementRecorded(on=day(8), by="ada")]
    lots = run("RR" "RRRRR") + improved
    assert severity(lots + run("RRRR", start=9)) == "tightened"
    h = switching_history(lots + run("RRRRR", start=9))
    assert h.current.severity == "discontinued"
    assert h.current.reason.lot == "HD-2613" and h.current.not_accepted_on_tightened == 5
