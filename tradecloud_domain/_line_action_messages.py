"""The bodies of the portal's line actions (reverts, approvals, rejections).

Imported when first used (:mod:`tradecloud_domain.messages` reads these names from here).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from ._identifiers import identifier
from ._names import json_name
from ._values import frozen
from .entities import MAX_LINES, collection
from .errors import Invalid, InvalidGroup
from .statuses import Route

__all__ = [
    "ApproveBuyerReopenMessage",
    "ApproveProposalMessage",
    "ApproveRequestsMessage",
    "ApproveShipmentRescheduleMessage",
    "ApproveSupplierReopenMessage",
    "LineActionMessage",
    "RejectBuyerReopenMessage",
    "RejectProposalMessage",
    "RejectRequestsMessage",
    "RejectShipmentRescheduleMessage",
    "RejectSupplierReopenMessage",
    "RevertCancelledLinesMessage",
    "RevertCompletedLinesMessage",
]


def _identifiers(_: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    name = json_name(attribute.name)
    errors = []
    for index, position in enumerate(value):
        try:
            identifier(None, attribute, position)
        except Invalid as exc:
            errors.append(Invalid(exc.code, exc.message, at=f"{name}[{index}]"))
    InvalidGroup.raise_if_any(errors)


@frozen
class LineActionMessage:
    """The body of the portal's line actions (reverts, approvals, rejections): which lines, why,
    and the order version seen.

    ``version`` is the order version the sender saw: an action on an order whose version is
    another answers 409 (decision D78).
    """

    route: ClassVar[Route]

    line_positions: tuple[str, ...] = collection(
        "linePositions", MAX_LINES, positions=(), default=attrs.NOTHING, validator=_identifiers
    )
    reason: str | None = None
    version: int | None = None


# The line actions that add no field are plain subclasses (with no slots of their own): they
# inherit attrs' generated __init__, __eq__, __hash__ and __repr__, which compare and print the
# class of each value, instead of generating and compiling ten copies at import.
class RevertCancelledLinesMessage(LineActionMessage):
    """The buyer reverts cancelled lines: they become InProgress (RevertedCancelledLine)."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REVERT_CANCELLED_LINES


class RevertCompletedLinesMessage(LineActionMessage):
    """The buyer reverts completed lines: they become InProgress (RevertedCompletedLine)."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REVERT_COMPLETED_LINES


class ApproveProposalMessage(LineActionMessage):
    """The buyer approves the supplier's open proposals on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_PROPOSAL


class RejectProposalMessage(LineActionMessage):
    """The buyer rejects the supplier's open proposals on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_PROPOSAL


class ApproveSupplierReopenMessage(LineActionMessage):
    """The buyer approves the supplier's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_SUPPLIER_REOPEN


class RejectSupplierReopenMessage(LineActionMessage):
    """The buyer rejects the supplier's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_SUPPLIER_REOPEN


@frozen
class ApproveRequestsMessage(LineActionMessage):
    """The buyer approves whatever supplier request is open on lines: a proposal, a reopen
    request or a reschedule request (Tradecloud's ``order/{orderId}/requests/buyer/approve``).

    Without ``linePositions`` it answers every line with an open supplier request (decision D31).
    """

    route: ClassVar[Route] = Route.APPROVE_REQUESTS

    line_positions: tuple[str, ...] | None = collection(  # type: ignore[assignment]
        "linePositions", MAX_LINES, positions=(), default=None, validator=_identifiers
    )


@frozen
class RejectRequestsMessage(LineActionMessage):
    """The buyer rejects whatever supplier request is open on lines (Tradecloud's
    ``order/{orderId}/requests/buyer/reject``); without ``linePositions``, on every line with an
    open supplier request (decision D31)."""

    route: ClassVar[Route] = Route.REJECT_REQUESTS

    line_positions: tuple[str, ...] | None = collection(  # type: ignore[assignment]
        "linePositions", MAX_LINES, positions=(), default=None, validator=_identifiers
    )


class ApproveBuyerReopenMessage(LineActionMessage):
    """The supplier approves the buyer's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_BUYER_REOPEN


class RejectBuyerReopenMessage(LineActionMessage):
    """The supplier rejects the buyer's open reopen requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_BUYER_REOPEN


class ApproveShipmentRescheduleMessage(LineActionMessage):
    """The buyer approves the supplier's open shipment reschedule requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.APPROVE_SHIPMENT_RESCHEDULE


class RejectShipmentRescheduleMessage(LineActionMessage):
    """The buyer rejects the supplier's open shipment reschedule requests on lines."""

    __slots__ = ()
    route: ClassVar[Route] = Route.REJECT_SHIPMENT_RESCHEDULE
