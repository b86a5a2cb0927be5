"""Single delivery per order line: api/delivery-schedule.md, order/buyer/issue/delivery-schedule.md,
the single delivery section of order/buyer/issue/indicators.md (and its echoes in cancel.md,
complete.md, receive-goods.md, update.md), order/buyer/receive/single-delivery-order-response.md
and order/supplier/receive/single-delivery-order.md. One test per documented sentence."""

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
    InvalidInput,
    LogisticsStatus,
    Order,
    ProcessStatus,
    Result,
    apply,
    delivery_overdue,
    overdue_delivery_lines,
    parse_message,
    validate,
)
from tradecloud_domain.apply import Outcome
from tradecloud_domain.cli import main
from tradecloud_domain.codec import dump_order, dump_single_delivery_view, parse_order
from tradecloud_domain.messages import SingleDeliveryOrderMessage
from tradecloud_domain.single_delivery import (
    UNSUPPORTED_ROUTES,
    SingleDeliveryOrder,
    ViewDelivery,
    is_single_delivery,
    single_delivery_view,
    translate,
)

from .helpers import PO, order_message

JAN = {"date": "2026-01-31", "quantity": "60"}
FEB = {"date": "2026-02-28", "quantity": "40"}
MAR = {"date": "2026-03-31", "quantity": "10"}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PRICE = {"netPrice": {"priceInTransactionCurrency": {"value": "2.50", "currencyIso": "EUR"}}}


def message(*lines: dict[str, Any], **header: Any) -> SingleDeliveryOrderMessage:
    """An order/single-delivery message for PO with the given lines and order-level indicators."""
    body: dict[str, Any] = {"order": {"purchaseOrderNumber": PO}, "lines": list(lines)}
    if header:
        body["order"]["indicators"] = header
    parsed = parse_message("order/single-delivery", body)
    assert isinstance(parsed, SingleDeliveryOrderMessage)
    return parsed


def line(position: str, delivery: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"position": position, **fields}
    if delivery is not None:
        body["scheduledDelivery"] = delivery
    return body


def split(
    position: str, original: str, delivery: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    return line(position, delivery, originalPosition=original, **fields)


def after(outcome: Outcome) -> Order:
    assert outcome.order is not None
    return outcome.order


def split_order() -> Order:
    """Line 0001 with split line 0002 (JAN + FEB), and line 0003 (MAR), at PRICE."""
    return after(
        apply(
            None,
            message(
                line("0001", JAN, prices=PRICE),
                split("0002", "0001", FEB),
                line("0003", MAR, prices=PRICE),
            ),
        )
    )


def view_rows(order: Order) -> list[tuple[str | None, str | None, str | None, str | None]]:
    """(position, originalPosition, scheduled date, scheduled quantity) per view line."""
    rows = []
    for view_line in single_delivery_view(order).lines:
        delivery = view_line.status_line.scheduled_delivery
        rows.append(
            (
                view_line.buyer_line.position,
                view_line.buyer_line.original_position,
                None if delivery is None or delivery.date is None else delivery.date.isoformat(),
                None if delivery is None else str(delivery.quantity),
            )
        )
    return rows


def schedule(order: Order, position: str) -> list[tuple[str | None, str, str]]:
    found = next(line for line in order.lines if line.position == position)
    return [
        (d.position, d.date.isoformat(), str(d.quantity))
        for d in found.buyer_line.delivery_schedule
    ]


def process(order: Order) -> dict[str, str]:
    return {line.position: line.status.process_status.value for line in order.lines}


def decisions(outcome: Outcome) -> list[tuple[str, str, str, str]]:
    return [(d.position, d.action, d.result.value, d.rule.id) for d in outcome.decisions]


# -- api/delivery-schedule.md: sending ------------------------------------------------------------


def test_single_delivery_lines_carry_their_delivery_in_scheduled_delivery() -> None:
    """'Use the Send single delivery order endpoint with delivery details in the
    lines.scheduledDelivery field.'"""
    order = after(apply(None, message(line("0001", JAN, prices=PRICE))))
    assert schedule(order, "0001") == [("0001", "2026-01-31", "60")]
    assert process(order) == {"0001": "Issued"}
    assert order.lines[0].buyer_line.prices is not None


def test_each_line_has_exactly_one_scheduled_delivery() -> None:
    """'With single delivery each order line has exactly one scheduled delivery date and
    quantity.' An array of deliveries is not one delivery."""
    problems = validate("order/single-delivery", {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "0001", "scheduledDelivery": [JAN, FEB]}],
    })  # fmt: skip
    assert [(p.path, p.code) for p in problems] == [("lines[0].scheduledDelivery", "type.object")]


def test_split_lines_are_merged_into_the_schedule_of_their_original_line() -> None:
    """'When order lines contain an originalPosition reference, Tradecloud automatically merges
    their scheduledDelivery and actualDelivery properties into the delivery schedule of the line
    with the matching position number.'"""
    order = split_order()
    assert [line.position for line in order.lines] == ["0001", "0003"]
    assert schedule(order, "0001") == [
        ("0001", "2026-01-31", "60"),
        ("0002", "2026-02-28", "40"),
    ]


