"""Every buyer indicator (order/buyer/issue/indicators.md, complete.md, receive-goods.md), the
revert actions, and the events a change emits (connectors/webhooks/order-events.md)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecloud_domain import (
    ConfirmedLine,
    InProgressStatus,
    InvalidInput,
    LineStatus,
    LogisticsStatus,
    Order,
    ProcessStatus,
    Result,
    apply,
    parse_message,
)
from tradecloud_domain.machine import INDICATORS, PRECEDENCE, Trigger, step
from tradecloud_domain.messages import LineIndicators, OrderIndicators
from tradecloud_domain.testing import PURCHASE_ORDER_NUMBER, orders

from .helpers import STATUS, indicators, order, order_message, process, rules

ALL = list(STATUS)


def events(outcome: object) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.name, e.positions) for e in outcome.events]  # type: ignore[attr-defined]


def with_logistics(status: str, logistics: LogisticsStatus) -> Order:
    base = order(status)
    line = base.lines[0]
    return attrs.evolve(
        base,
        lines=(attrs.evolve(line, status=attrs.evolve(line.status, logistics_status=logistics)),),
    )


# -- the indicator table and the message classes agree -------------------------------------------


def test_message_classes_carry_exactly_the_documented_indicators() -> None:
    line_fields = {a.name for a in attrs.fields(LineIndicators)}
    order_fields = {a.name for a in attrs.fields(OrderIndicators)}
    assert line_fields == {i.attribute for i in INDICATORS if "line" in i.levels}
    assert order_fields == {i.attribute for i in INDICATORS if "order" in i.levels}


# -- confirmed -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ALL)
def test_confirmed_only_from_issued(status: str) -> None:
    """ "The order or line must have process status Issued and will become Confirmed"."""
    before = order(status)
    outcome = apply(before, indicators(l0001={"confirmed": True}))
    assert outcome.order is not None
    line = outcome.order.lines[0]
    if status == "Issued":
        assert line.status.process_status is ProcessStatus.CONFIRMED
        assert line.confirmed_line is not None
        assert line.confirmed_line == ConfirmedLine.of(
            line.buyer_line.delivery_schedule, line.buyer_line.prices
        )
        assert events(outcome) == [("OrderLinesConfirmedByBuyer", ("0001",))]
    else:
        assert line == before.lines[0]
        assert rules(outcome) == {"0001": ["confirm.refused"]}
        assert outcome.events == ()


# -- requestReconfirmation -----------------------------------------------------------------------


@pytest.mark.parametrize("status", ALL)
def test_request_reconfirmation_only_from_confirmed(status: str) -> None:
    """ "The order or line must have process status Confirmed and will become InProgress. The
    inProgressStatus will become OpenBuyerReconfirmationRequest"."""
    before = order(status)
    outcome = apply(before, order_message({"requestReconfirmation": True}, l0001={}))
    assert outcome.order is not None
    after = outcome.order.lines[0].status
    if status == "Confirmed":
        assert after.process_status is ProcessStatus.IN_PROGRESS
        assert after.in_progress_status is InProgressStatus.OPEN_BUYER_RECONFIRMATION_REQUEST
        assert after.logistics_status is before.lines[0].status.logistics_status
        assert events(outcome) == [("OrderLinesReconfirmationRequestedByBuyer", ("0001",))]
    else:
        assert after == before.lines[0].status
        assert rules(outcome) == {"0001": ["request-reconfirmation.refused"]}


# -- shipped and delivered -----------------------------------------------------------------------

OPEN_LOGISTICS = [s for s in LogisticsStatus if s is not LogisticsStatus.CANCELLED]


@pytest.mark.parametrize("logistics", OPEN_LOGISTICS)
def test_shipped(logistics: LogisticsStatus) -> None:
    """ "The order or line having logistics status Open, Produced, ReadyToShip will become
    Shipped"."""
    outcome = apply(with_logistics("Confirmed", logistics), indicators({"shipped": True}))
    assert outcome.order is not None
    after = outcome.order.lines[0].status
    if logistics in (LogisticsStatus.OPEN, LogisticsStatus.PRODUCED, LogisticsStatus.READY_TO_SHIP):
        assert after.logistics_status is LogisticsStatus.SHIPPED
        assert after.process_status is ProcessStatus.CONFIRMED
        assert events(outcome) == [("OrderLinesShippedByBuyer", ("0001",))]
    else:
        assert after.logistics_status is logistics
        assert rules(outcome) == {"0001": ["ship.refused"]}


