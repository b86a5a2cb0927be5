"""Test settings. TRADECLOUD_HYPOTHESIS=quick runs every property with fewer examples (mutation
testing runs the suite once per mutant)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("quick", max_examples=15, deadline=None)
if os.environ.get("TRADECLOUD_HYPOTHESIS") == "quick":
    settings.load_profile("quick")
