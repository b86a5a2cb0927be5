"""Check a message or an order against Tradecloud's API rules without applying it.

Integrations call this before they send: it returns every problem at once, each with its JSON
path, its rule code (see ``docs/errors.md``) and a sentence; an empty tuple means the input is
valid. The same problems are what :func:`~tradecloud_domain.parse_message` and
:func:`~tradecloud_domain.parse_order` raise as :class:`~tradecloud_domain.InvalidInput`, except
warnings: :func:`validate_order` also lists what is unusual about a state Tradecloud could still
send (severity ``"warning"``), which never makes it invalid.

Unknown fields are ignored, as Tradecloud ignores them (api/compatibility.md). ``strict=True``
reports them too (rule code ``field.unknown``), with the closest known field, so that a
misspelled ``"canceled"`` is not silently "valid" (decision D56).
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, Final

import attrs

from ._names import json_name
from .codec import parse_message, parse_order
from .entities import LineStatus, Order
from .errors import InvalidInput, Problem
from .messages import message_type
from .statuses import Route

__all__ = ["STATE", "check", "order_warnings", "unknown_fields", "validate", "validate_order"]

#: The pseudo-route of :func:`check` for an order read model.
STATE: Final = "state"


def check(
    route: str | Route, data: object, *, strict: bool = False
) -> tuple[tuple[Problem, ...], int, bool]:
    """The problems of ``data`` for ``route`` (or :data:`STATE`, an order read model), how many
    there are in all, and whether that count is complete: errors are capped
    (:data:`~tradecloud_domain.errors.MAX_PROBLEMS`), the count is not, unless checking stopped
    (then it is a lower bound). Warnings come only once no error is found; ``strict=True`` adds
    every field the route does not know (``field.unknown``)."""
    total = 0
    complete = True
    try:
        if route == STATE:
            problems = order_warnings(parse_order(data))
        else:
            parse_message(route, data)
            problems = ()
    except InvalidInput as invalid:
        problems, total = invalid.problems, invalid.total - len(invalid.problems)
        complete = invalid.complete
    if strict and not any(p.code == "route.unknown" for p in problems):
        if route == STATE:
            from .codec import _OrderDocument  # noqa: PLC0415 - the read model as the codec reads it

            problems += unknown_fields(_OrderDocument, data)
        else:
            problems += unknown_fields(message_type(Route(route)), data)
    return problems, total + len(problems), complete


def validate(route: str | Route, data: object, *, strict: bool = False) -> tuple[Problem, ...]:
    """Every problem of the JSON body ``data`` for ``route``; ``()`` when it is valid.

    ``strict=True`` also reports every field the route does not know (``field.unknown``).
    """
    return check(route, data, strict=strict)[0]


def validate_order(data: object, *, strict: bool = False) -> tuple[Problem, ...]:
    """Every problem of ``data`` as an order read model (a state); ``()`` when it is valid and
    usual.

    A line whose statuses contradict each other is read (Tradecloud may send it) and listed as a
    warning, ``status.inconsistent`` (decision D14); warnings come only once no error is found.
    ``strict=True`` also reports every field this library does not model (``field.unknown``):
    Tradecloud's read model holds many more, so use it to find typos in hand-written states.
    """
    return check(STATE, data, strict=strict)[0]


def order_warnings(order: Order) -> tuple[Problem, ...]:
    """What is unusual about an order Tradecloud could still send: each line whose statuses
    contradict each other, as a warning ``status.inconsistent`` (decision D14)."""
    return tuple(
        Problem(f"lines[{index}].status", "status.inconsistent", sentence, "warning")
        for index, line in enumerate(order.lines)
        for sentence in _contradictions(line.status)
    )


#: :meth:`LineStatus.contradictions` by :attr:`LineStatus.code` (which tells equal statuses
#: apart as equality does, and costs no hashing of three enums per line).
_CONTRADICTIONS: Final[dict[int, tuple[str, ...]]] = {}


def _contradictions(status: LineStatus) -> tuple[str, ...]:
    """:meth:`LineStatus.contradictions`, worked out once per combination of statuses."""
    found = _CONTRADICTIONS.get(status.code)
    if found is None:
        found = _CONTRADICTIONS[status.code] = status.contradictions()
    return found


# ------------------------------------------------------------------------------------------------
# Unknown fields: walk the JSON beside the attrs classes it is read into.
# ------------------------------------------------------------------------------------------------


def _inner(kind: Any) -> Any:
    """``X`` of ``X | None``; the type itself otherwise."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        rest = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else kind
    return kind


@functools.cache
def _fields(cls: type) -> dict[str, Any]:
    """The JSON name of each field of the attrs class ``cls``, with its type (``X | None`` is
    ``X``)."""
    hints = typing.get_type_hints(cls)
    return {json_name(a.name): _inner(hints[a.name]) for a in attrs.fields(cls) if a.init}


@functools.cache
def _suggestions(cls: type) -> dict[str, str]:
    """Names a misspelled key may have meant, one level down too: ``cancelled`` ->
    ``indicators.cancelled`` for the header of an order. The closer level wins."""
    found: dict[str, str] = {}
    for name, kind in _fields(cls).items():
        if attrs.has(kind):
            for inner in _fields(kind):
                found.setdefault(inner, f"{name}.{inner}")
    found.update({name: name for name in _fields(cls)})
    return found


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _unknown(cls: type, key: str) -> str:
    import difflib  # noqa: PLC0415 - only a misspelt name needs it, not import

    known = _suggestions(cls)
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean {known[close[0]]!r}?" if close else ""
    return f"unknown field {key!r} (ignored by Tradecloud){hint}"


def _walk(data: object, kind: Any, path: str, out: list[Problem]) -> None:
    if attrs.has(kind):
        if not isinstance(data, dict):
            return
        fields = _fields(kind)
        for key, value in data.items():
            where = _join(path, str(key))
            if key in fields:
                _walk(value, fields[key], where, out)
            else:
                out.append(Problem(where, "field.unknown", _unknown(kind, str(key))))
    elif typing.get_origin(kind) is tuple and isinstance(data, list):
        (item, *_) = typing.get_args(kind)
        for index, value in enumerate(data):
            _walk(value, _inner(item), f"{path}[{index}]", out)


def unknown_fields(cls: type, data: object) -> tuple[Problem, ...]:
    """Every field of the JSON ``data`` that the attrs class ``cls`` (a message or the read
    model) does not know, at any depth, each with the closest known name."""
    out: list[Problem] = []
    _walk(data, cls, "", out)
    return tuple(out)
