"""Deliveries, one test per documented sentence: order/buyer/receive-goods.md, order/buyer/update.md
(actual delivery history), order/status.md (scheduled delivery logistics status),
order/buyer/issue/no-delivery-expected.md, order/buyer/receive/README.md (deliveryOverdue) and
connectors/webhooks/order-events.md (logistics and shipment reschedule events)."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from tradecloud_domain import (
    InProgressStatus,
    LogisticsStatus,
    Order,
    ProcessStatus,
    apply,
    delivery_overdue,
    dump_order,
    dump_outcome,
    line_logistics_status,
    order_delivery_overdue,
    outstanding_deliveries,
    parse_message,
    parse_order,
    to_json,
    validate,
)
from tradecloud_domain.apply import Outcome
from tradecloud_domain.cli import main
from tradecloud_domain.entities import DeliveryLine, ScheduleLine

PO = "PO-D"
SCHEDULE = [
    {"position": "1", "date": "2026-03-01", "quantity": 60},
    {"position": "2", "date": "2026-04-01", "quantity": 40},
]
MARCH_10 = datetime.date(2026, 3, 10)
APRIL_10 = datetime.date(2026, 4, 10)


def state(
    process: str = "Confirmed",
    logistics: str = "Open",
    *,
    history: list[dict[str, Any]] | None = None,
    schedule: list[dict[str, Any]] | None = None,
    in_progress: str | None = None,
    no_delivery_expected: bool = False,
    lines: int = 1,
) -> Order:
    """An order whose lines 0001, 0002, ... are all alike: SCHEDULE requested and confirmed."""
    schedule = SCHEDULE if schedule is None else schedule
    status: dict[str, Any] = {"processStatus": process, "logisticsStatus": logistics}
    if in_progress:
        status["inProgressStatus"] = in_progress
    buyer_line: dict[str, Any] = {"deliverySchedule": schedule}
    if history is not None:
        buyer_line["deliveryHistory"] = history
    if no_delivery_expected:
        buyer_line["indicators"] = {"noDeliveryExpected": True}
    return parse_order(
        {
            "buyerOrder": {"purchaseOrderNumber": PO},
            "lines": [
                {
                    "buyerLine": {"position": f"{n:04d}", **buyer_line},
                    "status": status,
                    "confirmedLine": {"deliverySchedule": schedule},
                }
                for n in range(1, lines + 1)
            ],
        }
    )


def send(
    order: Order | None, route: str, body: dict[str, Any], today: datetime.date | None = None
) -> Outcome:
    return apply(order, parse_message(route, body), today=today)


def deliveries(
    *lines: tuple[str, list[dict[str, Any]]], field: str = "deliveries"
) -> dict[str, Any]:
    return {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": position, field: sent} for position, sent in lines],
    }


def history(*lines: tuple[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return deliveries(*lines, field="deliveryHistory")


def delivered(date: str, quantity: int | str, position: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"date": date, "quantity": quantity}
    if position is not None:
        found["position"] = position
    return found


def line_history(outcome: Outcome, position: str = "0001") -> list[tuple[str, Decimal]]:
    assert outcome.order is not None
    (line,) = [line for line in outcome.order.lines if line.position == position]
    return [(d.date.isoformat(), d.quantity) for d in line.buyer_line.delivery_history]


def events(outcome: Outcome) -> dict[str, tuple[str, ...]]:
    return {event.name: event.positions for event in outcome.events}


# -- receive-goods.md: "Actual delivery history" ---------------------------------------------------


def test_actual_versus_planned_deliveries_tell_what_is_still_to_be_delivered() -> None:
    # "With the actual deliveries versus the planned deliveries, Tradecloud can calculate which
    # goods should still be delivered or are overdue."
    schedule = [ScheduleLine.of(DeliveryLine(**_values(d))) for d in SCHEDULE]
    outcome = send(state(), "order/deliveries", deliveries(("0001", [delivered("2026-03-02", 70)])))
    assert outcome.order is not None
    rest = outstanding_deliveries(schedule, outcome.order.lines[0].buyer_line.delivery_history)
    assert [(planned.position, left) for planned, left in rest] == [
        ("1", Decimal(0)),
        ("2", Decimal(30)),
    ]
    assert not delivery_overdue(outcome.order.lines[0], MARCH_10)
    assert delivery_overdue(outcome.order.lines[0], APRIL_10)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "position": data["position"],
        "date": datetime.date.fromisoformat(data["date"]),
        "quantity": Decimal(data["quantity"]),
    }


def test_history_is_matched_by_date_and_quantity_not_by_position() -> None:
    # "matched against the planned delivery schedule by date and quantity, not by delivery line
    # position — deliveryHistory.position and deliverySchedule.position do not have to use the
    # same values."
    order = state(history=[delivered("2026-02-27", 60, position="2")])
    line = order.lines[0]
    # The delivery at position "2" covers the planned delivery dated first (position "1").
    assert not delivery_overdue(line, MARCH_10)
    assert delivery_overdue(line, APRIL_10)
    # Positions that do not exist in the schedule at all are just as good.
    other = state(history=[delivered("2026-03-31", 100, position="X9")])
    assert not delivery_overdue(other.lines[0], APRIL_10)


def test_partial_deliveries_count_and_leave_the_rest_overdue() -> None:
    order = state(history=[delivered("2026-02-28", 20), delivered("2026-03-05", 30)])
    line = order.lines[0]
    assert delivery_overdue(line, MARCH_10)  # 50 of the 60 due on 1 March
    filled = state(history=[delivered("2026-02-28", 20), delivered("2026-03-05", 40)])
    assert not delivery_overdue(filled.lines[0], MARCH_10)


def test_order_route_keeps_the_delivery_history() -> None:
    # update.md: "The actual delivery history may be added in an order update ... These will be
    # used to calculate the line Overdue indicator."
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliveryHistory": [delivered("2026-03-01", 60)]}],
    }
    outcome = send(state(), "order", body, today=MARCH_10)
    assert line_history(outcome) == [("2026-03-01", Decimal(60))]
    assert [d.rule.id for d in outcome.decisions] == ["history.order"]
    assert dump_outcome(outcome)["order"]["lines"][0]["indicators"] == {"deliveryOverdue": False}
    assert outcome.order is not None
    assert outcome.order.lines[0].status == state().lines[0].status


def test_order_route_history_is_the_whole_history_and_replaces() -> None:
    # update.md: "Provide all delivery history lines in an update."
    before = state(history=[delivered("2026-03-01", 10), delivered("2026-03-02", 10)])
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliveryHistory": [delivered("2026-03-03", 5)]}],
    }
    assert line_history(send(before, "order", body)) == [("2026-03-03", Decimal(5))]
    # A line sent without deliveryHistory keeps its history.
    kept = send(
        before, "order", {"order": {"purchaseOrderNumber": PO}, "lines": [{"position": "0001"}]}
    )
    assert len(line_history(kept)) == 2
    assert kept.decisions == ()


def test_new_order_keeps_the_history_it_is_issued_with() -> None:
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [
            {
                "position": "0001",
                "deliverySchedule": SCHEDULE,
                "deliveryHistory": [delivered("2026-03-01", 60)],
            }
        ],
    }
    outcome = send(None, "order", body, today=MARCH_10)
    assert line_history(outcome) == [("2026-03-01", Decimal(60))]
    assert outcome.order is not None
    assert not delivery_overdue(outcome.order.lines[0], MARCH_10)


def test_deliveries_route_appends_to_the_line_history() -> None:
    # "This will append the deliveries to the order line's delivery history."
    before = state(history=[delivered("2026-03-01", 10)])
    outcome = send(before, "order/deliveries", deliveries(("0001", [delivered("2026-03-02", 5)])))
    assert outcome.http_status == 200
    assert line_history(outcome) == [("2026-03-01", Decimal(10)), ("2026-03-02", Decimal(5))]
    assert events(outcome) == {"OrderLinesDeliveryHistoryAppendedByBuyer": ("0001",)}


@pytest.mark.parametrize("route", ["order/deliveries", "order/deliveryHistory"])
def test_the_order_must_have_been_sent_to_tradecloud_first(route: str) -> None:
    # "Before adding a delivery to an order, the order must have been sent to Tradecloud first."
    # "Before replacing the delivery history of an order, the order must have been sent ..."
    field = "deliveries" if route == "order/deliveries" else "deliveryHistory"
    body = deliveries(("0001", [delivered("2026-03-01", 1)]), field=field)
    missing = send(None, route, body)
    assert (missing.http_status, missing.rule.id, missing.order) == (
        404,
        "deliveries.not-found",
        None,
    )
    other = state()
    body["order"]["purchaseOrderNumber"] = "PO-ELSEWHERE"
    elsewhere = send(other, route, body)
    assert (elsewhere.http_status, elsewhere.order, elsewhere.events) == (404, other, ())


def test_delivery_history_route_replaces_the_history_per_line() -> None:
    # "this endpoint replaces the delivery history per order line with the deliveries in the
    # request."
    before = state(history=[delivered("2026-03-01", 10)])
    outcome = send(before, "order/deliveryHistory", history(("0001", [delivered("2026-03-05", 7)])))
    assert line_history(outcome) == [("2026-03-05", Decimal(7))]
    assert events(outcome) == {"OrderLinesDeliveryHistorySetByBuyer": ("0001",)}


def test_only_the_lines_present_are_affected() -> None:
    # "Only the lines present in the request are affected; lines not included are left untouched."
    before = state(history=[delivered("2026-03-01", 10)], lines=3)
    outcome = send(before, "order/deliveryHistory", history(("0002", [delivered("2026-03-05", 7)])))
    assert line_history(outcome, "0001") == [("2026-03-01", Decimal(10))]
    assert line_history(outcome, "0002") == [("2026-03-05", Decimal(7))]
    assert line_history(outcome, "0003") == [("2026-03-01", Decimal(10))]
    assert outcome.order is not None
    assert outcome.order.lines[0] is before.lines[0]


def test_an_empty_delivery_history_array_clears_the_history() -> None:
    # "To clear the delivery history of a line, send that line with an empty deliveryHistory
    # array."
    before = state(history=[delivered("2026-03-01", 60), delivered("2026-04-01", 40)])
    outcome = send(before, "order/deliveryHistory", history(("0001", [])), today=APRIL_10)
    assert line_history(outcome) == []
    assert outcome.order is not None
    assert delivery_overdue(outcome.order.lines[0], APRIL_10)


def test_a_replaced_history_is_matched_by_date_and_quantity_too() -> None:
    # "As with the other methods, the delivery history is matched against the planned delivery
    # schedule by date and quantity."
    outcome = send(
        state(), "order/deliveryHistory", history(("0001", [delivered("2026-03-09", 100, "Z")]))
    )
    assert outcome.order is not None
    assert not delivery_overdue(outcome.order.lines[0], APRIL_10)


def test_unknown_line_positions_are_refused_and_invent_nothing() -> None:
    body = deliveries(
        ("0099", [delivered("2026-03-01", 1)]), ("0001", [delivered("2026-03-01", 1)])
    )
    outcome = send(state(), "order/deliveries", body)
    assert outcome.order is not None
    assert [line.position for line in outcome.order.lines] == ["0001"]
    assert [(d.position, d.result.value, d.rule.id) for d in outcome.decisions] == [
        ("0001", "applied", "history.append"),
        ("0099", "refused", "position.unknown"),
    ]


def test_a_history_holds_at_most_100_deliveries() -> None:
    # update.md: "The total number of delivery history lines is limited to 100 lines per order
    # line."
    too_many = [delivered("2026-03-01", 1)] * 101
    problems = validate("order/deliveryHistory", history(("0001", too_many)))
    assert [(p.path, p.code) for p in problems] == [
        ("lines[0].deliveryHistory", "collection.too-long")
    ]
    problems = validate("order/deliveries", deliveries(("0001", too_many)))
    assert [(p.path, p.code) for p in problems] == [("lines[0].deliveries", "collection.too-long")]
    full = state(history=[delivered("2026-03-01", 1)] * 99)
    outcome = send(full, "order/deliveries", deliveries(("0001", [delivered("2026-03-02", 1)] * 2)))
    assert [(d.result.value, d.rule.id) for d in outcome.decisions] == [
        ("refused", "history.append.refused-too-long")
    ]
    assert outcome.order == full


def test_delivery_routes_validate_identifiers_dates_and_decimals() -> None:
    body = {
        "order": {"purchaseOrderNumber": "PO D"},
        "lines": [
            {"position": "1", "deliveries": [{"date": "24-12-2020", "quantity": "lots"}]},
            {"position": "1", "deliveries": [{"date": "2020-12-24", "quantity": -1}]},
        ],
    }
    problems = {(p.path, p.code) for p in validate("order/deliveries", body)}
    assert problems == {
        ("order.purchaseOrderNumber", "identifier.whitespace"),
        ("lines[0].deliveries[0].date", "type.date"),
        ("lines[0].deliveries[0].quantity", "type.decimal"),
        ("lines[1].deliveries[0].quantity", "quantity.negative"),
        ("lines[1].position", "position.duplicate"),
    }
    assert {(p.path, p.code) for p in validate("order/deliveryHistory", {"order": {}})} == {
        ("order.purchaseOrderNumber", "required"),
        ("lines", "required"),
    }
    empty = {"order": {"purchaseOrderNumber": PO}, "lines": []}
    assert [p.code for p in validate("order/deliveries", empty)] == ["collection.empty"]
    no_array = {"order": {"purchaseOrderNumber": PO}, "lines": [{"position": "1"}]}
    assert [(p.path, p.code) for p in validate("order/deliveryHistory", no_array)] == [
        ("lines[0].deliveryHistory", "required")
    ]


def test_the_sdk_sample_body_is_read_with_decimals_kept_exactly() -> None:
    # The SendOrderDeliveries sample: order.purchaseOrderNumber, lines[].position, deliveries[]
    # with position, date and quantity, and ERP fields beside them.
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [
            {
                "position": "0001",
                "deliveries": [
                    {"position": "01", "date": "2026-02-24", "quantity": Decimal("41.5")},
                    {"position": "02", "date": "2026-02-25", "quantity": Decimal("41.50")},
                ],
            }
        ],
        "erpLastChangeDateTime": "2026-02-25T10:11:12",
        "erpLastChangedBy": {"email": "buyer@example.com"},
    }
    assert validate("order/deliveries", body) == ()
    outcome = send(state(), "order/deliveries", body)
    assert [str(q) for _, q in line_history(outcome)] == ["41.5", "41.50"]


def test_single_delivery_fields_are_ignored_on_the_order_route() -> None:
    # Decision D89: lines.actualDelivery belongs to order/single-delivery (D111); on /order it is
    # ignored as an unknown field, and a delivery-line level indicators object (no page defines
    # one) too.
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [
            {
                "position": "0001",
                "actualDelivery": {"date": "2026-03-01", "quantity": 100},
                "deliverySchedule": [dict(SCHEDULE[0], indicators={"delivered": True})],
            }
        ],
    }
    assert validate("order", body) == ()
    outcome = send(None, "order", body)
    assert outcome.order is not None
    line = outcome.order.lines[0]
    assert line.buyer_line.delivery_history == ()
    assert line.buyer_line.delivery_schedule[0].status is None
    assert line.status.logistics_status is LogisticsStatus.OPEN


# -- receive-goods.md: "Delivered indicator" -------------------------------------------------------


def test_delivered_indicator_marks_delivered_regardless_of_quantity_or_date() -> None:
    # "The delivered indicator marks an order or line as delivered, regardless of the actual
    # quantity or date."
    before = state(history=[delivered("2026-03-01", 10)])
    assert delivery_overdue(before.lines[0], APRIL_10)
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "indicators": {"delivered": True}}],
    }
    outcome = send(before, "order/indicators", body, today=APRIL_10)
    assert outcome.order is not None
    assert outcome.order.lines[0].status.logistics_status is LogisticsStatus.DELIVERED
    assert not delivery_overdue(outcome.order.lines[0], APRIL_10)


def test_delivered_on_top_of_the_history_completes_a_line_within_tolerance() -> None:
    # "You may set indicators.delivered on top of the actual delivery history for this purpose —
    # the indicator then completes the line even when the reported quantity does not fully match
    # the planned quantity."
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [
            {
                "position": "0001",
                "deliveryHistory": [delivered("2026-03-01", 59), delivered("2026-04-01", 39)],
                "indicators": {"delivered": True},
            }
        ],
    }
    outcome = send(state(), "order", body, today=APRIL_10)
    assert outcome.order is not None
    line = outcome.order.lines[0]
    assert line.status.logistics_status is LogisticsStatus.DELIVERED
    assert len(line.buyer_line.delivery_history) == 2
    assert not delivery_overdue(line, APRIL_10)
    assert [d.rule.id for d in outcome.decisions] == ["history.order", "deliver"]


def test_order_level_delivered_on_order_marks_only_the_lines_in_the_message() -> None:
    # "If you provide a delivered indicator on order level, ONLY the lines provided in this order
    # message will be marked as delivered. If you also provide a delivered indicator on line
    # level, it has precedence over the order level delivered indicator."
    body = {
        "order": {"purchaseOrderNumber": PO, "indicators": {"delivered": True}},
        "lines": [{"position": "0001"}, {"position": "0002", "indicators": {"delivered": False}}],
    }
    outcome = send(state(lines=3), "order", body)
    assert outcome.order is not None
    assert [line.status.logistics_status.value for line in outcome.order.lines] == [
        "Delivered",
        "Open",
        "Open",
    ]


def test_order_level_delivered_on_indicators_marks_all_lines() -> None:
    # "If you provide a delivered indicator on order level, ALL the lines in the order will be
    # delivered. If you also provide a delivered indicator on line level, it has precedence over
    # the order level delivered indicator."
    body = {
        "order": {"purchaseOrderNumber": PO, "indicators": {"delivered": True}},
        "lines": [{"position": "0002", "indicators": {"delivered": False}}],
    }
    outcome = send(state(lines=3), "order/indicators", body, today=APRIL_10)
    assert outcome.order is not None
    assert [line.status.logistics_status.value for line in outcome.order.lines] == [
        "Delivered",
        "Open",
        "Delivered",
    ]
    assert [delivery_overdue(line, APRIL_10) for line in outcome.order.lines] == [
        False,
        True,
        False,
    ]


def test_delivered_by_delivery_line_position() -> None:
    # "the delivered indicator is applied by order line or delivery line position": a delivery
    # line whose status is Delivered, matched by its position, is delivered; the line is when all
    # of its delivery lines are (decision D85).
    first = [dict(SCHEDULE[0], status="Delivered"), SCHEDULE[1]]
    body: dict[str, Any] = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliverySchedule": first}],
    }
    outcome = send(state(), "order", body, today=MARCH_10)
    assert outcome.order is not None
    line = outcome.order.lines[0]
    assert line.status.logistics_status is LogisticsStatus.OPEN
    assert line.status.process_status is ProcessStatus.CONFIRMED
    assert not delivery_overdue(line, MARCH_10)  # delivery line 1 is delivered by position
    assert delivery_overdue(line, APRIL_10)  # delivery line 2 is not
    both = [dict(d, status="Delivered") for d in SCHEDULE]
    body["lines"][0]["deliverySchedule"] = both
    done = send(outcome.order, "order", body)
    assert done.order is not None
    assert done.order.lines[0].status.logistics_status is LogisticsStatus.DELIVERED


# -- status.md: "Scheduled delivery logistics status" ----------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "line"),
    [
        ((None, None), None),
        (("Shipped", None), "Open"),  # "Open: no or partial quantity ... Shipped"
        (("Shipped", "Delivered"), "Shipped"),
        (("Produced", "Produced"), "Produced"),
        (("ReadyToShip", "Shipped"), "ReadyToShip"),
        (("Delivered", "Delivered"), "Delivered"),
    ],
)
def test_the_line_logistics_status_follows_from_its_delivery_lines(
    statuses: tuple[str | None, str | None], line: str | None
) -> None:
    schedule = [
        DeliveryLine(**_values(d), status=None if s is None else LogisticsStatus(s))
        for d, s in zip(SCHEDULE, statuses, strict=True)
    ]
    follows = line_logistics_status(schedule)
    assert (None if follows is None else follows.value) == line


def test_delivery_line_status_etd_and_eta_are_kept_and_shown() -> None:
    sent = [dict(SCHEDULE[0], status="Shipped", etd="2026-02-20", eta="2026-02-28"), SCHEDULE[1]]
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliverySchedule": sent}],
    }
    outcome = send(state(), "order", body)
    shown = dump_outcome(outcome)["order"]["lines"][0]["buyerLine"]["deliverySchedule"][0]
    assert (shown["status"], shown["etd"], shown["eta"]) == ("Shipped", "2026-02-20", "2026-02-28")
    assert events(outcome) == {"OrderLinesDeliveryScheduleLogisticsUpdatedByBuyer": ("0001",)}
    assert outcome.order is not None
    assert parse_order(dump_outcome(outcome)["order"]) == outcome.order


def test_delivery_line_logistics_are_never_a_change_of_values() -> None:
    # No reopen of a Confirmed line, no reissue of a Rejected one, no reissue event for an Issued
    # one, and the confirmed values do not take the logistics fields (decision D85).
    sent = [dict(d, status="ReadyToShip", eta="2026-02-28") for d in SCHEDULE]
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliverySchedule": sent}],
    }
    for process in ("Issued", "Confirmed", "Rejected"):
        before = state(process)
        outcome = send(before, "order", body)
        assert outcome.order is not None
        after = outcome.order.lines[0]
        assert after.status.process_status is before.lines[0].status.process_status
        assert after.status.logistics_status is LogisticsStatus.READY_TO_SHIP
        assert after.confirmed_line == before.lines[0].confirmed_line
        assert [d.rule.id for d in outcome.decisions] == ["delivery-lines.logistics"]


def test_delivery_line_logistics_of_ended_lines_are_ignored() -> None:
    sent = [dict(d, status="Shipped") for d in SCHEDULE]
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliverySchedule": sent}],
    }
    for process, logistics in (("Completed", "Open"), ("Cancelled", "Cancelled")):
        before = state(process, logistics)
        outcome = send(before, "order", body)
        assert outcome.order == before
        assert [(d.result.value, d.rule.id) for d in outcome.decisions] == [
            ("refused", "delivery-lines.logistics.ignored")
        ]


def test_a_delivery_line_is_never_cancelled() -> None:
    # "Delivery-schedule lines have the same [statuses] minus Cancelled."
    sent = [dict(SCHEDULE[0], status="Cancelled")]
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliverySchedule": sent}],
    }
    assert [(p.path, p.code) for p in validate("order", body)] == [
        ("lines[0].deliverySchedule[0].status", "enum.unknown")
    ]


def test_a_new_line_starts_with_the_logistics_status_of_its_delivery_lines() -> None:
    sent = [dict(d, status="Shipped") for d in SCHEDULE]
    body = {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "deliverySchedule": sent}],
    }
    outcome = send(None, "order", body)
    assert outcome.order is not None
    status = outcome.order.lines[0].status
    assert (status.process_status, status.logistics_status) == (
        ProcessStatus.ISSUED,
        LogisticsStatus.SHIPPED,
    )


# -- overdue: which lines, which date (decision D87) -----------------------------------------------


def test_no_delivery_expected_lines_are_never_overdue() -> None:
    # no-delivery-expected.md: "Lines having the noDeliveryExpected indicator set will never
    # become Overdue."
    line = state(no_delivery_expected=True).lines[0]
    assert not delivery_overdue(line, datetime.date(2099, 1, 1))


@pytest.mark.parametrize(
    ("process", "logistics", "in_progress", "can"),
    [
        ("Issued", "Open", None, True),
        ("InProgress", "Open", "OpenSupplierProposal", True),
        ("Confirmed", "Shipped", None, True),
        ("Rejected", "Open", None, False),
        ("Completed", "Open", None, False),
        ("Cancelled", "Cancelled", None, False),
        ("Confirmed", "Delivered", None, False),
    ],
)
def test_which_lines_can_be_overdue(
    process: str, logistics: str, in_progress: str | None, can: bool
) -> None:
    line = state(process, logistics, in_progress=in_progress).lines[0]
    assert delivery_overdue(line, APRIL_10) is can


def test_a_delivery_is_due_on_its_date_and_overdue_the_day_after() -> None:
    line = state().lines[0]
    assert not delivery_overdue(line, datetime.date(2026, 3, 1))
    assert delivery_overdue(line, datetime.date(2026, 3, 2))


def test_the_confirmed_schedule_is_the_one_goods_are_expected_by() -> None:
    order = parse_order(
        {
            "buyerOrder": {"purchaseOrderNumber": PO},
            "lines": [
                {
                    "buyerLine": {"position": "0001", "deliverySchedule": SCHEDULE},
                    "status": {"processStatus": "Confirmed", "logisticsStatus": "Open"},
                    "confirmedLine": {
                        "deliverySchedule": [
                            {"position": "1", "date": "2026-05-01", "quantity": 100}
                        ]
                    },
                }
            ],
        }
    )
    assert not delivery_overdue(order.lines[0], APRIL_10)
    assert delivery_overdue(order.lines[0], datetime.date(2026, 5, 2))


def test_order_is_overdue_when_at_least_one_line_is() -> None:
    # receive/README.md: "indicators.deliveryOverdue is true when at least one order line is
    # overdue."
    order = state(lines=2)
    outcome = send(
        order, "order/deliveries", deliveries(("0001", [delivered("2026-03-01", 100)])), APRIL_10
    )
    shape = dump_outcome(outcome)["order"]
    assert shape["indicators"] == {"deliveryOverdue": True}
    assert [line["indicators"]["deliveryOverdue"] for line in shape["lines"]] == [False, True]
    assert outcome.order is not None
    assert order_delivery_overdue(outcome.order, APRIL_10)
    assert not order_delivery_overdue(outcome.order, datetime.date(2026, 3, 1))
    # The indicators are derived: reading the read model back ignores them.
    assert parse_order(shape) == outcome.order


def test_without_an_as_of_date_no_overdue_is_shown() -> None:
    outcome = send(state(), "order/deliveries", deliveries(("0001", [delivered("2026-03-01", 1)])))
    shape = dump_outcome(outcome)["order"]
    assert "indicators" not in shape
    assert all("indicators" not in line for line in shape["lines"])


# -- shipment reschedule requests (status.md, order-events.md) -------------------------------------


@pytest.mark.parametrize(
    ("route", "after", "event"),
    [
        (
            "order/approve-reschedule-request",
            InProgressStatus.APPROVED_DELIVERY_SCHEDULE,
            "OrderLinesShipmentRescheduleApprovedByBuyer",
        ),
        (
            "order/reject-reschedule-request",
            InProgressStatus.REJECTED_DELIVERY_SCHEDULE,
            "OrderLinesShipmentRescheduleRejectedByBuyer",
        ),
    ],
)
def test_the_buyer_answers_a_shipment_reschedule_request(
    route: str, after: InProgressStatus, event: str
) -> None:
    # order-events.md: "a supplier shipment reschedule request is created in the order line ...
    # The buyer can then approve or reject this request."
    before = state("InProgress", in_progress="OpenSupplierShipmentRescheduleRequest", lines=2)
    body = {"linePositions": ["0001"], "reason": "Rejected by the buyer", "version": 1}
    outcome = send(before, route, body)
    assert outcome.order is not None
    first, second = outcome.order.lines
    assert (first.status.process_status, first.status.in_progress_status) == (
        ProcessStatus.IN_PROGRESS,
        after,
    )
    assert first.confirmed_line == before.lines[0].confirmed_line
    assert second == before.lines[1]
    assert events(outcome) == {event: ("0001",)}


@pytest.mark.parametrize(
    "route", ["order/approve-reschedule-request", "order/reject-reschedule-request"]
)
def test_only_an_open_shipment_reschedule_request_can_be_answered(route: str) -> None:
    before = state("InProgress", in_progress="OpenSupplierProposal")
    outcome = send(before, route, {"linePositions": ["0001"]})
    assert outcome.order == before
    assert [(d.result.value, d.rule.id) for d in outcome.decisions] == [
        ("refused", "answer.shipment-reschedule.refused")
    ]
    assert send(None, route, {"linePositions": ["0001"]}).http_status == 404


# -- the command line: --today ---------------------------------------------------------------------


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_today_shows_overdue_as_of_that_date(tmp_path: Path) -> None:
    order_file = tmp_path / "order.json"
    order_file.write_text(to_json(dump_order(state(lines=2))), encoding="utf-8")
    message = tmp_path / "deliveries.json"
    message.write_text(
        json.dumps(deliveries(("0001", [delivered("2026-03-01", 100)]))), encoding="utf-8"
    )
    args = ("apply", "order/deliveries", str(message), "--state", str(order_file))
    code, out, err = _cli(*args, "--today", "2026-04-10", "--format", "json")
    assert (code, err) == (0, "")
    shown = json.loads(out)["order"]
    assert shown["indicators"] == {"deliveryOverdue": True}
    assert [line["indicators"] for line in shown["lines"]] == [
        {"deliveryOverdue": False},
        {"deliveryOverdue": True},
    ]
    code, out, err = _cli(*args, "--today", "2026-04-10")
    assert code == 0
    assert "as of 2026-04-10: delivery overdue on 0002" in out
    rows = {row.split()[0]: row.split()[3] for row in out.splitlines() if row.startswith("000")}
    assert rows == {"0001": "no", "0002": "yes"}
    code, out, _ = _cli(*args, "--format", "json")
    assert "indicators" not in json.loads(out)["order"]


@pytest.mark.parametrize("bad", ["2026-13-01", "10-04-2026", "2026-4-1", "today"])
def test_cli_today_must_be_a_date(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = tmp_path / "deliveries.json"
    message.write_text(json.dumps(deliveries(("0001", []))), encoding="utf-8")
    code, out, _ = _cli("apply", "order/deliveries", str(message), "--today", bad)
    assert (code, out) == (2, "")
    assert "expected a date YYYY-MM-DD" in capsys.readouterr().err  # argparse's usage error


def test_an_empty_append_is_stamped_and_counted_like_any_event() -> None:
    """connectors/webhooks/order-events.md names OrderLinesDeliveryHistoryAppendedByBuyer for the
    buyer's append; order/buyer/receive/README.md: "eventDates: some key order event
    date/times". An append of nothing changes no history, yet its event is emitted for the line
    (D86), stamped with `now` and counted in the version (D143)."""
    before = attrs.evolve(state(history=[delivered("2026-03-01", 60)]), version=7)
    now = datetime.datetime(2026, 4, 10, 8, 0, tzinfo=datetime.UTC)
    outcome = apply(before, parse_message("order/deliveries", deliveries(("0001", []))), now=now)
    assert [(e.name, e.positions) for e in outcome.events] == [
        ("OrderLinesDeliveryHistoryAppendedByBuyer", ("0001",))
    ]
    assert outcome.order is not None
    assert line_history(outcome) == [("2026-03-01", Decimal(60))]
    assert outcome.order.version == 8
    assert outcome.order.event_dates is not None
    assert dict(outcome.order.event_dates.dates) == {
        "OrderLinesDeliveryHistoryAppendedByBuyer": now
    }
    line_dates = outcome.order.lines[0].event_dates
    assert line_dates is not None
    assert dict(line_dates.dates) == {"OrderLinesDeliveryHistoryAppendedByBuyer": now}
    # Without a clock the version still counts the event; nothing is stamped.
    unstamped = send(before, "order/deliveries", deliveries(("0001", [])))
    assert unstamped.order is not None
    assert (unstamped.order.version, unstamped.order.event_dates) == (8, None)