def test_actual_deliveries_are_validated_and_carried_to_their_original_line() -> None:
    """The actualDelivery of the primary and split lines (order/buyer/update.md, actual delivery)
    goes with the line their originalPosition names, in message order (decision D111)."""
    sent = message(
        line("0001", JAN, actualDelivery={"date": "2026-01-30", "quantity": "60"}),
        split("0002", "0001", FEB, actualDelivery={"date": "2026-02-27", "quantity": "39.5"}),
        line("0003", MAR),
    )
    translation = translate(None, sent)
    carried = {
        original: [(d.date.isoformat(), str(d.quantity)) for d in deliveries]
        for original, deliveries in translation.actual_deliveries.items()
    }
    assert carried == {"0001": [("2026-01-30", "60"), ("2026-02-27", "39.5")]}
    bad = validate("order/single-delivery", {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{"position": "1", "actualDelivery": {"date": "30-01-2026", "quantity": "x"}}],
    })  # fmt: skip
    assert [(p.path, p.code) for p in bad] == [
        ("lines[0].actualDelivery.date", "type.date"),
        ("lines[0].actualDelivery.quantity", "type.decimal"),
    ]


ACTUAL_0001 = {"date": "2026-01-31", "quantity": "60"}
ACTUAL_0002 = {"date": "2026-02-27", "quantity": "39.5"}


def history(order: Order, position: str = "0001") -> list[tuple[str | None, str, str]]:
    found = next(line for line in order.lines if line.position == position)
    return [
        (d.position, d.date.isoformat(), str(d.quantity)) for d in found.buyer_line.delivery_history
    ]


def test_actual_delivery_is_the_delivery_history_of_the_original_line() -> None:
    """'Tradecloud automatically merges their scheduledDelivery and actualDelivery properties into
    the delivery schedule and history of the line with the matching position number'
    (delivery-schedule.md): each actualDelivery is the history entry at its line's position
    (decision D111)."""
    outcome = apply(
        split_order(),
        message(
            line("0001", JAN, actualDelivery=ACTUAL_0001),
            split("0002", "0001", FEB, actualDelivery=ACTUAL_0002),
        ),
    )
    assert history(after(outcome)) == [
        ("0001", "2026-01-31", "60"),
        ("0002", "2026-02-27", "39.5"),
    ]
    assert ("0001", "history", "applied", "history.order") in decisions(outcome)
    assert history(after(outcome), "0003") == []
    new = after(apply(None, message(line("0001", JAN, actualDelivery=ACTUAL_0001))))
    assert history(new) == [("0001", "2026-01-31", "60")]


def test_actual_delivery_replaces_its_own_entry_and_keeps_the_others() -> None:
    """An ERP sends the whole order each time: resending an actualDelivery replaces the entry of
    its line instead of adding it again; lines without one keep theirs (decision D111)."""
    first = after(
        apply(
            split_order(),
            message(
                line("0001", JAN, actualDelivery=ACTUAL_0001),
                split("0002", "0001", FEB, actualDelivery=ACTUAL_0002),
            ),
        )
    )
    again = apply(
        first,
        message(
            line("0001", JAN, actualDelivery=ACTUAL_0001),
            split("0002", "0001", FEB, actualDelivery=ACTUAL_0002),
        ),
    )
    assert after(again) == first
    assert not [d for d in decisions(again) if d[1] == "history"]
    corrected = after(
        apply(
            first,
            message(
                split("0002", "0001", FEB, actualDelivery={"date": "2026-02-28", "quantity": "40"})
            ),
        )
    )
    assert history(corrected) == [("0001", "2026-01-31", "60"), ("0002", "2026-02-28", "40")]
    kept = after(apply(first, message(line("0001", JAN), split("0002", "0001", FEB))))
    assert history(kept) == history(first)


def test_actual_deliveries_drive_overdue_as_of_today() -> None:
    """With the actual deliveries against the planned ones, Tradecloud calculates which goods are
    overdue (receive-goods.md; D87): the split line's delivery stays overdue until its
    actualDelivery arrives."""
    as_of = datetime.date(2026, 3, 1)
    primary_only = apply(
        split_order(), message(line("0001", JAN, actualDelivery=ACTUAL_0001)), today=as_of
    )
    assert primary_only.today == as_of
    assert delivery_overdue(after(primary_only).lines[0], as_of)
    both = after(
        apply(
            after(primary_only),
            message(
                split("0002", "0001", FEB, actualDelivery={"date": "2026-02-28", "quantity": "40"})
            ),
            today=as_of,
        )
    )
    assert not delivery_overdue(both.lines[0], as_of)


def test_a_delivery_history_holds_at_most_100_deliveries() -> None:
    """At most 100 delivery history lines per line (order/buyer/update.md): an actualDelivery that
    would make it 101 is refused at its path (decision D111)."""
    entries = [{"date": "2026-01-01", "quantity": "1"}] * 100
    plain = after(apply(None, order_message(l0001={"deliveryHistory": entries})))
    with pytest.raises(InvalidInput) as raised:
        apply(plain, message(line("0001", JAN, actualDelivery=ACTUAL_0001)))
    assert [(p.path, p.code) for p in raised.value.problems] == [
        ("lines[0].actualDelivery", "collection.too-long")
    ]
    replaced = after(
        apply(after(apply(plain, message(line("0001", JAN)))), message(line("0001", JAN)))
    )
    assert len(history(replaced)) == 100


