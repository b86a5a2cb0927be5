"""The messages of ``POST /order/deliveries`` (append deliveries) and
``POST /order/deliveryHistory`` (replace the delivery history).

Imported when first used (:mod:`tradecloud_domain.messages` reads these names from here).
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import attrs

from ._identifiers import identifier
from ._values import frozen
from .entities import MAX_LINES, Delivery, collection, delivery_history
from .messages import not_empty
from .statuses import Route

__all__ = [
    "DeliveriesHeader",
    "DeliveriesLine",
    "DeliveryHistoryLine",
    "OrderDeliveriesMessage",
    "OrderDeliveryHistoryMessage",
]


@frozen
class DeliveriesHeader:
    """The ``order`` object of the delivery routes: which order."""

    purchase_order_number: str = attrs.field(validator=identifier)


@frozen
class DeliveriesLine:
    """A line of ``/order/deliveries``: its position and the deliveries to append."""

    position: str = attrs.field(validator=identifier)
    deliveries: tuple[Delivery, ...] = delivery_history(default=attrs.NOTHING, name="deliveries")


@frozen
class DeliveryHistoryLine:
    """A line of ``/order/deliveryHistory``: its position and its whole new delivery history
    (an empty array clears it)."""

    position: str = attrs.field(validator=identifier)
    delivery_history: tuple[Delivery, ...] = delivery_history(default=attrs.NOTHING)


def _delivery_lines() -> Any:
    """The ``lines`` of a delivery route: at least one, at most 500, positions unique."""
    return collection(
        "lines", MAX_LINES, positions=("position",), default=attrs.NOTHING, validator=not_empty
    )


@frozen
class OrderDeliveriesMessage:
    """``POST /order/deliveries``: append deliveries to lines' delivery history
    (order/buyer/receive-goods.md)."""

    route: ClassVar[Route] = Route.ORDER_DELIVERIES

    order: DeliveriesHeader
    lines: tuple[DeliveriesLine, ...] = _delivery_lines()
    erp_last_change_date_time: datetime.datetime | None = None


@frozen
class OrderDeliveryHistoryMessage:
    """``POST /order/deliveryHistory``: replace the delivery history of the lines sent, and of no
    other (order/buyer/receive-goods.md)."""

    route: ClassVar[Route] = Route.ORDER_DELIVERY_HISTORY

    order: DeliveriesHeader
    lines: tuple[DeliveryHistoryLine, ...] = _delivery_lines()
    erp_last_change_date_time: datetime.datetime | None = None
