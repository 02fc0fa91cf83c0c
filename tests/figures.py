"""The figures the durability tests measure, printed in pytest's terminal summary.

A test module opts in with `pytest_plugins = ["figures"]`; its tests take the `figure`
fixture and call `figure("kill-9: 200 rounds, ...")`.
"""

from __future__ import annotations

import pytest

_lines: list[str] = []


@pytest.fixture
def figure():
    return _lines.append


def pytest_terminal_summary(terminalreporter) -> None:
    if _lines:
        terminalreporter.write_sep("=", "measured figures")
        for line in _lines:
            terminalreporter.write_line(line)
