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
from screens.widgets.still import StillInput
from screens.widgets.still_text_area import StillTextArea

START = "Shenzhen Brightway Lighting Co."
EDITING = ["a", "1", "space", "backspace", "delete", "left", "right", "home", "end", "shift+left", "enter",
           "tab", "shift+tab"]


class FieldsHost(App):
    """Two fields, nested in containers as the forms nest theirs (each is a hop for a Key).

    The containers take no focus: the fields keep typed order among themselves, and a key
    that moves the focus onto another kind of widget goes Textual's way from there.
    """

    def __init__(self, first: Input | TextArea) -> None:
        super().__init__()
        self.fields = (first, StillInput(id="second", compact=True))

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            for field in self.fields:
                with Horizontal():
                    yield field


def text_of(field: Input | TextArea) -> str:
    return field.text if isinstance(field, TextArea) else field.value


def reset(first: Input | TextArea, second: Input) -> None:
    """The supplier as the case form shows it once focused, all of its text selected; then
    an empty field."""
    if isinstance(first, TextArea):
        first.load_text(START)
    else:
        first.value = START
    second.value = ""
    first.focus()
    first.select_all()


async def typed_both_ways(first: Input | TextArea, keys: list[str]) -> list[tuple[str, str, bool]]:
    """Both fields' text and where the focus is after `keys` posted together, then after the
    same keys pressed one by one."""
    app = FieldsHost(first)
    async with app.run_test(size=(80, 24)) as pilot:
        outcomes = []
        for together in (True, False):
            reset(*app.fields)
            await settle(pilot)
            if together:
                post_together(app, keys)
            else:
                await pilot.press(*keys)
            await settle(pilot)
            outcomes.append((text_of(app.fields[0]), text_of(app.fields[1]), app.focused is app.fields[0]))
        return outcomes


@settings(max_examples=20, deadline=None)
@given(keys=st.lists(st.sampled_from(EDITING), min_size=2, max_size=14), area=st.booleans())
async def test_keys_arriving_together_edit_as_typed_one_by_one(keys, area):
    first = StillTextArea(soft_wrap=True, compact=True) if area else StillInput(compact=True)
    together, one_by_one = await typed_both_ways(first, keys)
    assert together == one_by_one
