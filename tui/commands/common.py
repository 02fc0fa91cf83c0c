"""Helpers the sub-commands share: opening the workspace, validating, printing."""

from __future__ import annotations

import json
import sys
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from casefile.errors import InputError, describe_validation
from casefile.store import Workspace
from casefile.workspace_path import resolve_workspace

M = TypeVar("M", bound=BaseModel)


def open_workspace(args) -> Workspace:
    return Workspace.open(resolve_workspace(args.data))


def validate(model: type[M], data: dict[str, Any], flags: dict[str, str] | None = None) -> M:
    """Validate user input; errors name the flag the user typed, not our field name."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(flag_names(describe_validation(exc), flags or {})) from None


def flag_names(text: str, flags: dict[str, str]) -> str:
    """The core names the field at fault first ("receipt: ..."); on the command line, name
    the flag typed instead. The words after it are the core's, as the forms show them."""
    parts = []
    for part in text.split("; "):
        field, sep, rest = part.partition(": ")
        parts.append(f"{flags[field]}: {rest}" if sep and field in flags else part)
    return "; ".join(parts)


def print_json(data: Any) -> None:
    """Indented JSON; a list of objects gets one object per line (json's indenting encoder
    is pure Python and takes seconds over 10,000 cases; its compact one is not)."""
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        print_json_lines([json.dumps(item, ensure_ascii=False) for item in data])
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_json_lines(items: list[str]) -> None:
    """A JSON list of already-encoded items, one per line, in a single write."""
    sys.stdout.write(("[\n  " + ",\n  ".join(items) + "\n]" if items else "[]") + "\n")


def split_pair(text: str, flag: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"{flag}: expected KEY=TEXT, e.g. {flag} \"S1=colour Pantone 286C\"; got {text!r}")
    return key.strip(), value.strip()
