"""`casefile check` over many cases shows how far it is, on one line of a terminal, and says
nothing extra to a script (stderr not a terminal)."""

from __future__ import annotations

import io
import shutil
import sys

from conftest import make_case
from tui.cli import main
from tui.terminal import progress_line


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_check_on_a_terminal_shows_its_progress_on_one_line(ws, pinned_clock, monkeypatch, capsys):
    for i in range(3):
        ws.create(make_case(f"PO-{i}"))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--data", str(ws.root), "check"]) == 0
    assert terminal.getvalue() == "".join(f"\rchecking case files: {n}/3" for n in range(3)) + "\rchecking case files: 3/3\n"
    assert "checked 3 case file(s)" in capsys.readouterr().out


def test_a_script_sees_no_progress(ws, pinned_clock, capsys):
    ws.create(make_case("PO-1"))
    assert main(["--data", str(ws.root), "check"]) == 0
    assert capsys.readouterr().err == ""


def test_ten_thousand_steps_rewrite_the_line_about_a_hundred_times(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    show = progress_line("checking case files")
    for done in range(10_001):
        show(done, 10_000)
    lines = terminal.getvalue().split("\r")[1:]
    assert 100 <= len(lines) <= 102
    assert lines[0] == "checking case files: 0/10,000" and lines[-1] == "checking case files: 10,000/10,000\n"


def test_a_rebuild_counts_the_case_files_then_the_lots_it_judges_again(ws, pinned_clock, monkeypatch):
    from gate_support import MAJOR_FAIL, add_report

    ws.create(make_case("PO-1"))
    ws.create(make_case("PO-2"))
    add_report(ws, "PO-2", pinned_clock.date(), MAJOR_FAIL)  # the one lot
    shutil.rmtree(ws.root / "index" / "suppliers")  # its supplier's lots lost: the rebuild judges it again
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--data", str(ws.root), "check", "--rebuild-index"]) == 0
    label = "\rchecking case files, then each lot in date order"
    assert terminal.getvalue() == (f"{label}: 0/2{label}: 1/2{label}: 2/2\n" f"{label}: 0/1{label}: 1/1\n")
