"""A new case made from an inspection report file: the report gives the order and the
standard (PO, supplier, product, the lot, the AQLs and level, the points it checked), the
user types only what a report cannot know, the money.

Saving validates the case and the report against it before anything is written, then
creates the case and imports the report through `casefile.report_import.import_report`,
as `casefile import-report` does, in one worker.
(`casefile new --from-report` is being added on another branch; once its core function is
in, this screen calls it instead of composing create and import.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from casefile.case import Case
from casefile.errors import CasefileError, InputError, error_words
from casefile.report_import import build_report, case_fields_from_report, import_report, in_our_format, read_json_file
from casefile.state import CaseState
from casefile.store import Workspace
from screens.actions import bindings
from screens.form_base import FormScreen
from screens.widgets.path_input import PathInput, offer_names, pick_file
from screens.widgets.plain import PlainStatic
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar
from screens.workers import Loaded, LoadFailed, start_load

TYPED = {  # what the user types: the money first, then what the report may not name
    "order_value_cny": ("Order value CNY", "e.g. 84000.00"),
    "deposit_cny": ("Deposit CNY", "e.g. 25200.00"),
    "po": ("PO number", "from the report, else type it"),
    "supplier": ("Supplier", "from the report, else type it"),
    "product": ("Product", "from the report, else type it"),
}


@dataclass(frozen=True)
class ReportRead:
    path: str
    data: dict[str, Any]
    fields: dict[str, Any]  # what the report gives the case


def read_report_file(path: str) -> ReportRead:
    """The report at `path`, in our format, and the case fields it gives (thread: disk)."""
    data, _ = read_json_file(Path(path).expanduser())
    data, _ = in_our_format(data, path)
    return ReportRead(path, data, case_fields_from_report(data))


def what_it_gives(read: ReportRead) -> str:
    f = read.fields
    aql = f.get("aql", {})
    points = ", ".join(p["key"] for p in f.get("spec_points", [])) or "none"
    return (f"From the report: lot {f.get('quantity', '?')}, AQL critical {aql.get('critical', '0')} / "
            f"major {aql.get('major', '2.5')} / minor {aql.get('minor', '4.0')}, level {aql.get('level', 'II')}; "
            f"points {points}")


def case_and_check(read: ReportRead, typed: dict[str, str]) -> Case:
    """The case the report and the typed money make, with the report checked against it
    (nothing is written): InputError listing every problem, each beside its field."""
    data = read.fields | {k: v.strip() for k, v in typed.items() if v.strip()}
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = [str(p) for p in e["loc"]] or [error_words(e).partition(": ")[0]]  # a check across fields names it first
            words = error_words(e).removeprefix(f"{loc[0]}: ")
            problems.append(f"{'.'.join(loc) if loc[0] not in TYPED else loc[0]}: {words}")
        raise InputError("; ".join(problems)) from None
    build_report(read.data, case)  # the import's own checks, before anything is written
    return case


def create_from_report(ws: Workspace, case: Case, path: str) -> CaseState:
    ws.create(case)
    state, _, _ = import_report(ws, case.po, Path(path).expanduser())
    return state


class NewFromReportScreen(FormScreen):
    DEFAULT_CSS = """
    NewFromReportScreen #report-path { width: 1fr; }
    NewFromReportScreen #names { height: auto; padding: 0 1; color: $text-muted; }
    NewFromReportScreen #gives { height: auto; padding: 0 1 1 1; }
    """
    BINDINGS = bindings("from-report")
    FIELDS = {"report", *TYPED}
    HINTS = {"order_value_cny": "CNY, e.g. 84000.00", "deposit_cny": "CNY, e.g. 25200.00"}

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws, None)
        self.read: ReportRead | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar("New case from a report file")
        with VerticalScroll(id="form-body"):
            with Horizontal(classes="field-row"):
                yield Label("Report file")
                yield PathInput(purpose="report", id="report-path", compact=True,
                                placeholder=f"from {Path.cwd()}; tab completes, f4 browses")
            yield PlainStatic("", id="names")
            yield PlainStatic("", id="report-error", classes="error")
            yield PlainStatic("Type the path of the report; the report gives the order and the standard.", id="gives")
            for name, (label, hint) in TYPED.items():
                with Horizontal(classes="field-row"):
                    yield Label(label)
                    yield StillInput(placeholder=hint, id=name, compact=True)
                    yield PlainStatic("", id=f"{name}-error", classes="error field-error")
            yield PlainStatic("", id="form-error", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-path").focus()
        if self.query_one("#report-path", Input).value:
            self._read(self.query_one("#report-path", Input).value)

    # -- the report file ---------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "report-path":
            self._read(event.value)

    def _read(self, text: str) -> None:
        path = text.strip()
        if path and not path.endswith("/"):
            start_load(self, lambda: read_report_file(path))

    def on_loaded(self, message: Loaded[ReportRead]) -> None:
        read = message.data
        if read.path != self.query_one("#report-path", Input).value.strip():
            return  # typed on since: a newer read follows
        self.read = read
        self.query_one("#report-error", Static).update("")
        self.query_one("#report-error").remove_class("shown")
        self.query_one("#gives", Static).update(what_it_gives(read))
        for name in ("po", "supplier", "product"):
            widget = self.query_one(f"#{name}", Input)
            if not widget.value and read.fields.get(name):
                widget.value = read.fields[name]

    def on_load_failed(self, message: LoadFailed) -> None:
        self.read = None  # shown only when saving: a path half typed is not an error yet
        self.query_one("#gives", Static).update("Not a report file yet: " + message.reason)

    def on_path_input_listed(self, message: PathInput.Listed) -> None:
        offer_names(self.query_one("#names", Static), message.candidates)

    def on_path_input_browse(self, message: PathInput.Browse) -> None:
        pick_file(self, message)

    # -- saving ------------------------------------------------------------------------
    def action_save(self) -> None:
        path_input = self.query_one("#report-path", PathInput)
        path_input.remember()  # there again if this is refused and the form opened anew
        typed = {name: self.query_one(f"#{name}", Input).value for name in TYPED}
        read = self.read
        if read is None or read.path != path_input.value.strip():
            reason = "type the path of the report file (tab completes, f4 browses)"
            self.show_errors({"report": reason} | _missing_money(typed))
            return
        try:
            case = case_and_check(read, typed)
        except CasefileError as exc:
            self.show_errors(_by_field(str(exc)))
            return
        self.save(lambda: create_from_report(self.ws, case, read.path),
                  what=f"Case {case.po} made from {Path(read.path).name}", po=case.po)

    def refused(self, error: CasefileError | ValidationError) -> None:
        self.show_errors(_by_field(str(error)))


def _missing_money(typed: dict[str, str]) -> dict[str, str]:
    return {name: "required" for name in ("order_value_cny", "deposit_cny") if not typed[name].strip()}


def _by_field(text: str) -> dict[str, str]:
    """Each "field: reason" problem beside its field; the report's own go under the path."""
    found: dict[str, str] = {}
    for part in text.split("; "):
        head, sep, rest = part.partition(": ")
        if sep and head in TYPED:
            found.setdefault(head, rest)
        else:
            found["report"] = f"{found['report']}; {part}" if "report" in found else part
    return found
