"""Negotiation: supplier responses (order/supplier/send-order-response/README.md), proposals and
reopen requests (order/buyer/reopen.md, order/supplier/reopen.md), and the answers to them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from tradecloud_domain import (
    BuyerLine,
    BuyerOrder,
    InProgressStatus,
    Line,
    LineStatus,
    LogisticsStatus,
    Order,
    ProcessStatus,
    Result,
    apply,
    parse_message,
    validate,
)
from tradecloud_domain.apply import Outcome
from tradecloud_domain.statuses import RequestStatus

from .helpers import PO, order_message

REQUESTED = [{"position": "1", "date": "2027-01-10", "quantity": "100"}]
LATER = [{"position": "1", "date": "2027-02-01", "quantity": "100"}]
EVEN_LATER = [{"position": "1", "date": "2027-03-01", "quantity": "100"}]
PRICE = {"netPrice": {"priceInTransactionCurrency": {"value": "2.50", "currencyIso": "EUR"}}}
HIGHER = {"netPrice": {"priceInTransactionCurrency": {"value": "2.75", "currencyIso": "EUR"}}}


def issued(**settings: bool) -> Order:
    """A new order with line 0001 requesting REQUESTED at PRICE."""
    line: dict[str, Any] = {"deliverySchedule": REQUESTED, "prices": PRICE}
    if settings:
        line["indicators"] = settings
    outcome = apply(None, order_message(l0001=line))
    assert outcome.order is not None
    return outcome.order


def respond(
    order: Order | None, header: dict[str, Any] | None = None, **lines: dict[str, Any]
) -> Outcome:
    body = {
        "order": {
            "buyerAccountNumber": "BUYER-1",
            "purchaseOrderNumber": PO,
            "indicators": header or {},
        },
        "lines": [
            {"purchaseOrderLinePosition": name.removeprefix("l"), **line}
            for name, line in lines.items()
        ],
    }
    return apply(order, parse_message("order-response", body))


def act(order: Order | None, route: str, *positions: str) -> Outcome:
    return apply(order, parse_message(route, {"linePositions": list(positions)}))


def line_of(outcome: Outcome) -> Any:
    assert outcome.order is not None
    return outcome.order.lines[0]


def state(outcome: Outcome) -> tuple[str, str | None]:
    status = line_of(outcome).status
    return (
        status.process_status.value,
        status.in_progress_status and status.in_progress_status.value,
    )


def rules(outcome: Outcome) -> list[str]:
    return [d.rule.id for d in outcome.decisions]


def events(outcome: Outcome) -> list[str]:
    return [e.name for e in outcome.events]


def confirmed(order: Order) -> Order:
    outcome = respond(order, l0001={"indicators": {"accepted": True}})
    assert outcome.order is not None
    return outcome.order


def proposed(order: Order) -> Order:
    outcome = respond(order, l0001={"deliverySchedule": LATER})
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")
    assert outcome.order is not None
    return outcome.order


# -- from Issued ----------------------------------------------------------------------------------


def test_issued_accepted_becomes_confirmed_with_the_requested_values() -> None:
    """ "Confirmed if the accepted indicator is set"."""
    outcome = respond(issued(), l0001={"indicators": {"accepted": True}, "deliverySchedule": LATER})
    assert state(outcome) == ("Confirmed", None)
    confirmed_line = line_of(outcome).confirmed_line
    assert str(confirmed_line.delivery_schedule[0].date) == "2027-01-10"  # LATER was ignored
    assert rules(outcome) == ["respond.accept"]
    assert events(outcome) == ["OrderLinesAcceptedBySupplier"]


def test_issued_answered_with_the_requested_values_becomes_confirmed() -> None:
    """ "Responded delivery schedule and prices match the requested values" (by value)."""
    same = [{"position": "1", "date": "2027-01-10", "quantity": "100.000"}]
    price = {"netPrice": {"priceInTransactionCurrency": {"value": "2.5", "currencyIso": "EUR"}}}
    outcome = respond(issued(), l0001={"deliverySchedule": same, "prices": price})
    assert state(outcome) == ("Confirmed", None)
    assert rules(outcome) == ["respond.accept-values"]


def test_issued_rejected_becomes_rejected() -> None:
    """ "Rejected if the rejected indicator is set"."""
    outcome = respond(issued(), l0001={"indicators": {"rejected": True}, "reason": "discontinued"})
    assert state(outcome) == ("Rejected", None)
    assert events(outcome) == ["OrderLinesRejectedBySupplier"]


def test_issued_answered_with_other_values_becomes_a_proposal() -> None:
    """ "InProgress if responded values differ from requested values (creates a proposal task for
    the buyer)"."""
    outcome = respond(issued(), l0001={"deliverySchedule": LATER, "reason": "capacity"})
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")
    proposal = line_of(outcome).supplier_line.requests.proposal
    assert proposal.status is RequestStatus.OPEN
    assert str(proposal.delivery_schedule[0].date) == "2027-02-01"
    assert proposal.prices == line_of(outcome).buyer_line.prices  # prices left out: the requested
    assert proposal.reason == "capacity"
    assert events(outcome) == ["OrderChangesProposedBySupplier"]


