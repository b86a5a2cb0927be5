"""JSON Schema (draft 2020-12) of every route's body and of the order read model, generated.

One source: the schemas are read from the same attrs classes the codec reads JSON into, their
field types, defaults and validators, so a field added to an entity or a message appears in its
schema by itself. Every validator and every class invariant (``__attrs_post_init__``) must have a
rendering in :data:`VALIDATORS` or :data:`INVARIANTS`, or a recorded reason why JSON Schema
cannot say it; an unknown one stops the generation (:class:`SchemaGap`), so a new rule is never
silently missing from the schemas.

What a schema cannot say (decision D57): that positions are unique within an array of objects,
that a local date-time names a day that exists (``2026-02-30T10:00:00``), the nesting limit, and
that a message is about the same order as the state. ``validate`` checks those too.

Imported by the CLI's ``schema`` command and the tests only: ``import tradecloud_domain`` does not
load it.
"""

from __future__ import annotations

import datetime
import inspect
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs

from ._identifiers import _WHITESPACE, identifier, no_whitespace
from ._line_action_messages import _identifiers
from ._names import json_name
from ._response_messages import ResponseIndicators
from ._single_delivery_messages import _not_for_single_delivery, _splits
from .codec import _DECIMAL_TEXT, _OrderDocument
from .entities import (
    Collection,
    LineStatus,
    not_cancelled,
    not_negative,
)
from .messages import MESSAGE_TYPES, not_empty
from .readmodel import Code, EventDates, Instant, ItemDetails
from .statuses import LogisticsStatus, Route
from .validation import STATE  # the target of the order read model, beside the routes

__all__ = [
    "DIALECT",
    "INVARIANTS",
    "STATE",
    "TARGETS",
    "VALIDATORS",
    "SchemaGap",
    "file_name",
    "schema",
    "schemas",
]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: Everything a schema is generated for: each route, then the read model.
TARGETS: Final = (*(route.value for route in Route), STATE)

Schema = dict[str, Any]


class SchemaGap(Exception):
    """A validator or invariant with no JSON Schema rendering: add it to the tables here."""


def file_name(target: str) -> str:
    """The file of a target's schema: ``order/indicators`` -> ``order.indicators.schema.json``."""
    return target.replace("/", ".") + ".schema.json"


# ------------------------------------------------------------------------------------------------
# Patterns, derived from the codec's and the entities' own regular expressions.
# ------------------------------------------------------------------------------------------------


def _whitespace_class() -> str:
    """A character class of exactly what ``entities``' identifier rule calls whitespace, written
    out (``\\s`` means different things in Python and ECMA-262 regular expressions)."""
    spaces = [chr(c) for c in range(0x3001) if _WHITESPACE.match(chr(c))]
    if any(_WHITESPACE.match(chr(c)) for c in range(0x3001, 0x110000)):  # pragma: no cover
        raise SchemaGap("whitespace beyond U+3000: extend _whitespace_class")
    return "".join(f"\\u{ord(ch):04x}" for ch in spaces)


_SPACE: Final = _whitespace_class()
IDENTIFIER: Final = f"^[^{_SPACE}]+$"
MAYBE_EMPTY_IDENTIFIER: Final = f"^[^{_SPACE}]*$"
_DIGIT: Final = "[0-9]"
DECIMAL: Final = "^" + _DECIMAL_TEXT.pattern.replace(r"\d", _DIGIT) + "$"
# A decimal text that is not below zero: unsigned or "+", or "-" followed by zeros only.
_UNSIGNED: Final = _DECIMAL_TEXT.pattern.removeprefix("[+-]?").replace(r"\d", _DIGIT)
NOT_NEGATIVE_DECIMAL: Final = rf"^(\+?{_UNSIGNED}|-(0+(\.0*)?|\.0+)([eE][+-]?{_DIGIT}+)?)$"
_MONTH_DAY: Final = "(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DATE: Final = f"^[0-9]{{4}}-{_MONTH_DAY}$"
DATETIME: Final = f"^[0-9]{{4}}-{_MONTH_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
#: A moment Tradecloud stamps (``lastUpdatedAt``, ``eventDates``): fraction and zone optional.
INSTANT: Final = (
    f"^[0-9]{{4}}-{_MONTH_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?$"
)

