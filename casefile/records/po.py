"""PO numbers: as users type them, as file names, and what they look like."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

from casefile.values.text import _no_control, _single_line

PO_MAX = 64


def _check_po(v: str) -> str:
    v = unicodedata.normalize("NFC", v.strip())
    if not v:
        raise ValueError("PO number is empty; write it as on the order, e.g. PO/2026/114")
    if len(v) > PO_MAX:
        raise ValueError(f"PO number is {len(v)} characters long; at most {PO_MAX}")
    _no_control(v)
    _single_line(v)
    return v


PONumber = Annotated[str, Field(strict=True), AfterValidator(_check_po)]


def parse_po(value: str) -> str:
    """Validate a PO number typed by a user (raises ValueError with the reason)."""
    if not isinstance(value, str):
        raise ValueError("PO number must be text")
    return _check_po(value)


_SAYS_PO = re.compile(r"P\.?O(?![A-Za-z])", re.IGNORECASE)  # PO/2026/133, PO-1, PO_1, P.O. 77; not POL-9


def po_words(po: str) -> str:
    """The order as a letter names it: "PO 4500012345", but a number that says PO already
    as it is ("PO/2026/133", never "PO PO/2026/133")."""
    return po if _SAYS_PO.match(po) else f"PO {po}"


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def po_filename(po: str) -> str:
    """A safe, unique file stem for a PO: readable ASCII part plus a hash of the exact PO.

    Nothing the user types reaches the file system as a path: only [A-Za-z0-9-] and hex.
    """
    ascii_part = _NOT_ALNUM.sub("-", po).strip("-")[:40] or "po"
    if ascii_part.upper() in _WINDOWS_RESERVED:  # "CON.x.json" is still the console on Windows
        ascii_part = f"po-{ascii_part}"
    return f"{ascii_part}.{po_digest(po)}"


def po_digest(po: str) -> str:
    """The part of a PO's file stem that depends on the exact PO."""
    return hashlib.sha256(po.encode("utf-8")).hexdigest()[:12]


def po_skeleton(po: str) -> str:
    """What a PO looks like, for telling look-alikes apart: `PO-1`, `PO‐1` (U+2010),
    `ＰＯ-1` (fullwidth), `po-1`, `РО-1` (Cyrillic) and `PO - 1` vs `PO -  1` share one.

    NFKC folds width and compatibility forms, casefold folds case; then every dash and
    minus becomes '-', runs of spaces one space, and the Cyrillic and Greek letters that
    look like Latin ones become those."""
    text = unicodedata.normalize("NFKC", po).casefold()
    text = "".join("-" if _is_dash(ch) else ch for ch in text)
    return " ".join(text.split()).translate(_LATIN_LOOKALIKES)


def _is_dash(ch: str) -> bool:
    return unicodedata.category(ch) == "Pd" or ch in "\u2212\u2043\u02d7\u2796\ufe63\uff0d"


# casefolded Cyrillic and Greek letters drawn like a Latin letter (upper or lower case)
_LATIN_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ү": "y", "һ": "h", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k",
    "μ": "m", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "y", "χ": "x",
})


# the device names an ASCII part can spell (the rest, e.g. "CONIN$", cannot reach a file name)
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{name}{n}" for name in ("COM", "LPT") for n in "0123456789"]
)
