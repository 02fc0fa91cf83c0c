"""Bytes written to the terminal per key, on every screen (issue #12): the sweep bench_app runs.

The app runs in a tmux pane of our own at 80x24 with TERM=xterm-256color; `pipe-pane -o`
copies every byte the app writes to a file, and `capture-pane` tells which screen is up.
Each screen is reached from a fresh start on a fresh copy of the sweep workspace, then
each key is sent and the bytes counted until the terminal has been quiet for a moment.
A key that leaves the screen is followed by esc (and `y` when a form asks to discard)
until the screen is back, or by a fresh start when it is not; those keys are not counted.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
PO = "PO/2026/114"
NAV = ("Up", "Down", "PageDown", "PageUp", "End", "Home", "Tab", "BTab")


# -- the workspace the sweep reads ------------------------------------------------------------
def long_report(path: Path, day: date) -> Path:
    """A failed report with 30 defect types and 12 spec points: the report screen scrolls
    over several pages."""
    findings = [{"class": ("major", "minor")[i % 2], "defect_type": f"fault {i:02d}: {('scratch', 'dent', 'loose screw')[i % 3]}",
                 "units": 1 + i % 3, "cartons": 1 + i % 4} for i in range(30)]
    found = {c: sum(f["units"] for f in findings if f["class"] == c) for c in ("major", "minor")}
    data = {
        "format": "casefile-report/1", "date": day.isoformat(), "company": "QIMA", "inspector": "Li Wei",
        "lot_size": 3000, "sample_size": 125, "level": "II", "cartons_sampled": 13,
        "classes": {"critical": {"aql": "0", "found": 0}, "major": {"aql": "2.5", "found": found["major"]},
                    "minor": {"aql": "4.0", "found": found["minor"]}},
        "findings": findings,
        "spec_checks": [{"point": f"S{i}", "result": ("conforms", "does-not-conform", "not-checked")[i % 3],
                         "note": "measured on 5 units" if i % 3 == 1 else ""} for i in range(1, 13)],
        "verdict": "fail",
    }
    path.write_text(json.dumps(data))
    return path


def build_sweep_workspace(root: Path) -> Path:
    """60 cases (the list scrolls); PO/2026/114 with the long report, a rework decision,
    40 log entries (one with an open deadline), a paid deposit and a requested fee."""
    sys.path.insert(0, str(TESTS))
    from casefile.records.log_entry import EntryDraft
    from casefile.actions.decide import record_decision
    from casefile.rules.decision_terms import DecisionTerms
    from casefile.actions.note import append_entry
    from casefile.actions.pay import PaymentDraft, record_payment
    from casefile.actions.import_report import import_report
    from casefile.actions.workspace import Workspace
    from conftest import make_case

    if (root / "done").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    ws = Workspace.open(root)
    today = date.today()
    spec = [{"key": f"S{i}", "text": f"spec point {i}: dimension {i} mm ± 0.5", "kind": "spec"} for i in range(1, 13)]
    ws.create(make_case(PO, spec_points=spec, ship_window_start=today + timedelta(days=20),
                        ship_window_end=today + timedelta(days=40)))
    import_report(ws, PO, long_report(root.parent / "sweep-report.json", today - timedelta(days=3)))
    record_decision(ws, PO, DecisionTerms(option="rework", reason="fixable", deadline=today + timedelta(days=10)))
    for i in range(40):
        append_entry(ws, PO, EntryDraft(direction=("to-supplier", "from-supplier", "internal")[i % 3],
                                        subject=f"Rework progress {i}", body="Calm, on the record. " * 6,
                                        deadline=today + timedelta(days=5) if i == 38 else None))
    expires = datetime.now(timezone.utc) + timedelta(days=30)
    record_payment(ws, PO, PaymentDraft(kind="deposit", cny="25200.00", rate="215.5", receipt="DEP-1",
                                        quote_expires_at=expires))
    record_payment(ws, PO, PaymentDraft(kind="reinspection-fee", cny="2100.00", rate="215.5", status="requested",
                                        quote_expires_at=expires))
    for i in range(59):
        ws.create(make_case(f"PO/2026/{200 + i}", supplier=f"Supplier {i:02d} Co."))
    (root / "done").write_text("ok")
    return root


# -- the plan: how to reach each screen, and what to press there --------------------------------
@dataclass(frozen=True)
class Press:
    """One measured key: `before` is sent first (not counted) to put the focus somewhere."""
    key: str
    label: str = ""
    before: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.label or self.key


@dataclass(frozen=True)
class ScreenPlan:
    name: str
    path: tuple[str, ...]  # keys from the case list, each waited for
    marker: str  # on the title line while this screen is up
    presses: tuple[Press, ...] = field(default_factory=tuple)
    quick: bool = False


def nav(*extra: Press, skip: tuple[str, ...] = ()) -> tuple[Press, ...]:
    return tuple(Press(k) for k in NAV if k not in skip) + extra


CASE = ("Enter",)
# Keys that leave the screen or save come last: a save's notice goes away seconds later and
# would be counted against the next key.
PLANS = (
    ScreenPlan("case list", (), "Casefile ·", nav(
        Press("s", "s (sort)"), Press("F1", "F1 (help)"), Press("F2", "F2 (palette)"), Press("n", "n (new case)"),
        Press("Enter", "enter (open)"), Press("a", "a typed in the filter", before=("/",))), quick=True),
    ScreenPlan("case view", CASE, "Case PO/", nav(
        Press("c", "c (copy)"), Press("r"), Press("o"), Press("l"), Press("p"), Press("y"), Press("e"), Press("i"),
        Press("F1"), Press("F2"), Press("Escape")), quick=True),
    ScreenPlan("report", CASE + ("r",), "Report ", nav(
        Press("["), Press("]"), Press("o"), Press("i", "i (import bar)"),
        Press("a", "a typed in the import path", before=("i",)), Press("Escape")), quick=True),
    ScreenPlan("options", CASE + ("o",), "Options ·", nav(
        Press("Enter", "enter (choose)"), Press("Escape"))),
    ScreenPlan("log", CASE + ("l",), "Correspondence ·", nav(
        Press("c", "c (copy)"), Press("n"), Press("t"), Press("x"), Press("s", "s (settle)", before=("Down",)),
        Press("Escape")), quick=True),
    ScreenPlan("ledger", CASE + ("p",), "Ledger ·", nav(
        Press("b"), Press("p"), Press("m", "m (mark paid)", before=("End",)), Press("Escape"))),
    ScreenPlan("history", CASE + ("y",), "History ·", nav(Press("g", "g (reload)"), Press("Escape"))),
    ScreenPlan("case form (edit)", CASE + ("e",), "Edit case", nav(
        Press("a", "a typed in an input"), Press("a", "a typed in a text area", before=("Tab", "Tab", "Tab", "Tab", "Tab")),
        Press("Enter", "enter in a text area", before=("Tab", "Tab", "Tab", "Tab", "Tab")),
        Press("F10", "F10 (save)")), quick=True),
    ScreenPlan("new case form", ("n",), "New case", nav(Press("a", "a typed in an input"), Press("Escape"))),
    ScreenPlan("payment form", CASE + ("p", "p"), "Record a payment", nav(
        Press("Enter", "enter on a select"), Press("1", "1 typed in an input", before=("Tab", "Tab")),
        Press("F10", "F10 (save, refused)"))),
    ScreenPlan("decision form", CASE + ("o", "Enter"), "Decide ·", nav(
        Press("1", "1 typed in an input"), Press("F10", "F10 (save)"))),
    ScreenPlan("log composer", CASE + ("l", "n"), "New log entry", nav(
        Press("Enter", "enter on a select"), Press("a", "a typed in the subject", before=("Tab", "Tab", "Tab")),
        Press("a", "a typed in the body", before=("Tab", "Tab", "Tab", "Tab")), Press("F3", "F3 (redraft)"),
        Press("F10", "F10 (log, refused)"))),
    ScreenPlan("help", ("F1",), "Help: every key", nav(Press("Escape"))),
    ScreenPlan("palette", ("F2",), "", nav(Press("a", "a typed in the palette"), Press("Escape"), skip=("Tab", "BTab"))),
)


# -- the terminal ------------------------------------------------------------------------------
class Pane:
    """The app in a pane of a tmux server of our own, every byte it writes copied to a file."""

    def __init__(self, tmp: Path, name: str = "sweep") -> None:
        sys.path.insert(0, str(TESTS))
        from tmux_support import Tmux

        self.tmux = Tmux(tmp, name)
        self.log = tmp / f"{name}.bytes"
        self.log.write_bytes(b"")
        self.runs = 0
        self.tmux.run("pipe-pane", "-o", "-t", name, f"cat >> {self.log}")

    def written(self) -> int:
        return self.log.stat().st_size

    def output(self, start: int) -> bytes:
        with self.log.open("rb") as f:
            f.seek(start)
            return f.read()

    def type_command(self, workspace: Path) -> None:
        """The command that starts the app, typed at the shell and not yet entered."""
        self.runs += 1
        self.tmux.type(f"clear; cd {ROOT} && TERM=xterm-256color {sys.executable} -m tui --data {workspace}; "
                       f"clear; echo app-exited-{self.runs}")
        self.quiet()

    def start_app(self, workspace: Path) -> None:
        self.type_command(workspace)
        self.tmux.keys("Enter", pause=0)
        self.wait_for("Casefile ·")
        self.quiet(0.8)

    def quiet(self, settle: float = 0.3, timeout: float = 20, first: float = 0.0) -> None:
        """Wait until nothing has been written for `settle` seconds, counted from the first
        byte when one comes within `first` seconds (a screen that takes longer than `settle`
        to open on a loaded machine would otherwise be counted against the next key)."""
        end = time.time() + timeout
        size, since = self.written(), time.time()
        while time.time() < since + first and self.written() == size:
            time.sleep(0.03)
        while time.time() < end:
            time.sleep(0.03)
            now = self.written()
            if now != size:
                size, since = now, time.time()
            elif time.time() - since >= settle:
                return

    def press(self, key: str, settle: float = 0.3, first: float = 0.0) -> int:
        before = self.written()
        self.tmux.run("send-keys", "-t", self.tmux.name, key)
        self.quiet(settle, first=first)
        return self.written() - before

    def title(self) -> str:
        return self.tmux.screen().splitlines()[0] if self.tmux.screen() else ""

    def wait_for(self, text: str, timeout: float = 20) -> bool:
        end = time.time() + timeout
        while time.time() < end:
            if text in self.tmux.screen():
                return True
            time.sleep(0.05)
        return False

    def quit_app(self) -> None:
        """ctrl+q: Textual's own quit, from any screen, without asking."""
        if self.runs:
            self.tmux.run("send-keys", "-t", self.tmux.name, "C-q")
            self.wait_for(f"app-exited-{self.runs}")

    def close(self) -> None:
        self.tmux.close()


