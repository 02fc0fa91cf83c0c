"""A yes/no question, e.g. before throwing away typed input."""

from __future__ import annotations

from screens.actions import bindings
from screens.small_modal import SmallModal


class ConfirmScreen(SmallModal[bool]):
    DEFAULT_CSS = """
    ConfirmScreen > Vertical { width: 60; border: thick $warning; }
    """
    BINDINGS = bindings("confirm")

    def __init__(self, question: str) -> None:
        super().__init__(question, "y  yes    n / esc  no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
