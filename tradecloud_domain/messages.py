"""The inbound messages, one class per API resource, as frozen values.

- :class:`OrderMessage` is the body of ``POST /order`` (issue or update an order);
- :class:`OrderIndicatorsMessage` is the body of ``POST /order/indicators``.

An indicator left out of a message is ``None``: "not said", which is not the same as ``false``
(an explicit ``false`` on a line overrides an order-level ``true``).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from .entities import (
    MAX_LINES,
    DeliveryLine,
    Item,
    Prices,
    at_most,
    delivery_schedule,
    identifier,
    unique_positions,
)
from .statuses import Route

__all__ = [
    "IndicatorLine",
    "IndicatorsHeader",
    "LineIndicators",
    "Message",
    "MessageLine",
    "MessageOrder",
    "OrderIndicators",
    "OrderIndicatorsMessage",
    "OrderMessage",
]


@attrs.frozen
class LineIndicators:
    """Line-level indicators; each one, when given, wins over its order-level twin."""

    cancelled: bool | None = None
    completed: bool | None = None


@attrs.frozen
class OrderIndicators:
    """Order-level indicators. ``cancel_line_when_missing`` only means something on ``/order``."""

    cancelled: bool | None = None
    completed: bool | None = None
    cancel_line_when_missing: bool | None = None


@attrs.frozen
class MessageOrder:
    """The ``order`` object of a ``/order`` message: the header."""

    purchase_order_number: str = attrs.field(validator=identifier)
    supplier_account_number: str | None = attrs.field(default=None, validator=identifier)
    description: str | None = None
    indicators: OrderIndicators = OrderIndicators()


@attrs.frozen
class MessageLine:
    """A line of a ``/order`` message. Fields left out keep the line's current values."""

    position: str = attrs.field(validator=identifier)
    item: Item | None = None
    delivery_schedule: tuple[DeliveryLine, ...] | None = attrs.field(
        default=None, validator=delivery_schedule
    )
    prices: Prices | None = None
    indicators: LineIndicators = LineIndicators()


def _unique_lines(_: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    unique_positions((line.position for line in value), "lines[{}].position", "line")


@attrs.frozen
class OrderMessage:
    """``POST /order``: issue a new order, or update an existing one."""

    route: ClassVar[Route] = Route.ORDER

    order: MessageOrder
    lines: tuple[MessageLine, ...] = attrs.field(
        default=(), validator=[at_most(MAX_LINES), _unique_lines]
    )


@attrs.frozen
class IndicatorsHeader:
    """The ``order`` object of a ``/order/indicators`` message."""

    purchase_order_number: str = attrs.field(validator=identifier)
    indicators: OrderIndicators = OrderIndicators()


@attrs.frozen
class IndicatorLine:
    """A line of a ``/order/indicators`` message: a position and its indicators."""

    position: str = attrs.field(validator=identifier)
    indicators: LineIndicators = LineIndicators()


@attrs.frozen
class OrderIndicatorsMessage:
    """``POST /order/indicators``: indicators for an existing order, without order data."""

    route: ClassVar[Route] = Route.ORDER_INDICATORS

    order: IndicatorsHeader
    lines: tuple[IndicatorLine, ...] = attrs.field(
        default=(), validator=[at_most(MAX_LINES), _unique_lines]
    )


Message = OrderMessage | OrderIndicatorsMessage

#: The message class of each route.
MESSAGE_TYPES: dict[Route, type[Message]] = {
    Route.ORDER: OrderMessage,
    Route.ORDER_INDICATORS: OrderIndicatorsMessage,
}
