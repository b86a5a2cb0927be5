"""Frozen values for an order as Tradecloud keeps it (the order read model).

Every class is immutable; a change is a new value (:func:`attrs.evolve`). Construction checks the
invariants that no rule may break, so an :class:`Order` in hand is always a possible order. Field
names are the snake_case of Tradecloud's camelCase JSON names; :mod:`tradecloud_domain.codec`
does the translation.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from ._identifiers import identifier, no_whitespace
from ._names import json_name, python_name
from ._values import frozen
from .errors import Invalid, InvalidGroup, shown
from .readmodel import (
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
    Money,
    OrderTerms,
    OrderType,
    Party,
    Price,
    Property,
)
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, RequestStatus

__all__ = [
    "MAX_COLLECTION",
    "MAX_LINES",
    "BuyerLine",
    "BuyerLineIndicators",
    "BuyerOrder",
    "BuyerOrderIndicators",
    "BuyerRequests",
    "Collection",
    "ConfirmedLine",
    "Delivery",
    "DeliveryLine",
    "Document",
    "Item",
    "Line",
    "LineStatus",
    "Money",
    "Order",
    "OrderStatus",
    "Price",
    "Prices",
    "Request",
    "ScheduleLine",
    "SupplierLine",
    "SupplierOrder",
    "SupplierRequests",
]

#: At most this many lines per order (api/rules.md).
MAX_LINES: Final = 500
#: At most this many items in any other collection (delivery lines, documents, history).
MAX_COLLECTION: Final = 100


@frozen
class Collection:
    """The rules of one JSON array field: at most ``limit`` items and, when ``positions`` names
    the keys leading from an item to its position, no position twice (api/rules.md).

    The same rules run on frozen values (as an attrs validator) and on raw JSON (in the codec,
    so that a duplicate is reported even when other items of the array are broken).
    """

    name: str
    limit: int
    positions: tuple[str, ...] | None = None
    what: str = "line"
    #: A further attrs validator for the items; its problems are reported with these rules' own.
    also: Any = None

    def too_long(self, count: int) -> Invalid | None:
        if count <= self.limit:
            return None
        return Invalid(
            "collection.too-long",
            f"holds {count} items; at most {self.limit} are allowed",
            at=self.name,
        )

    def duplicates(self, positions: Iterable[object]) -> list[Invalid]:
        """Every position that repeats an earlier one, pointing at the repeat."""
        seen: set[str] = set()
        found: list[Invalid] = []
        for index, position in enumerate(positions):
            if not isinstance(position, str):
                continue
            if position in seen:
                found.append(
                    Invalid(
                        "position.duplicate",
                        f"{self.what} position {shown(position)} appears more than once",
                        # The path is built only for a repeat: most calls find none.
                        at=".".join((f"{self.name}[{index}]", *(self.positions or ()))),
                    )
                )
            seen.add(position)
        return found

    def positions_of_values(self, items: Iterable[object]) -> Iterable[object]:
        names = [python_name(key) for key in self.positions or ()]
        if len(names) == 1:
            (name,) = names
            return [getattr(item, name, None) for item in items]
        found = []
        for item in items:
            value = item
            for name in names:
                value = getattr(value, name, None)
            found.append(value)
        return found

    def positions_of_json(self, items: Iterable[object]) -> Iterable[object]:
        for item in items:
            value = item
            for key in self.positions or ():
                value = value.get(key) if isinstance(value, dict) else None
            yield value

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        """attrs validator."""
        if value is None or (not value and self.also is None):
            return  # nothing to check in an empty collection, unless ``also`` says otherwise
        if self.also is None and len(value) <= self.limit:
            # The common case, by C calls: short enough, and no position repeats.
            if self.positions is None:
                return
            try:
                positions = list(map(_position_getter(self.positions), value))
            except AttributeError:
                pass  # an item without the position's attribute: the general way below
            else:
                if len(set(positions)) == len(positions):
                    return
        errors = [e for e in (self.too_long(len(value)),) if e is not None]
        if self.positions is not None:
            positions = list(self.positions_of_values(value))
            if len(set(positions)) != len(positions):  # else no position repeats
                errors += self.duplicates(positions)
        if self.also is not None:
            try:
                self.also(_, attribute, value)
            except Invalid as error:
                errors.append(error)
            except InvalidGroup as group:
                errors.extend(group.errors)
        InvalidGroup.raise_if_any(errors)


@functools.cache
def _position_getter(positions: tuple[str, ...]) -> Callable[[object], object]:
    """The position of an item, by the JSON keys leading to it (as
    :meth:`Collection.positions_of_values` reads it when every attribute is there)."""
    return operator.attrgetter(".".join(python_name(key) for key in positions))


def collection(
    name: str,
    limit: int,
    *,
    positions: tuple[str, ...] | None = None,
    what: str = "line",
    default: Any = (),
    validator: Any = None,
) -> Any:
    """An attrs field for the JSON array ``name`` with the rules of :class:`Collection`."""
    rules = Collection(name, limit, positions, what, validator)
    return attrs.field(default=default, validator=rules, metadata={"collection": rules})


def not_negative(_: object, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    """attrs validator: quantities are never negative (an unknown quantity, ``None``, is fine)."""
    if value.__class__ is Decimal and not value.is_signed():
        return  # no minus sign (the common case, one C call): not negative
    if value is not None and value < 0:
        raise Invalid(
            "quantity.negative", f"quantity {value} is negative", at=json_name(attribute.name)
        )


def documents() -> Any:
    """A ``documents`` field: at most 100 documents (order/buyer/issue/README.md)."""
    return collection("documents", MAX_COLLECTION, what="document", default=None)


def charge_lines() -> Any:
    """A deprecated ``chargeLines`` field: at most 100, positions unique."""
    return collection(
        "chargeLines", MAX_COLLECTION, positions=("position",), what="charge line", default=None
    )


@frozen
class Prices:
    """Requested or confirmed prices of a line (order/buyer/issue/README.md, requested prices)."""

    gross_price: Price | None = None
    discount_percentage: Decimal | None = None
    net_price: Price | None = None
    price_unit_of_measure_iso: str | None = None
    price_unit_quantity: Decimal | None = None


# -- deliveries: delivery-line logistics and the actual delivery history ------------------------


def not_cancelled(
    _: object, attribute: attrs.Attribute[Any], value: LogisticsStatus | None
) -> None:
    """attrs validator: a delivery line's logistics status is never ``Cancelled`` (order/status.md,
    scheduled delivery logistics status: the line's values minus Cancelled)."""
    if value is LogisticsStatus.CANCELLED:
        raise Invalid(
            "enum.unknown",
            "'Cancelled' is not a scheduled delivery logistics status (one of: Open, Produced, "
            "ReadyToShip, Shipped, Delivered)",
            at=json_name(attribute.name),
        )


