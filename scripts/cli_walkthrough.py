"""Write docs/cli-walkthrough.md: one case from `new` to `export`, every command run for real.

    python scripts/cli_walkthrough.py          # rewrite the doc
    python scripts/cli_walkthrough.py --check  # exit 1 if the doc differs from a fresh run

Each command runs through `tui.cli.main` in a fresh workspace, at the time its step gives
(the clock is pinned, as the tests pin it), with the record ids a fixed sequence and the
OS account shown as "ada", so a run prints the same text every time and the doc shows it
verbatim. tests/test_cli_walkthrough.py keeps the doc equal to a fresh run.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shlex
import sys
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cli-walkthrough.md"
PO = "PO/2026/114"
AGREEMENT = "5e1f0a2b"  # ids given with --id, so later commands can name them
LATE_QUOTE = "9b2c4d6e"
HOME = "/home/ada/"  # the account the walkthrough runs as (see _pinned)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


# (when, what the reader is told, the command); a step without a command is prose only
STEPS: list[tuple[str, str, list[str] | None]] = [
    ("2026-11-18T09:00", "Open the case: the order, the agreed standard (spec and golden-sample points, "
     "AQL defaults critical 0, major 2.5, minor 4.0, level II), the shipping window and a planning rate.",
     ["new", PO, "--supplier", "Shenzhen Brightway Lighting Co.", "--product", "LED desk lamp DL-40",
      "--quantity", "3000", "--order-value-cny", "84000.00", "--deposit-cny", "25200.00",
      "--spec", "S1=colour Pantone 286C", "--spec", "S2=weight 250 g ± 5 g",
      "--golden", "G1=switch feel as golden sample", "--ship-from", "2026-12-01", "--ship-by", "2026-12-20",
      "--refundable-percent", "100", "--reinspection-fee-cny", "2100.00", "--rate", "215.5"]),
    ("2026-11-18T09:05", "The deposit went out by bank transfer; a paid payment needs its receipt.",
     ["pay", PO, "--kind", "deposit", "--cny", "25200.00", "--rate", "214.8", "--method", "bank transfer",
      "--receipt", "GTB-0931"]),
    ("2026-11-20T16:00", "The inspection report arrives (`docs/report-format.md`). Casefile recomputes the "
     "ISO 2859-1 plan itself.", ["import-report", PO, "docs/examples/report-first-failed.json"]),
    ("2026-11-20T16:05", "Read it: per class the plan, what was found and how far over; systematic or "
     "scattered defects; the points that do not conform.", ["diagnose", PO]),
    ("2026-11-20T16:10", "Compare the five ways out. *Payable now* is what the balance gate would accept "
     "with that option decided: nothing, until a re-inspection passes.", ["options", PO]),
    ("2026-11-20T16:11", "Allow reduced inspection for the workspace (ISO 2859-1 9.3.3): a supplier whose "
     "switching score reaches 30 is then inspected on reduced. Recorded, with the day it takes effect.",
     ["settings", "--reduced-inspection", "on"]),
    ("2026-11-20T16:12", "A supplier's improvement is recorded only once it is discontinued (5 lots not "
     "accepted on tightened inspection): refused (exit 2), in the words the supplier screen's form uses.",
     ["supplier-improvement", "Shenzhen Brightway Lighting", "--reason", "new QC lead"]),
    ("2026-11-21T09:00", "Draft the rework request from the case's facts, send it, and log it as sent "
     "(`--sent`); its deadline now shows on the case list.",
     ["draft", PO, "--template", "rework", "--deadline", "2026-12-05", "--sent"]),
    ("2026-11-22T08:00", "The supplier agrees in writing: log their message as their written agreement. "
     f"`--id` makes the command safe to retry and gives the entry an id to point to ({AGREEMENT}).",
     ["note", PO, "--direction", "from-supplier", "--channel", "email", "--subject", "Re: rework by 5 Dec",
      "--body", "We will rework all 3,000 units and book the re-inspection at our cost.",
      "--agreement", "--id", AGREEMENT]),
    ("2026-11-22T08:01", "A retry with the same id but other content is a conflict: exit 4, nothing saved, "
     "the stored entry shown.",
     ["note", PO, "--direction", "from-supplier", "--subject", "Re: rework by 10 Dec", "--agreement",
      "--id", AGREEMENT]),
    ("2026-11-22T08:05", "Record the decision, pointing to the agreement by the short id the log prints.",
     ["decide", PO, "--option", "rework", "--deadline", "2026-12-05", "--agreement", AGREEMENT,
      "--reason", "fixable: packing insert and switch batch"]),
    ("2026-11-22T10:00", "Take a rate quote; a bare date expires at the end of that day, UTC.",
     ["quote", PO, "--rate", "216.25", "--expires", "2026-11-22", "--by", "Alipay FX desk", "--id", "0a7e5c11"]),
    ("2026-11-22T10:05", "Try to pay the balance: the gate refuses (exit 3) and says what would open it.",
     ["pay", PO, "--kind", "balance", "--cny", "58800.00", "--quote", "0a7e5c11", "--receipt", "ALI-1"]),
    ("2026-11-24T17:00", "The re-inspection passes.",
     ["import-report", PO, "docs/examples/report-reinspection-passed.json"]),
    ("2026-11-25T09:00", "A fresh quote (an offset is converted to UTC), then the balance, paid through "
     "the gate.",
     ["quote", PO, "--rate", "216.40", "--expires", "2026-11-25T18:00+01:00", "--by", "Alipay FX desk",
      "--id", LATE_QUOTE]),
    ("2026-11-25T09:05", None,
     ["pay", PO, "--kind", "balance", "--cny", "58800.00", "--quote", LATE_QUOTE, "--method", "Alipay",
      "--receipt", "ALI-20261125-7781"]),
    ("2026-11-25T09:10", "The ledger: what was paid, at which rate, and the gate.", ["ledger", PO]),
    ("2026-11-25T09:15", "Export the dossier (a new file, outside the workspace, readable only by you).",
     ["export", PO, "--output", "PO-2026-114.md"]),
]


@contextlib.contextmanager
def _pinned(folder: Path):
    """Fixed time, ids and actor; the workspace in `folder`, run from there."""
    from casefile.store import tinydb_store as store  # the store reads who the actor is
    from casefile.values import clock

    now = {"t": at(STEPS[0][0])}
    count = {"n": 0}

    def next_uuid() -> uuid.UUID:
        count["n"] += 1
        return uuid.UUID(bytes=hashlib.sha256(f"walkthrough {count['n']}".encode()).digest()[:16])

    saved = clock.wall_time, uuid.uuid4, store.current_user, os.getcwd()
    clock.wall_time, uuid.uuid4, store.current_user = (lambda: now["t"]), next_uuid, (lambda: "ada")
    os.chdir(folder)
    try:
        yield now
    finally:
        clock.wall_time, uuid.uuid4, store.current_user = saved[:3]
        os.chdir(saved[3])


def run_steps() -> list[tuple[str | None, list[str] | None, str, int]]:
    """(prose, command, what it printed, exit code) per step."""
    from tui.cli import main

    out = []
    with tempfile.TemporaryDirectory() as tmp, _pinned(Path(tmp)) as now:
        data = str(Path(tmp) / "ws")
        for when, prose, argv in STEPS:
            now["t"] = at(when)
            files = [str(ROOT / a) if a.startswith("docs/examples/") else a for a in argv]
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
                code = main(["--data", data, *files])
            # the folder it ran in is a new temporary one each time: shown as ada's home, written
            # out in full as the command prints it (not "~", which no command prints)
            printed = buffer.getvalue().replace(f"{Path(tmp).resolve()}/", HOME).replace(f"{tmp}/", HOME)
            out.append((prose, argv, printed, code))
    return out


def render() -> str:
    parts = [
        "# A case on the command line, from `new` to `export`\n\n"
        "Every command below ran as shown, in a fresh workspace (`export CASEFILE_HOME=~/casefile`,\n"
        "or give `--data DIR` before the command), from your home folder; below it is what it\n"
        "printed, and its exit code when that is not 0. The time above each step is the time it\n"
        "ran at. `python scripts/cli_walkthrough.py` regenerates this page, and\n"
        "`tests/test_cli_walkthrough.py` fails when a command no longer prints what is shown here.\n"
        "The rules behind each refusal: `docs/payments-and-gate.md`; every command and flag: the\n"
        "README.\n"
    ]
    for (when, _, _), (prose, argv, printed, code) in zip(STEPS, run_steps()):
        text = f"\n*{when.replace('T', ' ')} UTC*" + (f" {prose}" if prose else "") + "\n"
        shown = f"$ casefile {shlex.join(argv)}\n{printed}" + (f"[exit {code}]\n" if code else "")
        parts.append(f"{text}\n```\n{shown}```\n")
    return "".join(parts)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv[1:]:
        same = DOC.read_text(encoding="utf-8") == text
        print("docs/cli-walkthrough.md is up to date" if same else "docs/cli-walkthrough.md is stale")
        sys.exit(0 if same else 1)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
