"""Every action the app binds to a key, in one table.

Each screen's BINDINGS, the case view's menu, the command palette (tui/palette.py) and the
F1 help (screens/help.py) are made from it, and a keymap file may only name its ids
(tui/keymap.py). The ids are what users write in keymap.json: never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from textual.binding import Binding

# Saving a form: ctrl+enter is plain enter in most terminals, so ctrl+j too; the footer shows the first.
CTRL_S_SAVES = "ctrl+s,ctrl+enter,ctrl+j,f10"
F10_SAVES = "f10,ctrl+s,ctrl+j,ctrl+enter"


@dataclass(frozen=True)
class Action:
    id: str  # the binding id a keymap names, "<area>.<what>"
    scope: str  # which screen (or base screen) binds it: its BINDINGS = bindings(scope)
    keys: str  # Textual key names, comma separated; the first is the one the menu shows
    action: str  # the action method it runs, e.g. "open_report" for action_open_report
    label: str  # one or two words, for the footer
    title: str  # what it does, for the palette and F1
    description: str = ""  # more of it in plain words: the palette's and F1's second line
    footer: bool = True
    palette: bool = True  # offered by the command palette while it applies
    priority: bool = False  # runs even while a field that types the key has the focus


ACTIONS: tuple[Action, ...] = (
    # -- everywhere -----------------------------------------------------------------------
    Action("app.help", "app", "f1", "help", "Help", "Every key and what it does",
           "on this screen, where the cursor is, and everywhere", palette=False),
    Action("app.palette", "app", "f2", "command_palette", "Commands", "Find a command or a case",
           "type part of what you want to do, or a PO", palette=False),
    Action("app.quit", "app", "q", "quit_app", "Quit", "Quit Casefile",
           "asks first when a form holds something typed and not saved", palette=False),
    Action("app.redraw", "app", "ctrl+l,f12", "redraw", "Redraw", "Redraw the screen",
           "draw it all again, when another program has written over it", footer=False, priority=True),
    Action("small.quit", "too-small", "q", "app.quit", "Quit", "Quit Casefile",
           "while the terminal is too small to show the app", palette=False),
    # -- the case list --------------------------------------------------------------------
    Action("cases.filter", "cases", "slash", "focus_filter", "Filter", "Filter the cases",
           "by PO, supplier, product or status"),
    Action("cases.sort", "cases", "s", "cycle_sort", "Sort", "Sort the cases",
           "by PO, next deadline or money held, in turn"),
    Action("cases.new", "cases", "n", "new_case", "New case", "New case",
           "open a case file for a purchase order", palette=False),  # the palette's own "New case" works anywhere
    Action("cases.agenda", "cases", "a", "agenda", "Agenda", "The agenda",
           "every deadline and every amount at risk, across the cases, most urgent first"),
    Action("cases.from_report", "cases", "r", "new_from_report", "From report", "New case from a report file",
           "the report gives the order and the standard; you type the money", footer=False),
    Action("cases.check", "cases", "c", "check", "Check", "Check every case file",
           "read each one and show any that is damaged or was changed outside Casefile", footer=False),
    Action("cases.open", "cases", "enter", "open_case", "Open", "Open the highlighted case",
           footer=False, palette=False),
    Action("cases.clear", "cases", "escape", "clear_filter", "Clear filter", "Clear the filter",
           footer=False, palette=False),
    # -- every per-case screen ------------------------------------------------------------
    Action("case.back", "case", "escape", "back", "Back", "Back to the screen before", palette=False),
    Action("case.reload", "case-state", "g", "refresh_case", "Reload", "Read the case file again",
           footer=False),
    # -- the agenda and a supplier's record ------------------------------------------------
    Action("across.back", "across", "escape", "back", "Back", "Back to the screen before", palette=False),
    Action("across.open", "across", "enter", "open_case", "Open case", "Open the highlighted case",
           footer=False, palette=False),
    Action("supplier.improvement", "supplier", "i", "record_improvement", "Improved",
           "Record the supplier's improvement", "a discontinued supplier's lots go back on tightened inspection"),
    # -- the case view: its menu lists them all; the footer only those that fit 80 columns --
    Action("case.report", "case-view", "r", "open_report", "Report", "Read the report",
           "the diagnosis per defect class"),
    Action("case.options", "case-view", "o", "open_options", "Options", "Compare the options",
           "the ways out, one row each"),
    Action("case.log", "case-view", "l", "open_log", "Log", "Correspondence log",
           "correspondence with the supplier"),
    Action("case.ledger", "case-view", "p,dollar_sign", "open_ledger", "Ledger", "Ledger and balance gate",
           "payments and the balance gate"),
    Action("case.history", "case-view", "y", "open_history", "History", "History",
           "who did what, when", footer=False),
    Action("case.supplier", "case-view", "s", "open_supplier", "Supplier", "The supplier's record",
           "its record across orders and its switching severity", footer=False),
    Action("case.edit", "case-view", "e", "edit_case", "Edit", "Edit the case",
           "the order and the agreed standard", footer=False),
    Action("case.import", "case-view", "i", "import_report", "Import report", "Import a report file",
           "JSON or CSV from the inspector", footer=False),
    Action("case.enter_report", "case-view", "n", "enter_report", "Type report", "Type in a report",
           "from the summary page of the inspector's PDF", footer=False),
    Action("case.copy", "case-view", "c", "copy_summary", "Copy", "Copy the case summary",
           "to your clipboard, through the terminal", footer=False),
    Action("case.export", "case-view", "x", "export(False)", "Export", "Export the dossier",
           "the case as a Markdown file, to send or print", footer=False),
    Action("case.pack", "case-view", "k", "export(True)", "Evidence pack", "Export the evidence pack",
           "a zip of the dossier and every attached file, with fingerprints that show them unchanged", footer=False),
    # -- the report -----------------------------------------------------------------------
    Action("report.import", "report", "i", "import_report", "Import", "Import a report file",
           "JSON or CSV from the inspector"),
    Action("report.enter", "report", "n", "enter_report", "Type in", "Type in a report",
           "from the summary page of the inspector's PDF"),
    # [ and ] are off the footer (full at 80 columns): the summary names them when they apply.
    Action("report.earlier", "report", "left_square_bracket", "step(-1)", "Earlier", "The report before",
           "when more than one is on file", footer=False),
    Action("report.later", "report", "right_square_bracket", "step(1)", "Later", "The report after",
           "when more than one is on file", footer=False),
    Action("report.options", "report", "o", "options", "Options", "Compare the options",
           "the ways out, one row each"),
    Action("report.attach", "report", "a", "attach", "Attach", "Attach a file to the report",
           "the inspector's PDF or a photo, kept as evidence as received",
           footer=False),  # the footer is full at 80 columns; the Evidence section names the key
    # -- the options ----------------------------------------------------------------------
    # on the table, so the footer shows it (the table's own Enter, hidden, would hide the
    # screen's): selecting the row chooses it (OptionsScreen._row_selected)
    Action("options.choose", "option-table", "enter", "select_cursor", "Choose", "Choose the highlighted option",
           "and set its terms"),
    # Home and End on the table go to the first and the last option (a table's own Home and
    # End move between columns, and the options are rows)
    Action("options.first", "option-table", "home", "scroll_top", "First", "First option",
           "the top row of the options", footer=False, palette=False),
    Action("options.last", "option-table", "end", "scroll_bottom", "Last", "Last option",
           "the bottom row of the options", footer=False, palette=False),
    # -- the ledger -----------------------------------------------------------------------
    Action("ledger.record", "ledger", "p", "record_payment", "Record payment", "Record a payment",
           "deposit, balance, re-inspection fee or refund"),
    Action("ledger.balance", "ledger", "b", "pay_balance", "Pay balance", "Pay the balance",
           "only while the gate is unlocked"),
    Action("ledger.paid", "ledger", "m", "mark('paid')", "Mark paid", "Mark the payment paid",
           "a requested payment, with its receipt", footer=False),
    Action("ledger.withdraw", "ledger", "w", "mark('withdrawn')", "Withdraw", "Mark the payment withdrawn",
           "a requested payment that will not be made", footer=False),
    Action("ledger.refunded", "ledger", "r", "mark('refunded')", "Refunded", "Mark the payment refunded",
           "a paid payment the supplier sent back", footer=False),
    Action("ledger.quote", "ledger", "t", "take_quote", "Rate quote", "Take a rate quote",
           "the rate, when it expires and where it came from", footer=False),
    # -- the correspondence log -----------------------------------------------------------
    Action("log.note", "log", "n", "compose", "Note", "Write a log entry", "a plain note"),
    Action("log.template", "log", "t", "template", "Template", "Draft a message",
           "from a template filled with the case's facts"),
    Action("log.correct", "log", "x", "correct", "Correct", "Correct the entry",
           "a new entry; the original stays, marked corrected", footer=False),
    Action("log.settle", "log", "s", "settle", "Settle due", "Settle the deadline",
           "the supplier answered the highlighted entry"),
    Action("log.copy", "log", "c", "copy", "Copy", "Copy the entry", "subject and body, to your clipboard", footer=False),
    # -- a long list's table (the log) ---------------------------------------------------
    # Textual's DataTable gives Home and End to the first and last column and the top and
    # bottom to ctrl+home/end, which PuTTY does not send: a list of rows wants the rows.
    Action("list.first", "list", "home", "scroll_top", "First", "Go to the top of the list",
           footer=False, palette=False),
    Action("list.last", "list", "end", "scroll_bottom", "Last", "Go to the bottom of the list",
           footer=False, palette=False),
    # -- forms ----------------------------------------------------------------------------
    Action("form.cancel", "form", "escape", "cancel", "Cancel", "Close the form",
           "asks first when it holds something typed and not saved", palette=False),
    Action("form.save", "case-form", CTRL_S_SAVES, "save", "Save", "Save the case", palette=False),
    Action("fromreport.save", "from-report", CTRL_S_SAVES, "save", "Save", "Make the case and import the report",
           palette=False),
    Action("reportform.save", "report-form", CTRL_S_SAVES, "save", "Save", "Record the report",
           palette=False),
    Action("decision.save", "decision", CTRL_S_SAVES, "save_decision", "Save", "Record the decision",
           palette=False),
    Action("payment.save", "payment", F10_SAVES, "submit", "Save payment", "Record the payment",
           palette=False, priority=True),
    Action("quote.save", "quote", F10_SAVES, "save", "Save quote", "Record the rate quote", palette=False),
    Action("improvement.save", "improvement", F10_SAVES, "save", "Record", "Record the improvement", palette=False),
    Action("composer.send", "composer", F10_SAVES, "send", "Mark sent & log", "Log the entry as sent",
           "once you have sent it", palette=False, priority=True),
    Action("composer.copy", "composer", "f5", "copy", "Copy draft", "Copy the draft",
           "to your clipboard, through the terminal", palette=False, priority=True),
    Action("composer.redraft", "composer", "f3", "redraft", "Redraft", "Draft again from the template",
           "with the terms typed so far", palette=False, priority=True),
    # -- a path field and its file picker -------------------------------------------------
    Action("path.complete", "path", "tab", "complete", "Complete", "Complete the path",
           "finish the file or folder name you started; when several fit, they are listed",
           palette=False),
    Action("path.browse", "path", "f4", "browse", "Browse", "Pick the file from a folder tree",
           "starting in the folder typed, else the one the app was started from", palette=False),
    Action("picker.cancel", "picker", "escape", "cancel", "Cancel", "Close the file picker", palette=False),
    # -- questions and help ---------------------------------------------------------------
    Action("confirm.yes", "confirm", "y", "answer(True)", "Yes", "Yes", palette=False),
    Action("confirm.no", "confirm", "n,escape", "answer(False)", "No", "No", palette=False),
    Action("export.cancel", "export", "escape", "cancel", "Cancel", "Close without exporting", palette=False),
    Action("check.close", "check", "escape", "close", "Close", "Close the check", palette=False),
    Action("receipt.cancel", "receipt", "escape", "cancel", "Cancel", "Leave the payment as it is",
           palette=False),
    Action("help.close", "help", "escape,f1,q", "app.pop_screen", "Close help", "Close the help",
           palette=False),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}


def key_label(key: str) -> str:
    """A Textual key name as the user sees it on the keyboard."""
    return {"slash": "/", "dollar_sign": "$", "question_mark": "?", "escape": "esc",
            "left_square_bracket": "[", "right_square_bracket": "]"}.get(key, key)


def in_scope(scope: str) -> list[Action]:
    return [a for a in ACTIONS if a.scope == scope]


def bindings(scope: str) -> list[Binding]:
    """The BINDINGS of the screen that owns `scope`."""
    found = [Binding(a.keys, a.action, a.label, show=a.footer, priority=a.priority, id=a.id)
             for a in in_scope(scope)]
    if not found:
        raise KeyError(f"no action has the scope {scope!r}")
    return found


def bound_ids(cls: type) -> list[str]:
    """The registry ids a screen class binds, its base classes' included."""
    return [b.id for base in cls.__mro__ for b in vars(base).get("BINDINGS", []) if b.id in BY_ID]


