"""A writer process for the store's multi-process tests.

    python tests/store_child.py WORKSPACE PO COUNT TAG

appends COUNT correspondence entries to PO and prints each entry's id on its own line
once `append_entry` has returned (the write is acknowledged). A lock timeout under heavy
load is retried with the same id, which the store makes a no-op if it had landed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casefile.correspondence import EntryDraft  # noqa: E402
from casefile.errors import ConflictError  # noqa: E402
from casefile.logbook import append_entry  # noqa: E402
from casefile.store import Workspace  # noqa: E402


def main(root: str, po: str, count: int, tag: str) -> int:
    ws = Workspace.open(root, create=False)
    retries = 0
    for n in range(count):
        draft = EntryDraft(subject=f"{tag} note {n}", direction="internal", channel="other")
        while True:
            try:
                append_entry(ws, po, draft)
                break
            except ConflictError:
                retries += 1
        print(draft.id, flush=True)
    print(f"retries {retries}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]))
