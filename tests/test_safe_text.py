"""Text on its way to a terminal: nothing in it can act on the terminal, and JSON stays JSON."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from casefile.values.safe_text import one_for_one, safe_line, safe_text

ATTACKS = {
    "OSC 52 clipboard write": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "clear screen": "\x1b[2J\x1b[H",
    "8-bit CSI": "\u009b2J",
    "carriage return overwrite": "paid\rLOCKED",
    "backspace": "ok\x08\x08no",
    "bell": "\x07",
    "DEL": "\x7f",
    "right-to-left override": "PO-1\u202egpj.exe",
    "zero-width space": "PO\u200b-1",
    "line separator": "one\u2028two",
    "tag character": "x\U000e0041",
    "lone surrogate": "\ud800",
}


def terminal_safe(text: str, keep: str = "\n\t") -> bool:
    """Only printable characters, spaces (Zs) and the line breaks the context allows."""
    return all(ch.isprintable() or ch in keep or unicodedata.category(ch) == "Zs" for ch in text)


def test_every_attack_is_made_visible():
    for name, attack in ATTACKS.items():
        shown = safe_text(f"Supplier {attack} Ltd")
        assert terminal_safe(shown), name
        assert "\\u" in shown, name


def test_plain_text_and_its_spaces_are_untouched():
    text = "PO/2026/114 · 深圳\u3000Brightway\u00a0Co. ¥84,000.00 ₦1,234.00\nsecond line\tand a tab"
    assert safe_text(text) is text


def test_one_line_escapes_line_breaks_too():
    assert safe_line("a\nb\tc") == "a\\u000ab\\u0009c"


@given(st.text())
def test_any_text_comes_out_terminal_safe_and_idempotent(text):
    shown = safe_text(text)
    assert terminal_safe(shown)
    assert safe_text(shown) == shown
    assert terminal_safe(safe_line(text), keep="")


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                    max_leaves=10))
def test_json_output_stays_valid_and_means_the_same(value):
    encoded = json.dumps(value, ensure_ascii=False)
    assert json.loads(safe_text(encoded)) == value


@given(st.text())
def test_one_for_one_is_printable_and_keeps_every_position(text):
    shown = one_for_one(text)
    assert len(shown) == len(text)
    assert all(a == b for a, b in zip(shown, text) if safe_line(b) == b)  # what is safe is shown as it is
    assert safe_line(shown) == shown
