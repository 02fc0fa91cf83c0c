"""Changing a workspace setting, as a recorded action: the new `settings.json` is written
atomically under its lock (other settings in it are kept), and who changed what, from what,
when, is appended to `settings-log.json`.

The home currency is changed this way; the other settings are edited in `settings.json`
by hand (casefile.rules.settings says which). The reduced-inspection switch (ISO 2859-1
clause 9.3.3: the user approves reduced inspection for the workspace) lives in the log
alone, with the day each change took effect: the switching rules read every change in
date order, so its state now is the last change, not a second copy in `settings.json`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pydantic import Field

from casefile.actions.rejudge import every_lot_since, rejudge
from casefile.records.po import po_words
from casefile.records.record import stamp
from casefile.rules.settings import SETTINGS_FILE, Settings, load_settings
from casefile.rules.switching import ReducedInspection
from casefile.store.record_lists import read_records, write_json
from casefile.values.currency import check_currency
from casefile.values.days import day_given
from casefile.values.errors import CorruptCaseError, InputError
from casefile.values.model import Model
from casefile.values.text import Line

SETTINGS_LOG_FILE = "settings-log.json"
MAX_LOG_BYTES = 1_000_000
REDUCED = "reduced_inspection"


class SettingChange(Model):
    setting: Line
    old: Line
    new: Line
    by: Line
    at: datetime = Field(default_factory=stamp)
    effective: date | None = None  # the day a dated switch took effect (reduced inspection)


def setting_changes(root: Path) -> list[SettingChange]:
    return read_records(Path(root) / SETTINGS_LOG_FILE, SettingChange, "setting changes", MAX_LOG_BYTES)


def reduced_switches(root: Path) -> list[ReducedInspection]:
    """Every change of the reduced-inspection switch, as the switching rules read it."""
    return [ReducedInspection(on=c.effective or c.at.date(), allowed=c.new == "on")
            for c in setting_changes(root) if c.setting == REDUCED]


def reduced_inspection(root: Path) -> ReducedInspection | None:
    """The switch as it stands (its last change); None: never switched on, so off."""
    switches = reduced_switches(root)
    return switches[-1] if switches else None


def reduced_words(switch: ReducedInspection | None) -> str:
    """'on since 2026-11-03', 'off since ...', or 'off' when it was never switched."""
    if switch is None:
        return "off"
    return f"{'on' if switch.allowed else 'off'} since {switch.on.isoformat()}"


def set_reduced_inspection(store, state: str, on: str | None = None) -> SettingChange | None:
    """Switch reduced inspection on or off for the workspace from the day `on` (today when
    not given); None when it already is."""
    if state not in ("on", "off"):
        raise InputError(f"reduced_inspection: say on or off; got {state!r}")
    day = day_given(on, "on")
    root = Path(store.root)
    lock = store.locks.locked(root / SETTINGS_FILE)  # the lock every change of the settings takes
    try:
        changes = setting_changes(root)  # read again inside the lock
        last = next((c for c in reversed(changes) if c.setting == REDUCED), None)
        old = "off" if last is None else last.new
        if old == state:
            return None
        last_day = None if last is None else (last.effective or last.at.date())
        if last_day is not None and day < last_day:
            raise InputError(f"on: reduced inspection was switched {old} on {last_day.isoformat()}; "
                             "a later change cannot take effect before that day")
        change = SettingChange(setting=REDUCED, old=old, new=state, by=store.actor, effective=day)
        log = [c.model_dump(mode="json") for c in [*changes, change]]
        write_json(root / SETTINGS_LOG_FILE, log, store.file_mode, "the settings change")
    finally:
        lock.release()
    # every supplier's lots from that day on were judged before the switch: judged again
    rejudge(store, every_lot_since(store, day))
    return change


def set_home_currency(store, code: str) -> SettingChange | None:
    """Make `code` (ISO 4217) the workspace's home currency; None when it already is."""
    try:
        new = check_currency(code)
    except ValueError as exc:
        raise InputError(f"--home-currency: {exc}") from None
    root = Path(store.root)
    path, log_path = root / SETTINGS_FILE, root / SETTINGS_LOG_FILE
    lock = store.locks.locked(path)
    try:
        current = load_settings(root)  # read again inside the lock: another change may have landed
        if current.home_currency == new:
            return None
        held = _home_money_held(store, current.home_currency)
        if held:
            raise InputError(
                f"--home-currency: {held}; amounts already recorded in {current.home_currency} would be read as "
                f"{new}, so the home currency changes only before any is recorded. For orders paid from {new}, "
                f"open a workspace of their own: `casefile --data DIR init`, then `casefile --data DIR settings "
                f"--home-currency {new}`")
        change = SettingChange(setting="home_currency", old=current.home_currency, new=new, by=store.actor)
        # only what the file set, plus the change: a default stays a default
        kept = {**current.model_dump(mode="json", exclude_unset=True), "home_currency": new}
        Settings.model_validate(kept)
        log = [c.model_dump(mode="json") for c in [*setting_changes(root), change]]
        write_json(path, kept, store.file_mode, "the settings change")
        write_json(log_path, log, store.file_mode, "the settings change")
    finally:
        lock.release()
    return change


def _home_money_held(store, home: str) -> str:
    """The first case found holding a figure in the home currency (a planning rate, a rate
    quote, a payment), in words; "" when none does. A case that cannot be read might: it is
    named too. Stops at the first, so only a workspace with no such figure is read whole."""
    for state in store.load_all():
        if isinstance(state, CorruptCaseError):
            return f"{state.path.name} cannot be read, so it may hold amounts in {home} (`casefile check` says why)"
        held = [what for what, n in (("a planning rate", state.case.planning_rate is not None),
                                     (f"{len(state.quotes)} rate quote(s)", len(state.quotes)),
                                     (f"{len(state.payments)} payment(s)", len(state.payments))) if n]
        if held:
            return f"{po_words(state.po)} holds {' and '.join(held)} in {home}"
    return ""
