"""The style compactor and the changed-cells filter write fewer bytes, and the terminal shows
the same cells (issue #12)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style

from tui.changed_cells import ChangedCells
from tui.compact_output import StyleCompactor

_SEQUENCE = re.compile(r"\x1b\[([0-9;]*)([mHXC])|\r|\n")


# The attributes each reset parameter turns off (ECMA-48, as xterm does it).
_CLEARS = {22: (1, 2), 23: (3,), 24: (4, 21), 25: (5, 6), 27: (7,), 28: (8,), 29: (9,), 55: (53,)}


class ModelTerminal:
    """Just enough of a terminal: a grid of (character, effective style), SGR and cursor moves."""

    def __init__(self, width: int = 20, height: int = 6) -> None:
        self.width, self.height = width, height
        self.cells: dict[tuple[int, int], tuple[str, tuple]] = {}
        self.x = self.y = 0
        self.attrs: dict[str, object] = {}

    def feed(self, data: str) -> None:
        pos = 0
        for m in _SEQUENCE.finditer(data):
            self._text(data[pos:m.start()])
            pos = m.end()
            if m.group(0) == "\r":
                self.x = 0
            elif m.group(0) == "\n":
                self.y = min(self.height - 1, self.y + 1)
            elif m.group(2) == "H":
                row, _, col = m.group(1).partition(";")
                self.y, self.x = int(row or 1) - 1, int(col or 1) - 1
            elif m.group(2) == "X":  # erase: blank cells in the background colour alone
                bg = tuple(sorted((k, v) for k, v in self.attrs.items() if k == "bg"))
                for x in range(self.x, min(self.width, self.x + int(m.group(1) or 1))):
                    self.cells[self.y, x] = (" ", bg)
            elif m.group(2) == "C":
                self.x += int(m.group(1) or 1)
            else:
                self._sgr([int(p) if p else 0 for p in m.group(1).split(";")])
        self._text(data[pos:])

    def _text(self, text: str) -> None:
        for ch in text:
            if self.x < self.width:
                self.cells[self.y, self.x] = (ch, tuple(sorted(self.attrs.items())))
                self.x += 1

    def _sgr(self, params: list[int]) -> None:
        i = 0
        while i < len(params):
            p = params[i]
            if p == 0:
                self.attrs = {}
            elif p in (38, 48):
                key = "fg" if p == 38 else "bg"
                if params[i + 1] == 5:
                    self.attrs[key], i = ("256", params[i + 2]), i + 2
                else:
                    self.attrs[key], i = tuple(params[i + 2:i + 5]), i + 4
            elif 30 <= p <= 37 or 90 <= p <= 97:
                self.attrs["fg"] = p
            elif 40 <= p <= 47 or 100 <= p <= 107:
                self.attrs["bg"] = p
            elif p == 39:
                self.attrs.pop("fg", None)
            elif p == 49:
                self.attrs.pop("bg", None)
            elif p in _CLEARS:
                for flag in _CLEARS[p]:
                    self.attrs.pop(f"flag{flag}", None)
            else:
                self.attrs[f"flag{p}"] = True
            i += 1


_SHOWS_ON_BLANK = {"flag4", "flag7", "flag9", "flag21", "flag53"}  # lines, reverse video


def looks(cell: tuple[str, tuple]) -> tuple[str, tuple]:
    """What a cell looks like: a space shows only its background, unless a line or reverse
    video shows on it."""
    ch, attrs = cell
    if ch != " " or any(k in _SHOWS_ON_BLANK for k, _ in attrs):
        return cell
    return ch, tuple((k, v) for k, v in attrs if k == "bg")


def screen_of(*writes: str) -> tuple[dict, dict]:
    term = ModelTerminal()
    for data in writes:
        term.feed(data)
    return {at: looks(cell) for at, cell in term.cells.items()}, term.attrs


STYLES = [None, Style(), Style(color="color(253)", bgcolor="color(233)"), Style(bgcolor="color(233)"),
          Style(bold=True, color="color(214)", bgcolor="color(17)"), Style(reverse=True, color="red"),
          Style(color="#ff8800", italic=True, underline=True), Style(dim=True, strike=True, bgcolor="blue"),
          Style(bold=True, dim=True, overline=True, bgcolor="color(235)"), Style(underline2=True, blink=True, conceal=True),
          Style(bold=True, color="color(247)", bgcolor="#102030")]
texts = st.one_of(st.text("ab ·█", max_size=5), st.integers(10, 16).map(lambda n: " " * n))
runs = st.lists(st.tuples(st.sampled_from(STYLES), texts), max_size=8)
lines = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 20), runs), max_size=6)


def frame(rows) -> str:
    """What Textual writes for an update: per line a cursor move, then each run in its style."""
    out = []
    for y, x, segments in rows:
        out.append(f"\x1b[{y};{x}H")
        out.extend(Style.render(style, text, color_system="256") if style is not None else text
                   for style, text in segments)
        out.append("\r\n")
    return "".join(out)


@settings(max_examples=400)
@given(st.lists(lines, min_size=1, max_size=3))
def test_the_terminal_shows_the_same_cells(frames):
    writes = [frame(f) for f in frames]
    compact = StyleCompactor()
    assert screen_of(*map(compact, writes)) == screen_of(*writes)


def test_a_line_in_one_style_sends_its_style_once():
    style = Style(color="color(253)", bgcolor="color(233)")
    line = "\x1b[3;1H" + "".join(Style.render(style, ch, color_system="256") for ch in "scattered") + "\r\n"
    compacted = StyleCompactor()(line)
    assert compacted == "\x1b[3;1H\x1b[38;5;253;48;5;233mscattered\r\n\x1b[0m"
    assert len(compacted) < len(line) / 5


def test_a_style_carries_over_a_line_end_but_not_into_plain_text():
    style = Style(bgcolor="color(233)")
    compact = StyleCompactor()
    out = compact(Style.render(style, "a") + "\r\n\x1b[2;1H" + Style.render(style, "b") + "plain")
    assert out == "\x1b[48;5;233ma\r\n\x1b[2;1Hb\x1b[0mplain"
    assert compact(Segment("x").text) == "x"  # the next write starts from the reset it left


def test_a_change_of_style_sends_only_what_changes():
    row, plain = Style(color="color(253)", bgcolor="color(235)"), Style(color="color(247)", bgcolor="color(235)")
    bold = Style(bold=True, color="color(247)", bgcolor="color(235)")
    line = "".join(Style.render(style, text, color_system="256")
                   for style, text in ((row, "Held "), (plain, "¥58,800"), (bold, " #1"), (row, " end")))
    compacted = StyleCompactor()(line)
    assert compacted == ("\x1b[38;5;253;48;5;235mHeld \x1b[38;5;247m¥58,800\x1b[1m #1"
                         "\x1b[22;38;5;253m end\x1b[0m")
    assert screen_of(compacted) == screen_of(line)


def through_driver():
    """What the app's driver does to each write: changed cells only, then styles compacted."""
    changed, compact = ChangedCells(), StyleCompactor()
    return lambda data: compact(changed(data))