def test_price_units_are_copied_from_the_buyer_when_left_empty() -> None:
    """ "priceUnitOfMeasureIso ... Copied from buyer if empty"."""
    with_unit = {**PRICE, "priceUnitOfMeasureIso": "PCE", "priceUnitQuantity": 1}
    order = apply(
        None, order_message(l0001={"deliverySchedule": REQUESTED, "prices": with_unit})
    ).order
    outcome = respond(order, l0001={"prices": PRICE})
    assert state(outcome) == ("Confirmed", None)


# -- header indicators, scope and precedence ------------------------------------------------------


def test_header_indicator_applies_to_the_lines_in_the_response_and_lines_override_it() -> None:
    """ "indicators.accepted: accept all lines in this response as-is"; "Line-level indicators
    override this header indicator when present"."""
    order = apply(
        None,
        order_message(
            l0001={"deliverySchedule": REQUESTED}, l0002={"deliverySchedule": REQUESTED}, l0003={}
        ),
    ).order
    outcome = respond(order, {"accepted": True}, l0001={}, l0002={"indicators": {"rejected": True}})
    assert outcome.order is not None
    statuses = [line.status.process_status.value for line in outcome.order.lines]
    assert statuses == ["Confirmed", "Rejected", "Issued"]


def test_accepted_and_rejected_together_is_invalid() -> None:
    """Decision D24."""
    body = {
        "order": {"buyerAccountNumber": "B", "purchaseOrderNumber": PO},
        "lines": [
            {"purchaseOrderLinePosition": "1", "indicators": {"accepted": True, "rejected": True}}
        ],
    }
    assert [(p.path, p.code) for p in validate("order-response", body)] == [
        ("lines[0].indicators", "indicators.conflict")
    ]


def test_a_response_must_contain_lines_and_a_buyer_account_number() -> None:
    """ "Each order response must contain one or more order lines"; buyerAccountNumber is
    required."""
    body = {"order": {"purchaseOrderNumber": PO}, "lines": []}
    assert [(p.path, p.code) for p in validate("order-response", body)] == [
        ("order.buyerAccountNumber", "required"),
        ("lines", "collection.empty"),
    ]


# -- from InProgress -------------------------------------------------------------------------------


def test_in_progress_answered_with_requested_values_is_confirmed_and_the_proposal_closed() -> None:
    outcome = respond(proposed(issued()), l0001={"deliverySchedule": REQUESTED})
    assert state(outcome) == ("Confirmed", None)
    assert line_of(outcome).supplier_line.requests.proposal.status is RequestStatus.CLOSED


def test_in_progress_answered_with_other_values_stays_in_progress() -> None:
    """ "Stays InProgress if responded values still differ from requested values"."""
    outcome = respond(proposed(issued()), l0001={"deliverySchedule": EVEN_LATER})
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")
    proposal = line_of(outcome).supplier_line.requests.proposal
    assert str(proposal.delivery_schedule[0].date) == "2027-03-01"


