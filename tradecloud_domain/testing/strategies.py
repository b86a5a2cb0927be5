"""Hypothesis strategies: possible orders, and valid message bodies that refer to an order's lines.

Orders come out as frozen :class:`~tradecloud_domain.Order` values, valid by construction (each
line status consistent, positions unique, ``Confirmed`` lines with confirmed values). Messages come
out as JSON-shaped bodies, the very thing an integration sends, so they can be handed to a system
under test as they are, and to :func:`~tradecloud_domain.parse_message` for the expected outcome.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypeVar

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
    full = _sparse(
        Prices,
        {
            "gross_price": _price(),
            "discount_percentage": st.decimals(min_value=0, max_value=100, places=1),
            "net_price": _price(),
            "price_unit_of_measure_iso": ("PCE", "KGM", "MTR"),
            "price_unit_quantity": (Decimal(1), Decimal(100)),
        },
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


_T = TypeVar("_T")

#: The sample values of the fields no rule reads. Their text is echoed, so what matters is that it
#: comes back to the character: besides plain words, an empty text and one JSON writers get wrong
#: (quotes, a backslash, a line break, a tab, the line separator U+2028, letters beyond ASCII, a
#: character beyond the Basic Multilingual Plane).
_TEXT_SAMPLES: Final = ("Bolt M8 x 20", "", 'a "quoted" \\ line\nand\tmore\u2028 Ünïcødé 𝄞')
#: Codes hold no whitespace (identifiers, item numbers).
_CODE_SAMPLES: Final = ("A1", "0001", "X-9/Ü")
_TEXTS_SAMPLES: Final = (("Bolt M8 x 20",), ("line 1", 'line "2" \\ 𝄞'))
_UUID_SAMPLES: Final = (
    "0f8fad5b-d9cb-469f-a165-70867728950e",
    "7c9e6679-7425-40de-944b-e07fc1f90ae7",
)

_TEXT = st.sampled_from(_TEXT_SAMPLES)
#: No text or a sample text, in one draw (shrinking towards ``None``).
_MAYBE_TEXT = st.sampled_from((None, *_TEXT_SAMPLES))
_MAYBE_CODE = st.sampled_from((None, *_CODE_SAMPLES))

#: What a strategy made by :func:`_maybe` draws when it does not draw ``None``, by strategy.
_GIVEN: dict[st.SearchStrategy[Any], st.SearchStrategy[Any]] = {}


@functools.lru_cache(maxsize=256)
def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``None`` or what ``strategy`` draws."""
    maybe = st.one_of(st.none(), strategy)
    _GIVEN[maybe] = strategy
    return maybe


def _sparse(
    build: Callable[..., _T], fields: Mapping[str, Sequence[Any] | st.SearchStrategy[Any]]
) -> st.SearchStrategy[_T]:
    """``build`` called with any subset of ``fields``: a bit each says which are given, and one
    draw which of its sample values each given field takes; a field given as a strategy is drawn
    (a :func:`_maybe` strategy's value: the bit says whether the field is given). Any combination
    of fields can come out, shrinking leaves fields out, and a structure costs a draw per six
    fields plus one, and its drawn fields, instead of two draws or more a field: most of an
    example's time goes to hypothesis' bookkeeping of each draw."""
    fields = {
        name: _GIVEN.get(value, value) if isinstance(value, st.SearchStrategy) else value
        for name, value in fields.items()
    }
    names = tuple(fields)
    width = max(
        (len(v) for v in fields.values() if not isinstance(v, st.SearchStrategy)), default=1
    )
    # Hypothesis draws an integer below 2**6 about uniformly, a wider one favouring small values
    # (whose high bits would be the fields rarely given): the mask is drawn 6 bits at a time.
    chunks = [
        (start, st.integers(0, (1 << min(6, len(names) - start)) - 1))
        for start in range(0, len(names), 6)
    ]
    variants = st.integers(0, width - 1)

    @st.composite
    def sparse(draw: st.DrawFn) -> _T:
        mask = 0
        for start, chunk in chunks:
            mask |= draw(chunk) << start
        variant = draw(variants) if mask else 0
        chosen: dict[str, Any] = {}
        for bit, name in enumerate(names):
            if mask >> bit & 1:
                value = fields[name]
                if isinstance(value, st.SearchStrategy):
                    chosen[name] = draw(value)
                else:
                    chosen[name] = value[variant % len(value)]
        return build(**chosen)

    return sparse()


