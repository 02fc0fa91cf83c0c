"""Parsing what users type on the command line or in forms."""

from __future__ import annotations

from casefile.case import parse_po
from casefile.errors import InputError


def po_argument(text: str) -> str:
    try:
        return parse_po(text)
    except ValueError as exc:
        raise InputError(f"PO: {exc}") from None