if re.fullmatch(DECIMAL.strip("^$"), "1.5") is None:  # pragma: no cover - a guard, at import
    raise SchemaGap("the decimal pattern no longer reads 1.5")


# ------------------------------------------------------------------------------------------------
# The tables: validators and class invariants, rendered as JSON Schema.
# ------------------------------------------------------------------------------------------------


def _pattern(pattern: str) -> Callable[[Schema], Schema]:
    return lambda base: {**base, "pattern": pattern}


def _not_negative(base: Schema) -> Schema:
    return {**base, "minimum": 0, "pattern": NOT_NEGATIVE_DECIMAL}


def _item_identifiers(base: Schema) -> Schema:
    return {**base, "items": {**base["items"], "pattern": IDENTIFIER}}


def _at_least_one(base: Schema) -> Schema:
    return {**base, "minItems": 1}


def _unchanged(base: Schema) -> Schema:
    return base


def _absent(base: Schema) -> Schema:
    return {"type": "null", "description": "not supported with single delivery per order line"}


def _not_cancelled(base: Schema) -> Schema:
    return {**base, "enum": [v for v in base["enum"] if v != LogisticsStatus.CANCELLED.value]}


#: Each field validator, as what it adds to the field's schema.
VALIDATORS: Final[dict[Callable[..., Any], Callable[[Schema], Schema]]] = {
    identifier: _pattern(IDENTIFIER),  # identifier.whitespace
    no_whitespace: _pattern(MAYBE_EMPTY_IDENTIFIER),  # identifier.whitespace
    not_negative: _not_negative,  # quantity.negative
    _identifiers: _item_identifiers,  # identifier.whitespace, for each of linePositions
    not_empty: _at_least_one,  # collection.empty
    not_cancelled: _not_cancelled,  # enum.unknown: a delivery line is never Cancelled
    _not_for_single_delivery: _absent,  # single-delivery.unsupported
    # single-delivery.original-position and 100 deliveries per originalPosition compare items
    # with each other: JSON Schema cannot say it, so only validate refuses it.
    _splits: _unchanged,
}


def _collection(rules: Collection, base: Schema) -> Schema:
    """collection.too-long; position.duplicate where the items are the positions themselves."""
    shaped = {**base, "maxItems": rules.limit}
    if rules.positions == ():
        shaped["uniqueItems"] = True
    if rules.also is not None:
        shaped = _render_validator(rules.also, shaped)
    return shaped


def _item_details_invariants() -> Schema:
    """item-details.weight-unit: a net weight needs its unit of measure."""
    weight = {"properties": {"netWeight": {"not": {"type": "null"}}}, "required": ["netWeight"]}
    unit = {"type": "string", "minLength": 1}
    return {
        "if": weight,
        "then": {
            "properties": {"netWeightUnitOfMeasureIso": unit},
            "required": ["netWeightUnitOfMeasureIso"],
        },
    }


def _response_invariants() -> Schema:
    """indicators.conflict: never accepted and rejected both true."""
    both = {"accepted": {"const": True}, "rejected": {"const": True}}
    return {"not": {"properties": both, "required": list(both)}}


#: Each class invariant (``__attrs_post_init__``), as what it adds to the class's schema.
INVARIANTS: Final[dict[type, Callable[[], Schema]]] = {
    # Every combination of known statuses is read (decision D14): unusual ones are warnings of
    # validate_order, never refused, so the schema adds nothing for them.
    LineStatus: dict,
    ResponseIndicators: _response_invariants,
    ItemDetails: _item_details_invariants,
}


def _validators(validator: Any) -> list[Any]:
    """The single validators of a field (attrs' ``and_`` composites taken apart)."""
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)
    if inner is not None:
        return [v for part in inner for v in _validators(part)]
    return [validator]


