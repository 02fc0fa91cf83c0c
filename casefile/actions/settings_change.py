"""Changing a workspace setting, as a recorded action: the new `settings.json` is written
atomically under its lock (other settings in it are kept), and who changed what, from what,
when, is appended to `settings-log.json`.

Only the home currency is changed this way today; the other settings are edited in
`settings.json` by hand (casefile.rules.settings says which)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import Field

from casefile.records.record import stamp
from casefile.rules.settings import SETTINGS_FILE, Settings, load_settings
from casefile.store.record_lists import read_records, write_json
from casefile.values.currency import check_currency
from casefile.values.errors import InputError
from casefile.values.model import Model
from casefile.values.text import Line

SETTINGS_LOG_FILE = "settings-log.json"
MAX_LOG_BYTES = 1_000_000


class SettingChange(Model):
    setting: Line
    old: Line
    new: Line
    by: Line
    at: datetime = Field(default_factory=stamp)


def setting_changes(root: Path) -> list[SettingChange]:
    return read_records(Path(root) / SETTINGS_LOG_FILE, SettingChange, "setting changes", MAX_LOG_BYTES)


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
