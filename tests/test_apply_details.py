"""Details of apply that the documented sentences leave implicit: what a message keeps, replaces
and records, on every route."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradecloud_domain import Order, Result, apply, parse_message, parse_order
from tradecloud_domain.statuses import RequestStatus

from .helpers import PO, indicators, order, order_message
from .test_negotiation import PRICE, REQUESTED, issued, line_of, proposed, respond, state


def test_a_new_order_keeps_the_header_and_line_data_it_was_sent() -> None:
    body = {
        "order": {"purchaseOrderNumber": PO, "supplierAccountNumber": "S-1", "description": "d"},
        "lines": [{"position": "1", "item": {"number": "A-1", "name": "bolt"}}],
    }
    new = apply(None, parse_message("order", body)).order
    assert new is not None
    assert (new.buyer_order.supplier_account_number, new.buyer_order.description) == ("S-1", "d")
    assert new.lines[0].buyer_line.item is not None and new.lines[0].buyer_line.item.number == "A-1"


def test_an_update_replaces_what_it_sends_and_keeps_the_rest() -> None:
    first = apply(
        None,
        parse_message(
            "order",
            {
                "order": {
                    "purchaseOrderNumber": PO,
                    "supplierAccountNumber": "S-1",
                    "description": "d",
                },
                "lines": [
                    {
                        "position": "1",
                        "item": {"name": "bolt"},
                        "deliverySchedule": REQUESTED,
                        "prices": PRICE,
                    }
                ],
            },
        ),
    ).order
    assert first is not None
    same = apply(
        first,
        parse_message(
            "order", {"order": {"purchaseOrderNumber": PO}, "lines": [{"position": "1"}]}
        ),
    )
    assert same.order == first
    changed = apply(
        first,
        parse_message(
            "order",
            {
                "order": {
                    "purchaseOrderNumber": PO,
                    "supplierAccountNumber": "S-2",
                    "description": "e",
                },
                "lines": [
                    {
                        "position": "1",
                        "item": {"name": "nut"},
                        "prices": {
                            "netPrice": {
                                "priceInTransactionCurrency": {"value": 3, "currencyIso": "EUR"}
                            }
                        },
                        "indicators": {"proposeWhenAccepted": True, "noDeliveryExpected": False},
                    }
                ],
            },
        ),
    ).order
    assert changed is not None
    header, line = changed.buyer_order, changed.lines[0].buyer_line
    assert (header.supplier_account_number, header.description) == ("S-2", "e")
    assert line.item is not None and line.item.name == "nut"
    assert line.prices is not None and line.prices.net_price is not None
    assert line.prices.net_price.price_in_transaction_currency is not None
    assert line.prices.net_price.price_in_transaction_currency.value == Decimal(3)
    assert line.delivery_schedule == first.lines[0].buyer_line.delivery_schedule
    assert (line.indicators.propose_when_accepted, line.indicators.no_delivery_expected) == (
        True,
        False,
    )
    # Settings and order indicators left out keep their values; sent, they replace them.
    kept = apply(
        changed,
        parse_message(
            "order",
            {
                "order": {"purchaseOrderNumber": PO, "indicators": {"autoConfirm": True}},
                "lines": [{"position": "1", "indicators": {"noDeliveryExpected": True}}],
            },
        ),
    ).order
    assert kept is not None
    assert kept.buyer_order.indicators.auto_confirm is True
    settings = kept.lines[0].buyer_line.indicators
    assert (settings.propose_when_accepted, settings.no_delivery_expected) == (True, True)


def test_delivery_positions_are_identities_when_comparing_values() -> None:
    renumbered = [{"position": "2", "date": "2027-01-10", "quantity": "100"}]
    outcome = respond(issued(), l0001={"deliverySchedule": renumbered})
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")


def test_price_unit_quantity_sent_is_kept() -> None:
    with_unit = {**PRICE, "priceUnitQuantity": 1}
    base = apply(
        None, order_message(l0001={"deliverySchedule": REQUESTED, "prices": with_unit})
    ).order
    outcome = respond(base, l0001={"prices": {**PRICE, "priceUnitQuantity": 100}})
    assert state(outcome) == ("InProgress", "OpenSupplierProposal")


def test_a_refused_step_does_not_stop_the_next_one() -> None:
    """On a Completed line, cancelled is refused and shipped still applies."""
    outcome = apply(order("Completed"), indicators(l0001={"cancelled": True, "shipped": True}))
    assert [(d.action, d.result) for d in outcome.decisions] == [
        ("cancel", Result.REFUSED),
        ("ship", Result.REFUSED),  # a Completed line in the helpers is already Delivered
    ]
    ready = parse_order(
        {
            "buyerOrder": {"purchaseOrderNumber": PO},
            "lines": [
                {
                    "buyerLine": {"position": "0001"},
                    "status": {"processStatus": "Completed", "logisticsStatus": "ReadyToShip"},
                }
            ],
        }
    )
    outcome = apply(ready, indicators(l0001={"cancelled": True, "shipped": True}))
    assert [(d.action, d.result) for d in outcome.decisions] == [
        ("cancel", Result.REFUSED),
        ("ship", Result.APPLIED),
    ]
    assert line_of(outcome).status.logistics_status.value == "Shipped"


def test_leaving_in_progress_closes_open_requests_and_other_steps_keep_them() -> None:
    with_proposal = proposed(issued())
    shipped = apply(with_proposal, indicators(l0001={"shipped": True}))
    assert line_of(shipped).supplier_line == with_proposal.lines[0].supplier_line
    cancelled = apply(with_proposal, indicators(l0001={"cancelled": True}))
    assert line_of(cancelled).supplier_line.requests.proposal.status is RequestStatus.CLOSED


def test_answers_on_a_state_without_the_request_data_do_not_fail() -> None:
    bare = parse_order(
        {
            "buyerOrder": {"purchaseOrderNumber": PO},
            "lines": [
                {
                    "buyerLine": {"position": "0001"},
                    "status": {
                        "processStatus": "InProgress",
                        "inProgressStatus": "OpenSupplierProposal",
                        "logisticsStatus": "Open",
                    },
                }
            ],
        }
    )
    rejected = apply(bare, parse_message("order/reject-proposal", {"linePositions": ["0001"]}))
    assert state(rejected) == ("InProgress", "RejectedSupplierProposal")
    assert line_of(rejected).supplier_line is None


def test_propose_when_accepted_keeps_the_reason_given() -> None:
    outcome = respond(
        issued(proposeWhenAccepted=True),
        l0001={"indicators": {"accepted": True}, "reason": "as asked"},
    )
    assert line_of(outcome).supplier_line.requests.proposal.reason == "as asked"


def test_unknown_positions_are_recorded_with_the_action_tried() -> None:
    base = issued()
    action = apply(base, parse_message("order/approve-proposal", {"linePositions": ["0042"]}))
    assert [(d.position, d.action) for d in action.decisions] == [("0042", "approve_proposal")]
    response = respond(base, l0042={"indicators": {"accepted": True}})
    assert [(d.position, d.action) for d in response.decisions] == [("0042", "respond")]
    stored = apply(base, indicators(l0001={"noDeliveryExpected": True}))
    assert [(d.action, d.rule.id) for d in stored.decisions] == [("store", "setting.stored")]


def response_body(purchase_order_number: str) -> dict[str, Any]:
    return {
        "order": {"buyerAccountNumber": "B", "purchaseOrderNumber": purchase_order_number},
        "lines": [{"purchaseOrderLinePosition": "0001", "indicators": {"accepted": True}}],
    }


def test_verification_answers_with_the_state_it_was_given() -> None:
    """404 and a queued 202 for another order return the state untouched, with no decisions."""
    base = issued()
    other: Order = apply(  # type: ignore[assignment]
        None,
        parse_message(
            "order", {"order": {"purchaseOrderNumber": "PO-X"}, "lines": [{"position": "0001"}]}
        ),
    ).order
    for route, body in (
        ("order-response", response_body(PO)),
        (
            "order/indicators",
            {"order": {"purchaseOrderNumber": PO, "indicators": {"cancelled": True}}},
        ),
    ):
        message = parse_message(route, body)
        missing = apply(other, message)
        assert (missing.http_status, missing.order, missing.decisions) == (404, other, ())
        queued = apply(other, message, verification_available=False)
        assert (queued.http_status, queued.order, queued.decisions) == (202, other, ())
        assert queued.rule.id.endswith("queued")
        nothing = apply(None, message, verification_available=False)
        assert (nothing.http_status, nothing.order, nothing.decisions) == (202, None, ())
        assert nothing.rule.id.endswith("queued")
        assert apply(base, message).http_status == 200
