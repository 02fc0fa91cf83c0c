"""F1: every key, read from the bindings themselves (and the keymap), so it cannot drift;
what each of the app's own keys does is told by screens.actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen


from screens.widgets.footer import Footer
from screens.actions import BY_ID, bindings, key_label
from screens.widgets.plain import PlainStatic, plain
from screens.widgets.title_bar import TitleBar


@dataclass(frozen=True)
class HelpRow:
    keys: str  # as the user presses them, e.g. "p, $"
    title: str
    description: str
    id: str  # the binding id a keymap names; "" for keys of Textual's own widgets


def key_rows(node: DOMNode | type[DOMNode], keymap: Mapping[str, str]) -> list[HelpRow]:
    """One row per action a node (or node class) binds, with the keys the keymap gives it."""
    bound = node._merge_bindings().copy()
    if keymap:
        bound.apply_keymap(dict(keymap))
    keys: dict[tuple[str, str], list[str]] = {}
    rows: dict[tuple[str, str], HelpRow] = {}
    for key, found in bound.key_to_bindings.items():
        for b in found:
            what = (b.action, b.id or b.description)
            keys.setdefault(what, []).append(b.key_display or key_label(key))
            action = BY_ID.get(b.id or "")
            if action is not None:
                rows[what] = HelpRow("", action.title, action.description, action.id)
            else:  # a key of one of Textual's widgets: its own words
                rows[what] = HelpRow("", b.description or b.action.replace("_", " "), "", "")
    return [HelpRow(", ".join(dict.fromkeys(keys[what])), row.title, row.description, row.id)
            for what, row in rows.items()]


def help_text(sections: list[tuple[str, list[HelpRow]]], keymap_file: str) -> Text:
    text = Text()
    for title, rows in sections:
        if not rows:
            continue
        text.append(f"{title}\n")
        for row in rows:
            text.append(f"  {row.keys:<16} {row.title:<34} {row.id}".rstrip() + "\n")
            if row.description:
                text.append(f"  {'':<16} {row.description}\n", style="dim")
        text.append("\n")
    if keymap_file:  # a path: data, shown as written
        text.append_text(plain(f'Change a key: {{"binding id": "keys"}} in {keymap_file}'))
    return text


class HelpScreen(Screen[None]):
    BINDINGS = bindings("help")

    def __init__(self, about: Screen, keymap: Mapping[str, str], keymap_file: str = "") -> None:
        super().__init__()
        self.about = about
        self.keymap = keymap
        self.keymap_file = keymap_file

    def compose(self) -> ComposeResult:
        focused = self.about.focused
        sections = [(f"This screen ({type(self.about).__name__.removesuffix('Screen')})",
                     key_rows(self.about, self.keymap))]
        if focused is not None:
            sections.append((f"In the focused {type(focused).__name__}", key_rows(focused, self.keymap)))
        sections.append(("Everywhere", key_rows(self.app, self.keymap)))
        yield TitleBar("Help: every key")
        with VerticalScroll():
            yield PlainStatic(help_text(sections, self.keymap_file), id="help-text")
        yield Footer()
