"""Where the workspace lives: --data, else $CASEFILE_HOME, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path


def resolve_workspace(data: str | None) -> Path:
    if data:
        return Path(data).expanduser()
    env = os.environ.get("CASEFILE_HOME")
    if env:
        return Path(env).expanduser()
    return user_data_path("casefile") / "workspace"


def demo_workspace_path() -> Path:
    """The demo lives apart from real data, so the two are never mixed."""
    return user_data_path("casefile") / "demo"
