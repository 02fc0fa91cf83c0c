"""The option catalogue is the one list of options: a throwaway option added to it, and
nothing else edited, shows everywhere options show (issue #10)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from app_support import PO, sample_workspace, screen_text, settle
from casefile.rules.options import catalogue
from casefile.rules.options.letter import Letter
from casefile.rules.options.option import Fit, Option
from tui.app import create_app
from tui.cli import main

HELD_BALANCE = Decimal("1234.00")  # what the gate owes under the throwaway option

HOLD = Option(
    key="hold",
    title="Hold the goods at the factory",
    label="Hold",
    fit=lambda s: Fit(True, f"about {s.bad:,} units are bad: the factory keeps the lot until the season allows."),
    fit_not_a_pass=lambda why: Fit(False, "nothing to hold back."),
    preference={},
    reinspection=True,
    terms=("units", "deadline"),
    required={"deadline": "deadline: hold needs the date the goods are released"},
    money=lambda m: {"balance_held_cny": m.outstanding},
    balance_due=lambda case, decision, agreed: HELD_BALANCE,
    work="holding",
    due="release",
    status="goods held at the factory: released after a re-inspection",
    letters=(Letter("hold", "Request to hold the goods", ("deadline",), (), "release",
                    lambda f, t: (f"PO {f.case.po}: please hold the goods", "Please hold the goods.")),),
)


@pytest.fixture
def with_hold(monkeypatch):
    monkeypatch.setitem(catalogue.CATALOGUE, HOLD.key, HOLD)


@pytest.fixture
def ws(tmp_path, pinned_clock, with_hold):
    return sample_workspace(tmp_path / "ws")  # PO has failed on major defects, far over


def run(ws, capsys, *argv) -> tuple[int, str, str]:
    code = main(["--data", str(ws.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_offers_it(ws, capsys):
    with pytest.raises(SystemExit):
        main(["decide", "--help"])
    assert "rework,sort,discount,replace,cancel,hold" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["draft", "--help"])
    assert "hold: Request to hold the goods" in capsys.readouterr().out


def test_the_comparison_prices_and_times_it(ws, capsys):
    code, out, _ = run(ws, capsys, "options", PO, "--json")
    assert code == 0
    row = next(r for r in json.loads(out) if r["option"] == "hold")
    assert row["title"] == "Hold the goods at the factory" and row["fits"] and row["reinspection_required"]
    assert row["reason"].endswith("the factory keeps the lot until the season allows.")
    assert row["balance_held_cny"] == row["balance_cny"] == "58800.00"
    assert row["time_note"].startswith("holding by ")


def test_deciding_it_shows_in_the_status_the_gate_and_the_dossier(ws, capsys):
    code, out, err = run(ws, capsys, "decide", PO, "--option", "hold", "--units", "300")
    assert code == 2 and "--deadline: hold needs the date the goods are released" in err  # its own required term
    code, out, _ = run(ws, capsys, "decide", PO, "--option", "hold", "--deadline", "2026-12-20", "--units", "300")
    assert code == 0 and "Hold the goods at the factory; 300 units; by 20 Dec 2026" in out
    code, out, _ = run(ws, capsys, "list", "--json")
    summary = next(s for s in json.loads(out) if s["po"] == PO)
    assert summary["phase"] == "hold"
    assert summary["phase_text"] == "goods held at the factory: released after a re-inspection"
    assert summary["next_deadline_what"] == "release"
    code, out, _ = run(ws, capsys, "ledger", PO, "--json")
    assert json.loads(out)["gate"]["balance_due_cny"] == str(HELD_BALANCE)
    code, out, _ = run(ws, capsys, "export", PO)
    assert "**Hold the goods at the factory** (300 units; deadline 20 Dec 2026)" in out


async def test_the_options_screen_and_the_decide_form_show_it(ws):
    app = create_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "Hold" in screen_text(app)
        await pilot.press(*["down"] * 5)
        await settle(pilot)
        assert "Hold the goods at the factory: FITS" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionFormScreen"
        text = screen_text(app)
        assert "Decide · PO/2026/114 · Hold the goods at the factory" in text
        assert "Units" in text and "Deadline" in text and "Discount %" not in text
        app.screen.query_one("#deadline").value = "2026-12-20"
        await pilot.press("f10")
        await settle(pilot)
        assert ws.load(PO).decisions[-1].option == "hold"


@pytest.fixture
def eight_options(monkeypatch, ws):
    """Five options, the hold, and two more throwaway ones: eight in the catalogue."""
    for key, label in (("store", "Store"), ("resell", "Resell locally")):
        monkeypatch.setitem(catalogue.CATALOGUE, key, dataclasses.replace(
            HOLD, key=key, label=label, title=f"{label}: a throwaway option", letters=()))
    return ws


async def test_eight_options_fit_80_columns_with_nothing_cut(eight_options):
    app = create_app(eight_options)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(PO)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        rows = {line.split()[0]: line for line in lines[2:10]}  # under the title and the header
        assert list(rows) == ["Rework", "Sort", "Discount", "Replace", "Cancel", "Hold", "Store", "Resell"]
        assert "Resell locally" in rows["Resell"]
        for line in lines[2:10]:  # each row whole: the money in full, no ellipsis
            assert "…" not in line and line.rstrip()[-1] != "│", line
        assert "¥58,800.00  ₦12,671,400.00" in rows["Hold"]
        for title in ("Rework and re-inspect", "Sort", "Negotiate a discount", "Replace", "Cancel", "Hold", "Store",
                      "Resell locally: a throwaway option"):
            details = "\n".join(screen_text(app).splitlines()[11:-1])  # under the rows and the rule
            assert title in details.splitlines()[0]
            assert "enter still lets you record it" in details or "enter: choose this option" in details  # whole
            await pilot.press("down")
            await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        assert "Rework and re-inspect: FITS" in screen_text(app)
        await pilot.press("end")
        await settle(pilot)
        assert "Resell locally: a throwaway option: FITS" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionFormScreen"
