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
from decimal import Decimal
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from .._names import json_name
from ..codec import converter
from ..entities import (
    BuyerLine,
    BuyerLineIndicators,
    BuyerOrder,
    BuyerOrderIndicators,
    BuyerRequests,
    ConfirmedLine,
    Delivery,
    DeliveryLine,
    Item,
    Line,
    LineStatus,
    Money,
    Order,
    Price,
    Prices,
    Request,
    ScheduleLine,
    SupplierLine,
    SupplierOrder,
    SupplierRequests,
)
from ..machine import BULK_ANSWERS, LINE_ACTIONS, LINE_STATUSES, PRECEDENCE
from ..readmodel import (
    ChargeLine,
    Code,
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
from ..statuses import (
    InProgressStatus,
    LogisticsStatus,
    ProcessStatus,
    RequestStatus,
    Route,
)

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
    "requests",
    "response_bodies",
    "schedules",
    "single_delivery_bodies",
    "supplier_orders",
]

#: The purchase order number the strategies use unless told otherwise.
PURCHASE_ORDER_NUMBER = "PO-1"

_FLAGS = st.sampled_from([None, True, False])
_DATES = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2028, 12, 31))
_MAYBE_DATES = st.one_of(st.none(), _DATES)
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


_AMOUNTS = st.decimals(min_value=0, max_value=1_000, places=2, allow_nan=False)


@functools.cache
def _price() -> st.SearchStrategy[Price]:
    """A price in the transaction currency, the base currency, or both
    (order/buyer/issue/README.md, prices)."""
    transaction = st.builds(Money, _AMOUNTS, st.sampled_from(["EUR", "CNY", "USD"]))
    base = st.builds(Money, _AMOUNTS, st.just("EUR"))
    return st.one_of(
        st.builds(Price, transaction, _maybe(base)),
        st.builds(Price, price_in_base_currency=base),
    )


@functools.cache
def prices(*, rich: bool = False) -> st.SearchStrategy[Prices | None]:
    """No prices, or a net price in EUR; with ``rich``, any of the price fields instead: a gross
    price with a discount percentage, a net price, each in the transaction currency, the base
    currency or both, the price unit of measure and quantity (order/buyer/issue/README.md,
    prices)."""
    plain = _AMOUNTS.map(
        lambda value: Prices(net_price=Price(price_in_transaction_currency=Money(value, "EUR")))
    )
    if not rich:
        return st.one_of(st.none(), plain)
    full = st.builds(
        Prices,
        gross_price=_maybe(_price()),
        discount_percentage=_maybe(st.decimals(min_value=0, max_value=100, places=1)),
        net_price=_maybe(_price()),
        price_unit_of_measure_iso=_maybe(st.sampled_from(["PCE", "KGM", "MTR"])),
        price_unit_quantity=_maybe(st.sampled_from([Decimal(1), Decimal(100)])),
    )
    return st.one_of(st.none(), full)


#: Logistics statuses from the least advanced to the most (order/status.md).
_ADVANCE = (
    LogisticsStatus.OPEN,
    LogisticsStatus.PRODUCED,
    LogisticsStatus.READY_TO_SHIP,
    LogisticsStatus.SHIPPED,
    LogisticsStatus.DELIVERED,
)


@st.composite
def _with_logistics(
    draw: st.DrawFn, schedule: tuple[DeliveryLine, ...], line_status: LogisticsStatus
) -> tuple[DeliveryLine, ...]:
    """``schedule`` with logistics fields on its delivery lines (``status``, ``etd``, ``eta``;
    order/buyer/receive/README.md, logistics fields) that agree with the line's logistics status:
    the least advanced delivery line is at it (decision D85). A line whose logistics status is
    ``Cancelled`` gets none, as its delivery lines never are."""
    if not schedule or line_status not in _ADVANCE:
        return schedule
    allowed = _delivery_statuses(line_status)
    statuses = [draw(allowed) for _ in schedule]
    if line_status is not LogisticsStatus.OPEN or all(s is not None for s in statuses):
        statuses[draw(st.integers(0, len(schedule) - 1))] = line_status
    return tuple(
        attrs.evolve(d, status=status, etd=draw(_MAYBE_DATES), eta=draw(_MAYBE_DATES))
        for d, status in zip(schedule, statuses, strict=True)
    )


