"""Start the app: check the terminal, resolve the workspace (or build the demo), run."""

from __future__ import annotations

from casefile.store import CONFIG, Workspace
from casefile.workspace_path import demo_workspace_path, resolve_workspace
from tui.terminal import check_terminal, check_theme, demo_progress


def open_demo() -> Workspace:
    root = demo_workspace_path()
    if not (root / CONFIG).exists():
        from casefile.demo import build_demo

        build_demo(root, progress=demo_progress)
    return Workspace.open(root, create=False)


def launch(args) -> int:
    # Everything that can refuse runs before Textual takes over the screen.
    theme = check_theme(args.theme) if args.theme else None
    check_terminal()
    ws = open_demo() if args.demo else Workspace.open(resolve_workspace(args.data))

    from tui.app import create_app

    app = create_app(ws, theme=theme)
    # NO_COLOR needs nothing here: Textual reads it itself and renders in monochrome.
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0
