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

from .apply import Decision, Outcome, Result, apply
from .codec import (
    dump_decision,
    dump_order,
    dump_outcome,
    from_json,
    parse_message,
    parse_order,
    to_json,
)
from .entities import (
    BuyerLine,
    BuyerOrder,
    ConfirmedLine,
    DeliveryLine,
    Item,
    Line,
    LineStatus,
    Money,
    Order,
    OrderStatus,
    Price,
    Prices,
)
from .errors import RULE_CODES, InvalidInput, Problem
from .machine import RULES, Rule, Step, Trigger, aggregate, step
from .messages import (
    IndicatorLine,
    IndicatorsHeader,
    LineIndicators,
    Message,
    MessageLine,
    MessageOrder,
    OrderIndicators,
    OrderIndicatorsMessage,
    OrderMessage,
)
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, Route
from .validation import validate, validate_order

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "RULE_CODES",
    "BuyerLine",
    "BuyerOrder",
    "ConfirmedLine",
    "Decision",
    "DeliveryLine",
    "InProgressStatus",
    "IndicatorLine",
    "IndicatorsHeader",
    "InvalidInput",
    "Item",
    "Line",
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
    "OrderStatus",
    "Outcome",
    "Price",
    "Prices",
    "Problem",
    "ProcessStatus",
    "Result",
    "Route",
    "Rule",
    "Step",
    "Trigger",
    "aggregate",
    "apply",
    "dump_decision",
    "dump_order",
    "dump_outcome",
    "from_json",
    "parse_message",
    "parse_order",
    "step",
    "to_json",
    "validate",
    "validate_order",
]
