"""Who is acting: the OS account, which a user cannot fake by setting $USER."""

from __future__ import annotations

import os
import pwd


def current_user() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # an account with no passwd entry (containers)
        return f"uid{os.geteuid()}"
