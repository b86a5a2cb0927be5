"""THE rules of a line's status. Everything that decides a status lives in this module.

A line has two machines:

- the **process machine** (``Issued``, ``InProgress`` with its in-progress statuses as sub-states,
  ``Confirmed``, ``Rejected``, ``Completed``, ``Cancelled``), a hierarchical
  :mod:`transitions` machine;
- the **logistics machine** (``Open`` … ``Delivered``, ``Cancelled``), a flat one.

Both are written once below as tables (:data:`PROCESS_TRANSITIONS`, :data:`PROCESS_REFUSALS`, and
the logistics twins), built once into :mod:`transitions` machines, and compiled from those
machines into lookups, :data:`STEP_TABLES` (and :data:`STEPS`: ``(LineStatus, Trigger) -> Step``).
Applying a rule to a line is one dictionary lookup; no line ever owns a machine.

The machines are built, and their steps compiled, when the rules are first used rather than at
import, so ``import tradecloud_domain`` does not pay for them (nor for importing transitions):
:data:`PROCESS_MACHINE`, :data:`LOGISTICS_MACHINE`, their moves, :data:`LINE_STATUSES` and
:data:`STEPS` are made on first access, and each step the first time a line takes it.

Every transition and every refusal names a :class:`Rule`: an identifier, the Tradecloud
documentation page it comes from (a path in ``tradecloud/tradecloud-docs-api-v2``) and the rule in
one sentence. The same registry holds the rules that are not transitions (scope, precedence, order
status aggregation), so the documentation page ``docs/rules.md`` is generated from this module
alone.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import sys
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from transitions import Machine

from ._names import python_name
from ._values import frozen
from .entities import Line, LineStatus, OrderStatus
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, Route

__all__ = [
    "BULK_ANSWERS",
    "DELIVERY_ROUTES",
    "DELIVERY_RULES",
    "INDICATORS",
    "LINE_ACTIONS",
    "LINE_STATUSES",
    "LOGISTICS_DEFINITION",
    "LOGISTICS_MACHINE",
    "PRECEDENCE",
    "PROCESS_DEFINITION",
    "PROCESS_MACHINE",
    "RULES",
    "STEPS",
    "STEP_TABLES",
    "VERIFICATION",
    "Indicator",
    "Rule",
    "Step",
    "Trigger",
    "aggregate",
    "step",
]


class Trigger(StrEnum):
    """What can happen to a line. Each buyer indicator, update or revert maps to one trigger."""

    COMPLETE = "complete"
    CANCEL = "cancel"
    CONFIRM = "confirm"
    REQUEST_RECONFIRMATION = "request_reconfirmation"
    DELIVER = "deliver"
    SHIP = "ship"
    REVERT_CANCELLATION = "revert_cancellation"
    REVERT_COMPLETION = "revert_completion"
    UPDATE = "update"
    UPDATE_TO_CONFIRMED = "update_to_confirmed"
    UPDATE_FIELDS = "update_fields"
    # The supplier's order response, per line: an indicator, or how the responded delivery
    # schedule and prices compare with the requested and the confirmed ones.
    RESPOND_ACCEPT = "respond_accept"
    RESPOND_ACCEPT_AS_PROPOSAL = "respond_accept_as_proposal"
    RESPOND_REJECT = "respond_reject"
    RESPOND_AS_REQUESTED_AND_CONFIRMED = "respond_as_requested_and_confirmed"
    RESPOND_AS_REQUESTED = "respond_as_requested"
    RESPOND_AS_CONFIRMED = "respond_as_confirmed"
    RESPOND_OTHER = "respond_other"
    # Answers to open requests.
    APPROVE_PROPOSAL = "approve_proposal"
    REJECT_PROPOSAL = "reject_proposal"
    #: Rejecting a proposal that answered the buyer's own reopen request, still open.
    REJECT_PROPOSAL_REOPEN_OPEN = "reject_proposal_reopen_open"
    APPROVE_SUPPLIER_REOPEN = "approve_supplier_reopen"
    REJECT_SUPPLIER_REOPEN = "reject_supplier_reopen"
    APPROVE_BUYER_REOPEN = "approve_buyer_reopen"
    REJECT_BUYER_REOPEN = "reject_buyer_reopen"
    APPROVE_SHIPMENT_RESCHEDULE = "approve_shipment_reschedule"
    REJECT_SHIPMENT_RESCHEDULE = "reject_shipment_reschedule"
    AUTO_CONFIRM = "auto_confirm"


class Effect(StrEnum):
    """What a rule does to a line's values besides its statuses (apply carries it out)."""

    CONFIRM_REQUESTED = "the requested delivery schedule and prices become the confirmed ones"
    OPEN_PROPOSAL = "the responded values become an open supplier proposal"
    OPEN_PROPOSAL_AS_REQUESTED = "the requested values become an open supplier proposal"
    OPEN_SUPPLIER_REOPEN = "the responded values become an open supplier reopen request"
    APPROVE_PROPOSAL = "the proposal is approved; its values become the confirmed ones"
    REJECT_PROPOSAL = "the proposal is rejected"
    APPROVE_SUPPLIER_REOPEN = "the supplier reopen request is approved; its values are confirmed"
    REJECT_SUPPLIER_REOPEN = "the supplier reopen request is rejected; confirmed values stay"
    CLOSE_SUPPLIER_REOPEN = "the supplier reopen request is withdrawn (closed)"
    OPEN_BUYER_REOPEN = "the requested values become an open buyer reopen request"
    CLOSE_BUYER_REOPEN = "the buyer reopen request is withdrawn (closed)"
    APPROVE_BUYER_REOPEN = (
        "the buyer reopen request is approved; the requested values are confirmed"
    )
    REJECT_BUYER_REOPEN = "the buyer reopen request is rejected; confirmed values stay"


@frozen
class Rule:
    """One rule of the order process, with the documentation page it comes from.

    ``event`` is the webhook event Tradecloud emits for the lines this rule changes
    (connectors/webhooks/order-events.md), when it emits one; ``effect`` what it does to the
    line's values besides its statuses.
    """

    id: str
    page: str
    text: str
    event: str | None = None
    effect: Effect | None = None


def _rules(*rules: Rule) -> Mapping[str, Rule]:
    table = {rule.id: rule for rule in rules}
    if len(table) != len(rules):
        raise AssertionError("duplicate rule id")
    return MappingProxyType(table)


CANCEL_PAGE: Final = "order/buyer/cancel.md"
COMPLETE_PAGE: Final = "order/buyer/complete.md"
INDICATORS_PAGE: Final = "order/buyer/issue/indicators.md"
ISSUE_PAGE: Final = "order/buyer/issue/README.md"
UPDATE_PAGE: Final = "order/buyer/update.md"
REOPEN_PAGE: Final = "order/buyer/reopen.md"
RECEIVE_GOODS_PAGE: Final = "order/buyer/receive-goods.md"
PROPOSE_PAGE: Final = "order/buyer/issue/propose-when-accepted.md"
NO_DELIVERY_PAGE: Final = "order/buyer/issue/no-delivery-expected.md"
EVENTS_PAGE: Final = "connectors/webhooks/order-events.md"
RESPONSE_PAGE: Final = "order/supplier/send-order-response/README.md"
SUPPLIER_REOPEN_PAGE: Final = "order/supplier/reopen.md"
STATUS_PAGE: Final = "order/status.md"
DECISIONS_PAGE: Final = "docs/decisions.md"
SINGLE_DELIVERY_PAGE: Final = "api/delivery-schedule.md"

