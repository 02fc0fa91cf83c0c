"""docs/deploy-ssh.md promises the app needs no key that PuTTY cannot send or that tmux and
screen keep for themselves."""

from __future__ import annotations

import importlib
import pkgutil

import screens
from textual.binding import Binding
from textual.dom import DOMNode

# PuTTY sends no ctrl+home/ctrl+end; ctrl+b is tmux's prefix, ctrl+a screen's.
UNREACHABLE_OVER_SSH = {"ctrl+home", "ctrl+end", "ctrl+b", "ctrl+a"}


def _bindings():
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(screens.__path__, "screens.")]
    modules.append(importlib.import_module("tui.app"))
    for module in modules:
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, DOMNode) and obj.__module__ == module.__name__:
                for b in vars(obj).get("BINDINGS", []):  # our own, not Textual's emacs-style extras
                    keys = b.key if isinstance(b, Binding) else b[0]
                    yield obj.__qualname__, [k.strip() for k in keys.split(",")]


def test_no_binding_needs_a_key_that_ssh_clients_or_multiplexers_swallow():
    found = list(_bindings())
    assert len(found) > 10  # the screens are there, so this can fail
    bad = [(owner, k) for owner, keys in found for k in keys if k in UNREACHABLE_OVER_SSH]
    assert bad == []
