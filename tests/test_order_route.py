"""/order beyond cancelling: issuing new lines, updating existing ones (order/buyer/update.md),
completing (order/buyer/complete.md) and the choices of docs/decisions.md."""

from __future__ import annotations

import attrs
import pytest

from tradecloud_domain import (
    ConfirmedLine,
    InProgressStatus,
    InvalidInput,
    Order,
    ProcessStatus,
    Result,
    apply,
    parse_message,
)

from .helpers import PO, STATUS, indicators, order, order_message, process, rules

SCHEDULE = [{"position": "1", "date": "2026-12-01", "quantity": "100"}]
OTHER_SCHEDULE = [{"position": "1", "date": "2026-12-08", "quantity": "100"}]


def confirmed_order(
    status: str = "Confirmed", in_progress: InProgressStatus | None = None
) -> Order:
    """One line whose requested and confirmed schedule are SCHEDULE."""
    issued = apply(None, order_message(l0001={"deliverySchedule": SCHEDULE})).order
    assert issued is not None
    line = issued.lines[0]
    status_value = (
        attrs.evolve(STATUS[status], in_progress_status=in_progress)
        if in_progress
        else STATUS[status]
    )
    confirmed = ConfirmedLine.of(line.buyer_line.delivery_schedule, None)
    return attrs.evolve(
        issued, lines=(attrs.evolve(line, status=status_value, confirmed_line=confirmed),)
    )


def test_new_order_issues_every_line() -> None:
    """ "New order lines will have order process status Issued and logistics status Open"."""
    outcome = apply(None, order_message(l0001={}, l0002={}))
    assert outcome.http_status == 200
    assert outcome.order is not None
    assert [line.status for line in outcome.order.lines] == [STATUS["Issued"]] * 2
    assert rules(outcome) == {"0001": ["issue.new-order"], "0002": ["issue.new-order"]}
    assert [(e.name, e.positions) for e in outcome.events] == [
        ("OrderIssuedByBuyer", ("0001", "0002"))
    ]
    assert all(d.before is None for d in outcome.decisions)


def test_new_position_on_existing_order_is_issued_after_the_existing_lines() -> None:
    outcome = apply(order("Confirmed"), order_message(l0009={}))
    assert list(process(outcome).items()) == [("0001", "Confirmed"), ("0009", "Issued")]


def test_new_line_cancelled_in_the_same_message_is_issued_then_cancelled() -> None:
    """Decision D3: a line the order does not have yet, with cancelled, is issued and cancelled."""
    outcome = apply(order("Issued"), order_message({"cancelled": True}, l0002={}))
    assert process(outcome) == {"0001": "Issued", "0002": "Cancelled"}
    assert rules(outcome) == {"0002": ["issue.new-line", "cancel"]}


@pytest.mark.parametrize("status", ["Issued", "InProgress"])
def test_update_keeps_issued_and_in_progress(status: str) -> None:
    """ "If an order line has order process status Issued or In Progress and it is updated, it will
    keep the same status"; the requested values are replaced."""
    before = order(status)
    outcome = apply(before, order_message(l0001={"deliverySchedule": SCHEDULE}))
    assert outcome.order is not None
    (line,) = outcome.order.lines
    assert line.status == before.lines[0].status
    assert len(line.buyer_line.delivery_schedule) == 1
    assert rules(outcome) == {"0001": ["update.keep"]}


def test_update_reissues_a_rejected_line() -> None:
    """ "If the line has status Rejected (by supplier) and it is reissued, it will become In
    Progress" (ReissuedRejectedLine)."""
    outcome = apply(order("Rejected"), order_message(l0001={"deliverySchedule": SCHEDULE}))
    assert outcome.order is not None
    status = outcome.order.lines[0].status
    assert status.process_status is ProcessStatus.IN_PROGRESS
    assert status.in_progress_status is InProgressStatus.REISSUED_REJECTED_LINE


def test_identical_resend_of_a_rejected_line_is_no_reissue() -> None:
    """Decision D6: reissuing means changing the line; an identical resend changes nothing."""
    before = order("Rejected")
    outcome = apply(before, order_message(l0001={}))
    assert outcome.order == before
    assert outcome.decisions == ()


def test_update_with_other_values_reopens_a_confirmed_line() -> None:
    """ "If the line has status Confirmed and it is reopened, it will become In Progress"."""
    outcome = apply(confirmed_order(), order_message(l0001={"deliverySchedule": OTHER_SCHEDULE}))
    assert outcome.order is not None
    line = outcome.order.lines[0]
    assert line.status.in_progress_status is InProgressStatus.OPEN_BUYER_REOPEN_REQUEST
    assert line.confirmed_line is not None
    assert str(line.confirmed_line.delivery_schedule[0].date) == "2026-12-01"
    assert rules(outcome) == {"0001": ["update.reopen"]}


def test_update_equal_to_confirmed_values_reverts_an_open_buyer_reopen_request() -> None:
    """ "If the line is In Progress with an open buyer reopen request and your update makes the
    requested delivery schedule and prices equal to the confirmed values again, Tradecloud reverts
    that reopen request"."""
    reopened = apply(confirmed_order(), order_message(l0001={"deliverySchedule": OTHER_SCHEDULE}))
    assert reopened.order is not None
    equal_again = [{"position": "1", "date": "2026-12-01", "quantity": "100.000"}]
    outcome = apply(reopened.order, order_message(l0001={"deliverySchedule": equal_again}))
    assert outcome.order is not None
    status = outcome.order.lines[0].status
    assert status.process_status is ProcessStatus.CONFIRMED
    assert status.in_progress_status is None
    assert rules(outcome) == {"0001": ["update.revert-reopen"]}


