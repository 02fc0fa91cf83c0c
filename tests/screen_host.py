"""Mounting one per-case screen in a bare App, on a copy of the demo workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from casefile.demo import build_demo
from casefile.state import CaseState
from casefile.store import Workspace
from screens.messages import CaseChanged

_BUILT: dict[str, Path] = {}


def demo_copy(tmp_path: Path, tmp_path_factory) -> Workspace:
    """A private copy of the demo (built once per session): each test may write to it."""
    if "demo" not in _BUILT:
        _BUILT["demo"] = build_demo(tmp_path_factory.mktemp("demo-master") / "demo").root
    root = tmp_path / "demo"
    shutil.copytree(_BUILT["demo"], root)
    return Workspace.open(root, create=False)


class Host(App):
    """Pushes the screen under test, as the case view does with l / p / y."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)

    def saved(self, state: CaseState) -> None:
        """As CasefileApp.saved: a screen wrote, every screen on the stack reloads."""
        for screen in self.screen_stack:
            screen.post_message(CaseChanged(state.po))
