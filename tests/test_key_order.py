"""Issue #12: keys that reach the app together edit a form field as if typed one by one.

The driver posts every key of one read from the terminal at once (key repeat, a slow SSH
link that delivers keystrokes in one packet). Textual types printable keys on arrival but
ran the field's bindings (backspace, end, arrows) only after the Key bubbled up to the App,
so End, 12 backspaces, "1", "0" left the supplier field empty (that case itself is in
test_app_case_form).
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, TextArea

from app_support import post_together, settle
from screens.widgets.still import StillInput, StillTextArea

START = "Shenzhen Brightway Lighting Co."
EDITING = ["a", "1", "space", "backspace", "delete", "left", "right", "home", "end", "shift+left", "enter"]


class FieldHost(App):
    """One field, nested in containers as the forms nest theirs (each is a hop for a Key)."""

    def __init__(self, field: Input | TextArea) -> None:
        super().__init__()
        self.field = field

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            with Horizontal():
                yield self.field


def text_of(field: Input | TextArea) -> str:
    return field.text if isinstance(field, TextArea) else field.value


def reset(field: Input | TextArea) -> None:
    """The supplier as the case form shows it once focused: all of its text selected."""
    if isinstance(field, TextArea):
        field.load_text(START)
    else:
        field.value = START
    field.select_all()


async def typed_both_ways(field: Input | TextArea, keys: list[str]) -> tuple[str, str]:
    """The field's text after `keys` posted together, and after the same keys one by one."""
    app = FieldHost(field)
    async with app.run_test(size=(80, 24)) as pilot:
        field.focus()
        texts = []
        for together in (True, False):
            reset(field)
            await settle(pilot)
            if together:
                post_together(app, keys)
            else:
                await pilot.press(*keys)
            await settle(pilot)
            texts.append(text_of(field))
        return texts[0], texts[1]


@settings(max_examples=20, deadline=None)
@given(keys=st.lists(st.sampled_from(EDITING), min_size=2, max_size=14), area=st.booleans())
async def test_keys_arriving_together_edit_as_typed_one_by_one(keys, area):
    field = StillTextArea(soft_wrap=True, compact=True) if area else StillInput(compact=True)
    together, one_by_one = await typed_both_ways(field, keys)
    assert together == one_by_one
