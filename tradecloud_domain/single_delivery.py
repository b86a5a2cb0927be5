"""Single delivery per order line: the second way ERP systems send and read orders.

Tradecloud keeps every order line with a delivery schedule (api/delivery-schedule.md). An ERP
system that holds one delivery per line sends ``order/single-delivery`` instead: each line has one
``scheduledDelivery``, and a line split from another names it with ``originalPosition``.
Tradecloud merges those into the delivery schedule of the original line, and shows the order back
split into one line per delivery (the single-delivery view).

This module holds the two translations, both pure:

- :func:`translate`: an ``order/single-delivery`` message and the current order -> the ``/order``
  message it means, applied by :func:`tradecloud_domain.apply` through the same rules as
  ``/order``; plus what the single-delivery rules decided on the way (split lines cancelled,
  indicators aggregated over the primary and split lines);
- :func:`single_delivery_view`: an order -> the single-delivery read view, one line per delivery.

How an order is known to be in single-delivery mode, and what is then not supported
(``/order/indicators``, ``/order/deliveries``, ``/order/deliveryHistory``):
:func:`is_single_delivery`, :func:`check_supported` (decisions D100, D104).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from ._values import frozen
from .deliveries import order_delivery_overdue, overdue_delivery_lines
from .entities import (
    BUYER_LINE_FIELDS,
    MAX_COLLECTION,
    BuyerLineIndicators,
    BuyerOrder,
    BuyerRequests,
    ConfirmedLine,
    Delivery,
    DeliveryLine,
    Document,
    Item,
    Line,
    LineStatus,
    Order,
    OrderStatus,
    Prices,
    Request,
    ScheduleLine,
    SupplierLine,
    SupplierOrder,
)
from .errors import InvalidInput, Problem
from .machine import aggregate
from .messages import (
    ActualDelivery,
    LineIndicators,
    MessageLine,
    OrderIndicators,
    OrderMessage,
    ScheduledDelivery,
    SingleDeliveryLine,
    SingleDeliveryOrderMessage,
)
from .readmodel import (
    ChargeLine,
    EventDates,
    Instant,
    ItemDetails,
    LineFacts,
    LineTerms,
    Property,
)
from .statuses import InProgressStatus, LogisticsStatus, RequestStatus
from .views import merged_item_details, shown_part

__all__ = [
    "UNSUPPORTED_ROUTES",
    "Note",
    "SingleDeliveryOrder",
    "SingleDeliveryOrderLine",
    "StatusLine",
    "Translation",
    "ViewBuyerLine",
    "ViewDelivery",
    "ViewIndicators",
    "check_supported",
    "is_single_delivery",
    "single_delivery_view",
    "split_positions",
    "translate",
]

#: The routes Tradecloud does not support for an order in single-delivery mode, with the page
#: that says so. Keyed by route name, so a route this library adds later is covered at once.
UNSUPPORTED_ROUTES: Final[Mapping[str, str]] = {
    "order/indicators": "order/buyer/issue/indicators.md",
    "order/deliveries": "order/buyer/receive-goods.md",
    "order/deliveryHistory": "order/buyer/receive-goods.md",
}

#: The indicators that act on a line's status, as attribute names of :class:`LineIndicators`.
_ACTING: Final = (
    "completed",
    "cancelled",
    "confirmed",
    "request_reconfirmation",
    "delivered",
    "shipped",
)
#: Acting on the order line when all primary and split lines carry them (indicators.md), with the
#: action each names in a decision.
_ALL: Final = {
    "completed": "complete",
    "confirmed": "confirm",
    "shipped": "ship",
    "delivered": "deliver",
}


def is_single_delivery(order: Order | None) -> bool:
    """Whether the buyer issued or updated ``order`` through ``order/single-delivery`` (D100)."""
    return order is not None and bool(order.buyer_order.single_delivery_per_order_line)


def check_supported(order: Order | None, route: str, message: object) -> None:
    """Raise :class:`InvalidInput` when ``route`` is not supported for ``order`` because it is in
    single-delivery mode (order/buyer/issue/indicators.md, order/buyer/receive-goods.md,
    order/buyer/update.md; decision D104)."""
    if not is_single_delivery(order):
        return
    if route in UNSUPPORTED_ROUTES:
        raise InvalidInput(
            [
                Problem(
                    "",
                    "single-delivery.unsupported",
                    f"/{route} is not supported for an order sent with single delivery per "
                    f"order line ({UNSUPPORTED_ROUTES[route]}); send order/single-delivery",
                )
            ]
        )
    if isinstance(message, OrderMessage):
        problems = [
            Problem(
                f"lines[{index}].deliveryHistory",
                "single-delivery.unsupported",
                "deliveryHistory is not supported for an order sent with single delivery per "
                "order line (order/buyer/update.md); send actualDelivery on order/single-delivery",
            )
            for index, line in enumerate(message.lines)
            if line.delivery_history is not None
        ]
        if problems:
            raise InvalidInput(problems)


# ------------------------------------------------------------------------------------------------
# order/single-delivery -> /order
# ------------------------------------------------------------------------------------------------


@frozen
class Note:
    """What a single-delivery rule decided for a line of the message: ``position`` is the
    message's line, ``original`` the order line it belongs to, ``result`` one of ``applied``,
    ``refused``, ``skipped`` (see :class:`tradecloud_domain.Result`)."""

    position: str
    action: str
    result: str
    original: str
    rule: str


@frozen
class Translation:
    """An ``order/single-delivery`` message as ``/order`` sees it.

    - ``order``: the current order with the positions the buyer gave to split lines the supplier
      made (rule ``single-delivery.assign-position``); ``None`` when there is no order yet;
    - ``message``: the ``/order`` message, one line per original line;
    - ``notes``: what the single-delivery rules decided on the way;
    - ``actual_deliveries``: each original line's actual deliveries, from the ``actualDelivery``
      of its primary and split lines, in message order; ``message`` carries them merged into the
      line's delivery history (decision D111).
    """

    order: Order | None
    message: OrderMessage
    notes: tuple[Note, ...]
    actual_deliveries: Mapping[str, tuple[ActualDelivery, ...]]


def _problem(index: int, field: str, code: str, text: str) -> Problem:
    return Problem(f"lines[{index}].{field}", code, text)


def _schedules(line: Line) -> list[Sequence[DeliveryLine | ScheduleLine]]:
    """Every delivery schedule a line holds: requested, confirmed and those of its requests."""
    found: list[Sequence[DeliveryLine | ScheduleLine]] = [line.buyer_line.delivery_schedule]
    if line.confirmed_line is not None:
        found.append(line.confirmed_line.delivery_schedule)
    for request in _requests(line):
        found.append(request.delivery_schedule)
    return found


def _requests(line: Line) -> list[Request]:
    requests = [line.buyer_line.requests.reopen_request]
    if line.supplier_line is not None:
        requests += [
            line.supplier_line.requests.proposal,
            line.supplier_line.requests.reopen_request,
        ]
    return [request for request in requests if request is not None]


def split_positions(order: Order) -> dict[str, str]:
    """Each split line's position -> the order line it belongs to: the positions of delivery
    lines other than an order line's own. A position that an order line has, or that delivery
    lines of several order lines have, names no split line (decision D102)."""
    lines = {line.position for line in order.lines}
    owners: dict[str, set[str]] = {}
    for line in order.lines:
        for schedule in _schedules(line):
            for delivery in schedule:
                if delivery.position is not None and delivery.position not in lines:
                    owners.setdefault(delivery.position, set()).add(line.position)
    return {position: found.pop() for position, found in owners.items() if len(found) == 1}


def _primary_index(schedule: Sequence[DeliveryLine | ScheduleLine], position: str) -> int | None:
    """Which delivery line the primary line shows: the one at the line's own position, else the
    first one (decision D102)."""
    for index, delivery in enumerate(schedule):
        if delivery.position == position:
            return index
    return 0 if schedule else None


def _check_groups(
    order: Order | None, message: SingleDeliveryOrderMessage, problems: list[Problem]
) -> None:
    """The split lines of the message against the order (order/buyer/issue/delivery-schedule.md,
    api/delivery-schedule.md; decision D103)."""
    lines = {line.position: line for line in order.lines} if order is not None else {}
    splits = split_positions(order) if order is not None and is_single_delivery(order) else {}
    primaries = {line.position for line in message.lines if line.original == line.position}
    code = "single-delivery.original-position"
    for index, line in enumerate(message.lines):
        if line.original == line.position:
            owner = splits.get(line.position)
            if owner is not None and line.position not in lines:
                problems.append(
                    _problem(
                        index,
                        "originalPosition",
                        code,
                        f"line {line.position!r} is a split line of line {owner!r}; an update of "
                        f"a split line must send its originalPosition {owner!r}",
                    )
                )
            continue
        original = line.original
        if line.position in lines:
            problems.append(
                _problem(
                    index,
                    "originalPosition",
                    code,
                    f"line {line.position!r} is an order line of its own; it cannot become a "
                    f"split line of line {original!r}",
                )
            )
        elif splits.get(line.position, original) != original:
            problems.append(
                _problem(
                    index,
                    "originalPosition",
                    code,
                    f"split line {line.position!r} belongs to line {splits[line.position]!r}, "
                    f"not to line {original!r}",
                )
            )
        elif original in splits and original not in lines:
            problems.append(
                _problem(
                    index,
                    "originalPosition",
                    code,
                    f"originalPosition {original!r} is itself a split line of line "
                    f"{splits[original]!r}; name the original line",
                )
            )
        elif original not in lines and original not in primaries:
            problems.append(
                _problem(
                    index,
                    "originalPosition",
                    code,
                    f"originalPosition {original!r} names no line of the order nor of this "
                    "message; a split line needs its original line",
                )
            )


def _assign(
    schedule: Sequence[ScheduleLine], position: str, date: datetime.date, quantity: Decimal
) -> tuple[ScheduleLine, ...] | None:
    """``schedule`` with ``position`` given to its first unpositioned delivery line of this date
    and quantity; ``None`` when it has none."""
    for index, delivery in enumerate(schedule):
        if delivery.position is None and delivery.date == date and delivery.quantity == quantity:
            given = attrs.evolve(delivery, position=position)
            return (*schedule[:index], given, *schedule[index + 1 :])
    return None


def _assign_line(line: Line, position: str, date: datetime.date, quantity: Decimal) -> Line:
    """``line`` with ``position`` given in its confirmed schedule and in its supplier's requests."""
    confirmed = line.confirmed_line
    if confirmed is not None:
        schedule = _assign(confirmed.delivery_schedule, position, date, quantity)
        if schedule is not None:
            confirmed = attrs.evolve(confirmed, delivery_schedule=schedule)
    supplier = line.supplier_line
    if supplier is not None:
        found = []
        for request in (supplier.requests.proposal, supplier.requests.reopen_request):
            schedule = (
                None
                if request is None
                else _assign(request.delivery_schedule, position, date, quantity)
            )
            found.append(
                request
                if request is None or schedule is None
                else attrs.evolve(request, delivery_schedule=schedule)
            )
        supplier = attrs.evolve(
            supplier,
            requests=attrs.evolve(supplier.requests, proposal=found[0], reopen_request=found[1]),
        )
    return attrs.evolve(line, confirmed_line=confirmed, supplier_line=supplier)


