"""Messages the app and screens exchange: case changes and worker results."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class CaseChanged(Message):
    """A case changed on disk (this app, another user or another process).

    The app posts it to the active screen; every per-case screen reloads when `po` is
    the case it shows (an empty `po` means "the case list changed").
    """

    def __init__(self, po: str, actor: str = "", action: str = "") -> None:
        super().__init__()
        self.po = po
        self.actor = actor
        self.action = action


class Loaded(Message):
    """A thread worker finished loading data for a screen."""

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data


class LoadFailed(Message):
    """A thread worker could not load; `reason` is shown to the user as is."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
