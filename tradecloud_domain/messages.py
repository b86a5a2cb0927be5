"""The inbound messages, one class per API resource, as frozen values.

- :class:`OrderMessage` is the body of ``POST /order`` (issue or update an order);
- :class:`OrderIndicatorsMessage` is the body of ``POST /order/indicators``.

An indicator left out of a message is ``None``: "not said", which is not the same as ``false``
(an explicit ``false`` on a line overrides an order-level ``true``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ._identifiers import identifier
from ._names import json_name
from ._values import frozen
from .entities import (
    MAX_COLLECTION,
    MAX_LINES,
    Delivery,
    DeliveryLine,
    Document,
    Item,
    Prices,
    ScheduleLine,
    charge_lines,
    collection,
    delivery_history,
    delivery_schedule,
    documents,
    not_cancelled,
    not_negative,
)
from .errors import Invalid, InvalidGroup
from .readmodel import (
    ChargeLine,
    Code,
    Contact,
    Destination,
    ItemDetails,
    LineTerms,
    LineType,
    OrderTerms,
    OrderType,
    Party,
    Property,
)
from .statuses import LogisticsStatus, Route

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
class MessageOrder:
    """The ``order`` object of a ``/order`` message: the header."""

    purchase_order_number: str = attrs.field(validator=identifier)
    supplier_account_number: str | None = attrs.field(default=None, validator=identifier)
    description: str | None = None
    indicators: OrderIndicators = OrderIndicators()
    documents: tuple[Document, ...] | None = documents()
    erp_issue_date_time: datetime.datetime | None = None
    erp_last_change_date_time: datetime.datetime | None = None
    company_id: str | None = None
    buyer_party: Party | None = None
    buyer_accounting_party: Party | None = None
    supplier_party: Party | None = None
    destination: Destination | None = None
    contact: Contact | None = None
    supplier_contact: Contact | None = None
    terms: OrderTerms | None = None
    properties: tuple[Property, ...] | None = None
    notes: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None
    order_type: OrderType | None = None


@frozen
class MessageLine:
    """A line of a ``/order`` message. Fields left out keep the line's current values."""

    position: str = attrs.field(validator=identifier)
    item: Item | None = None
    delivery_schedule: tuple[DeliveryLine, ...] | None = delivery_schedule(default=None)
    prices: Prices | None = None
    indicators: LineIndicators = LineIndicators()
    delivery_history: tuple[Delivery, ...] | None = delivery_history(default=None)
    documents: tuple[Document, ...] | None = documents()
    line_type: LineType | None = None
    charge_reason_code: Code | None = None
    row: str | None = None
    description: str | None = None
    item_details: ItemDetails | None = None
    charge_lines: tuple[ChargeLine, ...] | None = charge_lines()
    terms: LineTerms | None = None
    project_number: str | None = None
    production_number: str | None = None
    sales_order_number: str | None = None
    properties: tuple[Property, ...] | None = None
    notes: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None


@frozen
class ErpUser:
    """Who issued, changed or responded to an order in the ERP: as the pages describe it, "the
    user email or user name" (a JSON string, kept as ``user_name``), or as Tradecloud's own
    request bodies send it, an object such as ``{"email": ...}``."""

    email: str | None = None
    user_name: str | None = None


def _lines() -> Any:
    """The ``lines`` field of a message: at most 500, positions unique."""
    return collection("lines", MAX_LINES, positions=("position",))


@frozen
class OrderMessage:
    """``POST /order``: issue a new order, or update an existing one."""

    route: ClassVar[Route] = Route.ORDER

    order: MessageOrder
    lines: tuple[MessageLine, ...] = _lines()
    #: The ERP audit fields, at the top level of the body as Tradecloud's request bodies put them
    #: (order/buyer/issue/README.md, order/buyer/update.md: "meta data"); read and checked only.
    erp_issue_date_time: datetime.datetime | None = None
    erp_issued_by: ErpUser | None = None
    erp_last_change_date_time: datetime.datetime | None = None
    erp_last_changed_by: ErpUser | None = None


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


