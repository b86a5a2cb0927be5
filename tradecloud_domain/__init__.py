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

from .apply import Decision, Event, Outcome, Result, apply
from .codec import (
    dump_decision,
    dump_order,
    dump_outcome,
    dump_single_delivery_view,
    from_json,
    parse_message,
    parse_order,
    to_json,
)
from .entities import (
    BuyerLine,
    BuyerLineIndicators,
    BuyerOrder,
    BuyerOrderIndicators,
    BuyerRequests,
    ConfirmedLine,
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
    SupplierRequests,
)
from .errors import RULE_CODES, InvalidInput, Problem
from .machine import RULES, Effect, Rule, Step, Trigger, aggregate, step
from .messages import (
    ActualDelivery,
    ApproveBuyerReopenMessage,
    ApproveProposalMessage,
    ApproveSupplierReopenMessage,
    IndicatorLine,
    IndicatorsHeader,
    LineActionMessage,
    LineIndicators,
    Message,
    MessageLine,
    MessageOrder,
    OrderIndicators,
    OrderIndicatorsMessage,
    OrderMessage,
    OrderResponseMessage,
    RejectBuyerReopenMessage,
    RejectProposalMessage,
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
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, RequestStatus, Route
from .validation import validate, validate_order

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "RULE_CODES",
    "ActualDelivery",
    "ApproveBuyerReopenMessage",
    "ApproveProposalMessage",
    "ApproveSupplierReopenMessage",
    "BuyerLine",
    "BuyerLineIndicators",
    "BuyerOrder",
    "BuyerOrderIndicators",
    "BuyerRequests",
    "ConfirmedLine",
    "Decision",
    "DeliveryLine",
    "Document",
    "Effect",
    "Event",
    "InProgressStatus",
    "IndicatorLine",
    "IndicatorsHeader",
    "InvalidInput",
    "Item",
    "Line",
    "LineActionMessage",
    "LineIndicators",
    "LineStatus",
    "LogisticsStatus",
    "Message",
    "MessageLine",
    "MessageOrder",
    "Money",
    "Order",
    "OrderIndicators",
    "OrderIndicatorsMessage",
    "OrderMessage",
    "OrderResponseMessage",
    "OrderStatus",
    "Outcome",
    "Price",
    "Prices",
    "Problem",
    "ProcessStatus",
    "RejectBuyerReopenMessage",
    "RejectProposalMessage",
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
    "SupplierRequests",
    "Trigger",
    "aggregate",
    "apply",
    "dump_decision",
    "dump_order",
    "dump_outcome",
    "dump_single_delivery_view",
    "from_json",
    "parse_message",
    "parse_order",
    "single_delivery_view",
    "step",
    "to_json",
    "validate",
    "validate_order",
]