@frozen
class DeliveryLine:
    """One scheduled delivery: when and how much. Matched by ``position`` on update.

    ``status``, ``etd`` and ``eta`` are the delivery line's logistics fields (order/status.md,
    scheduled delivery logistics status; order/buyer/receive/README.md, logistics fields): kept
    and shown, never a change of the line's values (decision D85). ``transport_mode``, the mode
    of transport the buyer requires (order/buyer/issue/delivery-schedule.md), is one too (D137).
    """

    date: datetime.date
    quantity: Decimal = attrs.field(validator=not_negative)
    position: str | None = attrs.field(default=None, validator=identifier)
    status: LogisticsStatus | None = attrs.field(default=None, validator=not_cancelled)
    etd: datetime.date | None = None
    eta: datetime.date | None = None
    transport_mode: str | None = None


@frozen
class Delivery:
    """One actual delivery at the buyer: a line of the delivery history (order/buyer/update.md,
    actual delivery history). Matched against the schedule by date and quantity, never by
    ``position`` (order/buyer/receive-goods.md)."""

    date: datetime.date
    quantity: Decimal = attrs.field(validator=not_negative)
    position: str | None = attrs.field(default=None, validator=identifier)


def delivery_history(default: Any = (), name: str = "deliveryHistory") -> Any:
    """A field of deliveries (``deliveryHistory`` unless ``name`` says otherwise): at most 100
    per line (order/buyer/update.md)."""
    return collection(name, MAX_COLLECTION, what="delivery history line", default=default)


# -- end of deliveries ----------------------------------------------------------------------------


@frozen
class ScheduleLine:
    """A delivery line whose date or quantity may not be known: as the supplier responds
    ("can be left empty if unknown"), as requests carry them, and as confirmed values keep them.
    """

    date: datetime.date | None = None
    quantity: Decimal | None = attrs.field(default=None, validator=not_negative)
    position: str | None = attrs.field(default=None, validator=identifier)

    @classmethod
    def of(cls, line: DeliveryLine | ScheduleLine) -> ScheduleLine:
        """The same delivery as a schedule line."""
        return (
            line if isinstance(line, ScheduleLine) else cls(line.date, line.quantity, line.position)
        )