def key_clashes(ids: Iterable[str], keymap: Mapping[str, str]) -> dict[str, list[str]]:
    """Keys that more than one of `ids` would have once `keymap` is applied, where the
    keymap made it so: key -> those ids. (Textual's own check passes over bindings that
    have an id, which all of ours do.)"""
    holders: dict[str, list[str]] = {}
    for action_id in dict.fromkeys(ids):
        for key in keymap.get(action_id, BY_ID[action_id].keys).split(","):
            holders.setdefault(key.strip(), []).append(action_id)
    return {key: held for key, held in holders.items() if len(held) > 1 and any(i in keymap for i in held)}


def keymap_ids_block() -> str:
    """docs/keys.md's table of every id a keymap may name (F1 shows keys and words only);
    `python -m screens.actions` prints it and tests/test_app_bindings.py keeps it current."""
    lines = ["<!-- ids -->", "| id | keys | what it does |", "|---|---|---|"]
    for a in ACTIONS:
        keys = ", ".join(f"`{key_label(k)}`" for k in a.keys.split(","))
        lines.append(f"| `{a.id}` | {keys} | {a.title} |")
    return "\n".join([*lines, "<!-- /ids -->"]) + "\n"


if __name__ == "__main__":
    print(keymap_ids_block(), end="")