def test_scheduled_delivery_fields() -> None:
    """'date: Requested delivery date (yyyy-MM-dd)', 'quantity: Requested quantity (decimal)',
    'status: Logistics status of this scheduled delivery', 'transportMode'."""
    ok = {"date": "2026-01-31", "quantity": "1234.56", "status": "Shipped", "transportMode": "1"}
    assert validate("order/single-delivery", {
        "order": {"purchaseOrderNumber": PO}, "lines": [line("1", ok)],
    }) == ()  # fmt: skip
    bad = {"date": "2026-1-31", "quantity": "-1", "status": "Cancelled"}
    problems = validate("order/single-delivery", {
        "order": {"purchaseOrderNumber": PO}, "lines": [line("1", bad)],
    })  # fmt: skip
    assert [(p.path, p.code) for p in problems] == [
        ("lines[0].scheduledDelivery.date", "type.date"),
        ("lines[0].scheduledDelivery.quantity", "quantity.negative"),
        ("lines[0].scheduledDelivery.status", "enum.unknown"),
    ]


def test_at_most_100_deliveries_per_original_position() -> None:
    """'Provide only one scheduledDelivery per order line, with a maximum of 100 deliveries per
    originalPosition across all order lines.'"""
    delivery = {"date": "2026-01-31", "quantity": "1"}
    lines = [line("0001", delivery)] + [split(f"S{n}", "0001", delivery) for n in range(100)]
    problems = validate(
        "order/single-delivery", {"order": {"purchaseOrderNumber": PO}, "lines": lines}
    )
    assert [(p.path, p.code) for p in problems] == [
        ("lines[100].originalPosition", "collection.too-long")
    ]
    assert (
        validate(
            "order/single-delivery", {"order": {"purchaseOrderNumber": PO}, "lines": lines[:100]}
        )
        == ()
    )
    # Across messages too: the merged schedule holds at most 100 delivery lines.
    order = after(apply(None, message(*lines[:100])))
    with pytest.raises(InvalidInput) as raised:
        apply(order, message(split("S-more", "0001", delivery)))
    assert [(p.path, p.code) for p in raised.value.problems] == [
        ("lines[0].originalPosition", "collection.too-long")
    ]


def test_an_update_of_a_split_line_must_send_its_original_position() -> None:
    """'When updating a split order line in Tradecloud, the buyer's ERP system must include the
    originalPosition value that references the original line.'"""
    order = split_order()
    with pytest.raises(InvalidInput) as raised:
        apply(order, message(line("0002", FEB)))
    problem = raised.value.problems[0]
    assert (problem.path, problem.code) == (
        "lines[0].originalPosition",
        "single-delivery.original-position",
    )
    assert "'0001'" in problem.message
    updated = after(apply(order, message(split("0002", "0001", MAR))))
    assert schedule(updated, "0001")[1] == ("0002", "2026-03-31", "10")


def test_split_lines_that_do_not_fit_the_order_are_refused() -> None:
    """Decision D103: a split line needs an original line that is not itself a split line, keeps
    the original it has, and cannot be an order line of its own."""
    order = split_order()
    cases = {
        "names no line": message(split("0009", "0404", JAN)),
        "is itself a split line": message(split("0009", "0002", JAN)),
        "belongs to line": message(line("0003", MAR), split("0002", "0003", FEB)),
        "order line of its own": message(split("0003", "0001", MAR)),
    }
    for words, sent in cases.items():
        with pytest.raises(InvalidInput) as raised:
            apply(order, sent)
        assert {p.code for p in raised.value.problems} == {"single-delivery.original-position"}
        assert words in raised.value.problems[0].message
    # The SDK's sample body: a split line of a line that neither the order nor the message has.
    with pytest.raises(InvalidInput):
        apply(None, message(split("0002", "0001", JAN)))
    in_message = validate("order/single-delivery", {
        "order": {"purchaseOrderNumber": PO},
        "lines": [line("1", JAN), split("2", "1", FEB), split("3", "2", MAR)],
    })  # fmt: skip
    assert [(p.path, p.code) for p in in_message] == [
        ("lines[2].originalPosition", "single-delivery.original-position")
    ]


def test_single_delivery_lines_take_no_delivery_schedule_nor_history() -> None:
    """order/buyer/update.md: 'The deliveryHistory (multiple actual deliveries) field is not
    supported when using the single delivery feature.' (decision D104)"""
    problems = validate("order/single-delivery", {
        "order": {"purchaseOrderNumber": PO},
        "lines": [{
            "position": "1",
            "deliverySchedule": [{"position": "1", **JAN}],
            "deliveryHistory": [JAN],
        }],
    })  # fmt: skip
    assert [(p.path, p.code) for p in problems] == [
        ("lines[0].deliverySchedule", "single-delivery.unsupported"),
        ("lines[0].deliveryHistory", "single-delivery.unsupported"),
    ]
    history = order_message(l0001={"deliveryHistory": [JAN]})
    with pytest.raises(InvalidInput) as raised:
        apply(split_order(), history)
    assert [(p.path, p.code) for p in raised.value.problems] == [
        ("lines[0].deliveryHistory", "single-delivery.unsupported")
    ]


# -- what single delivery does not support ---------------------------------------------------------


