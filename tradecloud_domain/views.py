"""The read model's derived line fields, each a pure function of the line: ``view(line) -> value``.

Tradecloud returns them beside the line's parts (order/buyer/receive/README.md, "Delivery
schedule", "Prices", "Item details"). They are computed on every outcome and never read from a
state, as the order status is (decision D72):

- :func:`delivery_schedule` and :func:`prices`: the Issued or the Confirmed values, never an open
  request ("does **NOT include any open supplier or buyer request**");
- :func:`delivery_schedule_including_requests` and :func:`prices_including_requests`: the same,
  unless a proposal or reopen request is open, then its values ("does include any open supplier
  or buyer request");
- :func:`merged_item_details`: the buyer's item details with the supplier's changes and additions.

The delivery lines of both schedules carry the logistics fields ("only available in the order line
level delivery schedule"): the buyer's delivery lines hold them (decision D85), and a confirmed or
requested delivery line shows those of the buyer's delivery line at its position
(:class:`CurrentDeliveryLine`, decision D140).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from ._values import frozen
from .entities import BuyerLine, ConfirmedLine, DeliveryLine, Line, Prices, Request, ScheduleLine
from .readmodel import ItemDetails
from .statuses import LogisticsStatus, ProcessStatus, RequestStatus

__all__ = [
    "VIEWS",
    "CurrentDeliveryLine",
    "delivery_schedule",
    "delivery_schedule_including_requests",
    "line_views",
    "merged_item_details",
    "open_request",
    "prices",
    "prices_including_requests",
    "shown_part",
]

#: Lines in these process statuses show their requested (Issued) values; the others show their
#: confirmed values when they have them (decision D72).
_SHOW_REQUESTED: Final = frozenset({ProcessStatus.ISSUED, ProcessStatus.REJECTED})


@frozen
class CurrentDeliveryLine:
    """A delivery line of ``lines.deliverySchedule[IncludingRequests]`` whose date and quantity
    are confirmed or asked for in a request, with the logistics fields (``status``, ``etd``,
    ``eta``, ``transportMode``) of the buyer's delivery line at the same position
    (order/buyer/receive/README.md, "Logistics fields"; decision D140). Shown only: never read
    from a state, never compared."""

    date: datetime.date | None = None
    quantity: Decimal | None = None
    position: str | None = None
    status: LogisticsStatus | None = None
    etd: datetime.date | None = None
    eta: datetime.date | None = None
    transport_mode: str | None = None


#: A delivery line as the line-level schedules show it.
_Shown = ScheduleLine | DeliveryLine | CurrentDeliveryLine


def _logistics(line: Line) -> Mapping[str, DeliveryLine]:
    """The buyer's delivery lines that carry a logistics field, by position (D85, D137)."""
    return {
        d.position: d
        for d in line.buyer_line.delivery_schedule
        if d.position is not None
        and (
            d.status is not None
            or d.etd is not None
            or d.eta is not None
            or d.transport_mode is not None
        )
    }


def _with_logistics(
    schedule: tuple[ScheduleLine | DeliveryLine, ...], logistics: Mapping[str, DeliveryLine]
) -> tuple[_Shown, ...]:
    """``schedule`` with the logistics fields of the buyer's delivery line at each position laid
    over its confirmed or requested delivery line; the very same tuple when none applies (the
    buyer's own delivery lines carry theirs already)."""
    if not logistics or not any(
        isinstance(d, ScheduleLine) and d.position in logistics for d in schedule
    ):
        return schedule
    shown: list[_Shown] = []
    for d in schedule:
        buyer = logistics.get(d.position) if isinstance(d, ScheduleLine) and d.position else None
        if buyer is None:
            shown.append(d)
            continue
        shown.append(
            CurrentDeliveryLine(
                d.date,
                d.quantity,
                d.position,
                buyer.status,
                buyer.etd,
                buyer.eta,
                buyer.transport_mode,
            )
        )
    return tuple(shown)


def _shown(line: Line) -> BuyerLine | ConfirmedLine:
    """The part whose values the line shows: the confirmed line once there is one (and the line
    is not Issued or Rejected), else the buyer line."""
    if line.confirmed_line is not None and line.status.process_status not in _SHOW_REQUESTED:
        return line.confirmed_line
    return line.buyer_line


