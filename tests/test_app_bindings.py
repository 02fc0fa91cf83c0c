"""Every key the help lists leads to an action that exists, and every binding has an id
(so a keymap can move it). A typo in an action name would otherwise do nothing silently."""

from __future__ import annotations

import pytest

from screens.case_form import CaseFormScreen
from screens.case_view import CaseViewScreen
from screens.cases import CasesScreen
from screens.decision_form import DecisionFormScreen
from screens.help import HelpScreen
from screens.options import OptionsScreen
from screens.receipt_prompt import ReceiptPrompt
from screens.report import ReportScreen
from tui.app import CasefileApp, TooSmallScreen

OWN = [CasefileApp, CasesScreen, CaseViewScreen, CaseFormScreen, ReportScreen, OptionsScreen,
       DecisionFormScreen, HelpScreen, TooSmallScreen, ReceiptPrompt]


def own_bindings(cls):
    for base in cls.__mro__:
        for binding in vars(base).get("BINDINGS", []):
            yield base, binding


@pytest.mark.parametrize("cls", OWN, ids=lambda c: c.__name__)
def test_every_binding_names_an_existing_action_and_has_an_id(cls):
    for owner, binding in own_bindings(cls):
        if owner.__module__.startswith("textual."):
            continue
        action = binding.action.split("(")[0]
        target, _, name = action.rpartition(".")
        holder = CasefileApp if target == "app" else cls
        assert hasattr(holder, f"action_{name}"), f"{cls.__name__}: {binding.key} -> {binding.action}"
        assert binding.id, f"{cls.__name__}: {binding.key} has no id for the keymap"


def test_no_binding_needs_a_key_that_tmux_or_ssh_eats():
    # ctrl+b / ctrl+a belong to tmux and screen; every action also has a plain or F-key.
    for cls in OWN:
        for owner, binding in own_bindings(cls):
            if owner.__module__.startswith("textual."):
                continue
            keys = binding.key.split(",")
            assert not {"ctrl+b", "ctrl+a"} & set(keys), binding
            assert any("+" not in k or k.startswith("f") for k in keys), binding