@pytest.mark.parametrize("logistics", OPEN_LOGISTICS)
def test_delivered(logistics: LogisticsStatus) -> None:
    """ "The order or line having logistics status Open, Produced, ReadyToShip or Shipped will
    become Delivered"."""
    outcome = apply(with_logistics("Issued", logistics), indicators(l0001={"delivered": True}))
    assert outcome.order is not None
    after = outcome.order.lines[0].status
    if logistics is LogisticsStatus.DELIVERED:
        assert rules(outcome) == {"0001": ["deliver.refused"]}
    else:
        assert after.logistics_status is LogisticsStatus.DELIVERED
        assert events(outcome) == [("OrderLinesMarkedAsDeliveredByBuyer", ("0001",))]


def test_cancelled_lines_are_not_shipped_or_delivered() -> None:
    before = order("Cancelled")
    for name, rule in (("shipped", "ship.refused"), ("delivered", "deliver.refused")):
        outcome = apply(before, indicators({name: True}))
        assert outcome.order == before
        assert rules(outcome) == {"0001": [rule]}


# -- precedence between indicators (decision D15) ------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"completed": True, "cancelled": True}, "complete"),
        ({"cancelled": True, "confirmed": True}, "cancel"),
        ({"confirmed": True, "requestReconfirmation": True}, "confirm"),
        ({"completed": True, "requestReconfirmation": True}, "complete"),
    ],
)
def test_process_indicators_precedence(sent: dict[str, bool], expected: str) -> None:
    outcome = apply(order("Issued"), indicators(l0001=sent))
    (decision,) = outcome.decisions
    assert decision.rule.id == expected
    assert "only the strongest" in decision.reason or "completing wins" in decision.reason


def test_a_refused_stronger_indicator_does_not_hide_an_applicable_one() -> None:
    """indicators.md gives each indicator its own starting status: `confirmed` "must have process
    status Issued", `requestReconfirmation` "must have process status Confirmed". On a Confirmed
    line the reconfirmation request applies, so it acts (decision D15)."""
    outcome = apply(
        order("Confirmed"), indicators(l0001={"confirmed": True, "requestReconfirmation": True})
    )
    (decision,) = outcome.decisions
    assert (decision.action, decision.result, decision.rule.id) == (
        "request_reconfirmation",
        Result.APPLIED,
        "request-reconfirmation",
    )
    assert decision.note is not None and decision.note.id == "precedence.indicators"
    assert outcome.order is not None
    assert outcome.order.lines[0].status.in_progress_status is (
        InProgressStatus.OPEN_BUYER_RECONFIRMATION_REQUEST
    )
    # On an Issued line the stronger one applies and acts.
    issued = apply(
        order("Issued"), indicators(l0001={"confirmed": True, "requestReconfirmation": True})
    )
    assert rules(issued) == {"0001": ["confirm"]}
    # Neither applies to a Rejected line: the strongest one's refusal is what is recorded.
    rejected = apply(
        order("Rejected"), indicators(l0001={"confirmed": True, "requestReconfirmation": True})
    )
    assert rules(rejected) == {"0001": ["confirm.refused"]}


def test_order_level_confirmed_beside_a_line_level_reconfirmation_request() -> None:
    """Line indicators "have precedence over (overrule) order indicators" (indicators.md), and the
    order-level `confirmed` does not apply to a Confirmed line: the line's request acts."""
    outcome = apply(
        order("Confirmed", "Issued"),
        indicators({"confirmed": True}, l0001={"requestReconfirmation": True}),
    )
    assert rules(outcome) == {"0001": ["request-reconfirmation"], "0002": ["confirm"]}
    (first, _) = outcome.decisions
    assert first.scope is not None and first.scope.id == "scope.line"


