"""``frozen``: :func:`attrs.frozen` for the model's values, cheaper to define.

attrs writes ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__`` of each class as Python
source and compiles it; for the library's hundred or so values that compiling was most of
``import tradecloud_domain``. Here attrs still writes ``__init__`` (construction, with its
validators, is the hot path of parsing), while ``__eq__``, ``__hash__`` and ``__repr__`` are small
closures over the class's fields, made without compiling anything. They behave as attrs' own:
equal when of the very same class with equal fields (those not marked ``eq=False``), a hash that
agrees with equality, and the repr ``Name(field=value, ...)`` of the fields not marked
``repr=False``.

Type checkers see :func:`attrs.frozen` itself, so its plugins and checks apply unchanged.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

__all__ = ["frozen"]

_C = TypeVar("_C", bound=type)


def _fields_of(names: tuple[str, ...]) -> Callable[[Any], Any]:
    """A function from a value to its fields ``names``, compared and hashed as one."""
    if not names:
        return lambda _: ()
    return operator.attrgetter(*names)


def _share_methods(cls: _C) -> _C:
    """Give the attrs class ``cls`` (made with ``eq=False, repr=False``) the methods attrs would
    have written for a frozen class."""
    fields = attrs.fields(cls)
    for field in fields:
        if field.eq_key is not None or callable(field.repr):
            msg = f"{cls.__qualname__}.{field.name}: eq or repr by a function needs attrs.frozen"
            raise TypeError(msg)
    compared = _fields_of(tuple(a.name for a in fields if a.eq))
    hashed = _fields_of(tuple(a.name for a in fields if (a.eq if a.hash is None else a.hash)))
    shown = tuple(a.name for a in fields if a.repr)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compared(self) == compared(other)

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

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
    methods itself, with shared ``__eq__``, ``__hash__`` and ``__repr__``."""

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
