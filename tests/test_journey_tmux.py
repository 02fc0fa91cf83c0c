"""The whole journey in a real terminal: tmux at 80x24, driven by send-keys, read by capture-pane.

From a fresh workspace: create a case, import a failed report, read the conclusion, choose
rework, try to pay the balance (refused, the reason on screen), log a rework request, import
a passing re-inspection, pay the balance, export the dossier. Every screen is the real one,
in the real app process, through a terminal, as a user over SSH would drive it.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from app_support import FAILED, PASSING
from journey_steps import (PO, choose_rework, create_case, dated_copy, import_failed_report, ledger_locked,
                           log_rework_request, rework_deadline)
from tmux_support import Tmux, needs_tmux

pytestmark = [pytest.mark.slow, needs_tmux]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tmux(tmp_path):
    term = Tmux(tmp_path)
    yield term
    term.close()


def test_journey_from_a_fresh_workspace_to_the_dossier(tmux, tmp_path):
    today = date.today()
    failed = dated_copy(FAILED, tmp_path / "failed.json", today - timedelta(days=13))
    passing = dated_copy(PASSING, tmp_path / "passing.json", today - timedelta(days=1))
    ws, dossier = tmp_path / "ws", tmp_path / "dossier.md"
    expires = (datetime.now(timezone.utc) + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    # A workspace is created on purpose (a typo in --data never makes one), then the app opens it.
    tmux.type(f"cd {ROOT} && export TERM=xterm-256color && {sys.executable} -m tui --data {ws} init "
              f"&& {sys.executable} -m tui --data {ws}")
    tmux.keys("Enter")

    # A fresh workspace says what to do first; the case is created, the failed report read
    # to its conclusion, and rework chosen.
    create_case(tmux)
    import_failed_report(tmux, failed)
    choose_rework(tmux)

    # Try to pay the balance: the ledger says locked and why; the form is refused too.
    tmux.keys("Escape", "Escape")
    ledger_locked(tmux)
    tmux.keys("b")  # greyed out while locked: nothing opens
    assert "Record a payment" not in tmux.screen()
    tmux.keys("p")
    tmux.wait_for("Record a payment", "25200.00")  # the form opens on the payment due next: the deposit
    tmux.keys("BTab", "BTab")
    # kind: balance. Each step waits for the screen: under load a key sent before the list
    # opens lands elsewhere.
    tmux.keys("Enter")
    tmux.wait_for("refund received")
    tmux.keys("Down", "Enter")
    tmux.wait_for("Kind balance", absent=("refund received",))
    tmux.keys("Tab", "Tab")
    for value in ("58800.00", "215.5", expires, "Sterling FX", "Alipay", "ALI-1"):
        tmux.type(value)
        tmux.keys("Tab")
    tmux.keys("F10")
    tmux.wait_for("The balance is locked", "re-inspection must pass first")
    tmux.keys("Escape", "y")  # the form holds input: confirm discarding it
    tmux.wait_for("BALANCE LOCKED")

    # Log a rework request from the template (the draft cites the facts), marked sent.
    deadline = rework_deadline()
    tmux.keys("Escape")
    log_rework_request(tmux, deadline)

    # Import the passing re-inspection: the prompt offers the folder of the last report.
    tmux.keys("Escape", "i")
    tmux.wait_for("Report file", str(tmp_path)[:60])
    tmux.type(passing.name)
    tmux.keys("Enter")
    tmux.wait_for("Report 2/2", "The app's verdict: PASSES")

    # Pay the balance: now unlocked, the form opens with the amount due.
    tmux.keys("Escape", "p")
    tmux.wait_for("BALANCE UNLOCKED")
    tmux.keys("b")
    tmux.wait_for("Record a payment", "58800.00")
    tmux.keys("Tab")
    for value in ("215.5", expires, "Sterling FX", "Alipay", "ALI-2"):
        tmux.type(value)
        tmux.keys("Tab")
    tmux.keys("F10")
    tmux.wait_for("still to pay ¥0.00", "ALI-2")

    # Quit and export the dossier.
    tmux.keys("q")
    tmux.type(f"{sys.executable} -m tui --data {ws} export {PO} --output {dossier}; echo EXIT=$?")
    tmux.keys("Enter")
    tmux.wait_for("EXIT=0")
    text = dossier.read_text()
    for section in ("## Order", "## Inspection reports", "re-inspection", "## Correspondence", "## Ledger", "ALI-2"):
        assert section in text, section


class Counted(Tmux):
    """The terminal, counting what the user does: each key, and each character typed."""

    count = 0

    def keys(self, *keys: str, pause: float = 0.35) -> None:
        self.count += len(keys)
        super().keys(*keys, pause=pause)

    def type(self, text: str) -> None:
        self.count += len(text)
        super().type(text)

    def start(self, command: str) -> None:
        """The shell command that starts the app: not part of the journey's count. From here
        on every byte written to the terminal is copied to `self.output` (pipe-pane)."""
        self.output = Path(self.env["HOME"]).parent / f"{self.name}-output.bin"
        self.run("pipe-pane", "-o", "-t", self.name, f"cat >> {self.output}")
        super().type(command)
        super().keys("Enter")

    def bytes_written(self) -> int:
        return self.output.stat().st_size if self.output.exists() else 0


def test_journey_from_a_report_file_to_the_locked_balance_in_few_keystrokes(tmp_path, figure):
    """Issue #11: new workspace -> case from docs/examples/report-first-failed.json (money
    typed) -> diagnosis -> rework chosen -> rework request logged, its deadline from the
    decision -> the ledger shows the balance locked and why. Target: at most 60 keystrokes."""
    term = Counted(tmp_path, name="fromreport")
    try:
        ws = tmp_path / "ws"
        term.start(f"cd {ROOT} && export TERM=xterm-256color && {sys.executable} -m tui --data {ws} init "
                   f"&& {sys.executable} -m tui --data {ws}")
        term.wait_for("r to make one from a report file")

        term.keys("r")
        term.wait_for("New case from a report file")
        # The path as a shell completes it; each Tab waits for its answer, as a user sees it.
        for typed, shown in (("do", "docs/"), ("e", "docs/examples/"), ("r", "report-reinspection-passed.json"),
                             ("f", "lot 3000")):
            term.type(typed)
            term.keys("Tab")
            term.wait_for(shown)
        term.keys("Tab")  # the path is complete: on to the money
        term.type("84000")
        term.keys("Tab")
        term.type("25200")
        term.keys("F10")
        term.wait_for("Case PO/2026/114 · Shenzhen Brightway", "LOCKED: major defects failed")

        term.keys("r")
        term.wait_for("The app's verdict: FAILS", "major 23 found / Re 8")
        term.keys("o")
        term.wait_for("Options · PO/2026/114")
        term.keys("Enter")
        term.wait_for("Decide · PO/2026/114 · Rework")
        deadline = date.fromisoformat(term.screen().split("Deadline", 1)[1].split()[0])
        term.keys("F10")
        term.wait_for("✓ Rework", absent=("Decide ·",))

        term.keys("Escape", "Escape", "l")
        term.wait_for("Correspondence")
        term.keys("t")
        term.wait_for("Dear Shenzhen Brightway", deadline.isoformat())
        term.keys("F10")
        term.wait_for("1 entry ", f"due {deadline:%-d %b}")

        term.keys("Escape", "p")
        term.wait_for("BALANCE LOCKED", "major defects failed")
        figure(f"journey from a report file (#11): {term.count} keystrokes, keys and typed characters "
               f"(target 60), new workspace to the locked balance; {term.bytes_written():,} B to the terminal")
        assert term.count <= 60
    finally:
        term.close()


def test_journey_with_the_report_typed_into_the_form(tmp_path, figure):
    """Issue #11, the same journey holding only the inspector's PDF: the case typed in (no
    report file to make it from), the report's summary page typed into the report form
    (date, lot and sample size as filled in), then as above. Target: at most 120 keystrokes."""
    term = Counted(tmp_path, name="typedreport")
    try:
        ws = tmp_path / "ws"
        term.start(f"cd {ROOT} && export TERM=xterm-256color && {sys.executable} -m tui --data {ws} init "
                   f"&& {sys.executable} -m tui --data {ws}")
        term.wait_for("No cases yet: press n")
        term.keys("n")
        term.wait_for("New case", "PO number")
        for value in (PO, "Shenzhen Brightway", "", "LED lamp", "3000", "84000", "25200"):  # "": no contact
            if value:
                term.type(value)
            term.keys("Tab")
        term.keys("F10")
        term.wait_for(f"Case {PO} · Shenzhen Brightway", "LOCKED: no inspection report")

        term.keys("n")
        term.wait_for("Type in a report", "Plan: 125 units for a lot of 3,000")
        term.type("AQI")  # the company; the focus starts there
        term.keys(*["Tab"] * 8)  # inspector, kind, lot, level, sample, cartons, critical: as filled in
        term.type("23")  # major found (the field's 0 is selected on arrival)
        term.keys("Tab")
        term.type("6")
        term.keys("F10")
        term.wait_for("The app's verdict: FAILS", "major 23 found / Re 8")

        choose_rework(term)
        term.keys("Escape", "Escape")
        log_rework_request(term, rework_deadline())
        term.keys("Escape")
        ledger_locked(term)
        figure(f"journey with the report typed into the form (#11): {term.count} keystrokes, keys and typed "
               f"characters (target 120), new workspace to the locked balance; {term.bytes_written():,} B to the terminal")
        assert term.count <= 120
    finally:
        term.close()