def test_delivered_wins_over_shipped() -> None:
    outcome = apply(order("Confirmed"), indicators({"shipped": True, "delivered": True}))
    assert outcome.order is not None
    assert outcome.order.lines[0].status.logistics_status is LogisticsStatus.DELIVERED
    assert rules(outcome) == {"0001": ["deliver"]}


def test_cancelled_and_shipped_together() -> None:
    """The process group acts first: the cancelled line is then refused the shipment."""
    outcome = apply(order("Confirmed"), indicators(l0001={"cancelled": True, "shipped": True}))
    assert process(outcome) == {"0001": "Cancelled"}
    assert rules(outcome) == {"0001": ["cancel", "ship.refused"]}


def test_confirm_and_ship_in_one_message() -> None:
    outcome = apply(order("Issued"), indicators({"confirmed": True, "shipped": True}))
    assert outcome.order is not None
    status = outcome.order.lines[0].status
    assert (status.process_status, status.logistics_status) == (
        ProcessStatus.CONFIRMED,
        LogisticsStatus.SHIPPED,
    )
    assert [e.name for e in outcome.events] == [
        "OrderLinesConfirmedByBuyer",
        "OrderLinesShippedByBuyer",
    ]


# -- stored settings -----------------------------------------------------------------------------


def test_settings_are_stored_on_order_route() -> None:
    outcome = apply(
        None,
        order_message(
            {"autoConfirm": True},
            l0001={"indicators": {"noDeliveryExpected": True, "proposeWhenAccepted": True}},
        ),
    )
    assert outcome.order is not None
    assert outcome.order.buyer_order.indicators.auto_confirm is True
    settings = outcome.order.lines[0].buyer_line.indicators
    assert (settings.no_delivery_expected, settings.propose_when_accepted) == (True, True)


def test_settings_are_stored_on_indicators_route_without_status_change() -> None:
    before = order("Confirmed")
    outcome = apply(before, indicators({"autoConfirm": True}, l0001={"proposeWhenAccepted": True}))
    assert outcome.order is not None
    assert outcome.order.buyer_order.indicators.auto_confirm is True
    line = outcome.order.lines[0]
    assert line.buyer_line.indicators.propose_when_accepted is True
    assert line.status == before.lines[0].status
    assert rules(outcome) == {"0001": ["setting.stored"]}
    assert outcome.events == ()


def test_settings_left_out_keep_their_value() -> None:
    first = apply(
        None,
        order_message({"autoConfirm": True}, l0001={"indicators": {"noDeliveryExpected": True}}),
    )
    assert first.order is not None
    again = apply(first.order, order_message(l0001={}))
    assert again.order == first.order


# -- reverts --------------------------------------------------------------------------------------


def revert(route: str, *positions: str) -> object:
    return parse_message(
        route, {"linePositions": list(positions), "reason": "by mistake", "version": 3}
    )


def test_revert_cancelled_lines() -> None:
    before = order("Cancelled", "Completed", "Cancelled")
    outcome = apply(before, revert("order/revert-cancelled-lines", "0001", "0002", "0042"))  # type: ignore[arg-type]
    assert outcome.order is not None
    first, second, third = outcome.order.lines
    assert first.status == LineStatus(
        ProcessStatus.IN_PROGRESS, LogisticsStatus.OPEN, InProgressStatus.REVERTED_CANCELLED_LINE
    )
    assert second == before.lines[1]
    assert third == before.lines[2]  # not named, not touched
    assert [(d.position, d.result, d.rule.id) for d in outcome.decisions] == [
        ("0001", Result.APPLIED, "revert-cancellation"),
        ("0002", Result.REFUSED, "revert-cancellation.refused"),
        ("0042", Result.REFUSED, "position.unknown"),
    ]
    assert events(outcome) == [("CancelledOrderLinesRevertedByBuyer", ("0001",))]