# -- the sweep --------------------------------------------------------------------------------
@dataclass
class Figure:
    screen: str
    key: str
    bytes: int


def open_screen(pane: Pane, plan: ScreenPlan, template: Path, work: Path) -> bool:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(template, work)
    pane.start_app(work)
    for key in plan.path:
        pane.press(key, settle=0.4)
    reached = on_screen(pane, plan, wait=10)
    pane.quiet(0.8)
    return reached


def on_screen(pane: Pane, plan: ScreenPlan, wait: float = 0.0) -> bool:
    if not plan.marker:  # the palette: its input's prompt instead of a title
        return pane.wait_for("Search for", timeout=wait or 0.1)
    end = time.time() + wait
    while True:
        if plan.marker in pane.title():
            return True
        if time.time() >= end:
            return False
        time.sleep(0.05)


def back_to(pane: Pane, plan: ScreenPlan) -> bool:
    for _ in range(3):
        if on_screen(pane, plan, wait=0.3):
            return True
        screen = pane.tmux.screen()
        pane.press("y" if "Discard" in screen or "lose it" in screen else "Escape", settle=0.4)
    return on_screen(pane, plan, wait=0.5)


def sweep(template: Path, tmp: Path, quick: bool = False, idle: float = 0.0, log=print,
          only: tuple[str, ...] = ()) -> list[Figure]:
    """Every plan's keys (or only the screens named in `only`); with `idle`, also the bytes over
    `idle` seconds on each screen as opened (recorded as the key "idle")."""
    figures: list[Figure] = []
    pane = Pane(tmp)
    try:
        for plan in PLANS:
            if (quick and not plan.quick) or (only and plan.name not in only):
                continue
            presses = plan.presses if not quick else tuple(p for p in plan.presses if p.key in NAV[:4] or p.before)
            fresh = True
            for press in presses:
                if fresh or press.before:  # the keys before it start from the screen as opened
                    pane.quit_app()
                    if not open_screen(pane, plan, template, tmp / "ws"):
                        log(f"  {plan.name}: never reached (title {pane.title()!r})")
                        break
                    if idle and not any(f.screen == plan.name and f.key == "idle" for f in figures):
                        before = pane.written()
                        time.sleep(idle)
                        figures.append(Figure(plan.name, "idle", pane.written() - before))
                    fresh = False
                for key in press.before:
                    pane.press(key, settle=0.4)
                count = pane.press(press.key, settle=0.6, first=1.0)
                figures.append(Figure(plan.name, press.name, count))
                if not back_to(pane, plan):
                    fresh = True
        pane.quit_app()
    finally:
        pane.close()
    return figures


