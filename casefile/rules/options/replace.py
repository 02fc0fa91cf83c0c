"""Replace in the next run: the supplier's written commitment to replace the bad units;
the balance is held until the replacements pass their inspection."""

from __future__ import annotations

from casefile.records.po import po_words
from casefile.rules.options.letter import Facts, Letter, balance_rule_after, long_day
from casefile.rules.options.option import Fit, Lot, Option, Situation


def _fit(s: Situation) -> Fit:
    if s.systematic:
        return Fit(False, f"{s.systematic[0].defect_type} runs through the batch: there is no clear set of bad units to replace.")
    if s.far_over:
        return Fit(False, f"{s.far_over[0].defect_class} defects are far over the limit (about {s.bad:,} bad units): too many to defer to a later run.")
    return Fit(True, f"about {s.bad:,} units are bad: the supplier can replace them in the next run, with a written commitment on record and the replacements inspected.")


def _commitment(f: Facts, t: dict) -> tuple[str, str]:
    units = t.get("units") or f.reading.projected_bad_units
    return (f"{po_words(f.case.po)}: replacement of the failed units in the next run",
            f"Please confirm in writing that you will replace the {units:,} failed units in your next production "
            f"run, to the same standard, by {long_day(t['deadline'])}, and that the replacements will be inspected. "
            + balance_rule_after("The balance is held until the replacements pass their inspection; "))


REPLACE = Option(
    key="replace",
    title="Replace in the next run",
    label="Replace",
    fit=_fit,
    fit_not_a_pass=lambda why: Fit(False, "every class is within its limit: there are no failed units to replace."),
    preference={"minor-only": 4, "failed-again": 4, "deep-fault": 4, "fixable": 3, "not-a-pass": 4},
    reinspection=True,
    terms=("units", "deadline"),
    required={"units": "units: replace needs the number of units to replace, e.g. 550"},
    # nothing moves before a re-inspection passes (the gate): then the whole balance
    money=lambda m: {"accepted_units": m.accepted},
    balance_due=lambda case, decision, agreed: case.balance_cny,
    work="replacement",
    due="replacements",
    status="replacement agreed: replacements are inspected before balance",
    lot=Lot(
        scope="replacements", words="replacement units", size=lambda quantity, units: units,
        describe=lambda quantity, units, lot: f"the {units:,} replacement units",
        passed="replacements passed: balance unlocked",
    ),
    letters=(Letter("replace", "Replacement commitment", ("deadline",), ("units",), "replacement commitment", _commitment,
                   announces_inspection=True),),
)
