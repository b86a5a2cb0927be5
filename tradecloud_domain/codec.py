"""Tradecloud JSON in and out: one :mod:`cattrs` converter for every entity and message.

In: JSON-shaped Python values (``dict``, ``list``, ``str``, numbers, ``bool``, ``None``) become
frozen values. Types are strict (a string is not a number, ``1`` is not ``true``); unknown fields
are ignored (api/compatibility.md). Whatever is wrong is collected and raised once as
:class:`~tradecloud_domain.errors.InvalidInput`, each problem with its JSON path.

Out: frozen values become the same JSON shapes; quantities and prices stay :class:`~decimal.Decimal`
so nothing is lost. :func:`to_json` writes them as JSON numbers, digit for digit.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Final, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._names import json_name
from .apply import Decision, Outcome
from .entities import (
    BuyerOrder,
    Collection,
    Line,
    Order,
    OrderStatus,
    SupplierOrder,
    order_lines,
)
from .errors import Invalid, InvalidGroup, InvalidInput, Problem
from .machine import aggregate
from .messages import MESSAGE_TYPES, Message
from .readmodel import Code, EventDates, Instant, LineType, OrderType, format_instant
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, RequestStatus, Route
from .views import VIEWS

__all__ = [
    "MAX_DEPTH",
    "converter",
    "dump_decision",
    "dump_order",
    "dump_outcome",
    "dump_webhooks",
    "from_json",
    "parse_message",
    "parse_order",
    "parse_state",
    "structure",
    "to_json",
]

T = TypeVar("T")

#: Deepest JSON nesting accepted; Tradecloud's documents nest about six levels.
MAX_DEPTH: Final = 64

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_DECIMAL_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

converter: Final = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _required(value: object) -> None:
    if value is None:
        raise Invalid("required", "is required and may not be null")


def _structure_str(value: object, _: type) -> str:
    _required(value)
    if not isinstance(value, str):
        raise Invalid("type.string", f"expected a string, got {_describe(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    _required(value)
    if not isinstance(value, bool):
        raise Invalid("type.boolean", f"expected true or false, got {_describe(value)}")
    return value


def _structure_int(value: object, _: type) -> int:
    _required(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    raise Invalid("type.integer", f"expected a whole number, got {_describe(value)} {value!r}")


def _structure_decimal(value: object, _: type) -> Decimal:
    _required(value)
    result: Decimal | None = None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        try:
            result = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid text
            result = None
    if result is None or not result.is_finite():
        raise Invalid(
            "type.decimal", f"expected a finite decimal number, got {_describe(value)} {value!r}"
        )
    return result


def _structure_datetime(value: object, _: type) -> datetime.datetime:
    _required(value)
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(
        "type.datetime",
        f"expected a local date-time yyyy-MM-ddThh:mm:ss, got {_describe(value)} {value!r}",
    )


def _structure_instant(value: object, _: type) -> Instant:
    _required(value)
    if isinstance(value, datetime.datetime):
        return Instant.of(value)
    moment = Instant.parse(value) if isinstance(value, str) else None
    if moment is None:
        raise Invalid(
            "type.instant",
            "expected a date-time such as 2025-04-23T10:01:53.812Z, "
            f"got {_describe(value)} {value!r}",
        )
    return moment


def _structure_code(value: object, _: type) -> str:
    text = _structure_str(value, str)
    if not text or any(character.isspace() for character in text):
        raise Invalid(
            "identifier.whitespace", f"code {text!r} must not be empty nor hold whitespace"
        )
    return text


def _structure_event_dates(value: object, _: type) -> EventDates:
    """``eventDates``: an object of date-times under names the pages do not list (decision D74)."""
    _required(value)
    if not isinstance(value, dict):
        raise Invalid("type.object", f"expected an object, got {_describe(value)}")
    dates: list[tuple[str, Instant]] = []
    errors: list[Invalid] = []
    for name, moment in value.items():
        try:
            dates.append((str(name), _structure_instant(moment, Instant)))
        except Invalid as exc:
            errors.append(Invalid(exc.code, exc.message, at=str(name)))
    InvalidGroup.raise_if_any(errors)
    return EventDates(tuple(dates))


def _structure_date(value: object, _: type) -> datetime.date:
    _required(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid("type.date", f"expected a date yyyy-MM-dd, got {_describe(value)} {value!r}")


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    _required(value)
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in cls)
        raise Invalid(
            "enum.unknown", f"{value!r} is not a known {cls.__name__} (one of: {allowed})"
        ) from None


def _structure_tuple(value: object, cls: Any) -> tuple[Any, ...]:
    _required(value)
    if not isinstance(value, list | tuple):
        raise Invalid("type.array", f"expected an array, got {_describe(value)}")
    (item_type, _ellipsis) = get_args(cls)
    items: list[Any] = []
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            items.append(converter.structure(item, item_type))
        except Exception as exc:  # collected, then reported with the index
            exc.add_note(f"@index {index}")
            errors.append(exc)
    if errors:
        raise IterableValidationError("While structuring an array", errors, cls)
    return tuple(items)


def _checked(attribute: Any) -> Callable[[object, type], Any]:
    """Structure one field, then run its attrs validators right away.

    So a bad value is reported even when its neighbours are bad too (the constructor, which
    would run them again, is only reached once every field is fine). Validators point at their
    value relative to the owning object, starting with the field's JSON name; cattrs adds that
    name itself, so it is taken off here.
    """
    name = json_name(attribute.name)
    validate = attribute.validator
    rules: Collection | None = attribute.metadata.get("collection")

    def relative(error: Invalid) -> Invalid:
        return Invalid(error.code, error.message, error.at.removeprefix(name))

    def structure_field(value: object, kind: type) -> Any:
        if rules is not None and isinstance(value, list):
            # Refuse an oversized array before structuring a single item of it: the work done on
            # a hostile input stays bounded.
            too_long = rules.too_long(len(value))
            if too_long is not None:
                raise relative(too_long)
        try:
            result: Any = converter.structure(value, kind)
        except (ClassValidationError, IterableValidationError) as exc:
            if rules is None or rules.positions is None or not isinstance(value, list):
                raise
            # Some items are broken; still report positions that repeat among the others.
            repeats = rules.duplicates(rules.positions_of_json(value))
            raise _Several([exc, *map(relative, repeats)]) from None
        try:
            validate(None, attribute, result)
        except Invalid as exc:
            raise relative(exc) from None
        except InvalidGroup as group:
            raise InvalidGroup(map(relative, group.errors)) from None
        return result

    return structure_field


class _Several(Exception):
    """Problems of one field found in different ways (structuring it, and checking its items)."""

    def __init__(self, errors: list[Exception]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def _overrides(cls: Any, *, structuring: bool) -> dict[str, Any]:
    """Per attribute: its camelCase JSON name; when structuring, its validators run at once;
    when dumping, absent optional values are left out. A field marked ``flatten`` is left to
    :func:`_flattened`."""
    return {
        a.name: override(omit=True)
        if a.metadata.get("flatten")
        else override(
            rename=json_name(a.name),
            omit_if_default=not structuring and a.default in (None, ()),
            struct_hook=_checked(a) if structuring and a.validator is not None else None,
        )
        for a in attrs.fields(cls)
    }


def _flattened(cls: Any) -> list[tuple[str, type, frozenset[str]]]:
    """The fields of ``cls`` marked ``flatten`` (an optional attrs value whose fields sit in the
    owner's own JSON object): name, class, and the JSON names of its fields."""
    found = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if field.metadata.get("flatten"):
            (inner,) = [t for t in get_args(field.type) if t is not type(None)]
            found.append(
                (field.name, inner, frozenset(json_name(f.name) for f in attrs.fields(inner)))
            )
    return found


def _attrs_structure(cls: Any) -> Callable[[object, type], Any]:
    generated = make_dict_structure_fn(cls, converter, **_overrides(cls, structuring=True))
    flattened = _flattened(cls)

    def structure_object(value: object, _: type) -> Any:
        _required(value)
        if not isinstance(value, dict):
            raise Invalid("type.object", f"expected an object, got {_describe(value)}")
        result = generated(value, cls)
        for name, inner, keys in flattened:
            if keys.isdisjoint(value):
                continue
            part: Any = converter.structure(value, inner)
            if part != inner():
                # The value was built here a moment ago; no validator guards this field.
                object.__setattr__(result, name, part)
        return result

    return structure_object


def _attrs_unstructure(cls: Any) -> Callable[[Any], dict[str, Any]]:
    generated = make_dict_unstructure_fn(cls, converter, **_overrides(cls, structuring=False))
    flattened = [name for name, _, _ in _flattened(cls)]
    if not flattened:
        return generated

    def unstructure_object(value: Any) -> dict[str, Any]:
        shape = generated(value)
        for name in flattened:
            part = getattr(value, name)
            if part is not None:
                shape.update(converter.unstructure(part))
        return shape

    return unstructure_object


# Class registrations dispatch on subclasses too, so the status enums (each a str) get hooks of
# their own; cattrs' defaults would coerce (bool("no") is True) or raise a bare ValueError.
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_structure_hook(datetime.date, _structure_date)
converter.register_structure_hook(datetime.datetime, _structure_datetime)
converter.register_structure_hook(Instant, _structure_instant)
converter.register_structure_hook(Code, _structure_code)
converter.register_structure_hook(EventDates, _structure_event_dates)
_ENUMS: Final = (
    ProcessStatus,
    InProgressStatus,
    LogisticsStatus,
    RequestStatus,
    LineType,
    OrderType,
)
for _status_enum in _ENUMS:
    converter.register_structure_hook(_status_enum, _structure_enum)
converter.register_structure_hook_func(
    lambda t: getattr(t, "__origin__", None) is tuple, _structure_tuple
)
converter.register_structure_hook_factory(attrs.has, _attrs_structure)
converter.register_unstructure_hook(Decimal, lambda d: d)
for _status_enum in _ENUMS:
    converter.register_unstructure_hook(_status_enum, lambda member: member.value)
converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
converter.register_unstructure_hook(datetime.datetime, lambda d: d.isoformat())
converter.register_unstructure_hook(Instant, format_instant)
converter.register_unstructure_hook(
    EventDates, lambda dates: {name: format_instant(moment) for name, moment in dates.dates}
)
converter.register_unstructure_hook_factory(attrs.has, _attrs_unstructure)


# ------------------------------------------------------------------------------------------------
# Errors: cattrs' exception groups -> problems with JSON paths.
# ------------------------------------------------------------------------------------------------


def _join(path: str, tail: str) -> str:
    if not tail:
        return path
    if not path or tail.startswith("["):
        return path + tail
    return f"{path}.{tail}"


def _index_note(exc: BaseException) -> str | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, str) and note.startswith("@index "):
            return note.removeprefix("@index ")
    return None


