"""Helpers the sub-commands share: opening the workspace, reading a PO, validating,
printing."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any, Iterator, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import to_json

from casefile.actions.workspace import Workspace, resolve_workspace
from casefile.records.po import parse_po
from casefile.values.errors import CasefileError, InputError, describe_validation
from casefile.values.safe_text import safe_text
from casefile.values.untrusted import describe_os_error

M = TypeVar("M", bound=BaseModel)


def open_workspace(args, *, create: bool = False) -> Workspace:
    """The workspace the command works on. Only `new` (and `init`, the demo) create one:
    a typo in --data must not quietly give an empty workspace."""
    return Workspace.open(resolve_workspace(args.data), create=create)


def po_argument(text: str) -> str:
    try:
        return parse_po(text)
    except ValueError as exc:
        raise InputError(f"PO: {exc}") from None


def validate(model: type[M], data: dict[str, Any], flags: dict[str, str] | None = None,
             context: dict[str, Any] | None = None) -> M:
    """Validate user input; errors name the flag the user typed, not our field name.
    `context`: the workspace's (Settings.validation_context), so money refusals name its currency."""
    try:
        return model.model_validate(data, context=context)
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


def noted(listing) -> list:
    """The listing's summaries, after a note on stderr of any index entry it could not use."""
    if listing.index_problems:
        print(f"casefile: note: {listing.index_notice()}", file=sys.stderr)
    return listing.summaries


def print_json(data: Any) -> None:
    """Indented JSON; a list of objects gets one object per line (json's indenting encoder
    is pure Python and takes seconds over 10,000 cases; its compact one is not)."""
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        print_json_lines([json.dumps(item, ensure_ascii=False) for item in data])
    else:
        sys.stdout.write(indented_json(data) + "\n")


def indented_json(value: Any) -> str:
    """What `json.dumps(value, ensure_ascii=False, indent=2)` writes for a document of string
    keys and no floats (every document Casefile prints), by pydantic-core's encoder: the
    agenda's 20,000 items in 0.02 s, not 0.11 s."""
    return to_json(value, indent=2).decode()


def print_json_lines(items: list[str]) -> None:
    """A JSON list of already-encoded items, one per line, in a single write."""
    sys.stdout.write(("[\n  " + ",\n  ".join(items) + "\n]" if items else "[]") + "\n")


def split_pair(text: str, flag: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"{flag}: expected KEY=TEXT, e.g. {flag} \"S1=colour Pantone 286C\"; got {text!r}")
    return key.strip(), value.strip()


class OutputFailed(CasefileError):
    """What a command printed could not be written (`> file` on a full disk)."""

    exit_code = 1


class SafeStream:
    """A text stream whose every write passes through `safe_text`: no byte of a case,
    an index shard, a file name or an imported file can act on the user's terminal,
    whichever command prints it. JSON stays valid (the escapes are JSON's own)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(safe_text(text))
        except BrokenPipeError:  # a reader gone (`| head`): not a failure
            raise
        except OSError as exc:
            raise _output_failed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _output_failed(exc) from None

    @property
    def unfiltered(self):
        """The stream itself, for the program's own control bytes alone (a progress line's
        carriage return, tui.terminal.progress_line), never for data."""
        return self._stream

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding...
        return getattr(self._stream, name)


def _output_failed(exc: OSError) -> OutputFailed:
    return OutputFailed(f"could not write the output ({describe_os_error(exc)}); what was written is incomplete")


@contextmanager
def safe_output() -> Iterator[None]:
    """stdout and stderr through SafeStream while a sub-command runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