def _assign_positions(line: Line, sent: Sequence[SingleDeliveryLine]) -> tuple[Line, list[str]]:
    """The line with the positions its split lines in the message give to delivery lines the
    supplier split off without a position (rule ``single-delivery.assign-position``)."""
    known = {d.position for schedule in _schedules(line) for d in schedule}
    assigned: list[str] = []
    for split in sent:
        delivery = split.scheduled_delivery
        if split.position == line.position or split.position in known or delivery is None:
            continue
        given = _assign_line(line, split.position, delivery.date, delivery.quantity)
        if given != line:
            line = given
            assigned.append(split.position)
    return line, assigned


def _merge(
    schedule: Sequence[DeliveryLine], original: str, sent: Sequence[SingleDeliveryLine]
) -> list[DeliveryLine]:
    """The requested schedule with the scheduled deliveries of the message: each replaces the
    delivery line at its line's position (the primary: the one the view shows for it), or is
    added (decision D101)."""
    merged = list(schedule)
    for line in sent:
        delivery = line.scheduled_delivery
        if delivery is None:
            continue
        at = _delivery_index(merged, original, line.position)
        new = DeliveryLine(
            delivery.date,
            delivery.quantity,
            line.position,
            delivery.status,
            transport_mode=delivery.transport_mode,
        )
        if at is None:
            merged.append(new)
        else:  # etd and eta are not fields of a scheduledDelivery: they stay (decision D108)
            merged[at] = attrs.evolve(new, etd=merged[at].etd, eta=merged[at].eta)
    return merged


