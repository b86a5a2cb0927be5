"""The messages of ``POST /order-response``: the supplier's answer to the lines of an order.

Imported when first used (:mod:`tradecloud_domain.messages` reads these names from here).
"""

from __future__ import annotations

import datetime
from typing import ClassVar

import attrs

from ._identifiers import identifier
from ._values import frozen
from .entities import (
    MAX_COLLECTION,
    MAX_LINES,
    Document,
    Prices,
    ScheduleLine,
    charge_lines,
    collection,
    documents,
)
from .errors import Invalid
from .messages import ErpUser, not_empty
from .readmodel import ChargeLine, Contact, ItemDetails, Property
from .statuses import Route

__all__ = ["OrderResponseMessage", "ResponseHeader", "ResponseIndicators", "ResponseLine"]


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
        validator=not_empty,
    )
    #: The ERP audit fields, at the top level of the body as Tradecloud's request bodies put them
    #: (order/supplier/send-order-response/README.md, "Order response metadata").
    erp_response_date_time: datetime.datetime | None = None
    erp_responded_by: ErpUser | None = None
