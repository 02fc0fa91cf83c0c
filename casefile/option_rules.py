"""Which of the five resolution options fit a diagnosed report, and why (DOMAIN.md's table).

Pure rules over a `Diagnosis`; money and time are added by `casefile.options`.
- Nothing fits a report that counts as a pass (pay the balance) or one not completed.
- A report whose counts pass but which does not count as a pass: where a point does not
  conform or the inspector failed it, rework or (with the supplier's written agreement) a
  discount fits; where it is not a valid inspection of the lot (under-sampled, wrong lot),
  nothing fits until a valid re-inspection.
- Rework fits every failure; it and every option but a discount need a re-inspection.
- Sort fits scattered faults; replace fits scattered faults that are not far over.
- A discount fits minor-only failures; a critical failure never qualifies.
- Cancel fits a critical failure, a far-over systematic critical/major fault, or goods
  that failed on a critical/major class again after an earlier failure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casefile.decisions import OPTION_TITLES, OPTIONS

if TYPE_CHECKING:
    from casefile.diagnosis import ClassReading, Diagnosis, OptionFit


def _counts(c: "ClassReading") -> str:
    return f"{c.found} found, Re {c.reject}, {c.band}"


def fit_options(d: "Diagnosis", *, failed_before: bool = False) -> list["OptionFit"]:
    """All five options, the fitting ones first in order of preference."""
    from casefile.diagnosis import SERIOUS, OptionFit

    def make(option: str, fits: bool, reason: str, reinspect: bool) -> OptionFit:
        return OptionFit(option=option, title=OPTION_TITLES[option], fits=fits, reason=reason,
                         reinspection_required=reinspect)

    if not d.complete:
        reason = f"the inspection is {d.verdict}: wait for a completed report before choosing a way out."
        return [make(o, False, reason, False) for o in OPTIONS]
    failed = d.failed_classes
    if not failed and d.counts_as_pass:
        reason = "every class passes: there is nothing to resolve, so pay the balance."
        return [make(o, False, reason, False) for o in OPTIONS]
    if not failed:
        return _counts_pass_but_not_a_pass(d, make)

    failed_names = {c.defect_class for c in failed}
    worst = failed[0]  # classes come critical, major, minor: the first failure is the gravest
    critical = "critical" in failed_names
    serious = bool(failed_names & set(SERIOUS))
    systematic = [t for t in d.defect_types if t.systematic and t.defect_class in failed_names]
    far_over = [c for c in failed if c.band == "far over"]
    far_systematic = [
        c for c in far_over
        if c.defect_class in SERIOUS and any(t.defect_class == c.defect_class for t in systematic)
    ]
    bad = d.projected_bad_units
    good = d.lot_size - bad

    if critical:
        rework = f"critical defects failed ({_counts(worst)}): every unit must be fixed and a re-inspection pass before any balance moves."
    elif serious:
        rework = f"major defects failed ({_counts(worst)}): the standard route is to fix them and re-inspect before any balance moves."
    else:
        rework = f"minor defects failed ({_counts(worst)}): the factory can fix them and a re-inspection confirms it."

    if systematic:
        t = systematic[0]
        sort_fits = False
        sort = f"{t.defect_type} is systematic ({t.why}): sorting cannot separate out a fault that runs through the batch."
    else:
        sort_fits = True
        sort = f"the faults are scattered: sorting every unit keeps about {good:,} of {d.lot_size:,} good units, and the sorted lot is re-inspected."

    if critical:
        discount_fits, discount = False, "a critical failure never qualifies for a discount."
    elif serious:
        discount_fits, discount = False, "major defects failed: a discount is only for minor defects, and a re-inspection must pass first."
    else:
        discount_fits = True
        discount = "only minor defects failed: a discount that reflects the flaw can settle it, with the supplier's written agreement on record."

    if systematic:
        replace_fits = False
        replace = f"{systematic[0].defect_type} runs through the batch: there is no clear set of bad units to replace."
    elif far_over:
        replace_fits = False
        replace = f"{far_over[0].defect_class} defects are far over the limit (about {bad:,} bad units): too many to defer to a later run."
    else:
        replace_fits = True
        replace = f"about {bad:,} units are bad: the supplier can replace them in the next run, with a written commitment on record and the replacements inspected."

    if critical:
        cancel_fits, cancel = True, "a critical defect failed: a safety fault can justify walking away, with the deposit recovered under the refund terms."
    elif far_systematic:
        c = far_systematic[0]
        cancel_fits, cancel = True, f"{c.defect_class} defects are far over with a systematic fault: a process failure this deep may not be fixable."
    elif failed_before and serious:
        cancel_fits, cancel = True, "the goods failed on critical or major defects again after an earlier failure: walking away is justified."
    elif serious:
        cancel_fits, cancel = False, "the failure looks fixable: cancelling would give up the goods for a problem rework can solve."
    else:
        cancel_fits, cancel = False, "only minor defects failed: not a reason to walk away from the order."

    options = {
        "rework": make("rework", True, rework, True),
        "sort": make("sort", sort_fits, sort, True),
        "discount": make("discount", discount_fits, discount, False),
        "replace": make("replace", replace_fits, replace, True),
        "cancel": make("cancel", cancel_fits, cancel, False),
    }
    if not serious:
        order = ["discount", "rework", "sort", "replace", "cancel"]
    elif failed_before:  # rework was tried and failed
        order = ["cancel", "rework", "sort", "replace", "discount"]
    elif far_systematic or (critical and (systematic or far_over)):
        order = ["rework", "cancel", "sort", "replace", "discount"]
    else:
        order = ["rework", "sort", "replace", "cancel", "discount"]
    ranked = [options[o] for o in order]
    return [o for o in ranked if o.fits] + [o for o in ranked if not o.fits]


def _counts_pass_but_not_a_pass(d: "Diagnosis", make) -> list["OptionFit"]:
    """Every class is within its limit, yet the report does not count as a pass."""
    if d.invalid:
        reason = (f"{d.invalid[0]}: this report cannot settle anything; "
                  "a valid re-inspection of the lot in question is needed.")
        return [make(o, False, reason, o != "discount") for o in OPTIONS]
    why = d.objections[0]
    return [
        make("rework", True, f"{why}: the factory can put it right and a re-inspection confirms it.", True),
        make("discount", True, f"{why}: a discount that reflects the flaw can settle it, with the supplier's "
                               "written agreement on record.", False),
        make("sort", False, "every class is within its limit: there are no failed units to sort out.", True),
        make("replace", False, "every class is within its limit: there are no failed units to replace.", True),
        make("cancel", False, "every class is within its limit: not a reason to walk away from the order.", False),
    ]