def _problems(exc: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            yield from _problems(inner, _join(path, json_name(note.name)))
        for inner in without:
            yield from _problems(inner, path)
    elif isinstance(exc, IterableValidationError):
        for inner in exc.exceptions:
            index = _index_note(inner)
            yield from _problems(inner, _join(path, f"[{index}]") if index else path)
    elif isinstance(exc, Invalid):
        yield Problem(_join(path, exc.at), exc.code, exc.message)
    elif isinstance(exc, InvalidGroup | _Several):
        for error in exc.errors:
            yield from _problems(error, path)
    elif isinstance(exc, KeyError):
        yield Problem(path, "required", "is required but missing")
    elif isinstance(exc, RecursionError):
        yield Problem(path, "json.too-deep", "nests too deeply")
    else:
        raise exc


def _depth_exceeds(value: object, limit: int) -> bool:
    """Whether a value sits more than ``limit`` arrays or objects deep: level by level, so the walk
    never recurses and visits containers only."""
    level: list[Any] = [value] if isinstance(value, dict | list | tuple) else []
    for _ in range(limit):
        children: list[Any] = []
        for item in level:
            values = item.values() if isinstance(item, dict) else item
            children.extend(v for v in values if isinstance(v, dict | list | tuple))
        if not children:
            return False
        level = children
    return any(level)  # a non-empty container this deep holds a value one level deeper


def structure(data: object, cls: type[T]) -> T:
    """Structure JSON-shaped ``data`` into ``cls``, or raise :class:`InvalidInput`."""
    if _depth_exceeds(data, MAX_DEPTH):
        raise InvalidInput([Problem("", "json.too-deep", f"nests deeper than {MAX_DEPTH} levels")])
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, Invalid) as exc:
        raise InvalidInput(list(_problems(exc, ""))) from None


