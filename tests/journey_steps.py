"""The new user's journey in a real terminal, step by step: the tmux journey test runs it
whole, and benchmarks/bench_app.py counts the bytes of its first part (issue #12).

Each step starts where the one before it left the app and waits until the screen shows
what the step was for: under load a key sent before a list opened landed elsewhere.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

PO = "PO/2026/114"


def dated_copy(src: Path, dest: Path, day: date) -> Path:
    """The fixture report, dated relative to today (a report from the future looks wrong)."""
    data = json.loads(src.read_text())
    data["date"] = day.isoformat()
    dest.write_text(json.dumps(data))
    return dest


def create_case(tmux) -> None:
    """From the empty case list: the order and the standard, then f10; ends on the case view."""
    tmux.wait_for("No cases yet: press n")
    tmux.keys("n")
    tmux.wait_for("New case", "PO number")
    # "": the supplier's contact, left empty (letters then greet the supplier)
    for value in (PO, "Shenzhen Brightway Lighting Co.", "", "LED desk lamp DL-40", "3000", "84000.00", "25200.00"):
        if value:
            tmux.type(value)
        tmux.keys("Tab")
    tmux.type("S1 = colour Pantone 286C")
    tmux.keys("Enter")
    tmux.type("S2 = weight 250 g")
    tmux.keys("Tab")
    tmux.type("G1 = switch feel as golden sample")
    tmux.keys("F10")
    tmux.wait_for(f"Case {PO} · Shenzhen Brightway", "LOCKED: no inspection report")


def import_failed_report(tmux, failed: Path) -> None:
    """From the case view: import the failed report and read the diagnosis to its conclusion."""
    tmux.keys("i")
    tmux.wait_for("Report file")
    tmux.type(str(failed))
    tmux.keys("Enter")
    tmux.wait_for("The app's verdict: FAILS", "major 23 found / Re 8")
    tmux.keys("End")
    tmux.wait_for("Conclusion", "1. Rework and re-inspect")


def choose_rework(tmux) -> None:
    """From the report: the options one row each, rework chosen with its deadline."""
    tmux.keys("o")
    tmux.wait_for("Options ·", "Rework")
    tmux.keys("Enter")  # the first option that fits is highlighted: rework
    tmux.wait_for("Decide ·", "Rework and re-inspect")
    tmux.keys("F10")
    tmux.wait_for("Options ·", "✓ Rework")


def log_rework_request(tmux, deadline: date) -> None:
    """From the case view: the rework request drafted from its template, marked sent."""
    tmux.keys("l")
    tmux.wait_for("Correspondence")
    tmux.keys("t")
    tmux.wait_for("New log entry")
    # The decision in force picks its letter, drafted with the decision's deadline.
    tmux.wait_for("Template Rework request", "Dear Shenzhen Brightway", "23 found in a sample of 125",
                  f"Deadline {deadline.isoformat()}")
    tmux.keys("F10")
    tmux.wait_for("1 entry ", f"due {deadline:%-d %b}")


def ledger_locked(tmux) -> None:
    """From the case view: the ledger says the balance is locked, and why."""
    tmux.keys("p")
    tmux.wait_for("BALANCE LOCKED", "major defects failed")


def rework_deadline() -> date:
    return date.today() + timedelta(days=10)