@settings(max_examples=400)
@given(st.lists(lines, min_size=1, max_size=4))
def test_only_changed_cells_are_written_and_the_terminal_shows_the_same_cells(frames):
    writes = [frame(f) for f in frames]
    driver = through_driver()
    assert screen_of(*map(driver, writes)) == screen_of(*writes)


@settings(max_examples=400)
@given(st.lists(lines, min_size=1, max_size=4))
def test_frames_gathered_into_one_write_show_the_same_cells(frames):
    writes = [frame(f) for f in frames]
    assert screen_of(through_driver()("".join(writes))) == screen_of(*writes)


def test_a_cell_written_again_in_the_same_write_is_sent_once_as_it_ends():
    style = Style(bgcolor="color(233)")
    loading = frame([(2, 1, [(style, "Loading…")])])
    shown = frame([(2, 1, [(style, "Balance LOCKED")])])
    out = through_driver()(loading + shown)
    assert "Loading" not in out and out.count("Balance LOCKED") == 1


def test_a_frame_painted_again_writes_no_cell():
    style = Style(color="color(253)", bgcolor="color(233)")
    rows = [(y, 1, [(style, "Case PO/2026/114"), (None, " · Shenzhen")]) for y in range(1, 7)]
    driver = through_driver()
    first = driver(frame(rows))
    assert "Shenzhen" in first
    assert driver(frame(rows)) == ""


def test_a_changed_character_is_all_that_is_written():
    style = Style(bgcolor="color(233)")
    driver = through_driver()
    driver(frame([(2, 1, [(style, "Balance locked")])]))
    out = driver(frame([(2, 1, [(style, "Balance LOCKED")])]))
    assert out == "\x1b[2;9H\x1b[48;5;233mLOCKED\x1b[3;1H\x1b[0m"


def test_a_long_blank_run_is_erased_not_written_unless_reverse_video_would_show():
    plain, reverse = Style(bgcolor="color(17)"), Style(reverse=True, color="color(17)")
    blank_then_text = [(1, 1, [(plain, " " * 30 + "esc Back")])]
    out = through_driver()(frame(blank_then_text))
    assert "\x1b[30X\x1b[30C" in out and " " * 12 not in out
    assert " " * 30 in through_driver()(frame([(1, 1, [(reverse, " " * 30)])]))


def test_after_an_erase_or_a_mode_change_the_frame_is_written_in_full():
    driver = through_driver()
    rows = [(1, 1, [(None, "same text")])]
    driver(frame(rows))
    assert "same text" in driver("\x1b[2J" + frame(rows))
    changed = ChangedCells()
    changed(frame(rows))
    changed.forget()  # what the app does when the terminal is resized
    assert "same text" in changed(frame(rows))
