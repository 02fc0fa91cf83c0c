"""`casefile check` and one write against the size of a supplier's history (not a test).

    .venv/bin/python benchmarks/bench_check.py [--cases 5000] [--lots 500] [--runs 3]
    .venv/bin/python benchmarks/bench_check.py --keep /tmp/bench-check      # build once, reuse
    .venv/bin/python benchmarks/bench_check.py --keep /tmp/bench-check --against /path/to/other/checkout

Two workspaces of the same cases: `history`, whose suppliers have `--lots` lots each, and
`flat`, each case its own supplier (no history). Each case is a real one, made by the store
(`create`, then its first inspection recorded through a write, in date order, so the index
is what the rules make of it: a check finds it in step); only the fsyncs are left out while
building. The lots mix passes, borderline lots (6 major defects: accepted on normal, rejected
on tightened) and failures, a few on the same day, so the suppliers go tightened and back.

Figures: `check` of each workspace, the whole process (median of `--runs`), and the ratio
history/flat (target <= 1.5-2); one write (`append_entry`, a fresh `Workspace` each time, as a
command opens it) to a case of a supplier with `--lots` lots and to one with none; a lot
entered before all of a supplier's `--lots` (create and its report, in process, on a copy:
every later lot judged again). With `--against`, the same figures for another checkout
(e.g. the commit before), one after the other.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BUILD = r"""
import os, random, sys
from datetime import date, timedelta
from pathlib import Path
sys.path.insert(0, "tests")
os.fsync = lambda fd: None  # building only: the timed runs fsync as always
from casefile.actions.workspace import Workspace
from conftest import make_case
from gate_support import MAJOR_FAIL, PASS, add_report

root, cases, lots = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
BORDERLINE = dict(critical=0, major=6, minor=5)
rng = random.Random(13)
ws = Workspace.open(root)
made = []
for i in range(cases):
    supplier = f"Ningbo Factory {i % (cases // lots)} Co., Ltd." if lots > 1 else f"Factory {i} Ltd."
    j = i // max(1, cases // lots) if lots > 1 else i % 500
    day = date(2025, 1, 1) + timedelta(days=j * 2 // 3)  # a few lots share a day
    roll = rng.random()
    counts = MAJOR_FAIL if roll < 0.1 else BORDERLINE if roll < 0.25 else PASS
    made.append((day, f"PO-{i:05d}", supplier, counts))
for n, (day, po, supplier, counts) in enumerate(sorted(made)):
    ws.create(make_case(po=po, supplier=supplier))
    add_report(ws, po, day, counts)
    if n % 500 == 0:
        print(f"  {n} / {cases}", file=sys.stderr, flush=True)
"""

WRITE = r"""
import statistics, sys, time
from pathlib import Path
from casefile.actions.note import append_entry
from casefile.actions.workspace import Workspace
from casefile.records.log_entry import EntryDraft

root, po, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
took = []
for n in range(runs):
    start = time.perf_counter()
    ws = Workspace.open(root)
    append_entry(ws, po, EntryDraft(subject=f"follow-up {n}", direction="to-supplier", channel="email"))
    took.append(time.perf_counter() - start)
print(statistics.median(took))
"""


LATE = r"""
import sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, "tests")
from casefile.actions.workspace import Workspace
from conftest import make_case
from gate_support import MAJOR_FAIL, add_report

ws = Workspace.open(Path(sys.argv[1]))
start = time.perf_counter()
ws.create(make_case(po="PO-LATE", supplier="Ningbo Factory 0 Co., Ltd."))
add_report(ws, "PO-LATE", date(2024, 12, 31), MAJOR_FAIL)  # before every lot of the supplier
print(time.perf_counter() - start)
"""


def build(root: Path, cases: int, lots: int) -> None:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BUILD, str(root), str(cases), str(lots)], cwd=REPO, check=True)
    print(f"built {root.name}: {cases:,} cases, {lots} lots per supplier, in {time.perf_counter() - start:.0f} s",
          flush=True)


def check(repo: Path, root: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tui", "--data", str(root), "check"], cwd=repo,
                          capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"check failed in {repo}:\n{done.stdout}{done.stderr}")
    return took, done.stdout


def write(repo: Path, root: Path, po: str, runs: int) -> float:
    out = subprocess.run([sys.executable, "-c", WRITE, str(root), po, str(runs)], cwd=repo,
                         capture_output=True, text=True, check=True).stdout
    return float(out)


def late(repo: Path, root: Path) -> float:
    """A lot entered before every lot of a supplier of `--lots`: all of them judged again
    (casefile/actions/rejudge.py), on a copy of the workspace."""
    with tempfile.TemporaryDirectory(prefix="casefile-bench-late-") as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(root, copy, symlinks=True)
        out = subprocess.run([sys.executable, "-c", LATE, str(copy)], cwd=repo, capture_output=True, text=True,
                             check=True).stdout
    return float(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--lots", type=int, default=500, help="lots per supplier in the `history` workspace")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the workspaces here, or reuse them if there")
    parser.add_argument("--against", type=Path, help="another checkout to time the same way, in turn")
    parser.add_argument("--writes", type=int, default=20, help="writes timed per figure (median)")
    parser.add_argument("--figures", default="check,write,late", help="which: check, write, late (comma-separated)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "benchmarks"))
    from compiled import compile_packages

    compile_packages()
    repos = [("this", REPO)]
    if args.against:
        subprocess.run([sys.executable, "-m", "compileall", "-q", "casefile", "screens", "tui"], cwd=args.against,
                       check=True)
        repos.append(("against", args.against.resolve()))
    keep = args.keep or Path(tempfile.mkdtemp(prefix="casefile-bench-check-"))
    try:
        spaces = {"history": keep / "history", "flat": keep / "flat"}
        for name, root in spaces.items():
            if not root.exists():
                build(root, args.cases, args.lots if name == "history" else 1)
        figures = set(args.figures.split(","))
        print(f"load average {os.getloadavg()[0]:.1f}; check: whole process, median of {args.runs}", flush=True)
        for label, repo in repos if "check" in figures else ():
            taken = {}
            for name, root in spaces.items():
                runs = [check(repo, root) for _ in range(args.runs)]
                taken[name] = statistics.median(t for t, _ in runs)
                stale = sum("index" in line for line in runs[-1][1].splitlines())
                print(f"  {label:<8} check {name:<8} {taken[name]:7.2f} s  (lines naming the index: {stale})",
                      flush=True)
            print(f"  {label:<8} history / flat: {taken['history'] / taken['flat']:.2f} (target <= 1.5-2)", flush=True)
        po = "PO-00000"  # the first lot of supplier 0 in `history`, of its own supplier in `flat`
        for label, repo in repos if "write" in figures else ():
            for name, root in spaces.items():
                took = write(repo, root, po, args.writes)
                print(f"  {label:<8} open + one write, {name:<8} {took * 1000:7.1f} ms (median of {args.writes})",
                      flush=True)
        for label, repo in repos if "late" in figures else ():
            took = statistics.median(late(repo, spaces["history"]) for _ in range(args.runs))
            print(f"  {label:<8} a lot entered before a supplier's {args.lots}, all judged again: {took:6.2f} s "
                  f"(median of {args.runs})", flush=True)
        print(f"load average {os.getloadavg()[0]:.1f}")
    finally:
        if not args.keep:
            shutil.rmtree(keep, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