def test_in_progress_rejected_becomes_rejected() -> None:
    outcome = respond(proposed(issued()), l0001={"indicators": {"rejected": True}})
    assert state(outcome) == ("Rejected", None)
    assert line_of(outcome).supplier_line.requests.proposal.status is RequestStatus.CLOSED


# -- from Confirmed: supplier reopen requests ---------------------------------------------------


def test_confirmed_answered_with_other_values_opens_a_supplier_reopen_request() -> None:
    """ "Become InProgress if responded values differ from confirmed values (creates a reopen
    request task for the buyer)"."""
    outcome = respond(confirmed(issued()), l0001={"prices": HIGHER})
    assert state(outcome) == ("InProgress", "OpenSupplierReopenRequest")
    request = line_of(outcome).supplier_line.requests.reopen_request
    assert request.status is RequestStatus.OPEN
    assert request.prices.net_price.price_in_transaction_currency.value == Decimal("2.75")
    assert events(outcome) == ["OrderLinesReopenRequestedBySupplier"]


def test_confirmed_answered_with_confirmed_values_stays_confirmed() -> None:
    """ "Stay Confirmed if responded values match the confirmed values"."""
    before = confirmed(issued())
    outcome = respond(before, l0001={"deliverySchedule": REQUESTED, "prices": PRICE})
    assert outcome.order == before
    assert rules(outcome) == ["respond.confirmed-stays"]
    assert outcome.events == ()


def test_supplier_reopen_request_reverted_by_the_confirmed_values() -> None:
    """ "The line has an open supplier reopen request and responded values match the confirmed
    values again (reverts the reopen)"."""
    reopened = respond(confirmed(issued()), l0001={"prices": HIGHER}).order
    outcome = respond(reopened, l0001={"prices": PRICE})
    assert state(outcome) == ("Confirmed", None)
    assert line_of(outcome).supplier_line.requests.reopen_request.status is RequestStatus.CLOSED
    assert events(outcome) == ["OrderLinesReopenRequestRevertedBySupplier"]


def test_a_confirmed_line_cannot_be_rejected() -> None:
    """Decision D22."""
    before = confirmed(issued())
    outcome = respond(before, l0001={"indicators": {"rejected": True}})
    assert outcome.order == before
    assert [(d.result, d.rule.id) for d in outcome.decisions] == [
        (Result.REFUSED, "respond.reject.refused-confirmed")
    ]


@pytest.mark.parametrize("cancel_or_complete", ["cancelled", "completed"])
def test_completed_and_cancelled_lines_do_not_change(cancel_or_complete: str) -> None:
    """ "Status: Completed or Cancelled: the process status will not change"."""
    ended = apply(issued(), order_message(l0001={"indicators": {cancel_or_complete: True}})).order
    for line in ({"indicators": {"accepted": True}}, {"deliverySchedule": LATER}):
        outcome = respond(ended, l0001=line)
        assert outcome.order == ended
        assert rules(outcome) == ["respond.ignored"]


def test_rejected_line_accepted_later_is_confirmed() -> None:
    """Decision D21."""
    rejected = respond(issued(), l0001={"indicators": {"rejected": True}}).order
    outcome = respond(rejected, l0001={"indicators": {"accepted": True}})
    assert state(outcome) == ("Confirmed", None)


# -- proposeWhenAccepted and autoConfirm ----------------------------------------------------------


def test_propose_when_accepted_turns_an_accept_into_a_proposal_with_the_requested_values() -> None:
    """ "Every Accepted by supplier line becomes a proposal with requested values"."""
    outcome = respond(issued(proposeWhenAccepted=True), l0001={"indicators": {"accepted": True}})
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")
    proposal = line_of(outcome).supplier_line.requests.proposal
    assert str(proposal.delivery_schedule[0].date) == "2027-01-10"
    approved = act(outcome.order, "order/approve-proposal", "0001")
    assert state(approved) == ("Confirmed", None)


