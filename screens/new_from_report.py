"""A new case made from an inspection report file: the report gives the order and the
standard (PO, supplier, product, the lot, the AQLs and level, the points it checked), the
user types only what a report cannot know, the money.

Saving goes through `casefile.actions.create.create_from_report`, as `casefile new
--from-report` does: the case and the report against it are checked before anything is
written, then the case is opened and the report imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from casefile.actions.create import create_from_report
from casefile.actions.import_report import read_json_file
from casefile.actions.workspace import Workspace
from casefile.rules.report_formats.casefile_report import case_fields, in_our_format
from casefile.values.errors import CasefileError
from screens.actions import bindings
from screens.form_base import FormScreen
from screens.widgets.footer import Footer
from screens.file_picker import pick_file
from screens.widgets.path_input import PathInput, offer_names
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
    po = data.get("po") if isinstance(data.get("po"), str) else ""
    return ReportRead(path, data, case_fields(data, po))


def what_it_gives(read: ReportRead) -> str:
    f = read.fields
    aql = f.get("aql", {})
    points = ", ".join(p["key"] for p in f.get("spec_points", [])) or "none"
    return (f"From the report: lot {f.get('quantity', '?')}, AQL critical {aql.get('critical', '0')} / "
            f"major {aql.get('major', '2.5')} / minor {aql.get('minor', '4.0')}, level {aql.get('level', 'II')}; "
            f"points {points}")


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
        given = {name: value.strip() for name, value in typed.items() if value.strip()}
        po = given.get("po", "")
        if not po or _missing_money(typed):
            self.show_errors(({"po": "required"} if not po else {}) | _missing_money(typed))
            return
        self.save(lambda: create_from_report(self.ws, po, read.path, given)[0],
                  what=f"Case {po} made from {Path(read.path).name}", po=po)

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
