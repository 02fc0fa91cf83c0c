"""Reading a report: per class a gauge against Ac/Re, the findings, the standard, the
disagreements with the inspector, the conclusion and the files attached to it as evidence.
`i` imports a report file and `a` attaches a file to the report shown, from one path prompt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text
from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from casefile.rules.diagnosis import Diagnosis, diagnose_in_case
from casefile.rules.judgement import inspections
from casefile.actions.attach import Attached, attach_file
from casefile.actions.import_report import import_report
from casefile.records.attachment import Attachment
from casefile.records.report import Report
from casefile.rules.report_formats.casefile_report import ADD_POINTS
from casefile.rules.settings import load_settings
from casefile.values.errors import CasefileError, InputError
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from screens.widgets.footer import Footer
from screens.actions import bindings
from screens.case_screen_base import CaseScreen
from screens.widgets.gauge import ClassGauge
from screens.widgets.plain import PlainStatic, plain, tell
from screens.file_picker import pick_file
from screens.widgets.path_input import PathInput, offer_names
from screens.widgets.title_bar import TitleBar
from screens.workers import start_write


# The path prompt's purposes (PathInput remembers a path per purpose): its words, and
# what a refusal starts with.
PROMPTS = {
    "report": ("Report file (JSON, or JSON then a findings CSV separated by a comma); enter imports, esc cancels",
               "Not imported: "),
    "evidence": ("File to keep with this report as evidence (its PDF, a photo); enter attaches, esc cancels",
                 "Not attached: "),
}


@dataclass(frozen=True)
class Reading:
    state: CaseState
    index: int  # which report, 0-based
    report: Report | None
    diagnosis: Diagnosis | None


def read_report(ws: Workspace, state: CaseState, index: int | None) -> Reading:
    reports = inspections(state)  # in inspection order, as the gate and the options read them
    if not reports:
        return Reading(state, 0, None, None)
    i = len(reports) - 1 if index is None else max(0, min(index, len(reports) - 1))
    report = reports[i]
    d = diagnose_in_case(state, report, load_settings(ws.root))
    return Reading(state, i, report, d)


class ReportScreen(CaseScreen[Reading]):
    DEFAULT_CSS = """
    ReportScreen #import-bar { height: auto; padding: 0 1; border-bottom: solid $primary; }
    ReportScreen #import-bar.hidden { display: none; }
    ReportScreen #gauges { height: auto; padding: 0 1; }
    """
    AUTO_FOCUS = "#report-body"
    BINDINGS = bindings("report")

    def __init__(self, ws: Workspace, po: str) -> None:
        super().__init__(ws, po)
        self.index: int | None = None  # None: follow the latest report
        self.reading: Reading | None = None
        self.last_import: tuple[Path, Path | None] | None = None  # offered again with the points added

    def compose(self) -> ComposeResult:
        yield TitleBar(f"Report · {self.po}", id="title")
        with Vertical(id="import-bar", classes="hidden"):
            yield Static(PROMPTS["report"][0], id="import-words", markup=False)
            yield PathInput(purpose="report", placeholder=f"path from {Path.cwd()}; tab completes, f4 browses",
                            id="import-path")
            yield PlainStatic("", id="import-error", classes="error")
        with VerticalScroll(id="report-body"):
            yield PlainStatic("Loading…", id="summary", classes="facts")
            yield Static("Per class: found against Ac / Re", classes="section-title")
            yield Vertical(id="gauges")
            yield Static("Findings", classes="section-title")
            yield PlainStatic("", id="findings", classes="facts")
            yield Static("Against the standard", classes="section-title")
            yield PlainStatic("", id="points", classes="facts")
            yield Static("Disagreements with the inspector", classes="section-title")
            yield PlainStatic("", id="disagreements", classes="facts")
            yield Static("Conclusion", classes="section-title")
            yield PlainStatic("", id="conclusion", classes="facts")
            yield Static("Evidence", classes="section-title")
            yield PlainStatic("", id="evidence", classes="facts")
        yield Footer()

    def fetch(self) -> Reading:
        return read_report(self.ws, self.ws.load(self.po), self.index)

    def show(self, r: Reading) -> None:
        self.reading = r
        self.refresh_bindings()
        if r.report is None or r.diagnosis is None:
            self.query_one("#title", TitleBar).update(f"Report · {self.po}")
            self.query_one("#summary", Static).update("No report yet. Press i to import the file, or n to type it in.")
            return
        rep, d = r.report, r.diagnosis
        count = len(r.state.reports)
        self.query_one("#title", TitleBar).update(
            f"Report {r.index + 1}/{count} · {self.po} · {rep.kind} {rep.date:%-d %b %Y}")
        self.query_one("#summary", Static).update(summary_text(rep, d, count))
        gauges = self.query_one("#gauges", Vertical)
        gauges.remove_children()
        gauges.mount_all(ClassGauge(c.defect_class, c.found, c.accept, c.reject, c.band) for c in d.classes)
        self.query_one("#findings", Static).update(findings_table(d))
        self.query_one("#points", Static).update(points_text(d))
        self.query_one("#disagreements", Static).update(
            "\n".join(f"• {s}" for s in d.disagreements) or "None: the report agrees with ISO 2859-1.")
        self.query_one("#conclusion", Static).update(conclusion_text(d))
        self.query_one("#evidence", Static).update(evidence_text(r.state.attachments, rep))

    # -- import and attach: one path prompt --------------------------------------------
    def action_import_report(self) -> None:
        self.open_prompt("report")

    def action_attach(self) -> None:
        if self.reading is not None and self.reading.report is not None:
            self.open_prompt("evidence")

    def open_prompt(self, purpose: str) -> None:
        path_input = self.query_one("#import-path", PathInput)
        if path_input.purpose != purpose:
            path_input.purpose = purpose
            path_input.value = PathInput.remembered.get(purpose, "")
            self.query_one("#import-words", Static).update(PROMPTS[purpose][0])
            self.query_one("#import-error", Static).update("")
        self.query_one("#import-bar").remove_class("hidden")
        path_input.focus()

    def action_back(self) -> None:
        bar = self.query_one("#import-bar")
        if not bar.has_class("hidden"):
            bar.add_class("hidden")
            self.query_one("#import-error", Static).update("")
            self.query_one("#report-body").focus()
            return
        super().action_back()

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        path_input = self.query_one("#import-path", PathInput)
        if not text:
            self.query_one("#import-error", Static).update("Type the path of the file first.")
            return
        path_input.remember()  # there again if refused and reopened
        if path_input.purpose == "evidence" and self.reading is not None and self.reading.report is not None:
            path, report_id = Path(text).expanduser(), self.reading.report.id
            self.query_one("#import-error", Static).update("Attaching…")
            start_write(self, self.po, lambda: attach_file(self.ws, self.po, path, report=report_id),
                        what=_attached_words, state_of=lambda done: done.state)
            return
        paths = [Path(p.strip()).expanduser() for p in text.split(",", 1)]
        self.query_one("#import-error", Static).update("Importing…")
        path, findings = paths[0], paths[1] if len(paths) > 1 else None
        self._import(path, findings)

    def _import(self, path: Path, findings: Path | None, add_points: bool = False) -> None:
        self.last_import = (path, findings)
        start_write(self, self.po, lambda: _import(self.ws, self.po, path, findings, add_points),
                    what=_imported_words, state_of=lambda result: result[0])

    def written(self, what: str) -> None:
        self.query_one("#import-bar").add_class("hidden")
        self.query_one("#import-error", Static).update("")
        path_input = self.query_one("#import-path", PathInput)
        path_input.remember(path_input.value.rpartition("/")[0] + "/" if "/" in path_input.value else "")
        path_input.value = path_input.remembered[path_input.purpose]  # the folder: the next file is likely there
        self.query_one("#report-body").focus()
        if path_input.purpose == "report":
            self.index = None  # show the report imported (attaching keeps the report shown)
        tell(self, what)

    def refused(self, error: CasefileError | ValidationError) -> None:
        # Each problem names its field or line; one per line so a long list stays readable.
        purpose = self.query_one("#import-path", PathInput).purpose
        self.query_one("#import-error", Static).update(PROMPTS[purpose][1] + str(error).replace("; ", "\n"))
        if purpose == "report" and ADD_POINTS in str(error) and self.last_import is not None:
            self._offer_points(*self.last_import)

    def _offer_points(self, path: Path, findings: Path | None) -> None:
        """The report checks points the case lacks: add them (recorded) and import, on a yes."""
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.query_one("#import-error", Static).update("Importing…")
                self._import(path, findings, add_points=True)

        self.app.push_screen(ConfirmScreen(
            "The report checks points the case's standard lacks. Add them, with the report's notes as "
            "their text (recorded in the history), and import it?"), answered)

    def on_path_input_listed(self, message: PathInput.Listed) -> None:
        offer_names(self.query_one("#import-error", Static), message.candidates)

    def on_path_input_browse(self, message: PathInput.Browse) -> None:
        pick_file(self, message)

    # -- typed in --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_report":
            return self.reading is not None or None  # greyed out until the case is read
        if action == "attach":
            return (self.reading is not None and self.reading.report is not None) or None  # to a report shown
        return True

    def action_enter_report(self) -> None:
        from screens.report_form import ReportFormScreen

        if self.reading is not None:
            self.app.push_screen(ReportFormScreen(self.ws, self.po, self.reading.state), self.show_entered)

    def show_entered(self, state: CaseState | None) -> None:
        """Back from the report form: the report it recorded (the last one recorded)."""
        if state is not None and state.reports:
            newest = state.reports[-1].id
            self.index = next(i for i, r in enumerate(inspections(state)) if r.id == newest)
            self.reload()

    def action_step(self, delta: int) -> None:
        if self.reading and self.reading.report is not None:
            self.index = self.reading.index + delta
            self.reload()

    def action_options(self) -> None:
        from screens.options import OptionsScreen

        self.app.push_screen(OptionsScreen(self.ws, self.po))


def _import(ws: Workspace, po: str, path: Path, findings: Path | None,
            add_points: bool = False) -> tuple[CaseState, Report, bool]:
    try:
        return import_report(ws, po, path, findings, add_points=add_points)
    except CasefileError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a file does, the app stays up and says so
        raise InputError(f"{path}: could not be read ({type(exc).__name__}: {exc})") from exc


def _imported_words(result: tuple[CaseState, Report, bool]) -> str:
    _, report, added = result
    return f"{report.kind} of {report.date:%-d %b %Y} by {report.company} {'imported' if added else 'was already imported'}"


def _attached_words(done: Attached) -> str:
    a = done.attachment
    if done.added:
        return f"{a.name} ({a.size:,} bytes) attached"
    if done.restored:
        return f"{a.name} was attached already; its stored copy was missing or damaged and is restored from this file"
    return f"{a.name} is attached already; nothing changed"


def evidence_text(attachments: list[Attachment], report: Report) -> str:
    """The files attached to `report`: name, size, the start of their SHA-256, who and when."""
    lines = [f"{a.name}  {a.size:,} bytes  sha256 {a.sha256[:12]}…  {a.attached_by}, {a.attached_at:%-d %b %Y %H:%M}"
             for a in attachments if a.report_id == report.id]
    return "\n".join(lines) or "No file attached to this report. Press a to attach its PDF or a photo."


def summary_text(rep: Report, d: Diagnosis, count: int) -> str:
    verdict = "PASSES" if d.passed else ("NOT COMPLETE" if not d.complete else "FAILS")
    lines = [
        f"The app's verdict: {verdict}. {d.summary}",
        *counting_lines(d),
        f"Inspector: {rep.company}{' (' + rep.inspector + ')' if rep.inspector else ''}, "
        f"verdict {rep.verdict.upper()}; lot {rep.lot_size:,}, sample {rep.sample_size:,}, level {rep.level}",
        f"Judged on {d.judged_on}",
    ]
    if d.failed_classes:
        failed = " and ".join(c.defect_class for c in d.failed_classes)  # the passed ones are within AQL
        lines.append(f"Projected {failed} defective units in the lot: about {d.projected_bad_units:,}")
    if d.standard_note:
        lines.append(d.standard_note)
    if count > 1:
        lines.append(f"Report {count} on file; [ and ] step between them.")
    return "\n".join(lines)


def counting_lines(d: Diagnosis) -> list[str]:
    """Why a report does not open the balance although its counts pass, in plain words."""
    if d.counts_as_pass or not d.complete:
        return []
    lines = [f"Does NOT count as a pass: {text}; its failures stand, its pass does not count." for text in d.invalid]
    if d.passed:  # where a class failed, that says it already (the points are listed below)
        lines += [f"Not a pass for the balance: {text}." for text in d.objections]
    return lines


def findings_table(d: Diagnosis) -> Table | str:
    if not d.defect_types:
        return "No findings listed."
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    for name, justify in (("Defect type", "left"), ("Class", "left"), ("Units", "right"),
                          ("Cartons", "right"), ("Pattern", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for t in d.defect_types:
        pattern = Text("SYSTEMATIC", style="bold") if t.systematic else Text("scattered")
        # each count with its share of what was sampled: either share can make a type systematic
        cartons = "" if t.cartons is None else str(t.cartons)
        if t.carton_share_percent is not None:
            cartons += f" ({t.carton_share_percent}%)"
        table.add_row(plain(t.defect_type), t.defect_class, f"{t.units} ({t.share_percent}%)", cartons, pattern)
    return table


def points_text(d: Diagnosis) -> str:
    lines = []
    for p in d.failed_points:
        what = "golden sample" if p.kind == "golden-sample" else "spec"
        lines.append(f"✗ {what} {p.key}: {p.text}" + (f" ({p.note})" if p.note else ""))
    for p in d.unchecked_points:
        lines.append(f"? not checked: {p.key}: {p.text}")
    return "\n".join(lines) or "Every spec and golden-sample point conforms."


def conclusion_text(d: Diagnosis) -> str:
    fits = d.conclusion
    if not fits:
        reason = d.options[0].reason if d.options else ""
        return f"No resolution option applies: {reason}"
    lines = [f"{n}. {o.title}: {o.reason}" for n, o in enumerate(fits, 1)]
    lines.append("Press o to compare the options with money and time.")
    return "\n".join(lines)
