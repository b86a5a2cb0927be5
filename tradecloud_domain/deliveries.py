"""Deliveries: delivery-line logistics, the actual delivery history, and overdue.

Small pure functions, each named after the words of the page it comes from:

- order/status.md, "Scheduled delivery logistics status": a delivery line's ``status`` and how the
  line's logistics status follows from its delivery lines (:func:`line_logistics_status`);
- order/buyer/receive-goods.md, "Actual delivery history": the history "is matched against the
  planned delivery schedule by date and quantity, not by delivery line position"
  (:func:`outstanding_deliveries`), from which "Tradecloud can calculate which goods should still
  be delivered or are overdue" (:func:`overdue_delivery_lines`, :func:`delivery_overdue`);
- order/buyer/receive/README.md: the order's ``indicators.deliveryOverdue`` "is true when at least
  one order line is overdue" (:func:`order_delivery_overdue`).

Overdue is computed for an explicit as-of date, never from a clock: the same order and date give
the same answer on every machine (decision D87).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Final, TypeVar

import attrs

from .entities import BuyerLine, Delivery, DeliveryLine, Line, Order, ScheduleLine
from .statuses import LogisticsStatus, ProcessStatus
from .views import CurrentDeliveryLine, delivery_schedule

__all__ = [
    "CAN_BE_OVERDUE",
    "current_delivery_schedule",
    "delivered_quantity",
    "delivery_overdue",
    "line_logistics_status",
    "logistics_fields",
    "order_delivery_overdue",
    "outstanding_deliveries",
    "overdue_delivery_lines",
    "same_schedule",
    "same_values",
]

#: The scheduled delivery logistics statuses, least advanced first (order/status.md).
_PROGRESS: Final = (
    LogisticsStatus.OPEN,
    LogisticsStatus.PRODUCED,
    LogisticsStatus.READY_TO_SHIP,
    LogisticsStatus.SHIPPED,
    LogisticsStatus.DELIVERED,
)
_RANK: Final = {status: rank for rank, status in enumerate(_PROGRESS)}

#: The process statuses in which goods are still expected, so a line can be overdue (decision
#: D87): not Rejected (the supplier will not deliver), Completed or Cancelled (finished business).
CAN_BE_OVERDUE: Final = frozenset(
    {ProcessStatus.ISSUED, ProcessStatus.IN_PROGRESS, ProcessStatus.CONFIRMED}
)


# -- delivery-line logistics (order/status.md) ----------------------------------------------------


def logistics_fields(
    schedule: Iterable[DeliveryLine],
) -> tuple[
    tuple[
        str | None, LogisticsStatus | None, datetime.date | None, datetime.date | None, str | None
    ],
    ...,
]:
    """The logistics fields (``status``, ``etd``, ``eta``; ``transportMode``, D137) of the
    delivery lines that carry any, with their positions: what an update of them changes."""
    return tuple(
        (d.position, d.status, d.etd, d.eta, d.transport_mode)
        for d in schedule
        if d.status is not None
        or d.etd is not None
        or d.eta is not None
        or d.transport_mode is not None
    )


def _without_logistics(line: BuyerLine) -> BuyerLine:
    schedule = tuple(DeliveryLine(d.date, d.quantity, d.position) for d in line.delivery_schedule)
    return attrs.evolve(line, delivery_schedule=schedule)


def same_schedule(one: Iterable[DeliveryLine], other: Iterable[DeliveryLine]) -> bool:
    """Whether two delivery schedules differ at most in their delivery lines' logistics fields:
    no change of the line's values (decision D85)."""
    return [(d.date, d.quantity, d.position) for d in one] == [
        (d.date, d.quantity, d.position) for d in other
    ]


def same_values(one: BuyerLine, other: BuyerLine) -> bool:
    """Whether two buyer lines differ at most in their delivery lines' logistics fields and their
    delivery history: neither is a change of the line's values (decisions D85, D86)."""
    if one.delivery_history != other.delivery_history:
        one = attrs.evolve(one, delivery_history=other.delivery_history)
    return _without_logistics(one) == _without_logistics(other)


def line_logistics_status(schedule: Iterable[DeliveryLine]) -> LogisticsStatus | None:
    """The line's logistics status as it follows from its delivery lines, or ``None`` when none of
    them carries a status.

    order/status.md defines each status for "the line quantity" and ``Open`` as "no or partial
    quantity Produced, ReadyToShip, Shipped or Delivered": the line has reached a status when all
    of its delivery lines have, so it is the least advanced of theirs; a delivery line without a
    status counts as ``Open`` (decision D85).
    """
    statuses = [d.status for d in schedule]
    if all(status is None for status in statuses):
        return None
    return min(
        (LogisticsStatus.OPEN if status is None else status for status in statuses),
        key=_RANK.__getitem__,
    )