def test_update_equal_to_confirmed_keeps_a_confirmed_line_confirmed() -> None:
    before = confirmed_order()
    outcome = apply(before, order_message(l0001={"item": {"name": "renamed"}}))
    assert outcome.order is not None
    assert outcome.order.lines[0].status == before.lines[0].status
    assert rules(outcome) == {"0001": ["update.confirmed-same"]}


@pytest.mark.parametrize("status", ["Completed", "Cancelled"])
def test_updates_to_completed_and_cancelled_lines_are_ignored(status: str) -> None:
    """ "In case of any other status like Completed or Cancelled the order update will be
    ignored"."""
    before = order(status)
    outcome = apply(before, order_message(l0001={"deliverySchedule": SCHEDULE}))
    assert outcome.order == before
    assert [(d.result, d.rule.id) for d in outcome.decisions] == [
        (Result.REFUSED, "update.ignored")
    ]


@pytest.mark.parametrize("status", ["Issued", "InProgress", "Rejected", "Confirmed"])
def test_completing_has_precedence_over_cancelling(status: str) -> None:
    """ "Completing has precedence over cancelling at the same time"."""
    outcome = apply(order(status), indicators({"cancelled": True, "completed": True}))
    assert process(outcome) == {"0001": "Completed"}
    (decision,) = outcome.decisions
    assert decision.rule.id == "complete"
    assert "completing wins" in decision.reason


def test_in_progress_lines_can_be_completed() -> None:
    """Decision D1: indicators.md (newer) over complete.md: InProgress -> Completed."""
    outcome = apply(order("InProgress"), order_message(l0001={"indicators": {"completed": True}}))
    assert process(outcome) == {"0001": "Completed"}


@pytest.mark.parametrize(
    ("status", "rule"),
    [("Cancelled", "complete.refused.cancelled"), ("Completed", "complete.refused.completed")],
)
def test_completing_refused(status: str, rule: str) -> None:
    outcome = apply(order(status), indicators({"completed": True}))
    assert [(d.result, d.rule.id) for d in outcome.decisions] == [(Result.REFUSED, rule)]


def test_line_false_overrides_order_completed_but_not_order_cancelled() -> None:
    """Each indicator resolves on its own: completed=false on the line leaves the order-level
    cancelled in force."""
    outcome = apply(
        order("Issued"),
        indicators({"completed": True, "cancelled": True}, l0001={"completed": False}),
    )
    assert process(outcome) == {"0001": "Cancelled"}


def test_cancel_line_when_missing_and_order_level_cancelled_together() -> None:
    """Decision D5: both apply, each to its own lines: together they cancel the whole order."""
    outcome = apply(
        order("Issued", "Confirmed"),
        order_message({"cancelled": True, "cancelLineWhenMissing": True}, l0001={}),
    )
    assert process(outcome) == {"0001": "Cancelled", "0002": "Cancelled"}
    scopes = {d.position: d.scope.id for d in outcome.decisions if d.scope}
    assert scopes == {"0001": "scope.order.message-lines", "0002": "scope.cancel-line-when-missing"}


def test_unknown_position_on_indicators_route_is_refused_and_invents_nothing() -> None:
    """Decision D4."""
    before = order("Issued")
    outcome = apply(before, indicators(l0042={"cancelled": True}))
    assert outcome.order == before
    assert [(d.position, d.result, d.rule.id) for d in outcome.decisions] == [
        ("0042", Result.REFUSED, "position.unknown")
    ]


def test_line_false_on_a_cancelled_line_does_not_revert_it() -> None:
    """Decision D8: false is "not this time", never an undo."""
    before = order("Cancelled", "Completed")
    outcome = apply(before, indicators(l0001={"cancelled": False}, l0002={"completed": False}))
    assert outcome.order == before
    assert outcome.decisions == ()


def test_order_message_for_another_purchase_order_is_invalid() -> None:
    """Decision D3b: an /order message and a state for different orders is a caller's mistake."""
    message = parse_message("order", {"order": {"purchaseOrderNumber": "PO-ELSE"}})
    with pytest.raises(InvalidInput) as caught:
        apply(order("Issued"), message)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("order.purchaseOrderNumber", "state.mismatch")
    ]
    assert PO in str(caught.value)


def test_line_sent_without_values_keeps_its_requested_values() -> None:
    """Decision D10: fields left out of an /order line keep their values; a cancel-only line does
    not reopen a Confirmed line on its way to Cancelled."""
    before = confirmed_order()
    outcome = apply(before, order_message(l0001={"indicators": {"cancelled": True}}))
    assert outcome.order is not None
    assert outcome.order.lines[0].buyer_line == before.lines[0].buyer_line
    assert rules(outcome) == {"0001": ["cancel"]}


def test_cancel_line_when_missing_is_ignored_on_the_indicators_route() -> None:
    """Decision D11: cancelLineWhenMissing means something only on /order."""
    before = order("Issued", "Issued")
    outcome = apply(before, indicators({"cancelLineWhenMissing": True}, l0001={}))
    assert outcome.order == before
    assert outcome.decisions == ()
