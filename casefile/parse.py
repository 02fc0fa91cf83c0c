"""Parsing what users type on the command line or in forms."""

from __future__ import annotations

from casefile.case import parse_po
from casefile.errors import InputError
from casefile.numbers import parse_whole


def po_argument(text: str) -> str:
    try:
        return parse_po(text)
    except ValueError as exc:
        raise InputError(f"PO: {exc}") from None


def whole_number(text: str, field: str, example: str = "3000") -> int:
    """A count as typed in a form or after a flag: "3000" or "3,000" (never "3,00")."""
    try:
        return parse_whole(text, example)
    except ValueError as exc:
        raise InputError(f"{field}: {exc}") from None
