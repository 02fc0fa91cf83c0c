"""Thresholds the diagnosis and the option comparison use: settings, not literals in code.

A workspace may override any of them in `settings.json` at its root, e.g.
`{"systematic_unit_percent": "15"}`; a missing file means the defaults.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field, ValidationError

from casefile.values.currency import DEFAULT_HOME_CURRENCY, check_currency, fmt_home
from casefile.values.errors import WorkspaceFileBad, describe_validation
from casefile.values.model import Model
from casefile.values.money import Percent, home_context, parse_decimal
from casefile.values.untrusted import describe_os_error, load_json, read_regular

SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 64_000

Factor = Annotated[Decimal, BeforeValidator(lambda v: parse_decimal(v, "factor")), Field(gt=1)]
Days = Annotated[int, Field(ge=0, le=365, strict=True)]
Currency = Annotated[str, BeforeValidator(check_currency)]


class Settings(Model):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A defect type is systematic when it hits at least this share of the sampled units...
    systematic_unit_percent: Percent = Decimal("10")
    # ...or at least this share of the sampled cartons, where the report records cartons.
    systematic_carton_percent: Percent = Decimal("50")
    # Bands: found == Re is "at the line"; up to far_over_factor x Re "clearly over"; beyond, "far over".
    far_over_factor: Factor = Decimal("2")
    # A rework deadline suggested this many days from today, when none is agreed yet.
    rework_days: Days = 10
    # The currency the importer pays from (ISO 4217), for amounts shown beside CNY.
    home_currency: Currency = DEFAULT_HOME_CURRENCY

    def format_home(self, amount: Decimal) -> str:
        return fmt_home(amount, self.home_currency)

    def validation_context(self) -> dict[str, str]:
        """For `model_validate(..., context=...)`: refusals of home-currency amounts and
        rates name this workspace's home currency (casefile.values.money)."""
        return home_context(self.home_currency)


DEFAULT_SETTINGS = Settings()


def load_settings(root: Path | str) -> Settings:
    """The workspace's settings (defaults for anything the file does not set)."""
    path = Path(root) / SETTINGS_FILE
    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return DEFAULT_SETTINGS
    except OSError as exc:
        raise WorkspaceFileBad(f"{path}: {describe_os_error(exc)}") from None
    try:
        data = load_json(raw)
    except json.JSONDecodeError as exc:
        raise WorkspaceFileBad(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except ValueError as exc:  # too deep, or not UTF-8
        raise WorkspaceFileBad(f"{path}: not a settings file ({exc})") from None
    if not isinstance(data, dict):
        raise WorkspaceFileBad(f"{path}: expected an object of settings, e.g. {{\"rework_days\": 14}}")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise WorkspaceFileBad(f"{path}: " + describe_validation(exc)) from None
