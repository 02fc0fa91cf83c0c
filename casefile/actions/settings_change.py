"""Changing a workspace setting, as a recorded action: the new `settings.json` is written
atomically under its lock (other settings in it are kept), and who changed what, from what,
when, is appended to `settings-log.json`.

Only the home currency is changed this way today; the other settings are edited in
`settings.json` by hand (casefile.rules.settings says which)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pydantic import Field, ValidationError

from casefile.records.record import stamp
from casefile.rules.settings import SETTINGS_FILE, Settings, load_settings
from casefile.store import atomic
from casefile.values.currency import check_currency
from casefile.values.errors import InputError, StorageError, describe_validation
from casefile.values.model import Model
from casefile.values.text import Line
from casefile.values.untrusted import describe_os_error, load_json, read_regular

SETTINGS_LOG_FILE = "settings-log.json"
MAX_LOG_BYTES = 1_000_000


class SettingChange(Model):
    setting: Line
    old: Line
    new: Line
    by: Line
    at: datetime = Field(default_factory=stamp)


def setting_changes(root: Path) -> list[SettingChange]:
    path = Path(root) / SETTINGS_LOG_FILE
    try:
        data = load_json(read_regular(path, MAX_LOG_BYTES))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise InputError(f"{path}: {describe_os_error(exc)}") from None
    except ValueError as exc:
        raise InputError(f"{path}: not a list of setting changes ({exc})") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: not a list of setting changes")
    try:
        return [SettingChange.model_validate(d) for d in data]
    except ValidationError as exc:
        raise InputError(f"{path}: {describe_validation(exc)}") from None


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
        try:
            atomic.atomic_write(path, json.dumps(kept, ensure_ascii=False, indent=1).encode(), store.file_mode)
            atomic.atomic_write(log_path, json.dumps(log, ensure_ascii=False, indent=1).encode(), store.file_mode)
        except OSError as exc:
            raise StorageError(path, exc, saved=isinstance(exc, atomic.ReplacedButNotSynced),
                               what="the settings change") from exc
    finally:
        lock.release()
    return change
