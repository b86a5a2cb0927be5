"""The inbound messages, one class per API resource, as frozen values.

- :class:`OrderMessage` is the body of ``POST /order`` (issue or update an order);
- :class:`OrderIndicatorsMessage` is the body of ``POST /order/indicators``.

An indicator left out of a message is ``None``: "not said", which is not the same as ``false``
(an explicit ``false`` on a line overrides an order-level ``true``).

This module defines the classes every route shares and those of ``/order/indicators``; the
classes of the other routes are defined in a module per route (``/order``, single delivery,
``/order-response``, the delivery routes, the line actions), imported when one of their names is
first read from here (PEP 562) or a message of their route is first parsed
(:func:`message_type`). A call defines the classes of its own route only: attrs writes and
compiles an ``__init__`` for each class it defines, most of what defining a class costs.
"""

from __future__ import annotations

import functools
import importlib
import operator
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeAlias

import attrs

from ._identifiers import identifier
from ._names import json_name
from ._values import frozen
from .entities import MAX_LINES, collection
from .errors import Invalid
from .statuses import Route

if TYPE_CHECKING:
    from ._delivery_messages import (
        DeliveriesHeader,
        DeliveriesLine,
        DeliveryHistoryLine,
        OrderDeliveriesMessage,
        OrderDeliveryHistoryMessage,
    )
    from ._line_action_messages import (
        ApproveBuyerReopenMessage,
        ApproveProposalMessage,
        ApproveRequestsMessage,
        ApproveShipmentRescheduleMessage,
        ApproveSupplierReopenMessage,
        LineActionMessage,
        RejectBuyerReopenMessage,
        RejectProposalMessage,
        RejectRequestsMessage,
        RejectShipmentRescheduleMessage,
        RejectSupplierReopenMessage,
        RevertCancelledLinesMessage,
        RevertCompletedLinesMessage,
    )
    from ._order_messages import MessageLine, MessageOrder, OrderMessage
    from ._response_messages import (
        OrderResponseMessage,
        ResponseHeader,
        ResponseIndicators,
        ResponseLine,
    )
    from ._single_delivery_messages import (
        ActualDelivery,
        ScheduledDelivery,
        SingleDeliveryLine,
        SingleDeliveryOrderMessage,
    )

__all__ = [
    "ActualDelivery",
    "ApproveBuyerReopenMessage",
    "ApproveProposalMessage",
    "ApproveRequestsMessage",
    "ApproveShipmentRescheduleMessage",
    "ApproveSupplierReopenMessage",
    "DeliveriesHeader",
    "DeliveriesLine",
    "DeliveryHistoryLine",
    "ErpUser",
    "IndicatorLine",
    "IndicatorsHeader",
    "LineActionMessage",
    "LineIndicators",
    "Message",
    "MessageLine",
    "MessageOrder",
    "OrderDeliveriesMessage",
    "OrderDeliveryHistoryMessage",
    "OrderIndicators",
    "OrderIndicatorsMessage",
    "OrderMessage",
    "OrderResponseMessage",
    "RejectBuyerReopenMessage",
    "RejectProposalMessage",
    "RejectRequestsMessage",
    "RejectShipmentRescheduleMessage",
    "RejectSupplierReopenMessage",
    "ResponseHeader",
    "ResponseIndicators",
    "ResponseLine",
    "RevertCancelledLinesMessage",
    "RevertCompletedLinesMessage",
    "ScheduledDelivery",
    "SingleDeliveryLine",
    "SingleDeliveryOrderMessage",
]


@frozen
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


@frozen
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


@frozen
class ErpUser:
    """Who issued, changed or responded to an order in the ERP: as the pages describe it, "the
    user email or user name" (a JSON string, kept as ``user_name``), or as Tradecloud's own
    request bodies send it, an object such as ``{"email": ...}``."""

    email: str | None = None
    user_name: str | None = None


def message_lines() -> Any:
    """The ``lines`` field of a message: at most 500, positions unique."""
    return collection("lines", MAX_LINES, positions=("position",))


