"""Helpers the sub-commands share: opening the workspace, reading a PO, validating,
printing."""

from __future__ import annotations

import functools
import json
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from casefile.actions.workspace import Workspace, resolve_workspace
from casefile.records.po import parse_po
from casefile.values.errors import InputError, describe_validation
from casefile.values.safe_text import safe_text

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


_CONTAINERS = (dict, list, tuple)
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _scalars_only(members) -> bool:
    # the types' set checked in C (the agenda's 20,000 items: 8 ms, was 35 ms); any other type,
    # a subclass too, goes the general way, which writes whatever json.dumps writes
    return _SCALARS.issuperset(map(type, members))


@functools.cache
def _flat_encoder(depth: int) -> Callable[[Any], str]:
    """json's C encoder with the separators of a container at `depth` (one encoder for the
    agenda's 20,000 items, not one each)."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + "  " * (depth + 1), ": ")).encode


def indented_json(value: Any, depth: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, byte for byte, but each container
    of scalars, and each list of them, is written by json's C encoder, its separators
    carrying the indent (the agenda's 20,000 items: 0.16 s in the pure-Python one, 0.08 s)."""
    if not isinstance(value, _CONTAINERS) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = "\n" + "  " * (depth + 1)
    outer = "\n" + "  " * depth
    members = value.values() if isinstance(value, dict) else value
    if _scalars_only(members):
        flat = _flat_encoder(depth)(value)
        return flat[0] + inner + flat[1:-1] + outer + flat[-1]
    if not isinstance(value, dict) and all(type(v) is dict and v and _scalars_only(v.values()) for v in value):
        # a list of objects of scalars (the agenda's items) in one C call: its separators are
        # the objects' own, so each "},<newline><indent>{" is where one object ends and the
        # next begins (a string never holds a raw newline; a key always begins with a quote)
        deeper = inner + "  "
        flat = _flat_encoder(depth + 1)(value)
        between = flat[2:-2].replace("}," + deeper + "{", inner + "}," + inner + "{" + deeper)
        return "[" + inner + "{" + deeper + between + inner + "}" + outer + "]"
    if isinstance(value, dict):
        # a key as json writes it (a number or None becomes a string)
        body = [f"{json.dumps({k: 0}, ensure_ascii=False)[1:-4]}: {indented_json(v, depth + 1)}"
                for k, v in value.items()]
        return "{" + inner + ("," + inner).join(body) + outer + "}"
    return "[" + inner + ("," + inner).join(indented_json(v, depth + 1) for v in value) + outer + "]"


def print_json_lines(items: list[str]) -> None:
    """A JSON list of already-encoded items, one per line, in a single write."""
    sys.stdout.write(("[\n  " + ",\n  ".join(items) + "\n]" if items else "[]") + "\n")


def split_pair(text: str, flag: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"{flag}: expected KEY=TEXT, e.g. {flag} \"S1=colour Pantone 286C\"; got {text!r}")
    return key.strip(), value.strip()


class SafeStream:
    """A text stream whose every write passes through `safe_text`: no byte of a case,
    an index shard, a file name or an imported file can act on the user's terminal,
    whichever command prints it. JSON stays valid (the escapes are JSON's own)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(safe_text(text))

    @property
    def unfiltered(self):
        """The stream itself, for the program's own control bytes alone (a progress line's
        carriage return, tui.terminal.progress_line), never for data."""
        return self._stream

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding...
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """stdout and stderr through SafeStream while a sub-command runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
