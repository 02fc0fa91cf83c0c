"""F1: every key, read from the bindings themselves (and the keymap), so it cannot drift;
what each of the app's own keys does is told by screens.actions, in plain words. The
binding ids a keymap names are not shown here: docs/keys.md lists them, and F1's first
line points there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, TextArea, Tree

from screens.widgets.footer import Footer
from screens.actions import BY_ID, bindings, key_label
from screens.widgets.plain import PlainStatic, plain
from screens.widgets.title_bar import TitleBar


# Textual's words for its own keys where they are not plain enough.
TEXTUAL_WORDS = {"app.focus_next": "Next field, list or button", "app.focus_previous": "Field, list or button before",
                 "help_quit": "Says which key quits (it does not quit)"}


@dataclass(frozen=True)
class HelpRow:
    keys: str  # as the user presses them, e.g. "p, $"
    title: str
    description: str
    id: str  # the binding id a keymap names ("" for keys of Textual's own widgets); not shown


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
            else:  # a key of one of Textual's widgets: its own words, or plainer ones
                title = TEXTUAL_WORDS.get(b.action) or b.description or b.action.replace("_", " ")
                rows[what] = HelpRow("", title, "", "")
    return [HelpRow(", ".join(dict.fromkeys(keys[what])), row.title, row.description, row.id)
            for what, row in rows.items()]


KEYS_DOC = "docs/keys.md"

# The focused widget, named by what the user sees rather than by its class.
WIDGET_WORDS = ((DataTable, "the list"), (OptionList, "the menu"), (Input, "the field"),
                (TextArea, "the text box"), (Select, "the choice"), (Checkbox, "the tick box"),
                (Tree, "the folder tree"))


def widget_words(widget: DOMNode) -> str:
    return next((words for kind, words in WIDGET_WORDS if isinstance(widget, kind)), "the highlighted part")


def screen_words(screen: Screen) -> str:
    """The screen as its title bar names it (before the PO and the supplier)."""
    bars = screen.query(TitleBar)
    return str(bars.first().render()).split(" · ")[0] if bars else ""


def help_text(sections: list[tuple[str, list[HelpRow]]], keymap_file: str) -> Text:
    text = Text(f"To change a key, see {KEYS_DOC}.\n\n", style="dim")
    for title, rows in sections:
        if not rows:
            continue
        text.append(f"{title}\n")
        for row in rows:
            text.append(f"  {row.keys:<16} {row.title}".rstrip() + "\n")
            if row.description:
                text.append(f"  {'':<16} {row.description}\n", style="dim")
        text.append("\n")
    if keymap_file:  # a path: data, shown as written
        text.append_text(plain(f"Your keys file: {keymap_file}"))
    text.rstrip()
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
        name = screen_words(self.about)
        sections = [(f"This screen{': ' + name if name else ''}", key_rows(self.about, self.keymap))]
        if focused is not None:
            sections.append((f"Where the cursor is, in {widget_words(focused)}", key_rows(focused, self.keymap)))
        sections.append(("Everywhere", key_rows(self.app, self.keymap)))
        yield TitleBar("Help: every key")
        with VerticalScroll():
            yield PlainStatic(help_text(sections, self.keymap_file), id="help-text")
        yield Footer()
