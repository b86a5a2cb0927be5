"""Properties of single delivery: the view of an order with one delivery per line is that order,
line for line; split lines always sum to their line's scheduled quantity; a single-delivery
message reads back from the view as it was sent; no line is lost and nothing is mutated."""

from __future__ import annotations

import copy
from collections import defaultdict
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradecloud_domain import ConfirmedLine, Line, Order, apply, parse_message
from tradecloud_domain.single_delivery import single_delivery_view
from tradecloud_domain.testing import orders, single_delivery_bodies

SLOW = settings(suppress_health_check=[HealthCheck.too_slow])


def _one_delivery(line: Line) -> Line:
    buyer = attrs.evolve(line.buyer_line, delivery_schedule=line.buyer_line.delivery_schedule[:1])
    confirmed = line.confirmed_line
    if confirmed is not None:
        confirmed = ConfirmedLine(confirmed.delivery_schedule[:1], confirmed.prices)
    return attrs.evolve(line, buyer_line=buyer, confirmed_line=confirmed)


ONE_DELIVERY_ORDERS = orders().map(
    lambda order: attrs.evolve(order, lines=tuple(map(_one_delivery, order.lines)))
)


@SLOW
@given(ONE_DELIVERY_ORDERS)
def test_the_view_of_an_order_with_one_delivery_per_line_is_that_order(order: Order) -> None:
    view = single_delivery_view(order)
    assert [v.buyer_line.position for v in view.lines] == [line.position for line in order.lines]
    for view_line, line in zip(view.lines, order.lines, strict=True):
        assert view_line.buyer_line.original_position is None
        assert view_line.status == line.status
        assert view_line.buyer_line.item == line.buyer_line.item
        values = line.confirmed_line or line.buyer_line
        delivery = view_line.status_line.scheduled_delivery
        if values.delivery_schedule:
            assert delivery is not None
            assert (delivery.date, delivery.quantity) == (
                values.delivery_schedule[0].date,
                values.delivery_schedule[0].quantity,
            )
        else:
            assert delivery is None
        assert view_line.status_line.prices == values.prices


def _sums(order: Order) -> None:
    """Per order line: the view's split lines and primary line add up to its scheduled quantity,
    with and without the requests."""
    view = single_delivery_view(order)
    current: dict[str, Decimal] = defaultdict(Decimal)
    including: dict[str, Decimal] = defaultdict(Decimal)
    for view_line in view.lines:
        original = view_line.buyer_line.original_position or view_line.buyer_line.position
        assert original is not None
        status_line = view_line.status_line
        for total, delivery in (
            (current, status_line.scheduled_delivery),
            (including, status_line.scheduled_delivery_incl_requests),
        ):
            if delivery is not None and delivery.quantity is not None:
                total[original] += delivery.quantity
    for line in order.lines:
        values = line.confirmed_line or line.buyer_line
        expected = sum((d.quantity or Decimal(0) for d in values.delivery_schedule), Decimal(0))
        assert current[line.position] == expected
        if line.status.in_progress_status is None:  # no open request: the same values
            assert including[line.position] == expected


@SLOW
@given(orders())
def test_split_lines_sum_to_the_scheduled_quantity_of_their_line(order: Order) -> None:
    _sums(order)


@SLOW
@given(st.data(), orders(min_lines=1))
def test_single_delivery_messages_keep_every_line_and_the_sums(
    data: st.DataObject, order: Order
) -> None:
    """Two single-delivery messages with split lines, on any order: never refused, deterministic,
    the input untouched, every line kept, and the sums hold."""
    state = order
    for _ in range(2):
        body = data.draw(single_delivery_bodies(state, splits=True))
        message = parse_message("order/single-delivery", body)
        snapshot = copy.deepcopy(state)
        outcome = apply(state, message)
        assert state == snapshot
        assert apply(state, message) == outcome
        assert outcome.order is not None
        positions = [line.position for line in outcome.order.lines]
        assert positions[: len(state.lines)] == [line.position for line in state.lines]
        _sums(outcome.order)
        state = outcome.order


@SLOW
@given(st.data())
def test_a_new_order_reads_back_from_the_view_as_it_was_sent(data: st.DataObject) -> None:
    body = data.draw(single_delivery_bodies(None, splits=True, indicators=()))
    outcome = apply(None, parse_message("order/single-delivery", body))
    assert outcome.order is not None
    sent = [
        (
            line["position"],
            line.get("originalPosition"),
            line["scheduledDelivery"]["date"],
            Decimal(line["scheduledDelivery"]["quantity"]),
        )
        for line in body["lines"]
        if "scheduledDelivery" in line
    ]
    shown = [
        (
            v.buyer_line.position,
            v.buyer_line.original_position,
            v.status_line.scheduled_delivery.date.isoformat(),
            v.status_line.scheduled_delivery.quantity,
        )
        for v in single_delivery_view(outcome.order).lines
        if v.status_line.scheduled_delivery is not None
        and v.status_line.scheduled_delivery.date is not None
    ]
    assert sorted(shown) == sorted(sent)
