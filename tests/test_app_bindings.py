"""Keys come from one registry (screens/actions.py): every action there is bound by exactly
one screen, has a key, a help row and a palette title, and runs a method that exists; every
binding of ours is in it. A keymap may only name its ids, and a clash is told to the user."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import screens
from app_support import PO, sample_workspace, settle
from casefile.values.errors import InputError
from screens.actions import ACTIONS, BY_ID, key_clashes, keymap_ids_block
from screens.help import help_text, key_rows
from textual.dom import DOMNode
from tui.app import CasefileApp, create_app
from tui.keymap import load_keymap


def our_classes() -> list[type[DOMNode]]:
    """Every screen, widget and the App that this project defines."""
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(screens.__path__, "screens.")]
    modules.append(importlib.import_module("tui.app"))
    return [obj for module in modules for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, DOMNode) and obj.__module__ == module.__name__]


def own_bindings(cls: type[DOMNode]):
    return vars(cls).get("BINDINGS", [])


OURS = our_classes()
OWNER = {b.id: cls for cls in OURS for b in own_bindings(cls)}


def test_every_binding_of_ours_is_a_registry_action():
    bound = [(cls.__name__, b) for cls in OURS for b in own_bindings(cls)]
    assert len(bound) >= len(ACTIONS)  # the screens were found, so this can fail
    for owner, binding in bound:
        assert binding.id in BY_ID, f"{owner}: {binding.key} -> {binding.action} is not in screens/actions.py"
        action = BY_ID[binding.id]
        assert (binding.key, binding.action, binding.description) == (action.keys, action.action, action.label)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.id)
def test_every_registry_action_is_bound_once_and_described(action):
    owners = [cls for cls in OURS for b in own_bindings(cls) if b.id == action.id]
    assert len(owners) == 1, f"{action.id}: bound by {owners}; give its scope to exactly one screen"
    cls = owners[0]
    assert {b.id for b in own_bindings(cls)} == {a.id for a in ACTIONS if a.scope == action.scope}
    assert action.keys.strip() and action.label and action.title  # a key, a footer label, a palette title
    name = action.action.split("(")[0]
    target, _, method = name.rpartition(".")
    assert hasattr(CasefileApp if target == "app" else cls, f"action_{method}"), f"{action.id} -> {action.action}"
    rows = [row for row in key_rows(cls, {}) if row.id == action.id]
    assert len(rows) == 1 and rows[0].title == action.title  # F1's row for it


# Words an importer should not have to know, in F1 and the command palette.
JARGON = re.compile(r"\b(action|binding|modal|widget|keymap|palette|id|ids|manifest|shell|index|"
                    r"focus|input|markup|render|toggle|UI)\b", re.I)


@pytest.mark.parametrize("cls", [cls for cls in OURS if own_bindings(cls)], ids=lambda c: c.__name__)
def test_help_shows_keys_and_plain_words_never_an_id(cls):
    rows = key_rows(cls, {}) + key_rows(CasefileApp, {})
    text = help_text([("This screen", rows)], "/home/amaka/.config/casefile/keymap.json").plain
    assert rows and "docs/keys.md" in text.splitlines()[0]
    for action in ACTIONS:
        assert action.id not in text, f"F1 of {cls.__name__} shows the id {action.id}"
    for row in rows:
        assert row.keys in text and row.title in text
        words = f"{row.title} {row.description}"
        assert not JARGON.search(words), f"{cls.__name__}: {words!r} is not plain words"


def test_every_id_is_listed_where_a_keymap_is_edited():
    keys_doc = (Path(__file__).resolve().parent.parent / "docs" / "keys.md").read_text(encoding="utf-8")
    assert keymap_ids_block() in keys_doc, "docs/keys.md's list of ids is stale: run `python -m screens.actions`"
    for action in ACTIONS:
        assert f"`{action.id}`" in keys_doc


def test_ids_are_unique_and_name_their_area():
    assert len(BY_ID) == len(ACTIONS)
    assert all(a.id.count(".") == 1 and a.id == a.id.lower() for a in ACTIONS)


def test_no_action_needs_a_key_that_tmux_or_ssh_eats():
    # ctrl+b / ctrl+a belong to tmux and screen; every action also has a plain or F-key.
    for action in ACTIONS:
        keys = action.keys.split(",")
        assert not {"ctrl+b", "ctrl+a"} & set(keys), action.id
        assert any("+" not in k or k.startswith("f") for k in keys), action.id
        if "ctrl+enter" in keys:
            assert "ctrl+j" in keys, f"{action.id}: ctrl+enter is plain enter in most terminals"


def test_a_keymap_with_an_id_no_action_has_is_refused_by_name(tmp_path):
    path = tmp_path / "keymap.json"
    path.write_text(json.dumps({"cases.sort": "S", "case.legder": "L"}))
    with pytest.raises(InputError) as caught:
        load_keymap(path)
    message = str(caught.value)
    assert str(path) in message and "'case.legder'" in message and "did you mean 'case.ledger'?" in message
    path.write_text(json.dumps({"cases.sort": "S", "app.help": "f1,question_mark"}))
    assert load_keymap(path) == {"cases.sort": "S", "app.help": "f1,question_mark"}


def test_a_bad_keymap_stops_the_command_before_the_app_starts(tmp_path, monkeypatch, capsys):
    from tui.cli import main

    sample_workspace(tmp_path / "ws")
    (tmp_path / "keymap.json").write_text(json.dumps({"cases.srot": "S"}))
    monkeypatch.setenv("CASEFILE_KEYMAP", str(tmp_path / "keymap.json"))
    monkeypatch.setattr("tui.launch.check_terminal", lambda: None)  # no terminal under pytest
    assert main(["--data", str(tmp_path / "ws")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no key binding has the id 'cases.srot'" in err


def test_clashes_are_the_keys_a_keymap_gives_twice():
    assert key_clashes(["cases.sort", "cases.new"], {}) == {}
    assert key_clashes(["cases.sort", "cases.new"], {"cases.sort": "n"}) == {"n": ["cases.sort", "cases.new"]}
    assert key_clashes(["cases.sort", "cases.new", "app.help"], {"app.help": "f1,s"}) == {"s": ["cases.sort", "app.help"]}
    assert key_clashes(["case.back", "form.cancel"], {}) == {}  # never on one screen: not asked


async def test_a_clash_in_the_keymap_is_told_once_per_screen(tmp_path):
    # "n" is cases.new's own key on the case list: the keymap gives it to cases.sort too.
    app = create_app(sample_workspace(tmp_path / "ws"), keymap={"cases.sort": "n", "app.help": "f1,o"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n", "n")
        app.open_case(PO)
        await settle(pilot)
        await pilot.press("escape")
        app.open_case(PO)
        await settle(pilot)
        told = [n.message for n in app._notifications if n.title == "Keymap clash"]
        assert len(told) == 2, told
        assert told[0].startswith("n is the key of cases.sort and cases.new on CasesScreen")
        assert told[1].startswith("o is the key of case.options and app.help on CaseViewScreen")
        assert "keymap" in told[0]  # where to fix it


async def test_the_case_menu_shows_the_keys_of_the_keymap(tmp_path):
    app = create_app(sample_workspace(tmp_path / "ws"), keymap={"case.report": "R"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        menu = [str(o.prompt) for o in app.screen.query_one("#case-menu").options]
        assert menu[0] == "R  Report: the diagnosis per defect class"
        assert menu[3] == "p  Ledger: payments and the balance gate"


async def test_footers_keep_help_and_quit_at_80_columns_and_the_menu_lists_every_case_key(tmp_path):
    from app_support import screen_text

    app = create_app(sample_workspace(tmp_path / "ws"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        menu = [str(o.prompt) for o in app.screen.query_one("#case-menu").options]
        for line in ("i  Import report", "y  History", "e  Edit", "x  Export", "k  Evidence pack"):
            assert any(m.startswith(line) for m in menu), menu
        for key in ("", "l", "p", "r"):  # the case view, then the log, the ledger, the report
            if key:
                await pilot.press(key)
                await settle(pilot)
            footer = screen_text(app).splitlines()[-1].rstrip()
            assert footer.endswith("f1 Help  f2 Commands  q Quit"), (key, footer)
            if key:
                await pilot.press("escape")
                await settle(pilot)