def _delivery_index(schedule: Sequence[DeliveryLine], original: str, position: str) -> int | None:
    """Where the delivery line of the primary or split line at ``position`` is in ``schedule``:
    for the primary, the one the view shows for it; for a split line, the one at its position."""
    if position == original:
        return _primary_index(schedule, original)
    return next((i for i, d in enumerate(schedule) if d.position == position), None)


#: What the shipped and delivered indicators make of a delivery line's status (decision D108).
_INDICATOR_STATUS: Final = {
    "shipped": LogisticsStatus.SHIPPED,
    "delivered": LogisticsStatus.DELIVERED,
}


def _mark(
    schedule: list[DeliveryLine], original: str, position: str, status: LogisticsStatus
) -> bool:
    """Give the delivery line of ``position`` the logistics ``status`` (never back from
    Delivered to Shipped); whether it has a delivery line."""
    at = _delivery_index(schedule, original, position)
    if at is None:
        return False
    current = schedule[at]
    if not (current.status is LogisticsStatus.DELIVERED and status is LogisticsStatus.SHIPPED):
        schedule[at] = attrs.evolve(current, status=status)
    return True


def _history(
    history: Sequence[Delivery], sent: Sequence[SingleDeliveryLine]
) -> tuple[Delivery, ...]:
    """The delivery history of an original line with the ``actualDelivery`` of its primary and
    split lines: each is the delivery at its line's position, replacing the one there or added;
    deliveries of other positions, or of none, stay (decision D111)."""
    merged = list(history)
    for line in sent:
        actual = line.actual_delivery
        if actual is None:
            continue
        new = Delivery(actual.date, actual.quantity, line.position)
        at = next((i for i, d in enumerate(merged) if d.position == line.position), None)
        if at is None:
            merged.append(new)
        else:
            merged[at] = new
    return tuple(merged)


