"""The one way screens read and write cases off the UI thread.

Reading a case parses its file, and writing one takes its lock and fsyncs, so both run in
a thread worker; only the UI thread touches widgets. The worker posts its outcome back to
the screen that started it as a message, and the screen carries on from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Generic, TypeVar

from pydantic import ValidationError
from textual.message import Message
from textual.widget import Widget

from casefile.values.errors import CasefileError, GateClosed
from screens.services import AppServices, services

if TYPE_CHECKING:  # the case file's models: imported by the screens that read a case
    from casefile.records.case_state import CaseState

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Loaded(Message, Generic[T]):
    """What `start_load`'s fetch returned."""

    data: T


@dataclass
class LoadFailed(Message):
    """The fetch was refused; `reason` is the core's words, shown to the user as they are."""

    reason: str


@dataclass
class WriteDone(Message):
    """The write is on disk: `state` is the case as written, `what` says what was done."""

    what: str
    state: CaseState


@dataclass
class WriteFailed(Message):
    """The core refused the write (bad input, a closed gate, a stale view, a disk error)."""

    error: CasefileError | ValidationError


@dataclass
class Recorded(Message):
    """A workspace record is on disk (not a case's: a supplier's improvement); `what` says what."""

    what: str


def refusal_text(error: CasefileError | ValidationError) -> str:
    """A refused write in words; a closed gate lists every reason and what would unlock it."""
    if isinstance(error, GateClosed):
        text = "The balance is locked: " + "; ".join(error.reasons)
        return text + (". To unlock: " + "; ".join(error.unlock) if error.unlock else "")
    return str(error)


def start_load(node: Widget, fetch: Callable[[], T]) -> None:
    """Run `fetch` (read only, no widgets) in a thread; `node` gets Loaded or LoadFailed.
    A newer load replaces one still running."""
    node.run_worker(lambda: _load(node, fetch), thread=True, exclusive=True, group="load")


def _load(node: Widget, fetch: Callable[[], T]) -> None:
    try:
        data = fetch()
    except CasefileError as exc:
        node.post_message(LoadFailed(str(exc)))
        return
    node.post_message(Loaded(data))


def _itself(state: CaseState) -> CaseState:
    return state


def start_write(
    node: Widget,
    po: str,
    action: Callable[[], R],
    what: str | Callable[[R], str],
    state_of: Callable[[R], CaseState] = _itself,  # type: ignore[assignment]  # R is CaseState then
) -> None:
    """Run `action`, a casefile write to case `po`, in a thread; `node` gets WriteDone or
    WriteFailed. `state_of` picks the new CaseState from what `action` returns, and `what`
    (the words for the user) may be made from it too."""
    app = services(node)  # looked up here, on the UI thread
    node.run_worker(lambda: _write(node, app, po, action, what, state_of), thread=True, group="write")


def _write(node: Widget, app: AppServices, po: str, action: Callable[[], R],
           what: str | Callable[[R], str], state_of: Callable[[R], CaseState]) -> None:
    try:
        result = app.own_write(po, action, state_of)
    except (CasefileError, ValidationError) as exc:
        node.post_message(WriteFailed(exc))
        return
    node.post_message(WriteDone(what if isinstance(what, str) else what(result), state_of(result)))


def start_record(node: Widget, action: Callable[[], object], what: str) -> None:
    """Run `action`, a casefile write to a workspace file that is no case's, in a thread;
    `node` gets Recorded or WriteFailed."""
    node.run_worker(lambda: _record(node, action, what), thread=True, group="write")


def _record(node: Widget, action: Callable[[], object], what: str) -> None:
    try:
        action()
    except (CasefileError, ValidationError) as exc:
        node.post_message(WriteFailed(exc))
        return
    node.post_message(Recorded(what))
