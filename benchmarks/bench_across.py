"""Across-case benchmarks (issue 13; not a test): `agenda --json` and `supplier --json`
over 10,000 cases, the whole process, against `list --json` over the same workspace
(all three read the index and nothing else). Target: <= 0.5 s each.

    .venv/bin/python benchmarks/bench_across.py [--cases 10000] [--runs 5]

The workspace: one real case (a failed first inspection, a rework decision with a
deadline, a deposit paid) written through the actions, then cloned 9,999 times under
their own POs across 20 suppliers, each clone's summary made by the rules, as
bench_store.py does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from compiled import compile_packages  # noqa: E402
from casefile.actions.pay import PaymentDraft, record_payment  # noqa: E402
from casefile.actions.workspace import Workspace  # noqa: E402
from casefile.rules.assessment import summarize  # noqa: E402
from casefile.store.index import stamped  # noqa: E402
from conftest import make_case  # noqa: E402
from gate_support import MAJOR_FAIL, add_report, decide  # noqa: E402

SUPPLIERS = 20


def supplier(i: int) -> str:
    return f"Ningbo Factory {i % SUPPLIERS} Co., Ltd."


def build(root: Path, cases: int) -> Workspace:
    ws = Workspace.open(root)
    first = "ACROSS-0"
    ws.create(make_case(first, supplier=supplier(0)))
    record_payment(ws, first, PaymentDraft(kind="deposit", cny="25200.00", rate="215.5", receipt="R-1"))
    add_report(ws, first, date(2026, 11, 1), MAJOR_FAIL)
    decide(ws, first, "rework", deadline=date(2026, 11, 20))
    template = json.loads(ws.case_path(first).read_bytes())
    state = ws.load(first)
    shards: dict[Path, dict] = {}
    for i in range(1, cases):
        po = f"ACROSS-{i}"
        case = {**template["case"]["1"], "po": po, "supplier": supplier(i)}
        ws.case_path(po).write_bytes(json.dumps({**template, "case": {"1": case}}, separators=(",", ":")).encode())
        os.chmod(ws.case_path(po), ws.file_mode)
        on = date(2026, 1, 1) + timedelta(days=i % 300)
        copy = state.model_copy(update={"case": state.case.model_copy(update={"po": po, "supplier": supplier(i)}),
                                        "reports": [r.model_copy(update={"date": on}) for r in state.reports]})
        # stamped with its file as written, as the store stamps what it indexes: else the
        # first run re-reads every clone and (its seals made for another PO) finds it changed
        summary = stamped(summarize(copy, ws.case_path(po).stem), ws.case_path(po))
        shards.setdefault(ws.index.shard_path(po), {})[po] = summary.model_dump(mode="json")
    for path, shard in shards.items():
        existing = json.loads(path.read_bytes()) if path.exists() else {}
        path.write_bytes(json.dumps({**existing, **shard}, ensure_ascii=False).encode())
        os.chmod(path, ws.file_mode)
    return Workspace.open(root)


def wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + sys) of `runs` runs: on a shared machine
    the wall time is mostly the others' load, the CPU time much less so."""
    subprocess.run(cmd, cwd=REPO, capture_output=True, check=True)  # warm the page cache
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def measure(root: Path, cases: int, runs: int) -> None:
    """Build the workspace at `root` and print the three figures (bench_store.py prints them too)."""
    start = time.perf_counter()
    ws = build(root, cases)
    print(f"built {cases:,} cases in {time.perf_counter() - start:.1f} s")
    base = [sys.executable, "-m", "tui", "--data", str(ws.root)]
    agenda = json.loads(subprocess.run([*base, "agenda", "--json"], cwd=REPO, capture_output=True, check=True).stdout)
    record = json.loads(subprocess.run([*base, "supplier", supplier(3), "--json"], cwd=REPO,
                                       capture_output=True, check=True).stdout)
    print(f"agenda: {len(agenda['items']):,} items; supplier: {len(record['cases']):,} cases, "
          f"{len(record['original_inspections']):,} first inspections, {record['severity']}")
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {runs} runs, {cases:,} cases")
    listing, _ = wall([*base, "list", "--json"], runs)
    for what, cmd in (("list --json", [*base, "list", "--json"]),
                      ("agenda --json", [*base, "agenda", "--json"]),
                      ("supplier --json", [*base, "supplier", supplier(3), "--json"])):
        took, cpu = wall(cmd, runs)
        print(f"{what:<16} {took:.3f} s (CPU {cpu:.3f} s)   ratio to list --json ({listing:.3f} s) "
              f"{took / listing:.2f}   (target <= 0.5 s)", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_packages()
    with tempfile.TemporaryDirectory(prefix="casefile-bench-") as tmp:
        measure(Path(tmp) / "ws", args.cases, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
