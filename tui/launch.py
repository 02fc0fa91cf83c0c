"""Start the app: check the terminal, resolve the workspace (or build the demo), run."""

from __future__ import annotations

from casefile.actions.workspace import Workspace
from casefile.actions.workspace import demo_workspace_path, resolve_workspace
from tui.keymap import load_keymap
from tui.terminal import check_terminal, check_theme, demo_progress


def open_demo() -> Workspace:
    from casefile.actions.demo import build_demo

    return build_demo(demo_workspace_path(), progress=demo_progress)


def launch(args) -> int:
    # Everything that can refuse runs before Textual takes over the screen.
    theme = check_theme(args.theme) if args.theme else None
    check_terminal()
    keymap = load_keymap()
    ws = open_demo() if args.demo else Workspace.open(resolve_workspace(args.data), create=False)

    from tui.app import create_app

    app = create_app(ws, theme=theme, keymap=keymap)
    # NO_COLOR needs nothing here: Textual reads it itself and renders in monochrome.
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0
