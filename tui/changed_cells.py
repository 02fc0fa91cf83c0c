"""Only the cells that change are written to the terminal (issue #12).

Textual 8.2.8 repaints whole regions, often the whole screen, for a change of a line or
two: a screen opened paints 3-4 full frames (resumed, laid out after mount, its footer
composed, its data shown), 3.5-4 KB each at 80x24 over SSH. Here the output is rewritten
against a copy of what the terminal shows: a cell already showing the same character in
the same style is not sent again, so a repeated frame costs nothing and a changed frame
costs its changed cells. Within one write, a cell written again later in the same write is
sent only the last time (the driver gathers the frames of a moment into one write, so a
frame that a layout pass redraws a few milliseconds later costs nothing).

What it understands: cursor moves (CUP), styles (SGR), CR, LF and printable text, which is
all Textual writes for a frame. Anything else (modes, the alternate screen, erases) is
passed through in order and the copy is forgotten, so the next frame is written in full;
the app forgets it too when the terminal is resized (the terminal may have moved cells).
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

from tui.compact_output import Style, apply_sgr

_TOKEN = re.compile(
    r"(?P<cup>\x1b\[(?P<row>\d*)(?:;(?P<col>\d*))?H)"
    r"|(?P<sgr>\x1b\[(?P<params>[0-9;:]*)m)"
    r"|(?P<keep>\x1b\[\?(?:25|2026)[hl]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))"  # cursor shown, sync, OSC
    r"|(?P<other>\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[\x00-\x07\x08\x0b-\x0c\x0e-\x1a\x1c-\x1f\x7f])"
    r"|(?P<cr>\r)|(?P<lf>\n)"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
)
_WIDE = "\x00"  # the right half of a double-width character
_GAP = 6  # unchanged cells worth sending rather than a cursor move (ESC[r;cH)
_BLANKS = re.compile(" {12,}")  # worth an erase and a step right (ESC[nX ESC[nC)
_SHOWS_ON_BLANK = {"4", "7", "9", "21", "53"}  # underline, reverse, strike, double underline, overline

_LONGEST = 256  # an unfinished escape sequence longer than this is not one: sent as it is


def _erasable(style: Style) -> bool:
    """Whether a space in `style` looks like a cell erased in it: the terminal erases in the
    background colour alone (xterm's bce), so not when a line or reverse video would show."""
    params = ";".join(style).replace(":", ";").split(";")
    i = 0
    while i < len(params):
        if params[i] in ("38", "48", "58"):  # a colour: its numbers are not attributes
            i += 3 if params[i + 1:i + 2] == ["5"] else 5
            continue
        if params[i] in _SHOWS_ON_BLANK:
            return False
        i += 1
    return True


def _with_erases(text: str) -> tuple[str, int]:
    """`text` with each long run of spaces erased and stepped over rather than written, and
    how far short of its end the cursor stops (a run at the end is erased, not stepped over)."""
    parts, pos = [], 0
    for m in _BLANKS.finditer(text):
        parts.append(text[pos:m.start()])
        n = m.end() - m.start()
        parts.append(f"\x1b[{n}X")
        if m.end() == len(text):
            return "".join(parts), n
        parts.append(f"\x1b[{n}C")
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts), 0


def _sgr(style: Style) -> str:
    return f"\x1b[{';'.join(('0', *style))}m"