@functools.cache
def _delivery_statuses(line_status: LogisticsStatus) -> st.SearchStrategy[LogisticsStatus | None]:
    """A delivery line's status on a line at ``line_status``: none, or as advanced or more."""
    return _maybe(st.sampled_from(_ADVANCE[_ADVANCE.index(line_status) :]))


@functools.cache
def _history() -> st.SearchStrategy[tuple[Delivery, ...]]:
    """An actual delivery history (order/buyer/receive-goods.md): up to two deliveries, each
    maybe with a position."""
    return st.lists(st.builds(Delivery, _DATES, _QUANTITIES, _maybe(_POSITIONS)), max_size=2).map(
        tuple
    )


_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ-0123456789", max_size=12)
_CODES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=4)
_TEXTS = st.lists(_TEXT, min_size=1, max_size=2).map(tuple)
_UUIDS = st.uuids().map(str)


@functools.lru_cache(maxsize=256)
def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@functools.cache
def _items() -> st.SearchStrategy[Item | None]:
    """No item, or what the buyer's ERP knows of it (order/buyer/issue/README.md, item)."""
    return _maybe(
        st.builds(
            Item,
            number=_maybe(_CODES),
            revision=_maybe(_CODES),
            name=_maybe(_TEXT),
            purchase_unit_of_measure_iso=_maybe(st.sampled_from(["PCE", "KGM"])),
            supplier_item_number=_maybe(_CODES),
        )
    )


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
            st.tuples(st.sampled_from(["FC", "ABK", "AEO"]), _TEXT, _QUANTITIES, _price()),
            max_size=2,
        ).map(
            lambda rows: tuple(
                ChargeLine(
                    code,
                    text,
                    quantity,
                    price,
                    position=f"0{n}",
                    price_unit_of_measure_iso="PCE",
                )
                for n, (code, text, quantity, price) in enumerate(rows, start=1)
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


@functools.cache
def _supplier_fields() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "sales_order_number": _maybe(_CODES),
            "sales_order_position": _maybe(_CODES),
            "description": _maybe(_TEXT),
            "item_details": item_details(),
            "properties": _PROPERTIES,
            "notes": _maybe(_TEXTS),
            "documents": documents(),
        }
    )


@functools.cache
def _buyer_line_fields() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "row": _maybe(_CODES),
            "description": _maybe(_TEXT),
            "item_details": item_details(),
            "charge_lines": charge_lines(),
            "terms": _maybe(st.builds(LineTerms, _maybe(_CODES), _maybe(_CODES))),
            "project_number": _maybe(_CODES),
            "production_number": _maybe(_CODES),
            "sales_order_number": _maybe(_CODES),
            "properties": _PROPERTIES,
            "documents": documents(),
            "notes": _maybe(_TEXTS),
            "labels": _maybe(_TEXTS),
        }
    )


