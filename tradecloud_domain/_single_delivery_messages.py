"""The messages of ``POST /order/single-delivery``: an order with one scheduled delivery per
line.

Imported when first used (:mod:`tradecloud_domain.messages` reads these names from here).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ._identifiers import identifier
from ._names import json_name
from ._order_messages import MessageOrder
from ._values import frozen
from .entities import (
    MAX_COLLECTION,
    MAX_LINES,
    Delivery,
    DeliveryLine,
    Document,
    Item,
    Prices,
    charge_lines,
    collection,
    documents,
    not_cancelled,
    not_negative,
)
from .errors import Invalid, InvalidGroup
from .messages import LineIndicators
from .readmodel import ChargeLine, Code, ItemDetails, LineTerms, LineType, Property
from .statuses import LogisticsStatus, Route

__all__ = [
    "ActualDelivery",
    "ScheduledDelivery",
    "SingleDeliveryLine",
    "SingleDeliveryOrderMessage",
]


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