# ------------------------------------------------------------------------------------------------
# The public shapes.
# ------------------------------------------------------------------------------------------------


@attrs.frozen
class _OrderDocument:
    """The order read model as it comes in. ``status`` is checked, then recomputed from lines;
    ``orderId`` is the webhook's name for ``id`` (order/buyer/receive/README.md)."""

    buyer_order: BuyerOrder
    lines: tuple[Line, ...] = order_lines()
    status: OrderStatus | None = None
    id: str | None = None
    order_id: str | None = None
    supplier_order: SupplierOrder | None = None
    version: int | None = None
    event_dates: EventDates | None = None
    last_updated_at: Instant | None = None


def parse_order(data: object) -> Order:
    """An :class:`Order` from Tradecloud's order read-model JSON.

    The order-level ``status`` is checked for known values but not kept: it is always the
    aggregation of the lines' statuses. The lines' derived fields (``deliverySchedule``,
    ``prices``, ...; :mod:`tradecloud_domain.views`) are not read: they are computed.
    """
    document = structure(data, _OrderDocument)
    try:
        return Order(
            document.buyer_order,
            document.lines,
            document.id if document.id is not None else document.order_id,
            document.supplier_order,
            document.version,
            document.event_dates,
            document.last_updated_at,
        )
    except Invalid as exc:
        raise InvalidInput([Problem(exc.at, exc.code, exc.message)]) from None


