"""Start the app: resolve the workspace (or the demo), check the terminal, run."""

from __future__ import annotations

from casefile.store import Workspace
from casefile.workspace_path import demo_workspace_path, resolve_workspace


def launch(args) -> int:
    from tui.app import create_app

    root = demo_workspace_path() if args.demo else resolve_workspace(args.data)
    ws = Workspace.open(root)
    app = create_app(ws, theme=args.theme)
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0
