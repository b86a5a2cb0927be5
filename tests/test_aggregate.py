"""Order status as the aggregation of its lines (decision D2)."""

from __future__ import annotations

import pytest
from hypothesis import given

from tradecloud_domain import LogisticsStatus, Order, ProcessStatus, aggregate
from tradecloud_domain.testing import orders

from .helpers import order


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((), ("Issued", "Open")),
        (("Cancelled", "Cancelled"), ("Cancelled", "Cancelled")),
        (("Completed", "Cancelled"), ("Completed", "Delivered")),
        (("Confirmed", "Completed", "Cancelled"), ("Confirmed", "Shipped")),
        (("Issued", "Issued"), ("Issued", "Open")),
        (("Rejected", "Cancelled"), ("Rejected", "Open")),
        (("Issued", "Confirmed"), ("InProgress", "Open")),
        (("Confirmed", "Rejected"), ("InProgress", "Open")),
        (("InProgress", "Confirmed"), ("InProgress", "Open")),
    ],
)
def test_examples(lines: tuple[str, ...], expected: tuple[str, str]) -> None:
    status = aggregate(order(*lines).lines)
    assert (status.process_status.value, status.logistics_status.value) == expected


@given(orders())
def test_properties(order: Order) -> None:
    status = aggregate(order.lines)
    processes = {line.status.process_status for line in order.lines}
    live = [
        line for line in order.lines if line.status.process_status is not ProcessStatus.CANCELLED
    ]
    if order.lines and not live:
        assert status.process_status is ProcessStatus.CANCELLED
        assert status.logistics_status is LogisticsStatus.CANCELLED
    elif live and processes <= {ProcessStatus.COMPLETED, ProcessStatus.CANCELLED}:
        assert status.process_status is ProcessStatus.COMPLETED
    if len(processes) == 1 and order.lines:
        assert status.process_status is processes.pop()
    if live:
        # Never more advanced than its least advanced live line, and that status is one of them.
        assert status.logistics_status in {line.status.logistics_status for line in live}
    # The order reads Cancelled only when every line is.
    assert (status.process_status is ProcessStatus.CANCELLED) == bool(order.lines and not live)