def test_order_indicators_is_not_supported_for_single_delivery_orders() -> None:
    """indicators.md: 'The /order/indicators endpoint is not supported when using the single
    delivery feature.' It is refused, never silently applied."""
    body = {"order": {"purchaseOrderNumber": PO, "indicators": {"cancelled": True}}}
    indicators = parse_message("order/indicators", body)
    with pytest.raises(InvalidInput) as raised:
        apply(split_order(), indicators)
    assert [p.code for p in raised.value.problems] == ["single-delivery.unsupported"]
    assert "order/buyer/issue/indicators.md" in raised.value.problems[0].message
    plain = after(apply(None, order_message(l0001={})))
    assert apply(plain, indicators).http_status == 200


def test_deliveries_and_delivery_history_routes_are_not_supported_for_single_delivery() -> None:
    """receive-goods.md: 'The /order/deliveries endpoint is not supported when using the single
    delivery feature.' and the same of '/order/deliveryHistory'. For an order in single-delivery
    mode both routes are refused; for any other order they act on the delivery history
    (decisions D89, D104)."""
    assert set(UNSUPPORTED_ROUTES) == {
        "order/indicators",
        "order/deliveries",
        "order/deliveryHistory",
    }
    delivery = {"date": "2026-01-31", "quantity": "60"}
    bodies = {
        "order/deliveries": {"deliveries": [delivery]},
        "order/deliveryHistory": {"deliveryHistory": [delivery]},
    }
    plain = after(apply(None, order_message(l0001={})))
    for route, fields in bodies.items():
        sent = parse_message(
            route, {"order": {"purchaseOrderNumber": PO}, "lines": [{"position": "0001", **fields}]}
        )
        with pytest.raises(InvalidInput) as raised:
            apply(split_order(), sent)
        [problem] = raised.value.problems
        assert problem.code == "single-delivery.unsupported"
        assert "order/buyer/receive-goods.md" in problem.message
        accepted = apply(plain, sent)
        assert accepted.http_status == 200
        assert history(after(accepted)) == [(None, "2026-01-31", "60")]


def test_an_order_is_in_single_delivery_mode_once_sent_through_single_delivery() -> None:
    """Decision D100: order/single-delivery marks the order; /order keeps the mark; a state says
    so with buyerOrder.singleDeliveryPerOrderLine."""
    plain = after(
        apply(None, order_message(l0001={"deliverySchedule": [{"position": "1", **JAN}]}))
    )
    assert not is_single_delivery(plain)
    marked = after(apply(plain, message(line("0001", FEB))))
    assert is_single_delivery(marked)
    assert is_single_delivery(after(apply(marked, order_message(l0001={}))))
    state = dump_single_delivery_view(marked)["buyerOrder"]
    assert state["singleDeliveryPerOrderLine"] is True
    assert is_single_delivery(
        parse_order({"buyerOrder": {"purchaseOrderNumber": PO, "singleDeliveryPerOrderLine": True}})
    )


# -- the view: api/delivery-schedule.md, single-delivery-order(-response).md -----------------------


def test_the_view_shows_one_line_per_delivery_with_original_position() -> None:
    """'With either method, the current delivery information will be in the
    lines.statusLine.scheduledDelivery field.' and 'originalPosition: optional position
    referencing the original order line when the line has been split'."""
    assert view_rows(split_order()) == [
        ("0001", None, "2026-01-31", "60"),
        ("0002", "0001", "2026-02-28", "40"),
        ("0003", None, "2026-03-31", "10"),
    ]


def test_a_delivery_schedule_is_split_into_lines_with_empty_positions() -> None:
    """checklist.md: 'Tradecloud will automatically split delivery schedules into separate order
    lines in the communication with your ERP system'; 'Tradecloud creates new order lines with
    empty position values' that 'include an originalPosition reference' (decision D102)."""
    body = {"deliverySchedule": [{"position": "1", **JAN}, {"position": "2", **FEB}]}
    order = after(apply(None, order_message(l0001=body)))
    assert view_rows(order) == [
        ("0001", None, "2026-01-31", "60"),
        (None, "0001", "2026-02-28", "40"),
    ]


def respond(order: Order, schedule_: list[dict[str, Any]]) -> Order:
    body = {
        "order": {"buyerAccountNumber": "B-1", "purchaseOrderNumber": PO},
        "lines": [{"purchaseOrderLinePosition": "0001", "deliverySchedule": schedule_}],
    }
    return after(apply(order, parse_message("order-response", body)))


def test_status_line_holds_issued_confirmed_and_requested_values() -> None:
    """'lines.statusLine.scheduledDelivery: the current delivery line, either having Issued or
    Confirmed values.' 'lines.statusLine.scheduledDeliveryInclRequests: the current delivery line,
    either having Issued, InProgress requests or Confirmed values.' (and the same of prices)"""
    issued = after(apply(None, message(line("0001", JAN, prices=PRICE))))
    first = single_delivery_view(issued).lines[0].status_line
    jan = ViewDelivery(datetime.date(2026, 1, 31), Decimal(60))
    assert first.scheduled_delivery == first.scheduled_delivery_incl_requests == jan
    assert first.prices == first.prices_incl_requests == issued.lines[0].buyer_line.prices
    proposed = respond(issued, [{"position": "0001", "date": "2026-02-15", "quantity": "60"}])
    assert proposed.lines[0].status.in_progress_status is InProgressStatus.OPEN_SUPPLIER_PROPOSAL
    status_line = single_delivery_view(proposed).lines[0].status_line
    assert status_line.scheduled_delivery == jan
    assert status_line.scheduled_delivery_incl_requests == ViewDelivery(
        datetime.date(2026, 2, 15), Decimal(60)
    )
    approved = after(
        apply(proposed, parse_message("order/approve-proposal", {"linePositions": ["0001"]}))
    )
    confirmed = single_delivery_view(approved).lines[0].status_line
    assert confirmed.scheduled_delivery == confirmed.scheduled_delivery_incl_requests
    assert confirmed.scheduled_delivery == ViewDelivery(datetime.date(2026, 2, 15), Decimal(60))


