"""The diagnosis: the app's own verdict, bands, projections, systematic faults, disagreements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from casefile.rules.diagnosis import band_for, diagnose, project_defective, report_passes
from casefile.rules.readings import BANDS
from casefile.rules.settings import Settings
from conftest import make_case
from reportkit import make_report, scattered, systematic

CASE = make_case()


def test_realistic_case_lot_3000_with_23_major_fails_far_over_and_projects_552():
    d = diagnose(CASE, make_report(major=23, findings=scattered("major", 23)))
    major = d.reading("major")
    assert (major.plan.code_letter, major.plan.sample_size, major.accept, major.reject) == ("K", 125, 7, 8)
    assert not major.passed and not d.passed
    assert major.excess == 16
    assert major.band == "far over"  # 23 > 2 x 8
    assert major.projected_defective == 552
    assert d.summary == "The lot fails by ISO 2859-1: major 23 found / Re 8 (far over)."


@pytest.mark.parametrize("cls, found, band", [
    ("major", 0, "pass"), ("major", 7, "pass"), ("major", 8, "at the line"), ("major", 9, "clearly over"),
    ("major", 16, "clearly over"), ("major", 17, "far over"),
    ("critical", 0, "pass"), ("critical", 1, "at the line"), ("critical", 2, "clearly over"), ("critical", 3, "far over"),
    ("minor", 10, "pass"), ("minor", 11, "at the line"), ("minor", 22, "clearly over"), ("minor", 23, "far over"),
])
def test_band_per_class(cls, found, band):
    d = diagnose(CASE, make_report(**{cls: found}))
    assert d.reading(cls).band == band
    assert d.reading(cls).passed is (band == "pass")


def test_far_over_factor_is_a_setting():
    strict = Settings(far_over_factor="1.5")
    assert diagnose(CASE, make_report(major=13), strict).reading("major").band == "far over"
    assert diagnose(CASE, make_report(major=13)).reading("major").band == "clearly over"


def test_the_agreed_aql_and_level_decide_not_the_reports():
    case = make_case(aql={"critical": "0", "major": "1.0", "minor": "4.0", "level": "II"})
    report = make_report(major=5, classes=[
        {"defect_class": "critical", "aql": "0", "found": 0},
        {"defect_class": "major", "aql": "2.5", "found": 5},
        {"defect_class": "minor", "aql": "4.0", "found": 0},
    ], verdict="pass")
    d = diagnose(case, report)
    assert (d.reading("major").accept, d.reading("major").reject) == (3, 4)
    assert not d.passed
    assert "The report applies AQL 2.5 to major defects; the agreed AQL is 1.0, which is the one the app uses." in d.disagreements
    assert any(s.startswith("The report says PASS but major defects (5 found) exceed Re 4 for AQL 1.0 at lot 3,000") for s in d.disagreements)


def test_inspector_pass_against_the_tables_is_named_plainly():
    d = diagnose(CASE, make_report(major=9, verdict="pass"))
    assert ("The report says PASS but major defects (9 found) exceed Re 8 for AQL 2.5 at lot 3,000: "
            "by ISO 2859-1 this lot fails.") in d.disagreements


def test_inspector_fail_while_every_class_passes_is_named():
    d = diagnose(CASE, make_report(major=3, verdict="fail"))
    assert d.passed
    assert any(s.startswith("The report says FAIL but every class is within") for s in d.disagreements)


def test_sample_size_and_ac_re_printed_by_the_inspector_are_checked():
    report = make_report(major=4, sample_size=80, classes=[
        {"defect_class": "critical", "aql": "0", "found": 0},
        {"defect_class": "major", "aql": "2.5", "found": 4, "inspector_accept": 5, "inspector_reject": 6},
        {"defect_class": "minor", "aql": "4.0", "found": 0},
    ])
    d = diagnose(CASE, report)
    text = " | ".join(d.disagreements)
    assert "The inspector sampled 80 units, but for critical AQL 0 and major AQL 2.5 and minor AQL 4.0 at a lot of 3,000 (level II, code letter K) ISO 2859-1 calls for 125." in text
    assert "The report prints Ac 5 / Re 6 for major defects; ISO 2859-1 gives Ac 7 / Re 8" in text
    assert d.reading("major").projected_defective == 150  # 4 / 80 x 3,000: from the sample actually taken


def test_level_lot_and_missing_class_disagreements():
    report = make_report(major=1, level="I", lot_size=2800, classes=[{"defect_class": "major", "aql": "2.5", "found": 1}])
    d = diagnose(CASE, report)
    assert "The report uses inspection level I; the agreed level is II, which is the one the app uses." in d.disagreements
    assert "wrong lot: it inspected a lot of 2,800, but the lot in question is the order of 3,000" in d.invalid
    assert not d.counts_as_pass
    assert "The report gives no count for critical or minor defects, so the app cannot judge those classes." in d.disagreements


def test_findings_that_do_not_add_up_are_named():
    d = diagnose(CASE, make_report(major=23, findings=scattered("major", 20)))
    assert "The findings list 20 major defects but the report counts 23." in d.disagreements


@pytest.mark.parametrize("verdict", ["pending", "aborted"])
def test_pending_or_aborted_never_passes_even_with_clean_counts(verdict):
    report = make_report(verdict=verdict)
    d = diagnose(CASE, report)
    assert not d.passed and not d.complete
    assert not report_passes(CASE, report)
    assert d.conclusion == []
    assert any(verdict.upper() in s for s in d.disagreements)


@pytest.mark.parametrize("units, cartons, cartons_sampled, expected", [
    (13, None, None, True),  # 10.4% of 125 units
    (12, None, None, False),  # 9.6%
    (4, 7, 13, True),  # few units but in 7 of 13 cartons
    (4, 6, 13, False),  # 6 of 13 cartons is under half
    (4, 7, None, False),  # cartons not recorded: the unit test alone decides
])
def test_systematic_or_scattered(units, cartons, cartons_sampled, expected):
    finding = {"defect_type": "scratch", "defect_class": "minor", "units": units, "cartons": cartons}
    d = diagnose(CASE, make_report(minor=units, findings=[finding], cartons_sampled=cartons_sampled))
    assert d.defect_types[0].systematic is expected


def test_systematic_thresholds_are_settings():
    d = diagnose(CASE, make_report(minor=13, findings=systematic("minor", 13)), Settings(systematic_unit_percent="15"))
    assert not d.defect_types[0].systematic


def test_findings_of_one_type_are_added_together():
    findings = [{"defect_type": "scratch", "defect_class": "major", "units": 7},
                {"defect_type": "scratch", "defect_class": "major", "units": 6}]
    d = diagnose(CASE, make_report(major=13, findings=findings))
    assert [(t.defect_type, t.units, t.systematic) for t in d.defect_types] == [("scratch", 13, True)]


def test_spec_and_golden_sample_points_failed_and_not_checked():
    report = make_report(major=9, spec_checks=[
        {"point": "S1", "result": "does-not-conform", "note": "285C"},
        {"point": "S2", "result": "not-checked"},
    ])
    d = diagnose(CASE, report)
    assert [(p.key, p.text, p.note) for p in d.failed_points] == [("S1", "colour Pantone 286C", "285C")]
    assert [(p.key, p.kind) for p in d.unchecked_points] == [("S2", "spec"), ("G1", "golden-sample")]


def test_projection_rounds_to_the_nearest_unit_and_never_exceeds_the_lot():
    assert project_defective(23, 125, 3000) == 552
    assert project_defective(1, 3, 100) == 33
    assert project_defective(2, 3, 100) == 67
    assert project_defective(5, 5, 5) == 5


# -- properties --------------------------------------------------------------------
LOTS = st.integers(min_value=2, max_value=600_000)
AQLS = st.sampled_from(["0", "0.65", "1.0", "2.5", "4.0", "6.5"])


@hsettings(max_examples=80, deadline=None)
@given(lot=LOTS, aql=AQLS, found=st.integers(min_value=0, max_value=60))
def test_a_class_passes_iff_found_is_at_most_ac(lot, aql, found):
    case = make_case(quantity=lot, aql={"critical": "0", "major": aql, "minor": "4.0", "level": "II"})
    sample = min(lot, 125)
    found = min(found, sample)
    report = make_report(major=found, lot_size=lot, sample_size=sample)
    reading = diagnose(case, report).reading("major")
    assert reading.passed is (found <= reading.accept)
    assert reading.excess == max(found - reading.accept, 0)


@hsettings(max_examples=80, deadline=None)
@given(ac=st.integers(min_value=0, max_value=21), a=st.integers(min_value=0, max_value=100),
       b=st.integers(min_value=0, max_value=100), factor=st.sampled_from(["1.5", "2", "3"]))
def test_band_is_monotone_in_found(ac, a, b, factor):
    s = Settings(far_over_factor=factor)
    lo, hi = sorted((a, b))
    assert BANDS.index(band_for(lo, ac, ac + 1, s)) <= BANDS.index(band_for(hi, ac, ac + 1, s))


def test_share_percentages_are_decimal():
    d = diagnose(CASE, make_report(major=9, findings=systematic("major", 9)))
    assert d.defect_types[0].share_percent == Decimal("7.2")


def test_workspace_settings_file_overrides_defaults_and_bad_ones_are_named(tmp_path):
    from casefile.values.errors import InputError
    from casefile.rules.settings import DEFAULT_SETTINGS, load_settings

    assert load_settings(tmp_path) is DEFAULT_SETTINGS
    (tmp_path / "settings.json").write_text('{"systematic_unit_percent": "15", "rework_days": 14}')
    s = load_settings(tmp_path)
    assert (s.systematic_unit_percent, s.rework_days, s.systematic_carton_percent) == (Decimal("15"), 14, Decimal("50"))
    (tmp_path / "settings.json").write_text('{"far_over_factor": "0.5", "colour": 1}')
    with pytest.raises(InputError, match=r"settings.json: far_over_factor: must be above 1; colour: not a field here"):
        load_settings(tmp_path)
