"""Recording a decision (`casefile decide`, the decision form)."""

from __future__ import annotations

from casefile.records.retries import already_stored
from casefile.rules.decision_terms import DecisionTerms, check_terms, decision_from, describe_terms
from casefile.store.protocol import CaseStore, Change
from casefile.values import clock


def record_decision(ws: CaseStore, po: str, terms: DecisionTerms, *, expected_revision: int | None = None):
    """Record `terms` as the decision in force for `po`, checked against the case on disk
    inside the locked write; returns the new CaseState."""

    def change(state):
        # without a report named, the decision rests on the latest: what was stored then
        given = terms.model_dump(mode="json", exclude={"id"} | ({"report_id"} if terms.report_id is None else set()))
        if already_stored(state, "decisions", terms.id, given):
            return Change("decision already recorded")
        report_id = check_terms(state, terms, clock.today())
        decision = decision_from(terms, report_id, ws.actor)
        return Change("decision recorded", describe_terms(decision), records=[decision])

    return ws.transact(po, change, expected_revision=expected_revision)
