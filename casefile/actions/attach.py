"""Keeping the inspector's files as evidence (`casefile attach`, `attachments`,
`attachment`): the file read as untrusted (a regular file, at most MAX_BYTES, counted as
read), stored as received under its SHA-256 (casefile/store/attachments.py), and an
Attachment record appended in the locked write, sealed in the history like every record.
The same bytes attached to the same case again change nothing (a retry); if their stored
copy was damaged, it is restored."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from casefile.records.attachment import Attachment
from casefile.records.case_state import CaseState
from casefile.rules.evidence import by_id
from casefile.rules.report_formats.casefile_report import report_id_for
from casefile.store.protocol import CaseStore, Change
from casefile.values.errors import InputError
from casefile.values.file_names import sanitised_name
from casefile.values.untrusted import FileTooLarge, describe_os_error, read_regular

MAX_BYTES = 50_000_000  # a report PDF with its photos; a video of the inspection is not a report


@dataclass
class Attached:
    state: CaseState
    attachment: Attachment
    added: bool  # False: these bytes were attached already (a retry)
    restored: bool = False  # their stored copy was missing or damaged, and is whole again


def read_evidence(path: Path | str) -> bytes:
    """The file's bytes: a regular file (a symlink to one is fine) of at most MAX_BYTES."""
    try:
        return read_regular(path, MAX_BYTES)
    except FileTooLarge:
        raise InputError(f"{path}: {_size_words(path)}; attachments are at most {MAX_BYTES:,} bytes "
                         f"({MAX_BYTES // 1_000_000} MB): attach the report's PDF and photos one by one, "
                         "or a smaller export of them") from None
    except OSError as exc:
        raise InputError(f"{path}: {describe_os_error(exc)}; give the path of the file to attach") from None
    except ValueError:  # os.open refuses a NUL in a path
        raise InputError(f"{path!r}: a path cannot hold a NUL character; give the path of the file to attach") from None


def _size_words(path: Path | str) -> str:
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    # stat may say less than was read (a /proc file says 0, a file may grow): then what was read
    return f"the file is {size:,} bytes" if size > MAX_BYTES else f"the file is larger than {MAX_BYTES:,} bytes"


def attach_file(ws: CaseStore, po: str, path: Path | str, *, report: str | None = None, note: str = "") -> Attached:
    """Attach the file at `path` to case `po` (to its report `report`, an id or the start
    of one, when given)."""
    data = read_evidence(path)
    sha = hashlib.sha256(data).hexdigest()
    name = sanitised_name(os.path.basename(os.fspath(path)))
    out: list[Attached] = []

    def change(state):
        existing = next((a for a in state.attachments if a.sha256 == sha), None)
        if existing is not None:
            restored = ws.put_attachment(po, sha, data)
            out.append(Attached(state, existing, added=False, restored=restored))
            return Change("attachment already stored")
        report_id = by_id(state.reports, report, "report", po, "report").id if report else None
        attachment = Attachment.model_validate({
            "id": report_id_for(po, data), "name": name, "size": len(data), "sha256": sha,
            "report_id": report_id, "note": note, "attached_by": ws.actor,
        })
        ws.put_attachment(po, sha, data)  # before the record that vouches for it: never a record without its file
        out.append(Attached(state, attachment, added=True))
        return Change("file attached", f"{name} ({len(data):,} bytes, sha256 {sha})", records=[attachment])

    state = ws.transact(po, change)
    result = out[-1]
    result.state = state
    return result