def test_order_status_in_the_view_is_the_aggregate_of_all_lines() -> None:
    """'status.processStatus: is the aggregate of all lines statuses'."""
    order = split_order()
    view = single_delivery_view(order)
    assert isinstance(view, SingleDeliveryOrder)
    assert view.status.process_status is ProcessStatus.ISSUED
    assert all(v.status == order.lines[0].status for v in view.lines[:2])


def test_a_supplier_split_shows_an_empty_position_until_the_buyer_assigns_one() -> None:
    """'When a supplier splits an order line, the new line's position may be unassigned. The
    buyer's ERP system must assign a new unique position identifier to this split line and update
    it in Tradecloud.' and 'Position is empty in case of a newly split line.' (decision D105)"""
    issued = after(apply(None, message(line("0001", {"date": "2026-01-31", "quantity": "100"}))))
    proposed = respond(issued, [{"position": "0001", **JAN}, FEB])
    # The proposal's new delivery shows as a split line with only the requested values.
    assert view_rows(proposed) == [
        ("0001", None, "2026-01-31", "100"),
        (None, "0001", None, None),
    ]
    including = [
        (v.buyer_line.position, v.status_line.scheduled_delivery_incl_requests)
        for v in single_delivery_view(proposed).lines
    ]
    assert [position for position, _ in including] == ["0001", None]
    approved = after(
        apply(proposed, parse_message("order/approve-proposal", {"linePositions": ["0001"]}))
    )
    assert view_rows(approved) == [
        ("0001", None, "2026-01-31", "60"),
        (None, "0001", "2026-02-28", "40"),
    ]
    outcome = apply(approved, message(line("0001", JAN), split("0002", "0001", FEB)))
    assigned = after(outcome)
    assert view_rows(assigned) == [
        ("0001", None, "2026-01-31", "60"),
        ("0002", "0001", "2026-02-28", "40"),
    ]
    assert process(assigned) == {"0001": "Confirmed"}  # giving a position reopens nothing
    assert ("0002", "assign-position", "applied", "single-delivery.assign-position") in decisions(
        outcome
    )


# -- indicators.md, single delivery order line behavior -------------------------------------------


def test_cancelling_a_split_line_removes_it_from_the_original_schedule() -> None:
    """'When an individual order line is cancelled; Tradecloud will remove the split line from
    the orginal line's delivery schedule.'"""
    outcome = apply(split_order(), message(split("0002", "0001", indicators={"cancelled": True})))
    order = after(outcome)
    assert schedule(order, "0001") == [("0001", "2026-01-31", "60")]
    assert process(order) == {"0001": "Issued", "0003": "Issued"}
    assert ("0002", "cancel", "applied", "single-delivery.cancel-split") in decisions(outcome)
    assert view_rows(order)[:1] == [("0001", None, "2026-01-31", "60")]


def test_cancelling_all_primary_and_split_lines_cancels_the_order_line() -> None:
    """'When all primary and related split lines are cancelled; the primary order line will become
    cancelled.'"""
    cancel = {"cancelled": True}
    outcome = apply(
        split_order(),
        message(line("0001", indicators=cancel), split("0002", "0001", indicators=cancel)),
    )
    order = after(outcome)
    assert process(order) == {"0001": "Cancelled", "0003": "Issued"}
    assert len(schedule(order, "0001")) == 2  # the deliveries of a cancelled line stay
    assert ("0002", "cancel", "applied", "single-delivery.cancel-all") in decisions(outcome)
    by_order_level = after(
        apply(split_order(), message(line("0001"), split("0002", "0001"), cancelled=True))
    )
    assert process(by_order_level) == {"0001": "Cancelled", "0003": "Issued"}


def test_the_primary_line_is_not_cancelled_alone_while_split_lines_remain() -> None:
    """Decision D106."""
    outcome = apply(split_order(), message(line("0001", indicators={"cancelled": True})))
    order = after(outcome)
    assert process(order)["0001"] == "Issued"
    assert len(schedule(order, "0001")) == 2
    assert decisions(outcome) == [
        ("0001", "cancel", "refused", "single-delivery.cancel-primary.refused")
    ]


def test_cancel_line_when_missing_cancels_split_lines_left_out() -> None:
    """cancelLineWhenMissing: 'existing order lines positions are not present among incoming
    lines then they will be cancelled', split lines included (decision D110)."""
    outcome = apply(split_order(), message(line("0001", JAN), cancelLineWhenMissing=True))
    order = after(outcome)
    assert schedule(order, "0001") == [("0001", "2026-01-31", "60")]
    assert process(order) == {"0001": "Issued", "0003": "Cancelled"}


