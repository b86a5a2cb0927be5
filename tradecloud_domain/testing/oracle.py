"""A hypothesis state machine that drives random sequences of buyer and supplier messages.

The library keeps the *expected* order. Each step draws a valid message body for the order as it
stands, applies it, and, through :meth:`OrderProcessOracle.deliver`, gives the same body to the
system under test; whatever order that system then shows is compared with the expected one and the
first difference is reported in words (line, field, expected, got). After every step the rules'
invariants are checked on the expected order.

Integrators subclass it and override :meth:`~OrderProcessOracle.deliver`; the library's own
stateful test runs the class as it is (``deliver`` returns nothing to compare).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ..apply import Outcome, apply
from ..codec import dump_order, dump_outcome, parse_message, parse_order
from ..entities import Line, Order
from ..machine import LINE_ACTIONS
from ..statuses import ProcessStatus, RequestStatus, Route
from .strategies import (
    delivery_bodies,
    indicator_bodies,
    line_action_bodies,
    order_bodies,
    response_bodies,
)

__all__ = ["OrderProcessOracle", "check_invariants", "check_step", "first_difference"]

_ENDED = (ProcessStatus.COMPLETED, ProcessStatus.CANCELLED)
_REVERTS = (Route.REVERT_CANCELLED_LINES, Route.REVERT_COMPLETED_LINES)


def _describe(line: Line) -> dict[str, Any]:
    """The fields of a line that the process decides, as JSON values, by name."""
    shape = dump_order(Order(_HEADER, (line,)))["lines"][0]
    flat: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, f"{path}.{key}" if path else key)
        else:
            flat[path] = value

    walk(shape, "")
    return flat


def first_difference(expected: Order, observed: Order) -> str | None:
    """The first way ``observed`` differs from ``expected``, in words; ``None`` when equal."""
    if expected == observed:
        return None
    want = [line.position for line in expected.lines]
    got = [line.position for line in observed.lines]
    if want != got:
        missing = [p for p in want if p not in got]
        extra = [p for p in got if p not in want]
        return (
            f"lines: expected positions {want}, got {got} (missing {missing}, unexpected {extra})"
        )
    for expected_line, observed_line in zip(expected.lines, observed.lines, strict=True):
        if expected_line == observed_line:
            continue
        a, b = _describe(expected_line), _describe(observed_line)
        for field in sorted(set(a) | set(b)):
            if a.get(field) != b.get(field):
                return (
                    f"line {expected_line.position}: {field} expected {a.get(field)!r}, "
                    f"got {b.get(field)!r}"
                )
    if expected.buyer_order != observed.buyer_order:
        return f"order header: expected {expected.buyer_order}, got {observed.buyer_order}"
    return "orders differ"  # pragma: no cover - every field is compared above


def check_invariants(order: Order) -> None:
    """The rules' invariants on one order (raise AssertionError naming the line)."""
    for line in order.lines:
        status = line.status
        where = f"line {line.position}"
        assert (status.process_status is ProcessStatus.IN_PROGRESS) == (
            status.in_progress_status is not None
        ), f"{where}: in-progress status {status.in_progress_status} with {status.process_status}"
        if status.process_status is ProcessStatus.CONFIRMED:
            assert line.confirmed_line is not None, f"{where}: Confirmed without confirmed values"
        requests = [line.buyer_line.requests.reopen_request]
        if line.supplier_line is not None:
            requests += [
                line.supplier_line.requests.proposal,
                line.supplier_line.requests.reopen_request,
            ]
        if any(r is not None and r.status is RequestStatus.OPEN for r in requests):
            assert status.process_status is ProcessStatus.IN_PROGRESS, (
                f"{where}: an open request on a {status.process_status} line"
            )


def check_step(before: Order | None, route: Route, outcome: Outcome) -> None:
    """What every step keeps: no line lost, ended lines stay ended (but for reverts), the
    outcome's JSON reads back to the same order, every decision names a rule and a source."""
    after = outcome.order
    if before is not None and after is not None:
        kept = [line.position for line in after.lines][: len(before.lines)]
        assert kept == [line.position for line in before.lines], "a line was lost or moved"
        if route not in _REVERTS:
            for old, new in zip(before.lines, after.lines, strict=False):
                if old.status.process_status in _ENDED:
                    assert new.status.process_status is old.status.process_status, (
                        f"line {old.position}: {old.status.process_status} changed"
                    )
    if after is not None:
        assert parse_order(dump_outcome(outcome)["order"]) == after
    for decision in outcome.decisions:
        assert decision.rule.page and decision.reason


