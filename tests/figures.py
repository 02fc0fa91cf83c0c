"""The figures the durability tests measure, printed in pytest's terminal summary.

A test takes the `figure` fixture and calls `figure("kill-9: 200 rounds, ...")`.
Registered for every test module by tests/conftest.py. Under pytest-xdist each worker
hands its lines to the controller when it finishes, so the summary still shows them all.
"""

from __future__ import annotations

import pytest

_lines: list[str] = []


@pytest.fixture
def figure():
    return _lines.append


def pytest_sessionfinish(session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker
        workeroutput["figures"] = list(_lines)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    _lines.extend(getattr(node, "workeroutput", {}).get("figures", []))


def pytest_terminal_summary(terminalreporter) -> None:
    if _lines:
        terminalreporter.write_sep("=", "measured figures")
        for line in _lines:
            terminalreporter.write_line(line)