def shown_part(line: Line) -> BuyerLine | ConfirmedLine:
    """The part whose delivery schedule and prices the line shows as its current values: the
    confirmed line once there is one (and the line is not Issued or Rejected), else the buyer
    line (decision D72)."""
    return _shown(line)


def delivery_schedule(line: Line) -> tuple[ScheduleLine | DeliveryLine | CurrentDeliveryLine, ...]:
    """``lines.deliverySchedule``: the confirmed delivery schedule once the line has one (and is
    not Issued or Rejected), else the requested one; each delivery line with the logistics fields
    (``status``, ``etd``, ``eta``, ``transportMode``) of the buyer's delivery line at its
    position (D140)."""
    return _with_logistics(_shown(line).delivery_schedule, _logistics(line))


def prices(line: Line) -> Prices | None:
    """``lines.prices``: the confirmed prices once the line has them, else the requested ones
    (as :func:`delivery_schedule` chooses)."""
    return _shown(line).prices


def open_request(line: Line) -> Request | None:
    """The line's open request with values, if any: the supplier's proposal, the supplier's
    reopen request, or the buyer's reopen request (at most one is open at a time)."""
    supplier = line.supplier_line.requests if line.supplier_line is not None else None
    candidates = (
        supplier.proposal if supplier else None,
        supplier.reopen_request if supplier else None,
        line.buyer_line.requests.reopen_request,
    )
    for request in candidates:
        if request is not None and request.status is RequestStatus.OPEN:
            return request
    return None


def _schedule_including(
    request: Request | None,
    schedule: tuple[_Shown, ...],
    logistics: Mapping[str, DeliveryLine],
) -> tuple[_Shown, ...]:
    if request is not None and request.delivery_schedule:
        return _with_logistics(request.delivery_schedule, logistics)
    return schedule


def _prices_including(request: Request | None, shown: Prices | None) -> Prices | None:
    if request is not None and request.prices is not None:
        return request.prices
    return shown


def delivery_schedule_including_requests(
    line: Line,
) -> tuple[ScheduleLine | DeliveryLine | CurrentDeliveryLine, ...]:
    """``lines.deliveryScheduleIncludingRequests``: the open request's delivery schedule, else
    :func:`delivery_schedule`; with the buyer's logistics fields as there (D140)."""
    return _schedule_including(open_request(line), delivery_schedule(line), _logistics(line))


def prices_including_requests(line: Line) -> Prices | None:
    """``lines.pricesIncludingRequests``: the open request's prices, else :func:`prices`."""
    return _prices_including(open_request(line), prices(line))


def merged_item_details(line: Line) -> ItemDetails | None:
    """``lines.mergedItemDetails``: the buyer's item details, each field the supplier gave
    replacing the buyer's."""
    buyer = line.buyer_line.item_details
    supplier = line.supplier_line.item_details if line.supplier_line is not None else None
    if buyer is None:
        return supplier
    return buyer.merged(supplier)


#: Every derived line field by its JSON name, in the order the read model lists them.
VIEWS: Final = {
    "deliverySchedule": delivery_schedule,
    "deliveryScheduleIncludingRequests": delivery_schedule_including_requests,
    "prices": prices,
    "pricesIncludingRequests": prices_including_requests,
    "mergedItemDetails": merged_item_details,
}


def line_views(line: Line) -> tuple[tuple[str, object], ...]:
    """Every derived field of ``line`` with its JSON name, in the order of :data:`VIEWS`, each
    what its view gives; the choice of shown part and the open request are worked out once for
    all five. A view that shows the same values as another gives the very same object, so a
    writer can write it once."""
    shown = _shown(line)
    request = open_request(line)
    logistics = _logistics(line) if shown is not line.buyer_line or request is not None else {}
    schedule = _with_logistics(shown.delivery_schedule, logistics)
    return (
        ("deliverySchedule", schedule),
        ("deliveryScheduleIncludingRequests", _schedule_including(request, schedule, logistics)),
        ("prices", shown.prices),
        ("pricesIncludingRequests", _prices_including(request, shown.prices)),
        ("mergedItemDetails", merged_item_details(line)),
    )