@frozen
class Request:
    """A proposal or reopen request: the delivery schedule and prices asked for, and its status."""

    delivery_schedule: tuple[ScheduleLine, ...] = attrs.field(
        default=(),
        validator=Collection("deliverySchedule", MAX_COLLECTION, ("position",), "delivery line"),
    )
    prices: Prices | None = None
    reason: str | None = None
    status: RequestStatus = RequestStatus.OPEN
    charge_lines: tuple[ChargeLine, ...] | None = charge_lines()


@frozen
class SupplierRequests:
    """The supplier's requests on a line: a proposal (before confirmation) and a reopen request
    (after)."""

    proposal: Request | None = None
    reopen_request: Request | None = None


@frozen
class SupplierLine:
    """The supplier's part of a line: its requests, and the line fields of its order responses
    (order/buyer/receive/README.md, supplier line)."""

    requests: SupplierRequests = SupplierRequests()
    sales_order_number: str | None = None
    sales_order_position: str | None = None
    description: str | None = None
    item_details: ItemDetails | None = None
    properties: tuple[Property, ...] | None = None
    notes: tuple[str, ...] | None = None
    documents: tuple[Document, ...] | None = documents()


#: The supplier line fields an order response line echoes (all but the requests).
SUPPLIER_LINE_FIELDS: Final = (
    "sales_order_number",
    "sales_order_position",
    "description",
    "item_details",
    "properties",
    "notes",
    "documents",
)


@frozen
class BuyerRequests:
    """The buyer's reopen request on a line: the requested values it asked the supplier for."""

    reopen_request: Request | None = None


@frozen
class Item:
    """What is ordered, as the buyer's ERP knows it."""

    number: str | None = attrs.field(default=None, validator=no_whitespace)
    revision: str | None = None
    name: str | None = None
    purchase_unit_of_measure_iso: str | None = None
    supplier_item_number: str | None = None


def delivery_schedule(default: Any = ()) -> Any:
    """The ``deliverySchedule`` field: at most 100 delivery lines, positions unique."""
    return collection(
        "deliverySchedule",
        MAX_COLLECTION,
        positions=("position",),
        what="delivery line",
        default=default,
    )


@frozen
class BuyerLineIndicators:
    """The line settings the buyer stores on a line (order/buyer/issue/indicators.md).

    ``None`` means never set, which behaves as ``false``.
    """

    no_delivery_expected: bool | None = None
    propose_when_accepted: bool | None = None
    #: "All goods are delivered at the buyer" (order/supplier/receive/README.md): kept as a state
    #: gives it, not derived (decision D138).
    delivered: bool | None = None


@frozen
class BuyerLine:
    """The line as the buyer requested it: the requested delivery schedule and prices, and the
    other line fields of its ``/order`` messages (order/buyer/issue/README.md, lines)."""

    position: str = attrs.field(validator=identifier)
    item: Item | None = None
    delivery_schedule: tuple[DeliveryLine, ...] = delivery_schedule()
    prices: Prices | None = None
    indicators: BuyerLineIndicators = BuyerLineIndicators()
    requests: BuyerRequests = BuyerRequests()
    #: The actual deliveries received so far (order/buyer/receive-goods.md).
    delivery_history: tuple[Delivery, ...] = delivery_history()
    row: str | None = None
    description: str | None = None
    item_details: ItemDetails | None = None
    charge_lines: tuple[ChargeLine, ...] | None = charge_lines()
    terms: LineTerms | None = None
    project_number: str | None = None
    production_number: str | None = None
    sales_order_number: str | None = None
    properties: tuple[Property, ...] | None = None
    documents: tuple[Document, ...] | None = documents()
    notes: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None


#: The buyer line fields that no rule compares: an update of only these changes no status
#: (connectors/webhooks/order-events.md, OrderLinesUpdatedByBuyer).
BUYER_LINE_FIELDS: Final = (
    "row",
    "description",
    "item_details",
    "charge_lines",
    "terms",
    "project_number",
    "production_number",
    "sales_order_number",
    "properties",
    "documents",
    "notes",
    "labels",
)


