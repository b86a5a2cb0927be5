"""The parts of the order read model that no status rule reads: parties, terms, custom fields,
item details, charges, dates.

The buyer sends them with ``/order`` (order/buyer/issue/README.md), the supplier with
``/order-response`` (order/supplier/send-order-response/README.md), and Tradecloud keeps and returns
them in the read model (order/buyer/receive/README.md, order/supplier/receive/README.md). They are
frozen values like every entity; the rules carry them over as they are. Field names are the
snake_case of Tradecloud's camelCase JSON names.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from enum import StrEnum
from typing import Final, NewType

import attrs

from ._identifiers import no_whitespace
from ._values import frozen
from .errors import Invalid

__all__ = [
    "ChargeLine",
    "Code",
    "Contact",
    "Destination",
    "Document",
    "EventDates",
    "Instant",
    "ItemDetails",
    "LineFacts",
    "LineTerms",
    "LineType",
    "Money",
    "OrderTerms",
    "OrderType",
    "Party",
    "Price",
    "Property",
    "format_instant",
]


class Instant(datetime.datetime):
    """A moment as Tradecloud stamps its read model (``lastUpdatedAt``, ``eventDates``): an ISO
    8601 date-time with fraction and zone, ``2025-04-23T10:01:53.812Z`` (api/polling/README.md).
    A class of its own so the codec reads and writes it in that form, not as a local date-time."""

    @classmethod
    def parse(cls, text: str) -> Instant | None:
        """The instant written as ``text``, or ``None`` when it is not one."""
        if not _INSTANT.fullmatch(text):
            return None
        try:
            return cls.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None

    @classmethod
    def of(cls, moment: datetime.datetime) -> Instant:
        """``moment`` as an instant."""
        return moment if isinstance(moment, Instant) else cls.fromisoformat(moment.isoformat())


_INSTANT: Final = re.compile(
    # ASCII digits only, as the codec reads dates.
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)


def format_instant(moment: datetime.datetime) -> str:
    """``moment`` as Tradecloud writes it: milliseconds when they are exact, ``Z`` for UTC."""
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond % 1000 == 0 else "auto")
    if moment.microsecond == 0:
        text = moment.isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


#: A code that holds no whitespace (``chargeReasonCode``, UNCL7161). The codec checks it when
#: reading, so frozen values that hold one need no validator of their own.
Code = NewType("Code", str)


class LineType(StrEnum):
    """What an order line is (order/line-type.md). Left out, a line is an ``Item``."""

    ITEM = "Item"
    SERVICE = "Service"
    CHARGE = "Charge"


class OrderType(StrEnum):
    """The order type (order/buyer/issue/README.md). Left out, an order is a ``Purchase``."""

    PURCHASE = "Purchase"
    FORECAST = "Forecast"
    RFQ = "RFQ"


@frozen
class Money:
    """An amount in one currency; ``value`` is a decimal of any precision."""

    value: Decimal
    currency_iso: str | None = None


@frozen
class Price:
    """A price given in the transaction currency, the base currency, or both."""

    price_in_transaction_currency: Money | None = None
    price_in_base_currency: Money | None = None


@frozen
class Document:
    """A document attached to an order or line: stored by Tradecloud (``objectId``) or linked
    (``url``), with its code and revision as the sender's system knows them."""

    code: str | None = None
    revision: str | None = None
    name: str | None = None
    object_id: str | None = None
    url: str | None = None
    type: str | None = None
    description: str | None = None


@frozen
class Party:
    """A legal entity: the buyer, buyer accounting or supplier party (issue page, company party)."""

    id: str | None = None
    id_scheme: str | None = None
    names: tuple[str, ...] | None = None
    address_lines: tuple[str, ...] | None = None
    postal_code: str | None = None
    city: str | None = None
    country_code_iso2: str | None = None
    country_name: str | None = None


@frozen
class Destination:
    """Where the order is delivered, as the buyer's ERP knows it."""

    code: str | None = None
    names: tuple[str, ...] | None = None
    address_lines: tuple[str, ...] | None = None
    postal_code: str | None = None
    city: str | None = None
    country_code_iso2: str | None = None
    country_name: str | None = None
    location_type: str | None = None


@frozen
class Contact:
    """The employee responsible for the order, by email."""

    email: str | None = None


@frozen
class OrderTerms:
    """The order terms agreed with the supplier: incoterms and payment terms."""

    incoterms_code: str | None = None
    incoterms: str | None = None
    payment_terms_code: str | None = None
    payment_terms: str | None = None


@frozen
class LineTerms:
    """The line terms: the framework contract the line falls under."""

    contract_number: str | None = None
    contract_position: str | None = None


@frozen
class Property:
    """A key-value custom field."""

    key: str
    value: str


@frozen
class ItemDetails:
    """Part information: sent by the buyer, checked, changed or added by the supplier."""

    country_of_origin_code_iso2: str | None = None
    combined_nomenclature_code: str | None = None
    net_weight: Decimal | None = None
    net_weight_unit_of_measure_iso: str | None = None
    dangerous_goods_code_unece: str | None = None
    serial_number: str | None = None
    batch_number: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.net_weight is not None and not self.net_weight_unit_of_measure_iso:
            raise Invalid(
                "item-details.weight-unit",
                "netWeightUnitOfMeasureIso is mandatory when netWeight is provided",
                at="netWeightUnitOfMeasureIso",
            )

    def merged(self, other: ItemDetails | None) -> ItemDetails:
        """These details with every field ``other`` gives replacing this one's."""
        if other is None:
            return self
        changes = {
            a.name: value
            for a in attrs.fields(ItemDetails)
            if (value := getattr(other, a.name)) is not None
        }
        return attrs.evolve(self, **changes) if changes else self


@frozen
class ChargeLine:
    """A deprecated charge line: an extra cost on a line (superseded by ``lineType`` Charge,
    order/line-type.md). Code, description, quantity and price are mandatory."""

    charge_type_code: str = attrs.field(validator=no_whitespace)
    charge_description: str
    quantity: Decimal
    price: Price
    position: str | None = attrs.field(default=None, validator=no_whitespace)
    price_unit_of_measure_iso: str | None = None


@frozen
class EventDates:
    """Some key event date-times, by name ("some key order event date/times", receive pages).

    The pages name no keys; this library stamps the names of the webhook events it emits
    (decision D74) and keeps whatever keys a state brings.
    """

    dates: tuple[tuple[str, Instant], ...] = ()

    def stamped(self, names: tuple[str, ...], now: Instant) -> EventDates:
        """These dates with ``now`` for every name in ``names``."""
        table = dict(self.dates)
        table.update(dict.fromkeys(names, now))
        return EventDates(tuple(table.items()))


@frozen
class LineFacts:
    """A line's own fields besides its parts: Tradecloud's ``id``, the ``lineType`` and
    ``chargeReasonCode`` (order/line-type.md), and the dates Tradecloud stamps. In JSON they sit
    on the line itself; one value here keeps a line cheap to rebuild on every step."""

    id: str | None = None
    line_type: LineType | None = None
    charge_reason_code: Code | None = None
    event_dates: EventDates | None = None
    last_updated_at: Instant | None = None
