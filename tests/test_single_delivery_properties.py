"""Properties of single delivery: the view of an order with one delivery per line is that order,
line for line; split lines always sum to their line's scheduled quantity; a single-delivery
message reads back from the view as it was sent; no line is lost and nothing is mutated."""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradecloud_domain import ConfirmedLine, Line, Order, apply, parse_message
from tradecloud_domain.codec import dump_order, dump_single_delivery_view
from tradecloud_domain.entities import BuyerRequests, Request, SupplierRequests
from tradecloud_domain.single_delivery import single_delivery_view
from tradecloud_domain.testing import orders, single_delivery_bodies
from tradecloud_domain.views import shown_part

SLOW = settings(suppress_health_check=[HealthCheck.too_slow])


def _first(request: Request | None) -> Request | None:
    """The request with its first delivery only (positions start at 1, as the line's)."""
    if request is None:
        return None
    return attrs.evolve(request, delivery_schedule=request.delivery_schedule[:1])


def _one_delivery(line: Line) -> Line:
    buyer = attrs.evolve(
        line.buyer_line,
        delivery_schedule=line.buyer_line.delivery_schedule[:1],
        requests=BuyerRequests(_first(line.buyer_line.requests.reopen_request)),
    )
    confirmed = line.confirmed_line
    if confirmed is not None:
        confirmed = ConfirmedLine(confirmed.delivery_schedule[:1], confirmed.prices)
    supplier = line.supplier_line
    if supplier is not None:
        requests = SupplierRequests(
            _first(supplier.requests.proposal), _first(supplier.requests.reopen_request)
        )
        supplier = attrs.evolve(supplier, requests=requests)
    return attrs.evolve(line, buyer_line=buyer, confirmed_line=confirmed, supplier_line=supplier)


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
        values = shown_part(line)  # the values lines.deliverySchedule shows (D72, D141)
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


#: Line fields the view shows in its own form: the derived schedules and prices in
#: ``statusLine``, the buyer's delivery schedule and history as each view line's
#: ``scheduledDelivery`` and ``actualDelivery`` (decisions D102, D141).
_IN_STATUS_LINE = {
    "deliverySchedule",
    "deliveryScheduleIncludingRequests",
    "prices",
    "pricesIncludingRequests",
}
_PER_DELIVERY = {"deliverySchedule", "deliveryHistory"}


@SLOW
@given(orders(), st.sampled_from([None, datetime.date(2024, 1, 1), datetime.date(2031, 1, 1)]))
def test_the_view_shows_every_field_the_order_and_its_lines_carry(
    order: Order, today: datetime.date | None
) -> None:
    """single-delivery-order-response.md lists the same order header as the order read model and,
    per line, "id, lineType, chargeReasonCode, buyerLine, supplierLine, confirmedLine,
    statusLine, indicators.deliveryOverdue, status, eventDates, mergedItemDetails,
    lastUpdatedAt"; "lines.buyerLine is an echo of your order line fields". The primary view line
    of each order line carries every field of the order line as the order read model writes it
    (decision D141); the header is the order's."""
    dumped = dump_order(order, today)
    view = dump_single_delivery_view(order, today)
    assert {k: v for k, v in view.items() if k != "lines"} == {
        k: v for k, v in dumped.items() if k != "lines"
    }
    primaries = {
        v["buyerLine"]["position"]: v
        for v in view["lines"]
        if "originalPosition" not in v["buyerLine"]
    }
    for line_shape in dumped["lines"]:
        primary = primaries[line_shape["buyerLine"]["position"]]
        for key, value in line_shape.items():
            if key == "buyerLine":
                for field, echoed in value.items():
                    if field not in _PER_DELIVERY:
                        assert primary["buyerLine"][field] == echoed, field
            elif key == "indicators":
                assert set(primary["indicators"]) == {"deliveryOverdue"}
            elif key not in _IN_STATUS_LINE:
                assert primary[key] == value, key
        assert set(primary) - set(line_shape) <= {"statusLine", "indicators"}


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
        values = shown_part(line)  # the values lines.deliverySchedule shows (D72, D141)
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