@frozen
class LineActionMessage:
    """The body of the portal's line actions (reverts, approvals, rejections): which lines, why,
    and the order version seen.

    ``version`` is the order version the sender saw: an action on an order whose version is
    another answers 409 (decision D78).
    """

    route: ClassVar[Route]

    line_positions: tuple[str, ...] = collection(
        "linePositions", MAX_LINES, positions=(), default=attrs.NOTHING, validator=_identifiers
    )
    reason: str | None = None
    version: int | None = None


# The line actions that add no field are plain subclasses (with no slots of their own): they
# inherit attrs' generated __init__, __eq__, __hash__ and __repr__, which compare and print the
# class of each value, instead of generating and compiling ten copies at import.
class RevertCancelledLinesMessage(LineActionMessage):
    """The buyer reverts cancelled lines: they become InProgress (RevertedCancelledLine)."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REVERT_CANCELLED_LINES


class RevertCompletedLinesMessage(LineActionMessage):
    """The buyer reverts completed lines: they become InProgress (RevertedCompletedLine)."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REVERT_COMPLETED_LINES


class ApproveProposalMessage(LineActionMessage):
    """The buyer approves the supplier's open proposals on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_PROPOSAL


class RejectProposalMessage(LineActionMessage):
    """The buyer rejects the supplier's open proposals on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_PROPOSAL


class ApproveSupplierReopenMessage(LineActionMessage):
    """The buyer approves the supplier's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_SUPPLIER_REOPEN


class RejectSupplierReopenMessage(LineActionMessage):
    """The buyer rejects the supplier's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_SUPPLIER_REOPEN


@frozen
class ApproveRequestsMessage(LineActionMessage):
    """The buyer approves whatever supplier request is open on lines: a proposal, a reopen
    request or a reschedule request (Tradecloud's ``order/{orderId}/requests/buyer/approve``).

    Without ``linePositions`` it answers every line with an open supplier request (decision D31).
    """

    route: ClassVar[Route] = Route.APPROVE_REQUESTS

    line_positions: tuple[str, ...] | None = collection(  # type: ignore[assignment]
        "linePositions", MAX_LINES, positions=(), default=None, validator=_identifiers
    )


@frozen
class RejectRequestsMessage(LineActionMessage):
    """The buyer rejects whatever supplier request is open on lines (Tradecloud's
    ``order/{orderId}/requests/buyer/reject``); without ``linePositions``, on every line with an
    open supplier request (decision D31)."""

    route: ClassVar[Route] = Route.REJECT_REQUESTS

    line_positions: tuple[str, ...] | None = collection(  # type: ignore[assignment]
        "linePositions", MAX_LINES, positions=(), default=None, validator=_identifiers
    )


class ApproveBuyerReopenMessage(LineActionMessage):
    """The supplier approves the buyer's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_BUYER_REOPEN


class RejectBuyerReopenMessage(LineActionMessage):
    """The supplier rejects the buyer's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_BUYER_REOPEN


class ApproveShipmentRescheduleMessage(LineActionMessage):
    """The buyer approves the supplier's open shipment reschedule requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_SHIPMENT_RESCHEDULE


class RejectShipmentRescheduleMessage(LineActionMessage):
    """The buyer rejects the supplier's open shipment reschedule requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_SHIPMENT_RESCHEDULE


@frozen
class ResponseIndicators:
    """The supplier's ``accepted`` / ``rejected`` on the header or on a line; never both."""

    accepted: bool | None = None
    rejected: bool | None = None

    def __attrs_post_init__(self) -> None:
        if self.accepted and self.rejected:
            raise Invalid("indicators.conflict", "accepted and rejected cannot both be true")

    @property
    def given(self) -> bool:
        """Whether either indicator is present (true or false)."""
        return self.accepted is not None or self.rejected is not None


@frozen
class ResponseHeader:
    """The ``order`` object of an ``/order-response`` message."""

    buyer_account_number: str = attrs.field(validator=identifier)
    purchase_order_number: str = attrs.field(validator=identifier)
    indicators: ResponseIndicators = ResponseIndicators()
    description: str | None = None
    erp_response_date_time: datetime.datetime | None = None
    company_id: str | None = None
    contact: Contact | None = None
    properties: tuple[Property, ...] | None = None
    notes: tuple[str, ...] | None = None
    documents: tuple[Document, ...] | None = documents()


