"""Check a message or an order against Tradecloud's API rules without applying it.

Integrations call this before they send: it returns every problem at once, each with its JSON
path, its rule code (see ``docs/errors.md``) and a sentence; an empty tuple means the input is
valid. The same problems are what :func:`~tradecloud_domain.parse_message` and
:func:`~tradecloud_domain.parse_order` raise as :class:`~tradecloud_domain.InvalidInput`, except
warnings: :func:`validate_order` also lists what is unusual about a state Tradecloud could still
send (severity ``"warning"``), which never makes it invalid.
"""

from __future__ import annotations

from .codec import parse_message, parse_order
from .entities import Order
from .errors import InvalidInput, Problem
from .statuses import Route

__all__ = ["order_warnings", "validate", "validate_order"]


def validate(route: str | Route, data: object) -> tuple[Problem, ...]:
    """Every problem of the JSON body ``data`` for ``route``; ``()`` when it is valid."""
    try:
        parse_message(route, data)
    except InvalidInput as invalid:
        return invalid.problems
    return ()


def validate_order(data: object) -> tuple[Problem, ...]:
    """Every problem of ``data`` as an order read model (a state); ``()`` when it is valid and
    usual.

    A line whose statuses contradict each other is read (Tradecloud may send it) and listed as a
    warning, ``status.inconsistent`` (decision D14); warnings come only once no error is found.
    """
    try:
        order = parse_order(data)
    except InvalidInput as invalid:
        return invalid.problems
    return order_warnings(order)


def order_warnings(order: Order) -> tuple[Problem, ...]:
    """What is unusual about an order Tradecloud could still send: each line whose statuses
    contradict each other, as a warning ``status.inconsistent`` (decision D14)."""
    return tuple(
        Problem(f"lines[{index}].status", "status.inconsistent", sentence, "warning")
        for index, line in enumerate(order.lines)
        for sentence in line.status.contradictions()
    )