def test_revert_completed_lines_keeps_logistics() -> None:
    before = order("Completed", "Issued")
    outcome = apply(before, revert("order/revert-completed-lines", "0001", "0002"))  # type: ignore[arg-type]
    assert outcome.order is not None
    status = outcome.order.lines[0].status
    assert status.in_progress_status is InProgressStatus.REVERTED_COMPLETED_LINE
    assert status.logistics_status is LogisticsStatus.DELIVERED
    assert rules(outcome) == {"0001": ["revert-completion"], "0002": ["revert-completion.refused"]}
    assert events(outcome) == [("CompletedOrderLinesRevertedByBuyer", ("0001",))]


def test_revert_without_an_order_is_404() -> None:
    outcome = apply(None, revert("order/revert-cancelled-lines", "0001"))  # type: ignore[arg-type]
    assert (outcome.http_status, outcome.order, outcome.rule.id) == (
        404,
        None,
        "line-action.not-found",
    )


def test_revert_body_problems() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_message(
            "order/revert-completed-lines", {"linePositions": ["1", "1", "a b"], "version": 1.5}
        )
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("linePositions[1]", "position.duplicate"),
        ("linePositions[2]", "identifier.whitespace"),
        ("version", "type.integer"),
    ]


def test_revert_then_cancel_again() -> None:
    reverted = apply(order("Cancelled"), revert("order/revert-cancelled-lines", "0001")).order  # type: ignore[arg-type]
    assert reverted is not None
    assert process(apply(reverted, indicators({"cancelled": True}))) == {"0001": "Cancelled"}


# -- events ----------------------------------------------------------------------------------------


def test_events_group_positions_per_event_in_order() -> None:
    outcome = apply(
        order("Issued", "Confirmed", "Completed", "Issued"),
        indicators({"cancelled": True}, l0004={"completed": True}),
    )
    assert events(outcome) == [
        ("OrderLinesCancelledByBuyer", ("0001", "0002")),
        ("OrderLinesCompletedByBuyer", ("0004",)),
    ]


def test_refused_and_skipped_steps_emit_nothing() -> None:
    outcome = apply(
        order("Completed", "Issued"), indicators({"cancelled": True}, l0002={"cancelled": False})
    )
    assert outcome.events == ()


def test_update_events() -> None:
    base = apply(None, order_message(l0001={}, l0002={})).order
    assert base is not None
    outcome = apply(base, order_message(l0001={"item": {"name": "new"}}, l0003={}))
    assert events(outcome) == [
        ("OrderLinesReissuedByBuyer", ("0001",)),
        ("OrderLinesIssuedByBuyer", ("0003",)),
    ]


# -- properties per indicator ---------------------------------------------------------------

ACTING = [i for group in PRECEDENCE for i in group]


@given(
    orders(),
    st.sampled_from(ACTING),
    st.sampled_from([None, True, False]),
    st.data(),
)
def test_each_indicator_scope_precedence_and_refusals(
    before: Order, indicator: object, order_value: bool | None, data: st.DataObject
) -> None:
    """For one indicator alone on /order/indicators: a line acts when its effective value is true
    (its own value, else the order's), and then ends where the machine says; a refused or
    untouched line does not change at all. Sending the message again changes nothing more."""
    name = indicator.name  # type: ignore[attr-defined]
    trigger: Trigger = indicator.trigger  # type: ignore[attr-defined]
    own = {
        line.position: data.draw(st.sampled_from([None, True, False]), label=line.position)
        for line in before.lines
    }
    body = {
        "order": {
            "purchaseOrderNumber": PURCHASE_ORDER_NUMBER,
            "indicators": {} if order_value is None else {name: order_value},
        },
        "lines": [
            {"position": p, "indicators": {name: v}} for p, v in own.items() if v is not None
        ],
    }
    message = parse_message("order/indicators", body)
    outcome = apply(before, message)
    assert outcome.order is not None
    for line, after in zip(before.lines, outcome.order.lines, strict=True):
        value = own[line.position] if own[line.position] is not None else order_value
        result = step(line.status, trigger)
        if value and result.allowed:
            assert after.status == result.after
        else:
            assert after.status == line.status
    again = apply(outcome.order, message)
    assert again.order == outcome.order
