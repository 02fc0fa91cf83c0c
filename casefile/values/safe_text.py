"""Text on its way to a terminal: no byte of data may act as a terminal control.

Stored text is refused at write when it holds control characters (casefile.values.text), but
index shards, old or hand-edited files, file names and the messages that quote an import
are not stored text. Whatever reaches a terminal passes through `safe_text`, which
replaces every character a terminal could act on, or that hides or reorders what is
shown (C0, ESC, DEL, C1, format characters such as bidi overrides and zero-width
marks, line and paragraph separators, surrogates, private use, unassigned), with a
visible `\\uXXXX` escape. The escape is also a valid JSON string escape for the same
character, so JSON output stays valid and decodes to the original text.
"""

from __future__ import annotations

LINE_BREAKS = "\n\t"  # kept where the context allows several lines
# the spaces (Zs) besides " ": shown as spaces, though str.isprintable() says they are not
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"


def _escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # JSON has no 6-digit escape: a surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def safe_text(text: str, *, keep: str = LINE_BREAKS) -> str:
    """`text` with every non-printable character except those in `keep` made visible."""
    plain = _without(text, keep)
    if plain.isprintable():  # C speed: the usual case, ~5 ms per MB of output
        return text
    plain = _without(plain, _SPACES)
    if plain.isprintable():
        return text
    table = {ord(ch): _escape(ch) for ch in set(plain) if not ch.isprintable()}
    return text.translate(table)


def _without(text: str, chars: str) -> str:
    for ch in chars:
        if ch in text:  # a scan, where replace() would copy the text
            text = text.replace(ch, "")
    return text


def one_for_one(text: str) -> str:
    """`text` for a field that holds it as typed (a path completed from a file name): each
    character `safe_line` would escape shown as one visible mark instead (ESC as U+241B, other
    C0 controls as their control pictures, the rest U+FFFD), so the cursor still counts the
    characters the field holds."""
    plain = _without(text, _SPACES)
    if plain.isprintable():
        return text
    return text.translate({ord(ch): _mark(ch) for ch in set(plain) if not ch.isprintable()})


def _mark(ch: str) -> str:
    code = ord(ch)
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def safe_line(text: str) -> str:
    """`text` for one line of a terminal: line breaks and tabs are escaped too."""
    return safe_text(text, keep="")
