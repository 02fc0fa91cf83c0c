"""The case as one Markdown document an importer can send or print: order, standard,
reports with the app's reading, decisions, correspondence, ledger and history."""

from __future__ import annotations

import re
from datetime import date

from casefile.records.log_chain import verify_chain
from casefile.records.payment import KIND_TITLES, fmt_rate
from casefile.records.po import po_words
from casefile.rules.assessment import Assessment, assess
from casefile.rules.diagnosis import diagnose_in_case
from casefile.rules.judgement import inspections
from casefile.rules.log_view import entry_views
from casefile.rules.options.catalogue import option
from casefile.rules.payment_lines import payment_lines
from casefile.rules.totals import Amount
from casefile.values import clock
from casefile.values.days import day_text
from casefile.values.currency import DEFAULT_HOME_CURRENCY, fmt_home
from casefile.values.money import ROUNDING_NAME, fmt_cny


_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")  # emphasis, code, links, HTML, tables, entities
# what makes a line a heading, quote, list item or underline (setext heading)
_BLOCK = re.compile(r"^([ \t]*)(#|>|[-+](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|[=-]+[ \t]*$)", re.MULTILINE)


def md(text: object, *, line_start: bool = False) -> str:
    """Data as literal Markdown: a supplier named `*ACME* [x](http://y)` or a subject
    `# urgent` reads as written, with no emphasis, link, HTML, heading or list. The text's
    own later lines are line starts; its first is one when `line_start`."""
    text = _INLINE.sub(r"\\\1", str(text))

    def escape(m: re.Match) -> str:
        if m.start() == 0 and not line_start:
            return m[0]
        marker = m[2]
        return m[1] + (marker + "\\" if marker[0].isdigit() else "\\" + marker)

    return _BLOCK.sub(escape, text)


def _cell(text: object) -> str:
    """Table cells stay on one line and cannot break the table."""
    return md(text).replace("\n", " ")


def _table(head: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in md(text, line_start=True).splitlines()] or [">"]


def _order(state) -> list[str]:
    c = state.case
    out = [
        "## Order", "",
        f"- Supplier: {md(c.supplier)}",
        f"- Product: {md(c.product)}",
        f"- Quantity (lot size): {c.quantity:,} units",
        f"- Order value: {fmt_cny(c.order_value_cny)}; deposit {fmt_cny(c.deposit_cny)}, balance {fmt_cny(c.balance_cny)}",
    ]
    if c.ship_window_start or c.ship_window_end:
        start = day_text(c.ship_window_start) if c.ship_window_start else "?"
        end = day_text(c.ship_window_end) if c.ship_window_end else "?"
        out.append(f"- Shipping window: {start} to {end}")
    if c.refund_terms:
        out.append(f"- Deposit refund terms: {md(c.refund_terms)} ({c.deposit_refundable_percent}% refundable)")
    out += [
        "", "## Agreed standard", "",
        f"ISO 2859-1, inspection level {c.aql.level}; AQL critical {c.aql.critical}, major {c.aql.major}, "
        f"minor {c.aql.minor}." + (f" Golden sample: {md(c.golden_sample_ref)}." if c.golden_sample_ref else ""), "",
    ]
    if c.spec_points:
        out += _table(["Point", "Kind", "Standard"], [[p.key, p.kind, p.text] for p in c.spec_points])
    return out


def _reports(state) -> list[str]:
    out = ["## Inspection reports", ""]
    reports = inspections(state)
    if not reports:
        return out + ["No inspection report on record.", ""]
    for report in reports:
        d = diagnose_in_case(state, report)
        verdict = "PASS" if d.passed else ("no verdict" if not d.complete else "FAIL")
        out += [
            f"### {day_text(report.date)}: {report.kind} by {md(report.company)} ({report.scope})", "",
            f"Lot {report.lot_size:,}, sample {report.sample_size:,}. Inspector's verdict: {report.verdict}. "
            f"The app's verdict by ISO 2859-1: **{verdict}**. {md(d.summary)}", "",
        ]
        out += _table(
            ["Class", "AQL", "Sample", "Found", "Ac", "Re", "Reading"],
            [[c.defect_class, c.plan.aql, c.plan.sample_size, c.found, c.accept, c.reject, c.band]
             for c in d.classes],
        )
        if d.defect_types:
            out += _table(["Defect", "Class", "Units", "Share of sample", "Pattern"],
                          [[t.defect_type, t.defect_class, t.units, f"{t.share_percent}%",
                            f"{'systematic' if t.systematic else 'scattered'} ({t.why})"] for t in d.defect_types])
        if d.failed_points:
            out += ["Points that do not conform:", ""]
            out += [f"- {p.kind} {md(p.key)} ({md(p.text)}){': ' + md(p.note) if p.note else ''}" for p in d.failed_points]
            out.append("")
        if d.disagreements:
            out += ["Where the report and the tables differ:", ""]
            out += [f"- {md(text)}" for text in d.disagreements]
            out.append("")
    return out


def _decisions(state) -> list[str]:
    out = ["## Decisions", ""]
    if not state.decisions:
        return out + ["No decision yet.", ""]
    for dec in state.decisions:
        terms = []
        if dec.discount_percent is not None:
            terms.append(f"discount {dec.discount_percent}%")
        if dec.units is not None:
            terms.append(f"{dec.units:,} units")
        if dec.deadline:
            terms.append(f"deadline {day_text(dec.deadline)}")
        if dec.agreement_entry_id:
            entry = state.find("correspondence", dec.agreement_entry_id)
            terms.append(f"supplier's agreement: {md(entry.subject) if entry else 'entry not found'}")
        out.append(f"- {day_text(dec.decided_at)}, {md(dec.decided_by)}: **{option(dec.option).title}**"
                   + (f" ({'; '.join(terms)})" if terms else "") + (f". {md(dec.reason)}" if dec.reason else ""))
    return out + [""]


