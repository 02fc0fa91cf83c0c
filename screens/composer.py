"""Write to the correspondence log: a plain note, or a message drafted from a template.

A template fills the draft from the case's facts (casefile.templates); the user edits it,
copies it to the clipboard through the terminal (OSC 52 reaches the user's own machine
over SSH), sends it by email or WeChat, and only then marks it as sent, which logs it.
Corrections and settled deadlines are new entries pointing to the old one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from casefile.values.ids import new_id
from casefile.records.log_entry import CHANNELS, DIRECTIONS, CorrespondenceEntry, EntryDraft
from casefile.values.errors import InputError
from casefile.actions.note import append_entry
from casefile.records.case_state import CaseState
from casefile.actions.workspace import Workspace
from casefile.rules.letters import TEMPLATES, draft
from screens.actions import bindings
from screens.form_base import CaseForm, field_errors
from screens.widgets.footer import Footer
from screens.widgets.plain import PlainStatic, tell
from screens.widgets.still import StillInput
from screens.widgets.still_text_area import StillTextArea
from screens.widgets.title_bar import TitleBar

# The letter that carries out each decision: `t` opens the composer with it picked.
LETTER_FOR_DECISION = {"rework": "rework", "replace": "replacement", "discount": "discount", "cancel": "cancellation"}

TERMS = {  # template terms besides the deadline, which is the entry's own deadline field
    "on": ("Inspection", "YYYY-MM-DD", 14),
    "percent": ("Discount %", "e.g. 6", 8),
    "units": ("Units", "e.g. 550", 9),
    "company": ("Company", "inspection company", 20),
}


class ComposerScreen(CaseForm):
    DEFAULT_CSS = """
    ComposerScreen Horizontal { height: 1; margin-bottom: 1; }
    ComposerScreen Label { width: 11; padding: 0 1 0 0; text-align: right; }
    ComposerScreen Select { width: 1fr; }
    ComposerScreen #subject { width: 1fr; }
    ComposerScreen #deadline { width: 16; }
    ComposerScreen #terms { display: none; }
    ComposerScreen #terms Label { width: auto; padding: 0 1 0 2; }
    ComposerScreen #terms .term { display: none; }
    ComposerScreen #terms .term.shown { display: block; }
    ComposerScreen #body { height: 1fr; min-height: 4; border: tall $panel; }
    ComposerScreen #context { height: auto; padding: 0 1; color: $text-muted; }
    ComposerScreen Checkbox { margin-left: 2; }
    ComposerScreen Checkbox.-hidden { display: none; }
    """

    BINDINGS = bindings("composer")

    FIELDS = {"template", "direction", "channel", "subject", "body", "deadline", "written_agreement",
              "corrects", "resolves", *TERMS}

    def __init__(
        self,
        ws: Workspace,
        po: str,
        state: CaseState,
        *,
        pick_template: bool = False,
        corrects: CorrespondenceEntry | None = None,
        resolves: CorrespondenceEntry | None = None,
    ) -> None:
        super().__init__(ws, po, state)
        self.pick_template = pick_template
        self.corrects = corrects
        self.resolves = resolves
        self.draft_id = new_id()  # fixed per form: saving twice logs one entry
        self.from_template: EntryDraft | None = None  # the last draft a template wrote

    def compose(self) -> ComposeResult:
        yield TitleBar(f"New log entry · {self.po}")
        with Vertical():
            with Horizontal():
                yield Label("Template")
                yield Select([(t.title, key) for key, t in TEMPLATES.items()], prompt="plain note", id="template", compact=True)
            with Horizontal(id="terms"):
                for name, (label, hint, width) in TERMS.items():
                    yield Label(label, classes="term", id=f"{name}-label")
                    term = StillInput(placeholder=hint, id=name, classes="term", compact=True)
                    term.styles.width = width
                    yield term
            for name in TERMS:
                yield Static(id=f"{name}-error", classes="error")
            with Horizontal():
                yield Label("Direction")
                yield Select([(d, d) for d in DIRECTIONS], value="internal", allow_blank=False, id="direction", compact=True)
                yield Label("Channel")
                yield Select([(c, c) for c in CHANNELS], value="none", allow_blank=False, id="channel", compact=True)
            with Horizontal():
                yield Label("Subject")
                yield StillInput(placeholder="one line, e.g. Rework request: loose wiring", id="subject", compact=True)
            yield Static(id="subject-error", classes="error")
            yield StillTextArea(id="body", soft_wrap=True, compact=True)
            yield Static(id="body-error", classes="error")
            with Horizontal():
                yield Label("Deadline")
                yield StillInput(placeholder="YYYY-MM-DD", id="deadline", compact=True)
                yield Checkbox("supplier's written agreement", id="written_agreement", compact=True)
            yield Static(id="deadline-error", classes="error")
            yield Static(id="written_agreement-error", classes="error")
            yield PlainStatic(self._context_line(), id="context")
            yield Static(id="form-error", classes="error")
        yield Footer()

    def _context_line(self) -> str:
        if self.corrects:
            return f"Corrects: {self.corrects.subject} ({self.corrects.at:%-d %b}); the original stays in the log, marked corrected."
        if self.resolves:
            return f"Settles the deadline of: {self.resolves.subject} (due {self.resolves.deadline:%-d %b})."
        return "Logged only when you mark it as sent (F10 or ctrl+s). F5 copies the draft to your clipboard."

    def on_mount(self) -> None:
        if self.corrects:
            self._prefill(EntryDraft(
                direction=self.corrects.direction, channel=self.corrects.channel,
                subject=f"Correction: {self.corrects.subject}"[:200], body=self.corrects.body,
            ))
        elif self.resolves:
            self._prefill(EntryDraft(
                direction="from-supplier" if self.resolves.direction == "to-supplier" else "internal",
                channel=self.resolves.channel, subject=f"Re: {self.resolves.subject}"[:200],
            ))
        self._offer_agreement()
        letter = LETTER_FOR_DECISION.get(self.decision.option) if self.decision else None
        if self.pick_template and letter in TEMPLATES:
            # The decision says which letter comes next: it is picked and drafted at once.
            self.query_one("#template", Select).value = letter
        self.query_one("#template" if self.pick_template else "#subject").focus()

    @property
    def decision(self):
        return self.state.latest_decision()

    def _offer_agreement(self) -> None:
        """Only a message from the supplier can record their written agreement: for any
        other direction the box is neither shown nor ticked (a Tab+Enter cannot tick it)."""
        box = self.query_one("#written_agreement", Checkbox)
        offered = self.query_one("#direction", Select).value == "from-supplier"
        box.set_class(not offered, "-hidden")
        box.disabled = not offered
        if not offered:
            box.value = False

    def _prefill(self, entry: EntryDraft) -> None:
        self.query_one("#direction", Select).value = entry.direction
        self.query_one("#channel", Select).value = entry.channel
        self.query_one("#subject", Input).value = entry.subject
        self.query_one("#body", TextArea).text = entry.body
        self.query_one("#deadline", Input).value = entry.deadline.isoformat() if entry.deadline else ""
        self.query_one("#written_agreement", Checkbox).value = entry.written_agreement
        self._offer_agreement()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "direction":
            self._offer_agreement()
            channel = self.query_one("#channel", Select)
            # A note opens on "none"; a message to or from the supplier went by some channel.
            if event.value != "internal" and channel.value == "none":
                channel.value = "email"
        if event.select.id != "template":
            return
        template = TEMPLATES.get(event.value) if event.value is not Select.NULL else None
        takes = set(template.required + template.optional) if template else set()
        for name in TERMS:
            for widget in (self.query_one(f"#{name}"), self.query_one(f"#{name}-label")):
                widget.set_class(name in takes, "shown")
        self.query_one("#terms").display = bool(takes - {"deadline"})
        deadline = self.query_one("#deadline", Input)
        if template and "deadline" in takes and not deadline.value.strip() and self.decision and self.decision.deadline:
            deadline.value = self.decision.deadline.isoformat()  # the deadline chosen in the decision
        if template:
            self.action_redraft(picked=True)

    def action_redraft(self, picked: bool = False) -> None:
        """Fill the draft from the case's facts and the terms typed so far. Just `picked`,
        a template that still needs a term says so and takes the user to it."""
        key = self.query_one("#template", Select).value
        if key is Select.NULL:
            self.show_errors({"template": "pick a template first"})
            return
        template = TEMPLATES[key]
        typed = {name: self.query_one(f"#{name}", Input).value.strip() for name in TERMS}
        typed["deadline"] = self.query_one("#deadline", Input).value.strip()
        terms = {k: v for k, v in typed.items() if k in (*template.required, *template.optional)}
        try:
            self.from_template = draft(self.state, key, **terms)
        except InputError as exc:
            errors = field_errors(exc, self.FIELDS)
            self.show_errors(errors)
            if picked and errors.keys() - {"form"}:
                tell(self, f"{template.title}: type the {', '.join(errors.keys() - {'form'})}, then F3 drafts the letter")
            return
        self._prefill(self.from_template)
        self.show_errors({})

    def entry_data(self) -> dict:
        deadline = self.query_one("#deadline", Input).value.strip()
        drafted = self.from_template
        return {
            "id": self.draft_id,
            "references": drafted.references if drafted else [],
            "deadline_for": drafted.deadline_for if drafted and deadline else "",
            "direction": self.query_one("#direction", Select).value,
            "channel": self.query_one("#channel", Select).value,
            "subject": self.query_one("#subject", Input).value,
            "body": self.query_one("#body", TextArea).text,
            "deadline": deadline or None,
            "written_agreement": self.query_one("#written_agreement", Checkbox).value,
            "corrects": self.corrects.id if self.corrects else None,
            "resolves": self.resolves.id if self.resolves else None,
        }

    def action_copy(self) -> None:
        subject = self.query_one("#subject", Input).value.strip()
        body = self.query_one("#body", TextArea).text
        self.app.copy_to_clipboard(f"{subject}\n\n{body}" if subject else body)
        tell(self, "Draft copied to the clipboard. Send it, then press F10 (or ctrl+s) to log it as sent.")

    def action_send(self) -> None:
        data = self.entry_data()
        self.save(lambda: append_entry(self.ws, self.po, EntryDraft.model_validate(data)))