def test_completing_all_primary_and_split_lines_completes_the_order_line() -> None:
    """'When all primary and related split lines are completed; the primary order line will
    become completed.' On a part of them, nothing changes yet (decision D107)."""
    done = {"completed": True}
    partial = apply(split_order(), message(split("0002", "0001", indicators=done)))
    assert process(after(partial)) == {"0001": "Issued", "0003": "Issued"}
    assert decisions(partial) == [("0002", "complete", "skipped", "single-delivery.all-lines")]
    whole = apply(
        split_order(),
        message(line("0001", indicators=done), split("0002", "0001", indicators=done)),
    )
    assert process(after(whole)) == {"0001": "Completed", "0003": "Issued"}
    # Completing wins over cancelling: a split line cancelled beside a completed primary is
    # removed, and the primary completes what is left.
    mixed = after(
        apply(
            split_order(),
            message(
                line("0001", indicators=done), split("0002", "0001", indicators={"cancelled": True})
            ),
        )
    )
    assert process(mixed)["0001"] == "Completed"
    assert schedule(mixed, "0001") == [("0001", "2026-01-31", "60")]


def test_confirming_all_primary_and_split_lines_confirms_the_order_line() -> None:
    """'When all primary and related split lines are confirmed; the primary order line will
    become confirmed.'"""
    yes = {"confirmed": True}
    partial = apply(split_order(), message(line("0001", indicators=yes)))
    assert process(after(partial))["0001"] == "Issued"
    assert decisions(partial) == [("0001", "confirm", "skipped", "single-delivery.all-lines")]
    whole = after(
        apply(split_order(), message(line("0001"), split("0002", "0001"), confirmed=True))
    )
    assert process(whole) == {"0001": "Confirmed", "0003": "Issued"}


def test_a_reconfirmation_request_on_any_split_line_reopens_the_primary_line() -> None:
    """'When set on the primary or any related split line the primary order line will open a
    reconfirmation request'."""
    confirmed = after(
        apply(split_order(), message(line("0001"), split("0002", "0001"), confirmed=True))
    )
    order = after(
        apply(confirmed, message(split("0002", "0001", indicators={"requestReconfirmation": True})))
    )
    status = order.lines[0].status
    assert status.in_progress_status is InProgressStatus.OPEN_BUYER_RECONFIRMATION_REQUEST


@pytest.mark.parametrize(
    ("indicator", "logistics"), [("shipped", "Shipped"), ("delivered", "Delivered")]
)
def test_shipped_and_delivered_on_split_lines(indicator: str, logistics: str) -> None:
    """'When the primary or any related split lines is shipped; the corresponding delivery line
    will become shipped' (and delivered: receive-goods.md). The order line follows when all of
    them are; on a part, the delivery lines carry it and the line's logistics status is the least
    advanced of them (decisions D85, D108)."""
    flag = {indicator: True}
    partial = apply(split_order(), message(split("0002", "0001", indicators=flag)))
    line_0001 = after(partial).lines[0]
    assert line_0001.status.logistics_status.value == "Open"
    assert [(d.position, d.status) for d in line_0001.buyer_line.delivery_schedule] == [
        ("0001", None),
        ("0002", LogisticsStatus(logistics)),
    ]
    action = "ship" if indicator == "shipped" else "deliver"
    assert decisions(partial) == [
        ("0001", "logistics", "applied", "delivery-lines.logistics"),
        ("0002", action, "applied", "single-delivery.delivery-line-status"),
    ]
    whole = after(
        apply(
            split_order(),
            message(line("0001", indicators=flag), split("0002", "0001", indicators=flag)),
        )
    )
    assert whole.lines[0].status.logistics_status.value == logistics


def test_a_delivered_split_line_is_not_overdue_and_shipped_never_undoes_delivered() -> None:
    """A delivery line Delivered by its split line is never overdue (D87), though the primary's
    delivery still is; a later shipped on it leaves it Delivered (D108)."""
    delivered = after(
        apply(split_order(), message(split("0002", "0001", indicators={"delivered": True})))
    )
    as_of = datetime.date(2026, 3, 1)
    late = overdue_delivery_lines(delivered.lines[0], as_of)
    assert [(str(d.date), str(d.quantity)) for d in late] == [("2026-01-31", "60")]
    shipped = after(apply(delivered, message(split("0002", "0001", indicators={"shipped": True}))))
    assert shipped.lines[0].buyer_line.delivery_schedule[1].status is LogisticsStatus.DELIVERED


def test_scheduled_delivery_status_goes_onto_the_delivery_line() -> None:
    """'status: Logistics status of this scheduled delivery' (delivery-schedule.md): it is the
    status of the delivery line the scheduled delivery becomes; the line's logistics status
    follows from its delivery lines (D85, D108)."""
    order = after(
        apply(
            split_order(),
            message(
                line("0001", dict(JAN, status="Shipped")),
                split("0002", "0001", dict(FEB, status="Delivered", transportMode="1")),
            ),
        )
    )
    schedule_0001 = order.lines[0].buyer_line.delivery_schedule
    assert [d.status for d in schedule_0001] == [
        LogisticsStatus.SHIPPED,
        LogisticsStatus.DELIVERED,
    ]
    assert order.lines[0].status.logistics_status is LogisticsStatus.SHIPPED
    assert order.lines[0].status.process_status is ProcessStatus.ISSUED  # not a change of values
    shown = [
        (v.buyer_line.position, v.status_line.scheduled_delivery)
        for v in single_delivery_view(order).lines
    ]
    assert [(p, d.status if d else None) for p, d in shown] == [
        ("0001", LogisticsStatus.SHIPPED),
        ("0002", LogisticsStatus.DELIVERED),
        ("0003", None),
    ]
    dumped = dump_single_delivery_view(order)["lines"][1]["statusLine"]["scheduledDelivery"]
    assert dumped == {
        "date": "2026-02-28",
        "quantity": Decimal("40"),
        "status": "Delivered",
        "transportMode": "1",  # shown with the logistics fields (D140)
    }