#: Every rule, by id. Transitions, refusals and apply's scope rules all point into this table.
RULES: Final[Mapping[str, Rule]] = _rules(
    # -- issuing and updating --------------------------------------------------------------------
    Rule(
        "issue.new-order",
        ISSUE_PAGE,
        "A new order is issued: each of its lines gets process status Issued, logistics status "
        "Open (or the one its delivery lines' statuses give, rule delivery-lines.logistics).",
        event="OrderIssuedByBuyer",
    ),
    Rule(
        "issue.new-line",
        ISSUE_PAGE,
        "A line whose position the order does not have yet is issued: process status Issued, "
        "logistics status Open (or the one its delivery lines' statuses give, rule "
        "delivery-lines.logistics).",
        event="OrderLinesIssuedByBuyer",
    ),
    Rule(
        "update.keep",
        UPDATE_PAGE,
        "An Issued or InProgress line that is updated keeps its status.",
        event="OrderLinesReissuedByBuyer",
    ),
    Rule(
        "update.reissue",
        UPDATE_PAGE,
        "A Rejected line that the buyer reissues becomes InProgress (ReissuedRejectedLine).",
        event="OrderLinesReissuedByBuyer",
    ),
    Rule(
        "update.reopen",
        UPDATE_PAGE,
        "A Confirmed line whose requested delivery schedule or prices now differ from the "
        "confirmed ones is reopened: InProgress (OpenBuyerReopenRequest), for the supplier to "
        "answer.",
        event="OrderLinesReopenRequestedByBuyer",
        effect=Effect.OPEN_BUYER_REOPEN,
    ),
    Rule(
        "update.confirmed-same",
        UPDATE_PAGE,
        "A Confirmed line updated with a delivery schedule and prices equal to the confirmed ones "
        "stays Confirmed.",
        event="OrderLinesUpdatedByBuyer",
    ),
    Rule(
        "update.revert-reopen",
        REOPEN_PAGE,
        "An open buyer reopen request is reverted when the update makes the requested delivery "
        "schedule and prices equal to the confirmed ones again: the line is Confirmed again.",
        event="OrderLinesReopenRequestRevertedByBuyer",
        effect=Effect.CLOSE_BUYER_REOPEN,
    ),
    Rule(
        "update.change-reopen",
        REOPEN_PAGE,
        "An open buyer reopen request is changed by updating the line again with requested "
        "values that still differ from the confirmed ones: the request takes the new values and "
        "stays open.",
        event="OrderLinesReopenRequestedByBuyer",
        effect=Effect.OPEN_BUYER_REOPEN,
    ),
    Rule(
        "update.ignored",
        UPDATE_PAGE,
        "An update of a Completed or Cancelled line is ignored.",
    ),
    Rule(
        "update.fields",
        EVENTS_PAGE,
        "An update of only line fields other than the item, delivery schedule, prices and "
        "indicators (description, notes, properties, terms, documents, labels, item details, "
        "...) is stored and changes no status (decision D75).",
        event="OrderLinesUpdatedByBuyer",
    ),
    Rule(
        "update.order-fields",
        EVENTS_PAGE,
        "An /order message that changes order header fields (supplier account number, "
        "description, parties, terms, contact, properties, notes, labels, documents, ...) stores "
        "them; no line status changes (decision D75).",
        event="OrderLinesUpdatedByBuyer",
    ),
    # -- cancelling ------------------------------------------------------------------------------
    Rule(
        "cancel",
        CANCEL_PAGE,
        "Issued, InProgress, Rejected and Confirmed lines become Cancelled at once, without a "
        "request to the supplier; their logistics status becomes Cancelled.",
        event="OrderLinesCancelledByBuyer",
    ),
    Rule("cancel.refused.completed", CANCEL_PAGE, "Completed lines cannot be cancelled."),
    Rule("cancel.refused.cancelled", CANCEL_PAGE, "Cancelled lines cannot be cancelled again."),
    # -- completing ------------------------------------------------------------------------------
    Rule(
        "complete",
        INDICATORS_PAGE,
        "Issued, InProgress, Rejected and Confirmed lines become Completed (InProgress included: "
        "see decision D1).",
        event="OrderLinesCompletedByBuyer",
    ),
    Rule("complete.refused.cancelled", COMPLETE_PAGE, "Cancelled lines cannot be completed."),
    Rule("complete.refused.completed", COMPLETE_PAGE, "Completed lines cannot be completed again."),
    Rule(
        "precedence.complete-over-cancel",
        COMPLETE_PAGE,
        "When a line is to be completed and cancelled by the same message, completing wins.",
    ),
    # -- the other buyer indicators --------------------------------------------------------------
    Rule(
        "confirm",
        INDICATORS_PAGE,
        "confirmed (for onboarding and migration): an Issued line becomes Confirmed, its requested "
        "delivery schedule and prices becoming the confirmed ones (decision D18).",
        event="OrderLinesConfirmedByBuyer",
        effect=Effect.CONFIRM_REQUESTED,
    ),
    Rule(
        "confirm.refused",
        INDICATORS_PAGE,
        "confirmed: only lines with process status Issued can be confirmed by the buyer.",
    ),
    Rule(
        "request-reconfirmation",
        INDICATORS_PAGE,
        "requestReconfirmation: a Confirmed line becomes InProgress "
        "(OpenBuyerReconfirmationRequest); the supplier reconfirms it or asks to reopen it.",
        event="OrderLinesReconfirmationRequestedByBuyer",
    ),
    Rule(
        "request-reconfirmation.refused",
        INDICATORS_PAGE,
        "requestReconfirmation: only lines with process status Confirmed can be asked to "
        "reconfirm.",
    ),
    Rule(
        "ship",
        INDICATORS_PAGE,
        "shipped: a line with logistics status Open, Produced or ReadyToShip becomes Shipped.",
        event="OrderLinesShippedByBuyer",
    ),
    Rule(
        "ship.refused",
        INDICATORS_PAGE,
        "shipped: lines already Shipped or Delivered, and cancelled lines, are not marked shipped.",
    ),
    Rule(
        "deliver",
        RECEIVE_GOODS_PAGE,
        "delivered: a line with logistics status Open, Produced, ReadyToShip or Shipped becomes "
        "Delivered.",
        event="OrderLinesMarkedAsDeliveredByBuyer",
    ),
    Rule(
        "deliver.refused",
        RECEIVE_GOODS_PAGE,
        "delivered: lines already Delivered, and cancelled lines, are not marked delivered.",
    ),
    # -- deliveries: delivery-line logistics, the actual delivery history, overdue ---------------
    Rule(
        "delivery-lines.logistics",
        STATUS_PAGE,
        "The logistics fields of delivery lines (status, etd, eta) sent on /order are kept; they "
        "are never a change of the line's values. When its delivery lines carry a status, the "
        "line's logistics status follows from them: the least advanced one, a delivery line "
        "without status counting as Open (decision D85).",
        event="OrderLinesDeliveryScheduleLogisticsUpdatedByBuyer",
    ),
    Rule(
        "delivery-lines.logistics.ignored",
        UPDATE_PAGE,
        "Logistics fields of delivery lines sent for a Completed or Cancelled line are ignored, "
        "as any update of such a line is (decision D85).",
    ),
    Rule(
        "history.order",
        UPDATE_PAGE,
        "/order: lines.deliveryHistory, when sent, is the line's whole delivery history and "
        "replaces it; it never changes the line's statuses (decision D86).",
        event="OrderLinesDeliveryHistorySetByBuyer",
    ),
    Rule(
        "history.append",
        RECEIVE_GOODS_PAGE,
        "/order/deliveries appends the deliveries sent to the line's delivery history.",
        event="OrderLinesDeliveryHistoryAppendedByBuyer",
    ),
    Rule(
        "history.append.refused-too-long",
        DECISIONS_PAGE,
        "/order/deliveries: a delivery history holds at most 100 deliveries; an append that would "
        "exceed it is refused for that line, whose history stays as it was (decision D86).",
    ),
    Rule(
        "history.replace",
        RECEIVE_GOODS_PAGE,
        "/order/deliveryHistory replaces the delivery history of each line sent with the "
        "deliveries sent; lines not sent are untouched; an empty array clears the history.",
        event="OrderLinesDeliveryHistorySetByBuyer",
    ),
    Rule(
        "deliveries.accepted",
        RECEIVE_GOODS_PAGE,
        "/order/deliveries and /order/deliveryHistory: the order exists; the deliveries are "
        "processed (200).",
    ),
    Rule(
        "deliveries.not-found",
        RECEIVE_GOODS_PAGE,
        "/order/deliveries and /order/deliveryHistory: the order must have been sent to "
        "Tradecloud first; for an order it does not have the answer is 404 and nothing changes "
        "(decision D86).",
    ),
    Rule(
        "overdue.line",
        RECEIVE_GOODS_PAGE,
        "lines.indicators.deliveryOverdue, as of a given date: a delivery line of the current "
        "delivery schedule is overdue when its date is before that date and the delivery history, "
        "matched by date and quantity (not position), does not cover it in full; partial "
        "deliveries count. Only Issued, InProgress and Confirmed lines can be overdue; lines with "
        "noDeliveryExpected, lines marked Delivered (the delivered indicator's tolerance use "
        "case) and delivery lines whose status is Delivered never are (decision D87).",
    ),
    Rule(
        "overdue.order",
        "order/buyer/receive/README.md",
        "indicators.deliveryOverdue on the order is true when at least one order line is overdue.",
    ),
    Rule(
        "precedence.indicators",
        DECISIONS_PAGE,
        "When several indicators that move the process status are true for one line, only the "
        "strongest that applies to the line's status acts (completed, cancelled, confirmed, "
        "requestReconfirmation); likewise delivered over shipped for the logistics status "
        "(decision D15).",
    ),
    Rule(
        "setting.auto-confirm",
        INDICATORS_PAGE,
        "autoConfirm (order level): supplier proposals and reopen requests are confirmed "
        "automatically. Stored on the order.",
    ),
    Rule(
        "setting.no-delivery-expected",
        NO_DELIVERY_PAGE,
        "noDeliveryExpected (line level): no goods are expected, so the line is never overdue. "
        "Stored on the line.",
    ),
    Rule(
        "setting.propose-when-accepted",
        PROPOSE_PAGE,
        "proposeWhenAccepted (line level): a supplier's accept (the accepted indicator, or a "
        "response with exactly the requested values) becomes a proposal with the requested "
        "values, for the buyer to approve. Stored on the line.",
    ),
    Rule(
        "setting.stored",
        INDICATORS_PAGE,
        "Line settings sent with /order/indicators are stored on the line; its status does not "
        "change.",
    ),
    # -- the supplier's order response -----------------------------------------------------------
    Rule(
        "respond.accept",
        RESPONSE_PAGE,
        "An accepted Issued or InProgress line becomes Confirmed with the requested values; "
        "the delivery schedule and prices sent with it are ignored.",
        event="OrderLinesAcceptedBySupplier",
        effect=Effect.CONFIRM_REQUESTED,
    ),
    Rule(
        "respond.accept-values",
        RESPONSE_PAGE,
        "An Issued or InProgress line answered with the requested delivery schedule and prices "
        "becomes Confirmed.",
        event="OrderLinesAcceptedBySupplier",
        effect=Effect.CONFIRM_REQUESTED,
    ),
    Rule(
        "respond.accept-rejected",
        DECISIONS_PAGE,
        "A Rejected line that the supplier accepts, or answers with the requested values, "
        "becomes Confirmed (decision D21).",
        event="OrderLinesAcceptedBySupplier",
        effect=Effect.CONFIRM_REQUESTED,
    ),
    Rule(
        "respond.confirmed-stays",
        RESPONSE_PAGE,
        "A Confirmed line answered with the confirmed delivery schedule and prices, or accepted, "
        "stays Confirmed.",
    ),
    Rule(
        "respond.reject",
        RESPONSE_PAGE,
        "A rejected Issued or InProgress line becomes Rejected; the delivery schedule and prices "
        "sent with it are ignored.",
        event="OrderLinesRejectedBySupplier",
    ),
    Rule(
        "respond.reject-again",
        RESPONSE_PAGE,
        "Rejecting a Rejected line again changes nothing.",
    ),
    Rule(
        "respond.reject.refused-confirmed",
        DECISIONS_PAGE,
        "A Confirmed line cannot be rejected: the supplier asks to reopen it instead (decision "
        "D22).",
    ),
    Rule(
        "respond.propose",
        RESPONSE_PAGE,
        "An Issued or InProgress line answered with a delivery schedule or prices that differ from "
        "the requested ones becomes InProgress (OpenSupplierProposal): a proposal for the buyer.",
        event="OrderChangesProposedBySupplier",
        effect=Effect.OPEN_PROPOSAL,
    ),
    Rule(
        "respond.propose-when-accepted",
        PROPOSE_PAGE,
        "With proposeWhenAccepted, a line the supplier accepts, or answers with exactly the "
        "requested values, becomes a proposal with the requested values, for the buyer to "
        "approve (decision D26).",
        event="OrderChangesProposedBySupplier",
        effect=Effect.OPEN_PROPOSAL_AS_REQUESTED,
    ),
    Rule(
        "respond.reopen",
        SUPPLIER_REOPEN_PAGE,
        "A Confirmed line answered with a delivery schedule or prices that differ from the "
        "confirmed ones becomes InProgress (OpenSupplierReopenRequest), for the buyer to answer.",
        event="OrderLinesReopenRequestedBySupplier",
        effect=Effect.OPEN_SUPPLIER_REOPEN,
    ),
    Rule(
        "respond.update-reopen",
        SUPPLIER_REOPEN_PAGE,
        "An open supplier reopen request is changed by another response whose values still "
        "differ from the confirmed ones.",
        event="OrderLinesReopenRequestedBySupplier",
        effect=Effect.OPEN_SUPPLIER_REOPEN,
    ),
    Rule(
        "respond.revert-reopen",
        SUPPLIER_REOPEN_PAGE,
        "An open supplier reopen request is reverted by a response equal to the confirmed "
        "values: the line is Confirmed again.",
        event="OrderLinesReopenRequestRevertedBySupplier",
        effect=Effect.CLOSE_SUPPLIER_REOPEN,
    ),
    Rule(
        "respond.reconfirm",
        INDICATORS_PAGE,
        "A line with an open buyer reconfirmation request that the supplier accepts, or answers "
        "with the confirmed values, is Confirmed again.",
        event="OrderLinesReconfirmedBySupplier",
    ),
    Rule(
        "respond.reconfirm-as-requested",
        INDICATORS_PAGE,
        "A line with an open buyer reconfirmation request answered with the requested values is "
        "Confirmed with them.",
        event="OrderLinesReconfirmedBySupplier",
        effect=Effect.CONFIRM_REQUESTED,
    ),
    Rule(
        "respond.reconfirmation-reopen",
        INDICATORS_PAGE,
        "A line with an open buyer reconfirmation request answered with other values gets a "
        "supplier reopen request instead.",
        event="OrderLinesReopenRequestedBySupplier",
        effect=Effect.OPEN_SUPPLIER_REOPEN,
    ),
    Rule(
        "respond.approve-buyer-reopen",
        REOPEN_PAGE,
        "A line with an open buyer reopen request that the supplier accepts, or answers with the "
        "requested values, is Confirmed with the requested values.",
        event="OrderLinesReopenRequestApprovedBySupplier",
        effect=Effect.APPROVE_BUYER_REOPEN,
    ),
    Rule(
        "respond.reject-buyer-reopen",
        DECISIONS_PAGE,
        "A line with an open buyer reopen request that the supplier rejects is Confirmed with its "
        "old confirmed values (decision D22).",
        event="OrderLinesReopenRequestRejectedBySupplier",
        effect=Effect.REJECT_BUYER_REOPEN,
    ),
    Rule(
        "respond.ignored",
        RESPONSE_PAGE,
        "A response for a Completed or Cancelled line changes nothing.",
    ),
    Rule(
        "response.accepted",
        DECISIONS_PAGE,
        "/order-response: the purchase order number exists; the response is processed (200; "
        "decision D25).",
    ),
    Rule(
        "response.not-found",
        DECISIONS_PAGE,
        "/order-response: the purchase order number is not found; nothing changes (404; decision "
        "D25).",
    ),
    Rule(
        "response.queued",
        DECISIONS_PAGE,
        "/order-response: verification is unavailable; the response is queued (202) and "
        "processed later (decisions D7, D25).",
    ),
    Rule(
        "respond.fields",
        EVENTS_PAGE,
        "The fields of an order response other than delivery schedule and prices (description, "
        "sales order, properties, notes, documents) are stored in the supplier line; no status "
        "changes for them (decision D76).",
        event="OrderLinesUpdatedBySupplier",
    ),
    Rule(
        "respond.item-details",
        EVENTS_PAGE,
        "Item details in an order response that differ from those the supplier line holds are "
        "stored; merged with the buyer's they are the line's mergedItemDetails (decision D76).",
        event="OrderLinesItemDetailsChanged",
    ),
    Rule(
        "respond.order-fields",
        EVENTS_PAGE,
        "The header fields of an order response (description, contact, properties, notes, "
        "documents, buyer account number) are stored in the supplier order (decision D76).",
        event="OrderLinesUpdatedBySupplier",
    ),
    Rule(
        "response.scope",
        RESPONSE_PAGE,
        "Header accepted/rejected apply to the lines in the response; a line's own indicators "
        "override them.",
    ),
    # -- answers to open requests ----------------------------------------------------------------
    Rule(
        "answer.approve-proposal",
        EVENTS_PAGE,
        "The buyer approves an open supplier proposal: the line is Confirmed with the proposed "
        "values.",
        event="OrderChangesProposalApprovedByBuyer",
        effect=Effect.APPROVE_PROPOSAL,
    ),
    Rule(
        "answer.reject-proposal",
        STATUS_PAGE,
        "The buyer rejects an open supplier proposal: the line stays InProgress "
        "(RejectedSupplierProposal).",
        event="OrderChangesProposalRejectedByBuyer",
        effect=Effect.REJECT_PROPOSAL,
    ),
    Rule(
        "answer.reject-proposal.reopen-open",
        STATUS_PAGE,
        "The buyer rejects a supplier proposal that answered the buyer's reopen request: the "
        "proposal is rejected, the reopen request is still open, so the line is InProgress "
        "(OpenBuyerReopenRequest); RejectedSupplierProposal means no other requests are open.",
        event="OrderChangesProposalRejectedByBuyer",
        effect=Effect.REJECT_PROPOSAL,
    ),
    Rule(
        "answer.proposal.refused",
        STATUS_PAGE,
        "Only a line with an open supplier proposal (OpenSupplierProposal) has a proposal to "
        "approve or reject.",
    ),
    Rule(
        "answer.approve-supplier-reopen",
        SUPPLIER_REOPEN_PAGE,
        "The buyer approves an open supplier reopen request: the line is Confirmed with the "
        "requested new values.",
        event="OrderLinesReopenRequestApprovedByBuyer",
        effect=Effect.APPROVE_SUPPLIER_REOPEN,
    ),
    Rule(
        "answer.reject-supplier-reopen",
        SUPPLIER_REOPEN_PAGE,
        "The buyer rejects an open supplier reopen request: the line is Confirmed with its old "
        "confirmed values.",
        event="OrderLinesReopenRequestRejectedByBuyer",
        effect=Effect.REJECT_SUPPLIER_REOPEN,
    ),
    Rule(
        "answer.supplier-reopen.refused",
        SUPPLIER_REOPEN_PAGE,
        "Only a line with an open supplier reopen request (OpenSupplierReopenRequest) has one to "
        "approve or reject.",
    ),
    Rule(
        "answer.approve-buyer-reopen",
        REOPEN_PAGE,
        "The supplier approves an open buyer reopen request: the line is Confirmed with the "
        "requested values.",
        event="OrderLinesReopenRequestApprovedBySupplier",
        effect=Effect.APPROVE_BUYER_REOPEN,
    ),
    Rule(
        "answer.reject-buyer-reopen",
        REOPEN_PAGE,
        "The supplier rejects an open buyer reopen request: the line is Confirmed with its old "
        "confirmed values.",
        event="OrderLinesReopenRequestRejectedBySupplier",
        effect=Effect.REJECT_BUYER_REOPEN,
    ),
    Rule(
        "answer.buyer-reopen.refused",
        REOPEN_PAGE,
        "Only a line with an open buyer reopen request (OpenBuyerReopenRequest) has one to approve "
        "or reject.",
    ),
    Rule(
        "answer.approve-shipment-reschedule",
        STATUS_PAGE,
        "The buyer approves an open supplier shipment reschedule request: the line stays "
        "InProgress (ApprovedDeliverySchedule) (decision D88).",
        event="OrderLinesShipmentRescheduleApprovedByBuyer",
    ),
    Rule(
        "answer.reject-shipment-reschedule",
        STATUS_PAGE,
        "The buyer rejects an open supplier shipment reschedule request: the line stays "
        "InProgress (RejectedDeliverySchedule) (decision D88).",
        event="OrderLinesShipmentRescheduleRejectedByBuyer",
    ),
    Rule(
        "answer.shipment-reschedule.refused",
        STATUS_PAGE,
        "Only a line with an open shipment reschedule request "
        "(OpenSupplierShipmentRescheduleRequest) has one to approve or reject.",
    ),
    Rule(
        "scope.answer-requests",
        DECISIONS_PAGE,
        "The buyer's bulk answer acts on the lines its linePositions name, or, without "
        "linePositions, on every line with an open supplier request; on each line it answers the "
        "supplier request that is open, whatever its kind (decision D31).",
    ),
    Rule(
        "answer.requests.none-open",
        DECISIONS_PAGE,
        "A line named in a bulk answer with no open supplier request (proposal, reopen or "
        "reschedule request) has nothing to answer; nothing changes (decision D31).",
    ),
    Rule(
        "auto-confirm.proposal",
        INDICATORS_PAGE,
        "With autoConfirm on the order, a supplier proposal is confirmed at once: the line is "
        "Confirmed with the proposed values.",
        event="OrderLinesConfirmedBySupplier",
        effect=Effect.APPROVE_PROPOSAL,
    ),
    Rule(
        "auto-confirm.reopen",
        INDICATORS_PAGE,
        "With autoConfirm on the order, a supplier reopen request is confirmed at once: the line "
        "is Confirmed with the requested new values.",
        event="OrderLinesConfirmedBySupplier",
        effect=Effect.APPROVE_SUPPLIER_REOPEN,
    ),
    Rule(
        "auto-confirm.refused",
        INDICATORS_PAGE,
        "autoConfirm only confirms open supplier proposals and reopen requests.",
    ),
    Rule(
        "scope.answer-lines",
        DECISIONS_PAGE,
        "An answer acts on the lines its linePositions name, and on no other (decision D17).",
    ),
    # -- reverting -------------------------------------------------------------------------------
    Rule(
        "revert-cancellation",
        STATUS_PAGE,
        "Reverting a cancelled line makes it InProgress (RevertedCancelledLine) with logistics "
        "status Open again (decision D16).",
        event="CancelledOrderLinesRevertedByBuyer",
    ),
    Rule(
        "revert-cancellation.refused",
        STATUS_PAGE,
        "Only a Cancelled line can have its cancellation reverted.",
    ),
    Rule(
        "revert-completion",
        STATUS_PAGE,
        "Reverting a completed line makes it InProgress (RevertedCompletedLine); its logistics "
        "status stays as it was.",
        event="CompletedOrderLinesRevertedByBuyer",
    ),
    Rule(
        "revert-completion.refused",
        STATUS_PAGE,
        "Only a Completed line can have its completion reverted.",
    ),
    Rule(
        "in-progress.unknown",
        DECISIONS_PAGE,
        "A line InProgress without an inProgressStatus: a rule that needs to know which request "
        "is open (answering a proposal or a reopen request, autoConfirm) has nothing to act on; "
        "the rules that hold for every InProgress line apply as usual (decision D14).",
    ),
    Rule(
        "scope.revert-lines",
        DECISIONS_PAGE,
        "A revert acts on the lines its linePositions name, and on no other (decision D17).",
    ),
    Rule(
        "line-action.not-found",
        DECISIONS_PAGE,
        "A line action (revert, approve, reject) for an order Tradecloud does not have finds "
        "nothing: 404 (decision D17).",
    ),
    Rule(
        "line-action.stale-version",
        DECISIONS_PAGE,
        "A line action that sends an order version other than the order's current one acts on "
        "an order that has changed since: 409 Conflict, nothing changes (decision D78).",
    ),
    Rule(
        "line-action.accepted",
        DECISIONS_PAGE,
        "A line action (revert, approve, reject) for an existing order is processed: 200 "
        "(decision D17).",
    ),
    # -- scope and precedence of indicators ------------------------------------------------------
    Rule(
        "scope.line",
        INDICATORS_PAGE,
        "A line-level indicator applies to its own line.",
    ),
    Rule(
        "scope.order.message-lines",
        CANCEL_PAGE,
        "On /order, an order-level indicator applies ONLY to the lines in that message.",
    ),
    Rule(
        "scope.indicators.all-lines",
        CANCEL_PAGE,
        "On /order/indicators, an order-level indicator applies to ALL lines of the order.",
    ),
    Rule(
        "precedence.line-over-order",
        CANCEL_PAGE,
        "A line-level indicator has precedence over the order-level one; an explicit false "
        "keeps its line out.",
    ),
    Rule(
        "scope.cancel-line-when-missing",
        CANCEL_PAGE,
        "On /order with order-level cancelLineWhenMissing, every existing line whose position the "
        "message leaves out is cancelled; a message without lines cancels the whole order.",
    ),
    Rule(
        "position.unknown",
        DECISIONS_PAGE,
        "A line position that the order does not have is refused where the route cannot issue "
        "lines (/order/indicators, reverts); no line is invented (decision D4).",
    ),
    Rule(
        "order.accepted",
        ISSUE_PAGE,
        "/order: the order is accepted and queued for processing (200); lines are matched by "
        "position.",
    ),
    # -- verification of /order/indicators -------------------------------------------------------
    Rule(
        "verification.found",
        CANCEL_PAGE,
        "/order/indicators: the purchase order number exists; the indicators are processed "
        "(200; from an older version of the page, see decision D7).",
    ),
    Rule(
        "verification.not-found",
        CANCEL_PAGE,
        "/order/indicators: the purchase order number is not found; nothing changes (404; from "
        "an older version of the page, see decision D7).",
    ),
    Rule(
        "verification.queued",
        CANCEL_PAGE,
        "/order/indicators: verification is unavailable; the indicators are queued (202) and "
        "processed later (decision D7).",
    ),
    # -- order status ----------------------------------------------------------------------------
    Rule(
        "order-status.process",
        DECISIONS_PAGE,
        "Order process status: no lines -> Issued; all lines Cancelled -> Cancelled; otherwise, "
        "ignoring Cancelled lines, all Completed -> Completed; otherwise, ignoring Cancelled and "
        "Completed lines, all one status -> that status, else InProgress (decision D2).",
    ),
    Rule(
        "order-status.logistics",
        DECISIONS_PAGE,
        "Order logistics status: no lines -> Open; all lines Cancelled -> Cancelled; otherwise the "
        "least advanced logistics status of the lines that are not Cancelled (decision D2).",
    ),
    # -- single delivery per order line ----------------------------------------------------------
    Rule(
        "single-delivery.accepted",
        SINGLE_DELIVERY_PAGE,
        "order/single-delivery: each line's scheduledDelivery becomes a delivery line of its order "
        "line, at the line's own position, or, for a split line, at the split line's position in "
        "the schedule of the line its originalPosition names; the result is applied as /order "
        "(200; decision D101).",
    ),
    Rule(
        "single-delivery.assign-position",
        SINGLE_DELIVERY_PAGE,
        "A position the buyer sends for a split line the supplier made (a delivery line without a "
        "position) is given to the delivery line with the same date and quantity (decision D105).",
    ),
    Rule(
        "single-delivery.cancel-split",
        INDICATORS_PAGE,
        "A split line cancelled on its own is removed from the original line's delivery schedule; "
        "the order line itself is not cancelled.",
    ),
    Rule(
        "single-delivery.cancel-all",
        INDICATORS_PAGE,
        "When all primary and related split lines are cancelled, the primary order line is "
        "cancelled.",
    ),
    Rule(
        "single-delivery.cancel-primary.refused",
        DECISIONS_PAGE,
        "The primary line is not cancelled on its own while split lines of it remain: cancel them "
        "all to cancel the order line (decision D106).",
    ),
    Rule(
        "single-delivery.all-lines",
        INDICATORS_PAGE,
        "completed and confirmed act on the primary order line when all primary and related split "
        "lines carry them (in one message, decision D107); on a part of them, nothing changes yet.",
    ),
    Rule(
        "single-delivery.delivery-line-status",
        INDICATORS_PAGE,
        "shipped and delivered on the primary or a related split line make the corresponding "
        "delivery line Shipped or Delivered (skipped for a line without one); on all of them the "
        "order line becomes Shipped or Delivered, on a part its logistics status is the least "
        "advanced of its delivery lines (decisions D85, D108).",
    ),
    Rule(
        "single-delivery.any-line",
        INDICATORS_PAGE,
        "requestReconfirmation and proposeWhenAccepted on the primary or any related split line "
        "act on the primary order line (noDeliveryExpected too: decision D109).",
    ),
)


