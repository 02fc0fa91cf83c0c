"""Fewer bytes to the terminal for the same picture: styles are written only when they change.

Textual (through Rich) writes every run of text as `ESC[<style>m text ESC[0m`, so a line of
twenty cells in the same colours carries twenty resets and twenty full styles: about 70% of
the bytes of a frame at 256 colours, and every byte crosses the user's SSH link. Here the
output is rewritten so the terminal ends up with the same cells: a style already in force
is not sent again, a change of style sends only what changes (`ESC[38;5;247m` for a new
colour, 11 bytes, where the full style `ESC[0;38;5;247;48;5;235m` is 22), and cursor moves
and line ends between two runs keep the style in force (they paint nothing).

The picture is the same cell for cell (tests/test_compact_output.py runs both through a
model terminal); the app still has the last word on every cell it draws.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
        out.append(f"\x1b[{transition(sent, wanted)}m")
        self.sent = wanted


Style = tuple[str, ...]  # the SGR parameters in force, as written


def apply_sgr(state: Style, params: str) -> Style:
    """The SGR parameters in force after `ESC[<params>m`: a reset (0, or none) clears them."""
    if params in ("", "0"):
        return ()
    if params.startswith("0;"):
        return (params[2:],)
    return (*state, params)


# What resets each attribute on its own (SGR), and which attributes each reset clears.
_RESETS = {"bold": "22", "dim": "22", "italic": "23", "underline": "24", "blink": "25", "reverse": "27",
           "conceal": "28", "strike": "29", "overline": "55", "fg": "39", "bg": "49", "underline-colour": "59"}
_CLEARS = {"22": ("bold", "dim"), "23": ("italic",), "24": ("underline",), "25": ("blink",), "27": ("reverse",),
           "28": ("conceal",), "29": ("strike",), "55": ("overline",), "39": ("fg",), "49": ("bg",),
           "59": ("underline-colour",)}
_SETS = {"1": "bold", "2": "dim", "3": "italic", "4": "underline", "21": "underline", "5": "blink", "6": "blink",
         "7": "reverse", "8": "conceal", "9": "strike", "53": "overline"}
_COLOURS = {"38": "fg", "48": "bg", "58": "underline-colour"}


@lru_cache(maxsize=512)
def attributes(style: Style) -> dict[str, str] | None:
    """Each attribute `style` sets and the parameters that set it, or None for a parameter not
    understood here (the style is then always written in full)."""
    attrs: dict[str, str] = {}
    params = ";".join(style).split(";") if style else []
    i = 0
    while i < len(params):
        p = params[i]
        head = p.split(":")[0]
        if p in ("", "0"):
            attrs.clear()
        elif head in _COLOURS and ":" not in p:  # 38;5;n or 38;2;r;g;b
            size = 3 if params[i + 1:i + 2] == ["5"] else 5 if params[i + 1:i + 2] == ["2"] else 0
            if not size or len(params) < i + size:
                return None
            attrs[_COLOURS[head]] = ";".join(params[i:i + size])
            i += size
            continue
        elif head in _COLOURS:  # 38:5:n, one parameter
            attrs[_COLOURS[head]] = p
        elif p.isdigit() and (30 <= int(p) <= 37 or 90 <= int(p) <= 97):
            attrs["fg"] = p
        elif p.isdigit() and (40 <= int(p) <= 47 or 100 <= int(p) <= 107):
            attrs["bg"] = p
        elif head in _SETS:  # 4:3 (curly underline) is an underline
            attrs[_SETS[head]] = p
        elif p in _CLEARS:
            for name in _CLEARS[p]:
                attrs.pop(name, None)
        else:
            return None
        i += 1
    return attrs


def transition(sent: Style, wanted: Style) -> str:
    """The SGR parameters that take the terminal from `sent` to `wanted`: the attributes that
    change, or a reset and the whole of `wanted` when that is shorter."""
    full = ";".join(("0", *wanted))
    before, after = attributes(sent), attributes(wanted)
    if before is None or after is None:
        return full
    resets = {_RESETS[name] for name in before if name not in after}
    cleared = {name for reset in resets for name in _CLEARS[reset]}
    sets = [value for name, value in after.items() if before.get(name) != value or name in cleared]
    diff = ";".join(sorted(resets) + sets)
    return diff if len(diff) < len(full) else full
