"""The workspace as the CLI, the app, the demo and scripts open it: where it lives, and
the store with the rules' summariser (casefile/rules/assessment.py) handed to it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.records.case_summary import CaseSummary
from casefile.store.tinydb_store import TinyDBStore
from casefile.values.errors import CorruptCaseError

if TYPE_CHECKING:
    from casefile.records.case_state import CaseState
    from casefile.store.protocol import Change, CheckResult, FirstCases, Progress


class Workspace(TinyDBStore):
    """The TinyDB store, summarising each case by the rules, and handing each case it reads
    its supplier's other lots (from the index) for the switching rules."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, summarize=self._summarize)
        # supplier keys -> (their lots as the index gave them, what was recorded, the timeline
        # made of them): shared by every case of the supplier until its lots change
        self._timelines: dict[tuple[str, ...], tuple[tuple, tuple, Any]] = {}

    def _summarize(self, state: CaseState, file: str) -> CaseSummary:
        # imported when a case is read or written, for start-up: `list` and `agenda` read only
        # the index, and importing the rules (every record model) took a third of `list`
        from casefile.rules.assessment import summarize

        return summarize(self.in_context(state), file)

    def in_context(self, state: CaseState) -> CaseState:
        """`state` with the first inspections of its supplier's lots: one small index file
        read (casefile/store/index.py), and what the user recorded for the supplier's
        switching, with the switching history made of them, shared by the supplier's cases
        while they are the same (a `check` makes each supplier's once, not once per case).
        A write's new state is a copy that keeps them."""
        # start-up: as in _summarize
        from casefile.actions.switching_recorded import switching_recorded
        from casefile.rules.supplier_switching import Timeline

        keys = tuple(sorted(self.supplier_keys(state.case.supplier)))
        recorded = switching_recorded(self.root).for_supplier(keys)
        lots = tuple(self.index.supplier_lot_tuple(key) for key in keys)
        if not recorded and not any(lots):  # nothing to share: the state as read, as before
            return state.with_supplier_lots((), ())
        known = self._timelines.get(keys)
        if (known is not None and len(known[0]) == len(lots) and all(a is b for a, b in zip(known[0], lots))
                and known[1] == recorded):
            timeline = known[2]
        else:  # made again from the one before, where the lots changed
            timeline = Timeline([lot for part in lots for lot in part], recorded,
                                previous=known[2] if known is not None else None)
            self._timelines[keys] = (lots, recorded, timeline)
        return state.with_supplier_lots(timeline.lots, recorded, timeline)

    def supplier_keys(self, name: str) -> set[str]:
        """Every normalised name the supplier `name` goes by: a merge
        (casefile/actions/supplier_merge.py) joins the lots of several spellings."""
        # start-up: as in _summarize
        from casefile.actions.supplier_merge import supplier_merges
        from casefile.rules.supplier_record import keys_of

        return keys_of(name, supplier_merges(self.root))

    def transact(self, po: str, fn: Callable[[CaseState], Change], *,
                 expected_revision: int | None = None) -> CaseState:
        """The store's write; when it moved the case's lot among its supplier's (a report
        entered late, a supplier changed), the lots after it are judged again (rejudge.py)."""
        before = self.index.entry_lot(po)
        state = super().transact(po, fn, expected_revision=expected_revision)
        after = self.index.entry_lot(po)
        if after != before:
            # start-up: the re-judging, only when a lot moved
            from casefile.actions.rejudge import after_write

            after_write(self, po, before, after)
        return state

    def check(self, *, rebuild_index: bool = False, progress: Progress | None = None) -> CheckResult:
        """The store's check. A rebuilt index was made in file order, each lot judged from its
        supplier's lots as the index held them then (none, when it was lost): a supplier whose
        lots the rebuild changed has them judged again, in date order, from the first one that
        changed (rejudge.py; an index that was whole needs none).

        Each supplier's switching history is made once and shared by its cases (in_context),
        and let go after: the app would otherwise hold every supplier's for good."""
        before = self.index.all_supplier_lots() if rebuild_index else {}
        try:
            result = super().check(rebuild_index=rebuild_index, progress=progress)
            if rebuild_index:
                # start-up: the re-judging, only after a rebuild
                from casefile.actions.rejudge import changed_since, rejudge

                rejudge(self, changed_since(self, before, self.index.all_supplier_lots()), progress)
        finally:
            self._timelines.clear()
            self.index.forget_supplier_lots()
        return result

    def first_cases(self, n: int) -> FirstCases | None:
        """The case list's first `n` cases by PO, read ahead of the rest for the app's first
        paint; None when the whole list must be read (casefile/store/first_cases.py)."""
        from casefile.store.first_cases import first_cases  # start-up: the commands never use it

        return first_cases(self, n)

    def load(self, po: str) -> CaseState:
        return self.in_context(super().load(po))

    def load_all(self) -> Iterator[CaseState | CorruptCaseError]:
        for state in super().load_all():
            yield state if isinstance(state, CorruptCaseError) else self.in_context(state)


def resolve_workspace(data: str | None) -> Path:
    """Where the workspace lives: --data, else $CASEFILE_HOME, else the user data folder."""
    if data:
        return Path(data).expanduser()
    env = os.environ.get("CASEFILE_HOME")
    if env:
        return Path(env).expanduser()
    return _user_data() / "workspace"


def demo_workspace_path() -> Path:
    """The demo lives apart from real data, so the two are never mixed."""
    return _user_data() / "demo"


def _user_data() -> Path:
    # start-up: platformdirs (12 ms) only when no --data names the workspace
    from platformdirs import user_data_path

    return user_data_path("casefile")