def _in(position: str, schedule: Iterable[DeliveryLine]) -> bool:
    return any(delivery.position == position for delivery in schedule)


#: The fields of a single-delivery line that no rule compares, carried to the /order line
#: (documents are carried with item and prices).
_OTHER_FIELDS: Final = tuple(
    name for name in (*BUYER_LINE_FIELDS, "line_type", "charge_reason_code") if name != "documents"
)


def _first(values: Iterable[object]) -> object:
    return next((value for value in values if value is not None), None)


def _setting(values: Iterable[bool | None]) -> bool | None:
    """A line setting over the primary and split lines: true when any says true (D109)."""
    given = [value for value in values if value is not None]
    return any(given) if given else None


@frozen
class _Group:
    """One original line and the message lines that belong to it."""

    original: str
    indexes: tuple[int, ...]
    lines: tuple[SingleDeliveryLine, ...]


def _groups(message: SingleDeliveryOrderMessage) -> list[_Group]:
    found: dict[str, list[tuple[int, SingleDeliveryLine]]] = {}
    for index, line in enumerate(message.lines):
        found.setdefault(line.original, []).append((index, line))
    return [
        _Group(original, tuple(i for i, _ in rows), tuple(line for _, line in rows))
        for original, rows in found.items()
    ]


def translate(order: Order | None, message: SingleDeliveryOrderMessage) -> Translation:
    """The ``/order`` message an ``order/single-delivery`` message means for ``order``.

    Raises :class:`InvalidInput` when a split line does not fit the order (decision D103) or an
    original line would get more than 100 delivery lines.
    """
    problems: list[Problem] = []
    _check_groups(order, message, problems)
    if problems:
        raise InvalidInput(problems)
    header = message.order.indicators
    mode = is_single_delivery(order)
    splits = split_positions(order) if order is not None and mode else {}
    current = {line.position: line for line in order.lines} if order is not None else {}
    replaced: dict[str, Line] = {}
    notes: list[Note] = []
    translated: list[tuple[_Group, MessageLine, bool]] = []
    for group in _groups(message):
        line = current.get(group.original)
        if line is not None and mode:
            line, assigned = _assign_positions(line, group.lines)
            if assigned:
                replaced[line.position] = line
                notes.extend(
                    Note(
                        p,
                        "assign-position",
                        "applied",
                        line.position,
                        "single-delivery.assign-position",
                    )
                    for p in assigned
                )
        message_line, single, count = _translate_group(group, line, (header, splits), notes)
        before = line.buyer_line.delivery_history if line is not None else ()
        history = _history(before, group.lines)
        if len(history) > MAX_COLLECTION:
            at = max(
                i
                for i, sent in zip(group.indexes, group.lines, strict=True)
                if sent.actual_delivery
            )
            problems.append(
                _problem(
                    at,
                    "actualDelivery",
                    "collection.too-long",
                    f"line {group.original!r} would hold {len(history)} deliveries in its "
                    f"delivery history; at most {MAX_COLLECTION} are allowed per line",
                )
            )
            continue
        if message_line is not None and history != before:
            message_line = attrs.evolve(message_line, delivery_history=history)
        if message_line is None:
            last = group.lines[-1]
            problems.append(
                _problem(
                    group.indexes[-1],
                    "originalPosition" if last.position != group.original else "position",
                    "collection.too-long",
                    f"line {group.original!r} would hold {count} delivery lines; at most "
                    f"{MAX_COLLECTION} are allowed per originalPosition",
                )
            )
        else:
            translated.append((group, message_line, single))
    if problems:
        raise InvalidInput(problems)
    order_header = _header_indicators(header, translated)
    lines = tuple(
        _with_header(message_line, header, order_header) if single else message_line
        for _, message_line, single in translated
    )
    if order is not None and replaced:
        order = attrs.evolve(
            order, lines=tuple(replaced.get(line.position, line) for line in order.lines)
        )
    actual = {
        group.original: tuple(
            line.actual_delivery for line in group.lines if line.actual_delivery is not None
        )
        for group, _, _ in translated
    }
    return Translation(
        order,
        OrderMessage(attrs.evolve(message.order, indicators=order_header), lines),
        tuple(notes),
        {original: deliveries for original, deliveries in actual.items() if deliveries},
    )


