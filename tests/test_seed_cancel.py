"""One test per sentence of the cancel page (order/buyer/cancel.md, seed copy).

Each test quotes the sentence it checks.
"""

from __future__ import annotations

import pytest

from tradecloud_domain import LogisticsStatus, ProcessStatus, Result, apply, parse_message

from .helpers import indicators, order, order_message, process, rules

CANCELLABLE = ["Issued", "InProgress", "Rejected", "Confirmed"]


@pytest.mark.parametrize("status", CANCELLABLE)
@pytest.mark.parametrize("route", ["order", "order/indicators"])
def test_active_lines_become_cancelled_immediately(status: str, route: str) -> None:
    """ "Issued, In Progress, Rejected and Confirmed lines will become Cancelled immediately
    (without request)"."""
    before = order(status)
    message = (
        order_message(l0001={"indicators": {"cancelled": True}})
        if route == "order"
        else indicators(l0001={"cancelled": True})
    )
    outcome = apply(before, message)
    assert outcome.order is not None
    line = outcome.order.lines[0]
    assert line.status.process_status is ProcessStatus.CANCELLED
    assert line.status.in_progress_status is None
    assert line.status.logistics_status is LogisticsStatus.CANCELLED
    assert rules(outcome) == {"0001": ["cancel"]}
    assert outcome.decisions[0].result is Result.APPLIED


@pytest.mark.parametrize("route", ["order", "order/indicators"])
def test_completed_lines_cannot_be_cancelled(route: str) -> None:
    """ "Completed lines cannot be cancelled"."""
    before = order("Completed")
    message = (
        order_message({"cancelled": True}, l0001={})
        if route == "order"
        else indicators({"cancelled": True})
    )
    outcome = apply(before, message)
    assert outcome.order == before
    (decision,) = outcome.decisions
    assert decision.result is Result.REFUSED
    assert decision.rule.id == "cancel.refused.completed"
    assert "Completed lines cannot be cancelled" in decision.reason


@pytest.mark.parametrize("route", ["order", "order/indicators"])
def test_cancelled_lines_cannot_be_cancelled_again(route: str) -> None:
    """ "Cancelled lines cannot be cancelled again"."""
    before = order("Cancelled")
    message = (
        order_message(l0001={"indicators": {"cancelled": True}})
        if route == "order"
        else indicators(l0001={"cancelled": True})
    )
    outcome = apply(before, message)
    assert outcome.order == before
    assert [(d.result, d.rule.id) for d in outcome.decisions] == [
        (Result.REFUSED, "cancel.refused.cancelled")
    ]


def test_order_route_cancels_by_line_level_indicator() -> None:
    """ "You can cancel the order or line by setting indicators.cancelled on either order or line
    level and updating the order using the /order API resource" (line level)."""
    outcome = apply(
        order("Issued", "Issued"), order_message(l0002={"indicators": {"cancelled": True}})
    )
    assert process(outcome) == {"0001": "Issued", "0002": "Cancelled"}


def test_order_route_order_level_cancels_only_lines_in_the_message() -> None:
    """ "If you provide a cancelled indicator on order level, ONLY the lines provided in this order
    message will be cancelled"."""
    outcome = apply(
        order("Issued", "Confirmed", "InProgress"),
        order_message({"cancelled": True}, l0001={}, l0003={}),
    )
    assert process(outcome) == {"0001": "Cancelled", "0002": "Confirmed", "0003": "Cancelled"}
    assert {d.scope.id for d in outcome.decisions if d.scope} == {"scope.order.message-lines"}
    assert "0002" not in rules(outcome)


def test_order_route_line_level_has_precedence() -> None:
    """ "If you also provide a cancelled indicator on line level, it has precedence over the order
    level cancelled indicator" (/order)."""
    outcome = apply(
        order("Issued", "Issued"),
        order_message({"cancelled": True}, l0001={}, l0002={"indicators": {"cancelled": False}}),
    )
    assert process(outcome) == {"0001": "Cancelled", "0002": "Issued"}
    skipped = [d for d in outcome.decisions if d.position == "0002"]
    assert [(d.result, d.rule.id) for d in skipped] == [
        (Result.SKIPPED, "precedence.line-over-order")
    ]


def test_cancel_line_when_missing_cancels_left_out_lines() -> None:
    """ "You can cancel an order line by using the /order API resource, by setting the
    indicators.cancelLineWhenMissing on order level and updating the order WITHOUT including the
    cancelled line"."""
    outcome = apply(
        order("Issued", "Confirmed", "Rejected"),
        order_message({"cancelLineWhenMissing": True}, l0002={}),
    )
    assert process(outcome) == {"0001": "Cancelled", "0002": "Confirmed", "0003": "Cancelled"}
    assert rules(outcome) == {"0001": ["cancel"], "0003": ["cancel"]}
    assert all(
        d.scope and d.scope.id == "scope.cancel-line-when-missing" for d in outcome.decisions
    )


