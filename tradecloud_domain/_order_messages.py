"""The messages of ``POST /order``: the header and lines of an order to issue or update.

Imported when first used (:mod:`tradecloud_domain.messages` reads these names from here): a call
of another route does not define these classes.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

import attrs

from ._identifiers import identifier
from ._values import frozen
from .entities import (
    Delivery,
    DeliveryLine,
    Document,
    Item,
    Prices,
    charge_lines,
    delivery_history,
    delivery_schedule,
    documents,
)
from .messages import ErpUser, LineIndicators, OrderIndicators, message_lines
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
from .statuses import Route

__all__ = ["MessageLine", "MessageOrder", "OrderMessage"]


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
class OrderMessage:
    """``POST /order``: issue a new order, or update an existing one."""

    route: ClassVar[Route] = Route.ORDER

    order: MessageOrder
    lines: tuple[MessageLine, ...] = message_lines()
    #: The ERP audit fields, at the top level of the body as Tradecloud's request bodies put them
    #: (order/buyer/issue/README.md, order/buyer/update.md: "meta data"); read and checked only.
    erp_issue_date_time: datetime.datetime | None = None
    erp_issued_by: ErpUser | None = None
    erp_last_change_date_time: datetime.datetime | None = None
    erp_last_changed_by: ErpUser | None = None
