"""Store benchmarks (not a test): prints each figure, its target and the ratio.

    .venv/bin/python benchmarks/bench_store.py [--cases 10000] [--runs 40]

1. Append one correspondence entry to a case in a workspace of 10 cases and of 10,000
   cases, the case the same size in both: median ratio, target <= 1.2.
2. Append to a case that already holds 2,000 records, against a bare TinyDB insert (stock
   JSONStorage) into a file of the same size, same run: target <= 2.5x.
3. `casefile list --json` over 10,000 cases, the whole process: median wall, target <= 0.5 s.
4. `casefile agenda --json` and `casefile supplier NAME --json` over 10,000 cases (issue 13),
   the whole process, on bench_across.py's workspace: median wall, target <= 0.5 s each.

The 10,000-case workspace is generated with the store's own serialisation (the same
documents Workspace.create writes, each case under its own PO) and its index written in
one pass, instead of 10,000 fsync'd creates; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from tinydb import TinyDB  # noqa: E402

from bench_across import measure  # noqa: E402
from compiled import compile_packages  # noqa: E402
from casefile.actions.note import append_entry  # noqa: E402
from casefile.actions.workspace import Workspace  # noqa: E402
from casefile.records.log_entry import EntryDraft  # noqa: E402
from casefile.rules.assessment import summarize  # noqa: E402
from casefile.store.index import file_stamp  # noqa: E402
from conftest import make_case  # noqa: E402

TARGET = "BENCH-0"
BODY = "Dear Amy, the inspection found the colour off Pantone 286C on 14 of 125 units. " * 2


def note(n: int) -> EntryDraft:
    return EntryDraft(subject=f"follow-up {n}", body=BODY, direction="to-supplier", channel="email")


def build_workspace(root: Path, cases: int, entries: int) -> Workspace:
    """`cases` cases, each with `entries` log entries, written as the store writes them."""
    ws = Workspace.open(root)
    ws.create(make_case(TARGET))
    for n in range(entries):
        append_entry(ws, TARGET, note(n))
    template = json.loads(ws.case_path(TARGET).read_bytes())
    state = ws.load(TARGET)
    shards: dict[Path, dict] = {}
    for i in range(1, cases):
        po = f"BENCH-{i}"
        tables = {**template, "case": {"1": {**template["case"]["1"], "po": po}}}
        ws.case_path(po).write_bytes(json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode())
        os.chmod(ws.case_path(po), ws.file_mode)
        summary = summarize(state.model_copy(update={"case": state.case.model_copy(update={"po": po})}), ws.case_path(po).stem)
        # the entry records the file it was made from, as the store's own writes do
        summary = summary.model_copy(update={"file_stamp": file_stamp(os.stat(ws.case_path(po)))})
        shards.setdefault(ws.index.shard_path(po), {})[po] = summary.model_dump(mode="json")
    for path, shard in shards.items():
        existing = json.loads(path.read_bytes()) if path.exists() else {}
        path.write_bytes(json.dumps({**existing, **shard}, ensure_ascii=False).encode())
        os.chmod(path, ws.file_mode)
    return Workspace.open(root)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def line(what: str, value: str, ratio: float | None = None, target: str = "") -> None:
    tail = f"   ratio {ratio:.2f} (target {target})" if ratio is not None else (f"   (target {target})" if target else "")
    print(f"{what:<64} {value}{tail}", flush=True)


def bench_workspace_size(tmp: Path, cases: int, runs: int) -> None:
    print(f"\n1. append one entry: workspace of 10 vs {cases:,} cases (target case: 20 entries)")
    start = time.perf_counter()
    small = build_workspace(tmp / "small", 10, 20)
    large = build_workspace(tmp / "large", cases, 20)
    print(f"   (built both workspaces in {time.perf_counter() - start:.1f} s)")
    for ws in (small, large):  # warm up: first read of the case, page cache
        append_entry(ws, TARGET, note(-1))
    times: dict[str, list[float]] = {"small": [], "large": [], "small_open": [], "large_open": []}
    for n in range(runs):  # interleaved, so drift in the machine's load hits both alike
        for key, ws in (("small", small), ("large", large)):
            times[key].append(timed(lambda: append_entry(ws, TARGET, note(n))))
            # what each `casefile note` pays besides the interpreter: open the workspace, then append
            times[f"{key}_open"].append(timed(lambda: append_entry(Workspace.open(ws.root), TARGET, note(n + runs))))
    m = {k: statistics.median(v) * 1000 for k, v in times.items()}
    line("   append, open workspace, 10 cases: median", f"{m['small']:.2f} ms")
    line(f"   append, open workspace, {cases:,} cases: median", f"{m['large']:.2f} ms", m["large"] / m["small"], "<= 1.2")
    line("   open workspace + append, 10 cases: median", f"{m['small_open']:.2f} ms")
    line(f"   open workspace + append, {cases:,} cases: median", f"{m['large_open']:.2f} ms",
         m["large_open"] / m["small_open"], "info")
    return large


def bench_big_case(tmp: Path, runs: int) -> None:
    print("\n2. append to a case holding 2,000 records vs a bare TinyDB insert, same file size")
    ws = build_workspace(tmp / "big", 1, 1000)  # 1,000 entries + 1,001 history events
    state = ws.load(TARGET)
    records = sum(len(getattr(state, t)) for t in ("correspondence", "history"))
    path = ws.case_path(TARGET)
    bare_path = tmp / "bare.json"
    shutil.copyfile(path, bare_path)  # a TinyDB file of the same size and shape
    bare = TinyDB(bare_path).table("correspondence")
    doc = state.correspondence[-1].model_dump(mode="json")
    other = Workspace.open(ws.root)
    times: dict[str, list[float]] = {"store": [], "bare": [], "cold": []}
    for n in range(runs):
        times["store"].append(timed(lambda: append_entry(ws, TARGET, note(n))))
        times["bare"].append(timed(lambda: bare.insert({**doc, "id": f"{n:032x}"})))
        # after another writer: this process must re-read and re-check the file
        append_entry(other, TARGET, note(runs + n))
        times["cold"].append(timed(lambda: append_entry(ws, TARGET, note(2 * runs + n))))
    m = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"   case file {path.stat().st_size / 1e6:.2f} MB, {records:,} records at the start")
    line("   bare TinyDB insert (JSONStorage, in place): median", f"{m['bare']:.2f} ms")
    line("   store append (lock, atomic write, 2 fsyncs): median", f"{m['store']:.2f} ms", m["store"] / m["bare"], "<= 2.5")
    line("   store append right after another writer: median", f"{m['cold']:.2f} ms", m["cold"] / m["bare"], "info")


def bench_list(root: Path, cases: int, runs: int = 5) -> None:
    print(f"\n3. `casefile list --json` over {cases:,} cases, whole process")
    cmd = [sys.executable, "-m", "tui", "--data", str(root), "list", "--json"]
    shards = {p: p.stat().st_mtime_ns for p in (root / "index").iterdir()}
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True)
    assert len(json.loads(out.stdout)) == cases
    # every case listed from the index: none was read afresh (which would rewrite its entry)
    assert {p: p.stat().st_mtime_ns for p in (root / "index").iterdir()} == shards
    walls = [timed(lambda: subprocess.run(cmd, cwd=REPO, capture_output=True, check=True)) for _ in range(runs)]
    start_only = [timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)) for _ in range(runs)]
    line("   python startup alone: median", f"{statistics.median(start_only) * 1000:.0f} ms")
    line(f"   list --json, {cases:,} cases: median of {runs}", f"{statistics.median(walls):.3f} s", None, "<= 0.5 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    compile_packages()
    with tempfile.TemporaryDirectory(prefix="casefile-bench-") as tmp:
        large = bench_workspace_size(Path(tmp), args.cases, args.runs)
        bench_big_case(Path(tmp), args.runs)
        bench_list(large.root, args.cases + 0)
        print("\n4. across cases (issue 13): `agenda --json` and `supplier NAME --json`, whole process")
        measure(Path(tmp) / "across", args.cases, 5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