def _header_indicators(
    header: OrderIndicators, translated: Sequence[tuple[_Group, MessageLine, bool]]
) -> OrderIndicators:
    """The order-level indicators of the ``/order`` message: an acting one stays on the header
    only while every original line with split lines wants it as well; otherwise the lines that
    want it carry it themselves."""
    kept = {}
    for name in _ACTING:
        value = getattr(header, name)
        if value and any(
            not single and getattr(line.indicators, name) is not True
            for _, line, single in translated
        ):
            value = None
        kept[name] = value
    return attrs.evolve(header, **kept)


def _with_header(line: MessageLine, header: OrderIndicators, kept: OrderIndicators) -> MessageLine:
    """A line with one delivery, sent as /order would: where the header lost an indicator, the
    line carries the header's value itself."""
    own = {
        name: True
        for name in _ACTING
        if getattr(header, name)
        and getattr(kept, name) is None
        and getattr(line.indicators, name) is None
    }
    if not own:
        return line
    return attrs.evolve(line, indicators=attrs.evolve(line.indicators, **own))


@frozen
class _Members:
    """The primary and split lines of one original line, and what the message says of them."""

    original: str
    members: frozenset[str]
    sent: Mapping[str, SingleDeliveryLine]
    header: OrderIndicators

    def says(self, position: str, name: str) -> bool:
        """Whether the message sets indicator ``name`` on this member: its own value, else the
        header's (scope: the lines in the message); a member left out of the message is cancelled
        by ``cancelLineWhenMissing``."""
        line = self.sent.get(position)
        if line is None:
            return name == "cancelled" and bool(self.header.cancel_line_when_missing)
        own = getattr(line.indicators, name)
        return bool(getattr(self.header, name) if own is None else own)

    def having(self, name: str, among: Iterable[str]) -> set[str]:
        return {p for p in among if self.says(p, name)}


def _aggregate(
    group: _Members, merged: list[DeliveryLine], notes: list[Note]
) -> tuple[dict[str, bool | None], list[DeliveryLine]]:
    """The order line's indicators from those of its primary and split lines, and its delivery
    schedule without the split lines cancelled on their own (order/buyer/issue/indicators.md,
    single delivery order line behavior)."""
    original, members = group.original, group.members
    completed = group.having("completed", members)
    cancelled = group.having("cancelled", members) - completed  # completing wins
    indicators: dict[str, bool | None] = {}
    if cancelled == members:
        notes.extend(
            Note(p, "cancel", "applied", original, "single-delivery.cancel-all")
            for p in sorted(cancelled - {original})
        )
        return {"cancelled": True}, merged
    removed = cancelled - {original}
    if original in cancelled:
        rule = "single-delivery.cancel-primary.refused"
        notes.append(Note(original, "cancel", "refused", original, rule))
    notes.extend(
        Note(p, "cancel", "applied", original, "single-delivery.cancel-split")
        for p in sorted(removed)
    )
    remaining = members - removed
    for name, action in _ALL.items():
        having = group.having(name, remaining) if name != "completed" else completed & remaining
        if having and having == remaining:
            indicators[name] = True
        elif having and name in _INDICATOR_STATUS:  # the delivery lines of those (D108)
            rule = "single-delivery.delivery-line-status"
            for p in sorted(having):
                marked = _mark(merged, original, p, _INDICATOR_STATUS[name])
                notes.append(Note(p, action, "applied" if marked else "skipped", original, rule))
        elif having:
            rule = "single-delivery.all-lines"
            notes.extend(Note(p, action, "skipped", original, rule) for p in sorted(having))
    if group.having("request_reconfirmation", remaining):
        indicators["request_reconfirmation"] = True
    return indicators, [d for d in merged if d.position not in removed]


