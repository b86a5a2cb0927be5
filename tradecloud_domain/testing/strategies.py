"""Hypothesis strategies: possible orders, and valid message bodies that refer to an order's lines.

Orders come out as frozen :class:`~tradecloud_domain.Order` values, valid by construction (each
line status consistent, positions unique, ``Confirmed`` lines with confirmed values). Messages come
out as JSON-shaped bodies, the very thing an integration sends, so they can be handed to a system
under test as they are, and to :func:`~tradecloud_domain.parse_message` for the expected outcome.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from typing import Any

from hypothesis import strategies as st

from ..codec import converter
from ..entities import (
    BuyerLine,
    BuyerLineIndicators,
    BuyerOrder,
    BuyerOrderIndicators,
    ConfirmedLine,
    DeliveryLine,
    Line,
    LineStatus,
    Money,
    Order,
    Price,
    Prices,
)
from ..machine import BULK_ANSWERS, LINE_ACTIONS, LINE_STATUSES, PRECEDENCE
from ..single_delivery import is_single_delivery, split_positions
from ..statuses import ProcessStatus, Route

__all__ = [
    "PURCHASE_ORDER_NUMBER",
    "deliveries",
    "delivery_bodies",
    "indicator_bodies",
    "line_action_bodies",
    "line_statuses",
    "message_bodies",
    "order_bodies",
    "orders",
    "prices",
    "response_bodies",
    "schedules",
    "single_delivery_bodies",
]

#: The purchase order number the strategies use unless told otherwise.
PURCHASE_ORDER_NUMBER = "PO-1"

_FLAGS = st.sampled_from([None, True, False])
_DATES = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2028, 12, 31))
_QUANTITIES = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
_POSITIONS = st.text(alphabet="0123456789", min_size=1, max_size=4)


def schedules(max_size: int = 3) -> st.SearchStrategy[tuple[DeliveryLine, ...]]:
    """Requested delivery schedules: up to ``max_size`` dated deliveries, positions 1, 2, ..."""
    return st.lists(st.tuples(_DATES, _QUANTITIES), max_size=max_size).map(
        lambda rows: tuple(
            DeliveryLine(date=date, quantity=quantity, position=str(n))
            for n, (date, quantity) in enumerate(rows, start=1)
        )
    )


def prices() -> st.SearchStrategy[Prices | None]:
    """No prices, or a net price in EUR."""
    return st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=1_000, places=2, allow_nan=False).map(
            lambda value: Prices(net_price=Price(price_in_transaction_currency=Money(value, "EUR")))
        ),
    )


def line_statuses(
    processes: Sequence[ProcessStatus] | None = None,
) -> st.SearchStrategy[LineStatus]:
    """Any consistent line status, or only those with one of ``processes``."""
    allowed = [s for s in LINE_STATUSES if processes is None or s.process_status in processes]
    return st.sampled_from(allowed)


@st.composite
def _lines(draw: st.DrawFn, position: str, processes: Sequence[ProcessStatus] | None) -> Line:
    status = draw(line_statuses(processes))
    buyer = BuyerLine(
        position=position,
        delivery_schedule=draw(schedules()),
        prices=draw(prices()),
        indicators=BuyerLineIndicators(propose_when_accepted=draw(st.sampled_from([None, True]))),
    )
    confirmed = None
    if status.process_status is ProcessStatus.CONFIRMED or draw(st.booleans()):
        same = ConfirmedLine.of(buyer.delivery_schedule, buyer.prices)
        confirmed = draw(
            st.one_of(st.just(same), st.builds(ConfirmedLine.of, schedules(), prices()))
        )
    return Line(buyer, status, confirmed)


@st.composite
def orders(
    draw: st.DrawFn,
    *,
    min_lines: int = 0,
    max_lines: int = 8,
    processes: Sequence[ProcessStatus] | None = None,
    purchase_order_number: str = PURCHASE_ORDER_NUMBER,
) -> Order:
    """Orders of ``min_lines`` to ``max_lines`` lines, in any mix of statuses (or only
    ``processes``), with unique positions; ``Confirmed`` lines always have confirmed values."""
    positions = draw(st.lists(_POSITIONS, min_size=min_lines, max_size=max_lines, unique=True))
    header = BuyerOrder(
        purchase_order_number,
        indicators=BuyerOrderIndicators(auto_confirm=draw(st.sampled_from([None, True]))),
    )
    return Order(header, tuple(draw(_lines(p, processes)) for p in positions))


def _json(value: Any) -> Any:
    return converter.unstructure(value)


def _some_positions(draw: st.DrawFn, order: Order | None) -> list[str]:
    known = [line.position for line in order.lines] if order else []
    chosen = draw(st.lists(st.sampled_from(known), unique=True)) if known else []
    return [str(p) for p in chosen]


def _indicators(
    draw: st.DrawFn, level: str, allowed: Collection[str] | None, *extra: str
) -> dict[str, bool]:
    names = [i.name for group in PRECEDENCE for i in group if level in i.levels]
    chosen = [n for n in (*names, *extra) if allowed is None or n in allowed]
    drawn = {name: draw(_FLAGS) for name in chosen}
    return {name: value for name, value in drawn.items() if value is not None}


@st.composite
def order_bodies(
    draw: st.DrawFn,
    order: Order | None,
    *,
    new_lines: bool = True,
    indicators: Collection[str] | None = None,
) -> dict[str, Any]:
    """``/order`` bodies for ``order`` (``None``: a new order): some of its lines, with or without
    new values, and maybe new lines; any indicator on both levels, or only those named in
    ``indicators`` (JSON names; ``()`` for none)."""
    purchase_order_number = order.purchase_order_number if order else PURCHASE_ORDER_NUMBER
    positions = _some_positions(draw, order)
    if new_lines or order is None:
        known = {line.position for line in order.lines} if order else set()
        fresh = ["N" + p for p in draw(st.lists(_POSITIONS, max_size=3, unique=True))]
        positions += [p for p in fresh if p not in known]
    lines = []
    for position in positions:
        line: dict[str, Any] = {"position": position}
        if draw(st.booleans()):
            line["deliverySchedule"] = _json(draw(schedules()))
        if draw(st.booleans()) and (drawn := draw(prices())) is not None:
            line["prices"] = _json(drawn)
        own = _indicators(draw, "line", indicators, "proposeWhenAccepted")
        if own:
            line["indicators"] = own
        lines.append(line)
    header: dict[str, Any] = {"purchaseOrderNumber": purchase_order_number}
    header_indicators = _indicators(
        draw, "order", indicators, "cancelLineWhenMissing", "autoConfirm"
    )
    if header_indicators:
        header["indicators"] = header_indicators
    return {"order": header, "lines": lines}


@st.composite
def indicator_bodies(
    draw: st.DrawFn, order: Order, *, indicators: Collection[str] | None = None
) -> dict[str, Any]:
    """``/order/indicators`` bodies for ``order``: order-level and line-level indicators, any of
    them or only those named in ``indicators``."""
    lines = [
        {"position": position, "indicators": _indicators(draw, "line", indicators)}
        for position in _some_positions(draw, order)
    ]
    header = {
        "purchaseOrderNumber": order.purchase_order_number,
        "indicators": _indicators(draw, "order", indicators),
    }
    return {"order": header, "lines": lines}


@st.composite
def response_bodies(draw: st.DrawFn, order: Order) -> dict[str, Any]:
    """``/order-response`` bodies for ``order``: at least one of its lines, each accepted,
    rejected, or answered with the requested, the confirmed or other values."""
    chosen = draw(
        st.lists(st.sampled_from(order.lines), min_size=1, unique_by=lambda line: line.position)
    )
    lines = []
    for line in chosen:
        body: dict[str, Any] = {"purchaseOrderLinePosition": line.position}
        how = draw(st.sampled_from(["accepted", "rejected", "requested", "confirmed", "other"]))
        if how in ("accepted", "rejected"):
            body["indicators"] = {how: True}
        elif how == "requested":
            body["deliverySchedule"] = _json(line.buyer_line.delivery_schedule)
            if line.buyer_line.prices is not None:
                body["prices"] = _json(line.buyer_line.prices)
        elif how == "confirmed" and line.confirmed_line is not None:
            body["deliverySchedule"] = _json(line.confirmed_line.delivery_schedule)
            if line.confirmed_line.prices is not None:
                body["prices"] = _json(line.confirmed_line.prices)
        else:
            body["deliverySchedule"] = _json(draw(schedules(max_size=2)))
            body["reason"] = "other values"
        lines.append(body)
    header: dict[str, Any] = {
        "buyerAccountNumber": "BUYER-1",
        "purchaseOrderNumber": order.purchase_order_number,
    }
    return {"order": header, "lines": lines}


def _scheduled_delivery(draw: st.DrawFn) -> dict[str, Any]:
    date, quantity = draw(st.tuples(_DATES, _QUANTITIES))
    return {"date": date.isoformat(), "quantity": quantity}


@st.composite
def single_delivery_bodies(
    draw: st.DrawFn,
    order: Order | None,
    *,
    splits: bool = False,
    indicators: Collection[str] | None = None,
) -> dict[str, Any]:
    """``order/single-delivery`` bodies for ``order`` (``None``: a new order): some of its lines,
    maybe new ones, each with or without a scheduled delivery; with ``splits``, also split lines
    (``originalPosition``): those the order has, and new ones."""
    purchase_order_number = order.purchase_order_number if order else PURCHASE_ORDER_NUMBER
    originals = _some_positions(draw, order)
    taken = {line.position for line in order.lines} if order else set()
    splits_of: dict[str, list[str]] = {}
    if order is not None:
        taken |= {
            d.position
            for line in order.lines
            for d in line.buyer_line.delivery_schedule
            if d.position is not None
        }
        if is_single_delivery(order):
            for split, original in split_positions(order).items():
                splits_of.setdefault(original, []).append(split)
    if order is None or draw(st.booleans()):
        fresh = ["N" + p for p in draw(st.lists(_POSITIONS, max_size=3, unique=True))]
        originals += [p for p in fresh if p not in taken]
    taken |= set(originals)
    lines: list[dict[str, Any]] = []

    def line_body(position: str, original: str | None) -> dict[str, Any]:
        line: dict[str, Any] = {"position": position}
        if original is not None:
            line["originalPosition"] = original
        if original is None or draw(st.booleans()):
            line["scheduledDelivery"] = _scheduled_delivery(draw)
        if draw(st.booleans()) and (drawn := draw(prices())) is not None:
            line["prices"] = _json(drawn)
        own = _indicators(draw, "line", indicators, "proposeWhenAccepted")
        if own:
            line["indicators"] = own
        return line

    for original in originals:
        lines.append(line_body(original, None))
        if not splits:
            continue
        known = splits_of.get(original, [])
        chosen = draw(st.lists(st.sampled_from(known), unique=True)) if known else []
        new = [f"S{original}-{n}" for n in range(draw(st.integers(0, 2)))]
        for split in [*chosen, *(p for p in new if p not in taken)]:
            taken.add(split)
            lines.append(line_body(split, original))
    header: dict[str, Any] = {"purchaseOrderNumber": purchase_order_number}
    header_indicators = _indicators(
        draw, "order", indicators, "cancelLineWhenMissing", "autoConfirm"
    )
    if header_indicators:
        header["indicators"] = header_indicators
    return {"order": header, "lines": lines}


@st.composite
def line_action_bodies(draw: st.DrawFn, order: Order, route: Route) -> dict[str, Any]:
    """Bodies of the portal's line actions (``route`` one of :data:`LINE_ACTIONS` or of the bulk
    answers, :data:`BULK_ANSWERS`, whose ``linePositions`` may be left out)."""
    if route not in LINE_ACTIONS and route not in BULK_ANSWERS:
        raise ValueError(f"{route} is not a line action")
    positions = _some_positions(draw, order) or [line.position for line in order.lines[:1]]
    body: dict[str, Any] = {"reason": "test", "version": draw(st.integers(0, 99))}
    if route in LINE_ACTIONS or draw(st.booleans()):
        body["linePositions"] = positions
    return body


def deliveries(max_size: int = 3) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Actual deliveries as JSON: up to ``max_size``, each a date and a quantity, maybe a
    position (order/buyer/receive-goods.md)."""
    delivery = st.fixed_dictionaries(
        {"date": _DATES.map(datetime.date.isoformat), "quantity": _QUANTITIES},
        optional={"position": _POSITIONS},
    )
    return st.lists(delivery, max_size=max_size)


