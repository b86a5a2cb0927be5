"""The status vocabularies of a Tradecloud order (order/status.md).

Values are spelled exactly as Tradecloud's JSON spells them, so an enum member's
``value`` is what goes over the wire.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["InProgressStatus", "LogisticsStatus", "ProcessStatus", "RequestStatus", "Route"]


class ProcessStatus(StrEnum):
    """Where a line (or, aggregated, an order) stands in the buyer-supplier process."""

    ISSUED = "Issued"
    IN_PROGRESS = "InProgress"
    CONFIRMED = "Confirmed"
    REJECTED = "Rejected"
    COMPLETED = "Completed"
    CANCELLED = "Cancelled"


class InProgressStatus(StrEnum):
    """Why a line is ``InProgress``; set only while it is."""

    OPEN_SUPPLIER_PROPOSAL = "OpenSupplierProposal"
    REJECTED_SUPPLIER_PROPOSAL = "RejectedSupplierProposal"
    REISSUED_REJECTED_LINE = "ReissuedRejectedLine"
    OPEN_BUYER_REOPEN_REQUEST = "OpenBuyerReopenRequest"
    OPEN_SUPPLIER_REOPEN_REQUEST = "OpenSupplierReopenRequest"
    OPEN_BUYER_RECONFIRMATION_REQUEST = "OpenBuyerReconfirmationRequest"
    OPEN_SUPPLIER_SHIPMENT_RESCHEDULE_REQUEST = "OpenSupplierShipmentRescheduleRequest"
    APPROVED_DELIVERY_SCHEDULE = "ApprovedDeliverySchedule"
    REJECTED_DELIVERY_SCHEDULE = "RejectedDeliverySchedule"
    REVERTED_COMPLETED_LINE = "RevertedCompletedLine"
    REVERTED_CANCELLED_LINE = "RevertedCancelledLine"


class LogisticsStatus(StrEnum):
    """How far the goods of a line (or, aggregated, an order) have travelled."""

    OPEN = "Open"
    PRODUCED = "Produced"
    READY_TO_SHIP = "ReadyToShip"
    SHIPPED = "Shipped"
    DELIVERED = "Delivered"
    CANCELLED = "Cancelled"


class RequestStatus(StrEnum):
    """Where a proposal or reopen request stands."""

    OPEN = "Open"
    APPROVED = "Approved"
    REJECTED = "Rejected"
    CLOSED = "Closed"


class Route(StrEnum):
    """The API resources whose messages this library understands."""

    ORDER = "order"
    ORDER_SINGLE_DELIVERY = "order/single-delivery"
    ORDER_INDICATORS = "order/indicators"
    REVERT_CANCELLED_LINES = "order/revert-cancelled-lines"
    REVERT_COMPLETED_LINES = "order/revert-completed-lines"
    APPROVE_PROPOSAL = "order/approve-proposal"
    REJECT_PROPOSAL = "order/reject-proposal"
    APPROVE_SUPPLIER_REOPEN = "order/approve-reopen-request"
    REJECT_SUPPLIER_REOPEN = "order/reject-reopen-request"
    APPROVE_SHIPMENT_RESCHEDULE = "order/approve-reschedule-request"
    REJECT_SHIPMENT_RESCHEDULE = "order/reject-reschedule-request"
    ORDER_DELIVERIES = "order/deliveries"
    ORDER_DELIVERY_HISTORY = "order/deliveryHistory"
    APPROVE_REQUESTS = "order/requests/buyer/approve"
    REJECT_REQUESTS = "order/requests/buyer/reject"
    ORDER_RESPONSE = "order-response"
    APPROVE_BUYER_REOPEN = "order-response/approve-reopen-request"
    REJECT_BUYER_REOPEN = "order-response/reject-reopen-request"
