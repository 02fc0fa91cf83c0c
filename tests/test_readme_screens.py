"""The README's screenshots are the snapshot tests' own SVGs (tests/test_snapshots.py,
test_demo_screen), so they cannot go stale: after `--snapshot-update`, copy them with
`python tests/test_readme_screens.py`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = REPO / "tests" / "__snapshots__" / "test_snapshots"
COPIES = {REPO / "docs" / "screens" / f"{name}.svg": SNAPSHOTS / f"test_demo_screen[{name}].svg"
          for name in ("report", "ledger")}


@pytest.mark.parametrize("copy", list(COPIES), ids=lambda p: p.name)
def test_the_readme_screenshot_is_the_snapshot(copy):
    assert copy.read_bytes() == COPIES[copy].read_bytes(), (
        f"{copy.relative_to(REPO)} differs from the snapshot: run `python tests/test_readme_screens.py`")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"]({copy.relative_to(REPO)})" in readme  # and the README shows it


if __name__ == "__main__":
    for copy, snapshot in COPIES.items():
        shutil.copyfile(snapshot, copy)
        print(f"{snapshot.relative_to(REPO)} -> {copy.relative_to(REPO)}")
