"""Frozen values for an order as Tradecloud keeps it (the order read model).

Every class is immutable; a change is a new value (:func:`attrs.evolve`). Construction checks the
invariants that no rule may break, so an :class:`Order` in hand is always a possible order. Field
names are the snake_case of Tradecloud's camelCase JSON names; :mod:`tradecloud_domain.codec`
does the translation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from ._names import json_name
from .errors import Invalid
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus

__all__ = [
    "MAX_COLLECTION",
    "MAX_LINES",
    "BuyerLine",
    "BuyerLineIndicators",
    "BuyerOrder",
    "BuyerOrderIndicators",
    "ConfirmedLine",
    "DeliveryLine",
    "Item",
    "Line",
    "LineStatus",
    "Money",
    "Order",
    "OrderStatus",
    "Price",
    "Prices",
]

#: At most this many lines per order (api/rules.md).
MAX_LINES: Final = 500
#: At most this many items in any other collection (delivery lines, documents, history).
MAX_COLLECTION: Final = 100


def identifier(_: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """attrs validator: identifiers are non-empty and hold no whitespace (api/rules.md)."""
    if value is not None and (not value or any(ch.isspace() for ch in value)):
        raise Invalid(
            "identifier.whitespace",
            f"identifier {value!r} must not be empty nor contain whitespace",
            at=json_name(attribute.name),
        )


def at_most(limit: int) -> Any:
    """attrs validator factory: a collection holds at most ``limit`` items (api/rules.md)."""

    def check(_: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
        if len(value) > limit:
            raise Invalid(
                "collection.too-long",
                f"holds {len(value)} items; at most {limit} are allowed",
                at=json_name(attribute.name),
            )

    return check


def unique_positions(positions: Iterable[str | None], path: str, what: str) -> None:
    """Refuse the second of two equal positions in one collection.

    ``path`` is the position's JSON path with ``{}`` for the index, so the problem points at
    the repeating value: ``"lines[{}].buyerLine.position"``.
    """
    seen: set[str] = set()
    for index, position in enumerate(positions):
        if position is None:
            continue
        if position in seen:
            raise Invalid(
                "position.duplicate",
                f"{what} position {position!r} appears more than once",
                at=path.format(index),
            )
        seen.add(position)


def not_negative(_: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """attrs validator: quantities are never negative."""
    if value < 0:
        raise Invalid(
            "quantity.negative", f"quantity {value} is negative", at=json_name(attribute.name)
        )


@attrs.frozen
class Money:
    """An amount in one currency; ``value`` is a decimal of any precision."""

    value: Decimal
    currency_iso: str | None = None


@attrs.frozen
class Price:
    """A price given in the transaction currency, the base currency, or both."""

    price_in_transaction_currency: Money | None = None
    price_in_base_currency: Money | None = None


@attrs.frozen
class Prices:
    """Requested or confirmed prices of a line (order/buyer/issue/README.md, requested prices)."""

    gross_price: Price | None = None
    discount_percentage: Decimal | None = None
    net_price: Price | None = None
    price_unit_of_measure_iso: str | None = None
    price_unit_quantity: Decimal | None = None


@attrs.frozen
class DeliveryLine:
    """One scheduled delivery: when and how much. Matched by ``position`` on update."""

    date: datetime.date
    quantity: Decimal = attrs.field(validator=not_negative)
    position: str | None = attrs.field(default=None, validator=identifier)


@attrs.frozen
class Item:
    """What is ordered, as the buyer's ERP knows it."""

    number: str | None = None
    revision: str | None = None
    name: str | None = None
    purchase_unit_of_measure_iso: str | None = None
    supplier_item_number: str | None = None


def delivery_schedule(
    owner: object, attribute: attrs.Attribute[Any], value: tuple[DeliveryLine, ...] | None
) -> None:
    """attrs validator: at most 100 delivery lines, their positions unique (absent is fine)."""
    if value is None:
        return
    at_most(MAX_COLLECTION)(owner, attribute, value)
    unique_positions((d.position for d in value), "deliverySchedule[{}].position", "delivery line")


@attrs.frozen
class BuyerLineIndicators:
    """The line settings the buyer stores on a line (order/buyer/issue/indicators.md).

    ``None`` means never set, which behaves as ``false``.
    """

    no_delivery_expected: bool | None = None
    propose_when_accepted: bool | None = None


