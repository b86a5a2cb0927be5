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
import functools
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import IO, Any, Final, TypeVar, cast, get_args

import attrs

from ._identifiers import _WHITESPACE
from ._names import json_name
from ._values import frozen
from .apply import Decision, Outcome
from .deliveries import delivery_overdue
from .entities import (
    BuyerOrder,
    Collection,
    Line,
    LineStatus,
    Order,
    OrderStatus,
    SupplierOrder,
    order_lines,
)
from .errors import MAX_PROBLEMS, Invalid, InvalidGroup, InvalidInput, Problem, shorten, shown
from .machine import aggregate
from .messages import ErpUser, message_type
from .readmodel import Code, EventDates, Instant, LineType, OrderType, format_instant
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, RequestStatus, Route
from .views import line_views

if typing.TYPE_CHECKING:
    import cattrs
    import simplejson

    from .messages import Message

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_DOCUMENT_BYTES",
    "MAX_EXPONENT",
    "MAX_VALUES",
    "converter",
    "dump_decision",
    "dump_order",
    "dump_order_text",
    "dump_outcome",
    "dump_outcome_text",
    "dump_single_delivery_view",
    "dump_webhooks",
    "from_json",
    "parse_message",
    "parse_order",
    "parse_state",
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
    if result.__sizeof__() > _SMALL_DECIMAL and len(result.as_tuple().digits) > MAX_DIGITS:
        raise _out_of_range(value)
    return result


def _small_decimal_size() -> int:
    """The size of a :class:`Decimal` whose digits fit in the object itself. The C ``decimal``
    keeps up to 76 digits there and allocates more for a longer coefficient, so a value no
    larger than this is known to be within :data:`MAX_DIGITS` without listing its digits
    (``as_tuple``, which costs more than the rest of reading a number). Where sizes do not tell
    (another implementation), -1: every value's digits are counted."""
    small, large = Decimal(1).__sizeof__(), Decimal("1" * (MAX_DIGITS + 1)).__sizeof__()
    return small if large > small else -1


_SMALL_DECIMAL: Final = _small_decimal_size()


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
    if not text or _WHITESPACE.search(text):
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


#: Dates read from text, by their text: an order repeats a few dates on many lines, and the fast
#: pass looks them up here before it reads one (a date is immutable, so one value serves all).
_DATES: Final[dict[str, datetime.date]] = {}
_DATES_KEPT: Final = 4096


