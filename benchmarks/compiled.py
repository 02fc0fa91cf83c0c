"""The program measured as installed: its modules compiled once before the timed runs.

`pip install` compiles a package's modules; an editable checkout compiles each on first
import, unless PYTHONDONTWRITEBYTECODE is set (it is on some machines), and then every timed
process compiled again each module changed since the last compile (tens of ms per run)."""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def compile_packages() -> None:
    for package in ("casefile", "screens", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