def test_propose_when_accepted_turns_a_response_with_the_requested_values_into_a_proposal() -> None:
    """propose-when-accepted.md: "even when the supplier accepts (confirms with requested values)
    the order line" - a response with exactly the requested values is an accept (decision D26)."""
    outcome = respond(
        issued(proposeWhenAccepted=True),
        l0001={"deliverySchedule": REQUESTED, "prices": PRICE, "reason": "as asked"},
    )
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")
    assert rules(outcome) == ["respond.propose-when-accepted"]
    proposal = line_of(outcome).supplier_line.requests.proposal
    assert (str(proposal.delivery_schedule[0].date), proposal.reason) == ("2027-01-10", "as asked")
    # Other values stay an ordinary proposal; without the setting the same answer confirms.
    assert rules(respond(issued(proposeWhenAccepted=True), l0001={"deliverySchedule": LATER})) == [
        "respond.propose"
    ]
    plain = respond(issued(), l0001={"deliverySchedule": REQUESTED, "prices": PRICE})
    assert state(plain) == ("Confirmed", None)


def test_auto_confirm_confirms_proposals_and_reopen_requests_at_once() -> None:
    """ "autoConfirm: the order lines will be automatically confirmed in case of a supplier
    proposal or reopen request"."""
    order = apply(
        None,
        order_message(
            {"autoConfirm": True}, l0001={"deliverySchedule": REQUESTED, "prices": PRICE}
        ),
    ).order
    outcome = respond(order, l0001={"deliverySchedule": LATER})
    assert state(outcome) == ("Confirmed", None)
    assert str(line_of(outcome).confirmed_line.delivery_schedule[0].date) == "2027-02-01"
    assert rules(outcome) == ["respond.propose", "auto-confirm.proposal"]
    assert events(outcome) == ["OrderChangesProposedBySupplier", "OrderLinesConfirmedBySupplier"]
    reopened = respond(outcome.order, l0001={"prices": HIGHER})
    assert state(reopened) == ("Confirmed", None)
    assert rules(reopened) == ["respond.reopen", "auto-confirm.reopen"]


# -- the buyer answers --------------------------------------------------------------------------


def test_buyer_approves_a_proposal() -> None:
    outcome = act(proposed(issued()), "order/approve-proposal", "0001")
    assert state(outcome) == ("Confirmed", None)
    line = line_of(outcome)
    assert str(line.confirmed_line.delivery_schedule[0].date) == "2027-02-01"
    assert line.supplier_line.requests.proposal.status is RequestStatus.APPROVED
    assert events(outcome) == ["OrderChangesProposalApprovedByBuyer"]


def test_buyer_rejects_a_proposal() -> None:
    outcome = act(proposed(issued()), "order/reject-proposal", "0001")
    assert state(outcome) == ("InProgress", "RejectedSupplierProposal")
    assert line_of(outcome).supplier_line.requests.proposal.status is RequestStatus.REJECTED
    assert line_of(outcome).confirmed_line is None
    assert events(outcome) == ["OrderChangesProposalRejectedByBuyer"]


def test_answers_to_a_line_without_such_a_request_are_refused() -> None:
    before = issued()
    outcome = act(before, "order/approve-proposal", "0001", "0099")
    assert outcome.order == before
    assert [(d.position, d.rule.id) for d in outcome.decisions] == [
        ("0001", "answer.proposal.refused"),
        ("0099", "position.unknown"),
    ]


@pytest.mark.parametrize(
    ("route", "price"),
    [("order/approve-reopen-request", "2.75"), ("order/reject-reopen-request", "2.50")],
)
def test_buyer_answers_a_supplier_reopen_request(route: str, price: str) -> None:
    reopened = respond(confirmed(issued()), l0001={"prices": HIGHER}).order
    outcome = act(reopened, route, "0001")
    assert state(outcome) == ("Confirmed", None)
    value = line_of(outcome).confirmed_line.prices.net_price.price_in_transaction_currency.value
    assert value == Decimal(price)


# -- buyer reopen requests and the supplier's answers ---------------------------------------------


def buyer_reopened() -> Order:
    outcome = apply(confirmed(issued()), order_message(l0001={"deliverySchedule": LATER}))
    assert state(outcome) == ("InProgress", "OpenBuyerReopenRequest")
    request = line_of(outcome).buyer_line.requests.reopen_request
    assert (
        request.status is RequestStatus.OPEN
        and str(request.delivery_schedule[0].date) == "2027-02-01"
    )
    assert outcome.order is not None
    return outcome.order