@st.composite
def delivery_bodies(draw: st.DrawFn, order: Order, route: Route) -> dict[str, Any]:
    """Bodies of ``/order/deliveries`` (append) and ``/order/deliveryHistory`` (replace) for
    ``order``: at least one of its lines, each with deliveries."""
    if route not in (Route.ORDER_DELIVERIES, Route.ORDER_DELIVERY_HISTORY):
        raise ValueError(f"{route} is not a delivery route")
    positions = _some_positions(draw, order) or [line.position for line in order.lines[:1]]
    field = "deliveries" if route is Route.ORDER_DELIVERIES else "deliveryHistory"
    lines = [{"position": position, field: draw(deliveries())} for position in positions]
    return {"order": {"purchaseOrderNumber": order.purchase_order_number}, "lines": lines}


def message_bodies(route: Route | str, order: Order | None) -> st.SearchStrategy[dict[str, Any]]:
    """Valid bodies for ``route`` that refer to ``order``'s lines."""
    route = Route(route)
    if route is Route.ORDER:
        return order_bodies(order)
    if route is Route.ORDER_SINGLE_DELIVERY:
        return single_delivery_bodies(order)
    if order is None:
        raise ValueError(f"{route.value} needs an order")
    if route is Route.ORDER_INDICATORS:
        return indicator_bodies(order)
    if route is Route.ORDER_RESPONSE:
        return response_bodies(order)
    if route in (Route.ORDER_DELIVERIES, Route.ORDER_DELIVERY_HISTORY):
        return delivery_bodies(order, route)
    return line_action_bodies(order, route)


st.register_type_strategy(Order, orders())
st.register_type_strategy(LineStatus, line_statuses())
