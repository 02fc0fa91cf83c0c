"""Workspace files that hold a list of records (supplier merges, setting changes): read
bounded and validated, each refusal naming the file; written atomically, whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from casefile.store import atomic
from casefile.values.errors import StorageError, WorkspaceFileBad, describe_validation
from casefile.values.untrusted import describe_os_error, load_json, read_regular

R = TypeVar("R", bound=BaseModel)


def read_records(path: Path, model: type[R], what: str, max_bytes: int) -> list[R]:
    """The records in `path` (none when it does not exist yet); `what` names them in errors."""
    try:
        data = load_json(read_regular(path, max_bytes))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise WorkspaceFileBad(f"{path}: {describe_os_error(exc)}") from None
    except ValueError as exc:
        raise WorkspaceFileBad(f"{path}: not a list of {what} ({exc})") from None
    if not isinstance(data, list):
        raise WorkspaceFileBad(f"{path}: not a list of {what}")
    try:
        return [model.model_validate(d) for d in data]
    except ValidationError as exc:
        raise WorkspaceFileBad(f"{path}: {describe_validation(exc)}") from None


def write_json(path: Path, data: object, mode: int, what: str) -> None:
    """`data` as the whole of `path`, atomically; StorageError saying whether it landed."""
    try:
        atomic.atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1).encode(), mode)
    except OSError as exc:
        raise StorageError(path, exc, saved=isinstance(exc, atomic.ReplacedButNotSynced), what=what) from exc
