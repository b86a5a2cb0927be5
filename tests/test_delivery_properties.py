"""Properties of the deliveries: appending then replacing is replacing; overdue never flips back
as the as-of date grows; delivery-line logistics and delivery history never touch a line's
process status."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from tradecloud_domain import (
    LogisticsStatus,
    Order,
    Route,
    apply,
    delivery_overdue,
    order_delivery_overdue,
    parse_message,
)
from tradecloud_domain.codec import converter
from tradecloud_domain.testing import deliveries, delivery_bodies, message_bodies, orders

DATES = st.dates(min_value=datetime.date(2025, 6, 1), max_value=datetime.date(2029, 6, 1))
STATUSES = st.sampled_from([None, *(s.value for s in LogisticsStatus if s.value != "Cancelled")])


def _after(order: Order | None, route: Route, body: dict[str, Any]) -> Order:
    assert order is not None
    outcome = apply(order, parse_message(route, body))
    assert outcome.http_status == 200 and outcome.order is not None
    return outcome.order


@given(st.data(), orders(min_lines=1))
def test_appending_then_replacing_is_replacing(data: st.DataObject, order: Order) -> None:
    replace = data.draw(delivery_bodies(order, Route.ORDER_DELIVERY_HISTORY))
    append = {
        "order": replace["order"],
        "lines": [
            {"position": line["position"], "deliveries": data.draw(deliveries())}
            for line in replace["lines"]
        ],
    }
    appended = _after(order, Route.ORDER_DELIVERIES, append)
    twice = _after(appended, Route.ORDER_DELIVERY_HISTORY, replace)
    once = _after(order, Route.ORDER_DELIVERY_HISTORY, replace)
    # Each change counts a version (decision D77): the same order but for the count.
    assert attrs.evolve(twice, version=None) == attrs.evolve(once, version=None)


@given(st.data(), orders(min_lines=1), DATES, DATES)
def test_overdue_never_flips_back_as_the_as_of_date_grows(
    data: st.DataObject, order: Order, one: datetime.date, other: datetime.date
) -> None:
    received = _after(
        order, Route.ORDER_DELIVERIES, data.draw(delivery_bodies(order, Route.ORDER_DELIVERIES))
    )
    earlier, later = sorted((one, other))
    for line in received.lines:
        if delivery_overdue(line, earlier):
            assert delivery_overdue(line, later)
    if order_delivery_overdue(received, earlier):
        assert order_delivery_overdue(received, later)


@given(st.data(), orders(min_lines=1))
def test_delivery_line_logistics_never_change_process_statuses(
    data: st.DataObject, order: Order
) -> None:
    lines = []
    for line in order.lines:
        schedule = converter.unstructure(line.buyer_line.delivery_schedule)
        for delivery in schedule:
            status = data.draw(STATUSES)
            if status is not None:
                delivery["status"] = status
            if data.draw(st.booleans()):
                delivery["eta"] = data.draw(DATES).isoformat()
        lines.append({"position": line.position, "deliverySchedule": schedule})
    body = {"order": {"purchaseOrderNumber": order.purchase_order_number}, "lines": lines}
    outcome = apply(order, parse_message(Route.ORDER, body))
    assert outcome.order is not None
    for before, after in zip(order.lines, outcome.order.lines, strict=True):
        assert after.status.process_status is before.status.process_status
        assert after.status.in_progress_status is before.status.in_progress_status
        assert (after.confirmed_line, after.supplier_line) == (
            before.confirmed_line,
            before.supplier_line,
        )
        assert after.buyer_line.requests == before.buyer_line.requests
    assert {e.name for e in outcome.events} <= {"OrderLinesDeliveryScheduleLogisticsUpdatedByBuyer"}


@given(
    st.data(),
    orders(min_lines=1),
    st.sampled_from([Route.ORDER_DELIVERIES, Route.ORDER_DELIVERY_HISTORY]),
)
def test_delivery_history_never_changes_a_line_status(
    data: st.DataObject, order: Order, route: Route
) -> None:
    after = _after(order, route, data.draw(delivery_bodies(order, route)))
    assert [line.status for line in after.lines] == [line.status for line in order.lines]
    assert [line.position for line in after.lines] == [line.position for line in order.lines]


NOW = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)


@given(
    st.data(),
    orders(min_lines=1).map(lambda order: attrs.evolve(order, version=3)),
    st.sampled_from([Route.ORDER_DELIVERIES, Route.ORDER_DELIVERY_HISTORY, Route.ORDER]),
)
def test_every_event_emitted_is_stamped_and_counted(
    data: st.DataObject, order: Order, route: Route
) -> None:
    """Every event an outcome emits has its date in the order's eventDates and on the lines it
    covers, and counts one version; an outcome without events or changes keeps both (D74, D77,
    D143)."""
    body = data.draw(message_bodies(route, order))
    outcome = apply(order, parse_message(route, body), now=NOW)
    after = outcome.order
    assert after is not None
    if not outcome.events:
        if after == order:
            return  # nothing happened: nothing is stamped or counted
        assert after.version == 4
        return
    assert after.version == 4
    assert after.event_dates is not None
    order_dates = dict(after.event_dates.dates)
    lines = {line.position: line for line in after.lines}
    for event in outcome.events:
        assert order_dates[event.name] == NOW
        for position in event.positions:
            line_dates = lines[position].event_dates
            assert line_dates is not None and dict(line_dates.dates)[event.name] == NOW