def test_buyer_reverts_its_reopen_request() -> None:
    outcome = apply(buyer_reopened(), order_message(l0001={"deliverySchedule": REQUESTED}))
    assert state(outcome) == ("Confirmed", None)
    assert line_of(outcome).buyer_line.requests.reopen_request.status is RequestStatus.CLOSED
    assert events(outcome) == ["OrderLinesReopenRequestRevertedByBuyer"]


@pytest.mark.parametrize(
    ("how", "date", "status"),
    [
        ({"route": "order-response/approve-reopen-request"}, "2027-02-01", RequestStatus.APPROVED),
        ({"route": "order-response/reject-reopen-request"}, "2027-01-10", RequestStatus.REJECTED),
        ({"indicators": {"accepted": True}}, "2027-02-01", RequestStatus.APPROVED),
        ({"indicators": {"rejected": True}}, "2027-01-10", RequestStatus.REJECTED),
        ({"deliverySchedule": LATER}, "2027-02-01", RequestStatus.APPROVED),
    ],
)
def test_supplier_answers_a_buyer_reopen_request(
    how: dict[str, Any], date: str, status: RequestStatus
) -> None:
    """The supplier approves or rejects: by the portal action or by its order response."""
    before = buyer_reopened()
    outcome = act(before, how["route"], "0001") if "route" in how else respond(before, l0001=how)
    assert state(outcome) == ("Confirmed", None)
    line = line_of(outcome)
    assert str(line.confirmed_line.delivery_schedule[0].date) == date
    assert line.buyer_line.requests.reopen_request.status is status


def test_supplier_answers_a_buyer_reopen_request_with_a_proposal() -> None:
    """order/buyer/reopen.md: the supplier can "answer with a proposal" (decision D27)."""
    outcome = respond(buyer_reopened(), l0001={"deliverySchedule": EVEN_LATER})
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")


def test_buyer_changes_its_open_reopen_request_by_updating_the_line_again() -> None:
    """order/buyer/reopen.md: "You may change an open reopen request by updating the order line
    again (same as creating a reopen: new requested values that still differ from confirmed)"."""
    outcome = apply(buyer_reopened(), order_message(l0001={"deliverySchedule": EVEN_LATER}))
    assert state(outcome) == ("InProgress", "OpenBuyerReopenRequest")
    assert rules(outcome) == ["update.change-reopen"]
    assert events(outcome) == ["OrderLinesReopenRequestedByBuyer"]
    request = line_of(outcome).buyer_line.requests.reopen_request
    assert (request.status, str(request.delivery_schedule[0].date)) == (
        RequestStatus.OPEN,
        "2027-03-01",
    )
    # Once the supplier approves, the confirmed values are the request's new ones.
    approved = act(outcome.order, "order-response/approve-reopen-request", "0001")
    assert state(approved) == ("Confirmed", None)
    line = line_of(approved)
    assert str(line.confirmed_line.delivery_schedule[0].date) == "2027-03-01"
    assert line.buyer_line.requests.reopen_request.delivery_schedule == (
        line.confirmed_line.delivery_schedule
    )


def test_rejecting_a_proposal_on_an_open_buyer_reopen_request_keeps_the_request_open() -> None:
    """order/status.md: "RejectedSupplierProposal: The proposal from the supplier was rejected and
    no other requests are open." The buyer's reopen request answered with that proposal is still
    open, so the line returns to OpenBuyerReopenRequest."""
    proposed_on_reopen = respond(buyer_reopened(), l0001={"deliverySchedule": EVEN_LATER}).order
    outcome = act(proposed_on_reopen, "order/reject-proposal", "0001")
    assert state(outcome) == ("InProgress", "OpenBuyerReopenRequest")
    assert rules(outcome) == ["answer.reject-proposal.reopen-open"]
    assert events(outcome) == ["OrderChangesProposalRejectedByBuyer"]
    line = line_of(outcome)
    assert line.supplier_line.requests.proposal.status is RequestStatus.REJECTED
    assert line.buyer_line.requests.reopen_request.status is RequestStatus.OPEN
    # The supplier can still approve the buyer's request.
    approved = act(outcome.order, "order-response/approve-reopen-request", "0001")
    assert state(approved) == ("Confirmed", None)
    # With no other request open, a rejected proposal is RejectedSupplierProposal.
    plain = act(proposed(issued()), "order/reject-proposal", "0001")
    assert state(plain) == ("InProgress", "RejectedSupplierProposal")


