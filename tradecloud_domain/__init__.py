"""tradecloud_domain: the offline, executable specification of Tradecloud's order process.

Feed it an order and a message; it tells what Tradecloud does with them, line by line, and which
documented rule decided each step. Pure functions over frozen values; no I/O.

    >>> from tradecloud_domain import apply, parse_message, parse_order
    >>> order = parse_order({
    ...     "buyerOrder": {"purchaseOrderNumber": "PO1"},
    ...     "lines": [{"buyerLine": {"position": "0001"},
    ...                "status": {"processStatus": "Confirmed", "logisticsStatus": "Open"}}],
    ... })
    >>> message = parse_message("order/indicators", {
    ...     "order": {"purchaseOrderNumber": "PO1", "indicators": {"cancelled": True}},
    ... })
    >>> outcome = apply(order, message)
    >>> outcome.http_status, outcome.order.lines[0].status.process_status.value
    (200, 'Cancelled')
    >>> outcome.decisions[0].rule.id
    'cancel'
"""

from typing import TYPE_CHECKING, Any, Final

from .apply import Decision, Event, Outcome, Result, WebhookDelivery, apply
from .codec import (
    dump_decision,
    dump_order,
    dump_outcome,
    dump_single_delivery_view,
    dump_webhooks,
    from_json,
    parse_message,
    parse_order,
    parse_state,
    to_json,
)
from .deliveries import (
    current_delivery_schedule,
    delivered_quantity,
    delivery_overdue,
    line_logistics_status,
    order_delivery_overdue,
    outstanding_deliveries,
    overdue_delivery_lines,
)
from .entities import (
    BuyerLine,
    BuyerLineIndicators,
    BuyerOrder,
    BuyerOrderIndicators,
    BuyerRequests,
    ConfirmedLine,
    Delivery,
    DeliveryLine,
    Document,
    Item,
    Line,
    LineStatus,
    Money,
    Order,
    OrderStatus,
    Price,
    Prices,
    Request,
    ScheduleLine,
    SupplierLine,
    SupplierOrder,
    SupplierRequests,
)
from .errors import RULE_CODES, InvalidInput, Problem
from .machine import RULES, Effect, Rule, Step, Trigger, aggregate, step
from .messages import (
    IndicatorLine,
    IndicatorsHeader,
    LineIndicators,
    OrderIndicators,
    OrderIndicatorsMessage,
)
from .readmodel import (
    ChargeLine,
    Contact,
    Destination,
    EventDates,
    Instant,
    ItemDetails,
    LineTerms,
    LineType,
    OrderTerms,
    OrderType,
    Party,
    Property,
)
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, RequestStatus, Route
from .validation import validate, validate_order
from .views import (
    delivery_schedule,
    delivery_schedule_including_requests,
    merged_item_details,
    prices,
    prices_including_requests,
)

if TYPE_CHECKING:
    from .messages import (
        ActualDelivery,
        ApproveBuyerReopenMessage,
        ApproveProposalMessage,
        ApproveShipmentRescheduleMessage,
        ApproveSupplierReopenMessage,
        DeliveriesHeader,
        DeliveriesLine,
        DeliveryHistoryLine,
        LineActionMessage,
        Message,
        MessageLine,
        MessageOrder,
        OrderDeliveriesMessage,
        OrderDeliveryHistoryMessage,
        OrderMessage,
        OrderResponseMessage,
        RejectBuyerReopenMessage,
        RejectProposalMessage,
        RejectShipmentRescheduleMessage,
        RejectSupplierReopenMessage,
        ResponseHeader,
        ResponseIndicators,
        ResponseLine,
        RevertCancelledLinesMessage,
        RevertCompletedLinesMessage,
        ScheduledDelivery,
        SingleDeliveryLine,
        SingleDeliveryOrderMessage,
    )
    from .single_delivery import SingleDeliveryOrder, single_delivery_view

__version__ = "0.1.0"

#: The exported names (``__all__``) that are not imported above are imported on first access
#: (PEP 562): those of the single-delivery module, which only single-delivery integrations use,
#: and the message classes of the routes other than ``/order/indicators``, which are defined
#: when first used (see :mod:`tradecloud_domain.messages`).
_SINGLE_DELIVERY: Final = frozenset({"SingleDeliveryOrder", "single_delivery_view"})


def __getattr__(name: str) -> Any:
    if name in __all__:  # exported, and not imported above
        import importlib  # noqa: PLC0415

        module = "single_delivery" if name in _SINGLE_DELIVERY else "messages"
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RULES",
    "RULE_CODES",
    "ActualDelivery",
    "ApproveBuyerReopenMessage",
    "ApproveProposalMessage",
    "ApproveShipmentRescheduleMessage",
    "ApproveSupplierReopenMessage",
    "BuyerLine",
    "BuyerLineIndicators",
    "BuyerOrder",
    "BuyerOrderIndicators",
    "BuyerRequests",
    "ChargeLine",
    "ConfirmedLine",
    "Contact",
    "Decision",
    "DeliveriesHeader",
    "DeliveriesLine",
    "Delivery",
    "DeliveryHistoryLine",
    "DeliveryLine",
    "Destination",
    "Document",
    "Effect",
    "Event",
    "EventDates",
    "InProgressStatus",
    "IndicatorLine",
    "IndicatorsHeader",
    "Instant",
    "InvalidInput",
    "Item",
    "ItemDetails",
    "Line",
    "LineActionMessage",
    "LineIndicators",
    "LineStatus",
    "LineTerms",
    "LineType",
    "LogisticsStatus",
    "Message",
    "MessageLine",
    "MessageOrder",
    "Money",
    "Order",
    "OrderDeliveriesMessage",
    "OrderDeliveryHistoryMessage",
    "OrderIndicators",
    "OrderIndicatorsMessage",
    "OrderMessage",
    "OrderResponseMessage",
    "OrderStatus",
    "OrderTerms",
    "OrderType",
    "Outcome",
    "Party",
    "Price",
    "Prices",
    "Problem",
    "ProcessStatus",
    "Property",
    "RejectBuyerReopenMessage",
    "RejectProposalMessage",
    "RejectShipmentRescheduleMessage",
    "RejectSupplierReopenMessage",
    "Request",
    "RequestStatus",
    "ResponseHeader",
    "ResponseIndicators",
    "ResponseLine",
    "Result",
    "RevertCancelledLinesMessage",
    "RevertCompletedLinesMessage",
    "Route",
    "Rule",
    "ScheduleLine",
    "ScheduledDelivery",
    "SingleDeliveryLine",
    "SingleDeliveryOrder",
    "SingleDeliveryOrderMessage",
    "Step",
    "SupplierLine",
    "SupplierOrder",
    "SupplierRequests",
    "Trigger",
    "WebhookDelivery",
    "aggregate",
    "apply",
    "current_delivery_schedule",
    "delivered_quantity",
    "delivery_overdue",
    "delivery_schedule",
    "delivery_schedule_including_requests",
    "dump_decision",
    "dump_order",
    "dump_outcome",
    "dump_single_delivery_view",
    "dump_webhooks",
    "from_json",
    "line_logistics_status",
    "merged_item_details",
    "order_delivery_overdue",
    "outstanding_deliveries",
    "overdue_delivery_lines",
    "parse_message",
    "parse_order",
    "parse_state",
    "prices",
    "prices_including_requests",
    "single_delivery_view",
    "step",
    "to_json",
    "validate",
    "validate_order",
]
