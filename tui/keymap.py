"""User key overrides, posting style: binding id -> keys, from a small JSON file.

`keymap.json` in the user config folder (or $CASEFILE_KEYMAP) maps a binding id shown
in F1 help, e.g. {"cases.sort": "S", "app.help": "f1,question_mark"}.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path

from casefile.values.errors import InputError
from casefile.values.untrusted import describe_os_error, load_json, read_regular


def keymap_path() -> Path:
    env = os.environ.get("CASEFILE_KEYMAP")
    return Path(env).expanduser() if env else user_config_path("casefile") / "keymap.json"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    path = path or keymap_path()
    try:
        data = load_json(read_regular(path, 64_000))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(f"{path}: not a readable JSON keymap ({describe_os_error(exc)}); fix or remove it") from None
    except ValueError as exc:
        raise InputError(f"{path}: not a readable JSON keymap ({exc}); fix or remove it") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError(f'{path}: a keymap maps binding ids to keys, e.g. {{"cases.sort": "S"}}')
    return data
