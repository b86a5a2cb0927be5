"""One spelling rule shared by the codec and by error paths: snake_case -> camelCase."""

from __future__ import annotations

from functools import cache

__all__ = ["json_name", "python_name"]


@cache
def json_name(attribute: str) -> str:
    """The JSON field name of an attribute: ``purchase_order_number`` -> ``purchaseOrderNumber``."""
    head, *rest = attribute.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@cache
def python_name(json: str) -> str:
    """The attribute of a JSON field: ``cancelLineWhenMissing`` -> ``cancel_line_when_missing``."""
    return "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in json)
