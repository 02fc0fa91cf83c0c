"""The correspondence screen and the composer, driven with keys at 80x24."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Input, TextArea

from app_support import screen_text, settle
from casefile.actions.note import append_entry
from casefile.records.log_entry import EntryDraft
from casefile.rules.deadlines import open_deadlines
from screen_host import assert_bindings_described, demo_copy, hosted, press
from screens.composer import ComposerScreen
from screens.confirm import ConfirmScreen
from screens.correspondence import CorrespondenceScreen
from screens.messages import CaseChanged

REWORK = "PO/2026/133"  # rework request overdue
DISCOUNT = "PO/2026/127"  # supplier's written agreement on record


@pytest.fixture
def ws(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory)


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_log_is_newest_first_with_overdue_deadline_and_detail(ws):
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        state = ws.load(REWORK)
        table = rows(app)
        assert [r[0] for r in table] == [str(n) for n in range(len(state.correspondence), 0, -1)]
        overdue_row = next(r for r in table if "OVERDUE" in r[-1])
        assert overdue_row[0] == "1"  # the rework request, past its deadline
        text = screen_text(app)
        assert "1 overdue" in text and "OVERDUE" in text
        assert state.correspondence[-1].body.split()[0] in text  # the detail pane shows the body
        await press(pilot, "down", "down")
        text = screen_text(app)
        assert "Dear Guangzhou Meitai" in text


async def test_agreement_is_marked_and_a_correction_points_both_ways(ws):
    async with hosted(CorrespondenceScreen(ws, DISCOUNT)) as (app, pilot):
        agreement_row = next(i for i, r in enumerate(rows(app)) if "agreed" in r[-1])
        app.screen.query_one(DataTable).move_cursor(row=agreement_row)
        await press(pilot, "x")
        assert isinstance(app.screen, ComposerScreen)
        assert app.screen.query_one("#subject", Input).value.startswith("Correction: ")
        await press(pilot, "f10")
        assert isinstance(app.screen, CorrespondenceScreen)
        state = ws.load(DISCOUNT)
        correction = state.correspondence[-1]
        original = state.find("correspondence", correction.corrects)
        assert original.written_agreement  # the original stays, unchanged
        n_orig = state.correspondence.index(original) + 1
        n_corr = len(state.correspondence)
        table = rows(app)
        assert f"corrected by #{n_corr}" in next(r[-1] for r in table if r[0] == str(n_orig))
        assert f"corrects #{n_orig}" in next(r[-1] for r in table if r[0] == str(n_corr))


async def test_template_drafts_from_facts_copies_and_logs_only_when_sent(ws):
    before = len(ws.load(DISCOUNT).correspondence)
    async with hosted(CorrespondenceScreen(ws, DISCOUNT)) as (app, pilot):
        await press(pilot, "t")
        composer = app.screen
        composer.query_one("#template").value = "discount"
        await settle(pilot)
        assert "discount template needs it" in screen_text(app)  # beside the Discount % field
        assert composer.focused is composer.query_one("#percent")
        await press(pilot, "5", "f3")
        body = composer.query_one("#body", TextArea).text
        assert "19 found in a sample of 200" in body and "Ac 14 / Re 15" in body
        await pilot.press("f5")
        assert app.clipboard.startswith(composer.query_one("#subject", Input).value)
        assert len(ws.load(DISCOUNT).correspondence) == before  # copied is not sent
        await press(pilot, "f10")
        entry = ws.load(DISCOUNT).correspondence[-1]
        assert len(ws.load(DISCOUNT).correspondence) == before + 1
        assert entry.direction == "to-supplier" and "5% discount" in entry.subject
        assert entry.references and entry.references[0].startswith("report ")


async def test_bad_input_is_shown_beside_the_field_and_nothing_is_lost(ws):
    before = len(ws.load(REWORK).correspondence)
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        await press(pilot, "n")
        composer = app.screen
        composer.query_one("#body", TextArea).text = "Called Lily twice, no answer."
        composer.query_one("#deadline", Input).value = "3 Dec"
        await press(pilot, "f10")
        text = screen_text(app)
        assert "⚠" in composer.query_one("#subject-error").render().plain
        assert composer.query_one("#deadline-error").render().plain.count("YYYY-MM-DD") == 1  # said once
        assert "YYYY-MM-DD, e.g." in text
        assert composer.query_one("#body", TextArea).text == "Called Lily twice, no answer."
        assert len(ws.load(REWORK).correspondence) == before
        composer.query_one("#deadline", Input).value = "2031-01-05"
        composer.query_one("#subject", Input).value = "Chased Meitai again"
        await press(pilot, "f10")
        assert isinstance(app.screen, CorrespondenceScreen)
        logged = ws.load(REWORK).correspondence[-1]
        assert logged.subject == "Chased Meitai again" and logged.deadline.isoformat() == "2031-01-05"


async def test_escape_with_typed_text_asks_before_discarding(ws):
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        await press(pilot, "n")
        await pilot.press(*"half a note")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen.query_one("#subject", Input).value == "half a note"
        await press(pilot, "escape")
        await press(pilot, "y")
        assert isinstance(app.screen, CorrespondenceScreen)


async def test_settling_a_deadline_closes_it(ws):
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        request = next(d for d in open_deadlines(ws.load(REWORK)) if d.what == "rework")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(request.source_id))
        await press(pilot, "s")
        app.screen.query_one("#subject", Input).value = "Meitai: rework finished, photos attached"
        await press(pilot, "ctrl+j")
        assert request.source_id not in {d.source_id for d in open_deadlines(ws.load(REWORK))}
        assert not any("OVERDUE" in r[-1] for r in rows(app))


async def test_another_writer_shows_up_on_case_changed(ws):
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        append_entry(ws, REWORK, EntryDraft(direction="from-supplier", channel="wechat",
                                            subject="Rework done, book the re-inspection"))
        app.screen.post_message(CaseChanged(REWORK, "chidi", "entry logged"))
        await settle(pilot)
        assert rows(app)[0][3].startswith("Rework done")


async def test_copy_key_puts_the_selected_entry_on_the_clipboard(ws):
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        await pilot.press("c")
        newest = ws.load(REWORK).correspondence[-1]
        assert app.clipboard == f"{newest.subject}\n\n{newest.body}"


async def test_composer_cursors_do_not_blink(ws):
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        await press(pilot, "n")
        widgets = [*app.screen.query(Input), *app.screen.query(TextArea)]
        assert widgets and not any(w.cursor_blink for w in widgets)


async def test_every_binding_has_a_description():
    assert_bindings_described(CorrespondenceScreen, ComposerScreen)


async def test_a_long_log_holds_every_entry_from_its_first_paint(tmp_path):
    from casefile.records.log_entry import chain_entry
    from casefile.actions.workspace import Workspace
    from casefile.store.protocol import Change
    from conftest import make_case

    ws = Workspace.open(tmp_path / "ws")
    ws.create(make_case())

    def many(state):
        entries = list(state.correspondence)
        for i in range(1500):
            entries.append(chain_entry(EntryDraft(subject=f"Message {i}"), "root", entries))
        return Change("bulk import", records=entries)

    ws.transact("PO/2026/114", many)
    total = len(ws.load("PO/2026/114").correspondence)
    shown: list[int] = []
    screen = CorrespondenceScreen(ws, "PO/2026/114")
    original = screen.show

    def show(data):  # how many rows the table holds at the paint that follows
        original(data)
        screen.call_after_refresh(lambda: shown.append(screen.query_one(DataTable).row_count))

    screen.show = show
    async with hosted(screen) as (app, pilot):
        assert shown[0] == total  # not a first screenful with the rest filled in behind
        await press(pilot, "end")
        assert screen_text(app).count("#1 ") == 1  # the detail pane shows the oldest entry
        await press(pilot, "pageup")
        table = app.screen.query_one(DataTable)
        assert 0 < table.cursor_row < total - 1
        kept = table.cursor_row
        app.screen.reload()
        await settle(pilot)
        assert table.row_count == total and len(set(table.rows)) == total
        assert str(table.get_row_at(0)[3]) == "Message 1499"
        assert table.cursor_row == kept  # on the same entry after the reload
        await press(pilot, "home")
        assert table.cursor_row == 0 and "#1500 Message 1499" in screen_text(app)


async def test_a_wider_terminal_shows_more_of_each_subject(ws):
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        narrow = rows(app)[-1][3]
        assert narrow.endswith("…")
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        wide = rows(app)[-1][3]
        assert len(wide) > len(narrow) and not wide.endswith("…")


async def test_an_agreement_must_come_from_the_supplier_in_writing(ws):
    before = len(ws.load(REWORK).correspondence)
    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        await press(pilot, "n")
        composer = app.screen
        composer.query_one("#subject", Input).value = "Lily agreed on the phone"
        composer.query_one("#written_agreement").value = True
        await press(pilot, "f10")
        assert "only a message from the supplier" in composer.query_one("#written_agreement-error").render().plain
        assert len(ws.load(REWORK).correspondence) == before


def _random_log(steps):
    """A log built from (kind, target, deadline offset) steps, as append_entry would seal it."""
    from datetime import timedelta

    from casefile.values import clock
    from casefile.records.log_entry import chain_entry

    entries = []
    for kind, target, offset in steps:
        ref = entries[target % len(entries)].id if entries and kind != "plain" else None
        draft = EntryDraft(
            direction="to-supplier", subject=f"{kind} {len(entries)}",
            deadline=clock.today() + timedelta(days=offset) if offset is not None else None,
            corrects=ref if kind == "correct" else None, resolves=ref if kind == "resolve" else None,
        )
        entries.append(chain_entry(draft, "root", entries))
    return entries

_steps = st.lists(st.tuples(st.sampled_from(["plain", "correct", "resolve"]), st.integers(0, 50),
                            st.one_of(st.none(), st.integers(-5, 5))), max_size=25)


@settings(max_examples=60, deadline=None)
@given(_steps)
def test_entry_views_number_mark_and_point_consistently(steps):
    from casefile.values import clock
    from casefile.records.case_state import CaseState
    from conftest import make_case
    from casefile.rules.log_view import entry_views

    state = CaseState(revision=1, case=make_case(), correspondence=_random_log(steps))
    views = entry_views(state, clock.today())
    assert [v.number for v in views] == list(range(1, len(views) + 1))
    settled = {e.resolves for e in state.correspondence} | {e.corrects for e in state.correspondence}
    for v in views:
        assert v.deadline_open == (v.entry.deadline is not None and v.entry.id not in settled)
        assert not v.overdue or (v.deadline_open and v.entry.deadline < clock.today())
        if v.corrects:
            assert views[v.corrects - 1].corrected_by is not None and v.corrects < v.number
        if v.corrected_by:
            assert views[v.corrected_by - 1].corrects == v.number
            assert not v.deadline_open  # a corrected entry's deadline is replaced, not open


async def test_the_footer_greys_and_lights_settle_as_the_cursor_moves_without_a_rebuild(ws):
    from textual.widgets._footer import FooterKey

    async with hosted(CorrespondenceScreen(ws, REWORK)) as (app, pilot):
        def settle_key():
            return next(k for k in app.screen.query(FooterKey) if k.action == "settle")

        table = app.screen.query_one(DataTable)
        request = next(d for d in open_deadlines(ws.load(REWORK)) if d.what == "rework")
        keys = list(app.screen.query(FooterKey))
        table.move_cursor(row=table.get_row_index(request.source_id))
        await settle(pilot)
        assert not settle_key().has_class("-disabled")  # the highlighted entry has an open deadline
        table.move_cursor(row=0 if table.get_row_index(request.source_id) else 1)
        await settle(pilot)
        assert settle_key().has_class("-disabled")  # greyed: nothing to settle here
        assert list(app.screen.query(FooterKey)) == keys  # the same keys, greyed in place