def _structure_date(value: object, _: type) -> datetime.date:
    _required(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            date = datetime.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(_DATES) >= _DATES_KEPT:
                _DATES.clear()
            _DATES[value] = date
            return date
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
    from cattrs.errors import IterableValidationError  # noqa: PLC0415 - the detailed pass only

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
            items.append(_converter().structure(item, item_type))
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
    from cattrs.errors import (  # noqa: PLC0415 - the detailed pass only
        ClassValidationError,
        IterableValidationError,
    )

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
            result: Any = _converter().structure(value, kind)
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
    from cattrs.gen import override  # noqa: PLC0415 - the converter's own factories only

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
    from cattrs.gen import make_dict_structure_fn  # noqa: PLC0415 - the converter's factory only

    generated = make_dict_structure_fn(cls, _converter(), **_overrides(cls, structuring=True))
    flattened = _flattened(cls)

    def structure_object(value: object, _: type) -> Any:
        _required(value)
        if not isinstance(value, dict):
            raise Invalid("type.object", f"expected an object, got {_describe(value)}")
        result = generated(value, cls)
        for name, inner, keys in flattened:
            if keys.isdisjoint(value):
                continue
            part: Any = _converter().structure(value, inner)
            if part != inner():
                # The value was built here a moment ago; no validator guards this field.
                object.__setattr__(result, name, part)
        return result

    return structure_object


@functools.cache
def _annotation(text: str, module: str) -> Any:
    return eval(text, vars(sys.modules[module]))


@functools.cache
def _fields(cls: Any) -> tuple[Any, ...]:
    """The attrs fields of ``cls`` with their types resolved, once per class. An annotation is
    evaluated once per spelling (``"str | None"`` recurs everywhere), cheaper at start-up than
    attrs' resolver; as :func:`attrs.resolve_types` does, the resolved type is set on the field
    itself (a copy of each field took a third of the first parse's time)."""
    try:
        fields = attrs.fields(cls)
        for a in fields:
            if isinstance(a.type, str):
                object.__setattr__(a, "type", _annotation(a.type, cls.__module__))
        return tuple(fields)
    except NameError:  # pragma: no cover - a name only known while type checking
        attrs.resolve_types(cls)
        return tuple(attrs.fields(cls))


def _init_fields(cls: Any) -> Iterator[tuple[int, Any, str, Any, bool]]:
    """The fields of ``cls`` its ``__init__`` takes, each as ``(index, field, JSON name, type,
    optional)``: the type without its ``| None``, and whether it had one."""
    for index, a in enumerate(_fields(cls)):
        if a.init:
            inner = _optional_of(a.type)
            yield index, a, json_name(a.name), a.type if inner is None else inner, inner is not None


def _is_array(kind: Any) -> bool:
    """Whether ``kind`` is ``tuple[X, ...]``, the type of every JSON array in the model."""
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _unstructure_array(kind: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
    from cattrs.fns import identity  # noqa: PLC0415 - the converter's factory only

    item = typing.get_args(kind)[0]
    if attrs.has(item):  # the item's function is generated when an array first holds one
        hooks: list[Callable[[Any], Any]] = []

        def unstructure_items(items: tuple[Any, ...]) -> list[Any]:
            if not items:
                return []
            if not hooks:
                hooks.append(_converter().get_unstructure_hook(item))
            hook = hooks[0]
            return [hook(value) for value in items]

        return unstructure_items
    hook = _converter().get_unstructure_hook(item)
    if hook is identity:
        return list
    return lambda items: [hook(item) for item in items]


def _unstructure_on_first_call(names: dict[str, Any], name: str, kind: Any) -> Callable[[Any], Any]:
    """A stand-in for the unstructure hook of an attrs class ``kind`` in a generated function:
    on its first call it gets the hook (generated then) and puts it in its place in ``names``
    (the function's globals), so writing a value generates the functions of the classes it
    holds, when it first holds them."""

    def first_call(value: Any) -> Any:
        hook = names[name] = _converter().get_unstructure_hook(kind)
        return hook(value)

    return first_call


def _attrs_unstructure(cls: Any) -> Callable[[Any], dict[str, Any]]:
    """Generate ``unstructure_<cls>(instance)``: the JSON object of an attrs value.

    Keys are the camelCase JSON names; a field whose default is ``None`` or ``()`` is left out
    while it holds that default, and comes after the fields always written (cattrs' order).
    Each value goes through its type's unstructure hook, written inline where it is the identity.
    A field marked ``flatten`` writes its own fields into the owner's object, last.
    """
    from cattrs.fns import identity  # noqa: PLC0415 - the converter's factory only

    names: dict[str, Any] = {}
    always: list[str] = []
    omitted: list[str] = []
    flattened: list[str] = []
    for index, a, key, kind, optional in _init_fields(cls):
        hook = (
            _unstructure_on_first_call(names, f"__u{index}", kind)
            if attrs.has(kind)
            else _converter().get_unstructure_hook(kind)
        )
        names[f"__u{index}"] = hook
        names[f"__d{index}"] = a.default
        if a.metadata.get("flatten"):
            flattened.append(
                f"    if (v := instance.{a.name}) is not None:\n        res.update(__u{index}(v))"
            )
            continue
        write = "{v}" if hook is identity else _INLINE_UNSTRUCTURE.get(hook, f"__u{index}({{v}})")
        if a.default is None:
            test = f"(v := instance.{a.name}) is not None"
        elif a.default == ():
            test = f"(v := instance.{a.name}) != __d{index}"
        else:
            if optional and write != "{v}":
                write = f"(None if {{v}} is None else {write})"
            always.append(f"{key!r}: {write.format(v='instance.' + a.name)}")
            continue
        omitted.append(f"    if {test}:\n        res[{key!r}] = {write.format(v='v')}")
    source = "\n".join(
        [
            f"def unstructure_{cls.__name__}(instance):",
            "    res = {" + ", ".join(always) + "}",
            *omitted,
            *flattened,
            "    return res",
        ]
    )
    exec(compile(source, f"<unstructure {cls.__qualname__}>", "exec"), names)
    return names[f"unstructure_{cls.__name__}"]  # type: ignore[no-any-return]


_ENUMS: Final = (
    ProcessStatus,
    InProgressStatus,
    LogisticsStatus,
    RequestStatus,
    LineType,
    OrderType,
)
_erp_user_object = functools.cache(lambda: _attrs_structure(ErpUser))  # built when first needed


def _structure_erp_user(value: object, _: type) -> ErpUser:
    """An ERP user: "the user email or user name" (a string), or an object such as Tradecloud's
    own request bodies send (``{"email": ...}``)."""
    if isinstance(value, str):
        return ErpUser(user_name=value)
    if value is not None and not isinstance(value, dict):
        raise Invalid(
            "type.object",
            f'expected an email or user name, or an object such as {{"email": ...}}, '
            f"got {_describe(value)}",
        )
    result: ErpUser = _erp_user_object()(value, ErpUser)
    return result


#: The hooks that read the model's leaf values (and the two classes read by a hook of their own),
#: by type: the converter registers them, and the fast pass calls them without it. cattrs'
#: defaults would coerce (``bool("no")`` is ``True``) or raise a bare ``ValueError``.
_STRUCTURE_HOOKS: Final[Mapping[Any, Callable[[Any, Any], Any]]] = types.MappingProxyType(
    {
        str: _structure_str,
        bool: _structure_bool,
        int: _structure_int,
        Decimal: _structure_decimal,
        datetime.date: _structure_date,
        datetime.datetime: _structure_datetime,
        Instant: _structure_instant,
        Code: _structure_code,
        EventDates: _structure_event_dates,
        ErpUser: _structure_erp_user,
        **dict.fromkeys(_ENUMS, _structure_enum),
    }
)


def _enum_value(member: Enum) -> Any:
    return member._value_  # what ``.value`` gives, without the descriptor (the generated code)


def _iso_format(moment: datetime.date) -> str:
    return moment.isoformat()


#: Hooks the generated code writes inline, as a method or attribute of the value.
_INLINE_UNSTRUCTURE: Final = {_enum_value: "{v}._value_", _iso_format: "{v}.isoformat()"}


@functools.cache
def _converter() -> cattrs.Converter:
    """The converter (:data:`converter`), made and its hooks registered on first use.

    Reading valid JSON takes the fast pass, which calls the hooks of :data:`_STRUCTURE_HOOKS`
    itself; the converter, and :mod:`cattrs` with it, are needed by the detailed pass (input the
    fast pass refuses) and by writing JSON. So neither ``import tradecloud_domain`` nor reading
    a valid document imports cattrs (about a seventh of the instructions of one CLI call).
    """
    import cattrs  # noqa: PLC0415 - imported when first needed (see above)
    from cattrs.fns import identity  # noqa: PLC0415

    made = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    # Class registrations dispatch on subclasses too, so the status enums (each a str) get
    # hooks of their own.
    for kind, hook in _STRUCTURE_HOOKS.items():
        made.register_structure_hook(kind, hook)
    made.register_structure_hook_func(
        lambda t: getattr(t, "__origin__", None) is tuple, _structure_tuple
    )
    made.register_structure_hook_factory(attrs.has, _attrs_structure)
    made.register_unstructure_hook(Decimal, identity)  # identity: the generated code inlines it
    made.register_unstructure_hook_factory(_is_array, _unstructure_array)
    for status_enum in _ENUMS:
        made.register_unstructure_hook(status_enum, _enum_value)
    made.register_unstructure_hook(datetime.date, _iso_format)
    made.register_unstructure_hook(datetime.datetime, _iso_format)
    made.register_unstructure_hook(Instant, format_instant)
    made.register_unstructure_hook(
        EventDates, lambda dates: {name: format_instant(moment) for name, moment in dates.dates}
    )
    made.register_unstructure_hook_factory(attrs.has, _attrs_unstructure)
    return made


if typing.TYPE_CHECKING:
    #: The :mod:`cattrs` converter for every entity and message (made on first use).
    converter: cattrs.Converter


def __getattr__(name: str) -> Any:
    """:data:`converter`, made on first access (:func:`_converter`)."""
    if name == "converter":
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    from cattrs.errors import (  # noqa: PLC0415 - the detailed pass only
        ClassValidationError,
        IterableValidationError,
    )

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


_CONTAINERS: Final = (dict, list, tuple)


def _measure(value: object, levels: int, most: int) -> tuple[bool, int]:
    """Walk ``value`` level by level, at most ``levels`` arrays or objects deep: whether it nests
    deeper than that, and how many values its containers hold (the walk stops once more than
    ``most`` are counted).

    The walk never recurses, and each level visits every distinct container once: shared
    references (``x = [x, x]``) and cycles cost no more than one copy, so the work is bounded by
    the number of distinct containers and their sizes, never ``levels * most`` steps more.
    """
    level: list[Any] = [value] if isinstance(value, _CONTAINERS) else []
    counted: set[int] = set()
    values = 0
    for _ in range(levels):
        children: list[Any] = []
        seen: set[int] = set()
        for item in level:
            members = item.values() if isinstance(item, dict) else item
            if id(item) not in counted:
                counted.add(id(item))
                values += len(members)
                if values > most:
                    return False, values
            for member in members:
                if isinstance(member, _CONTAINERS) and id(member) not in seen:
                    seen.add(id(member))
                    children.append(member)
        if not children:
            return False, values
        level = children
    return any(level), values  # a non-empty container this deep holds a value one level deeper


def _size_problem(value: object) -> Problem | None:
    """Whether a value sits more than :data:`MAX_DEPTH` arrays or objects deep, or holds more
    than :data:`MAX_VALUES` values (:func:`_measure`)."""
    too_deep, values = _measure(value, MAX_DEPTH, MAX_VALUES)
    if values > MAX_VALUES:
        return Problem("", "json.too-large", f"holds more than {MAX_VALUES:,} values")
    if too_deep:
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
    from cattrs.errors import (  # noqa: PLC0415 - the detailed pass only
        ClassValidationError,
        IterableValidationError,
    )

    if isinstance(exc, ClassValidationError | IterableValidationError | InvalidGroup | _Several):
        inner = exc.errors if isinstance(exc, InvalidGroup | _Several) else exc.exceptions
        return sum(_count(e) for e in inner)
    return 1


def structure(data: object, cls: type[T]) -> T:
    """Structure JSON-shaped ``data`` into ``cls``, or raise :class:`InvalidInput`.

    Valid input takes the fast pass (:func:`_fast_hook`); input it refuses is structured again by
    the detailed pass, which finds every problem and its path. Both run the same primitive hooks
    and the same attrs validators, so the fast pass accepts exactly what the detailed one accepts.
    """
    token = _UNREAD_VALUES.set([0])
    try:
        fast: Callable[[object, Any], T] = _fast_hook(cast(Any, cls))
        return fast(data, cls)
    except Exception:  # whatever the fast pass tripped over, the detailed pass names it
        pass
    finally:
        _UNREAD_VALUES.reset(token)
    return _structure_detailed(data, cls)


def _structure_detailed(data: object, cls: type[T]) -> T:
    """The detailed pass alone: every problem of ``data`` with its JSON path.

    Cheap limits first: the document's depth and size (:func:`_size_problem`), then the fields,
    where an oversized array is refused before its items are read. Reading stops once more than
    :data:`~tradecloud_domain.errors.MAX_PROBLEMS` problems are found; the
    :class:`InvalidInput` raised then says that its count is a lower bound.
    """
    from cattrs.errors import (  # noqa: PLC0415 - the detailed pass only
        ClassValidationError,
        IterableValidationError,
    )

    too_big = _size_problem(data)
    if too_big is not None:
        raise InvalidInput([too_big])
    budget = _Budget()
    token = _BUDGET.set(budget)
    try:
        return _converter().structure(data, cls)
    except (ClassValidationError, IterableValidationError, Invalid) as exc:
        raise InvalidInput(_problems(exc, ""), complete=not budget.spent()) from None
    finally:
        _BUDGET.reset(token)


# ------------------------------------------------------------------------------------------------
# The fast pass: one generated function per attrs class, no per-field wrappers, no bookkeeping.
# ------------------------------------------------------------------------------------------------


class _NotFast(Exception):
    """The fast pass met something it does not accept; the detailed pass takes over."""


_NONE: Final = type(None)

#: How deep the model's own classes may nest (arrays and objects); the deepest nests about ten.
_SCHEMA_DEPTH: Final = 16
#: How deep a value the fast pass does not read (an unknown field's) may nest. Within this, the
#: whole document is within :data:`MAX_DEPTH`, so the fast pass needs no walk of its own over
#: what it reads; a deeper value goes to the detailed pass, which measures the document exactly.
_UNREAD_DEPTH: Final = MAX_DEPTH - _SCHEMA_DEPTH - 1

#: attrs classes read by a hook of their own (not field by field): the fast pass calls that hook.
_OWN_HOOKS: Final[frozenset[type]] = frozenset({EventDates, ErpUser})

#: The types whose hooks refuse any array or object: values of other types may nest.
_SCALARS: Final = (str, bool, int, Decimal, datetime.date, datetime.datetime, Enum)


#: The values the fast pass has measured but not read, in this :func:`structure` call.
_UNREAD_VALUES: Final[contextvars.ContextVar[list[int]]] = contextvars.ContextVar(
    "tradecloud_domain_unread_values"
)


def _measure_unread(value: object) -> None:
    """Raise :class:`_NotFast` when a value the fast pass does not read nests too deeply, or when
    the values not read, all told, pass :data:`MAX_VALUES` (the detailed pass then refuses the
    document as :func:`_size_problem` does). What the fast pass reads is bounded by the model's
    collection limits. Called outside :func:`structure`, it bounds the one value alone."""
    unread = _UNREAD_VALUES.get(None) or [0]
    too_deep, values = _measure(value, _UNREAD_DEPTH, MAX_VALUES - unread[0])
    unread[0] += values
    if too_deep or unread[0] > MAX_VALUES:
        raise _NotFast


def _unread(value: dict[str, Any], known: frozenset[str]) -> None:
    """Measure the fields of ``value`` the fast pass does not read (:func:`_measure_unread`)."""
    for key, item in value.items():
        if key not in known:
            _measure_unread(item)


#: The depth of each attrs class measured so far that nests within :data:`_SCHEMA_DEPTH` (so no
#: class on its way holds itself, and the depth does not depend on the way there).
_DEPTHS: Final[dict[Any, int]] = {}


def _schema_depth(kind: Any, seen: frozenset[Any] = frozenset()) -> int:
    """How many arrays and objects deep values of ``kind`` nest, at most."""
    inner = _optional_of(kind)
    if inner is not None:
        return _schema_depth(inner, seen)
    if _is_array(kind):
        return 1 + _schema_depth(typing.get_args(kind)[0], seen)
    if attrs.has(kind):
        if kind in seen:  # a class that holds itself nests without bound
            return _SCHEMA_DEPTH + 1
        depth = _DEPTHS.get(kind)
        if depth is None:
            fields = _fields(kind)
            depth = 1 + max((_schema_depth(a.type, seen | {kind}) for a in fields), default=0)
            if depth <= _SCHEMA_DEPTH:
                _DEPTHS[kind] = depth
        return depth
    return 0


def _optional_of(kind: Any) -> Any:
    """``X`` for ``X | None`` (either spelling), else ``None``."""
    if typing.get_origin(kind) not in (types.UnionType, typing.Union):
        return None
    args = typing.get_args(kind)
    if len(args) != 2 or _NONE not in args:
        return None
    return args[0] if args[1] is _NONE else args[1]


@functools.cache
def _fast_hook(kind: Any, in_numbers: bool = False) -> Callable[[object, Any], Any]:
    """The fast structuring function for ``kind``: generated for attrs classes and arrays of
    them; for every other type, the very hook the detailed pass uses (the primitive hooks of
    :data:`_STRUCTURE_HOOKS`). ``in_numbers``: the values are read from an array's items or
    their parts, so a document may hold many of them (:func:`_fast_attrs`)."""
    own = _STRUCTURE_HOOKS.get(kind)
    if own is not None and kind in _OWN_HOOKS:
        return own
    if attrs.has(kind):
        return _fast_attrs(kind, in_numbers)
    if _is_array(kind):
        return _fast_array(typing.get_args(kind)[0], None)
    inner = _optional_of(kind)
    if inner is not None:
        hook = _fast_hook(inner, in_numbers)
        return lambda value, _: None if value is None else hook(value, inner)
    # The converter registers the same hooks: it is only asked for a type the model does not use.
    hook = own if own is not None else _converter().get_structure_hook(kind)
    scalar = getattr(kind, "__supertype__", kind)  # a NewType (``Code``) is its base type
    if isinstance(scalar, type) and issubclass(scalar, _SCALARS):
        return hook

    def structure_other(value: object, _: Any) -> Any:
        # A hook that may accept arrays or objects: bound them as unread fields are bounded.
        _measure_unread(value)
        return hook(value, kind)

    return structure_other


def _fast_array(item: Any, rules: Collection | None) -> Callable[[object, Any], Any]:
    hook = _fast_hook(item, True)
    limit = rules.limit if rules is not None else None

    def structure_array(value: Any, _: Any) -> tuple[Any, ...]:
        if value.__class__ is not list and value.__class__ is not tuple:
            raise _NotFast
        if limit is not None and len(value) > limit:
            raise _NotFast  # refused before a single item is structured
        return tuple([hook(v, item) for v in value])

    return structure_array


def _fast_read(kind: Any, hook: Any, names: dict[str, Any], at: str) -> str:
    """The expression that reads a value of ``kind`` (not ``None``) in generated code, with
    ``{first}`` where the value is first named (it binds ``v``). The commonest scalars are
    accepted inline when they plainly pass their hook (a str of ASCII text, a bool, a Decimal
    of few digits within range, a known status value, a date read before); anything else is
    handed to the hook itself, so what is accepted and refused is the hook's word."""
    call = f"__h{at}(v, __t{at})"
    test = _fast_test(hook)
    if test is not None:
        return f"(v if {test} else {call})"
    if hook is _structure_date:
        return f"(m if (m := __dates.get({{first}})) is not None else {call})"
    if hook is _structure_enum:
        names[f"__m{at}"] = {member.value: member for member in kind}
        return f"(m if (m := __m{at}.get({{first}})) is not None else {call})"
    return f"__h{at}({{first}}, __t{at})"


def _fast_test(hook: Any) -> str | None:
    """For the hooks of a str, a bool and a Decimal, the test that ``v`` (bound where
    ``{first}`` is) plainly passes the hook, which then returns ``v`` itself; else ``None``."""
    if hook is _structure_str:
        return "{first}.__class__ is __str and v.isascii()"
    if hook is _structure_bool:
        return "{first}.__class__ is __bool"
    if hook is _structure_decimal:  # as _number judges a Decimal
        return (
            "{first}.__class__ is __Decimal and v.__sizeof__() <= __small_decimal"
            f" and v.is_finite() and {-MAX_EXPONENT} <= v.adjusted() <= {MAX_EXPONENT}"
        )
    return None


def _call_arguments(values: list[tuple[Any, str]]) -> list[str]:
    """The constructor's arguments for the fields' expressions ``values``
    (:func:`_fast_values`): the positional ones in order, then the keyword-only ones by alias."""
    positional = [value for a, value in values if not a.kw_only]
    return [*positional, *(f"{a.alias}={value}" for a, value in values if a.kw_only)]


def _fast_values(
    cls: Any, names: dict[str, Any], tag: str, in_numbers: bool = False
) -> tuple[list[tuple[Any, str]], set[str]]:
    """Each field of ``cls`` its ``__init__`` takes, in order, with the expression that reads its
    value from the JSON object ``o``, and the JSON keys they read. The functions and values they
    use are put in ``names`` under names ending in ``tag``. A field marked ``flatten`` reads its
    fields from ``o`` too. ``in_numbers``: as :func:`_fast_hook` takes it, for the fields' own
    classes."""
    known: set[str] = set()
    values: list[tuple[Any, str]] = []
    for index, a, key, kind, optional in _init_fields(cls):
        at = f"{index}{tag}"
        if a.metadata.get("flatten"):
            flat, keys = _fast_flat(kind)
            known |= keys
            names[f"__h{at}"] = flat
            expression = f"__h{at}(o)"
        else:
            known.add(key)
            rules: Collection | None = a.metadata.get("collection")
            # A scalar's hook is a primitive one, looked up at once (the inline reads of
            # _fast_read know it by name); a class or an array builds its own on first use.
            nested = attrs.has(kind) or _is_array(kind) or kind in _OWN_HOOKS
            hook = None if nested else _fast_hook(kind)
            names[f"__h{at}"] = (
                _on_first_call(names, f"__h{at}", kind, rules, in_numbers) if nested else hook
            )
            names[f"__t{at}"] = kind
            read = _fast_read(kind, hook, names, at)
            if not optional:
                expression = read.format(first=f"(v := o[{key!r}])")
            else:
                expression = f"(None if (v := o[{key!r}]) is None else {read.format(first='v')})"
            if a.default is not attrs.NOTHING:
                names[f"__d{at}"] = a.default
                default = f"__d{at}"
                if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                    if a.default.takes_self:
                        raise TypeError(f"{cls.__name__}.{a.name}: a default that takes self")
                    names[f"__d{at}"] = a.default.factory
                    default = f"__d{at}()"
                if optional and a.default is None:
                    test = _fast_test(hook)
                    expression = (
                        f"(None if (v := o.get({key!r})) is None else {read.format(first='v')})"
                        if test is None
                        # None, or a value that plainly passes: ``v`` itself, in one test.
                        else f"(v if (v := o.get({key!r})) is None or "
                        f"{test.format(first='v')} else __h{at}(v, __t{at}))"
                    )
                elif not optional and _all_defaults(kind, a.default):
                    # An empty object reads as the default itself: no function to build for
                    # the class (``"indicators": {}``, ``"requests": {}`` on every line).
                    expression = (
                        f"({default} if (v := o.get({key!r}, {default})) is {default}"
                        f" or v.__class__ is __dict and not v else {read.format(first='v')})"
                    )
                else:
                    expression = f"({expression} if {key!r} in o else {default})"
        values.append((a, expression))
    return values, known


def _all_defaults(kind: Any, value: object) -> bool:
    """Whether ``value`` is a value of the attrs class ``kind`` whose every field holds the
    very default of that field: what an empty JSON object reads as (the same fields, the same
    validators run on them when ``value`` was built)."""
    if not attrs.has(kind) or value.__class__ is not kind:
        return False
    for a in _fields(kind):
        if a.default is attrs.NOTHING or isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            return False
        if getattr(value, a.name) is not a.default:
            return False
    return True


def _on_first_call(
    names: dict[str, Any], name: str, kind: Any, rules: Collection | None, in_numbers: bool
) -> Callable[[object, Any], Any]:
    """A stand-in for the fast hook of a field of type ``kind``: on its first call it builds the
    hook and puts it in its place in ``names`` (the generated function's globals), so a class
    builds the hooks of the fields its input holds, when it first holds them."""

    def first_call(value: object, kind_: Any) -> Any:
        hook = (
            _fast_array(typing.get_args(kind)[0], rules)
            if _is_array(kind)
            else _fast_hook(kind, in_numbers)
        )
        names[name] = hook
        return hook(value, kind_)

    return first_call


_ARGUMENTS: Final = ",\n        "
#: What the expressions of :func:`_fast_read` use.
_FAST_NAMES: Final = {
    "__str": str,
    "__bool": bool,
    "__Decimal": Decimal,
    "__small_decimal": _SMALL_DECIMAL,
    "__dates": _DATES,
}


@functools.cache
def _fast_flat(cls: Any) -> tuple[Callable[[dict[str, Any]], Any], frozenset[str]]:
    """Generate ``flat_<cls>(o)`` for a field marked ``flatten``: ``cls`` read from its owner's
    JSON object ``o``; ``None`` when ``o`` holds none of its keys or only its defaults (as the
    detailed pass reads it). Also the JSON keys it reads."""
    names: dict[str, Any] = {"__cls": cls, **_FAST_NAMES}
    values, known = _fast_values(cls, names, "f")
    arguments = _call_arguments(values)
    names["__keys"] = frozenset(known)
    names["__empty"] = cls()
    source = (
        f"def flat_{cls.__name__}(o):\n"
        "    if __keys.isdisjoint(o):\n"
        "        return None\n"
        f"    v = __cls(\n        {_ARGUMENTS.join(arguments)}\n    )\n"
        "    return None if v == __empty else v\n"
    )
    exec(compile(source, f"<fast flat {cls.__qualname__}>", "exec"), names)
    return names[f"flat_{cls.__name__}"], frozenset(known)


#: Marks a key absent from an object, in the keys of :func:`_fast_attrs`'s memo.
_ABSENT: Final = object()
#: Most values one memo of :func:`_fast_attrs` keeps (each a distinct combination of texts).
_MEMO_KEPT: Final = 256


def _memoizable(cls: Any) -> bool:
    """Whether values of ``cls`` can be shared: a frozen class of statuses only (such as
    :class:`~tradecloud_domain.entities.LineStatus`), whose few values recur on every line. The
    same texts always make an equal value, so the fast pass keeps one per combination. (Not
    flags: ``1`` and ``true`` are equal keys, and only one of them is a boolean.)"""
    props = getattr(cls, "__attrs_props__", None)  # attrs 25.4 and later
    if props is None or not props.is_frozen or not props.added_init:
        return False
    fields = [a for a in _fields(cls) if a.init]
    for a in fields:
        kind = _optional_of(a.type) or a.type
        if not (isinstance(kind, type) and issubclass(kind, Enum)):
            return False
        if not all(isinstance(member.value, str) for member in kind):
            return False
    return bool(fields)


def _slot_setters(cls: Any) -> list[tuple[Any, Callable[[Any, Any], None]]] | None:
    """Each field of ``cls`` with the setter of its slot, when ``cls``'s attrs ``__init__`` does
    no more than :func:`_fast_attrs` does in its place: set every field's slot to the value given
    (or its default), then run the validators unless attrs' validators are switched off, then
    ``__attrs_post_init__`` if the class has one. ``None`` for any other class (converters,
    ``__attrs_pre_init__``, a field left out of ``__init__``, a slot that is no field, such as
    the cached hash): its own ``__init__`` builds it."""
    props = getattr(cls, "__attrs_props__", None)  # attrs 25.4 and later
    if (
        props is None
        or not (props.is_slotted and props.is_frozen and props.added_init)
        or props.on_setattr_hook is not None
        or hasattr(cls, "__attrs_pre_init__")
    ):
        return None
    fields = _fields(cls)
    slots = {n for k in cls.__mro__ for n in getattr(k, "__slots__", ())} - {"__weakref__"}
    if slots != {a.name for a in fields}:
        return None
    setters = []
    for a in fields:
        slot = getattr(cls, a.name, None)
        if (
            not a.init
            or a.converter is not None
            or not isinstance(slot, types.MemberDescriptorType)
        ):
            return None
        setters.append((a, slot.__set__))
    return setters


def _fast_attrs(cls: Any, in_numbers: bool) -> Callable[[object, Any], Any]:
    """Generate ``structure_<cls>(o, _)``: one expression per field, and the value built once
    with its attrs validators run once, as they are on any value built in code. For values read
    in numbers (the items of arrays and their parts: ``in_numbers``) whose attrs ``__init__``
    only sets the fields and runs the validators (:func:`_slot_setters`), the function does that
    itself, calling the very validators with the same arguments: a call of ``__init__`` goes
    through the class, its arguments and a method call per field, about a seventh of reading an
    order. Values read once a document (its outer object, a header) call the constructor, which
    is less code to compile for a call that reads one small document. Fields it does not know
    are only measured for depth, and only when there are any."""
    if _schema_depth(cls) > _SCHEMA_DEPTH:
        raise TypeError(f"{cls.__name__} nests deeper than the fast pass allows")
    names: dict[str, Any] = {"__cls": cls, "__NotFast": _NotFast, "__dict": dict, **_FAST_NAMES}
    names["__unread"] = _unread
    values, known = _fast_values(cls, names, "", in_numbers)
    names["__known"] = frozenset(known)
    build = f"__cls(\n        {_ARGUMENTS.join(_call_arguments(values))}\n    )"
    setters = _slot_setters(cls) if in_numbers else None
    if setters is not None and _memoizable(cls):
        setters = None  # built once per combination: the constructor is called for those few
    if setters is not None:
        from attr import _config  # noqa: PLC0415 - what attrs' own __init__ reads

        names["__new"] = object.__new__
        names["__config"] = _config
        lines = ["    self = __new(__cls)"]
        checks = []
        for index, ((a, setter), (_, value)) in enumerate(zip(setters, values, strict=True)):
            names[f"__s{index}"] = setter
            if a.validator is None:
                lines.append(f"    __s{index}(self, {value})")
            else:
                lines.append(f"    __s{index}(self, x{index} := {value})")
                names[f"__v{index}"], names[f"__a{index}"] = a.validator, a
                checks.append(f"        __v{index}(self, __a{index}, x{index})")
        if checks:
            lines += ["    if __config._run_validators is True:", *checks]
        if hasattr(cls, "__attrs_post_init__"):
            lines.append("    self.__attrs_post_init__()")
        body = "\n".join([*lines, "    return self", ""])
    elif _memoizable(cls):
        # A value of a few statuses or flags: one per combination of the texts read.
        names["__memo"] = {}
        names["__absent"] = _ABSENT
        texts = ", ".join(f"o.get({key!r}, __absent)" for key in sorted(known))
        body = (
            f"    key = ({texts},)\n"
            "    if (value := __memo.get(key)) is None:\n"
            f"        value = {build}\n"
            f"        if len(__memo) < {_MEMO_KEPT}:\n"
            "            __memo[key] = value\n"
            "    return value\n"
        )
    else:
        body = f"    return {build}\n"
    source = (
        f"def structure_{cls.__name__}(o, _):\n"
        "    if o.__class__ is not __dict:\n"
        "        raise __NotFast\n"
        "    if not __known.issuperset(o):\n"
        "        __unread(o, __known)\n"
        f"{body}"
    )
    exec(compile(source, f"<fast structure {cls.__qualname__}>", "exec"), names)
    return names[f"structure_{cls.__name__}"]  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------------------------
# The public shapes.
# ------------------------------------------------------------------------------------------------


@frozen
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


@functools.cache
def _line_writer() -> Callable[[Line], dict[str, Any]]:
    """``write_line(line)``: the JSON object of a line, its derived fields included
    (:func:`~tradecloud_domain.views.line_views`). A derived field that shows values already
    written (the shown part's schedule or prices, or another view's) is given the same JSON
    value rather than another copy of it."""
    write_parts = _converter().get_unstructure_hook(Line)
    hooks: dict[type, Callable[[Any], Any]] = {}

    def hook(kind: type) -> Callable[[Any], Any]:
        found = hooks.get(kind)
        if found is None:
            found = hooks[kind] = _converter().get_unstructure_hook(kind)
        return found

    def write(value: object) -> Any:
        if isinstance(value, tuple):
            return [hook(item.__class__)(item) for item in value]
        return hook(value.__class__)(value)

    def write_line(line: Line) -> dict[str, Any]:
        shape: dict[str, Any] = write_parts(line)
        written: dict[int, Any] = {}
        for part, part_shape in (
            (line.buyer_line, shape["buyerLine"]),
            (line.confirmed_line, shape.get("confirmedLine")),
        ):
            if part is not None and part_shape is not None:
                if (schedule := part_shape.get("deliverySchedule")) is not None:
                    written[id(part.delivery_schedule)] = schedule
                if (prices := part_shape.get("prices")) is not None:
                    written[id(part.prices)] = prices
        for name, value in line_views(line):
            if value is None:
                continue
            json_value = written.get(id(value))
            if json_value is None:
                json_value = written[id(value)] = write(value)
            shape[name] = json_value
        return shape

    return write_line


def dump_order(order: Order, today: datetime.date | None = None) -> dict[str, Any]:
    """The order read-model JSON of ``order``, derived fields computed (the line views of
    :mod:`tradecloud_domain.views`); :func:`parse_order` reads it back to an equal order.

    With ``today``, the order and each line also show ``indicators.deliveryOverdue`` as of that
    date (rules ``overdue.line``, ``overdue.order``); they are derived, so reading them back
    ignores them.

    A derived field holds the very JSON value of what it shows (``lines[].deliverySchedule`` is
    ``lines[].buyerLine.deliverySchedule`` while the line shows its requested values): copy a
    line before changing such a value in place.
    """
    write_line = _line_writer()
    lines = [write_line(each) for each in order.lines]
    shape: dict[str, Any] = {}
    if order.id is not None:
        shape["id"] = order.id
    shape["buyerOrder"] = _converter().unstructure(order.buyer_order)
    if order.supplier_order is not None:
        shape["supplierOrder"] = _converter().unstructure(order.supplier_order)
    shape["status"] = _converter().unstructure(aggregate(order.lines))
    if order.version is not None:
        shape["version"] = order.version
    if order.event_dates is not None:
        shape["eventDates"] = _converter().unstructure(order.event_dates)
    if order.last_updated_at is not None:
        shape["lastUpdatedAt"] = format_instant(order.last_updated_at)
    shape["lines"] = lines
    if today is not None:
        overdue = [delivery_overdue(line, today) for line in order.lines]
        shape["indicators"] = {"deliveryOverdue": any(overdue)}
        for line_shape, line_overdue in zip(lines, overdue, strict=True):
            line_shape["indicators"] = {"deliveryOverdue": line_overdue}
    return shape


def parse_message(route: str | Route, data: object) -> Message:
    """The message for ``route`` (``"order"`` or ``"order/indicators"``) from its JSON body."""
    try:
        kind = message_type(Route(route))
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
    # Every object member and every array item but the first of its object or array follows a
    # comma, an empty object counts once, and a member counts again when its value is a number:
    # so a text with few enough commas and brackets cannot hold more than MAX_VALUES values, and
    # is read without counting them, by C calls but for one call per object. A text shorter than
    # half of MAX_VALUES needs no counting at all: it holds fewer such characters than its length.
    bound = 2 * len(decoded) + 1
    if bound > MAX_VALUES:
        bound = 2 * (decoded.count(",") + decoded.count("{") + decoded.count("[")) + 1
    if bound <= MAX_VALUES:
        objects: list[dict[str, Any]] = []
        keep = objects.append

        def kept(obj: dict[str, Any]) -> dict[str, Any]:
            keep(obj)
            return obj

        document = _loads(decoded, Decimal, object_hook=kept)
        if _no_repeated_key(decoded, sum(map(len, objects))):
            return document
        # A key may repeat: read again, object by object, to find it and its path.
    return _from_json_counted(decoded, bound > MAX_VALUES)


def _syntax(exc: json.JSONDecodeError) -> InvalidInput:
    return InvalidInput(
        [Problem("", "json.syntax", f"{exc.msg} at line {exc.lineno} column {exc.colno}")]
    )


def _too_deep() -> InvalidInput:
    return InvalidInput([Problem("", "json.too-deep", "nests too deeply")])


#: A key's closing quote and the colon after it (a colon inside a string follows a quote only
#: when the string opens with it or holds an escaped quote).
_KEY_END: Final = re.compile(r'"[ \t\n\r]*:')


def _no_repeated_key(text: str, members: int) -> bool:
    """Whether no key repeats in an object of valid JSON ``text`` whose objects hold ``members``
    keys in all. Each key of the text is followed by a colon of its own, so ``members`` is the
    number of such colons less the keys that repeat. Both counts below hold every such colon, and
    more when strings hold colons: equal to ``members``, they leave no room for a repeated key.
    Unequal (rare: a time of day in a string), the caller looks object by object."""
    return text.count(":") == members or len(_KEY_END.findall(text)) == members


def _loads(decoded: str, number: Callable[[str], Any], **hook: Any) -> Any:
    """The standard library's reading of ``decoded``, every number read by ``number`` and objects
    by ``hook``; bad syntax and nesting beyond Python's recursion limit as :class:`InvalidInput`."""
    try:
        return json.loads(
            decoded, parse_float=number, parse_int=number, parse_constant=number, **hook
        )
    except json.JSONDecodeError as exc:
        raise _syntax(exc) from None
    except RecursionError:
        raise _too_deep() from None


def _from_json_counted(decoded: str, counted: bool) -> Any:
    """:func:`from_json` of ``decoded`` reading each object's keys in order (so a repeated key
    is found), and counting values against :data:`MAX_VALUES` when ``counted``."""
    repeats: list[tuple[dict[str, Any], list[str]]] = []

    def repeated_keys(obj: dict[str, Any], pairs: list[tuple[str, Any]]) -> None:
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        repeats.append((obj, repeated))

    number: Callable[[str], Decimal]
    if not counted:
        number = Decimal

        def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            obj = dict(pairs)
            if len(obj) != len(pairs):
                repeated_keys(obj, pairs)
            return obj

    else:
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
                repeated_keys(obj, pairs)
            return obj

    try:
        document = _loads(decoded, number, object_pairs_hook=build)
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


@functools.cache
def _encoder(indent: int) -> simplejson.JSONEncoder:
    import simplejson  # noqa: PLC0415 - only what writes JSON values needs it, not import

    return simplejson.JSONEncoder(
        use_decimal=True,
        indent=indent or None,
        separators=(",", ": ") if indent else (",", ":"),
        allow_nan=False,
        namedtuple_as_object=False,  # else every value is asked for ``_asdict``: 3x slower
    )


def to_json(value: object, indent: int = 2) -> str:
    """JSON text for JSON-shaped ``value``; :class:`Decimal` is written as a number, exactly.

    ``indent=0`` writes compact text (no spaces, no newlines). Non-ASCII characters are escaped.
    A non-finite number (NaN, an infinity) raises :class:`ValueError`: JSON has none. Written by
    :mod:`simplejson`, whose C encoder writes a ``Decimal`` digit for digit.
    """
    text: str = _encoder(indent).encode(value)
    return text


# ------------------------------------------------------------------------------------------------
# Outcomes.
# ------------------------------------------------------------------------------------------------


@functools.cache
def _status_writer() -> Callable[[LineStatus], dict[str, str]]:
    return _converter().get_unstructure_hook(LineStatus)


def dump_decision(decision: Decision) -> dict[str, Any]:
    """The JSON shape of one decision (the CLI's and the conformance vectors' format)."""
    status = _status_writer()
    before, after = decision.before, decision.after
    shape: dict[str, Any] = {
        "position": decision.position,
        "action": decision.action,
        "result": decision.result._value_,
        "from": None if before is None else status(before),
        "to": None if after is None else status(after),
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


def dump_single_delivery_view(order: Order, today: datetime.date | None = None) -> dict[str, Any]:
    """The single-delivery read view of ``order`` as JSON shapes, with ``today`` its overdue
    indicators (see :func:`~tradecloud_domain.single_delivery.single_delivery_view`)."""
    from .single_delivery import single_delivery_view  # noqa: PLC0415 - imported when used

    shape: dict[str, Any] = _converter().unstructure(single_delivery_view(order, today))
    return shape


def dump_webhooks(outcome: Outcome) -> list[dict[str, Any]]:
    """The webhook bodies Tradecloud would POST for the outcome, one per event:
    ``{"eventName", "orderEvent"}``, the order event being the read model after the change with
    its identifier as ``orderId`` (order/buyer/receive/README.md, "Using the webhook API")."""
    if outcome.order is None or not outcome.events:
        return []
    order_event = dump_order(outcome.order, outcome.today)
    if "id" in order_event:
        order_event = {"orderId": order_event.pop("id"), **order_event}
    return [{"eventName": event.name, "orderEvent": order_event} for event in outcome.events]


# ------------------------------------------------------------------------------------------------
# Text out: the compact JSON text of a shape, written without building the shape first.
# ------------------------------------------------------------------------------------------------

#: What a text writer knows already: the text of each value written so far (an array, or an
#: attrs value held by a field) by its ``id``. One per line written (and one for the order's
#: other fields), used only while every value it names is alive (held by the order, or by
#: :func:`_line_text` for a derived value a view made), so no ``id`` is another value's
#: meanwhile. Texts and numbers only: nothing for the cyclic garbage collector to follow.
_Memo = dict[int, str]


def _text_of(value: object) -> str:
    """The compact JSON text of a scalar as :func:`to_json` writes it: ``str``, ``None``,
    ``bool``, ``int`` and finite ``Decimal`` here, anything else by :func:`to_json` itself."""
    kind = value.__class__
    if kind is str:
        return _ascii(cast(str, value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(cast(int, value))
    if kind is Decimal and cast(Decimal, value).is_finite():
        return str(value)
    return to_json(value, indent=0)


#: The standard library's C escaper: for a ``str`` it writes what simplejson's writes (same
#: escapes, ``\\uXXXX`` for all but printable ASCII), without importing simplejson.
_ascii: Final[Callable[[str], str]] = json.encoder.encode_basestring_ascii


#: attrs classes written by an unstructure hook of their own, not field by field.
_OWN_UNSTRUCTURE: Final = frozenset({EventDates})


def _text_expression(kind: Any, names: dict[str, Any], at: str) -> str:
    """The expression, in a generated writer, that writes ``v`` (a value of ``kind``, not
    ``None``) as the text :func:`to_json` gives for what its unstructure hook gives; the
    functions it calls are put in ``names`` under names ending in ``at``."""
    if attrs.has(kind):
        names[f"__w{at}"] = _text_on_first_call(names, f"__w{at}", kind)
        written = f"__m.setdefault(i, __w{at}(v, __m))"
        return f"(e if (e := __m.get(i := id(v))) is not None else {written})"
    if _is_array(kind):
        names[f"__w{at}"] = _array_text(typing.get_args(kind)[0])
        return f"__w{at}(v, __m)"
    from cattrs.fns import identity  # noqa: PLC0415 - imported with the converter

    hook = _converter().get_unstructure_hook(kind)
    base = getattr(kind, "__supertype__", kind)  # a NewType (``Code``) is its base type
    if hook is identity and base is str:
        return "(__ascii(v) if v.__class__ is __str else __text(v))"
    if hook is identity and base is Decimal:
        return "(__str(v) if v.__class__ is __Decimal and v.is_finite() else __text(v))"
    if hook is identity:
        return "__text(v)"
    if hook is _enum_value:
        return "(__ascii(x) if (x := v._value_).__class__ is __str else __text(x))"
    if hook is _iso_format:  # digits, dashes, colons and a T: nothing to escape
        return "'\"' + v.isoformat() + '\"'"
    names[f"__u{at}"] = hook
    return f"__text(__u{at}(v))"


def _text_on_first_call(names: dict[str, Any], name: str, kind: Any) -> Callable[..., str]:
    """A stand-in for the text writer of an attrs class in a generated function, replaced by
    the writer (generated then) on its first call, as :func:`_unstructure_on_first_call`."""

    def first_call(value: Any, memo: _Memo) -> str:
        writer = names[name] = _text_writer(kind)
        return writer(value, memo)

    return first_call


def _array_text(item: Any) -> Callable[[tuple[Any, ...], _Memo], str]:
    """The writer of an array of ``item`` values (``tuple[item, ...]``), as
    :func:`_unstructure_array` and the encoder would write it; an array already written is
    written again from the memo."""
    writers: list[Callable[[Any, _Memo], str]] = []
    if attrs.has(item):

        def write_item(value: Any, memo: _Memo) -> str:
            if not writers:
                writers.append(_text_writer(item))
            return writers[0](value, memo)

    else:
        from cattrs.fns import identity  # noqa: PLC0415 - imported with the converter

        hook = _converter().get_unstructure_hook(item)
        same = hook is identity

        def write_item(value: Any, memo: _Memo) -> str:
            return _text_of(value if same else hook(value))

    def write_array(items: tuple[Any, ...], memo: _Memo) -> str:
        if not items:
            return "[]"
        if (known := memo.get(id(items))) is not None:
            return known
        write = writers[0] if writers else write_item
        text = memo[id(items)] = "[" + ",".join([write(value, memo) for value in items]) + "]"
        return text

    return write_array


@functools.cache
def _text_writer(cls: Any) -> Callable[[Any, _Memo], str]:
    """Generate ``text_<cls>(instance, __m)``: the compact JSON text of an attrs value, exactly
    what ``to_json(_converter().unstructure(instance), indent=0)`` gives (the fields in the order
    :func:`_attrs_unstructure` writes them), without the dictionaries in between. Attrs values
    and arrays its fields hold are written once per ``__m`` (:data:`_Memo`)."""
    if cls in _OWN_UNSTRUCTURE:
        hook = _converter().get_unstructure_hook(cls)
        return lambda value, _: to_json(hook(value), indent=0)
    names: dict[str, Any] = {
        "__ascii": _ascii,
        "__text": _text_of,
        "__str": str,
        "__Decimal": Decimal,
    }
    always: list[str] = []  # statements binding a<index>, the text of a field always written
    template = ""  # the text of the fields always written, an f-string of those a<index>
    omitted: list[str] = []
    flattened: list[str] = []
    keys: list[str] = []
    for index, a, key, kind, optional in _init_fields(cls):
        write = _text_expression(kind, names, str(index))
        if a.metadata.get("flatten"):
            inner_keys = [json_name(f.name) for f in _fields(kind) if f.init]
            flattened.append(
                f"    if (v := instance.{a.name}) is not None:\n"
                f"        if (t := {write}) != '{{}}':\n"
                "            r += ',' + t[1:-1]"
            )
            keys.extend(inner_keys)
            continue
        keys.append(key)
        member = json.dumps(key) + ":"
        if a.default is None or a.default == ():
            test = "is not None" if a.default is None else "!= ()"
            omitted.append(
                f"    if (v := instance.{a.name}) {test}:\n        r += {',' + member!r} + {write}"
            )
            continue
        if optional or write == "__text(v)":
            write = f"('null' if v is None else {write})"
        always.append(f"    v = instance.{a.name}\n    a{index} = {write}")
        template += f",{member}{{a{index}}}"
    if len(keys) != len(set(keys)):  # dict.update would keep the owner's place for it
        raise TypeError(f"{cls.__name__}: a flattened field repeats a key of its owner")
    if always:  # the object opens with the fields always written, in one f-string
        start = f"    r = f{'{{' + template[1:]!r}"
        end = "    return r + '}'"
    else:  # every member is written with a comma before it, and the first one taken off
        start = "    r = ''"
        end = "    return '{' + r[1:] + '}' if r else '{}'"
    source = "\n".join(
        [f"def text_{cls.__name__}(instance, __m):", *always, start, *omitted, *flattened, end]
    )
    exec(compile(source, f"<text {cls.__qualname__}>", "exec"), names)
    return names[f"text_{cls.__name__}"]  # type: ignore[no-any-return]


def _attrs_text(value: Any, memo: _Memo) -> str:
    """The text of an attrs value, by the class of the value at hand (as
    ``converter.unstructure`` writes it)."""
    return _text_writer(value.__class__)(value, memo)


def _value_text(value: object, memo: _Memo) -> str:
    """The text of a derived field's value (an attrs value or an array of them), as
    ``_line_writer`` writes it: by the class of the value at hand."""
    if (known := memo.get(id(value))) is not None:
        return known
    if isinstance(value, tuple):
        items = ",".join([_attrs_text(item, memo) for item in value])
        text = f"[{items}]"
    else:
        text = _attrs_text(value, memo)
    memo[id(value)] = text
    return text


#: ``overdue`` of :func:`_line_text` when no ``today`` is given: no ``indicators`` written.
_NOT_SHOWN: Final = object()


def _line_text(line: Line, overdue: object, separator: str) -> str:
    """``separator`` and the text of ``_line_writer()(line)`` (and of the ``indicators`` that
    :func:`dump_order` adds for ``today`` unless ``overdue`` is :data:`_NOT_SHOWN`). A derived
    field that shows what the line's parts hold is their text, written once: the memo is the
    line's own, and ``views`` holds a value a view made (merged item details) while the memo
    names it."""
    memo: _Memo = {}
    parts = _text_writer(Line)(line, memo)
    views = line_views(line)
    shown = [f',"{name}":{_value_text(value, memo)}' for name, value in views if value is not None]
    if overdue is not _NOT_SHOWN:
        shown.append(',"indicators":{"deliveryOverdue":' + _text_of(overdue) + "}")
    return "".join([separator, parts[:-1], *shown, "}"])


def dump_order_text(order: Order, today: datetime.date | None = None) -> str:
    """``to_json(dump_order(order, today), indent=0)``, the same text to the character, written
    without the JSON values in between: the text out of the CLI's server and of an integration
    that sends the read model on. What a line shows twice (its shown schedule and prices in its
    derived fields) is written once."""
    overdue: list[object] = [_NOT_SHOWN] * len(order.lines)
    if today is not None:
        overdue = [delivery_overdue(line, today) for line in order.lines]
    # Each line's texts are let go once it is written, and the whole text is joined once: the
    # memory at the peak is about the lines' texts and the text they make.
    lines = [
        _line_text(line, late, "," if index else "")
        for index, (line, late) in enumerate(zip(order.lines, overdue, strict=True))
    ]
    memo: _Memo = {}
    head: list[str] = []
    if order.id is not None:
        head.append('"id":' + _text_of(order.id))
    head.append('"buyerOrder":' + _attrs_text(order.buyer_order, memo))
    if order.supplier_order is not None:
        head.append('"supplierOrder":' + _attrs_text(order.supplier_order, memo))
    status = aggregate(order.lines)
    head.append('"status":' + _attrs_text(status, memo))
    if order.version is not None:
        head.append('"version":' + _text_of(order.version))
    if order.event_dates is not None:
        dates = to_json(_converter().unstructure(order.event_dates), indent=0)
        head.append('"eventDates":' + dates)
    if order.last_updated_at is not None:
        head.append('"lastUpdatedAt":' + _ascii(format_instant(order.last_updated_at)))
    tail = "]}"
    if today is not None:
        tail = '],"indicators":{"deliveryOverdue":' + _text_of(any(overdue)) + "}}"
    return "".join(["{", ",".join(head), ',"lines":[', *lines, tail])


def _decisions_text(decisions: tuple[Decision, ...]) -> str:
    """``to_json([dump_decision(d) for d in decisions], indent=0)``: the decisions of one
    outcome differ mostly in their position, so the rest of each is written once per kind."""
    tails: dict[tuple[object, ...], str] = {}
    written: list[str] = []
    add = written.append
    for decision in decisions:
        # The objects named by id are held by ``decisions`` while this runs.
        key = (
            decision.action,
            decision.result,
            id(decision.before),
            id(decision.after),
            id(decision.rule),
            id(decision.scope),
            id(decision.note),
        )
        position = decision.position
        head = '{"position":' + (
            _ascii(position) if position.__class__ is str else _text_of(position)
        )
        tail = tails.get(key)
        if tail is None:
            text = to_json(dump_decision(decision), indent=0)
            if not text.startswith(head):  # pragma: no cover - the position is always first
                add(text)
                continue
            tail = tails[key] = text[len(head) :]
        add(head + tail)
    return "[" + ",".join(written) + "]"


def dump_outcome_text(outcome: Outcome) -> str:
    """``to_json(dump_outcome(outcome), indent=0)``, the same text to the character, written as
    :func:`dump_order_text` writes the order."""
    order = "null" if outcome.order is None else dump_order_text(outcome.order, outcome.today)
    events = [{"name": event.name, "positions": list(event.positions)} for event in outcome.events]
    return (
        '{"httpStatus":'
        + _text_of(outcome.http_status)
        + ',"rule":'
        + _text_of(outcome.rule.id)
        + ',"order":'
        + order
        + ',"decisions":'
        + _decisions_text(outcome.decisions)
        + ',"events":'
        + to_json(events, indent=0)
        + "}"
    )
