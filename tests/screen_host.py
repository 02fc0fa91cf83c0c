"""Mounting one per-case screen in a bare App, on a copy of the demo workspace."""

from __future__ import annotations

import shutil
from contextlib import asynccontextmanager
from pathlib import Path

from typing import Callable, TypeVar

from textual.app import App
from textual.screen import Screen

from app_support import settle
from casefile.actions.demo import build_demo
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from casefile.store.protocol import CaseListing
from screens.messages import CaseChanged

R = TypeVar("R")

_BUILT: dict[str, Path] = {}


def demo_copy(tmp_path: Path, tmp_path_factory) -> Workspace:
    """A private copy of the demo (built once per session): each test may write to it."""
    if "demo" not in _BUILT:
        _BUILT["demo"] = build_demo(tmp_path_factory.mktemp("demo-master") / "demo").root
    root = tmp_path / "demo"
    shutil.copytree(_BUILT["demo"], root)
    return Workspace.open(root, create=False)


class Host(App):
    """Pushes the screen under test, as the case view does with l / p / y; the services it
    gives screens (screens.services.AppServices) are the app's, without a watcher."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen
        self.known_pos: list[str] = []
        self.keymap: dict[str, str] = {}
        self.opened: list[str | None] = []  # cases the screen asked to open (None: a new one)

    def on_mount(self) -> None:
        self.push_screen(self.first)

    def open_case(self, po: str) -> None:
        self.opened.append(po)

    def open_new_case(self) -> None:
        self.opened.append(None)

    def list_cases(self) -> CaseListing:
        raise NotImplementedError("a hosted screen shows one case")

    def first_cases(self) -> None:
        return None

    def own_write(self, po: str, action: Callable[[], R], state_of: Callable[[R], CaseState]) -> R:
        return action()

    def saved(self, state: CaseState) -> None:
        """As CasefileApp.saved: a screen wrote, every screen on the stack reloads."""
        for screen in self.screen_stack:
            screen.post_message(CaseChanged(state.po))


@asynccontextmanager
async def hosted(screen: Screen, message_hook=None):
    """The screen mounted in a Host at 80x24, loaded: `async with hosted(s) as (app, pilot)`."""
    app = Host(screen)
    async with app.run_test(size=(80, 24), message_hook=message_hook) as pilot:
        await settle(pilot)
        yield app, pilot


async def press(pilot, *keys: str) -> None:
    """Press keys, then wait until the screens have reacted (loads and saves run in threads)."""
    await pilot.press(*keys)
    await settle(pilot)


def assert_bindings_described(*screens: type[Screen]) -> None:
    """Every key a screen binds has a description, so the footer and help can name it."""
    for screen in screens:
        for binding in screen.BINDINGS:
            assert binding.description, (screen.__name__, binding.key)