@frozen
class ConfirmedLine:
    """The delivery schedule and prices both parties agreed on."""

    delivery_schedule: tuple[ScheduleLine, ...] = delivery_schedule()
    prices: Prices | None = None
    charge_lines: tuple[ChargeLine, ...] | None = charge_lines()

    @classmethod
    def of(
        cls,
        schedule: Iterable[DeliveryLine | ScheduleLine],
        prices: Prices | None,
        charges: tuple[ChargeLine, ...] | None = None,
    ) -> ConfirmedLine:
        """Confirmed values from requested, responded or proposed ones."""
        return cls(tuple(ScheduleLine.of(line) for line in schedule), prices, charges)


_PROCESS_CODE: Final = {status: n for n, status in enumerate(ProcessStatus)}
_IN_PROGRESS_CODE: Final = {status: n for n, status in enumerate([None, *InProgressStatus])}
_LOGISTICS_CODE: Final = {status: n for n, status in enumerate(LogisticsStatus)}


@frozen(cache_hash=True)
class LineStatus:
    """A line's process, logistics and in-progress status.

    Usually they agree with each other (order/status.md): ``in_progress_status`` is set while the
    process status is ``InProgress``, and the logistics status is ``Cancelled`` when the line is
    cancelled. Tradecloud may still send another combination (its read-model field
    ``inProgressStatus`` is optional), so any combination of known values can be held;
    :meth:`contradictions` says what is unusual about one (decision D14).
    """

    process_status: ProcessStatus = ProcessStatus.ISSUED
    logistics_status: LogisticsStatus = LogisticsStatus.OPEN
    in_progress_status: InProgressStatus | None = None
    #: A small number for this combination of statuses, derived at construction: the compiled
    #: rules are looked up by it, which is cheaper than hashing the three statuses on every step.
    code: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        code = _PROCESS_CODE[self.process_status]
        code = code * len(_IN_PROGRESS_CODE) + _IN_PROGRESS_CODE[self.in_progress_status]
        code = code * len(_LOGISTICS_CODE) + _LOGISTICS_CODE[self.logistics_status]
        object.__setattr__(self, "code", code)

    @classmethod
    def of_code(cls, code: int) -> LineStatus:
        """The line status whose :attr:`code` is ``code``; :class:`KeyError` for no status."""
        rest, logistics = divmod(code, len(_LOGISTICS_CODE))
        process, in_progress = divmod(rest, len(_IN_PROGRESS_CODE))
        if not 0 <= process < len(_PROCESS_CODE):
            raise KeyError(code)
        return cls(
            tuple(_PROCESS_CODE)[process],
            tuple(_LOGISTICS_CODE)[logistics],
            tuple(_IN_PROGRESS_CODE)[in_progress],
        )

    def contradictions(self) -> tuple[str, ...]:
        """What is unusual about this combination, in sentences; ``()`` when it is consistent."""
        found: list[str] = []
        in_progress = self.process_status is ProcessStatus.IN_PROGRESS
        if in_progress != (self.in_progress_status is not None):
            found.append(
                "inProgressStatus is normally set exactly when processStatus is InProgress "
                f"(processStatus {self.process_status.value}, inProgressStatus "
                f"{self.in_progress_status.value if self.in_progress_status else 'absent'})"
            )
        cancelled = self.process_status is ProcessStatus.CANCELLED
        if cancelled != (self.logistics_status is LogisticsStatus.CANCELLED):
            found.append(
                "logisticsStatus is normally Cancelled exactly when processStatus is Cancelled "
                f"(processStatus {self.process_status.value}, "
                f"logisticsStatus {self.logistics_status.value})"
            )
        return tuple(found)


@frozen
class Line:
    """One order line: what the buyer requested, what was confirmed, and where it stands.

    Besides its parts a line has Tradecloud's ``id``, its ``lineType`` and ``chargeReasonCode``
    (order/line-type.md), and the dates Tradecloud stamps (``eventDates``, ``lastUpdatedAt``).
    They are kept together in ``facts``. The read model's derived fields (``deliverySchedule``,
    ``prices``, ...) are not kept: they are computed from the line
    (:mod:`tradecloud_domain.views`).
    """

    buyer_line: BuyerLine
    status: LineStatus = LineStatus()
    confirmed_line: ConfirmedLine | None = None
    supplier_line: SupplierLine | None = None
    #: Written flat on the line in JSON (the codec's ``flatten``).
    facts: LineFacts | None = attrs.field(default=None, metadata={"flatten": True})

    @property
    def id(self) -> str | None:
        """Tradecloud's line identifier."""
        return None if self.facts is None else self.facts.id

    @property
    def line_type(self) -> LineType | None:
        """``Item``, ``Service`` or ``Charge``; ``None``: not given (an ``Item``)."""
        return None if self.facts is None else self.facts.line_type

    @property
    def charge_reason_code(self) -> str | None:
        """The UNCL7161 charge or allowance reason code, if given."""
        return None if self.facts is None else self.facts.charge_reason_code

    @property
    def event_dates(self) -> EventDates | None:
        """The line's key event date-times."""
        return None if self.facts is None else self.facts.event_dates

    @property
    def last_updated_at(self) -> Instant | None:
        """When Tradecloud last changed the line."""
        return None if self.facts is None else self.facts.last_updated_at

    @property
    def position(self) -> str:
        """The line's position, its identity within the order."""
        return self.buyer_line.position

    def but(
        self,
        buyer_line: BuyerLine,
        status: LineStatus,
        confirmed_line: ConfirmedLine | None,
        supplier_line: SupplierLine | None,
    ) -> Line:
        """This line with other parts, its own fields kept (cheaper than :func:`attrs.evolve`
        on the hot path)."""
        return Line(buyer_line, status, confirmed_line, supplier_line, self.facts)


