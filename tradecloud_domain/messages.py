"""The inbound messages, one class per API resource, as frozen values.

- :class:`OrderMessage` is the body of ``POST /order`` (issue or update an order);
- :class:`OrderIndicatorsMessage` is the body of ``POST /order/indicators``.

An indicator left out of a message is ``None``: "not said", which is not the same as ``false``
(an explicit ``false`` on a line overrides an order-level ``true``).
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import attrs

from ._names import json_name
from .entities import (
    MAX_COLLECTION,
    MAX_LINES,
    DeliveryLine,
    Document,
    Item,
    Prices,
    collection,
    delivery_schedule,
    identifier,
)
from .errors import Invalid, InvalidGroup
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
    "RevertCancelledLinesMessage",
    "RevertCompletedLinesMessage",
    "RevertLinesMessage",
]


@attrs.frozen
class LineIndicators:
    """Line-level indicators; each one, when given, wins over its order-level twin.

    The names and levels are those of :data:`tradecloud_domain.machine.INDICATORS` (a test keeps
    them in step).
    """

    completed: bool | None = None
    cancelled: bool | None = None
    confirmed: bool | None = None
    request_reconfirmation: bool | None = None
    delivered: bool | None = None
    shipped: bool | None = None
    no_delivery_expected: bool | None = None
    propose_when_accepted: bool | None = None


@attrs.frozen
class OrderIndicators:
    """Order-level indicators. ``cancel_line_when_missing`` only means something on ``/order``."""

    completed: bool | None = None
    cancelled: bool | None = None
    confirmed: bool | None = None
    request_reconfirmation: bool | None = None
    delivered: bool | None = None
    shipped: bool | None = None
    auto_confirm: bool | None = None
    cancel_line_when_missing: bool | None = None


@attrs.frozen
class MessageOrder:
    """The ``order`` object of a ``/order`` message: the header."""

    purchase_order_number: str = attrs.field(validator=identifier)
    supplier_account_number: str | None = attrs.field(default=None, validator=identifier)
    description: str | None = None
    indicators: OrderIndicators = OrderIndicators()
    documents: tuple[Document, ...] | None = collection(
        "documents", MAX_COLLECTION, what="document", default=None
    )
    erp_issue_date_time: datetime.datetime | None = None
    erp_last_change_date_time: datetime.datetime | None = None


@attrs.frozen
class MessageLine:
    """A line of a ``/order`` message. Fields left out keep the line's current values."""

    position: str = attrs.field(validator=identifier)
    item: Item | None = None
    delivery_schedule: tuple[DeliveryLine, ...] | None = delivery_schedule(default=None)
    prices: Prices | None = None
    indicators: LineIndicators = LineIndicators()
    delivery_history: tuple[DeliveryLine, ...] | None = collection(
        "deliveryHistory", MAX_COLLECTION, what="delivery history line", default=None
    )
    documents: tuple[Document, ...] | None = collection(
        "documents", MAX_COLLECTION, what="document", default=None
    )


def _lines() -> Any:
    """The ``lines`` field of a message: at most 500, positions unique."""
    return collection("lines", MAX_LINES, positions=("position",))


@attrs.frozen
class OrderMessage:
    """``POST /order``: issue a new order, or update an existing one."""

    route: ClassVar[Route] = Route.ORDER

    order: MessageOrder
    lines: tuple[MessageLine, ...] = _lines()


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
    lines: tuple[IndicatorLine, ...] = _lines()


def _identifiers(_: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    name = json_name(attribute.name)
    errors = []
    for index, position in enumerate(value):
        try:
            identifier(None, attribute, position)
        except Invalid as exc:
            errors.append(Invalid(exc.code, exc.message, at=f"{name}[{index}]"))
    InvalidGroup.raise_if_any(errors)


@attrs.frozen
class RevertLinesMessage:
    """The body of the buyer's revert actions: which lines, why, and the order version seen.

    ``version`` is accepted and kept, not checked: this library does not track order versions
    (decision D17).
    """

    line_positions: tuple[str, ...] = collection(
        "linePositions", MAX_LINES, positions=(), default=attrs.NOTHING, validator=_identifiers
    )
    reason: str | None = None
    version: int | None = None


@attrs.frozen
class RevertCancelledLinesMessage(RevertLinesMessage):
    """Revert the cancellation of lines: they become InProgress (RevertedCancelledLine)."""

    route: ClassVar[Route] = Route.REVERT_CANCELLED_LINES


@attrs.frozen
class RevertCompletedLinesMessage(RevertLinesMessage):
    """Revert the completion of lines: they become InProgress (RevertedCompletedLine)."""

    route: ClassVar[Route] = Route.REVERT_COMPLETED_LINES


Message = (
    OrderMessage
    | OrderIndicatorsMessage
    | RevertCancelledLinesMessage
    | RevertCompletedLinesMessage
)

#: The message class of each route.
MESSAGE_TYPES: dict[Route, type[Message]] = {
    Route.ORDER: OrderMessage,
    Route.ORDER_INDICATORS: OrderIndicatorsMessage,
    Route.REVERT_CANCELLED_LINES: RevertCancelledLinesMessage,
    Route.REVERT_COMPLETED_LINES: RevertCompletedLinesMessage,
}