@functools.cache
def _buyer_order_fields() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "description": _maybe(_TEXT),
            "company_id": _maybe(st.uuids().map(str)),
            "buyer_party": _maybe(parties()),
            "buyer_accounting_party": _maybe(parties()),
            "supplier_party": _maybe(parties()),
            "destination": _maybe(
                st.builds(
                    Destination,
                    code=_maybe(_CODES),
                    names=_maybe(_TEXTS),
                    address_lines=_maybe(_TEXTS),
                    postal_code=_maybe(st.just("3011 AA")),
                    city=_maybe(_TEXT),
                    country_code_iso2=_maybe(st.sampled_from(["NL", "DE"])),
                    country_name=_maybe(_TEXT),
                    location_type=_maybe(st.just("warehouse")),
                )
            ),
            "contact": _CONTACTS,
            "supplier_contact": _CONTACTS,
            "terms": _maybe(
                st.builds(
                    OrderTerms,
                    _maybe(st.just("CIF")),
                    _maybe(_TEXT),
                    _maybe(st.just("30D")),
                    _maybe(_TEXT),
                )
            ),
            "properties": _PROPERTIES,
            "notes": _maybe(_TEXTS),
            "labels": _maybe(_TEXTS),
            "documents": documents(),
            "order_type": _maybe(st.sampled_from(OrderType)),
        }
    )


def line_statuses(
    processes: Sequence[ProcessStatus] | None = None,
) -> st.SearchStrategy[LineStatus]:
    """Any consistent line status, or only those with one of ``processes``."""
    return _line_statuses(None if processes is None else tuple(processes))


@functools.cache
def _line_statuses(processes: tuple[ProcessStatus, ...] | None) -> st.SearchStrategy[LineStatus]:
    allowed = [s for s in LINE_STATUSES if processes is None or s.process_status in processes]
    return st.sampled_from(allowed)


@functools.cache
def _maybe_event_dates() -> st.SearchStrategy[EventDates | None]:
    return _maybe(event_dates())


@functools.cache
def _maybe_instants() -> st.SearchStrategy[Instant | None]:
    return _maybe(instants())


@functools.cache
def requests(
    status: RequestStatus | None = None,
) -> st.SearchStrategy[Request]:
    """Proposals and reopen requests (order/buyer/receive/README.md, supplier requests): a
    delivery schedule, prices, charge lines and a reason asked for, in ``status`` (any, when
    ``None``)."""
    return st.builds(
        Request,
        schedules(max_size=2).map(lambda rows: tuple(map(ScheduleLine.of, rows))),
        prices(rich=True),
        _maybe(_TEXT),
        st.sampled_from(RequestStatus) if status is None else st.just(status),
        charge_lines(),
    )


#: The open request an in-progress status names, and whose it is.
_OPEN_REQUESTS: Final = {
    InProgressStatus.OPEN_SUPPLIER_PROPOSAL: "proposal",
    InProgressStatus.OPEN_SUPPLIER_REOPEN_REQUEST: "supplier reopen",
    InProgressStatus.OPEN_BUYER_REOPEN_REQUEST: "buyer reopen",
}
#: Where a request that is no longer open is kept.
_WHOSE: Final = st.sampled_from(["proposal", "supplier reopen", "buyer reopen"])


@functools.cache
def _closed_requests() -> st.SearchStrategy[Request | None]:
    """No request, or one that is no longer open (kept on a line of any status)."""
    return _maybe(
        st.sampled_from(
            [RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.CLOSED]
        ).flatmap(requests)
    )


@functools.cache
def _confirmed(rich: bool) -> st.SearchStrategy[ConfirmedLine]:
    """Confirmed values other than the requested ones."""
    return st.builds(
        ConfirmedLine.of, schedules(), prices(rich=rich), charge_lines() if rich else st.none()
    )


_MAYBE_BOOL: Final = st.one_of(st.none(), st.booleans())
_PROPOSE: Final = st.sampled_from([None, True])
_DELIVERED: Final = st.sampled_from([None, None, True, False])
_LINE_TYPES: Final = st.one_of(st.none(), st.sampled_from(LineType))
_IDS: Final = st.one_of(st.none(), st.uuids().map(str))
_REASON_CODES: Final = st.one_of(st.none(), st.sampled_from([Code("FC"), Code("ABK")]))


