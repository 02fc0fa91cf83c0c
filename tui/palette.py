"""Command palette (F2 / ctrl+p): what the current screen can do now, a new case, and
every case by PO. The screen's commands are its registry actions (screens.actions) that
its keys would run now: check_action decides, as it does for the footer."""

from __future__ import annotations

from functools import partial
from typing import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from screens.actions import BY_ID
from screens.services import services
from screens.widgets.plain import plain_content


class CaseCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        # imported here: the case screens import the case file's models, which the app's
        # start (the case list's first paint) does not need
        from screens.case_screen_base import CaseScreen

        app = services(self.screen)
        screen = self.screen
        found: list[tuple[str, Callable[[], object], str]] = [
            ("New case", app.open_new_case, "open the new-case form")]
        prefix = f"{screen.po}: " if isinstance(screen, CaseScreen) else ""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            action = BY_ID.get(active.binding.id or "")
            if action is None or not action.palette or not active.enabled or action.id in seen:
                continue
            seen.add(action.id)
            run = partial(self.app.run_action, active.binding.action, active.node)
            found.append((prefix + action.title, run, action.description))
        for po in app.known_pos:
            found.append((f"Open case {po}", partial(app.open_case, po), "go to the case"))
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