def test_a_part_left_out_answers_with_the_requested_one_against_the_confirmed_values_too() -> None:
    """send-order-response/README.md: a Confirmed line becomes InProgress "if responded values
    differ from confirmed values". A response line with only its position answers with the
    requested values (decision D23); where those differ from the confirmed ones, that is a
    supplier reopen request, not "the confirmed values again"."""
    agreed = confirmed(issued())
    rejected_reopen = act(
        apply(agreed, order_message(l0001={"prices": HIGHER})).order,
        "order-response/reject-reopen-request",
        "0001",
    )
    assert state(rejected_reopen) == ("Confirmed", None)  # requested HIGHER, confirmed PRICE
    outcome = respond(rejected_reopen.order, l0001={})
    assert state(outcome) == ("InProgress", "OpenSupplierReopenRequest")
    assert line_of(outcome).supplier_line.requests.reopen_request.prices == (
        line_of(outcome).buyer_line.prices
    )
    # Sending the confirmed prices again is "the confirmed values": the line stays Confirmed.
    again = respond(rejected_reopen.order, l0001={"prices": PRICE})
    assert (state(again), rules(again)) == (("Confirmed", None), ["respond.confirmed-stays"])


# -- delivery lines without positions (decision D29) ---------------------------------------------


def test_minimal_response_without_delivery_positions_confirms() -> None:
    """send-order-response/README.md: the delivery line `position` is optional, "Echo the position
    from the buyer, OR leave empty". A response that leaves it empty and repeats the requested date
    and quantity (as the SDK's minimal order response does) answers with the requested values."""
    outcome = respond(
        issued(),
        l0001={"deliverySchedule": [{"date": "2027-01-10", "quantity": 100}], "prices": PRICE},
    )
    assert state(outcome) == ("Confirmed", None)
    assert rules(outcome) == ["respond.accept-values"]
    # An unpositioned delivery line with another date is still a proposal.
    other = respond(issued(), l0001={"deliverySchedule": [{"date": "2027-02-01", "quantity": 100}]})
    assert state(other) == ("InProgress", "OpenSupplierProposal")


def test_buyer_numbering_a_split_delivery_line_is_no_reopen() -> None:
    """api/delivery-schedule.md: "When a supplier splits a delivery line, the position may be
    unassigned. The buyer's ERP system must assign a position to the split delivery line and
    update the order line in Tradecloud." That update agrees with what was confirmed."""
    split = [
        {"position": "1", "date": "2027-01-10", "quantity": "60"},
        {"date": "2027-02-01", "quantity": "40"},
    ]
    proposal = respond(issued(), l0001={"deliverySchedule": split, "reason": "split"})
    agreed = act(proposal.order, "order/approve-proposal", "0001")
    assert state(agreed) == ("Confirmed", None)
    numbered = [
        {"position": "1", "date": "2027-01-10", "quantity": "60"},
        {"position": "2", "date": "2027-02-01", "quantity": "40"},
    ]
    outcome = apply(agreed.order, order_message(l0001={"deliverySchedule": numbered}))
    assert state(outcome) == ("Confirmed", None)
    assert rules(outcome) == ["update.confirmed-same"]
    # Numbering it with another quantity is a change of values: a reopen request.
    changed = [numbered[0], {**numbered[1], "quantity": "45"}]
    reopened = apply(agreed.order, order_message(l0001={"deliverySchedule": changed}))
    assert state(reopened) == ("InProgress", "OpenBuyerReopenRequest")