@attrs.frozen
class BuyerLine:
    """The line as the buyer requested it: the requested delivery schedule and prices."""

    position: str = attrs.field(validator=identifier)
    item: Item | None = None
    delivery_schedule: tuple[DeliveryLine, ...] = attrs.field(
        default=(), validator=delivery_schedule
    )
    prices: Prices | None = None
    indicators: BuyerLineIndicators = BuyerLineIndicators()


@attrs.frozen
class ConfirmedLine:
    """The delivery schedule and prices both parties agreed on."""

    delivery_schedule: tuple[DeliveryLine, ...] = attrs.field(
        default=(), validator=delivery_schedule
    )
    prices: Prices | None = None


_PROCESS_CODE: Final = {status: n for n, status in enumerate(ProcessStatus)}
_IN_PROGRESS_CODE: Final = {status: n for n, status in enumerate([None, *InProgressStatus])}
_LOGISTICS_CODE: Final = {status: n for n, status in enumerate(LogisticsStatus)}


@attrs.frozen(cache_hash=True)
class LineStatus:
    """A line's process, logistics and in-progress status, kept consistent with each other.

    - ``in_progress_status`` is set exactly while the process status is ``InProgress``
      (order/status.md, line in-progress status);
    - the logistics status is ``Cancelled`` exactly when the line is cancelled
      (order/status.md, line logistics status).
    """

    process_status: ProcessStatus = ProcessStatus.ISSUED
    logistics_status: LogisticsStatus = LogisticsStatus.OPEN
    in_progress_status: InProgressStatus | None = None
    #: A small number for this combination of statuses, derived at construction: the compiled
    #: rules are looked up by it, which is cheaper than hashing the three statuses on every step.
    code: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        in_progress = self.process_status is ProcessStatus.IN_PROGRESS
        if in_progress != (self.in_progress_status is not None):
            raise Invalid(
                "status.inconsistent",
                "inProgressStatus must be set exactly when processStatus is InProgress "
                f"(processStatus {self.process_status.value}, inProgressStatus "
                f"{self.in_progress_status.value if self.in_progress_status else 'absent'})",
            )
        cancelled = self.process_status is ProcessStatus.CANCELLED
        if cancelled != (self.logistics_status is LogisticsStatus.CANCELLED):
            raise Invalid(
                "status.inconsistent",
                "logisticsStatus is Cancelled exactly when processStatus is Cancelled "
                f"(processStatus {self.process_status.value}, "
                f"logisticsStatus {self.logistics_status.value})",
            )
        code = _PROCESS_CODE[self.process_status]
        code = code * len(_IN_PROGRESS_CODE) + _IN_PROGRESS_CODE[self.in_progress_status]
        code = code * len(_LOGISTICS_CODE) + _LOGISTICS_CODE[self.logistics_status]
        object.__setattr__(self, "code", code)


@attrs.frozen
class Line:
    """One order line: what the buyer requested, what was confirmed, and where it stands."""

    buyer_line: BuyerLine
    status: LineStatus = LineStatus()
    confirmed_line: ConfirmedLine | None = None

    @property
    def position(self) -> str:
        """The line's position, its identity within the order."""
        return self.buyer_line.position


@attrs.frozen
class BuyerOrderIndicators:
    """The order settings the buyer stores on an order. ``None``: never set (``false``)."""

    auto_confirm: bool | None = None


@attrs.frozen
class BuyerOrder:
    """The order header as the buyer sent it."""

    purchase_order_number: str = attrs.field(validator=identifier)
    supplier_account_number: str | None = attrs.field(default=None, validator=identifier)
    description: str | None = None
    indicators: BuyerOrderIndicators = BuyerOrderIndicators()


@attrs.frozen
class OrderStatus:
    """The order's statuses, aggregated from its lines (see :func:`machine.aggregate`)."""

    process_status: ProcessStatus
    logistics_status: LogisticsStatus


@attrs.frozen
class Order:
    """A purchase order: its header and its lines, positions unique."""

    buyer_order: BuyerOrder
    lines: tuple[Line, ...] = attrs.field(default=(), validator=at_most(MAX_LINES))

    def __attrs_post_init__(self) -> None:
        unique_positions(
            (line.position for line in self.lines), "lines[{}].buyerLine.position", "line"
        )

    @property
    def purchase_order_number(self) -> str:
        """The buyer's purchase order number, the order's identity."""
        return self.buyer_order.purchase_order_number
