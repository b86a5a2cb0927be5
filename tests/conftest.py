"""Test settings. TRADECLOUD_HYPOTHESIS=quick runs every property with fewer examples (mutation
testing runs the suite once per mutant; `make test` runs the floors suite so).

The header of every run says which copy of the package it tests and with which dependencies:
`make test` tests the installed wheel (TRADECLOUD_UNDER_TEST=installed, checked by
tests/test_package.py), a plain `pytest` the source tree."""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path

from hypothesis import settings

import tradecloud_domain

settings.register_profile("quick", max_examples=15, deadline=None)
if os.environ.get("TRADECLOUD_HYPOTHESIS") == "quick":
    settings.load_profile("quick")


def pytest_report_header() -> list[str]:
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("attrs", "cattrs", "transitions", "hypothesis")
    )
    return [
        f"tradecloud_domain {tradecloud_domain.__version__} from "
        f"{Path(tradecloud_domain.__file__).parent}",
        f"with {versions}",
    ]