def test_delivery_logistics_fields_are_no_change_of_values() -> None:
    """api/delivery-schedule.md: a delivery line's `status` is its "Logistics status ... according
    to the buyer"; with `etd` and `eta` it says where the goods are, not what was agreed."""
    logistics = {"status": "Shipped", "etd": "2027-01-05", "eta": "2027-01-09"}
    confirmed_line = confirmed(issued())
    update = [{**REQUESTED[0], **logistics}]
    outcome = apply(confirmed_line, order_message(l0001={"deliverySchedule": update}))
    assert state(outcome) == ("Confirmed", None)
    answered = respond(confirmed_line, l0001={"deliverySchedule": update, "prices": PRICE})
    assert state(answered) == ("Confirmed", None)
    assert rules(answered) == ["respond.confirmed-stays"]


# -- the buyer's bulk answers (decision D31) -----------------------------------------------------


def three_open_requests() -> Order:
    """Lines 0001 (open proposal), 0002 (open supplier reopen request), 0003 (open reschedule
    request, as a state can hold it) and 0004 (Issued, nothing open)."""
    proposal = line_of(respond(issued(), l0001={"deliverySchedule": LATER}))
    reopen = line_of(respond(confirmed(issued()), l0001={"deliverySchedule": LATER}))
    reschedule = LineStatus(
        ProcessStatus.IN_PROGRESS,
        LogisticsStatus.OPEN,
        InProgressStatus.OPEN_SUPPLIER_SHIPMENT_RESCHEDULE_REQUEST,
    )
    lines = [
        attrs.evolve(proposal, buyer_line=attrs.evolve(proposal.buyer_line, position="0001")),
        attrs.evolve(reopen, buyer_line=attrs.evolve(reopen.buyer_line, position="0002")),
        Line(BuyerLine(position="0003"), reschedule),
        Line(BuyerLine(position="0004")),
    ]
    return Order(BuyerOrder(PO), tuple(lines))


def in_progress(outcome: Outcome) -> dict[str, tuple[str, str | None]]:
    assert outcome.order is not None
    return {
        line.position: (
            line.status.process_status.value,
            line.status.in_progress_status and line.status.in_progress_status.value,
        )
        for line in outcome.order.lines
    }


def test_bulk_approve_answers_whatever_supplier_request_is_open() -> None:
    """Tradecloud's SDK approves "proposal, reopen, and reschedule requests" alike with
    POST /order/{orderId}/requests/buyer/approve, body {"linePositions": [...], "version": n}."""
    order = three_open_requests()
    body = {"linePositions": ["0001", "0002", "0003", "0004"], "version": 1}
    outcome = apply(order, parse_message("order/requests/buyer/approve", body))
    assert outcome.http_status == 200
    assert in_progress(outcome) == {
        "0001": ("Confirmed", None),
        "0002": ("Confirmed", None),
        "0003": ("InProgress", "ApprovedDeliverySchedule"),
        "0004": ("Issued", None),
    }
    assert rules(outcome) == [
        "answer.approve-proposal",
        "answer.approve-supplier-reopen",
        "answer.approve-shipment-reschedule",
        "answer.requests.none-open",
    ]
    assert events(outcome) == [
        "OrderChangesProposalApprovedByBuyer",
        "OrderLinesReopenRequestApprovedByBuyer",
        "OrderLinesShipmentRescheduleApprovedByBuyer",
    ]
    assert str(line_of(outcome).confirmed_line.delivery_schedule[0].date) == "2027-02-01"


def test_bulk_reject_without_line_positions_answers_every_open_supplier_request() -> None:
    """No linePositions: every line with an open supplier request is answered; the others are
    left alone (no decision at all)."""
    outcome = apply(three_open_requests(), parse_message("order/requests/buyer/reject", {}))
    assert in_progress(outcome) == {
        "0001": ("InProgress", "RejectedSupplierProposal"),
        "0002": ("Confirmed", None),
        "0003": ("InProgress", "RejectedDeliverySchedule"),
        "0004": ("Issued", None),
    }
    assert [d.position for d in outcome.decisions] == ["0001", "0002", "0003"]
    assert rules(outcome) == [
        "answer.reject-proposal",
        "answer.reject-supplier-reopen",
        "answer.reject-shipment-reschedule",
    ]