@frozen
class BuyerOrderIndicators:
    """The order settings the buyer stores on an order. ``None``: never set (``false``)."""

    auto_confirm: bool | None = None


@frozen
class BuyerOrder:
    """The order header as the buyer sent it (order/buyer/issue/README.md, order)."""

    purchase_order_number: str = attrs.field(validator=identifier)
    supplier_account_number: str | None = attrs.field(default=None, validator=identifier)
    description: str | None = None
    indicators: BuyerOrderIndicators = BuyerOrderIndicators()
    #: ``True`` once the buyer issued or updated the order through ``order/single-delivery``
    #: (decision D100). Not a field of Tradecloud's read model: the library's own mark, named
    #: after the integration setting ``singleDeliveryPerOrderLine``.
    single_delivery_per_order_line: bool | None = None
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
    documents: tuple[Document, ...] | None = documents()
    order_type: OrderType | None = None


#: The header fields an ``/order`` message echoes besides the indicators; no rule compares them
#: (a change of any of them is an update of order fields, decision D75).
BUYER_ORDER_FIELDS: Final = (
    "supplier_account_number",
    "description",
    "company_id",
    "buyer_party",
    "buyer_accounting_party",
    "supplier_party",
    "destination",
    "contact",
    "supplier_contact",
    "terms",
    "properties",
    "notes",
    "labels",
    "documents",
    "order_type",
)


@frozen
class SupplierOrder:
    """The supplier's part of the order header, echoed from its order responses
    (order/buyer/receive/README.md, supplier order)."""

    company_id: str | None = None
    buyer_account_number: str | None = attrs.field(default=None, validator=no_whitespace)
    description: str | None = None
    contact: Contact | None = None
    properties: tuple[Property, ...] | None = None
    notes: tuple[str, ...] | None = None
    documents: tuple[Document, ...] | None = documents()


#: The supplier order fields an ``/order-response`` header echoes.
SUPPLIER_ORDER_FIELDS: Final = (
    "company_id",
    "buyer_account_number",
    "description",
    "contact",
    "properties",
    "notes",
    "documents",
)


@frozen
class OrderStatus:
    """The order's statuses, aggregated from its lines (see :func:`machine.aggregate`)."""

    process_status: ProcessStatus
    logistics_status: LogisticsStatus


def order_lines() -> Any:
    """The ``lines`` field of an order: at most 500, each position once."""
    return collection("lines", MAX_LINES, positions=("buyerLine", "position"))


@frozen
class Order:
    """A purchase order: its header and its lines, positions unique.

    Besides them: Tradecloud's ``id``, the supplier's header (``supplierOrder``), the order
    ``version`` Tradecloud counts up with every change, and the dates it stamps.
    """

    buyer_order: BuyerOrder
    lines: tuple[Line, ...] = order_lines()
    id: str | None = None
    supplier_order: SupplierOrder | None = None
    version: int | None = None
    event_dates: EventDates | None = None
    last_updated_at: Instant | None = None

    @property
    def purchase_order_number(self) -> str:
        """The buyer's purchase order number, the order's identity."""
        return self.buyer_order.purchase_order_number

    def but(self, buyer_order: BuyerOrder, lines: tuple[Line, ...]) -> Order:
        """This order with another header and lines, its own fields kept (cheaper than
        :func:`attrs.evolve`, which every message pays)."""
        return Order(
            buyer_order,
            lines,
            self.id,
            self.supplier_order,
            self.version,
            self.event_dates,
            self.last_updated_at,
        )