# ------------------------------------------------------------------------------------------------
# The tables. A transition: (trigger, sources, destination, rule). ``None`` as destination means
# "stays where it is" (an internal transition). A refusal: (trigger, sources, rule). For every
# trigger a machine knows, each of its states has exactly one transition or one refusal.
# ------------------------------------------------------------------------------------------------

P = ProcessStatus
IP = InProgressStatus
L = LogisticsStatus
SEP: Final = "_"  # transitions' default separator for nested state names


def process_state(status: ProcessStatus, in_progress: InProgressStatus | None = None) -> str:
    """The process machine's state name for a process status and in-progress status."""
    return status.value if in_progress is None else f"{status.value}{SEP}{in_progress.value}"


@frozen
class TransitionSpec:
    """One row of a transition table."""

    trigger: Trigger
    sources: tuple[str, ...]
    dest: str | None
    rule: str


@frozen
class RefusalSpec:
    """One row of a refusal table: the trigger does nothing in these states, for this reason."""

    trigger: Trigger
    sources: tuple[str, ...]
    rule: str


def all_process_states_but(excluded: ProcessStatus) -> tuple[str, ...]:
    """Every top-level process state except one (InProgress stands for all its sub-states)."""
    return tuple(process_state(s) for s in P if s is not excluded)


