"""Fewer bytes to the terminal for the same picture: styles are written only when they change.

Textual (through Rich) writes every run of text as `ESC[<style>m text ESC[0m`, so a line of
twenty cells in the same colours carries twenty resets and twenty full styles: about 70% of
the bytes of a frame at 256 colours, and every byte crosses the user's SSH link. Here the
output is rewritten so the terminal ends up with the same cells: a style already in force
is not sent again, a reset followed by a style becomes one sequence, and cursor moves and
line ends between two runs keep the style in force (they paint nothing).

The picture is the same cell for cell (tests/test_compact_output.py runs both through a
model terminal); the app still has the last word on every cell it draws.
"""

from __future__ import annotations

import re

# An SGR sequence, or a move that paints nothing (cursor position, CR, LF between lines).
_TOKEN = re.compile(r"\x1b\[([0-9;]*)m|(\x1b\[\d*(?:;\d*)?H|\r|\n)")


class StyleCompactor:
    """Rewrites a terminal output stream; keeps the style in force between writes."""

    def __init__(self) -> None:
        self.wanted: tuple[str, ...] = ()  # the SGR parameters in force in the app's output
        self.sent: tuple[str, ...] = ()  # ... and in what was written to the terminal

    def __call__(self, data: str) -> str:
        out: list[str] = []
        pos = 0
        for match in _TOKEN.finditer(data):
            if match.start() > pos:  # text, or a control that may paint: in the app's style
                self._sync(out)
                out.append(data[pos:match.start()])
            pos = match.end()
            params, move = match.groups()
            if move is not None:
                out.append(move)
            else:
                self.wanted = apply_sgr(self.wanted, params)
        if pos < len(data):
            self._sync(out)
            out.append(data[pos:])
        self._sync(out)  # the terminal is left as the app left it
        return "".join(out)

    def _sync(self, out: list[str]) -> None:
        wanted, sent = self.wanted, self.sent
        if wanted == sent:
            return
        if wanted[:len(sent)] == sent:  # only additions
            out.append(f"\x1b[{';'.join(wanted[len(sent):])}m")
        else:
            out.append(f"\x1b[{';'.join(('0', *wanted))}m")
        self.sent = wanted


Style = tuple[str, ...]  # the SGR parameters in force, as written


def apply_sgr(state: Style, params: str) -> Style:
    """The SGR parameters in force after `ESC[<params>m`: a reset (0, or none) clears them."""
    if params in ("", "0"):
        return ()
    if params.startswith("0;"):
        return (params[2:],)
    return (*state, params)