def not_empty(_: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    """A validator: the collection holds at least one line."""
    if not value:
        raise Invalid(
            "collection.empty", "must hold at least one line", at=json_name(attribute.name)
        )


@frozen
class IndicatorsHeader:
    """The ``order`` object of a ``/order/indicators`` message."""

    purchase_order_number: str = attrs.field(validator=identifier)
    indicators: OrderIndicators = OrderIndicators()


@frozen
class IndicatorLine:
    """A line of a ``/order/indicators`` message: a position and its indicators."""

    position: str = attrs.field(validator=identifier)
    indicators: LineIndicators = LineIndicators()


@frozen
class OrderIndicatorsMessage:
    """``POST /order/indicators``: indicators for an existing order, without order data."""

    route: ClassVar[Route] = Route.ORDER_INDICATORS

    order: IndicatorsHeader
    lines: tuple[IndicatorLine, ...] = message_lines()


if TYPE_CHECKING:
    DeliveryMessage: TypeAlias = OrderDeliveriesMessage | OrderDeliveryHistoryMessage
    Message: TypeAlias = (
        OrderMessage
        | OrderIndicatorsMessage
        | OrderResponseMessage
        | LineActionMessage
        | OrderDeliveriesMessage
        | OrderDeliveryHistoryMessage
        | SingleDeliveryOrderMessage
    )
    #: The message class of each route.
    MESSAGE_TYPES: dict[Route, type[Message]]

#: The module of each class defined when first used, and of the names made of them.
_LATER: Final = {
    **dict.fromkeys(("MessageLine", "MessageOrder", "OrderMessage"), "_order_messages"),
    **dict.fromkeys(
        ("ActualDelivery", "ScheduledDelivery", "SingleDeliveryLine", "SingleDeliveryOrderMessage"),
        "_single_delivery_messages",
    ),
    **dict.fromkeys(
        ("OrderResponseMessage", "ResponseHeader", "ResponseIndicators", "ResponseLine"),
        "_response_messages",
    ),
    **dict.fromkeys(
        (
            "DeliveriesHeader",
            "DeliveriesLine",
            "DeliveryHistoryLine",
            "OrderDeliveriesMessage",
            "OrderDeliveryHistoryMessage",
        ),
        "_delivery_messages",
    ),
    **dict.fromkeys(
        (
            "LineActionMessage",
            "RevertCancelledLinesMessage",
            "RevertCompletedLinesMessage",
            "ApproveProposalMessage",
            "RejectProposalMessage",
            "ApproveSupplierReopenMessage",
            "RejectSupplierReopenMessage",
            "ApproveRequestsMessage",
            "RejectRequestsMessage",
            "ApproveBuyerReopenMessage",
            "RejectBuyerReopenMessage",
            "ApproveShipmentRescheduleMessage",
            "RejectShipmentRescheduleMessage",
        ),
        "_line_action_messages",
    ),
}

#: The modules of the classes defined when first used: the documentation shows their classes as
#: this module's.
LATER_MODULES: Final = frozenset(_LATER.values())

#: The name of the message class of each route.
_ROUTE_CLASSES: Final = {
    Route.ORDER: "OrderMessage",
    Route.ORDER_SINGLE_DELIVERY: "SingleDeliveryOrderMessage",
    Route.ORDER_INDICATORS: "OrderIndicatorsMessage",
    Route.ORDER_RESPONSE: "OrderResponseMessage",
    Route.REVERT_CANCELLED_LINES: "RevertCancelledLinesMessage",
    Route.REVERT_COMPLETED_LINES: "RevertCompletedLinesMessage",
    Route.APPROVE_PROPOSAL: "ApproveProposalMessage",
    Route.REJECT_PROPOSAL: "RejectProposalMessage",
    Route.APPROVE_SUPPLIER_REOPEN: "ApproveSupplierReopenMessage",
    Route.REJECT_SUPPLIER_REOPEN: "RejectSupplierReopenMessage",
    Route.APPROVE_REQUESTS: "ApproveRequestsMessage",
    Route.REJECT_REQUESTS: "RejectRequestsMessage",
    Route.APPROVE_BUYER_REOPEN: "ApproveBuyerReopenMessage",
    Route.REJECT_BUYER_REOPEN: "RejectBuyerReopenMessage",
    Route.APPROVE_SHIPMENT_RESCHEDULE: "ApproveShipmentRescheduleMessage",
    Route.REJECT_SHIPMENT_RESCHEDULE: "RejectShipmentRescheduleMessage",
    Route.ORDER_DELIVERIES: "OrderDeliveriesMessage",
    Route.ORDER_DELIVERY_HISTORY: "OrderDeliveryHistoryMessage",
}

#: The classes of the :data:`DeliveryMessage` union, by name.
_DELIVERY_CLASSES: Final = ("OrderDeliveriesMessage", "OrderDeliveryHistoryMessage")
#: The classes of the :data:`Message` union, by name.
_MESSAGE_CLASSES: Final = (
    "OrderMessage",
    "OrderIndicatorsMessage",
    "OrderResponseMessage",
    "LineActionMessage",
    *_DELIVERY_CLASSES,
    "SingleDeliveryOrderMessage",
)


def _class(name: str) -> Any:
    """The class ``name`` of this module; one defined when first used has its module imported
    (once: the names of that module are then this module's own)."""
    if name not in globals():
        module = importlib.import_module(f".{_LATER[name]}", __package__)
        where = _LATER[name]
        globals().update((n, getattr(module, n)) for n, m in _LATER.items() if m == where)
    return globals()[name]


def message_type(route: Route) -> type[Message]:
    """The message class of ``route``; its module is imported when first asked for."""
    kind: type[Message] = _class(_ROUTE_CLASSES[route])
    return kind


def is_message(value: object, *names: str) -> bool:
    """Whether ``value`` is an instance of one of the classes ``names`` of this module (by
    default those of the :data:`Message` union), without defining them: a class not defined yet
    has no instances."""
    defined = tuple(globals()[name] for name in names or _MESSAGE_CLASSES if name in globals())
    return isinstance(value, defined)


def __getattr__(name: str) -> Any:
    if name in _LATER:
        return _class(name)
    if name == "MESSAGE_TYPES":  # every route's class: imports every module
        value: Any = {route: message_type(route) for route in _ROUTE_CLASSES}
    elif name in ("Message", "DeliveryMessage"):
        members = _MESSAGE_CLASSES if name == "Message" else _DELIVERY_CLASSES
        value = functools.reduce(operator.or_, map(_class, members))
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