def _render_validator(validator: Any, base: Schema) -> Schema:
    if isinstance(validator, Collection):
        return _collection(validator, base)
    render = VALIDATORS.get(validator)
    if render is None:
        raise SchemaGap(f"validator {validator!r} has no JSON Schema rendering")
    return render(base)


# ------------------------------------------------------------------------------------------------
# The walk over the attrs classes.
# ------------------------------------------------------------------------------------------------


def _description(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n", 1)[0].split()).replace("``", "`")


def _optional(kind: Any) -> tuple[Any, bool]:
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        args = typing.get_args(kind)
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return rest[0], len(rest) < len(args)
    return kind, False


def _nullable(shaped: Schema) -> Schema:
    """``shaped`` or null: as one more type where the schema has a type, else with ``anyOf``."""
    if "$ref" in shaped:
        return {"anyOf": [shaped, {"type": "null"}]}
    types_ = shaped["type"] if isinstance(shaped["type"], list) else [shaped["type"]]
    if "null" in types_:
        return shaped
    nullable = {**shaped, "type": [*types_, "null"]}
    if "enum" in shaped:
        nullable["enum"] = [*shaped["enum"], None]
    return nullable


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}

    def ref(self, cls: type) -> Schema:
        name = "Order" if cls is _OrderDocument else cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserved first: classes may refer to each other
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type) -> Schema:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Schema] = {}
        required: list[str] = []
        for attribute in attrs.fields(cls):
            if not attribute.init:
                continue
            name = json_name(attribute.name)
            kind, nullable = _optional(hints[attribute.name])
            if attribute.metadata.get("flatten"):  # its fields sit on this object itself
                properties.update(self.object(kind)["properties"])
                continue
            shaped = self.type(kind)
            for validator in _validators(attribute.validator):
                shaped = _render_validator(validator, shaped)
            properties[name] = _nullable(shaped) if nullable else shaped
            if attribute.default is attrs.NOTHING:
                required.append(name)
        shaped = {"type": "object", "description": _description(cls), "properties": properties}
        if required:
            shaped["required"] = required
        if "__attrs_post_init__" in vars(cls):
            invariant = INVARIANTS.get(cls)
            if invariant is None:
                raise SchemaGap(f"{cls.__name__} checks an invariant with no JSON Schema rendering")
            shaped.update(invariant())
        return shaped

    def type(self, kind: Any) -> Schema:
        if isinstance(kind, type) and issubclass(kind, Enum):
            return {"type": "string", "enum": [member.value for member in kind]}
        if kind is str:
            return {"type": "string"}
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer"}
        if kind is Decimal:
            return {"type": ["number", "string"], "pattern": DECIMAL}
        if kind is Instant:
            return {"type": "string", "pattern": INSTANT}
        if kind is datetime.datetime:
            return {"type": "string", "pattern": DATETIME}
        if kind is Code:
            return {"type": "string", "pattern": IDENTIFIER}
        if kind is EventDates:
            return {"type": "object", "additionalProperties": self.type(Instant)}
        if kind is datetime.date:
            return {"type": "string", "format": "date", "pattern": DATE}
        if typing.get_origin(kind) is tuple:
            item, _ = _optional(typing.get_args(kind)[0])
            return {"type": "array", "items": self.type(item)}
        if attrs.has(kind):
            return self.ref(kind)
        raise SchemaGap(f"no JSON Schema for the type {kind!r}")


def schema(target: str) -> Schema:
    """The JSON Schema of ``target``: a route (``order/indicators``) or ``state``."""
    builder = _Builder()
    if target == STATE:
        root = builder.ref(_OrderDocument)
        title = "Tradecloud order read model (the state)"
    else:
        root = builder.ref(MESSAGE_TYPES[Route(target)])
        title = f"Body of POST /{target}"
    return {
        "$schema": DIALECT,
        "title": title,
        "description": "Generated by `tradecloud-domain schema` from tradecloud_domain; do not "
        "edit. Fields not listed are allowed (Tradecloud ignores them); `validate --strict` "
        "reports them.",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def schemas() -> dict[str, Schema]:
    """Every schema by its file name (:func:`file_name`)."""
    return {file_name(target): schema(target) for target in TARGETS}