ACTIVE: Final = tuple(process_state(s) for s in (P.ISSUED, P.IN_PROGRESS, P.REJECTED, P.CONFIRMED))
OPEN_BUYER_REOPEN: Final = process_state(P.IN_PROGRESS, IP.OPEN_BUYER_REOPEN_REQUEST)

BUYER_TRANSITIONS: Final = (
    TransitionSpec(Trigger.CANCEL, ACTIVE, P.CANCELLED.value, "cancel"),
    TransitionSpec(Trigger.COMPLETE, ACTIVE, P.COMPLETED.value, "complete"),
    TransitionSpec(Trigger.CONFIRM, (P.ISSUED.value,), P.CONFIRMED.value, "confirm"),
    TransitionSpec(
        Trigger.REQUEST_RECONFIRMATION,
        (P.CONFIRMED.value,),
        process_state(P.IN_PROGRESS, IP.OPEN_BUYER_RECONFIRMATION_REQUEST),
        "request-reconfirmation",
    ),
    TransitionSpec(
        Trigger.REVERT_CANCELLATION,
        (P.CANCELLED.value,),
        process_state(P.IN_PROGRESS, IP.REVERTED_CANCELLED_LINE),
        "revert-cancellation",
    ),
    TransitionSpec(
        Trigger.REVERT_COMPLETION,
        (P.COMPLETED.value,),
        process_state(P.IN_PROGRESS, IP.REVERTED_COMPLETED_LINE),
        "revert-completion",
    ),
    TransitionSpec(Trigger.UPDATE, (P.ISSUED.value, P.IN_PROGRESS.value), None, "update.keep"),
    TransitionSpec(
        Trigger.UPDATE,
        (P.REJECTED.value,),
        process_state(P.IN_PROGRESS, IP.REISSUED_REJECTED_LINE),
        "update.reissue",
    ),
    TransitionSpec(Trigger.UPDATE, (P.CONFIRMED.value,), OPEN_BUYER_REOPEN, "update.reopen"),
    TransitionSpec(Trigger.UPDATE, (OPEN_BUYER_REOPEN,), None, "update.change-reopen"),
    TransitionSpec(
        Trigger.UPDATE_TO_CONFIRMED, (P.ISSUED.value, P.IN_PROGRESS.value), None, "update.keep"
    ),
    TransitionSpec(
        Trigger.UPDATE_TO_CONFIRMED, (OPEN_BUYER_REOPEN,), P.CONFIRMED.value, "update.revert-reopen"
    ),
    TransitionSpec(
        Trigger.UPDATE_TO_CONFIRMED,
        (P.REJECTED.value,),
        process_state(P.IN_PROGRESS, IP.REISSUED_REJECTED_LINE),
        "update.reissue",
    ),
    TransitionSpec(
        Trigger.UPDATE_TO_CONFIRMED, (P.CONFIRMED.value,), None, "update.confirmed-same"
    ),
    TransitionSpec(Trigger.UPDATE_FIELDS, ACTIVE, None, "update.fields"),
)