def journey_bytes(tmp: Path) -> tuple[int, float]:
    """Bytes and seconds of the #9 journey, from the app's start to the ledger saying the
    balance is locked: the steps of the tmux journey test (tests/journey_steps.py)."""
    import subprocess

    sys.path.insert(0, str(TESTS))
    from app_support import FAILED
    from journey_steps import (choose_rework, create_case, dated_copy, import_failed_report, ledger_locked,
                               log_rework_request, rework_deadline)

    workspace = tmp / "journey-ws"
    subprocess.run([sys.executable, "-m", "tui", "--data", str(workspace), "init"], check=True, cwd=ROOT,
                   capture_output=True)
    failed = dated_copy(FAILED, tmp / "failed.json", date.today() - timedelta(days=13))
    pane = Pane(tmp, "journey")
    try:
        pane.type_command(workspace)
        start, began = pane.written(), time.time()
        tmux = pane.tmux
        tmux.keys("Enter")
        create_case(tmux)
        import_failed_report(tmux, failed)
        choose_rework(tmux)
        tmux.keys("Escape", "Escape")
        log_rework_request(tmux, rework_deadline())
        tmux.keys("Escape")
        ledger_locked(tmux)
        pane.quiet(1.0)
        return pane.written() - start, time.time() - began
    finally:
        pane.close()