def parse_state(data: object) -> Order:
    """The order in what a user has at hand: a bare read model (as polling returns its items), a
    webhook body (the read model under ``orderEvent``), or a whole ``apply`` outcome in JSON
    (the read model under ``order``). Problems point into the document as given (decision D79)."""
    if isinstance(data, dict) and "buyerOrder" not in data:
        for key in ("orderEvent", "order"):
            if key in data:
                try:
                    return parse_order(data[key])
                except InvalidInput as exc:
                    raise InvalidInput(
                        Problem(_join(key, p.path), p.code, p.message) for p in exc.problems
                    ) from None
    return parse_order(data)


def _dump_line(line: Line) -> dict[str, Any]:
    shape: dict[str, Any] = converter.unstructure(line)
    for name, view in VIEWS.items():
        value = view(line)
        if value is not None:
            shape[name] = converter.unstructure(value)
    return shape


def dump_order(order: Order) -> dict[str, Any]:
    """The order read-model JSON of ``order``, derived fields computed; :func:`parse_order` reads
    it back to an equal order."""
    shape: dict[str, Any] = {}
    if order.id is not None:
        shape["id"] = order.id
    shape["buyerOrder"] = converter.unstructure(order.buyer_order)
    if order.supplier_order is not None:
        shape["supplierOrder"] = converter.unstructure(order.supplier_order)
    shape["status"] = converter.unstructure(aggregate(order.lines))
    if order.version is not None:
        shape["version"] = order.version
    if order.event_dates is not None:
        shape["eventDates"] = converter.unstructure(order.event_dates)
    if order.last_updated_at is not None:
        shape["lastUpdatedAt"] = format_instant(order.last_updated_at)
    shape["lines"] = [_dump_line(line) for line in order.lines]
    return shape


def parse_message(route: str | Route, data: object) -> Message:
    """The message for ``route`` (``"order"`` or ``"order/indicators"``) from its JSON body."""
    try:
        kind = MESSAGE_TYPES[Route(route)]
    except ValueError:
        known = ", ".join(r.value for r in Route)
        raise InvalidInput(
            [Problem("", "route.unknown", f"unknown route {route!r}; known routes: {known}")]
        ) from None
    return structure(data, kind)


