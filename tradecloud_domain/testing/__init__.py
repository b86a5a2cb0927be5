"""The test-oracle kit: hypothesis strategies, a stateful oracle, conformance vectors.

Needs hypothesis (``pip install 'tradecloud-domain[testing]'``). See docs/testing.md.
"""

try:
    import hypothesis  # noqa: F401  (imported first, so that the error can name the extra)
except ModuleNotFoundError as error:
    if error.name != "hypothesis":
        raise
    raise ImportError(
        "tradecloud_domain.testing needs hypothesis, which is not installed: "
        "pip install 'tradecloud-domain[testing]'",
        name=__name__,
    ) from error

from .oracle import OrderProcessOracle, check_invariants, check_step, first_difference
from .strategies import (
    PURCHASE_ORDER_NUMBER,
    deliveries,
    delivery_bodies,
    indicator_bodies,
    line_action_bodies,
    line_statuses,
    message_bodies,
    order_bodies,
    orders,
    prices,
    response_bodies,
    schedules,
    single_delivery_bodies,
)

__all__ = [
    "PURCHASE_ORDER_NUMBER",
    "OrderProcessOracle",
    "check_invariants",
    "check_step",
    "deliveries",
    "delivery_bodies",
    "first_difference",
    "indicator_bodies",
    "line_action_bodies",
    "line_statuses",
    "message_bodies",
    "order_bodies",
    "orders",
    "prices",
    "response_bodies",
    "schedules",
    "single_delivery_bodies",
]
