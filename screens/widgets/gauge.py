"""A gauge of defects found against a class's Ac/Re, with the band as a picture.

The bar runs from 0 to a bit past twice Re, so "far over" has room to show. The
accept zone is drawn with dots and the reject line with a bar character, so the picture
reads without colour (16-colour terminals, colour-blind users).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

BAND_WORDS = {"pass": "within limits"}  # the other bands read as they are named


def gauge_text(found: int, accept: int, reject: int, width: int) -> Text:
    """The bar itself, `width` cells: '█' found, '·' the accept zone, '│' at Re, '¦' at 2·Re."""
    scale = max(2 * reject + max(2, reject // 2), found + 1)
    cell = lambda n: min(width - 1, round(n * width / scale))  # noqa: E731 (tiny local helper)
    bar = [" "] * width
    for i in range(cell(accept + 1)):
        bar[i] = "·"
    filled = 0 if found == 0 else max(1, cell(found))
    marks = {cell(reject): "│", cell(2 * reject): "¦"}
    text = Text()
    for i in range(width):
        colour = "green" if found <= accept else ("yellow" if found <= reject else "red")
        if i in marks:  # the limits stay visible even under the bar
            text.append(marks[i], style=f"bold reverse {colour}" if i < filled else "bold")
        elif i < filled:
            text.append("█", style=f"bold {colour}")
        else:
            text.append(bar[i], style="dim")
    return text


class ClassGauge(Widget):
    """One defect class: name, bar, and the numbers in words."""

    DEFAULT_CSS = """
    ClassGauge {
        height: 2;
        width: 100%;
    }
    """

    def __init__(self, defect_class: str, found: int, accept: int, reject: int, band: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.defect_class = defect_class
        self.found = found
        self.accept = accept
        self.reject = reject
        self.band = band

    def render(self) -> Text:
        width = max(10, self.size.width - 10)
        line = Text(f"{self.defect_class:<9}")
        line.append_text(gauge_text(self.found, self.accept, self.reject, width))
        verdict = "PASS" if self.found <= self.accept else "FAIL"
        excess = self.found - self.accept
        words = f"\n{'':<9}{verdict}: {self.found} found, Ac {self.accept} / Re {self.reject}"
        if excess > 0:
            words += f", {excess} over Ac"
        words += f" - {BAND_WORDS.get(self.band, self.band)}"
        line.append(words, style="bold" if verdict == "FAIL" else "")
        return line
