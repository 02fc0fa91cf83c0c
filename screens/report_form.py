"""Typing in a report from the summary page of the inspector's PDF.

Saving goes through `casefile.actions.enter_report`, as `casefile report` does, so the form
is refused by the import's own checks in the import's own words, each shown beside its
field. While typing, the sample size follows the lot (the plan's n, until the user types
another) and each class's gauge shows its verdict against the plan's Ac/Re.
"""

from __future__ import annotations

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from casefile.actions.enter_report import enter_report
from casefile.actions.workspace import Workspace
from casefile.records.case import DEFECT_CLASSES
from casefile.records.case_state import CaseState
from casefile.records.report import Report
from casefile.rules.diagnosis import band_for
from casefile.rules.judgement import next_switching
from casefile.rules.report_formats.report_entry import FindingEntry, ReportEntry
from casefile.rules.sampling_plans import LEVELS, SamplingPlan, sampling_plan
from casefile.rules.settings import DEFAULT_SETTINGS, Settings, load_settings
from casefile.values import clock
from casefile.values.errors import CasefileError
from casefile.values.numbers import parse_whole
from screens.actions import bindings
from screens.form_base import CaseForm
from screens.widgets.footer import Footer
from screens.widgets.gauge import ClassGauge
from screens.widgets.plain import PlainStatic
from screens.widgets.still import StillInput
from screens.widgets.title_bar import TitleBar
from screens.workers import Loaded, LoadFailed, start_load

FINDING_ROWS = 3  # the summary page's main defects; more go in a findings file (import)
POINT_CHOICES = [("conforms", "conforms"), ("does not conform", "does-not"), ("not checked", "not-checked")]
# the report format's field -> the form's, for putting each refusal beside its field
FORMAT_FIELDS = {"date": "date", "company": "company", "inspector": "inspector", "kind": "kind",
                 "lot_size": "lot", "sample_size": "sample", "level": "level", "cartons_sampled": "cartons",
                 "verdict": "verdict", **{f"classes.{c}": f"found-{c}" for c in DEFECT_CLASSES}}


def form_field(head: str, points: int) -> str | None:
    """The form's field for the report format's `head` ("classes.major.found",
    "findings[1].units", "spec_checks[0].result"); None when the form has none."""
    name, _, index = head.partition("[")
    number = index.partition("]")[0]
    if name == "findings" and number.isdigit() and int(number) < FINDING_ROWS:
        return f"finding-{number}"
    if name == "spec_checks" and number.isdigit() and int(number) < points:
        return f"point-{number}"
    return FORMAT_FIELDS.get(head) or FORMAT_FIELDS.get(head.rpartition(".")[0])


def errors_by_field(text: str, points: int) -> dict[str, str]:
    """The import's "field: reason; field: reason" words, each beside its field. A reason
    may hold "; " itself: a part that names no field goes on with the one before."""
    found: dict[str, str] = {}
    last = "form"
    for part in text.split("; "):
        head, sep, rest = part.partition(": ")
        name = form_field(head, points) if sep else None
        if name is None:
            found[last] = f"{found[last]}; {part}" if last in found else part
            continue
        last = name
        sub = head.partition("].")[2]  # a finding row's own field: "units", "defect_type"
        if name.startswith("finding-") and sub:
            rest = f"{sub.replace('_', ' ')}: {rest}"
        found[name] = f"{found[name]}; {rest}" if name in found else rest
    return found


def live_plans(state: CaseState, lot_text: str, level: str, severity: str) -> dict[str, SamplingPlan] | str:
    """Each class's plan for the lot typed so far, or why there is none yet."""
    try:
        lot = parse_whole(lot_text, "3000")
    except ValueError:
        return "type the lot as a whole number to see the plan"
    aql = state.case.aql
    try:
        return {c: sampling_plan(lot, aql.for_class(c), level, severity) for c in DEFECT_CLASSES}
    except (KeyError, ValueError) as exc:
        return str(exc)


def entered_words(result: tuple[CaseState, Report, bool]) -> str:
    _, report, added = result
    done = "recorded" if added else "was already on file; nothing changed"
    return f"{report.kind} of {report.date:%-d %b %Y} by {report.company} {done}"