def test_bulk_answers_name_unknown_lines_and_need_an_order() -> None:
    body = {"linePositions": ["0009"], "reason": "Rejected by the buyer", "version": 2}
    outcome = apply(three_open_requests(), parse_message("order/requests/buyer/reject", body))
    assert rules(outcome) == ["position.unknown"]
    assert apply(None, parse_message("order/requests/buyer/approve", {})).http_status == 404
    problems = validate("order/requests/buyer/approve", {"linePositions": ["a b"], "version": 1.5})
    assert [(p.path, p.code) for p in problems] == [
        ("version", "type.integer"),
        ("linePositions[0]", "identifier.whitespace"),
    ]


# -- reconfirmation requests -----------------------------------------------------------------------


def reconfirmation() -> Order:
    body = {"order": {"purchaseOrderNumber": PO, "indicators": {"requestReconfirmation": True}}}
    outcome = apply(confirmed(issued()), parse_message("order/indicators", body))
    assert state(outcome) == ("InProgress", "OpenBuyerReconfirmationRequest")
    assert outcome.order is not None
    return outcome.order


def test_supplier_reconfirms() -> None:
    """ "The supplier either reconfirms the order line with requested values ..."."""
    outcome = respond(reconfirmation(), l0001={"indicators": {"accepted": True}})
    assert state(outcome) == ("Confirmed", None)
    assert events(outcome) == ["OrderLinesReconfirmedBySupplier"]


def test_supplier_answers_a_reconfirmation_with_a_reopen_request() -> None:
    """ "... or alternatively does a reopen request with different values"."""
    outcome = respond(reconfirmation(), l0001={"deliverySchedule": LATER})
    assert state(outcome) == ("InProgress", "OpenSupplierReopenRequest")


# -- verification ---------------------------------------------------------------------------


def test_response_verification() -> None:
    """Decision D25: like /order/indicators, 404 for an unknown order, 202 when queued."""
    assert respond(None, l0001={"indicators": {"accepted": True}}).http_status == 404
    queued = apply(
        issued(),
        parse_message(
            "order-response",
            {
                "order": {"buyerAccountNumber": "B", "purchaseOrderNumber": PO},
                "lines": [{"purchaseOrderLinePosition": "0001", "indicators": {"accepted": True}}],
            },
        ),
        verification_available=False,
    )
    assert queued.http_status == 202
    assert state(queued) == ("Confirmed", None)


def test_response_for_an_unknown_line_invents_nothing() -> None:
    before = issued()
    outcome = respond(before, l0042={"indicators": {"accepted": True}})
    assert outcome.order == before
    assert [(d.position, d.result, d.rule.id) for d in outcome.decisions] == [
        ("0042", Result.REFUSED, "position.unknown")
    ]


def test_in_progress_status_is_cleared_when_confirmed() -> None:
    outcome = respond(proposed(issued()), l0001={"indicators": {"accepted": True}})
    assert line_of(outcome).status.in_progress_status is None
    assert line_of(outcome).status.process_status is ProcessStatus.CONFIRMED
    assert InProgressStatus.OPEN_SUPPLIER_PROPOSAL not in {
        d.after.in_progress_status for d in outcome.decisions if d.after
    }


def test_response_may_leave_date_and_quantity_empty() -> None:
    """ "date: ... Can be left empty if unknown"; "quantity: ... Can be left empty if unknown"."""
    outcome = respond(
        issued(), l0001={"deliverySchedule": [{"position": "1", "date": None, "quantity": None}]}
    )
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")
    proposal = line_of(outcome).supplier_line.requests.proposal
    assert (proposal.delivery_schedule[0].date, proposal.delivery_schedule[0].quantity) == (
        None,
        None,
    )
    negative = {"deliverySchedule": [{"position": "1", "quantity": -1}]}
    body = {
        "order": {"buyerAccountNumber": "B", "purchaseOrderNumber": PO},
        "lines": [{"purchaseOrderLinePosition": "0001", **negative}],
    }
    assert [(p.path, p.code) for p in validate("order-response", body)] == [
        ("lines[0].deliverySchedule[0].quantity", "quantity.negative")
    ]
