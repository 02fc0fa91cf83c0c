"""Command palette (F2 / ctrl+p): the actions of the current screen and every case by PO."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from screens.widgets.plain import plain_content

# (title, action on the case view, help): the same actions as the case view's keys.
CASE_ACTIONS = [
    ("Read the report", "open_report", "diagnosis per defect class and the conclusion"),
    ("Compare the options", "open_options", "the five ways out, money and time"),
    ("Correspondence log", "open_log", "the written record with the supplier"),
    ("Ledger and balance gate", "open_ledger", "payments; locked or unlocked and why"),
    ("History", "open_history", "who did what, when"),
    ("Edit the case", "edit_case", "order and the agreed standard"),
    ("Import a report file", "import_report", "JSON or CSV from the inspector"),
]


class CaseCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        screen = self.screen
        found: list[tuple[str, object, str]] = [("New case", partial(app.open_new_case), "open the new-case form")]
        po = getattr(screen, "po", None)
        if po:
            for title, action, help_text in CASE_ACTIONS:
                if hasattr(screen, f"action_{action}"):  # only what this screen can do
                    found.append((f"{po}: {title}", partial(screen.run_action, action), help_text))
        for po_ in getattr(app, "known_pos", []):
            found.append((f"Open case {po_}", partial(app.open_case, po_), "go to the case"))
        return found

    async def discover(self) -> Hits:
        # Titles hold POs: Content, not str, which the palette would read as markup.
        for title, callback, help_text in self._commands()[:20]:
            yield DiscoveryHit(plain_content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), callback, text=title, help=help_text)


def _highlight(matcher: Matcher, title: str) -> Content:
    """Matcher.highlight, for a title that is data: it parses its argument as markup."""
    content = plain_content(title)
    if content.plain != title:
        return content  # escapes moved the offsets; shown unhighlighted, but as written
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