def _translate_group(
    group: _Group,
    line: Line | None,
    context: tuple[OrderIndicators, Mapping[str, str]],
    notes: list[Note],
) -> tuple[MessageLine | None, bool, int]:
    """The ``/order`` line of one original line (``None`` when it would get too many delivery
    lines); whether it is a plain line with one delivery (then its indicators are those of its
    one message line, as on /order); and how many delivery lines it gets."""
    header, splits = context
    original = group.original
    sent = {line.position: line for line in group.lines}
    schedule = list(line.buyer_line.delivery_schedule) if line is not None else []
    merged = _merge(schedule, original, group.lines)
    # The primary and split lines: those of the message, and the split lines the line has.
    members = {original} | set(sent)
    members |= {p for p, owner in splits.items() if owner == original and _in(p, merged)}
    primary_line = sent.get(original)
    fields = [primary_line] if primary_line is not None else []
    fields += [line for line in group.lines if line is not primary_line]
    single = members == {original} and primary_line is not None
    if single:
        assert primary_line is not None
        indicators = {name: getattr(primary_line.indicators, name) for name in _ACTING}
    else:
        indicators, merged = _aggregate(
            _Members(original, frozenset(members), sent, header), merged, notes
        )
    item = _first(sent_line.item for sent_line in fields)
    prices = _first(sent_line.prices for sent_line in fields)
    documents = _first(sent_line.documents for sent_line in fields)
    # The fields no rule compares: the primary line's where it sends them, else the first split
    # line's that does (decision D136).
    others: dict[str, Any] = {
        name: _first(getattr(sent_line, name) for sent_line in fields) for name in _OTHER_FIELDS
    }
    settings = [sent_line.indicators for sent_line in fields]
    if len(merged) > MAX_COLLECTION:  # reported by the caller, with the message line's path
        return None, single, len(merged)
    message_line = MessageLine(
        position=original,
        item=item if isinstance(item, Item) else None,
        delivery_schedule=tuple(merged) if merged != schedule else None,
        prices=prices if isinstance(prices, Prices) else None,
        indicators=LineIndicators(
            **indicators,
            no_delivery_expected=_setting(own.no_delivery_expected for own in settings),
            propose_when_accepted=_setting(own.propose_when_accepted for own in settings),
        ),
        documents=documents if isinstance(documents, tuple) else None,
        **others,
    )
    return message_line, single, len(merged)


# ------------------------------------------------------------------------------------------------
# The single-delivery read view
# ------------------------------------------------------------------------------------------------


@frozen
class ViewDelivery:
    """A scheduled delivery as the view shows it: ``statusLine.scheduledDelivery`` and
    ``statusLine.scheduledDeliveryInclRequests``, with the logistics fields of the buyer's
    delivery line (D108; ``transportMode`` as on the line-level schedule, D140)."""

    date: datetime.date | None = None
    quantity: Decimal | None = None
    status: LogisticsStatus | None = None
    etd: datetime.date | None = None
    eta: datetime.date | None = None
    transport_mode: str | None = None


@frozen
class StatusLine:
    """A view line's current values: without and with the open requests
    (order/buyer/receive/single-delivery-order-response.md, status line)."""

    scheduled_delivery: ViewDelivery | None = None
    scheduled_delivery_incl_requests: ViewDelivery | None = None
    prices: Prices | None = None
    prices_incl_requests: Prices | None = None


@frozen
class ViewBuyerLine:
    """The buyer part of a view line, "an echo of your order line fields"
    (single-delivery-order-response.md, buyer line): ``position`` empty for a split line the buyer
    has not given a position yet; ``originalPosition`` set on split lines; the buyer's own
    ``scheduledDelivery`` and ``actualDelivery`` at the view line's position; the order line's
    other fields on each of its view lines (decision D141)."""

    position: str | None = None
    original_position: str | None = None
    item: Item | None = None
    indicators: BuyerLineIndicators = attrs.field(factory=BuyerLineIndicators)
    scheduled_delivery: ScheduledDelivery | None = None
    actual_delivery: ActualDelivery | None = None
    prices: Prices | None = None
    requests: BuyerRequests = attrs.field(factory=BuyerRequests)
    row: str | None = None
    description: str | None = None
    item_details: ItemDetails | None = None
    charge_lines: tuple[ChargeLine, ...] | None = None
    terms: LineTerms | None = None
    project_number: str | None = None
    production_number: str | None = None
    sales_order_number: str | None = None
    properties: tuple[Property, ...] | None = None
    documents: tuple[Document, ...] | None = None
    notes: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None


@frozen
class ViewIndicators:
    """``indicators.deliveryOverdue`` of the view's order or of a view line, as of a date."""

    delivery_overdue: bool