class ChangedCells:
    """Rewrites a terminal output stream so that only changed cells are written."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, Style]] = {}  # what the terminal shows
        self.pending = ""  # an escape sequence cut by the end of a write
        self.style: Style = ()  # the app's style in force
        self.x = self.y = 0  # the app's cursor (0-based)
        self.at: tuple[int, int] | None = None  # the terminal's cursor, when known
        self._last: dict[tuple[int, int], int] = {}  # per cell, the last character of this write to it
        self._seq = 0  # the number of the character being written, in this write

    def forget(self) -> None:
        """The terminal's cells are unknown (resized, cleared): the next frame goes in full."""
        self.cells.clear()
        self.at = None

    def __call__(self, data: str) -> str:
        data, self.pending = self.pending + data, ""
        out: list[str] = []
        self._last, self._seq = self._last_writes(data), 0
        pos = 0
        while pos < len(data):
            m = _TOKEN.match(data, pos)
            if m is None:  # an escape sequence not complete yet: wait for the rest
                if len(data) - pos > _LONGEST:
                    self._cursor(out)
                    out.append(data[pos:])
                    self.forget()
                else:
                    self.pending = data[pos:]
                break
            pos = m.end()
            kind = m.lastgroup
            if kind == "cup":
                self.y, self.x = int(m["row"] or 1) - 1, int(m["col"] or 1) - 1
            elif kind == "sgr":
                self.style = apply_sgr(self.style, m["params"])
            elif kind == "cr":
                self.x = 0
            elif kind == "lf":
                self.y += 1
            elif kind == "text":
                self._text(m["text"], out)
            else:
                self._cursor(out)
                out.append(_sgr(self.style))
                out.append(m.group(0))
                if kind == "other":
                    self.forget()
        self._cursor(out)
        out.append(_sgr(self.style))
        return "".join(out)

    def _last_writes(self, data: str) -> dict[tuple[int, int], int]:
        """For each cell `data` writes, the number of the last character written to it."""
        last: dict[tuple[int, int], int] = {}
        y, x, seq, pos = self.y, self.x, 0, 0
        while (m := _TOKEN.match(data, pos)) is not None:
            pos = m.end()
            kind = m.lastgroup
            if kind == "cup":
                y, x = int(m["row"] or 1) - 1, int(m["col"] or 1) - 1
            elif kind == "cr":
                x = 0
            elif kind == "lf":
                y += 1
            elif kind == "text":
                for ch in m["text"]:
                    width = get_character_cell_size(ch)
                    if width:
                        last[y, x] = seq
                        if width == 2:
                            last[y, x + 1] = seq
                        seq, x = seq + 1, x + width
        return last

    def _cursor(self, out: list[str]) -> None:
        if self.at != (self.y, self.x):
            out.append(f"\x1b[{self.y + 1};{self.x + 1}H")
            self.at = (self.y, self.x)

    def _text(self, text: str, out: list[str]) -> None:
        y, style, cells = self.y, self.style, self.cells
        chars: list[tuple[int, str, int, bool]] = []  # x, character, width, changed
        x = self.x
        for ch in text:
            width = get_character_cell_size(ch)
            if width == 0:  # combining: joins the cell before it; send the run as written
                chars = [(cx, c, w, True) for cx, c, w, _ in chars]
                chars.append((x, ch, 0, True))
                continue
            same = cells.get((y, x)) == (ch, style) and (width == 1 or cells.get((y, x + 1)) == (_WIDE, style))
            # Written again later in this write, every cell of it: only that last write is sent.
            later = self._last.get((y, x), -1) > self._seq and (width == 1 or self._last.get((y, x + 1), -1) > self._seq)
            self._seq += 1
            chars.append((x, ch, width, not (same or later)))
            x += width
        self.x = x
        spans: list[list[tuple[int, str, int, bool]]] = []
        last_changed = None
        for i, item in enumerate(chars):
            if not item[3]:
                continue
            if last_changed is not None and item[0] - (chars[last_changed][0] + chars[last_changed][2]) < _GAP:
                spans[-1].extend(chars[last_changed + 1:i + 1])
            else:
                spans.append([item])
            last_changed = i
        erasable = _erasable(style)
        for span in spans:
            self.x, self.y = span[0][0], y
            self._cursor(out)
            out.append(_sgr(style))
            text = "".join(ch for _, ch, _, _ in span)
            short = 0
            if erasable and text.isascii():  # one cell per character
                text, short = _with_erases(text)
            out.append(text)
            # Where the app's own write would have left it too (past the last column, the
            # same pending wrap), unless the span ends in an erase.
            self.at = (y, span[-1][0] + span[-1][2] - short)
            for cx, ch, width, _ in span:
                self._put(y, cx, ch, width, style)
        self.x, self.y = x, y

    def _put(self, y: int, x: int, ch: str, width: int, style: Style) -> None:
        cells = self.cells
        if width == 0:  # a combining mark: the cell before it is no longer known
            cells.pop((y, x - 1), None)
            return
        if cells.get((y, x), ("",))[0] == _WIDE:  # half of a wide character overwritten
            cells.pop((y, x - 1), None)
        if cells.get((y, x + width), ("",))[0] == _WIDE:
            cells.pop((y, x + width), None)
        cells[y, x] = (ch, style)
        if width == 2:
            cells[y, x + 1] = (_WIDE, style)
