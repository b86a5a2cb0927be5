"""Random sequences of buyer and supplier messages, checked after every step (issue: negotiation).

Runs the public oracle of tradecloud_domain.testing as it is, so the kit integrators use cannot
rot."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tradecloud_domain.testing import OrderProcessOracle

OrderProcessOracle.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestOrderProcess = OrderProcessOracle.TestCase
