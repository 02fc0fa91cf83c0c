"""Which options fit a diagnosed report, and why; the fitting ones first, best first.

Pure rules over a report's readings; each option's own words are in its entry
(casefile/rules/options/), money and time are added by casefile/rules/option_comparison.py.
- Nothing fits a report that counts as a pass (pay the balance) or one not completed.
- A report whose counts pass but which does not count as a pass: where a point does not
  conform or the inspector failed it, the entries say (`fit_not_a_pass`); where it is not
  a valid inspection of the lot (under-sampled, wrong lot), nothing fits until a valid
  re-inspection.
- A failed report: each entry's `fit` reads the `Situation`, and its `preference` ranks it.
"""

from __future__ import annotations

from casefile.rules.options.catalogue import CATALOGUE
from casefile.rules.options.option import Fit, Option, Situation
from casefile.rules.readings import SERIOUS, ClassReading, DefectTypeReading, Frozen


class OptionFit(Frozen):
    option: str
    title: str
    fits: bool
    reason: str  # one sentence
    reinspection_required: bool


def _fit(o: Option, fit: Fit, reinspect: bool) -> OptionFit:
    return OptionFit(option=o.key, title=o.title, fits=fit.fits, reason=fit.reason, reinspection_required=reinspect)


def fit_options(
    *,
    complete: bool,
    verdict: str,
    counts_as_pass: bool,
    invalid: list[str],
    objections: list[str],
    classes: list[ClassReading],
    defect_types: list[DefectTypeReading],
    lot_size: int,
    bad: int,
    failed_before: bool = False,
) -> list[OptionFit]:
    """Every option for a report read as `classes` and `defect_types`, the fitting ones
    first in order of preference (`bad`: the projected bad units in the lot)."""
    entries = list(CATALOGUE.values())
    if not complete:
        none = Fit(False, f"the inspection is {verdict}: wait for a completed report before choosing a way out.")
        return [_fit(o, none, False) for o in entries]
    failed = [c for c in classes if not c.passed]
    if not failed and counts_as_pass:
        none = Fit(False, "every class passes: there is nothing to resolve, so pay the balance.")
        return [_fit(o, none, False) for o in entries]
    if not failed and invalid:
        none = Fit(False, f"{invalid[0]}: this report cannot settle anything; "
                          "a valid re-inspection of the lot in question is needed.")
        return [_fit(o, none, not o.settles_by_agreement) for o in entries]
    if not failed:  # every class within its limit, yet it does not count as a pass
        kind = "not-a-pass"
        fits = {o.key: o.fit_not_a_pass(objections[0]) for o in entries}
    else:
        names = {c.defect_class for c in failed}
        systematic = [t for t in defect_types if t.systematic and t.defect_class in names]
        far_over = [c for c in failed if c.band == "far over"]
        situation = Situation(
            failed=failed, systematic=systematic, far_over=far_over,
            far_systematic=[c for c in far_over if c.defect_class in SERIOUS
                            and any(t.defect_class == c.defect_class for t in systematic)],
            lot_size=lot_size, bad=bad, failed_before=failed_before,
        )
        kind = situation.kind
        fits = {o.key: o.fit(situation) for o in entries}
    ranked = sorted(entries, key=lambda o: o.rank(kind))  # stable: catalogue order breaks ties
    return ([_fit(o, fits[o.key], o.reinspection) for o in ranked if fits[o.key].fits]
            + [_fit(o, fits[o.key], o.reinspection) for o in ranked if not fits[o.key].fits])