@functools.cache
def _items() -> st.SearchStrategy[Item | None]:
    """No item, or what the buyer's ERP knows of it (order/buyer/issue/README.md, item)."""
    return _maybe(
        _sparse(
            Item,
            {
                "number": _CODE_SAMPLES,
                "revision": _CODE_SAMPLES,
                "name": _TEXT_SAMPLES,
                "purchase_unit_of_measure_iso": ("PCE", "KGM"),
                "supplier_item_number": _CODE_SAMPLES,
            },
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
    return _sparse(
        Party,
        {
            "id": _CODE_SAMPLES,
            "id_scheme": ("GLN", "KvK"),
            "names": _TEXTS_SAMPLES,
            "address_lines": _TEXTS_SAMPLES,
            "postal_code": ("3011 AA", *_TEXT_SAMPLES),
            "city": _TEXT_SAMPLES,
            "country_code_iso2": ("NL", "DE", "CN"),
            "country_name": _TEXT_SAMPLES,
        },
    )


@functools.cache
def documents() -> st.SearchStrategy[tuple[Document, ...] | None]:
    """No documents, or a few stored or linked ones."""
    document = _sparse(
        Document,
        {
            "code": _CODE_SAMPLES,
            "revision": _CODE_SAMPLES,
            "name": _TEXT_SAMPLES,
            "object_id": _UUID_SAMPLES,
            "url": ("https://example.com/drawing.pdf",),
            "type": ("General",),
            "description": _TEXT_SAMPLES,
        },
    )
    return _maybe(st.lists(document, max_size=2).map(tuple))


@functools.cache
def item_details() -> st.SearchStrategy[ItemDetails | None]:
    """No item details, or some; a net weight always comes with its unit."""
    return _maybe(
        _sparse(
            _item_details,
            {
                "weight": st.decimals(min_value=0, max_value=1000, places=3),
                "country_of_origin_code_iso2": ("NL", "CN"),
                "combined_nomenclature_code": ("6406 10 10",),
                "dangerous_goods_code_unece": ("0060",),
                "serial_number": _CODE_SAMPLES,
                "batch_number": _CODE_SAMPLES,
            },
        )
    )


def _item_details(weight: Decimal | None = None, **fields: Any) -> ItemDetails:
    return ItemDetails(
        net_weight=weight,
        net_weight_unit_of_measure_iso=None if weight is None else "KGM",
        **fields,
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


_PROPERTY_SAMPLES: Final = (
    (Property("colour", "Bolt M8 x 20"),),
    (Property("A1", ""), Property("X-9/Ü", _TEXT_SAMPLES[2])),
)
_CONTACT_SAMPLES: Final = (Contact("buyer@example.com"),)


@functools.cache
def supplier_orders() -> st.SearchStrategy[SupplierOrder | None]:
    """No supplier header, or one as order responses leave it."""
    return _maybe(
        _sparse(
            SupplierOrder,
            {
                "company_id": _UUID_SAMPLES,
                "buyer_account_number": _CODE_SAMPLES,
                "description": _TEXT_SAMPLES,
                "contact": _CONTACT_SAMPLES,
                "properties": _PROPERTY_SAMPLES,
                "notes": _TEXTS_SAMPLES,
                "documents": documents(),
            },
        )
    )


@functools.cache
def _supplier_fields() -> st.SearchStrategy[dict[str, Any]]:
    return _sparse(
        dict,
        {
            "sales_order_number": _CODE_SAMPLES,
            "sales_order_position": _CODE_SAMPLES,
            "description": _TEXT_SAMPLES,
            "item_details": item_details(),
            "properties": _PROPERTY_SAMPLES,
            "notes": _TEXTS_SAMPLES,
            "documents": documents(),
        },
    )


@functools.cache
def _buyer_line_fields() -> st.SearchStrategy[dict[str, Any]]:
    return _sparse(
        dict,
        {
            "row": _CODE_SAMPLES,
            "description": _TEXT_SAMPLES,
            "item_details": item_details(),
            "charge_lines": charge_lines(),
            "terms": _sparse(
                LineTerms, {"contract_number": _CODE_SAMPLES, "contract_position": _CODE_SAMPLES}
            ),
            "project_number": _CODE_SAMPLES,
            "production_number": _CODE_SAMPLES,
            "sales_order_number": _CODE_SAMPLES,
            "properties": _PROPERTY_SAMPLES,
            "documents": documents(),
            "notes": _TEXTS_SAMPLES,
            "labels": _TEXTS_SAMPLES,
        },
    )


@functools.cache
def _buyer_order_fields() -> st.SearchStrategy[dict[str, Any]]:
    return _sparse(
        dict,
        {
            "description": _TEXT_SAMPLES,
            "company_id": _UUID_SAMPLES,
            "buyer_party": parties(),
            "buyer_accounting_party": parties(),
            "supplier_party": parties(),
            "destination": _sparse(
                Destination,
                {
                    "code": _CODE_SAMPLES,
                    "names": _TEXTS_SAMPLES,
                    "address_lines": _TEXTS_SAMPLES,
                    "postal_code": ("3011 AA",),
                    "city": _TEXT_SAMPLES,
                    "country_code_iso2": ("NL", "DE"),
                    "country_name": _TEXT_SAMPLES,
                    "location_type": ("warehouse",),
                },
            ),
            "contact": _CONTACT_SAMPLES,
            "supplier_contact": _CONTACT_SAMPLES,
            "terms": _sparse(
                OrderTerms,
                {
                    "incoterms_code": ("CIF",),
                    "incoterms": _TEXT_SAMPLES,
                    "payment_terms_code": ("30D",),
                    "payment_terms": _TEXT_SAMPLES,
                },
            ),
            "properties": _PROPERTY_SAMPLES,
            "notes": _TEXTS_SAMPLES,
            "labels": _TEXTS_SAMPLES,
            "documents": documents(),
            "order_type": tuple(OrderType),
        },
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
        _MAYBE_TEXT,
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


_MAYBE_BOOL: Final = st.sampled_from([None, True, False])
_PROPOSE: Final = st.sampled_from([None, True])
_DELIVERED: Final = st.sampled_from([None, None, True, False])


@functools.cache
def _line_facts() -> st.SearchStrategy[LineFacts]:
    return _sparse(
        LineFacts,
        {
            "id": _UUID_SAMPLES,
            "line_type": tuple(LineType),
            "charge_reason_code": (Code("FC"), Code("ABK")),
            "event_dates": event_dates(),
            "last_updated_at": instants(),
        },
    )


@functools.cache
def _order_facts() -> st.SearchStrategy[dict[str, Any]]:
    return _sparse(
        dict,
        {
            "id": _UUID_SAMPLES,
            "supplier_order": supplier_orders(),
            "version": st.integers(0, 1000),
            "event_dates": event_dates(),
            "last_updated_at": instants(),
        },
    )


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
    facts = draw(_line_facts())
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
        supplier_account_number=draw(_MAYBE_CODE) if rich else None,
        **(draw(_buyer_order_fields()) if rich else {}),
    )
    lines = tuple(draw(_lines(p, processes, details)) for p in positions)
    if not rich:
        return Order(header, lines)
    return Order(header, lines, **draw(_order_facts()))


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