# -- the actual delivery history against the schedule (order/buyer/receive-goods.md) ---------------


#: The delivery schedule the goods are expected by: the read model's ``lines.deliverySchedule``
#: (:func:`tradecloud_domain.views.delivery_schedule`), one function for both.
current_delivery_schedule: Final = delivery_schedule

#: A planned delivery: a requested delivery line (with its logistics fields) or a confirmed one.
Planned = TypeVar(
    "Planned",
    ScheduleLine,
    DeliveryLine,
    ScheduleLine | DeliveryLine,
    ScheduleLine | DeliveryLine | CurrentDeliveryLine,
)


def delivered_quantity(history: Iterable[Delivery]) -> Decimal:
    """The total quantity of the actual deliveries; partial deliveries count."""
    return sum((d.quantity for d in history), Decimal(0))


def outstanding_deliveries(
    schedule: Iterable[Planned], history: Iterable[Delivery]
) -> tuple[tuple[Planned, Decimal | None], ...]:
    """Each planned delivery with the quantity still to be delivered for it.

    Matching is by date and quantity, not by position (receive-goods.md): the delivered quantity
    fills the planned deliveries in date order, the earliest first, so a partial delivery leaves
    the rest of its planned delivery outstanding. A planned delivery whose quantity is unknown
    is covered once some delivered quantity is left for it, else its outstanding quantity is
    unknown (``None``). Planned deliveries without a date come last (decision D87).
    """
    remaining = delivered_quantity(history)
    ordered = sorted(
        enumerate(schedule),
        key=lambda item: (item[1].date is None, item[1].date or datetime.date.min, item[0]),
    )
    result: list[tuple[Planned, Decimal | None]] = []
    for _, planned in ordered:
        if planned.quantity is None:
            result.append((planned, Decimal(0) if remaining > 0 else None))
            continue
        taken = min(planned.quantity, remaining)
        remaining -= taken
        result.append((planned, planned.quantity - taken))
    return tuple(result)


# -- overdue --------------------------------------------------------------------------------------


def _delivered_positions(line: Line) -> frozenset[str]:
    """Positions of the delivery lines marked Delivered by their position (receive-goods.md: the
    delivered indicator "is applied by order line or delivery line position")."""
    return frozenset(
        d.position
        for d in line.buyer_line.delivery_schedule
        if d.position is not None and d.status is LogisticsStatus.DELIVERED
    )


def can_be_overdue(line: Line) -> bool:
    """Whether goods are still expected for the line at all (decision D87): its process status is
    Issued, InProgress or Confirmed; it is not marked ``noDeliveryExpected`` ("will never become
    Overdue", order/buyer/issue/no-delivery-expected.md); it is not marked Delivered (the
    delivered indicator "completes the line even when the reported quantity does not fully match
    the planned quantity", receive-goods.md)."""
    return (
        line.status.process_status in CAN_BE_OVERDUE
        and not line.buyer_line.indicators.no_delivery_expected
        and line.status.logistics_status is not LogisticsStatus.DELIVERED
    )


def overdue_delivery_lines(
    line: Line, today: datetime.date
) -> tuple[ScheduleLine | DeliveryLine | CurrentDeliveryLine, ...]:
    """The planned deliveries of ``line`` that are overdue as of ``today``: dated before it, with
    quantity still outstanding, not marked Delivered by position (decision D87)."""
    if not can_be_overdue(line):
        return ()
    delivered = _delivered_positions(line)
    return tuple(
        planned
        for planned, outstanding in outstanding_deliveries(
            current_delivery_schedule(line), line.buyer_line.delivery_history
        )
        if planned.date is not None
        and planned.date < today
        and (outstanding is None or outstanding > 0)
        and planned.position not in delivered
    )


def delivery_overdue(line: Line, today: datetime.date) -> bool:
    """``lines.indicators.deliveryOverdue`` as of ``today``: the line is overdue when at least one
    of its planned deliveries is."""
    return bool(overdue_delivery_lines(line, today))


def order_delivery_overdue(order: Order, today: datetime.date) -> bool:
    """The order's ``indicators.deliveryOverdue`` as of ``today``: "true when at least one order
    line is overdue" (order/buyer/receive/README.md)."""
    return any(delivery_overdue(line, today) for line in order.lines)
