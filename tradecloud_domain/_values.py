"""``frozen``: :func:`attrs.frozen` for the model's values, cheaper to define.

attrs writes ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__`` of each class as Python
source and compiles it; for the library's hundred or so values that compiling was most of
``import tradecloud_domain``. Here attrs still writes ``__init__`` (construction, with its
validators, is the hot path of parsing); ``__eq__`` and ``__hash__`` are compiled when a value of
the class is first compared or hashed, and ``__repr__`` is a closure over the class's fields.
They behave as attrs' own: equal when of the very same class with equal fields (those not marked
``eq=False``), a hash that agrees with equality, and the repr ``Name(field=value, ...)`` of the
fields not marked ``repr=False``.

Type checkers see :func:`attrs.frozen` itself, so its plugins and checks apply unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

__all__ = ["frozen"]

_C = TypeVar("_C", bound=type)


def _compiled(cls: type, name: str, source: str) -> Callable[..., Any]:
    """Compile the method ``name`` of ``cls`` from ``source`` and put it in the class, in place
    of the stand-in that called this."""
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<{cls.__module__}.{cls.__qualname__}.{name}>", "exec"), namespace)
    method: Callable[..., Any] = namespace[name]
    method.__module__ = cls.__module__
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, method)
    return method


def _fields_source(owner: str, names: tuple[str, ...]) -> str:
    """``(owner.a, owner.b, )``: the fields ``names`` of ``owner`` as a tuple, in Python."""
    return "(" + "".join(f"{owner}.{n}, " for n in names) + ")"


def _share_methods(cls: _C) -> _C:
    """Give the attrs class ``cls`` (made with ``eq=False, repr=False``) the methods attrs would
    have written for a frozen class.

    ``__eq__`` and ``__hash__`` are the ones attrs writes (comparing and hashing the fields as
    tuples), compiled when a value of the class is first compared or hashed: most calls compare
    and hash values of few classes, and a compiled method reads fields faster than a generic
    one. ``__repr__`` is a generic closure.
    """
    fields = attrs.fields(cls)
    for field in fields:
        if field.eq_key is not None or callable(field.repr):
            msg = f"{cls.__qualname__}.{field.name}: eq or repr by a function needs attrs.frozen"
            raise TypeError(msg)
    compared = tuple(a.name for a in fields if a.eq)
    hashed = tuple(a.name for a in fields if (a.eq if a.hash is None else a.hash))
    shown = tuple(a.name for a in fields if a.repr)

    def __eq__(self: Any, other: object) -> Any:
        mine, theirs = _fields_source("self", compared), _fields_source("other", compared)
        source = (
            "def __eq__(self, other):\n"
            "    if other.__class__ is not self.__class__:\n"
            "        return NotImplemented\n"
            f"    return {mine} == {theirs}\n"
        )
        return _compiled(cls, "__eq__", source)(self, other)

    def __hash__(self: Any) -> int:
        source = f"def __hash__(self):\n    return hash({_fields_source('self', hashed)})\n"
        result: int = _compiled(cls, "__hash__", source)(self)
        return result

    def __repr__(self: Any) -> str:
        name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
        return f"{name}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    for method in (__eq__, __hash__, __repr__):
        method.__module__ = cls.__module__
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    return cls


def _frozen(maybe_cls: _C | None = None, /, **options: Any) -> Any:
    """:func:`attrs.frozen`; without options, and when the class writes none of the three
    methods itself, with ``__eq__`` and ``__hash__`` compiled on first use and a shared
    ``__repr__`` (:func:`_share_methods`)."""

    def wrap(cls: _C) -> _C:
        own = any(name in cls.__dict__ for name in ("__eq__", "__hash__", "__repr__"))
        if options or own:
            made: _C = attrs.frozen(cls, **options)
            return made
        return _share_methods(attrs.frozen(cls, eq=False, repr=False))

    return wrap if maybe_cls is None else wrap(maybe_cls)


if TYPE_CHECKING:
    from attrs import frozen
else:
    frozen = _frozen