def _correspondence(state, today: date) -> list[str]:
    out = ["## Correspondence", ""]
    if not state.correspondence:
        return out + ["Nothing logged yet.", ""]
    integrity = state.integrity
    if integrity is not None and integrity.problems:
        out += ["The case file was changed outside Casefile: see the warning at the top.", ""]
    else:
        broken = verify_chain(state.correspondence, state.history) if integrity is None else None
        out += [f"**Warning: the log's hash chain is broken: {md(broken)}.**" if broken
                else "The log's hash chain is intact (each entry seals the one before it).", ""]
    for v in entry_views(state, today):
        e = v.entry
        marks = []
        if e.written_agreement:
            marks.append("supplier's written agreement")
        if v.corrected_by:
            marks.append(f"corrected by entry {v.corrected_by}")
        if e.corrects:
            marks.append(f"corrects entry {v.corrects or '?'}")
        if e.deadline:
            marks.append(f"{md(e.due_what)} due {day_text(e.deadline)}")
        out.append(f"### {v.number}. {e.at:%Y-%m-%d %H:%M} UTC, {e.direction} via {e.channel}: {md(e.subject)}")
        out += ["", f"By {md(e.author)}." + (f" {_sentence('; '.join(marks))}." if marks else ""), ""]
        if e.body:
            out += _quote(e.body) + [""]
        if e.references:
            out += [f"References: {md(', '.join(e.references))}", ""]
    return out


def _money(a: Amount, home: str) -> str:
    return f"{fmt_cny(a.cny)} / {fmt_home(a.ngn, home) if a.ngn is not None else 'no rate'}"


def _ledger(state, assessed: Assessment, home: str) -> list[str]:
    out = ["## Ledger", "", f"Rates are {home} per 1 CNY; each payment is rounded once, {ROUNDING_NAME}.", ""]
    lines = payment_lines(state)
    if lines:
        out += _table(
            ["Kind", "CNY", home, "Rate", "Locked", "Method", "Receipt", "Status"],
            [[KIND_TITLES[x.payment.kind], fmt_cny(x.payment.cny), fmt_home(x.payment.ngn, home), fmt_rate(x.payment.rate),
              f"{x.payment.rate_locked_at:%Y-%m-%d %H:%M}", x.payment.method, x.receipt, x.status] for x in lines],
        )
    else:
        out += ["No payments yet.", ""]
    t = assessed.totals
    rate = f" ({home} at {fmt_rate(t.rate)}, {t.rate_source})" if t.rate is not None else ""  # a table cell: escaped there
    out += _table(["", f"CNY / {home}{rate}"], [
        ["Paid out", _money(t.paid, home)], ["Refunded", _money(t.refunded, home)], ["Owed", _money(t.owed, home)],
        ["Held by the gate", _money(t.held, home)], ["At risk", _money(t.at_risk, home)],
    ])
    g = assessed.gate
    if g.open:
        out += [f"**Balance unlocked**: {fmt_cny(g.remaining_cny)} of {fmt_cny(g.balance_due_cny)} may be paid.", ""]
    else:
        out += ["**Balance locked.**", ""] + [f"- Why: {md(r)}" for r in g.reasons]
        out += [f"- To unlock: {md(u)}" for u in g.unlock] + [""]
    return out


def _tampered(state) -> list[str]:
    integrity = state.integrity
    if integrity is None or not integrity.problems:
        return []
    return [f"**Warning: this case file was changed outside Casefile.** The balance stays locked until the file "
            f"is restored from a backup or the change is accepted (`casefile check --accept {md(state.po)} --reason "
            "TEXT`, recorded in the history).", ""] + [f"- {md(p)}" for p in integrity.problems] + [""]


def _evidence(state) -> list[str]:
    if not state.attachments:  # a case without evidence files reads as it always did
        return []
    out = ["## Evidence", "", "Files kept as received; each one's SHA-256 is sealed in the history.", ""]
    reports = {r.id: r for r in state.reports}
    out += _table(
        ["Id", "File", "Bytes", "SHA-256", "Report", "Attached"],
        [[a.id[:8], a.name, f"{a.size:,}", a.sha256,
          f"{day_text(reports[a.report_id].date)} ({a.report_id[:8]})" if a.report_id in reports else "",
          f"{a.attached_at:%Y-%m-%d %H:%M} UTC by {a.attached_by}" + (f": {a.note}" if a.note else "")]
         for a in state.attachments])
    return out


def dossier(state, today: date | None = None, home: str = DEFAULT_HOME_CURRENCY) -> str:
    """The whole case file in Markdown; `home` is the workspace's home currency (ISO 4217)."""
    today = today or clock.today()
    assessed = assess(state)
    out = [f"# Case file: {md(po_words(state.po))}", "",
           f"Status on {day_text(today)}: {md(assessed.phase_text)}. Revision {state.revision}.", ""]
    out += _tampered(state)
    deadlines = assessed.deadlines
    if deadlines:
        out += ["Open deadlines:", ""]
        out += [f"- {md(d.what)}: {day_text(d.due)}{' (OVERDUE)' if d.overdue(today) else ''}" for d in deadlines]
        out.append("")
    out += _order(state) + _reports(state) + _decisions(state) + _correspondence(state, today) + _ledger(state, assessed, home)
    out += _evidence(state)
    out += ["## History", ""]
    out += _table(["When (UTC)", "Who", "What", "Detail"],
                  [[f"{h.at:%Y-%m-%d %H:%M}", h.actor, h.action, h.detail + (f" Reason: {h.reason}" if h.reason else "")]
                   for h in state.history])
    return "\n".join(out).rstrip() + "\n"