def test_propose_when_accepted_on_any_split_line_is_set_on_the_primary_line() -> None:
    """'proposeWhenAccepted: When set on the primary or any related split line; the primary order
    line will open a proposal request when accepted' (noDeliveryExpected too: decision D109)."""
    order = after(
        apply(
            split_order(),
            message(
                line("0001", indicators={"proposeWhenAccepted": False}),
                split(
                    "0002",
                    "0001",
                    indicators={"proposeWhenAccepted": True, "noDeliveryExpected": True},
                ),
            ),
        )
    )
    settings = order.lines[0].buyer_line.indicators
    assert settings.propose_when_accepted is True
    assert settings.no_delivery_expected is True
    body = {
        "order": {"buyerAccountNumber": "B-1", "purchaseOrderNumber": PO},
        "lines": [{"purchaseOrderLinePosition": "0001", "indicators": {"accepted": True}}],
    }
    answered = after(apply(order, parse_message("order-response", body)))
    assert answered.lines[0].status.in_progress_status is InProgressStatus.OPEN_SUPPLIER_PROPOSAL


def test_removing_a_split_line_from_a_confirmed_line_asks_the_supplier() -> None:
    """Decision D106: the removal is an update of the original line's requested schedule, so a
    Confirmed line gets a buyer reopen request (order/buyer/update.md)."""
    confirmed = after(
        apply(split_order(), message(line("0001"), split("0002", "0001"), confirmed=True))
    )
    outcome = apply(confirmed, message(split("0002", "0001", indicators={"cancelled": True})))
    status = after(outcome).lines[0].status
    assert status.in_progress_status is InProgressStatus.OPEN_BUYER_REOPEN_REQUEST
    view = single_delivery_view(after(outcome))
    assert [v.buyer_line.position for v in view.lines[:2]] == ["0001", "0002"]
    assert view.lines[1].status_line.scheduled_delivery_incl_requests is None


# -- the same rules as /order --------------------------------------------------------------------


def test_a_single_delivery_message_is_applied_as_the_order_message_it_means() -> None:
    """order/single-delivery issues and updates through the /order rules: the same order, the
    same decisions, as the /order message with the same delivery lines."""
    sent = message(
        line("0001", JAN, prices=PRICE), line("0003", MAR, indicators={"cancelled": True})
    )
    ours = apply(None, sent)
    theirs = apply(
        None,
        order_message(
            l0001={"deliverySchedule": [{"position": "0001", **JAN}], "prices": PRICE},
            l0003={
                "deliverySchedule": [{"position": "0003", **MAR}],
                "indicators": {"cancelled": True},
            },
        ),
    )
    assert after(ours).lines == after(theirs).lines
    assert decisions(ours) == decisions(theirs)
    assert ours.rule.id == "single-delivery.accepted"
    assert [e.name for e in ours.events] == [e.name for e in theirs.events]
    assert all(d.result is not Result.SKIPPED for d in ours.decisions)


def test_line_fields_come_from_the_primary_line_else_from_a_split_line() -> None:
    """Decision D101: item, prices and documents of the order line come from the primary line
    when the message has it, else from the first split line that sends them."""
    higher = {"netPrice": {"priceInTransactionCurrency": {"value": "3", "currencyIso": "EUR"}}}
    both = after(
        apply(
            None,
            message(
                line("0001", JAN, prices=PRICE, item={"number": "A-1"}),
                split("0002", "0001", FEB, prices=higher, item={"number": "B-2"}),
            ),
        )
    )
    buyer = both.lines[0].buyer_line
    assert buyer.item is not None and buyer.item.number == "A-1"
    assert buyer.prices == both.lines[0].buyer_line.prices
    assert buyer.prices is not None and buyer.prices.net_price is not None
    net = buyer.prices.net_price.price_in_transaction_currency
    assert net is not None and net.value == Decimal("2.50")
    only_split = after(apply(both, message(split("0002", "0001", FEB, prices=higher))))
    net = only_split.lines[0].buyer_line.prices.net_price.price_in_transaction_currency  # type: ignore[union-attr]
    assert net is not None and net.value == Decimal(3)


def test_delivery_positions_of_several_lines_name_no_split_line() -> None:
    """Decision D102: a delivery line position that an order line has, or that delivery lines of
    several order lines have, shows as an empty position."""
    body = {"deliverySchedule": [{"position": "1", **JAN}, {"position": "2", **FEB}]}
    order = after(apply(None, order_message(l0001=body, l0002=body, l1=body)))
    marked = after(apply(order, message(line("0001", JAN))))
    assert [row[:2] for row in view_rows(marked)] == [
        ("0001", None),
        (None, "0001"),
        ("0002", None),
        (None, "0002"),
        ("1", None),
        (None, "1"),
    ]


# -- the command line ------------------------------------------------------------------------------