@frozen
class SingleDeliveryOrderLine:
    """One line of the single-delivery view: one delivery of an order line, with the order
    line's parts and own fields (single-delivery-order-response.md, lines; decision D141)."""

    buyer_line: ViewBuyerLine
    status_line: StatusLine
    status: LineStatus
    supplier_line: SupplierLine | None = None
    confirmed_line: ConfirmedLine | None = None
    merged_item_details: ItemDetails | None = None
    #: With an as-of date: whether this view line's delivery is overdue (D87, D141).
    indicators: ViewIndicators | None = None
    #: ``id`` (on the primary line only), ``lineType``, ``chargeReasonCode``, ``eventDates``,
    #: ``lastUpdatedAt``: written flat on the line, as on an order line.
    facts: LineFacts | None = attrs.field(default=None, metadata={"flatten": True})


@frozen
class SingleDeliveryOrder:
    """The order as ``singleDeliveryOrderEvent`` and the single-delivery poll show it: the order
    header of the read model and one line per delivery (single-delivery-order-response.md)."""

    buyer_order: BuyerOrder
    status: OrderStatus
    lines: tuple[SingleDeliveryOrderLine, ...]
    #: With an as-of date: whether any order line is overdue.
    indicators: ViewIndicators | None = None
    id: str | None = None
    supplier_order: SupplierOrder | None = None
    version: int | None = None
    event_dates: EventDates | None = None
    last_updated_at: Instant | None = None


def _current(line: Line) -> tuple[Sequence[DeliveryLine | ScheduleLine], Prices | None]:
    """The status line's values: those ``lines.deliverySchedule`` and ``lines.prices`` show, the
    confirmed ones once there are (and the line is not Issued or Rejected), else the requested
    ones (D72, D141)."""
    part = shown_part(line)
    return part.delivery_schedule, part.prices


_OPEN_REQUEST: Final = {
    InProgressStatus.OPEN_SUPPLIER_PROPOSAL: "proposal",
    InProgressStatus.OPEN_SUPPLIER_REOPEN_REQUEST: "supplier-reopen",
    InProgressStatus.OPEN_BUYER_REOPEN_REQUEST: "buyer-reopen",
}


def _including_requests(line: Line) -> tuple[Sequence[DeliveryLine | ScheduleLine], Prices | None]:
    """The status line's values with the open request of an InProgress line, if it has one."""
    which = _OPEN_REQUEST.get(line.status.in_progress_status)  # type: ignore[arg-type]
    request: Request | None = None
    if which == "buyer-reopen":
        request = line.buyer_line.requests.reopen_request
    elif which is not None and line.supplier_line is not None:
        requests = line.supplier_line.requests
        request = requests.proposal if which == "proposal" else requests.reopen_request
    if request is None or request.status is not RequestStatus.OPEN:
        return _current(line)
    return request.delivery_schedule, request.prices


def _view_delivery(
    delivery: DeliveryLine | ScheduleLine | None, logistics: DeliveryLine | None
) -> ViewDelivery | None:
    """A delivery as the view shows it, with the logistics fields of the buyer's delivery line
    (``status``, ``etd``, ``eta``: single-delivery-order-response.md, decision D108)."""
    if delivery is None:
        return None
    if logistics is None:
        return ViewDelivery(delivery.date, delivery.quantity)
    return ViewDelivery(
        delivery.date,
        delivery.quantity,
        logistics.status,
        logistics.etd,
        logistics.eta,
        logistics.transport_mode,
    )


def _logistics(
    line: Line, position: str | None, delivery: DeliveryLine | ScheduleLine | None
) -> DeliveryLine | None:
    """The buyer's delivery line that holds the logistics fields of a view line's delivery: the
    delivery itself when it is one, else the buyer's delivery line at its position (D85 keeps
    them on the buyer's delivery lines only)."""
    if isinstance(delivery, DeliveryLine):
        return delivery
    if position is None:
        return None
    schedule = line.buyer_line.delivery_schedule
    return next((d for d in schedule if d.position == position), None)


def _pairs(
    current: Sequence[DeliveryLine | ScheduleLine], requests: Sequence[DeliveryLine | ScheduleLine]
) -> list[
    tuple[str | None, DeliveryLine | ScheduleLine | None, DeliveryLine | ScheduleLine | None]
]:
    """The deliveries of both schedules side by side: by position, and those without a position
    in their order (decision D102)."""
    rows: list[
        tuple[str | None, DeliveryLine | ScheduleLine | None, DeliveryLine | ScheduleLine | None]
    ] = []
    by_position: dict[str, int] = {}
    unpositioned: list[int] = []
    for delivery in current:
        if delivery.position is not None:
            by_position[delivery.position] = len(rows)
        else:
            unpositioned.append(len(rows))
        rows.append((delivery.position, delivery, None))
    for delivery in requests:
        if delivery.position is not None and delivery.position in by_position:
            at = by_position.pop(delivery.position)
        elif delivery.position is None and unpositioned:
            at = unpositioned.pop(0)
        else:
            rows.append((delivery.position, None, delivery))
            continue
        position, mine, _ = rows[at]
        rows[at] = (position, mine, delivery)
    return rows


