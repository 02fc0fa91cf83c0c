"""Messages between screens: what one screen or the app tells every screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CaseChanged(Message):
    """A case changed on disk (this app, another user or another process).

    The app posts it to every screen on the stack; every per-case screen reloads when `po`
    is the case it shows (an empty `po` means "the case list changed").
    """

    po: str
    actor: str = ""
    action: str = ""
