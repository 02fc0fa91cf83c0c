"""Numbers as people write them: digits, with a comma only between exact thousands groups.

In much of the world "12,5" means twelve and a half, so a comma is read as a thousands
separator only in its exact form ("1,250", "12,500,000"); "12,5", "1,2,5", "1,25" and
",125" are refused rather than read as 125. Counts (here), money and rates
(casefile/values/money.py) follow the same rule.
"""

from __future__ import annotations

import re

# 1-3 digits, then groups of exactly three; a first group of "0" or "012" is no grouping
GROUPED = r"[1-9][0-9]{0,2}(?:,[0-9]{3})+"
_WHOLE = re.compile(rf"[0-9]+|{GROUPED}")
_MAX_DIGITS = 18  # past every bound a count has; int() of a longer text is never tried
COMMA_RULE = 'a comma only separates thousands, in groups of three ("1,250"); "12,5" could mean twelve and a half'


def whole_digits(text: str) -> str | None:
    """The digits of `text` without thousands commas ("1,250" -> "1250"), or None when it
    is not a whole number written plainly or with exact grouping."""
    text = text.strip()
    return text.replace(",", "") if _WHOLE.fullmatch(text) else None


def parse_whole(text: str, example: str = "125") -> int:
    """A non-negative whole number as typed; ValueError saying what is expected."""
    digits = whole_digits(text)
    if digits is None:
        hint = f" ({COMMA_RULE})" if "," in text else ""
        raise ValueError(f"expected a whole number such as {example}, got {text!r}{hint}")
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise ValueError(f"a number of {len(digits):,} digits is too large here")
    return int(digits)


def whole_from_text(value: object) -> object:
    """For a BeforeValidator: text becomes its whole number (ValueError when it is not
    one); anything else goes on to the field's own type check."""
    return parse_whole(value) if isinstance(value, str) else value
