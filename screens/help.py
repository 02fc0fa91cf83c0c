"""F1: every key, read from the bindings themselves (and the keymap), so it cannot drift."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from screens.widgets.footer import Footer
from screens.widgets.title_bar import TitleBar


def key_rows(node: DOMNode | type[DOMNode], keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for every binding of a node or node class."""
    bindings = node._merge_bindings().copy()
    if keymap:
        bindings.apply_keymap(keymap)
    by_action: dict[tuple[str, str], list[str]] = {}
    ids: dict[tuple[str, str], str] = {}
    for key, found in bindings.key_to_bindings.items():
        for b in found:
            what = (b.action, b.description or b.action.replace("_", " "))
            by_action.setdefault(what, []).append(b.key_display or _pretty(key))
            ids[what] = b.id or ""
    return [(", ".join(dict.fromkeys(keys)), what[1], ids[what]) for what, keys in by_action.items()]


def _pretty(key: str) -> str:
    return {"slash": "/", "dollar_sign": "$", "question_mark": "?", "escape": "esc"}.get(key, key)


def help_text(sections: list[tuple[str, list[tuple[str, str, str]]]], keymap_file: str) -> str:
    lines = []
    for title, rows in sections:
        if not rows:
            continue
        lines.append(title)
        for keys, desc, binding_id in rows:
            lines.append(f"  {keys:<16} {desc:<34} {binding_id}")
        lines.append("")
    if keymap_file:
        lines.append(f"Change a key: {{\"binding id\": \"keys\"}} in {keymap_file}")
    return "\n".join(lines)


class HelpScreen(Screen):
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close help", id="help.close")]

    def __init__(self, about: Screen, keymap_file: str = "") -> None:
        super().__init__()
        self.about = about
        self.keymap_file = keymap_file

    def compose(self) -> ComposeResult:
        keymap = self.app._keymap
        focused = self.about.focused
        sections = [(f"This screen ({type(self.about).__name__.removesuffix('Screen')})", key_rows(self.about, keymap))]
        if focused is not None:
            sections.append((f"In the focused {type(focused).__name__}", key_rows(focused, keymap)))
        sections.append(("Everywhere", key_rows(self.app, keymap)))
        yield TitleBar("Help: every key")
        with VerticalScroll():
            yield Static(help_text(sections, self.keymap_file), id="help-text", markup=False)
        yield Footer()
