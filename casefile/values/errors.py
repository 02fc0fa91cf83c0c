"""Errors the core raises. Each message says what is wrong, where, and how to fix it."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from casefile.values.safe_text import safe_line
from casefile.values.text import not_utf8_words


class CasefileError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 2


class InputError(CasefileError):
    """Bad input from a user, a form, a command or an import file."""


class WorkspaceFileBad(InputError):
    """A workspace file every case is read with (settings, setting changes, supplier merges,
    improvements) cannot be used; the words name it. Not the fault of any one case."""


class WorkspaceError(CasefileError):
    """The workspace folder is missing, unsafe or unusable."""


class CaseNotFound(CasefileError):
    pass


class CaseExists(CasefileError):
    pass


class CorruptCaseError(CasefileError):
    """A case file that cannot be trusted. It is never overwritten."""

    exit_code = 1

    def __init__(self, path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(  # the file name is anyone's: made safe for one line of a terminal
            f"{safe_line(str(path))}: {reason}. The file was left untouched; restore it from a backup "
            "or move it aside, then run `casefile check --rebuild-index`."
        )


class StorageError(CasefileError):
    """The disk refused a write. `saved` says whether the new file is already in place."""

    exit_code = 1

    def __init__(self, path, error: OSError, *, saved: bool, what: str = "") -> None:
        self.path = path
        self.error = error
        self.saved = saved
        reason = error.strerror or str(error)
        if saved:
            text = (
                f"{path}: {what or 'the change'} was written but could not be confirmed on disk "
                f"({reason}); run the same command again: it will not be recorded twice"
            )
        else:
            text = f"{path}: could not write ({reason}); nothing was saved and the file is as it was"
        super().__init__(text)


class AttachmentDamaged(CasefileError):
    """A stored attachment whose bytes are missing or no longer match its sealed SHA-256."""

    exit_code = 1


class LockFileError(CasefileError):
    """A case's or shard's lock file cannot be used (a planted symlink, a folder...)."""

    exit_code = 1

    def __init__(self, path, reason: str) -> None:
        self.path = path
        super().__init__(
            f"{path}: cannot take this lock file ({reason}); nothing was saved. A lock file is "
            f"an empty regular file: remove it (`rm '{path}'`) and try again"
        )


class ConflictError(CasefileError):
    """A write made from a stale view of a case."""

    exit_code = 4


class StaleView(ConflictError):
    """A write made from a view of the case older than the case on disk. Its words are the
    form's (whose typed input is kept); the command line says what a script can do."""

    def __init__(self, po: str, changed_by: str, revision: int, expected: int) -> None:
        self.po, self.changed_by, self.revision, self.expected = po, changed_by, revision, expected
        super().__init__(
            f"PO {po} was changed{changed_by} after you opened it (revision {revision}, you had {expected}). "
            "Nothing was saved and your input is kept: reload to see their change, then save again."
        )


class GateClosed(CasefileError):
    """The balance gate refused a balance payment."""

    exit_code = 3

    def __init__(self, reasons: list[str], unlock: list[str] | None = None) -> None:
        self.reasons = reasons
        self.unlock = unlock or []
        text = "balance is locked: " + "; ".join(reasons)
        if self.unlock:
            text += ". To unlock: " + "; ".join(self.unlock)
        super().__init__(text)


def _our_words(msg: str) -> str:
    """Our validators' words, without the head pydantic puts before them."""
    for head in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(head)
    return msg


def error_words(e: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in plain words: ours as
    written, pydantic's own ("Input should be a valid date or datetime, ...") said plainly."""
    kind, ctx = e["type"], e.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return _our_words(e["msg"])
    if kind == "missing":
        return "required"
    if kind == "string_unicode":  # pydantic-core refuses a lone surrogate before our validators
        return not_utf8_words(str(e.get("input", ""))) or "not valid Unicode text"
    if kind.startswith("date") and not kind.startswith("datetime"):
        return "not a date: write it as YYYY-MM-DD, e.g. 2026-12-03"
    if kind.startswith(("datetime", "timezone")):
        return "not a date and time: write it as YYYY-MM-DD HH:MM (UTC), e.g. 2026-12-03 14:00"
    if kind.startswith(("int_", "decimal_", "float_")):
        return "not a number"
    if kind in ("string_too_long", "too_long"):
        return f"too long: at most {ctx.get('max_length', '?')} characters"
    if kind in ("string_too_short", "too_short"):
        return "required" if ctx.get("min_length") == 1 else f"too short: at least {ctx.get('min_length', '?')}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {"greater_than": "above", "greater_than_equal": "at least", "less_than": "below",
                 "less_than_equal": "at most"}[kind]
        limit = next(iter(ctx.values()), "?")
        return f"must be {words} {limit}"
    if kind == "literal_error":
        return f"choose one of {ctx.get('expected', '').replace(chr(39), '')}"
    if kind == "string_pattern_mismatch":
        return "not in the expected form"
    if kind == "extra_forbidden":
        return "not a field here: remove it or check its spelling"
    if kind == "bool_parsing":
        return "answer yes or no"
    return "not accepted here"


_NAMES_ITS_FIELD = re.compile(r"[a-z_][a-z0-9_.]*: ")


def describe_validation(err: ValidationError, prefix: str = "") -> str:
    """One line per problem, `field: what is wrong`, for people rather than programs."""
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"] if p != "__root__")
        words = error_words(e)
        if not loc and not prefix and _NAMES_ITS_FIELD.match(words):
            lines.append(words)  # a check across fields names the field it blames itself
            continue
        where = f"{prefix}{loc}" if loc else (prefix.rstrip(".") or "input")
        lines.append(f"{where}: {words}")
    return "; ".join(lines)