def ip(status: InProgressStatus) -> str:
    """The process machine's state name for InProgress with this in-progress status."""
    return process_state(P.IN_PROGRESS, status)


I_, IP_, C_, R_ = P.ISSUED.value, P.IN_PROGRESS.value, P.CONFIRMED.value, P.REJECTED.value
ENDED: Final = (P.COMPLETED.value, P.CANCELLED.value)
PROPOSAL: Final = ip(IP.OPEN_SUPPLIER_PROPOSAL)
SUPPLIER_REOPEN: Final = ip(IP.OPEN_SUPPLIER_REOPEN_REQUEST)
BUYER_REOPEN: Final = OPEN_BUYER_REOPEN
RECONFIRMATION: Final = ip(IP.OPEN_BUYER_RECONFIRMATION_REQUEST)
RESCHEDULE: Final = ip(IP.OPEN_SUPPLIER_SHIPMENT_RESCHEDULE_REQUEST)
RESPONSE_TRIGGERS: Final = (
    Trigger.RESPOND_ACCEPT,
    Trigger.RESPOND_ACCEPT_AS_PROPOSAL,
    Trigger.RESPOND_REJECT,
    Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED,
    Trigger.RESPOND_AS_REQUESTED,
    Trigger.RESPOND_AS_CONFIRMED,
    Trigger.RESPOND_OTHER,
)

NEGOTIATION_TRANSITIONS: Final = (
    # The supplier accepts.
    TransitionSpec(Trigger.RESPOND_ACCEPT, (I_, IP_), C_, "respond.accept"),
    TransitionSpec(Trigger.RESPOND_ACCEPT, (BUYER_REOPEN,), C_, "respond.approve-buyer-reopen"),
    TransitionSpec(Trigger.RESPOND_ACCEPT, (RECONFIRMATION,), C_, "respond.reconfirm"),
    TransitionSpec(Trigger.RESPOND_ACCEPT, (C_,), None, "respond.confirmed-stays"),
    TransitionSpec(Trigger.RESPOND_ACCEPT, (R_,), C_, "respond.accept-rejected"),
    # ... on a line with proposeWhenAccepted.
    TransitionSpec(
        Trigger.RESPOND_ACCEPT_AS_PROPOSAL, (I_, IP_, R_), PROPOSAL, "respond.propose-when-accepted"
    ),
    TransitionSpec(Trigger.RESPOND_ACCEPT_AS_PROPOSAL, (C_,), None, "respond.confirmed-stays"),
    # The supplier rejects.
    TransitionSpec(Trigger.RESPOND_REJECT, (I_, IP_), R_, "respond.reject"),
    TransitionSpec(Trigger.RESPOND_REJECT, (BUYER_REOPEN,), C_, "respond.reject-buyer-reopen"),
    TransitionSpec(Trigger.RESPOND_REJECT, (R_,), None, "respond.reject-again"),
    # The supplier answers with values equal to both the requested and the confirmed ones.
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED, (I_, IP_), C_, "respond.accept-values"
    ),
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED, (SUPPLIER_REOPEN,), C_, "respond.revert-reopen"
    ),
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED,
        (BUYER_REOPEN,),
        C_,
        "respond.approve-buyer-reopen",
    ),
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED, (RECONFIRMATION,), C_, "respond.reconfirm"
    ),
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED, (C_,), None, "respond.confirmed-stays"
    ),
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED, (R_,), C_, "respond.accept-rejected"
    ),
    # ... equal to the requested values, not to the confirmed ones (or there are none).
    TransitionSpec(Trigger.RESPOND_AS_REQUESTED, (I_, IP_), C_, "respond.accept-values"),
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED, (BUYER_REOPEN,), C_, "respond.approve-buyer-reopen"
    ),
    TransitionSpec(
        Trigger.RESPOND_AS_REQUESTED, (RECONFIRMATION,), C_, "respond.reconfirm-as-requested"
    ),
    TransitionSpec(Trigger.RESPOND_AS_REQUESTED, (C_,), SUPPLIER_REOPEN, "respond.reopen"),
    TransitionSpec(Trigger.RESPOND_AS_REQUESTED, (R_,), C_, "respond.accept-rejected"),
    # ... equal to the confirmed values, not to the requested ones.
    TransitionSpec(Trigger.RESPOND_AS_CONFIRMED, (I_, IP_, R_), PROPOSAL, "respond.propose"),
    TransitionSpec(Trigger.RESPOND_AS_CONFIRMED, (SUPPLIER_REOPEN,), C_, "respond.revert-reopen"),
    TransitionSpec(Trigger.RESPOND_AS_CONFIRMED, (RECONFIRMATION,), C_, "respond.reconfirm"),
    TransitionSpec(Trigger.RESPOND_AS_CONFIRMED, (C_,), None, "respond.confirmed-stays"),
    # ... different from both.
    TransitionSpec(Trigger.RESPOND_OTHER, (I_, IP_, R_), PROPOSAL, "respond.propose"),
    TransitionSpec(Trigger.RESPOND_OTHER, (SUPPLIER_REOPEN,), None, "respond.update-reopen"),
    TransitionSpec(
        Trigger.RESPOND_OTHER, (RECONFIRMATION,), SUPPLIER_REOPEN, "respond.reconfirmation-reopen"
    ),
    TransitionSpec(Trigger.RESPOND_OTHER, (C_,), SUPPLIER_REOPEN, "respond.reopen"),
    # Answers to open requests, and autoConfirm.
    TransitionSpec(Trigger.APPROVE_PROPOSAL, (PROPOSAL,), C_, "answer.approve-proposal"),
    TransitionSpec(
        Trigger.REJECT_PROPOSAL,
        (PROPOSAL,),
        ip(IP.REJECTED_SUPPLIER_PROPOSAL),
        "answer.reject-proposal",
    ),
    TransitionSpec(
        Trigger.REJECT_PROPOSAL_REOPEN_OPEN,
        (PROPOSAL,),
        BUYER_REOPEN,
        "answer.reject-proposal.reopen-open",
    ),
    TransitionSpec(
        Trigger.APPROVE_SUPPLIER_REOPEN, (SUPPLIER_REOPEN,), C_, "answer.approve-supplier-reopen"
    ),
    TransitionSpec(
        Trigger.REJECT_SUPPLIER_REOPEN, (SUPPLIER_REOPEN,), C_, "answer.reject-supplier-reopen"
    ),
    TransitionSpec(
        Trigger.APPROVE_BUYER_REOPEN, (BUYER_REOPEN,), C_, "answer.approve-buyer-reopen"
    ),
    TransitionSpec(Trigger.REJECT_BUYER_REOPEN, (BUYER_REOPEN,), C_, "answer.reject-buyer-reopen"),
    TransitionSpec(
        Trigger.APPROVE_SHIPMENT_RESCHEDULE,
        (RESCHEDULE,),
        ip(IP.APPROVED_DELIVERY_SCHEDULE),
        "answer.approve-shipment-reschedule",
    ),
    TransitionSpec(
        Trigger.REJECT_SHIPMENT_RESCHEDULE,
        (RESCHEDULE,),
        ip(IP.REJECTED_DELIVERY_SCHEDULE),
        "answer.reject-shipment-reschedule",
    ),
    TransitionSpec(Trigger.AUTO_CONFIRM, (PROPOSAL,), C_, "auto-confirm.proposal"),
    TransitionSpec(Trigger.AUTO_CONFIRM, (SUPPLIER_REOPEN,), C_, "auto-confirm.reopen"),
)


