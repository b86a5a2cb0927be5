"""Tradecloud JSON in and out: one :mod:`cattrs` converter for every entity and message.

In: JSON-shaped Python values (``dict``, ``list``, ``str``, numbers, ``bool``, ``None``) become
frozen values. Types are strict (a string is not a number, ``1`` is not ``true``); unknown fields
are ignored (api/compatibility.md). Whatever is wrong is collected and raised once as
:class:`~tradecloud_domain.errors.InvalidInput`, each problem with its JSON path.

Out: frozen values become the same JSON shapes; quantities and prices stay :class:`~decimal.Decimal`
so nothing is lost. :func:`to_json` writes them as JSON numbers, digit for digit.
"""

from __future__ import annotations

import codecs
import contextvars
import datetime
import json
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import IO, Any, Final, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._names import json_name
from .apply import Decision, Outcome
from .deliveries import delivery_overdue
from .entities import BuyerOrder, Collection, Line, Order, OrderStatus, order_lines
from .errors import MAX_PROBLEMS, Invalid, InvalidGroup, InvalidInput, Problem, shorten, shown
from .machine import aggregate
from .messages import MESSAGE_TYPES, Message
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, RequestStatus, Route

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_DOCUMENT_BYTES",
    "MAX_EXPONENT",
    "MAX_VALUES",
    "converter",
    "dump_decision",
    "dump_order",
    "dump_outcome",
    "from_json",
    "parse_message",
    "parse_order",
    "read_json",
    "structure",
    "to_json",
]

T = TypeVar("T")

#: Deepest JSON nesting accepted; Tradecloud's documents nest about six levels.
MAX_DEPTH: Final = 64
#: Largest JSON document read, in bytes of UTF-8 text (the default of ``max_bytes``).
MAX_DOCUMENT_BYTES: Final = 8 * 1024 * 1024
#: Most values (array items and object members, each distinct array or object counted once)
#: in a document given as Python values; a 500-line order with full schedules holds far fewer.
MAX_VALUES: Final = 1_000_000
#: Most significant digits in a number, and the widest power of ten (``1e1000``, ``1e-1000``).
MAX_DIGITS: Final = 1000
MAX_EXPONENT: Final = 1000

# ASCII digits only: ``\d`` would read Arabic-Indic or fullwidth digits as numbers.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
_DECIMAL_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")

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
    if not value.isascii() and (lone := _SURROGATE.search(value)) is not None:
        raise Invalid(
            "string.surrogate",
            f"holds a lone surrogate \\u{ord(lone.group()):04x} at character {lone.start()}; "
            "a string must be Unicode text",
        )
    return value


def _structure_bool(value: object, _: type) -> bool:
    _required(value)
    if not isinstance(value, bool):
        raise Invalid("type.boolean", f"expected true or false, got {_describe(value)}")
    return value


def _number(value: object) -> Decimal | None:
    """``value`` as a finite :class:`Decimal` within :data:`MAX_DIGITS` and
    :data:`MAX_EXPONENT`; ``None`` when it is no number at all. Every step is linear in the
    length of the value: nothing ever expands ``1e999999999`` to its digits."""
    result: Decimal | None = None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 4 * MAX_DIGITS:  # Decimal(int) is quadratic in the digits
            raise _out_of_range(value)
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        try:
            result = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid text
            result = None
    if result is None or not result.is_finite():
        return None
    if not -MAX_EXPONENT <= result.adjusted() <= MAX_EXPONENT:
        raise _out_of_range(value)
    if len(result.as_tuple().digits) > MAX_DIGITS:
        raise _out_of_range(value)
    return result


def _out_of_range(value: object) -> Invalid:
    return Invalid(
        "number.out-of-range",
        f"{shown(value)} is out of range: at most {MAX_DIGITS} digits and powers of ten from "
        f"1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT} are read",
    )


def _structure_int(value: object, _: type) -> int:
    _required(value)
    number = _number(value)
    if number is None or number != number.to_integral_value():
        raise Invalid(
            "type.integer", f"expected a whole number, got {_describe(value)} {shown(value)}"
        )
    return int(number)


def _structure_decimal(value: object, _: type) -> Decimal:
    _required(value)
    number = _number(value)
    if number is None:
        raise Invalid(
            "type.decimal",
            f"expected a finite decimal number, got {_describe(value)} {shown(value)}",
        )
    return number


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
        f"expected a local date-time yyyy-MM-ddThh:mm:ss, got {_describe(value)} {shown(value)}",
    )