_HEADER = parse_order({"buyerOrder": {"purchaseOrderNumber": "X"}}).buyer_order
_ANSWERS = sorted(LINE_ACTIONS, key=lambda route: route.value)


class OrderProcessOracle(RuleBasedStateMachine):
    """Random sequences of ``/order``, ``/order/indicators``, ``/order-response``, the portal's
    line actions and the buyer's goods receipts on one order, with the library as the oracle.

    Override :meth:`deliver` to send each message to the system under test.
    """

    def __init__(self) -> None:
        super().__init__()
        self.expected: Order | None = None
        self.history: list[str] = []

    def deliver(
        self, route: str, body: dict[str, Any], state: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """Give ``body`` for ``route`` to the system under test, whose order was ``state``
        (read-model JSON, ``None`` before the first message). Return the order the system shows
        afterwards as read-model JSON to have it compared, or ``None`` to compare nothing."""
        return None

    def send(self, route: Route, body: dict[str, Any]) -> Outcome:
        """Apply ``body`` to the expected order, deliver it, compare, and move on."""
        before = self.expected
        outcome = apply(before, parse_message(route, body))
        self.history.append(f"{route.value} {body}")
        observed = self.deliver(route.value, body, None if before is None else dump_order(before))
        if observed is not None and outcome.order is not None:
            difference = first_difference(outcome.order, parse_order(observed))
            if difference is not None:
                raise AssertionError(f"after {route.value}: {difference}")
        check_step(before, route, outcome)
        if outcome.order is not None:
            self.expected = outcome.order
        return outcome

    @initialize(data=st.data())
    def issue(self, data: st.DataObject) -> None:
        """The buyer issues a new order."""
        self.send(Route.ORDER, data.draw(order_bodies(None, indicators=()), label="issue"))

    @rule(data=st.data())
    def buyer_sends_order(self, data: st.DataObject) -> None:
        """The buyer updates the order, adds lines, or sends indicators with it."""
        self.send(Route.ORDER, data.draw(order_bodies(self.expected), label="order"))

    @precondition(lambda self: self.expected is not None)
    @rule(data=st.data())
    def buyer_sends_indicators(self, data: st.DataObject) -> None:
        """The buyer sends indicators only."""
        assert self.expected is not None
        body = data.draw(indicator_bodies(self.expected), label="indicators")
        self.send(Route.ORDER_INDICATORS, body)

    @precondition(lambda self: self.expected is not None and bool(self.expected.lines))
    @rule(data=st.data())
    def supplier_responds(self, data: st.DataObject) -> None:
        """The supplier answers some lines."""
        assert self.expected is not None
        body = data.draw(response_bodies(self.expected), label="response")
        self.send(Route.ORDER_RESPONSE, body)

    @precondition(lambda self: self.expected is not None and bool(self.expected.lines))
    @rule(data=st.data(), route=st.sampled_from(_ANSWERS))
    def someone_acts_on_lines(self, data: st.DataObject, route: Route) -> None:
        """A portal action: a revert, or an answer to a proposal or reopen request."""
        assert self.expected is not None
        self.send(route, data.draw(line_action_bodies(self.expected, route), label="action"))

    @precondition(lambda self: self.expected is not None and bool(self.expected.lines))
    @rule(
        data=st.data(),
        route=st.sampled_from([Route.ORDER_DELIVERIES, Route.ORDER_DELIVERY_HISTORY]),
    )
    def buyer_receives_goods(self, data: st.DataObject, route: Route) -> None:
        """The buyer appends deliveries, or replaces lines' delivery history."""
        assert self.expected is not None
        self.send(route, data.draw(delivery_bodies(self.expected, route), label="deliveries"))

    @invariant()
    def rules_hold(self) -> None:
        """The invariants of :func:`check_invariants`, after every step."""
        if self.expected is not None:
            check_invariants(self.expected)
