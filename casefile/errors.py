"""Errors the core raises. Each message says what is wrong, where, and how to fix it."""

from __future__ import annotations

from pydantic import ValidationError


class CasefileError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 2


class InputError(CasefileError):
    """Bad input from a user, a form, a command or an import file."""


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
        super().__init__(
            f"{path}: {reason}. The file was left untouched; restore it from a backup "
            "or move it aside, then run `casefile check --rebuild-index`."
        )


class ConflictError(CasefileError):
    """A write made from a stale view of a case."""

    exit_code = 4


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


def describe_validation(err: ValidationError, prefix: str = "") -> str:
    """One line per problem, `field: what is wrong`, for people rather than programs."""
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"] if p != "__root__")
        where = f"{prefix}{loc}" if loc else (prefix.rstrip(".") or "input")
        msg = e["msg"]
        for head in ("Value error, ", "Assertion failed, "):
            if msg.startswith(head):
                msg = msg[len(head):]
        lines.append(f"{where}: {msg}")
    return "; ".join(lines)
