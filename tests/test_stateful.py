"""Random sequences of buyer and supplier messages, checked after every step (issue: negotiation).

Runs the public oracle of tradecloud_domain.testing as it is, so the kit integrators use cannot
rot."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tradecloud_domain.testing import OrderProcessOracle

from .helpers import examples

# 60 runs of 25 steps: each run is a sequence of messages, so fewer runs than a property's 100.
OrderProcessOracle.TestCase.settings = settings(
    max_examples=examples(60),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestOrderProcess = OrderProcessOracle.TestCase
