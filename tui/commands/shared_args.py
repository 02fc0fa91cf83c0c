"""Arguments more than one sub-command parses the same way (tui/commands/common.py holds
the workspace, validation and printing helpers)."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from casefile.values.errors import InputError, describe_validation
from casefile.values.currency import DEFAULT_HOME_CURRENCY
from casefile.values.money import Rate, home_context

_RATE = TypeAdapter(Rate)


def rate_argument(text: str | None, flag: str = "--rate", home: str = DEFAULT_HOME_CURRENCY) -> Rate | None:
    """`home` (the workspace's currency) per 1 CNY as typed after `flag`, or None when it was not given."""
    if text is None:
        return None
    try:
        return _RATE.validate_python(text, context=home_context(home))
    except ValidationError as exc:
        raise InputError(describe_validation(exc, flag)) from None


def given(**values) -> dict:
    """The options the user typed: argparse leaves the others None, and the models'
    defaults should apply to them."""
    return {k: v for k, v in values.items() if v is not None}
