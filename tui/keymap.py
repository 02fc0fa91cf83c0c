"""User key overrides, posting style: binding id -> keys, from a small JSON file.

`keymap.json` in the user config folder (or $CASEFILE_KEYMAP) maps a binding id shown
in F1 help, e.g. {"cases.sort": "S", "app.help": "f1,question_mark"}.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_config_path

from casefile.errors import InputError


def keymap_path() -> Path:
    env = os.environ.get("CASEFILE_KEYMAP")
    return Path(env).expanduser() if env else user_config_path("casefile") / "keymap.json"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    path = path or keymap_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable JSON keymap ({exc}); fix or remove it") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError(f'{path}: a keymap maps binding ids to keys, e.g. {{"cases.sort": "S"}}')
    return data