@st.composite
def _requests(draw: st.DrawFn, status: LineStatus) -> tuple[SupplierRequests, BuyerRequests, bool]:
    """The requests of a rich line: the open one its in-progress status names, else maybe a
    closed one; and whether the request needs confirmed values (a reopen request)."""
    which = _OPEN_REQUESTS.get(status.in_progress_status)  # type: ignore[arg-type]
    if which is None:
        closed = draw(_closed_requests())
        if closed is None:
            return SupplierRequests(), BuyerRequests(), False
        where = draw(_WHOSE)
        which, request = where, closed
    else:
        request = draw(requests(RequestStatus.OPEN))
    if which == "proposal":
        return SupplierRequests(proposal=request), BuyerRequests(), False
    if which == "supplier reopen":
        return SupplierRequests(reopen_request=request), BuyerRequests(), True
    return SupplierRequests(), BuyerRequests(reopen_request=request), True


@st.composite
def _lines(
    draw: st.DrawFn, position: str, processes: Sequence[ProcessStatus] | None, details: bool
) -> Line:
    status = draw(line_statuses(processes))
    details = details and draw(st.booleans())  # rich lines beside plain ones: bounded inputs
    schedule = draw(schedules())
    if details and draw(st.booleans()):
        schedule = draw(_with_logistics(schedule, status.logistics_status))
    buyer_requests = BuyerRequests()
    supplier_requests = SupplierRequests()
    reopened = False
    if details:
        supplier_requests, buyer_requests, reopened = draw(_requests(status))
    buyer = BuyerLine(
        position=position,
        item=draw(_items()) if details else None,
        delivery_schedule=schedule,
        prices=draw(prices(rich=details)),
        indicators=BuyerLineIndicators(
            no_delivery_expected=draw(_MAYBE_BOOL) if details else None,
            propose_when_accepted=draw(_PROPOSE),
            delivered=draw(_DELIVERED) if details else None,
        ),
        requests=buyer_requests,
        delivery_history=draw(_history()) if details else (),
        **(draw(_buyer_line_fields()) if details else {}),
    )
    confirmed = None
    if status.process_status is ProcessStatus.CONFIRMED or reopened or draw(st.booleans()):
        same = ConfirmedLine.of(buyer.delivery_schedule, buyer.prices, buyer.charge_lines)
        confirmed = same if draw(st.booleans()) else draw(_confirmed(details))
    if not details:
        return Line(buyer, status, confirmed)
    supplier = (
        SupplierLine(supplier_requests, **draw(_supplier_fields()))
        if supplier_requests != SupplierRequests() or draw(st.booleans())
        else None
    )
    facts = LineFacts(
        id=draw(_IDS),
        line_type=draw(_LINE_TYPES),
        charge_reason_code=draw(_REASON_CODES),
        event_dates=draw(_maybe_event_dates()),
        last_updated_at=draw(_maybe_instants()),
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
    parties, terms, custom fields, documents, items and item details, charge lines, every price
    field, delivery-line logistics that agree with the line's logistics status, the delivery
    history, the open proposal or reopen request an in-progress status names (and closed ones),
    the supplier's parts, ids, version and dates."""
    positions = draw(st.lists(_POSITIONS, min_size=min_lines, max_size=max_lines, unique=True))
    rich = details and draw(st.booleans())
    header = BuyerOrder(
        purchase_order_number,
        indicators=BuyerOrderIndicators(auto_confirm=draw(st.sampled_from([None, True]))),
        supplier_account_number=draw(_maybe(_CODES)) if rich else None,
        **(draw(_buyer_order_fields()) if rich else {}),
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
            line |= _json(_present(draw(_buyer_line_fields())))
        lines.append(line)
    header: dict[str, Any] = {"purchaseOrderNumber": purchase_order_number}
    header_indicators = _indicators(
        draw, "order", indicators, "cancelLineWhenMissing", "autoConfirm"
    )
    if header_indicators:
        header["indicators"] = header_indicators
    if draw(st.booleans()):
        header |= _json(_present(draw(_buyer_order_fields())))
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
            body |= _json(_present(draw(_supplier_fields())))
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


@functools.cache
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