def _structure_date(value: object, _: type) -> datetime.date:
    _required(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid("type.date", f"expected a date yyyy-MM-dd, got {_describe(value)} {shown(value)}")


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    _required(value)
    try:
        return cls(value)
    except (ValueError, TypeError):  # TypeError: an unhashable value such as an array
        allowed = ", ".join(str(member.value) for member in cls)
        raise Invalid(
            "enum.unknown", f"{shown(value)} is not a known {cls.__name__} (one of: {allowed})"
        ) from None


def _structure_tuple(value: object, cls: Any) -> tuple[Any, ...]:
    _required(value)
    if not isinstance(value, list | tuple):
        raise Invalid("type.array", f"expected an array, got {_describe(value)}")
    (item_type, _ellipsis) = get_args(cls)
    items: list[Any] = []
    errors: list[Exception] = []
    budget = _BUDGET.get()
    for index, item in enumerate(value):
        if budget is not None and budget.spent():
            break  # enough problems found: the rest of the array is not read
        try:
            items.append(converter.structure(item, item_type))
        except Exception as exc:  # collected, then reported with the index
            exc.add_note(f"@index {index}")
            errors.append(exc)
            if budget is not None:
                budget.found += _count(exc)
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
    when dumping, absent optional values are left out."""
    return {
        a.name: override(
            rename=json_name(a.name),
            omit_if_default=not structuring and a.default in (None, ()),
            struct_hook=_checked(a) if structuring and a.validator is not None else None,
        )
        for a in attrs.fields(cls)
    }


def _attrs_structure(cls: Any) -> Callable[[object, type], Any]:
    generated = make_dict_structure_fn(cls, converter, **_overrides(cls, structuring=True))

    def structure_object(value: object, _: type) -> Any:
        _required(value)
        if not isinstance(value, dict):
            raise Invalid("type.object", f"expected an object, got {_describe(value)}")
        return generated(value, cls)

    return structure_object


def _attrs_unstructure(cls: Any) -> Callable[[Any], dict[str, Any]]:
    return make_dict_unstructure_fn(cls, converter, **_overrides(cls, structuring=False))


# Class registrations dispatch on subclasses too, so the status enums (each a str) get hooks of
# their own; cattrs' defaults would coerce (bool("no") is True) or raise a bare ValueError.
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_structure_hook(datetime.date, _structure_date)
converter.register_structure_hook(datetime.datetime, _structure_datetime)
for _status_enum in (ProcessStatus, InProgressStatus, LogisticsStatus, RequestStatus):
    converter.register_structure_hook(_status_enum, _structure_enum)
converter.register_structure_hook_func(
    lambda t: getattr(t, "__origin__", None) is tuple, _structure_tuple
)
converter.register_structure_hook_factory(attrs.has, _attrs_structure)
converter.register_unstructure_hook(Decimal, lambda d: d)
for _status_enum in (ProcessStatus, InProgressStatus, LogisticsStatus, RequestStatus):
    converter.register_unstructure_hook(_status_enum, lambda member: member.value)
converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
converter.register_unstructure_hook(datetime.datetime, lambda d: d.isoformat())
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


def _size_problem(value: object) -> Problem | None:
    """Whether a value sits more than :data:`MAX_DEPTH` arrays or objects deep, or holds more
    than :data:`MAX_VALUES` values.

    Level by level, so the walk never recurses; each level visits every distinct container once
    (shared references, ``x = [x, x]``, and cycles cost no more than one copy), and the walk stops
    as soon as the values seen pass :data:`MAX_VALUES`. So its work is bounded by the number of
    distinct containers and their sizes, and never exceeds ``MAX_DEPTH * MAX_VALUES`` steps.
    """
    level: list[Any] = [value] if isinstance(value, dict | list | tuple) else []
    counted: set[int] = set()
    values = 0
    for _ in range(MAX_DEPTH):
        children: list[Any] = []
        seen: set[int] = set()
        for item in level:
            members = item.values() if isinstance(item, dict) else item
            if id(item) not in counted:
                counted.add(id(item))
                values += len(members)
                if values > MAX_VALUES:
                    return Problem("", "json.too-large", f"holds more than {MAX_VALUES:,} values")
            for member in members:
                if isinstance(member, dict | list | tuple) and id(member) not in seen:
                    seen.add(id(member))
                    children.append(member)
        if not children:
            return None
        level = children
    if any(level):  # a non-empty container this deep holds a value one level deeper
        return Problem("", "json.too-deep", f"nests deeper than {MAX_DEPTH} levels")
    return None


class _Budget:
    """The problems found so far by one :func:`structure` call. Once more than
    :data:`~tradecloud_domain.errors.MAX_PROBLEMS` are found, arrays stop reading their items:
    a message with 200,000 broken values costs no more than one with a hundred."""

    def __init__(self) -> None:
        self.found = 0

    def spent(self) -> bool:
        return self.found > MAX_PROBLEMS


_BUDGET: Final[contextvars.ContextVar[_Budget | None]] = contextvars.ContextVar(
    "tradecloud_domain_problem_budget", default=None
)


def _count(exc: BaseException) -> int:
    """How many problems an exception of structuring holds (what :func:`_problems` yields)."""
    if isinstance(exc, ClassValidationError | IterableValidationError | InvalidGroup | _Several):
        inner = exc.errors if isinstance(exc, InvalidGroup | _Several) else exc.exceptions
        return sum(_count(e) for e in inner)
    return 1


def structure(data: object, cls: type[T]) -> T:
    """Structure JSON-shaped ``data`` into ``cls``, or raise :class:`InvalidInput`.

    Cheap limits first: the document's depth and size (:func:`_size_problem`), then the fields,
    where an oversized array is refused before its items are read. Reading stops once more than
    :data:`~tradecloud_domain.errors.MAX_PROBLEMS` problems are found; the
    :class:`InvalidInput` raised then says that its count is a lower bound.
    """
    too_big = _size_problem(data)
    if too_big is not None:
        raise InvalidInput([too_big])
    budget = _Budget()
    token = _BUDGET.set(budget)
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, Invalid) as exc:
        raise InvalidInput(_problems(exc, ""), complete=not budget.spent()) from None
    finally:
        _BUDGET.reset(token)


# ------------------------------------------------------------------------------------------------
# The public shapes.
# ------------------------------------------------------------------------------------------------


@attrs.frozen
class _OrderDocument:
    """The order read model as it comes in. ``status`` is checked, then recomputed from lines."""

    buyer_order: BuyerOrder
    lines: tuple[Line, ...] = order_lines()
    status: OrderStatus | None = None


def parse_order(data: object) -> Order:
    """An :class:`Order` from Tradecloud's order read-model JSON.

    The order-level ``status`` is checked for known values but not kept: it is always the
    aggregation of the lines' statuses.
    """
    document = structure(data, _OrderDocument)
    try:
        return Order(document.buyer_order, document.lines)
    except Invalid as exc:
        raise InvalidInput([Problem(exc.at, exc.code, exc.message)]) from None


def dump_order(order: Order, today: datetime.date | None = None) -> dict[str, Any]:
    """The order read-model JSON of ``order``; :func:`parse_order` reads it back to an equal one.

    With ``today``, the order and each line also show ``indicators.deliveryOverdue`` as of that
    date (rules ``overdue.line``, ``overdue.order``); they are derived, so reading them back
    ignores them.
    """
    lines = [converter.unstructure(line) for line in order.lines]
    shape: dict[str, Any] = {
        "buyerOrder": converter.unstructure(order.buyer_order),
        "status": converter.unstructure(aggregate(order.lines)),
        "lines": lines,
    }
    if today is not None:
        overdue = [delivery_overdue(line, today) for line in order.lines]
        shape["indicators"] = {"deliveryOverdue": any(overdue)}
        for line_shape, line_overdue in zip(lines, overdue, strict=True):
            line_shape["indicators"] = {"deliveryOverdue": line_overdue}
    return shape


def parse_message(route: str | Route, data: object) -> Message:
    """The message for ``route`` (``"order"`` or ``"order/indicators"``) from its JSON body."""
    try:
        kind = MESSAGE_TYPES[Route(route)]
    except ValueError:
        known = ", ".join(r.value for r in Route)
        raise InvalidInput(
            [Problem("", "route.unknown", f"unknown route {shown(route)}; known routes: {known}")]
        ) from None
    return structure(data, kind)


# ------------------------------------------------------------------------------------------------
# JSON text.
# ------------------------------------------------------------------------------------------------


def _too_large(max_bytes: int) -> InvalidInput:
    return InvalidInput(
        [Problem("", "json.too-large", f"is larger than {max_bytes:,} bytes (the size limit)")]
    )


def _decoded(text: object, max_bytes: int | None) -> str:
    """``text`` as a ``str`` without a leading byte order mark, within ``max_bytes``."""
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if max_bytes is not None and len(raw) > max_bytes:
            raise _too_large(max_bytes)
        try:
            return raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                [Problem("", "json.syntax", f"not UTF-8 text: {exc.reason} at byte {exc.start}")]
            ) from None
    if isinstance(text, str):
        # A character is 1 to 4 bytes of UTF-8: encode only when the length alone cannot tell.
        if max_bytes is not None and 4 * len(text) > max_bytes:
            size = len(text)
            if size <= max_bytes:
                size = len(text.encode("utf-8", "surrogatepass"))
            if size > max_bytes:
                raise _too_large(max_bytes)
        return text.removeprefix("\ufeff")
    raise InvalidInput(
        [Problem("", "json.syntax", f"expected JSON text (str or bytes), got {_describe(text)}")]
    )


def _duplicate_keys(document: object, objects: list[tuple[dict[str, Any], list[str]]]) -> Problem:
    """A problem for each key repeated in ``objects`` (the objects parsed from ``document`` that
    repeat one), with its path: found by one walk of the document's tree."""
    repeated = {id(obj): keys for obj, keys in objects}
    problems: list[Problem] = []
    stack: list[tuple[str, object]] = [("", document)]
    while stack and len(problems) < len(repeated):
        path, value = stack.pop()
        if isinstance(value, dict):
            for key in repeated.get(id(value), ()):
                problems.append(
                    Problem(
                        _join(path, shorten(key)),
                        "json.duplicate-key",
                        f"key {shown(key)} appears more than once in this object; "
                        "each key may appear once",
                    )
                )
            stack.extend((_join(path, shorten(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((_join(path, f"[{n}]"), v) for n, v in reversed(list(enumerate(value))))
    raise InvalidInput(problems, total=sum(len(keys) for _, keys in objects))


class _TooManyValues(Exception):
    """Raised while parsing to stop at :data:`MAX_VALUES`."""


def from_json(text: str | bytes, *, max_bytes: int | None = MAX_DOCUMENT_BYTES) -> Any:
    """Parse JSON text, or raise :class:`InvalidInput`.

    Every number becomes a :class:`Decimal` (no float ever). ``bytes`` must be UTF-8; a leading
    byte order mark is skipped. Text longer than ``max_bytes`` bytes of UTF-8 (``None``: no
    limit) is refused before it is parsed (``json.too-large``), and parsing stops as soon as more
    than :data:`MAX_VALUES` object members and numbers are read (``json.too-large``). A key
    repeated in one object (``json.duplicate-key``, with its path) and anything but ``str`` or
    ``bytes`` (``json.syntax``) are refused too. A syntax error names its line and column.
    """
    decoded = _decoded(text, max_bytes)
    repeats: list[tuple[dict[str, Any], list[str]]] = []
    values = [0]  # object members and numbers read so far

    def number(literal: str) -> Decimal:
        values[0] += 1
        if values[0] > MAX_VALUES:
            raise _TooManyValues
        return Decimal(literal)

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        values[0] += len(pairs) or 1
        if values[0] > MAX_VALUES:
            raise _TooManyValues
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeated: list[str] = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            repeats.append((obj, repeated))
        return obj

    try:
        document = json.loads(
            decoded,
            parse_float=number,
            parse_int=number,
            parse_constant=number,
            object_pairs_hook=build,
        )
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            [Problem("", "json.syntax", f"{exc.msg} at line {exc.lineno} column {exc.colno}")]
        ) from None
    except RecursionError:
        raise InvalidInput([Problem("", "json.too-deep", "nests too deeply")]) from None
    except _TooManyValues:
        raise InvalidInput(
            [Problem("", "json.too-large", f"holds more than {MAX_VALUES:,} values")]
        ) from None
    if repeats:
        _duplicate_keys(document, repeats)
    return document


def read_json(stream: IO[bytes] | IO[str], *, max_bytes: int | None = MAX_DOCUMENT_BYTES) -> Any:
    """Read one JSON document from an open ``stream`` with the limits of :func:`from_json`.

    The one way this library reads a document from a file, a pipe or a socket: at most
    ``max_bytes + 1`` bytes are read (``/dev/zero`` costs no more than the limit), so the size
    limit holds while reading, before anything is parsed. A binary stream is best; a text stream
    is read by characters and its size checked as UTF-8.

    Raises :class:`InvalidInput` for what was read, and lets :class:`OSError` from the stream
    through: failing to read is not a problem of the input.
    """
    data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    return from_json(data, max_bytes=max_bytes)


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
        "order": None if outcome.order is None else dump_order(outcome.order, outcome.today),
        "decisions": [dump_decision(d) for d in outcome.decisions],
        "events": [
            {"name": event.name, "positions": list(event.positions)} for event in outcome.events
        ],
    }
