"""One spelling rule shared by the codec and by error paths: snake_case -> camelCase."""

from __future__ import annotations

from functools import cache

__all__ = ["json_name"]


@cache
def json_name(attribute: str) -> str:
    """The JSON field name of an attribute: ``purchase_order_number`` -> ``purchaseOrderNumber``."""
    head, *rest = attribute.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