def test_cancel_line_when_missing_without_lines_cancels_the_whole_order() -> None:
    """ "You can cancel a full order (all the lines) by setting the indicators.cancelLineWhenMissing
    on order level and updating the order WITHOUT any lines"."""
    outcome = apply(
        order("Issued", "InProgress", "Confirmed", "Rejected"),
        order_message({"cancelLineWhenMissing": True}),
    )
    assert set(process(outcome).values()) == {"Cancelled"}
    assert outcome.order is not None
    assert outcome.order.lines and all(
        line.status.logistics_status is LogisticsStatus.CANCELLED for line in outcome.order.lines
    )


def test_without_cancel_line_when_missing_left_out_lines_are_untouched() -> None:
    """The converse of the sentence above: a line left out of /order is not cancelled by itself."""
    before = order("Issued", "Confirmed")
    outcome = apply(before, order_message(l0002={}))
    assert outcome.order == before
    assert outcome.decisions == ()


def test_indicators_route_cancels_by_line_level_indicator() -> None:
    """ "You can cancel the order or line by setting indicators.cancelled on either order or line
    level and sending this indicator only, using the /order/indicators API resource" (line)."""
    outcome = apply(order("Issued", "Confirmed"), indicators(l0002={"cancelled": True}))
    assert process(outcome) == {"0001": "Issued", "0002": "Cancelled"}


def test_indicators_route_order_level_cancels_all_lines() -> None:
    """ "If you provide a cancelled indicator on order level, ALL the lines in the order will be
    cancelled"."""
    outcome = apply(
        order("Issued", "InProgress", "Confirmed", "Rejected"), indicators({"cancelled": True})
    )
    assert set(process(outcome).values()) == {"Cancelled"}
    assert {d.scope.id for d in outcome.decisions if d.scope} == {"scope.indicators.all-lines"}


def test_indicators_route_line_level_has_precedence() -> None:
    """ "If you also provide a cancelled indicator on line level, it has precedence over the order
    level cancelled indicator" (/order/indicators)."""
    outcome = apply(
        order("Issued", "Issued", "Issued"),
        indicators({"cancelled": True}, l0003={"cancelled": False}),
    )
    assert process(outcome) == {"0001": "Cancelled", "0002": "Cancelled", "0003": "Issued"}


def test_body_example_from_the_page() -> None:
    """The page's body example: order level and line 0001 both cancelled."""
    body = {
        "order": {"purchaseOrderNumber": "PO123456789", "indicators": {"cancelled": True}},
        "lines": [{"position": "0001", "indicators": {"cancelled": True}}],
    }
    outcome = apply(order("Confirmed", "Issued"), parse_message("order/indicators", body))
    assert outcome.http_status == 200
    assert process(outcome) == {"0001": "Cancelled", "0002": "Cancelled"}
    scopes = {d.position: d.scope.id for d in outcome.decisions if d.scope}
    assert scopes == {"0001": "scope.line", "0002": "scope.indicators.all-lines"}


def test_200_when_the_purchase_order_number_exists() -> None:
    """ "200 OK - the purchase order number exists and the order indicators will be processed"."""
    outcome = apply(order("Issued"), indicators({"cancelled": True}))
    assert (outcome.http_status, outcome.rule.id) == (200, "verification.found")
    assert process(outcome) == {"0001": "Cancelled"}


def test_202_when_verification_is_unavailable() -> None:
    """ "202 Accepted - the order verification has been skipped due to service unavailability and
    the order indicators have been queued"."""
    outcome = apply(order("Issued"), indicators({"cancelled": True}), verification_available=False)
    assert (outcome.http_status, outcome.rule.id) == (202, "verification.queued")
    # Decision D7: the outcome shows the order as it will be once the queue is processed.
    assert process(outcome) == {"0001": "Cancelled"}


def test_202_without_an_order_keeps_nothing_to_show() -> None:
    """Queued indicators for an order the caller has no state for: 202, nothing to predict."""
    outcome = apply(None, indicators({"cancelled": True}), verification_available=False)
    assert (outcome.http_status, outcome.order, outcome.decisions) == (202, None, ())


@pytest.mark.parametrize("known", [False, True])
def test_404_when_the_purchase_order_number_is_not_found(known: bool) -> None:
    """ "404 Not Found - the purchase order number has not been found"; nothing changes."""
    other = order("Issued") if known else None
    message = parse_message(
        "order/indicators",
        {"order": {"purchaseOrderNumber": "PO-OTHER", "indicators": {"cancelled": True}}},
    )
    outcome = apply(other, message)
    assert (outcome.http_status, outcome.rule.id) == (404, "verification.not-found")
    assert outcome.order == other
    assert outcome.decisions == ()
