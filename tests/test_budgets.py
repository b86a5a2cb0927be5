"""The example budgets of the property tests are the ones tests/conftest.py states."""

from __future__ import annotations

from hypothesis import settings

from .helpers import PROFILE, examples


def test_the_profile_of_this_run_is_loaded() -> None:
    budget = {"default": 100, "quick": 15, "long": 2_000, "floors": 15}[PROFILE]
    assert settings().max_examples == budget


def test_a_stated_budget_is_kept_but_in_the_floors_run() -> None:
    for profile in ("default", "quick", "long"):
        assert [examples(n, profile) for n in (30, 60, 400, 3_000)] == [30, 60, 400, 3_000]
    assert [examples(n, "floors") for n in (30, 60, 400, 3_000)] == [10, 10, 60, 450]
