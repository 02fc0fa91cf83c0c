"""The Markdown dossier: the whole case, readable, with the chain state and the gate."""

from __future__ import annotations

import json
from datetime import date

import pytest

from casefile.actions.note import append_entry
from casefile.actions.pay import PaymentDraft, record_payment
from casefile.records.log_entry import EntryDraft
from casefile.rules.dossier import dossier
from gate_support import MAJOR_FAIL, add_report, decide

PO = "PO/2026/114"


@pytest.fixture
def full(ws, case, pinned_clock):
    ws.create(case)
    record_payment(ws, PO, PaymentDraft(kind="deposit", cny="25200.00", rate="215.5", receipt="ALI-0042",
                                        method="Alipay"))
    add_report(ws, PO, date(2026, 11, 12), MAJOR_FAIL,
               spec_checks=[{"point": "S1", "result": "does-not-conform", "note": "285C"}])
    ask = EntryDraft(direction="to-supplier", subject="Rework | re-inspect", body="Line one\nLine two",
                     deadline=date(2026, 12, 3), deadline_for="rework")
    append_entry(ws, PO, ask)
    append_entry(ws, PO, EntryDraft(direction="to-supplier", subject="Correction: by 5 Dec", corrects=ask.id))
    decide(ws, PO, "rework", deadline=date(2026, 12, 3), reason="fixable fault")
    return ws


def test_dossier_holds_every_part_of_the_case(full):
    text = dossier(full.load(PO), today=date(2026, 11, 25))
    for heading in ("# Case file: PO/2026/114", "## Order", "## Agreed standard", "## Inspection reports",
                    "## Decisions", "## Correspondence", "## Ledger", "## History"):
        assert heading in text
    assert "| major | 2.5 | 125 | 23 | 7 | 8 |" in text  # the app's own plan per class
    assert "spec S1 (colour Pantone 286C): 285C" in text
    assert "**Rework and re-inspect** (deadline 3 Dec 2026). fixable fault" in text
    assert "Corrected by entry 2" in text and "Corrects entry 1" in text
    assert "> Line one\n> Line two" in text
    assert "| deposit | ¥25,200.00 | ₦5,430,600.00 | 215.5000 |" in text
    assert "**Balance locked.**" in text and "23 found, Re 8" in text
    assert "The log's hash chain is intact" in text


def test_table_cells_cannot_break_the_markdown(full):
    text = dossier(full.load(PO))
    history_rows = [line for line in text.splitlines() if "Rework" in line and line.startswith("|")]
    assert history_rows and all("Rework \\| re-inspect" in row for row in history_rows)


def test_a_tampered_log_is_flagged_in_the_dossier(full):
    path = full.case_path(PO)
    tables = json.loads(path.read_bytes())
    tables["correspondence"]["1"]["body"] = "Line one changed"
    path.write_bytes(json.dumps(tables).encode())
    text = dossier(full.load(PO))
    assert "**Warning: this case file was changed outside Casefile.**" in text
    assert "- log entry 1 (" in text and "was changed outside Casefile" in text


def test_export_command_writes_the_file(full, tmp_path, capsys):
    from tui.cli import main

    out = tmp_path / "dossier.md"
    assert main(["--data", str(full.root), "export", PO, "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Case file: PO/2026/114")
    assert main(["--data", str(full.root), "export", PO, "--output", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_markdown_in_names_reads_as_written(ws, case, pinned_clock):
    from casefile.rules.dossier import md

    hostile = case.model_copy(update={"po": "PO_1 *x*", "supplier": "*ACME* [win](http://evil.example) <b>", "product": "`lamp` ~~x~~ & co"})
    ws.create(hostile)
    append_entry(ws, hostile.po, EntryDraft(direction="to-supplier", subject="# urgent | now",
                                            body="# heading\n- item\n1. first\n> quoted\n<script>x</script>\n---"))
    text = dossier(ws.load(hostile.po), today=date(2026, 11, 25))
    assert "# Case file: PO\\_1 \\*x\\*" in text
    assert "- Supplier: \\*ACME\\* \\[win\\](http://evil.example) \\<b\\>" in text
    assert "- Product: \\`lamp\\` \\~\\~x\\~\\~ \\& co" in text
    assert "email: # urgent \\| now" in text  # mid-line: '#' is only text there
    for line in ("> \\# heading", "> \\- item", "> 1\\. first", "> \\> quoted", "> \\<script\\>x\\</script\\>", "> \\---"):
        assert line in text, line
    assert "<script>" not in text and "](http" not in text.replace("\\](http", "")
    assert md("2.5") == "2.5" and md("PO-2026-114") == "PO-2026-114"  # plain text stays plain
