"""Invariants over any order and any cancel/complete message (hypothesis)."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from tradecloud_domain import (
    Order,
    OrderIndicatorsMessage,
    OrderMessage,
    ProcessStatus,
    Result,
    apply,
    dump_order,
    parse_message,
    parse_order,
)
from tradecloud_domain.messages import LineIndicators, OrderIndicators
from tradecloud_domain.testing import indicator_bodies, order_bodies, orders

from .helpers import examples

#: The indicators these properties are about (the others have their own tests).
CANCEL_AND_COMPLETE = ("cancelled", "completed", "cancelLineWhenMissing")

ACTIVE = {
    ProcessStatus.ISSUED,
    ProcessStatus.IN_PROGRESS,
    ProcessStatus.REJECTED,
    ProcessStatus.CONFIRMED,
}


@st.composite
def indicators_cases(draw: st.DrawFn) -> tuple[Order, OrderIndicatorsMessage]:
    order = draw(orders())
    body = draw(indicator_bodies(order, indicators=CANCEL_AND_COMPLETE))
    if draw(st.booleans()):  # a position the order does not have
        body["lines"].append({"position": "ZZ9", "indicators": {"cancelled": True}})
    message = parse_message("order/indicators", body)
    assert isinstance(message, OrderIndicatorsMessage)
    return order, message


@st.composite
def order_cases(draw: st.DrawFn) -> tuple[Order | None, OrderMessage]:
    order = draw(st.one_of(st.none(), orders()))
    message = parse_message("order", draw(order_bodies(order, indicators=CANCEL_AND_COMPLETE)))
    assert isinstance(message, OrderMessage)
    return order, message


def effective(
    line: LineIndicators | None, header: OrderIndicators, name: str, order_applies: bool
) -> bool | None:
    """The indicator a line ends up with: its own when given, else the header's when in scope."""
    own = getattr(line, name) if line is not None else None
    if own is not None:
        return bool(own)
    value: bool | None = getattr(header, name)
    return value if order_applies else None


@given(indicators_cases())
def test_indicators_route_loses_no_line_and_mutates_nothing(
    case: tuple[Order, OrderIndicatorsMessage],
) -> None:
    order, message = case
    snapshot = copy.deepcopy(order)
    outcome = apply(order, message)
    assert order == snapshot
    assert outcome.order is not None
    assert [line.position for line in outcome.order.lines] == [
        line.position for line in order.lines
    ]


@given(order_cases())
def test_order_route_loses_no_line_and_mutates_nothing(
    case: tuple[Order | None, OrderMessage],
) -> None:
    order, message = case
    snapshot = copy.deepcopy(order)
    outcome = apply(order, message)
    assert order == snapshot
    assert outcome.order is not None
    before = [line.position for line in order.lines] if order else []
    new = [line.position for line in message.lines if line.position not in before]
    assert [line.position for line in outcome.order.lines] == before + new


@given(indicators_cases())
def test_indicators_route_end_states(case: tuple[Order, OrderIndicatorsMessage]) -> None:
    """Per line: effective completed -> Completed when possible; else effective cancelled ->
    Cancelled when possible; else untouched. Completed and Cancelled lines never change."""
    order, message = case
    outcome = apply(order, message)
    assert outcome.order is not None
    sent = {line.position: line.indicators for line in message.lines}
    header = message.order.indicators
    for before, after in zip(order.lines, outcome.order.lines, strict=True):
        own = sent.get(before.position)
        completed = effective(own, header, "completed", True)
        cancelled = effective(own, header, "cancelled", True)
        if before.status.process_status not in ACTIVE:
            assert after == before
        elif completed:
            assert after.status.process_status is ProcessStatus.COMPLETED
        elif cancelled:
            assert after.status.process_status is ProcessStatus.CANCELLED
        else:
            assert after == before


@given(order_cases())
def test_order_route_scope(case: tuple[Order | None, OrderMessage]) -> None:
    """Lines left out of /order change only through cancelLineWhenMissing; sent lines that end up
    with an effective cancelled (and no completed) are Cancelled when they could be."""
    order, message = case
    outcome = apply(order, message)
    assert outcome.order is not None
    header = message.order.indicators
    sent = {line.position: line for line in message.lines}
    after = {line.position: line for line in outcome.order.lines}
    for line in order.lines if order else ():
        result = after[line.position]
        if line.status.process_status is ProcessStatus.COMPLETED:
            assert result.status == line.status
        if line.position not in sent:
            if header.cancel_line_when_missing and line.status.process_status in ACTIVE:
                assert result.status.process_status is ProcessStatus.CANCELLED
            else:
                assert result == line
    for position, sent_line in sent.items():
        completed = effective(sent_line.indicators, header, "completed", True)
        cancelled = effective(sent_line.indicators, header, "cancelled", True)
        status = after[position].status.process_status
        if completed and status is not ProcessStatus.CANCELLED:
            assert status is ProcessStatus.COMPLETED
        elif cancelled and not completed and status is not ProcessStatus.COMPLETED:
            assert status is ProcessStatus.CANCELLED


@given(indicators_cases())
def test_indicators_route_is_idempotent_and_deterministic(
    case: tuple[Order, OrderIndicatorsMessage],
) -> None:
    order, message = case
    first = apply(order, message)
    assert apply(order, message) == first
    assert first.order is not None
    again = apply(first.order, message)
    assert again.order == first.order
    assert all(d.result is not Result.APPLIED or d.before == d.after for d in again.decisions)


@given(order_cases())
def test_order_route_is_idempotent_and_deterministic(
    case: tuple[Order | None, OrderMessage],
) -> None:
    order, message = case
    first = apply(order, message)
    assert apply(order, message) == first
    assert first.order is not None
    assert apply(first.order, message).order == first.order


# 50: each example writes and reads a whole order; the routes' own properties cover the rest.
@settings(max_examples=examples(50))
@given(st.one_of(indicators_cases(), order_cases()))
def test_outcome_order_round_trips_through_json(case: tuple[Order | None, object]) -> None:
    order, message = case
    outcome = apply(order, message)  # type: ignore[arg-type]
    assert outcome.order is not None
    assert parse_order(dump_order(outcome.order)) == outcome.order


@given(indicators_cases())
def test_every_decision_is_about_a_line_and_names_a_rule(
    case: tuple[Order, OrderIndicatorsMessage],
) -> None:
    order, message = case
    outcome = apply(order, message)
    positions = {line.position for line in order.lines} | {line.position for line in message.lines}
    for decision in outcome.decisions:
        assert decision.position in positions
        assert decision.rule.page and decision.reason
