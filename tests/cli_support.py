"""The command line from a test: one case opened, then `casefile --data WS ...` run in-process."""

from __future__ import annotations

import pytest

from tui.cli import main


@pytest.fixture
def opened(ws, case, pinned_clock):
    ws.create(case)
    return ws


def run(ws, capsys, *argv):
    """(exit code, stdout, stderr) of `casefile --data <ws> *argv`."""
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err
