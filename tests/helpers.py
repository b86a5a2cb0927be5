"""Small builders so that tests read like the documentation they check."""

from __future__ import annotations

import os
from typing import Any

from tradecloud_domain import (
    BuyerLine,
    BuyerOrder,
    InProgressStatus,
    Line,
    LineStatus,
    LogisticsStatus,
    Order,
    ProcessStatus,
    parse_message,
)
from tradecloud_domain.apply import Outcome
from tradecloud_domain.messages import Message

PO = "PO123456789"

#: The hypothesis profile of this run (tests/conftest.py registers and loads it).
PROFILE = os.environ.get("TRADECLOUD_HYPOTHESIS", "default")


def examples(default: int, profile: str = PROFILE) -> int:
    """A test's own example budget, stated as ``default`` for the default profile: kept under
    every profile but ``floors``, which scales it as it scales hypothesis' 100 to 15 (at least
    10), since the floors run proves the floors, not the rules' depth."""
    return max(10, default * 15 // 100) if profile == "floors" else default


#: A representative status for each process status (InProgress needs a reason to be in progress).
STATUS = {
    "Issued": LineStatus(ProcessStatus.ISSUED, LogisticsStatus.OPEN),
    "InProgress": LineStatus(
        ProcessStatus.IN_PROGRESS,
        LogisticsStatus.OPEN,
        InProgressStatus.OPEN_SUPPLIER_PROPOSAL,
    ),
    "Confirmed": LineStatus(ProcessStatus.CONFIRMED, LogisticsStatus.SHIPPED),
    "Rejected": LineStatus(ProcessStatus.REJECTED, LogisticsStatus.OPEN),
    "Completed": LineStatus(ProcessStatus.COMPLETED, LogisticsStatus.DELIVERED),
    "Cancelled": LineStatus(ProcessStatus.CANCELLED, LogisticsStatus.CANCELLED),
}


def order(*statuses: str) -> Order:
    """An order whose lines 0001, 0002, ... have the given process statuses, in that order."""
    return Order(
        BuyerOrder(PO),
        tuple(
            Line(BuyerLine(position=f"{n:04d}"), STATUS[status])
            for n, status in enumerate(statuses, start=1)
        ),
    )


def indicators(order_level: dict[str, Any] | None = None, **lines: dict[str, Any]) -> Message:
    """An /order/indicators message.

    ``indicators({"cancelled": True}, l0002={"cancelled": False})``
    """
    return parse_message(
        "order/indicators",
        {
            "order": {"purchaseOrderNumber": PO, "indicators": order_level or {}},
            "lines": [
                {"position": name.removeprefix("l"), "indicators": value}
                for name, value in lines.items()
            ],
        },
    )


def order_message(order_level: dict[str, Any] | None = None, **lines: dict[str, Any]) -> Message:
    """An /order message with the given order-level indicators and lines (position -> line body)."""
    return parse_message(
        "order",
        {
            "order": {"purchaseOrderNumber": PO, "indicators": order_level or {}},
            "lines": [{"position": name.removeprefix("l"), **body} for name, body in lines.items()],
        },
    )


def process(outcome: Outcome) -> dict[str, str]:
    """Position -> process status after, for compact assertions."""
    assert outcome.order is not None
    return {line.position: line.status.process_status.value for line in outcome.order.lines}


def rules(outcome: Outcome) -> dict[str, list[str]]:
    """Position -> the rule ids of its decisions, in order."""
    out: dict[str, list[str]] = {}
    for decision in outcome.decisions:
        out.setdefault(decision.position, []).append(decision.rule.id)
    return out