def _all_but(*kept: str) -> tuple[str, ...]:
    """Every leaf and top-level process state a refusal must cover, except ``kept``.

    InProgress stands for all its sub-states unless one of them is kept, in which case its
    siblings are listed one by one.
    """
    names: list[str] = []
    for status in P:
        if status is P.IN_PROGRESS and any(k.startswith(IP_ + SEP) for k in kept):
            names.extend(ip(s) for s in IP if ip(s) not in kept)
        elif status.value not in kept:
            names.append(status.value)
    return tuple(names)


NEGOTIATION_REFUSALS: Final = (
    *(RefusalSpec(trigger, ENDED, "respond.ignored") for trigger in RESPONSE_TRIGGERS),
    RefusalSpec(Trigger.RESPOND_REJECT, (C_,), "respond.reject.refused-confirmed"),
    RefusalSpec(Trigger.APPROVE_PROPOSAL, _all_but(PROPOSAL), "answer.proposal.refused"),
    RefusalSpec(Trigger.REJECT_PROPOSAL, _all_but(PROPOSAL), "answer.proposal.refused"),
    RefusalSpec(Trigger.REJECT_PROPOSAL_REOPEN_OPEN, _all_but(PROPOSAL), "answer.proposal.refused"),
    RefusalSpec(
        Trigger.APPROVE_SUPPLIER_REOPEN, _all_but(SUPPLIER_REOPEN), "answer.supplier-reopen.refused"
    ),
    RefusalSpec(
        Trigger.REJECT_SUPPLIER_REOPEN, _all_but(SUPPLIER_REOPEN), "answer.supplier-reopen.refused"
    ),
    RefusalSpec(
        Trigger.APPROVE_BUYER_REOPEN, _all_but(BUYER_REOPEN), "answer.buyer-reopen.refused"
    ),
    RefusalSpec(Trigger.REJECT_BUYER_REOPEN, _all_but(BUYER_REOPEN), "answer.buyer-reopen.refused"),
    RefusalSpec(
        Trigger.APPROVE_SHIPMENT_RESCHEDULE,
        _all_but(RESCHEDULE),
        "answer.shipment-reschedule.refused",
    ),
    RefusalSpec(
        Trigger.REJECT_SHIPMENT_RESCHEDULE,
        _all_but(RESCHEDULE),
        "answer.shipment-reschedule.refused",
    ),
    RefusalSpec(Trigger.AUTO_CONFIRM, _all_but(PROPOSAL, SUPPLIER_REOPEN), "auto-confirm.refused"),
)

BUYER_REFUSALS: Final = (
    RefusalSpec(Trigger.CANCEL, (P.COMPLETED.value,), "cancel.refused.completed"),
    RefusalSpec(Trigger.CANCEL, (P.CANCELLED.value,), "cancel.refused.cancelled"),
    RefusalSpec(Trigger.COMPLETE, (P.CANCELLED.value,), "complete.refused.cancelled"),
    RefusalSpec(Trigger.COMPLETE, (P.COMPLETED.value,), "complete.refused.completed"),
    RefusalSpec(Trigger.CONFIRM, all_process_states_but(P.ISSUED), "confirm.refused"),
    RefusalSpec(
        Trigger.REQUEST_RECONFIRMATION,
        all_process_states_but(P.CONFIRMED),
        "request-reconfirmation.refused",
    ),
    RefusalSpec(
        Trigger.REVERT_CANCELLATION,
        all_process_states_but(P.CANCELLED),
        "revert-cancellation.refused",
    ),
    RefusalSpec(
        Trigger.REVERT_COMPLETION,
        all_process_states_but(P.COMPLETED),
        "revert-completion.refused",
    ),
    RefusalSpec(Trigger.UPDATE, (P.COMPLETED.value, P.CANCELLED.value), "update.ignored"),
    RefusalSpec(
        Trigger.UPDATE_TO_CONFIRMED, (P.COMPLETED.value, P.CANCELLED.value), "update.ignored"
    ),
    RefusalSpec(Trigger.UPDATE_FIELDS, (P.COMPLETED.value, P.CANCELLED.value), "update.ignored"),
)

#: The process machine's whole table: the buyer's indicators, updates and reverts, then the
#: negotiation between buyer and supplier.
PROCESS_TRANSITIONS: Final = (*BUYER_TRANSITIONS, *NEGOTIATION_TRANSITIONS)
PROCESS_REFUSALS: Final = (*BUYER_REFUSALS, *NEGOTIATION_REFUSALS)

NOT_CANCELLED_LOGISTICS: Final = tuple(s.value for s in L if s is not L.CANCELLED)
BEFORE_SHIPPED: Final = (L.OPEN.value, L.PRODUCED.value, L.READY_TO_SHIP.value)

LOGISTICS_TRANSITIONS: Final = (
    TransitionSpec(Trigger.CANCEL, NOT_CANCELLED_LOGISTICS, L.CANCELLED.value, "cancel"),
    TransitionSpec(Trigger.SHIP, BEFORE_SHIPPED, L.SHIPPED.value, "ship"),
    TransitionSpec(
        Trigger.DELIVER, (*BEFORE_SHIPPED, L.SHIPPED.value), L.DELIVERED.value, "deliver"
    ),
    TransitionSpec(
        Trigger.REVERT_CANCELLATION, (L.CANCELLED.value,), L.OPEN.value, "revert-cancellation"
    ),
)

LOGISTICS_REFUSALS: Final = (
    RefusalSpec(Trigger.CANCEL, (L.CANCELLED.value,), "cancel.refused.cancelled"),
    RefusalSpec(
        Trigger.SHIP, (L.SHIPPED.value, L.DELIVERED.value, L.CANCELLED.value), "ship.refused"
    ),
    RefusalSpec(Trigger.DELIVER, (L.DELIVERED.value, L.CANCELLED.value), "deliver.refused"),
    RefusalSpec(
        Trigger.REVERT_CANCELLATION, NOT_CANCELLED_LOGISTICS, "revert-cancellation.refused"
    ),
)


#: The routes whose purchase order number Tradecloud verifies, and the rules of the three answers:
#: (found, queued because verification is unavailable, not found).
VERIFICATION: Final[Mapping[Route, tuple[str, str, str]]] = MappingProxyType(
    {
        Route.ORDER_INDICATORS: (
            "verification.found",
            "verification.queued",
            "verification.not-found",
        ),
        Route.ORDER_RESPONSE: ("response.accepted", "response.queued", "response.not-found"),
    }
)

#: The line actions of the portal, as routes of this library: what each one triggers on the lines
#: it names, and the rule that says so (decision D17).
LINE_ACTIONS: Final[Mapping[Route, tuple[Trigger, str]]] = MappingProxyType(
    {
        Route.REVERT_CANCELLED_LINES: (Trigger.REVERT_CANCELLATION, "scope.revert-lines"),
        Route.REVERT_COMPLETED_LINES: (Trigger.REVERT_COMPLETION, "scope.revert-lines"),
        Route.APPROVE_PROPOSAL: (Trigger.APPROVE_PROPOSAL, "scope.answer-lines"),
        Route.REJECT_PROPOSAL: (Trigger.REJECT_PROPOSAL, "scope.answer-lines"),
        Route.APPROVE_SUPPLIER_REOPEN: (Trigger.APPROVE_SUPPLIER_REOPEN, "scope.answer-lines"),
        Route.REJECT_SUPPLIER_REOPEN: (Trigger.REJECT_SUPPLIER_REOPEN, "scope.answer-lines"),
        Route.APPROVE_BUYER_REOPEN: (Trigger.APPROVE_BUYER_REOPEN, "scope.answer-lines"),
        Route.REJECT_BUYER_REOPEN: (Trigger.REJECT_BUYER_REOPEN, "scope.answer-lines"),
        # The buyer's answers to shipment reschedule requests (decision D88): rule-table entries
        # like the others, so a bulk answer route takes them in with one line each.
        Route.APPROVE_SHIPMENT_RESCHEDULE: (
            Trigger.APPROVE_SHIPMENT_RESCHEDULE,
            "scope.answer-lines",
        ),
        Route.REJECT_SHIPMENT_RESCHEDULE: (
            Trigger.REJECT_SHIPMENT_RESCHEDULE,
            "scope.answer-lines",
        ),
    }
)

