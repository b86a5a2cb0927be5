"""The public test-oracle kit works as documented, and its oracle can fail."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from tradecloud_domain import (
    LineStatus,
    LogisticsStatus,
    Order,
    ProcessStatus,
    Route,
    apply,
    dump_order,
    parse_message,
    parse_order,
    validate,
)
from tradecloud_domain.testing import (
    OrderProcessOracle,
    first_difference,
    indicator_bodies,
    message_bodies,
    order_bodies,
    orders,
)
from tradecloud_domain.testing.oracle import check_invariants

from .helpers import examples


@given(st.from_type(Order))
def test_orders_are_registered_for_from_type_and_valid(order: Order) -> None:
    check_invariants(order)
    assert parse_order(dump_order(order)) == order


@given(orders(min_lines=1, max_lines=3, processes=[ProcessStatus.CONFIRMED]))
def test_knobs_size_and_statuses(order: Order) -> None:
    assert 1 <= len(order.lines) <= 3
    assert {line.status.process_status for line in order.lines} == {ProcessStatus.CONFIRMED}


@given(st.data(), orders(min_lines=1))
def test_knob_indicators(data: st.DataObject, order: Order) -> None:
    body = data.draw(indicator_bodies(order, indicators=["shipped"]))
    named = set(body["order"]["indicators"]) | {
        k for line in body["lines"] for k in line["indicators"]
    }
    assert named <= {"shipped"}
    plain = data.draw(order_bodies(order, indicators=()))
    assert "indicators" not in plain["order"]
    assert all("indicators" not in line for line in plain["lines"])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), orders(min_lines=1), st.sampled_from(list(Route)))
def test_message_bodies_are_valid_and_name_real_lines(
    data: st.DataObject, order: Order, route: Route
) -> None:
    body = data.draw(message_bodies(route, order))
    assert validate(route, body) == ()
    message = parse_message(route, body)
    outcome = apply(order, message)
    assert outcome.http_status == 200
    positions = {line.position for line in order.lines}
    if route not in (Route.ORDER, Route.ORDER_SINGLE_DELIVERY):  # both may issue new lines
        named = (
            [line["purchaseOrderLinePosition"] for line in body["lines"]]
            if route is Route.ORDER_RESPONSE
            else body["linePositions"]
            if "linePositions" in body
            else [line["position"] for line in body.get("lines", ())]
        )
        assert set(named) <= positions


def test_first_difference_names_line_field_expected_and_got() -> None:
    expected = apply(
        None,
        parse_message(
            "order", {"order": {"purchaseOrderNumber": "P"}, "lines": [{"position": "1"}]}
        ),
    ).order
    assert expected is not None
    line = expected.lines[0]
    wrong = attrs.evolve(
        expected,
        lines=(
            attrs.evolve(line, status=LineStatus(ProcessStatus.CONFIRMED, LogisticsStatus.OPEN)),
        ),
    )
    assert first_difference(expected, expected) is None
    assert first_difference(expected, wrong) == (
        "line 1: status.processStatus expected 'Issued', got 'Confirmed'"
    )
    assert "missing ['1']" in (first_difference(expected, attrs.evolve(expected, lines=())) or "")


class ForgetsOrderLevelCancel(OrderProcessOracle):
    """A system under test with a bug: it ignores an order-level cancelled on /order/indicators."""

    def deliver(
        self, route: str, body: dict[str, Any], state: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        order = None if state is None else parse_order(state)
        if route == "order/indicators" and body["order"].get("indicators", {}).get("cancelled"):
            body = {**body, "order": {**body["order"], "indicators": {}}}
        outcome = apply(order, parse_message(route, body))
        return None if outcome.order is None else dump_order(outcome.order)


class Faithful(ForgetsOrderLevelCancel):
    """The same system without the bug."""

    def deliver(
        self, route: str, body: dict[str, Any], state: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        order = None if state is None else parse_order(state)
        outcome = apply(order, parse_message(route, body))
        return None if outcome.order is None else dump_order(outcome.order)


def test_the_oracle_reports_a_buggy_system_in_words() -> None:
    # Without shrinking: finding the bug takes a second, shrinking its example took minutes, and
    # the report names the first field that differs whichever example found it.
    with pytest.raises(
        AssertionError, match=r"after order/indicators: line \S+: [\w.]+ expected .+, got "
    ):
        run_state_machine_as_test(
            ForgetsOrderLevelCancel,
            settings=settings(
                max_examples=300,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate],
            ),
        )


def test_the_oracle_accepts_a_faithful_system() -> None:
    # 30 runs of up to 50 steps: the oracle's comparison, not the rules (tests/test_stateful.py).
    run_state_machine_as_test(
        Faithful,
        settings=settings(
            max_examples=examples(30), deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
