"""The identifier rules shared by the entities and the read-model values (api/rules.md)."""

from __future__ import annotations

import re
from typing import Any, Final

import attrs

from ._names import json_name
from .errors import Invalid, shown

__all__ = ["identifier", "no_whitespace"]

_WHITESPACE: Final = re.compile(r"\s")


def identifier(_: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """attrs validator: identifiers are non-empty and hold no whitespace (api/rules.md)."""
    if value is None or (value.__class__ is str and value.isalnum()):
        return  # letters and digits only (the common case, one C call): nothing to find
    if not value or _WHITESPACE.search(value):
        raise Invalid(
            "identifier.whitespace",
            f"identifier {shown(value)} must not be empty nor contain whitespace",
            at=json_name(attribute.name),
        )


def no_whitespace(_: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """attrs validator: an identifier that may be left empty, but never holds whitespace."""
    if not value or (value.__class__ is str and value.isalnum()):
        return
    if _WHITESPACE.search(value):
        raise Invalid(
            "identifier.whitespace",
            f"identifier {shown(value)} must not contain whitespace",
            at=json_name(attribute.name),
        )