#: The rules of the delivery routes and views (order/buyer/receive-goods.md), in the order the
#: rules page lists them.
DELIVERY_RULES: Final = (
    "delivery-lines.logistics",
    "delivery-lines.logistics.ignored",
    "history.order",
    "history.append",
    "history.append.refused-too-long",
    "history.replace",
    "deliveries.accepted",
    "deliveries.not-found",
    "overdue.line",
    "overdue.order",
)

#: The delivery routes: the rule each applies to the lines it names (decision D86).
DELIVERY_ROUTES: Final[Mapping[Route, str]] = MappingProxyType(
    {Route.ORDER_DELIVERIES: "history.append", Route.ORDER_DELIVERY_HISTORY: "history.replace"}
)


#: The buyer's bulk answers to supplier requests (``order/{orderId}/requests/buyer/approve`` and
#: ``.../reject`` in Tradecloud's SDK, "proposal, reopen, and reschedule requests" alike): per
#: route, the in-progress status naming each open supplier request and the trigger answering it
#: (decision D31).
BULK_ANSWERS: Final[Mapping[Route, Mapping[InProgressStatus, Trigger]]] = MappingProxyType(
    {
        Route.APPROVE_REQUESTS: MappingProxyType(
            {
                IP.OPEN_SUPPLIER_PROPOSAL: Trigger.APPROVE_PROPOSAL,
                IP.OPEN_SUPPLIER_REOPEN_REQUEST: Trigger.APPROVE_SUPPLIER_REOPEN,
                IP.OPEN_SUPPLIER_SHIPMENT_RESCHEDULE_REQUEST: Trigger.APPROVE_SHIPMENT_RESCHEDULE,
            }
        ),
        Route.REJECT_REQUESTS: MappingProxyType(
            {
                IP.OPEN_SUPPLIER_PROPOSAL: Trigger.REJECT_PROPOSAL,
                IP.OPEN_SUPPLIER_REOPEN_REQUEST: Trigger.REJECT_SUPPLIER_REOPEN,
                IP.OPEN_SUPPLIER_SHIPMENT_RESCHEDULE_REQUEST: Trigger.REJECT_SHIPMENT_RESCHEDULE,
            }
        ),
    }
)


# ------------------------------------------------------------------------------------------------
# Indicators: which trigger each buyer indicator pulls, on which level, and their precedence.
# ------------------------------------------------------------------------------------------------


@frozen
class Indicator:
    """A buyer indicator: its JSON name, where it may stand, and what it does.

    ``trigger`` is ``None`` for settings that are stored rather than acted on at once.
    """

    name: str
    levels: tuple[str, ...]
    trigger: Trigger | None
    rule: str

    @property
    def attribute(self) -> str:
        """The Python attribute holding this indicator on the message classes."""
        return python_name(self.name)


BOTH: Final = ("order", "line")

#: Every buyer indicator (order/buyer/issue/indicators.md).
INDICATORS: Final = (
    Indicator("completed", BOTH, Trigger.COMPLETE, "complete"),
    Indicator("cancelled", BOTH, Trigger.CANCEL, "cancel"),
    Indicator("confirmed", BOTH, Trigger.CONFIRM, "confirm"),
    Indicator(
        "requestReconfirmation", BOTH, Trigger.REQUEST_RECONFIRMATION, "request-reconfirmation"
    ),
    Indicator("delivered", BOTH, Trigger.DELIVER, "deliver"),
    Indicator("shipped", BOTH, Trigger.SHIP, "ship"),
    Indicator("autoConfirm", ("order",), None, "setting.auto-confirm"),
    Indicator("cancelLineWhenMissing", ("order",), None, "scope.cancel-line-when-missing"),
    Indicator("noDeliveryExpected", ("line",), None, "setting.no-delivery-expected"),
    Indicator("proposeWhenAccepted", ("line",), None, "setting.propose-when-accepted"),
)

#: In each group only the first indicator that is true for a line acts on it (rules
#: ``precedence.complete-over-cancel`` and ``precedence.indicators``). The process group goes
#: first, so a line cancelled by a message is no longer marked shipped by it.
PRECEDENCE: Final = tuple(
    tuple(i for i in INDICATORS if i.trigger in group)
    for group in (
        (Trigger.COMPLETE, Trigger.CANCEL, Trigger.CONFIRM, Trigger.REQUEST_RECONFIRMATION),
        (Trigger.DELIVER, Trigger.SHIP),
    )
)


def _machine_transitions(specs: Iterable[TransitionSpec]) -> list[dict[str, object]]:
    return [
        {"trigger": spec.trigger.value, "source": list(spec.sources), "dest": spec.dest}
        for spec in specs
    ]


#: The process machine's definition: its states nest the in-progress statuses under InProgress.
PROCESS_DEFINITION: Final[Mapping[str, Any]] = MappingProxyType(
    {
        "states": [
            P.ISSUED.value,
            {"name": P.IN_PROGRESS.value, "children": [s.value for s in IP]},
            P.CONFIRMED.value,
            P.REJECTED.value,
            P.COMPLETED.value,
            P.CANCELLED.value,
        ],
        "transitions": _machine_transitions(PROCESS_TRANSITIONS),
        "initial": P.ISSUED.value,
        "auto_transitions": False,
    }
)

#: The logistics machine's definition: flat.
LOGISTICS_DEFINITION: Final[Mapping[str, Any]] = MappingProxyType(
    {
        "states": [s.value for s in L],
        "transitions": _machine_transitions(LOGISTICS_TRANSITIONS),
        "initial": L.OPEN.value,
        "auto_transitions": False,
    }
)


def _hierarchical_machine() -> type[Machine]:
    """transitions' ``HierarchicalMachine``, without the rest of ``transitions.extensions``.

    That package's ``__init__`` also imports the diagram, locking and asyncio extensions (asyncio
    alone costs about 40 ms at start-up) and the rules need none of them; diagrams are drawn by
    :mod:`tradecloud_domain.docgen`, which imports the diagram extension itself. So the one
    module is run on its own, unless the package is loaded already; it is left out of
    ``sys.modules``, so a later ``import transitions.extensions`` loads the package as usual.
    """
    import transitions  # noqa: PLC0415 - imported when the rules are first used

    name = "transitions.extensions.nesting"
    module = sys.modules.get(name)
    if module is None:
        assert transitions.__file__ is not None
        path = transitions.__file__.removesuffix("__init__.py") + "extensions/nesting.py"
        spec = importlib.util.spec_from_file_location(name, path)
        try:
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except (AssertionError, ImportError, OSError):  # pragma: no cover - another layout
            from transitions.extensions.nesting import HierarchicalMachine  # noqa: PLC0415

            return HierarchicalMachine
    machine: type[Machine] = module.HierarchicalMachine
    return machine


@functools.cache
def _machines() -> tuple[Machine, Machine]:
    """The process machine, built once from :data:`PROCESS_DEFINITION`, and the logistics
    machine, built once from :data:`LOGISTICS_DEFINITION` (:data:`PROCESS_MACHINE`,
    :data:`LOGISTICS_MACHINE`)."""
    machine = _hierarchical_machine()
    return machine(model=None, **PROCESS_DEFINITION), machine(model=None, **LOGISTICS_DEFINITION)


# ------------------------------------------------------------------------------------------------
# Compilation: read each machine's event tables once into an immutable lookup.
# ------------------------------------------------------------------------------------------------


@frozen
class Move:
    """The effect of one trigger in one state of one machine: a destination, or a refusal."""

    dest: str | None  # None: refused
    rule: Rule


@functools.cache
def _leaves(machine: Machine) -> tuple[str, ...]:
    names: list[str] = machine.get_nested_state_names()
    return tuple(n for n in names if not any(o.startswith(n + SEP) for o in names))


@functools.cache
def _parents(machine: Machine) -> tuple[str, ...]:
    names: list[str] = machine.get_nested_state_names()
    return tuple(n for n in names if any(o.startswith(n + SEP) for o in names))


def _compile(
    machine: Machine,
    refusals: Iterable[RefusalSpec],
    transitions: Iterable[TransitionSpec],
    only: Trigger | None = None,
) -> Mapping[tuple[str, Trigger], Move]:
    """For every state and every trigger the machine knows (or only the trigger ``only``), the
    single move it makes.

    Lookup follows the machine's own resolution: a transition declared on the leaf state, else one
    declared on its parent. A leaf with neither must have a refusal, or this raises.

    A parent state (``InProgress`` without an in-progress status, which Tradecloud may send; see
    decision D14) gets the transitions declared on it; a trigger that only its sub-states
    know is refused with rule ``in-progress.unknown``, unless a refusal names the parent.
    """
    wanted = set(Trigger) if only is None else {only}
    rule_of = {
        (t.trigger, s): t.rule for t in transitions if t.trigger in wanted for s in t.sources
    }
    refusal_of = {
        (r.trigger, s): r.rule for r in refusals if r.trigger in wanted for s in r.sources
    }
    table: dict[tuple[str, Trigger], Move] = {}
    leaves = _leaves(machine)
    parents = _parents(machine)
    for name, event in machine.events.items():
        trigger = Trigger(name)
        if only is not None and trigger is not only:
            continue
        for leaf in leaves:
            ancestry = [SEP.join(leaf.split(SEP)[:n]) for n in range(leaf.count(SEP) + 1, 0, -1)]
            found = next((a for a in ancestry if event.transitions.get(a)), None)
            refused = next((a for a in ancestry if (trigger, a) in refusal_of), None)
            if (found is None) == (refused is None):
                raise AssertionError(f"{trigger} in {leaf}: need exactly one transition or refusal")
            if found is not None:
                (transition,) = event.transitions[found]
                dest = leaf if transition.dest is None else transition.dest
                table[(leaf, trigger)] = Move(dest, RULES[rule_of[(trigger, found)]])
            else:
                assert refused is not None
                table[(leaf, trigger)] = Move(None, RULES[refusal_of[(trigger, refused)]])
        for parent in parents:
            if event.transitions.get(parent):
                (transition,) = event.transitions[parent]
                dest = parent if transition.dest is None else transition.dest
                table[(parent, trigger)] = Move(dest, RULES[rule_of[(trigger, parent)]])
            else:
                refusal = refusal_of.get((trigger, parent), "in-progress.unknown")
                table[(parent, trigger)] = Move(None, RULES[refusal])
    return MappingProxyType(table)


