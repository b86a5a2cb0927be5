"""Test settings: hypothesis' example budget per property test, by profile.

``TRADECLOUD_HYPOTHESIS`` chooses the profile:

- ``default`` (``make test``): 100 examples per property test (hypothesis' own default, stated
  here so it is fixed), no deadline (the machine is shared: a slow example is not a failure);
- ``quick``: 15 examples (while iterating, and for mutation testing, which runs the suite once
  per mutant);
- ``long`` (``make test-long``): 2,000 examples, a target of its own for a long, deep run;
- ``floors`` (the floors run of ``make test``, which proves that the declared floors of the
  dependencies work, not the rules' depth, which the full run checks): 15 examples, like
  ``quick``, and the tests' own budgets scaled alike (:func:`tests.helpers.examples`).

A test that states its own budget (with the reason beside it) states it for the default profile
through :func:`tests.helpers.examples`: it keeps it under every profile but ``floors``.

The header of every run says which copy of the package it tests and with which dependencies:
`make test` tests the installed wheel (TRADECLOUD_UNDER_TEST=installed, checked by
tests/test_package.py), a plain `pytest` the source tree; its floors run uses ``floors``.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from hypothesis import settings

import tradecloud_domain

from .helpers import PROFILE

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("quick", max_examples=15, deadline=None)
settings.register_profile("long", max_examples=2_000, deadline=None)
settings.register_profile("floors", max_examples=15, deadline=None)
settings.load_profile(PROFILE)


def pytest_report_header() -> list[str]:
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("attrs", "cattrs", "transitions", "simplejson", "hypothesis")
    )
    return [
        f"tradecloud_domain {tradecloud_domain.__version__} from "
        f"{Path(tradecloud_domain.__file__).parent}",
        f"with {versions}",
    ]