@frozen
class ResponseLine:
    """A line of an ``/order-response``: the responded delivery schedule and prices, or an
    indicator. A delivery schedule or prices left out respond with the line's own (decision D23).
    """

    purchase_order_line_position: str = attrs.field(validator=identifier)
    delivery_schedule: tuple[ScheduleLine, ...] | None = collection(
        "deliverySchedule",
        MAX_COLLECTION,
        positions=("position",),
        what="delivery line",
        default=None,
    )
    prices: Prices | None = None
    indicators: ResponseIndicators = ResponseIndicators()
    reason: str | None = None
    description: str | None = None
    sales_order_number: str | None = None
    #: The supplier's sales order position; the read model calls it ``salesOrderPosition``, the
    #: SDK's response bodies ``salesOrderLinePosition`` (both are read, decision D76).
    sales_order_position: str | None = None
    sales_order_line_position: str | None = None
    item_details: ItemDetails | None = None
    charge_lines: tuple[ChargeLine, ...] | None = charge_lines()
    properties: tuple[Property, ...] | None = None
    notes: tuple[str, ...] | None = None
    documents: tuple[Document, ...] | None = documents()

    @property
    def position(self) -> str:
        """The buyer's line position this line answers."""
        return self.purchase_order_line_position


def _not_empty(_: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        raise Invalid(
            "collection.empty", "must hold at least one line", at=json_name(attribute.name)
        )


@frozen
class OrderResponseMessage:
    """``POST /order-response``: the supplier answers the lines of an order."""

    route: ClassVar[Route] = Route.ORDER_RESPONSE

    order: ResponseHeader
    lines: tuple[ResponseLine, ...] = collection(
        "lines",
        MAX_LINES,
        positions=("purchaseOrderLinePosition",),
        default=attrs.NOTHING,
        validator=_not_empty,
    )
    #: The ERP audit fields, at the top level of the body as Tradecloud's request bodies put them
    #: (order/supplier/send-order-response/README.md, "Order response metadata").
    erp_response_date_time: datetime.datetime | None = None
    erp_responded_by: ErpUser | None = None


# -- deliveries: /order/deliveries (append) and /order/deliveryHistory (replace) ----------------


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
        "lines", MAX_LINES, positions=("position",), default=attrs.NOTHING, validator=_not_empty
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


DeliveryMessage = OrderDeliveriesMessage | OrderDeliveryHistoryMessage


@frozen
class ScheduledDelivery:
    """The one scheduled delivery of a single-delivery line: when, how much, its logistics status
    according to the buyer and the mode of transport (order/buyer/issue/delivery-schedule.md)."""

    date: datetime.date
    quantity: Decimal = attrs.field(validator=not_negative)
    status: LogisticsStatus | None = attrs.field(default=None, validator=not_cancelled)
    transport_mode: str | None = None


@frozen
class ActualDelivery:
    """What arrived at the buyer for a single-delivery line (order/buyer/update.md, actual
    delivery): the date and the quantity delivered."""

    date: datetime.date
    quantity: Decimal = attrs.field(validator=not_negative)


def _not_for_single_delivery(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A field of ``/order`` that a single-delivery line does not take (decision D104)."""
    if value is not None:
        name = json_name(attribute.name)
        instead = "scheduledDelivery" if name == "deliverySchedule" else "actualDelivery"
        raise Invalid(
            "single-delivery.unsupported",
            f"{name} is not supported with single delivery per order line; send {instead}",
            at=name,
        )


@frozen
class SingleDeliveryLine:
    """A line of an ``order/single-delivery`` message: one scheduled delivery, and, for a split
    line, the position of the line it was split from. Fields left out keep the current values."""

    position: str = attrs.field(validator=identifier)
    original_position: str | None = attrs.field(default=None, validator=identifier)
    item: Item | None = None
    scheduled_delivery: ScheduledDelivery | None = None
    actual_delivery: ActualDelivery | None = None
    prices: Prices | None = None
    indicators: LineIndicators = LineIndicators()
    documents: tuple[Document, ...] | None = documents()
    # The fields no rule compares, as on a /order line (decision D136).
    line_type: LineType | None = None
    charge_reason_code: Code | None = None
    row: str | None = None
    description: str | None = None
    item_details: ItemDetails | None = None
    charge_lines: tuple[ChargeLine, ...] | None = charge_lines()
    terms: LineTerms | None = None
    project_number: str | None = None
    production_number: str | None = None
    sales_order_number: str | None = None
    properties: tuple[Property, ...] | None = None
    notes: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None
    delivery_schedule: tuple[DeliveryLine, ...] | None = attrs.field(
        default=None, validator=_not_for_single_delivery
    )
    delivery_history: tuple[Delivery, ...] | None = attrs.field(
        default=None, validator=_not_for_single_delivery
    )

    @property
    def original(self) -> str:
        """The position of the order line this line's delivery belongs to."""
        return self.original_position or self.position


def _splits(
    _: object, attribute: attrs.Attribute[Any], lines: tuple[SingleDeliveryLine, ...]
) -> None:
    """A split line names an original line that is not itself a split line, and no original
    line gets more than 100 deliveries (order/buyer/issue/delivery-schedule.md)."""
    split = {line.position for line in lines if line.original != line.position}
    count: dict[str, int] = {}
    errors = []
    for index, line in enumerate(lines):
        field = "originalPosition" if line.original != line.position else "position"
        if line.original in split and line.original != line.position:
            errors.append(
                Invalid(
                    "single-delivery.original-position",
                    f"originalPosition {line.original!r} is itself a split line of this message; "
                    "name the original line",
                    at=f"lines[{index}].{field}",
                )
            )
        count[line.original] = count.get(line.original, 0) + 1
        if count[line.original] == MAX_COLLECTION + 1:
            errors.append(
                Invalid(
                    "collection.too-long",
                    f"line {line.original!r} gets more than {MAX_COLLECTION} deliveries; at most "
                    f"{MAX_COLLECTION} are allowed per originalPosition",
                    at=f"lines[{index}].{field}",
                )
            )
    InvalidGroup.raise_if_any(errors)


@frozen
class SingleDeliveryOrderMessage:
    """``POST /order/single-delivery``: issue or update an order with one scheduled delivery per
    line (api/delivery-schedule.md). Applied as the ``/order`` message it translates into."""

    route: ClassVar[Route] = Route.ORDER_SINGLE_DELIVERY

    order: MessageOrder
    lines: tuple[SingleDeliveryLine, ...] = collection(
        "lines", MAX_LINES, positions=("position",), validator=_splits
    )


Message = (
    OrderMessage
    | OrderIndicatorsMessage
    | OrderResponseMessage
    | LineActionMessage
    | OrderDeliveriesMessage
    | OrderDeliveryHistoryMessage
    | SingleDeliveryOrderMessage
)

#: The message class of each route.
MESSAGE_TYPES: dict[Route, type[Message]] = {
    Route.ORDER: OrderMessage,
    Route.ORDER_SINGLE_DELIVERY: SingleDeliveryOrderMessage,
    Route.ORDER_INDICATORS: OrderIndicatorsMessage,
    Route.ORDER_RESPONSE: OrderResponseMessage,
    Route.REVERT_CANCELLED_LINES: RevertCancelledLinesMessage,
    Route.REVERT_COMPLETED_LINES: RevertCompletedLinesMessage,
    Route.APPROVE_PROPOSAL: ApproveProposalMessage,
    Route.REJECT_PROPOSAL: RejectProposalMessage,
    Route.APPROVE_SUPPLIER_REOPEN: ApproveSupplierReopenMessage,
    Route.REJECT_SUPPLIER_REOPEN: RejectSupplierReopenMessage,
    Route.APPROVE_REQUESTS: ApproveRequestsMessage,
    Route.REJECT_REQUESTS: RejectRequestsMessage,
    Route.APPROVE_BUYER_REOPEN: ApproveBuyerReopenMessage,
    Route.REJECT_BUYER_REOPEN: RejectBuyerReopenMessage,
    Route.APPROVE_SHIPMENT_RESCHEDULE: ApproveShipmentRescheduleMessage,
    Route.REJECT_SHIPMENT_RESCHEDULE: RejectShipmentRescheduleMessage,
    Route.ORDER_DELIVERIES: OrderDeliveriesMessage,
    Route.ORDER_DELIVERY_HISTORY: OrderDeliveryHistoryMessage,
}