def _buyer_delivery(
    line: Line, position: str | None, delivery: DeliveryLine | ScheduleLine | None
) -> ScheduledDelivery | None:
    """The buyer's own scheduled delivery of a view line: its delivery line at the position."""
    mine = _logistics(line, position, delivery)
    if mine is None or mine.position != position:
        return None
    return ScheduledDelivery(mine.date, mine.quantity, mine.status, mine.transport_mode)


def _actual_delivery(line: Line, position: str | None) -> ActualDelivery | None:
    """The delivery history entry at a view line's position (D111 puts it there)."""
    if position is None:
        return None
    found = [d for d in line.buyer_line.delivery_history if d.position == position]
    return ActualDelivery(found[-1].date, found[-1].quantity) if found else None


def _overdue_keys(
    line: Line, today: datetime.date | None
) -> frozenset[tuple[str | None, datetime.date | None, Decimal | None]] | None:
    """The overdue planned deliveries of ``line`` as of ``today`` (D87), by position, date and
    quantity; ``None`` without a date."""
    if today is None:
        return None
    return frozenset((d.position, d.date, d.quantity) for d in overdue_delivery_lines(line, today))


def _view_lines(
    line: Line, splits: Mapping[str, str], today: datetime.date | None = None
) -> list[SingleDeliveryOrderLine]:
    """One view line per delivery of the status line (decision D102). A split line shows its
    delivery line's position when that is a split position of this line (``splits``). Every
    view line shows the order line's parts and fields; ``id`` only the primary one (D141)."""
    schedule, prices = _current(line)
    with_requests, prices_with_requests = _including_requests(line)
    rows = _pairs(schedule, with_requests)
    buyer = line.buyer_line
    if not rows:
        rows = [(line.position, None, None)]
    primary = next((i for i, row in enumerate(rows) if row[0] == line.position), 0)
    fields = {name: getattr(buyer, name) for name in BUYER_LINE_FIELDS}
    merged = merged_item_details(line)
    facts = line.facts
    split_facts = facts if facts is None or facts.id is None else attrs.evolve(facts, id=None)
    if split_facts == LineFacts():
        split_facts = None
    overdue = _overdue_keys(line, today)
    lines = []
    for index, (position, mine, requested) in enumerate(rows):
        is_primary = index == primary
        shown = position if position is not None and splits.get(position) == line.position else None
        view_position = line.position if is_primary else shown
        lines.append(
            SingleDeliveryOrderLine(
                ViewBuyerLine(
                    view_position,
                    None if is_primary else line.position,
                    buyer.item,
                    buyer.indicators,
                    _buyer_delivery(line, position, mine if mine is not None else requested),
                    _actual_delivery(line, position),
                    buyer.prices,
                    buyer.requests,
                    **fields,
                ),
                StatusLine(
                    _view_delivery(mine, _logistics(line, position, mine)),
                    _view_delivery(requested, _logistics(line, position, requested)),
                    prices,
                    prices_with_requests,
                ),
                line.status,
                line.supplier_line,
                line.confirmed_line,
                merged,
                None
                if overdue is None
                else ViewIndicators(
                    mine is not None and (mine.position, mine.date, mine.quantity) in overdue
                ),
                facts if is_primary else split_facts,
            )
        )
    return lines


def single_delivery_view(order: Order, today: datetime.date | None = None) -> SingleDeliveryOrder:
    """The order as an ERP system with one delivery per order line reads it: every delivery line
    of an order line's status line becomes a line of its own; the primary line keeps the order
    line's position, the others are split lines with ``originalPosition``
    (api/delivery-schedule.md, order/buyer/receive/single-delivery-order-response.md).

    With ``today`` the order and each view line also show ``indicators.deliveryOverdue`` as of
    that date: a view line is overdue when its delivery is (D87, D141).

    A pure function of the order: the same order always gives the same view.
    """
    splits = split_positions(order) if is_single_delivery(order) else {}
    return SingleDeliveryOrder(
        order.buyer_order,
        aggregate(order.lines),
        tuple(view for line in order.lines for view in _view_lines(line, splits, today)),
        None if today is None else ViewIndicators(order_delivery_overdue(order, today)),
        order.id,
        order.supplier_order,
        order.version,
        order.event_dates,
        order.last_updated_at,
    )