def test_cli_shows_the_single_delivery_view(tmp_path: Path) -> None:
    example = str(EXAMPLES / "split-line.single-delivery.json")
    out, err = io.StringIO(), io.StringIO()
    argv = ["apply", "order/single-delivery", example, "--view", "single-delivery"]
    assert main([*argv, "--format", "json"], stdout=out, stderr=err) == 0
    shape = json.loads(out.getvalue())
    view = shape["singleDeliveryOrder"]
    assert [
        (v["buyerLine"].get("position"), v["buyerLine"].get("originalPosition"))
        for v in view["lines"]
    ] == [
        ("0001", None),
        ("0002", "0001"),
        ("0003", None),
    ]
    state = tmp_path / "state.json"
    state.write_text(json.dumps(shape["order"]))
    indicators = tmp_path / "indicators.json"
    indicators.write_text(json.dumps({"order": {"purchaseOrderNumber": "PO-SD-1"}}))
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["apply", "order/indicators", str(indicators), "--state", str(state)],
        stdout=out,
        stderr=err,
    )
    assert code == 2
    assert "[single-delivery.unsupported]" in err.getvalue()
    out = io.StringIO()
    assert main(argv, stdout=out, stderr=io.StringIO()) == 0
    table = out.getvalue().split("single-delivery view:\n")[1].splitlines()
    assert table[2].split() == [
        "0002",
        "0001",
        "2026-03-30",
        "x",
        "40",
        "2026-03-30",
        "x",
        "40",
        "Issued/Open",
    ]


def test_a_message_for_another_order_is_refused_before_its_split_lines_are_read() -> None:
    """As /order (decision D9): the state given must be the message's order."""
    body = {"order": {"purchaseOrderNumber": "PO-OTHER"}, "lines": [split("0002", "0404", JAN)]}
    with pytest.raises(InvalidInput) as raised:
        apply(split_order(), parse_message("order/single-delivery", body))
    assert [p.code for p in raised.value.problems] == ["state.mismatch"]


def test_the_fields_no_rule_compares_reach_the_order_line() -> None:
    """A single-delivery line carries the /order line's other fields (description, item details,
    notes, terms, ...; decision D136): the primary line's win over a split line's, and changing
    only them moves no status and emits the update event, as on /order (D75)."""
    details = {"countryOfOriginCodeIso2": "NL", "batchNumber": "B-1"}
    first = apply(
        None,
        message(
            line("0001", JAN, description="Bracket", notes=["gate 4"], itemDetails=details),
            split("0002", "0001", FEB, description="from the split line", row="7"),
        ),
    )
    buyer = after(first).lines[0].buyer_line
    assert (buyer.description, buyer.notes, buyer.row) == ("Bracket", ("gate 4",), "7")
    assert buyer.item_details is not None and buyer.item_details.batch_number == "B-1"
    changed = apply(
        after(first),
        message(line("0001", JAN, description="Bracket, galvanised"), split("0002", "0001", FEB)),
    )
    assert after(changed).lines[0].buyer_line.description == "Bracket, galvanised"
    assert process(after(changed)) == process(after(first))
    assert [(d.position, d.rule.id) for d in changed.decisions] == [("0001", "update.fields")]
    assert [event.name for event in changed.events] == ["OrderLinesUpdatedByBuyer"]


def test_each_view_line_echoes_the_buyer_line_its_delivery_and_the_lines_own_fields() -> None:
    """single-delivery-order-response.md: "lines.buyerLine is an echo of your order line fields"
    and each line has "id", "lineType", "supplierLine", "confirmedLine", "eventDates",
    "lastUpdatedAt". A view line echoes its own scheduledDelivery and actualDelivery and the
    order line's other fields; only the primary line shows the order line's id (D141)."""
    sent = after(
        apply(
            split_order(),
            message(
                line(
                    "0001",
                    dict(JAN, transportMode="Road"),
                    actualDelivery=ACTUAL_0001,
                    prices=PRICE,
                    description="Bolts",
                    notes=["Pack per 10"],
                    lineType="Item",
                ),
                split("0002", "0001", FEB, actualDelivery=ACTUAL_0002),
            ),
            now=datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC),
        )
    )
    order = parse_order({**dump_order(sent), "id": "order-1"})
    order_line = order.lines[0]
    assert order_line.facts is not None
    order = attrs.evolve(
        order,
        lines=(
            attrs.evolve(order_line, facts=attrs.evolve(order_line.facts, id="line-1")),
            *order.lines[1:],
        ),
    )
    view = dump_single_delivery_view(order)
    assert view["id"] == "order-1"
    primary, split_line = view["lines"][:2]
    assert primary["buyerLine"]["scheduledDelivery"] == {
        "date": "2026-01-31",
        "quantity": Decimal("60"),
        "transportMode": "Road",
    }
    assert primary["buyerLine"]["actualDelivery"] == {
        "date": ACTUAL_0001["date"],
        "quantity": Decimal(ACTUAL_0001["quantity"]),
    }
    assert split_line["buyerLine"]["actualDelivery"] == {
        "date": ACTUAL_0002["date"],
        "quantity": Decimal(ACTUAL_0002["quantity"]),
    }
    for shown in (primary, split_line):
        assert shown["buyerLine"]["description"] == "Bolts"
        assert shown["buyerLine"]["notes"] == ["Pack per 10"]
        assert shown["buyerLine"]["prices"] == dump_order(order)["lines"][0]["buyerLine"]["prices"]
        assert shown["lineType"] == "Item"
        assert shown["lastUpdatedAt"] == "2026-01-05T09:30:00Z"
    assert primary["id"] == "line-1"
    assert "id" not in split_line
