"""A table cell cut to its column's width, a figure in it never cut (issue #12)."""

from __future__ import annotations

import re

from rich.text import Text

from screens.widgets.plain import plain

# a number with its currency symbol and brackets: "¥1,234.50", "(GH₵12)", "215.5000;"
_FIGURE = re.compile(r"\(?[^\s\d(]{0,4}\d[\d,.]*[KMBT%]?\)?[,;:.)]*")


def cell(text: Text | str, width: int) -> Text:
    """`text` on one line, cut to `width` with an ellipsis (Text, not str: a str cell is
    read as markup). A Text is taken as already made safe (screens.widgets.plain).

    A figure is never cut (issue #12): when the cut falls inside one ('¥1,234,567.00',
    '(₦12.50)', '215.5000'), the ellipsis goes before it."""
    text = text.copy() if isinstance(text, Text) else plain(text.replace("\n", " "))
    whole = text.plain
    text.truncate(width, overflow="ellipsis")
    kept = len(text.plain) - 1
    if text.plain == whole or kept < 0:
        return text
    start, end = kept, kept
    while start > 0 and not whole[start - 1].isspace():
        start -= 1
    while end < len(whole) and not whole[end].isspace():
        end += 1
    if _FIGURE.fullmatch(whole[start:end]):
        text = text[:start]
        text.rstrip()
        text.append("…")
    return text
