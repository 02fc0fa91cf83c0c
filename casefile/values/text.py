"""Stored text: single lines and free text, never with a control character in them."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def not_utf8_words(v: str) -> str | None:
    """What to say of text holding a byte that is not UTF-8 (Python keeps such a byte of a
    command-line argument as a lone surrogate U+DC80..U+DCFF), or None when it holds none."""
    for i, ch in enumerate(v):
        if "\udc80" <= ch <= "\udcff":
            return (f"contains a byte that is not UTF-8 text (0x{ord(ch) - 0xDC00:02X}) at position {i + 1}; "
                    "set the terminal to UTF-8 and type it again")
    return None


def _no_control(v: str) -> str:
    if v.isprintable():  # fast path: no Cc/Cf/Cs/Co/Cn (nor separators) anywhere
        return v
    if (words := not_utf8_words(v)) is not None:
        raise ValueError(words)
    for i, ch in enumerate(v):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\n\t":
            raise ValueError(f"contains a control character (U+{ord(ch):04X}) at position {i + 1}")
    return v


def _single_line(v: str) -> str:
    # U+2028/U+2029 break the line in editors, JSON viewers and some terminals
    if "\n" in v or "\t" in v or "\u2028" in v or "\u2029" in v:
        raise ValueError("must be a single line (no line break, tab, or U+2028/U+2029 separator)")
    return v


def _one_line(v: str) -> str:
    if v.isprintable():  # one C call for the usual case: index shards hold 10,000s of these
        return v
    return _single_line(_no_control(v))


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_one_line),
]
OptionalLine = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_one_line),
]
Text = Annotated[
    str, StringConstraints(max_length=20_000), AfterValidator(_no_control),
]


def shorten(text: str, width: int) -> str:
    """`text` in at most `width` characters, ending in "…" when it was cut (never cut silently)."""
    return text if len(text) <= width else text[:width - 1] + "…"