@functools.cache
def _moves(
    only: Trigger | None = None,
) -> tuple[Mapping[tuple[str, Trigger], Move], Mapping[tuple[str, Trigger], Move]]:
    """Each machine compiled once (:data:`PROCESS_MOVES`, :data:`LOGISTICS_MOVES`); with a
    trigger, the moves of that trigger alone, compiled once (the first step of a trigger needs
    no more)."""
    process, logistics = _machines()
    return (
        _compile(process, PROCESS_REFUSALS, PROCESS_TRANSITIONS, only),
        _compile(logistics, LOGISTICS_REFUSALS, LOGISTICS_TRANSITIONS, only),
    )


def _process_of(state: str) -> tuple[ProcessStatus, InProgressStatus | None]:
    head, _, tail = state.partition(SEP)
    return ProcessStatus(head), (InProgressStatus(tail) if tail else None)


def _valid(process: str, logistics: str) -> LineStatus | None:
    status, in_progress = _process_of(process)
    line_status = LineStatus(status, LogisticsStatus(logistics), in_progress)
    return None if line_status.contradictions() else line_status


@functools.cache
def _line_statuses() -> tuple[LineStatus, ...]:
    """Every line status the rules produce from a consistent one (see :class:`LineStatus`), in
    the machines' order (:data:`LINE_STATUSES`). The rules read any other combination too
    (decision D14)."""
    process, logistics = _machines()
    return tuple(
        status
        for process_state, logistics_state in itertools.product(
            _leaves(process), _leaves(logistics)
        )
        if (status := _valid(process_state, logistics_state)) is not None
    )


@frozen
class Step:
    """What a trigger does to a line status: the status after, or a refusal, and the rule.

    ``changes`` says whether ``after`` differs from the status the step starts from.
    """

    allowed: bool
    after: LineStatus
    rule: Rule
    changes: bool = False
    #: The line leaves InProgress: whatever request is still open is no longer relevant.
    closes_requests: bool = False


def _process_state_of(status: LineStatus) -> str:
    """The process machine's state for a line status. An in-progress status beside another
    process status is not looked at; ``InProgress`` without one is the parent state (D14)."""
    if status.process_status is P.IN_PROGRESS:
        return process_state(P.IN_PROGRESS, status.in_progress_status)
    return status.process_status.value


def _combine(status: LineStatus, trigger: Trigger) -> Step | None:
    """The process machine decides; the logistics machine follows when it can.

    A trigger both machines know (cancel, revert a cancellation) is refused only when the process
    machine refuses it; the logistics status then moves if its machine allows, else stays. A
    trigger only the logistics machine knows (ship, deliver) is decided by it, and refused for a
    cancelled line. The status a step moves a line to is consistent (:class:`LineStatus`): an
    in-progress status comes only with InProgress, logistics Cancelled only with Cancelled.
    """
    process_moves, logistics_moves = _moves(trigger)
    p_move = process_moves.get((_process_state_of(status), trigger))
    l_move = logistics_moves.get((status.logistics_status.value, trigger))
    if p_move is None:
        if l_move is None:
            return None
        if status.process_status is P.CANCELLED:
            l_move = logistics_moves[(L.CANCELLED.value, trigger)]
        if l_move.dest is None:
            return Step(False, status, l_move.rule)
        after = LineStatus(
            status.process_status, LogisticsStatus(l_move.dest), status.in_progress_status
        )
        return Step(True, after, l_move.rule, changes=after != status)
    if p_move.dest is None:
        return Step(False, status, p_move.rule)
    process, in_progress = _process_of(p_move.dest)
    logistics = (
        LogisticsStatus(l_move.dest)
        if l_move is not None and l_move.dest is not None
        else status.logistics_status
    )
    if process is P.CANCELLED:
        logistics = L.CANCELLED
    elif logistics is L.CANCELLED:
        logistics = L.OPEN  # a line no longer cancelled (decision D16)
    after = _status(process, logistics, in_progress)
    return Step(
        True,
        after,
        p_move.rule,
        changes=after != status,
        closes_requests=status.process_status is P.IN_PROGRESS and process is not P.IN_PROGRESS,
    )


@functools.cache
def _status(
    process: ProcessStatus, logistics: LogisticsStatus, in_progress: InProgressStatus | None
) -> LineStatus:
    """The line status a step moves to, built once: compiling reuses it instead of building a new
    one for every step."""
    return LineStatus(process, logistics, in_progress)


class _Table(dict[int, Step]):
    """One trigger's steps by status code, each compiled from the machines on first use."""

    def __init__(self, trigger: Trigger) -> None:
        super().__init__()
        self.trigger = trigger

    def __missing__(self, code: int) -> Step:
        result = _combine(LineStatus.of_code(code), self.trigger)
        if result is None:  # pragma: no cover - every trigger is known to one of the machines
            raise KeyError(code)
        self[code] = result
        return result


#: The compiled rules, one table per trigger, keyed by :attr:`LineStatus.code`: the hot loop of
#: ``apply`` looks a status up with one small-integer key. A step is compiled from the machines
#: the first time a line takes it, and kept.
STEP_TABLES: Final[Mapping[Trigger, Mapping[int, Step]]] = MappingProxyType(
    {trigger: MappingProxyType(_Table(trigger)) for trigger in Trigger}
)


def _steps() -> Mapping[tuple[LineStatus, Trigger], Step]:
    """The compiled rules: for every consistent line status and every trigger, what happens
    (:data:`STEPS`; the same steps :data:`STEP_TABLES` holds)."""
    return MappingProxyType(
        {
            (status, trigger): STEP_TABLES[trigger][status.code]
            for status in _line_statuses()
            for trigger in Trigger
        }
    )


#: What the rules build on first access (module ``__getattr__``), by name.
_ON_FIRST_ACCESS: Final[Mapping[str, Callable[[], object]]] = MappingProxyType(
    {
        "PROCESS_MACHINE": lambda: _machines()[0],
        "LOGISTICS_MACHINE": lambda: _machines()[1],
        "PROCESS_MOVES": lambda: _moves()[0],
        "LOGISTICS_MOVES": lambda: _moves()[1],
        "LINE_STATUSES": _line_statuses,
        "STEPS": _steps,
    }
)

if TYPE_CHECKING:
    #: The process machine, built once from :data:`PROCESS_DEFINITION`.
    PROCESS_MACHINE: Machine
    #: The logistics machine, built once from :data:`LOGISTICS_DEFINITION`.
    LOGISTICS_MACHINE: Machine
    #: For every state and trigger of the process machine, its single move.
    PROCESS_MOVES: Mapping[tuple[str, Trigger], Move]
    #: For every state and trigger of the logistics machine, its single move.
    LOGISTICS_MOVES: Mapping[tuple[str, Trigger], Move]
    #: Every line status the rules produce from a consistent one (see :class:`LineStatus`).
    LINE_STATUSES: tuple[LineStatus, ...]
    #: For every consistent line status and every trigger, what happens.
    STEPS: Mapping[tuple[LineStatus, Trigger], Step]


def __getattr__(name: str) -> object:
    """Build what the rules build on first access (:data:`_ON_FIRST_ACCESS`), once."""
    build = _ON_FIRST_ACCESS.get(name)
    if build is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = build()
    return value


def step(status: LineStatus, trigger: Trigger) -> Step:
    """What ``trigger`` does to a line in ``status``: one lookup in :data:`STEP_TABLES`."""
    return STEP_TABLES[trigger][status.code]


# ------------------------------------------------------------------------------------------------
# Order status: the aggregation of the lines (decision D2).
# ------------------------------------------------------------------------------------------------

LOGISTICS_ORDER: Final = (L.OPEN, L.PRODUCED, L.READY_TO_SHIP, L.SHIPPED, L.DELIVERED)
_LOGISTICS_RANK: Final = {status: rank for rank, status in enumerate(LOGISTICS_ORDER)}


def aggregate(lines: Iterable[Line]) -> OrderStatus:
    """The order's process and logistics status from its lines (rules ``order-status.*``)."""
    statuses = [line.status for line in lines]
    if not statuses:
        return OrderStatus(P.ISSUED, L.OPEN)
    live = [s for s in statuses if s.process_status is not P.CANCELLED]
    if not live:
        return OrderStatus(P.CANCELLED, L.CANCELLED)
    logistics = min((s.logistics_status for s in live), key=_LOGISTICS_RANK.__getitem__)
    open_ = {s.process_status for s in live if s.process_status is not P.COMPLETED}
    if not open_:
        return OrderStatus(P.COMPLETED, logistics)
    process = open_.pop() if len(open_) == 1 else P.IN_PROGRESS
    return OrderStatus(process, logistics)