class ReportFormScreen(CaseForm):
    DEFAULT_CSS = """
    ReportFormScreen .found-row > Input { width: 8; }
    ReportFormScreen .finding-row { height: auto; }
    ReportFormScreen .finding-row > Input { width: 1fr; }
    ReportFormScreen .finding-row > .count { width: 8; }
    ReportFormScreen .finding-row > Select { width: 14; }
    ReportFormScreen .finding-row > Label { width: 3; }
    ReportFormScreen #plan { height: auto; padding: 0 1 1 1; }
    ReportFormScreen .section-title { text-style: bold; padding: 0 1; }
    """
    BINDINGS = bindings("report-form")
    FIELDS = set(FORMAT_FIELDS.values())
    HINTS = {"date": "as on the report, YYYY-MM-DD"}

    def __init__(self, ws: Workspace, po: str, state: CaseState) -> None:
        super().__init__(ws, po, state)
        self.points = list(state.case.spec_points)
        self.severity = next_switching(state).plan_severity
        self.settings: Settings = DEFAULT_SETTINGS
        self.plans: dict[str, SamplingPlan] = {}
        self.auto_sample = ""  # the plan's n as last filled in: replaced while the user keeps it

    def compose(self) -> ComposeResult:
        case = self.state.case
        yield TitleBar(f"Type in a report · {self.po}")
        with VerticalScroll(id="form-body"):
            yield from self._row("date", "Date", StillInput(f"{clock.today():%Y-%m-%d}", id="date", compact=True))
            yield from self._row("company", "Company", StillInput(placeholder="the inspection company", id="company",
                                                                   compact=True))
            yield from self._row("inspector", "Inspector", StillInput(placeholder="optional", id="inspector",
                                                                       compact=True))
            kind = "re-inspection" if self.state.reports else "first"
            yield from self._row("kind", "Kind", Select([("first", "first"), ("re-inspection", "re-inspection")],
                                                        value=kind, allow_blank=False, id="kind", compact=True))
            yield from self._row("lot", "Lot", StillInput(str(case.quantity), id="lot", compact=True))
            yield from self._row("level", "Level", Select([(lv, lv) for lv in LEVELS], value=case.aql.level,
                                                          allow_blank=False, id="level", compact=True))
            yield from self._row("sample", "Sample size", StillInput(id="sample", compact=True))
            yield PlainStatic("", id="plan")
            yield from self._row("cartons", "Cartons sampled", StillInput(placeholder="optional", id="cartons",
                                                                           compact=True))
            yield Static("Found per class", classes="section-title")
            for cls in DEFECT_CLASSES:
                yield from self._row(f"found-{cls}", f"{cls.capitalize()} found",
                                     StillInput("0", id=f"found-{cls}", compact=True), classes="found-row")
                yield ClassGauge(cls, 0, 0, 1, "pass", id=f"gauge-{cls}")
            yield Static("Findings: defect type, class, units, cartons", classes="section-title")
            for i in range(FINDING_ROWS):
                with Horizontal(classes="field-row finding-row", id=f"finding-{i}"):
                    yield StillInput(placeholder="defect type", id=f"finding-{i}-type", compact=True)
                    yield Select([(c, c) for c in DEFECT_CLASSES], value="major", allow_blank=False,
                                 id=f"finding-{i}-class", compact=True)
                    yield StillInput(placeholder="units", id=f"finding-{i}-units", classes="count", compact=True)
                    yield StillInput(placeholder="cartons", id=f"finding-{i}-cartons", classes="count", compact=True)
                yield PlainStatic("", id=f"finding-{i}-error", classes="error")
            if self.points:
                yield Static("Spec and golden-sample points", classes="section-title")
            for i, point in enumerate(self.points):
                yield from self._row(f"point-{i}", point.key, Select(POINT_CHOICES, value="not-checked",
                                                                      allow_blank=False, id=f"point-{i}", compact=True))
                yield PlainStatic(point.text, classes="point-text")
            yield from self._row("verdict", "Inspector's verdict",
                                 Select([("pass", "pass"), ("fail", "fail")], prompt="as the tables say",
                                        id="verdict", compact=True))
            yield PlainStatic("", id="form-error", classes="error")
        yield Footer()

    def _row(self, name: str, label: str, widget, classes: str = "") -> ComposeResult:
        with Horizontal(classes=f"field-row {classes}".strip()):
            yield Label(label, markup=False)  # a point's key is the case's data
            yield widget
            yield PlainStatic("", id=f"{name}-error", classes="error field-error")

    def on_mount(self) -> None:
        self._follow_lot()  # before FormScreen.on_mount marks the form clean: the plan's n is no input
        self.query_one("#company").focus()
        start_load(self, lambda: load_settings(self.ws.root))  # the bands' thresholds, as the report screen's

    def on_loaded(self, message: Loaded[Settings]) -> None:
        message.stop()
        self.settings = message.data
        self._update_gauges()

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()  # the default bands, then; the saved report is judged on the report screen

    # -- live: the plan follows the lot, the gauges the counts -------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "lot":
            self._follow_lot()
        elif (event.input.id or "").startswith("found-"):
            self._update_gauges()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "level":
            self._follow_lot()

    def _follow_lot(self) -> None:
        plans = live_plans(self.state, self._text("lot"), str(self.query_one("#level", Select).value), self.severity)
        plan_line = self.query_one("#plan", PlainStatic)
        if isinstance(plans, str):
            self.plans = {}
            plan_line.update(f"Plan: {plans}")
        else:
            self.plans = plans
            n = max(p.sample_size for p in plans.values())
            sample = self.query_one("#sample", Input)
            if sample.value.strip() in ("", self.auto_sample):  # a sample the user typed stays
                sample.value = self.auto_sample = str(n)
            lot = next(iter(plans.values())).lot_size
            plan_line.update(f"Plan: {n:,} units for a lot of {lot:,} at level {self._level()}, "
                             f"{self.severity} inspection (ISO 2859-1)")
        self._update_gauges()

    def _update_gauges(self) -> None:
        for cls in DEFECT_CLASSES:
            gauge = self.query_one(f"#gauge-{cls}", ClassGauge)
            plan = self.plans.get(cls)
            try:
                found = parse_whole(self._text(f"found-{cls}"))
            except ValueError:
                found = None
            gauge.display = plan is not None and found is not None
            if plan is not None and found is not None:
                gauge.found, gauge.accept, gauge.reject = found, plan.accept, plan.reject
                gauge.band = band_for(found, plan.accept, plan.reject, self.settings)
                gauge.refresh()

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def _level(self) -> str:
        return str(self.query_one("#level", Select).value)

    # -- saving ------------------------------------------------------------------------
    def entry(self) -> ReportEntry:
        def optional(name: str) -> str | None:
            return self._text(name).strip() or None

        findings = []
        for i in range(FINDING_ROWS):
            row = {part: self._text(f"finding-{i}-{part}") for part in ("type", "units", "cartons")}
            if any(v.strip() for v in row.values()):  # a blank row is no finding
                findings.append(FindingEntry(defect_type=row["type"], units=row["units"],
                                             defect_class=str(self.query_one(f"#finding-{i}-class", Select).value),
                                             cartons=row["cartons"].strip() or None))
        verdict = self.query_one("#verdict", Select).value
        return ReportEntry(
            date=self._text("date"), company=self._text("company"), inspector=self._text("inspector"),
            kind=self.query_one("#kind", Select).value, lot_size=self._text("lot"), sample_size=self._text("sample"),
            level=self._level(), cartons_sampled=optional("cartons"),
            found={c: self._text(f"found-{c}") for c in DEFECT_CLASSES}, findings=findings,
            points={p.key: str(self.query_one(f"#point-{i}", Select).value) for i, p in enumerate(self.points)},
            verdict=None if verdict == Select.NULL else verdict,
        )

    def action_save(self) -> None:
        entry = self.entry()
        self.save(lambda: enter_report(self.ws, self.po, entry), what=entered_words, state_of=lambda r: r[0])

    def refused(self, error: CasefileError | ValidationError) -> None:
        self.show_errors(errors_by_field(str(error), len(self.points)))
