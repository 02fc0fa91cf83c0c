"""Shared fixtures: a fresh workspace, a realistic case, a pinned clock."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

import pytest

from casefile.values import clock
from casefile.actions.workspace import Workspace
from casefile.records.case import Case

pytest_plugins = ["figures", "cli_support"]  # cli_support: the `opened` fixture

# CI runs a moderate number of hypothesis examples; CASEFILE_THOROUGH=1 runs the full budget.
THOROUGH = os.environ.get("CASEFILE_THOROUGH") == "1"


def examples(ci: int, thorough: int) -> int:
    return thorough if THOROUGH else ci


FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)


def make_case(po: str = "PO/2026/114", **over) -> Case:
    data = dict(
        po=po, supplier="Shenzhen Brightway Lighting Co.", product="LED desk lamp DL-40",
        quantity=3000, order_value_cny="84000.00", deposit_cny="25200.00",
        spec_points=[
            {"key": "S1", "text": "colour Pantone 286C", "kind": "spec"},
            {"key": "S2", "text": "weight 250 g ± 5 g", "kind": "spec"},
            {"key": "G1", "text": "switch feel as golden sample", "kind": "golden-sample"},
        ],
        golden_sample_ref="GS-114 sealed 2 Oct",
        ship_window_start=date(2026, 12, 1), ship_window_end=date(2026, 12, 20),
        refund_terms="deposit refundable in full if the goods fail inspection twice",
        deposit_refundable_percent="100", reinspection_fee_cny="2100.00", planning_rate="215.5000",
    )
    data.update(over)
    return Case.model_validate(data)


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace.open(tmp_path / "ws")


@pytest.fixture
def case() -> Case:
    return make_case()


@pytest.fixture
def pinned_clock(monkeypatch):
    monkeypatch.setattr(clock, "wall_time", lambda: FIXED_NOW)
    return FIXED_NOW


def pytest_collection_modifyitems(items):
    """The files holding slow tests run first. Two workers take whole files (--dist
    loadfile, in this order with --no-loadscope-reorder: scripts/test.sh); the 80 s
    eight-writer test, run late, kept one worker busy alone at the end of the run. Each
    file's own order is kept."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)