# ------------------------------------------------------------------------------------------------
# JSON text.
# ------------------------------------------------------------------------------------------------


def from_json(text: str | bytes) -> Any:
    """Parse JSON text with every number as :class:`Decimal` (no float ever), or raise
    :class:`InvalidInput` naming the line and column."""
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            [Problem("", "json.syntax", f"{exc.msg} at line {exc.lineno} column {exc.colno}")]
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem("", "json.syntax", f"not UTF-8 text: {exc.reason}")]) from None
    except RecursionError:
        raise InvalidInput([Problem("", "json.too-deep", "nests too deeply")]) from None


_STRING = json.encoder.encode_basestring_ascii  # the C escaper json.dumps itself uses


def _pad(pads: list[str], level: int) -> str:
    """The newline and indent of ``level``: ``pads`` grows one indent unit (``pads[1]``) a level."""
    while len(pads) <= level:
        pads.append(pads[-1] + pads[1][1:] if pads[1] else "")
    return pads[level]


def _write(value: object, pads: list[str], level: int, out: list[str]) -> None:
    """Append the JSON text of ``value`` to ``out``; ``pads`` as :func:`_pad` keeps them. The
    common types are tested first."""
    if isinstance(value, str):  # str subclasses (the status enums) are written as their text
        out.append(_STRING(value))
    elif isinstance(value, Mapping):
        if not value:
            out.append("{}")
            return
        inner = _pad(pads, level + 1)
        sep = ": " if inner else ":"
        first = True
        for key, item in value.items():
            out.append(("{" if first else ",") + inner + _STRING(str(key)) + sep)
            first = False
            _write(item, pads, level + 1, out)
        out.append(pads[level] + "}")
    elif isinstance(value, Decimal):
        out.append(str(value) if value.is_finite() else _STRING(str(value)))
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = _pad(pads, level + 1)
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _write(item, pads, level + 1, out)
        out.append(pads[level] + "]")
    else:
        out.append(json.dumps(value))


def to_json(value: object, indent: int = 2) -> str:
    """JSON text for JSON-shaped ``value``; :class:`Decimal` is written as a number, exactly."""
    out: list[str] = []
    _write(value, ["\n", "\n" + " " * indent] if indent else ["", ""], 0, out)
    return "".join(out)


# ------------------------------------------------------------------------------------------------
# Outcomes.
# ------------------------------------------------------------------------------------------------


def dump_decision(decision: Decision) -> dict[str, Any]:
    """The JSON shape of one decision (the CLI's and the conformance vectors' format)."""
    shape: dict[str, Any] = {
        "position": decision.position,
        "action": decision.action,
        "result": decision.result.value,
        "from": None if decision.before is None else converter.unstructure(decision.before),
        "to": None if decision.after is None else converter.unstructure(decision.after),
        "rule": decision.rule.id,
        "source": decision.rule.page,
    }
    if decision.scope is not None:
        shape["scope"] = decision.scope.id
    shape["reason"] = decision.reason
    return shape


def dump_outcome(outcome: Outcome) -> dict[str, Any]:
    """The JSON shape of an outcome: ``{"httpStatus", "rule", "order", "decisions", "events"}``."""
    return {
        "httpStatus": outcome.http_status,
        "rule": outcome.rule.id,
        "order": None if outcome.order is None else dump_order(outcome.order),
        "decisions": [dump_decision(d) for d in outcome.decisions],
        "events": [
            {"name": event.name, "positions": list(event.positions)} for event in outcome.events
        ],
    }


def dump_webhooks(outcome: Outcome) -> list[dict[str, Any]]:
    """The webhook bodies Tradecloud would POST for the outcome, one per event:
    ``{"eventName", "orderEvent"}``, the order event being the read model after the change with
    its identifier as ``orderId`` (order/buyer/receive/README.md, "Using the webhook API")."""
    if outcome.order is None or not outcome.events:
        return []
    order_event = dump_order(outcome.order)
    if "id" in order_event:
        order_event = {"orderId": order_event.pop("id"), **order_event}
    return [{"eventName": event.name, "orderEvent": order_event} for event in outcome.events]
