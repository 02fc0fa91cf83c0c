"""What screens may ask of the app, and nothing more: the contract between `screens/` and
the App (tui/app.py implements it; tests/screen_host.py fakes it for one screen at a time).

Everything else a screen needs comes in through its constructor, and what it has to say
goes back as a message or a typed `dismiss` result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Mapping, Protocol, Sequence, TypeVar, runtime_checkable

from textual.dom import DOMNode

from casefile.store.protocol import CaseListing, FirstCases

if TYPE_CHECKING:  # the case file's models, not imported before the case list's first paint
    from casefile.records.case_state import CaseState

R = TypeVar("R")


@runtime_checkable
class AppServices(Protocol):
    @property
    def known_pos(self) -> Sequence[str]:
        """The POs of the last case list read (the palette offers each)."""

    @property
    def keymap(self) -> Mapping[str, str]:
        """The user's keys in force: binding id -> keys (tui/keymap.py)."""

    def open_case(self, po: str) -> None:
        """Push the case view of `po`."""

    def open_new_case(self) -> None:
        """Push the new-case form; once saved, the new case opens."""

    def list_cases(self) -> CaseListing:
        """The case list (worker thread: it reads the index)."""

    def first_cases(self) -> FirstCases | None:
        """The case list's first screenful, read at start when there are more cases than
        that, the first time it is asked for (UI thread); else None."""

    def own_write(self, po: str, action: Callable[[], R], state_of: Callable[[R], CaseState]) -> R:
        """Run `action`, a write to case `po` (worker thread), so that the app's watcher
        never reports it as someone else's change."""

    def saved(self, state: CaseState) -> None:
        """A screen wrote `state`: every screen showing the case reloads (UI thread)."""


def services(node: DOMNode) -> AppServices:
    """The app `node` runs in, as the services screens may use."""
    app = node.app
    if not isinstance(app, AppServices):
        raise TypeError(f"{type(app).__name__} does not implement screens.services.AppServices")
    return app