def report(figures: list[Figure], log=print) -> Figure | None:
    """The worst key per screen, then the overall worst with where."""
    idle = [f for f in figures if f.key == "idle"]
    figures = [f for f in figures if f.key != "idle"]
    by_screen: dict[str, list[Figure]] = {}
    for f in figures:
        by_screen.setdefault(f.screen, []).append(f)
    log(f"{'screen':<18} {'keys':>4} {'median':>7} {'worst':>7}  worst key")
    for screen, fs in by_screen.items():
        worst = max(fs, key=lambda f: f.bytes)
        median = sorted(f.bytes for f in fs)[len(fs) // 2]
        log(f"{screen:<18} {len(fs):>4} {median:>7,} {worst.bytes:>7,}  {worst.key}")
    if idle:
        noisy = [f"{f.screen} {f.bytes:,} B" for f in idle if f.bytes]
        log(f"idle: {', '.join(noisy) if noisy else f'0 B on each of {len(idle)} screens'}")
    if not figures:
        return None
    worst = max(figures, key=lambda f: f.bytes)
    log(f"worst single key: {worst.bytes:,} B, {worst.key} on the {worst.screen} (limit 4,096 B); "
        f"{sum(f.bytes > 4096 for f in figures)} of {len(figures)} keys over")
    return worst


if __name__ == "__main__":
    # The sweep alone, every key's figure: python benchmarks/key_sweep.py [--quick]
    # [--only "case list,log"] [--no-journey]
    import argparse
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="", help="screens to sweep, comma-separated, as named in PLANS")
    parser.add_argument("--no-journey", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="casefile-sweep-"))
    template = build_sweep_workspace(Path(tempfile.gettempdir()) / "casefile-bench" / "sweep")
    only = tuple(name.strip() for name in args.only.split(",") if name.strip())
    figures = sweep(template, tmp, quick=args.quick, idle=3.0, only=only)
    for f in figures:
        print(f"{f.screen:<18} {f.key:<32} {f.bytes:>7,}")
    report(figures)
    if not args.no_journey:
        total, seconds = journey_bytes(tmp)
        print(f"journey (new case, failed report read, rework chosen, request logged, ledger locked): "
              f"{total:,} B in {seconds:.0f} s (limit 150 KB)")
    shutil.rmtree(tmp, ignore_errors=True)
    os._exit(0)
