"""Hypothesis strategies: possible orders, and valid message bodies that refer to an order's lines.

Orders come out as frozen :class:`~tradecloud_domain.Order` values, valid by construction (each
line status consistent, positions unique, ``Confirmed`` lines with confirmed values). Messages come
out as JSON-shaped bodies, the very thing an integration sends, so they can be handed to a system
under test as they are, and to :func:`~tradecloud_domain.parse_message` for the expected outcome.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Collection, Sequence
from typing import Any

from hypothesis import strategies as st

from .._names import json_name
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
    SupplierLine,
    SupplierOrder,
)
from ..machine import BULK_ANSWERS, LINE_ACTIONS, LINE_STATUSES, PRECEDENCE
from ..readmodel import (
    ChargeLine,
    Contact,
    Destination,
    Document,
    EventDates,
    Instant,
    ItemDetails,
    LineFacts,
    LineTerms,
    LineType,
    OrderTerms,
    OrderType,
    Party,
    Property,
)
from ..single_delivery import is_single_delivery, split_positions
from ..statuses import ProcessStatus, Route

__all__ = [
    "PURCHASE_ORDER_NUMBER",
    "charge_lines",
    "deliveries",
    "delivery_bodies",
    "documents",
    "event_dates",
    "indicator_bodies",
    "instants",
    "item_details",
    "line_action_bodies",
    "line_statuses",
    "message_bodies",
    "order_bodies",
    "orders",
    "parties",
    "prices",
    "response_bodies",
    "schedules",
    "single_delivery_bodies",
    "supplier_orders",
]

#: The purchase order number the strategies use unless told otherwise.
PURCHASE_ORDER_NUMBER = "PO-1"

_FLAGS = st.sampled_from([None, True, False])
_DATES = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2028, 12, 31))
_QUANTITIES = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
_POSITIONS = st.text(alphabet="0123456789", min_size=1, max_size=4)


@functools.cache
def schedules(max_size: int = 3) -> st.SearchStrategy[tuple[DeliveryLine, ...]]:
    """Requested delivery schedules: up to ``max_size`` dated deliveries, positions 1, 2, ...,
    some with a mode of transport."""
    modes = st.sampled_from([None, None, "Road", "Sea"])
    return st.lists(st.tuples(_DATES, _QUANTITIES, modes), max_size=max_size).map(
        lambda rows: tuple(
            DeliveryLine(date=date, quantity=quantity, position=str(n), transport_mode=mode)
            for n, (date, quantity, mode) in enumerate(rows, start=1)
        )
    )


@functools.cache
def prices() -> st.SearchStrategy[Prices | None]:
    """No prices, or a net price in EUR."""
    return st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=1_000, places=2, allow_nan=False).map(
            lambda value: Prices(net_price=Price(price_in_transaction_currency=Money(value, "EUR")))
        ),
    )


_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ-0123456789", max_size=12)
_CODES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=4)
_TEXTS = st.lists(_TEXT, min_size=1, max_size=2).map(tuple)
_UUIDS = st.uuids().map(str)


@functools.lru_cache(maxsize=256)
def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@functools.cache
def instants() -> st.SearchStrategy[Instant]:
    """Moments as Tradecloud stamps them: whole milliseconds, in UTC or without a zone."""
    return st.builds(
        lambda moment, utc: Instant.of(
            moment.replace(microsecond=moment.microsecond // 1000 * 1000, tzinfo=utc)
        ),
        st.datetimes(
            min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 1, 1)
        ),
        st.sampled_from([None, datetime.UTC]),
    )


@functools.cache
def event_dates() -> st.SearchStrategy[EventDates]:
    """Event date-times under event names."""
    return st.dictionaries(
        st.sampled_from(["OrderIssuedByBuyer", "OrderLinesAcceptedBySupplier", "issued"]),
        instants(),
        max_size=2,
    ).map(lambda table: EventDates(tuple(table.items())))


@functools.cache
def parties() -> st.SearchStrategy[Party]:
    """Company parties (order/buyer/issue/README.md, company party)."""
    return st.builds(
        Party,
        id=_maybe(_CODES),
        id_scheme=_maybe(st.sampled_from(["GLN", "KvK"])),
        names=_maybe(_TEXTS),
        address_lines=_maybe(_TEXTS),
        postal_code=_maybe(_TEXT),
        city=_maybe(_TEXT),
        country_code_iso2=_maybe(st.sampled_from(["NL", "DE", "CN"])),
        country_name=_maybe(_TEXT),
    )


@functools.cache
def documents() -> st.SearchStrategy[tuple[Document, ...] | None]:
    """No documents, or a few stored or linked ones."""
    document = st.builds(
        Document,
        code=_maybe(_CODES),
        revision=_maybe(_CODES),
        name=_maybe(_TEXT),
        object_id=_maybe(_UUIDS),
        url=_maybe(st.just("https://example.com/drawing.pdf")),
        type=_maybe(st.just("General")),
        description=_maybe(_TEXT),
    )
    return _maybe(st.lists(document, max_size=2).map(tuple))


@functools.cache
def item_details() -> st.SearchStrategy[ItemDetails | None]:
    """No item details, or some; a net weight always comes with its unit."""
    weight = st.one_of(
        st.just((None, None)),
        st.tuples(st.decimals(min_value=0, max_value=1000, places=3), st.just("KGM")),
    )
    return _maybe(
        st.builds(
            lambda w, **fields: ItemDetails(
                net_weight=w[0], net_weight_unit_of_measure_iso=w[1], **fields
            ),
            weight,
            country_of_origin_code_iso2=_maybe(st.sampled_from(["NL", "CN"])),
            combined_nomenclature_code=_maybe(st.just("6406 10 10")),
            dangerous_goods_code_unece=_maybe(st.just("0060")),
            serial_number=_maybe(_CODES),
            batch_number=_maybe(_CODES),
        )
    )


@functools.cache
def charge_lines() -> st.SearchStrategy[tuple[ChargeLine, ...] | None]:
    """No charge lines (deprecated), or a few with unique positions."""
    return _maybe(
        st.lists(
            st.tuples(
                st.sampled_from(["FC", "ABK", "AEO"]),
                _TEXT,
                _QUANTITIES,
                st.decimals(min_value=0, max_value=100, places=2),
            ),
            max_size=2,
        ).map(
            lambda rows: tuple(
                ChargeLine(
                    code,
                    text,
                    quantity,
                    Price(Money(value, "EUR")),
                    position=f"0{n}",
                    price_unit_of_measure_iso="PCE",
                )
                for n, (code, text, quantity, value) in enumerate(rows, start=1)
            )
        )
    )


_PROPERTIES = _maybe(
    st.lists(st.builds(Property, _CODES, _TEXT), min_size=1, max_size=2).map(tuple)
)
_CONTACTS = _maybe(st.builds(Contact, st.just("buyer@example.com")))


@functools.cache
def supplier_orders() -> st.SearchStrategy[SupplierOrder | None]:
    """No supplier header, or one as order responses leave it."""
    return _maybe(
        st.builds(
            SupplierOrder,
            company_id=_maybe(_UUIDS),
            buyer_account_number=_maybe(_CODES),
            description=_maybe(_TEXT),
            contact=_CONTACTS,
            properties=_PROPERTIES,
            notes=_maybe(_TEXTS),
            documents=documents(),
        )
    )


_LINE_TERMS = _maybe(st.builds(LineTerms, _maybe(_CODES), _maybe(_CODES)))
_DESTINATIONS = _maybe(
    st.builds(
        Destination,
        code=_maybe(_CODES),
        names=_maybe(_TEXTS),
        city=_maybe(_TEXT),
        location_type=_maybe(st.just("warehouse")),
    )
)
_ORDER_TERMS = _maybe(
    st.builds(
        OrderTerms,
        _maybe(st.just("CIF")),
        _maybe(_TEXT),
        _maybe(st.just("30D")),
        _maybe(_TEXT),
    )
)


def _supplier_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "sales_order_number": draw(_maybe(_CODES)),
        "sales_order_position": draw(_maybe(_CODES)),
        "description": draw(_maybe(_TEXT)),
        "item_details": draw(item_details()),
        "properties": draw(_PROPERTIES),
        "notes": draw(_maybe(_TEXTS)),
        "documents": draw(documents()),
    }


def _buyer_line_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "row": draw(_maybe(_CODES)),
        "description": draw(_maybe(_TEXT)),
        "item_details": draw(item_details()),
        "charge_lines": draw(charge_lines()),
        "terms": draw(_LINE_TERMS),
        "project_number": draw(_maybe(_CODES)),
        "production_number": draw(_maybe(_CODES)),
        "sales_order_number": draw(_maybe(_CODES)),
        "properties": draw(_PROPERTIES),
        "documents": draw(documents()),
        "notes": draw(_maybe(_TEXTS)),
        "labels": draw(_maybe(_TEXTS)),
    }


def _buyer_order_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "description": draw(_maybe(_TEXT)),
        "company_id": draw(_maybe(_UUIDS)),
        "buyer_party": draw(_maybe(parties())),
        "buyer_accounting_party": draw(_maybe(parties())),
        "supplier_party": draw(_maybe(parties())),
        "destination": draw(_DESTINATIONS),
        "contact": draw(_CONTACTS),
        "supplier_contact": draw(_CONTACTS),
        "terms": draw(_ORDER_TERMS),
        "properties": draw(_PROPERTIES),
        "notes": draw(_maybe(_TEXTS)),
        "labels": draw(_maybe(_TEXTS)),
        "documents": draw(documents()),
        "order_type": draw(_maybe(st.sampled_from(OrderType))),
    }


def line_statuses(
    processes: Sequence[ProcessStatus] | None = None,
) -> st.SearchStrategy[LineStatus]:
    """Any consistent line status, or only those with one of ``processes``."""
    return _line_statuses(None if processes is None else tuple(processes))


@functools.cache
def _line_statuses(processes: tuple[ProcessStatus, ...] | None) -> st.SearchStrategy[LineStatus]:
    allowed = [s for s in LINE_STATUSES if processes is None or s.process_status in processes]
    return st.sampled_from(allowed)


_OTHER_CONFIRMED_LINES = st.builds(ConfirmedLine.of, schedules(), prices())


@st.composite
def _lines(
    draw: st.DrawFn, position: str, processes: Sequence[ProcessStatus] | None, details: bool
) -> Line:
    status = draw(line_statuses(processes))
    details = details and draw(st.booleans())  # rich lines beside plain ones: bounded inputs
    buyer = BuyerLine(
        position=position,
        delivery_schedule=draw(schedules()),
        prices=draw(prices()),
        indicators=BuyerLineIndicators(
            propose_when_accepted=draw(st.sampled_from([None, True])),
            delivered=draw(st.sampled_from([None, None, True, False])) if details else None,
        ),
        **(_buyer_line_fields(draw) if details else {}),
    )
    confirmed = None
    if status.process_status is ProcessStatus.CONFIRMED or draw(st.booleans()):
        same = ConfirmedLine.of(buyer.delivery_schedule, buyer.prices, buyer.charge_lines)
        confirmed = draw(st.one_of(st.just(same), _OTHER_CONFIRMED_LINES))
    if not details:
        return Line(buyer, status, confirmed)
    supplier = draw(_maybe(st.just(SupplierLine(**_supplier_fields(draw)))))
    line_type = draw(_maybe(st.sampled_from(LineType)))
    facts = LineFacts(
        id=draw(_maybe(_UUIDS)),
        line_type=line_type,
        charge_reason_code=draw(_maybe(st.sampled_from(["FC", "ABK"]))),
        event_dates=draw(_maybe(event_dates())),
        last_updated_at=draw(_maybe(instants())),
    )
    return Line(buyer, status, confirmed, supplier, None if facts == LineFacts() else facts)


@st.composite
def orders(
    draw: st.DrawFn,
    *,
    min_lines: int = 0,
    max_lines: int = 8,
    processes: Sequence[ProcessStatus] | None = None,
    purchase_order_number: str = PURCHASE_ORDER_NUMBER,
    details: bool = True,
) -> Order:
    """Orders of ``min_lines`` to ``max_lines`` lines, in any mix of statuses (or only
    ``processes``), with unique positions; ``Confirmed`` lines always have confirmed values.

    With ``details`` (the default) every other field of the read model may be drawn too:
    parties, terms, custom fields, documents, item details, charge lines, the supplier's parts,
    ids, version and dates."""
    positions = draw(st.lists(_POSITIONS, min_size=min_lines, max_size=max_lines, unique=True))
    rich = details and draw(st.booleans())
    header = BuyerOrder(
        purchase_order_number,
        indicators=BuyerOrderIndicators(auto_confirm=draw(st.sampled_from([None, True]))),
        supplier_account_number=draw(_maybe(_CODES)) if rich else None,
        **(_buyer_order_fields(draw) if rich else {}),
    )
    lines = tuple(draw(_lines(p, processes, details)) for p in positions)
    if not rich:
        return Order(header, lines)
    return Order(
        header,
        lines,
        id=draw(_maybe(_UUIDS)),
        supplier_order=draw(supplier_orders()),
        version=draw(_maybe(st.integers(0, 1000))),
        event_dates=draw(_maybe(event_dates())),
        last_updated_at=draw(_maybe(instants())),
    )


def _json(value: Any) -> Any:
    return converter.unstructure(value)


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    """Fields as JSON names and values, those drawn as absent left out."""
    return {json_name(name): value for name, value in fields.items() if value is not None}


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
        if draw(st.booleans()):
            line |= _json(_present(_buyer_line_fields(draw)))
        lines.append(line)
    header: dict[str, Any] = {"purchaseOrderNumber": purchase_order_number}
    header_indicators = _indicators(
        draw, "order", indicators, "cancelLineWhenMissing", "autoConfirm"
    )
    if header_indicators:
        header["indicators"] = header_indicators
    if draw(st.booleans()):
        header |= _json(_present(_buyer_order_fields(draw)))
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
        if draw(st.booleans()):
            body |= _json(_present(_supplier_fields(draw)))
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
    # The version the sender saw: the order's own, when it has one (a stale one answers 409).
    version = order.version if order.version is not None else draw(st.integers(0, 99))
    body: dict[str, Any] = {"reason": "test", "version": version}
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
