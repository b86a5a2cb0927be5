"""Conformance vectors: language-neutral test cases generated from the rules.

A vector is one JSON object::

    {"name", "rule", "source", "route", "state", "message",
     "expected": {"httpStatus", "order", "decisions", "events"}}

``state`` is the order before (read-model JSON, or ``null``), ``message`` the request body for
``route``, and ``expected`` what this library answers. There is at least one vector for every
row of the transition and refusal tables (``docs/rules.md``) that a message can reach, each built
so that the row's rule decides line ``0001``; and one for each edge case of scope, precedence and
verification. Integrations in any language run them against their own implementation
(``docs/testing.md``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any, Final

from . import machine
from .apply import apply
from .codec import dump_order, dump_outcome, parse_message, parse_order
from .entities import MAX_COLLECTION
from .machine import (
    LINE_ACTIONS,
    LOGISTICS_REFUSALS,
    LOGISTICS_TRANSITIONS,
    PROCESS_REFUSALS,
    PROCESS_TRANSITIONS,
    RULES,
    SEP,
    RefusalSpec,
    TransitionSpec,
    Trigger,
)
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, Route

__all__ = ["UNREACHABLE", "vectors"]

PO: Final = "PO-VECTOR"
POSITION: Final = "0001"
REQUESTED: Final = [{"position": "1", "date": "2027-01-10", "quantity": 100}]
OTHER: Final = [{"position": "1", "date": "2027-02-01", "quantity": 100}]
THIRD: Final = [{"position": "1", "date": "2027-03-01", "quantity": 80}]
PRICE: Final = {"netPrice": {"priceInTransactionCurrency": {"value": 2.5, "currencyIso": "EUR"}}}

#: Rows no message can reach: apply pulls auto-confirm only in the states it confirms.
UNREACHABLE: Final = frozenset(
    {
        ("auto-confirm.refused", Trigger.AUTO_CONFIRM),
    }
)

_INDICATOR_OF: Final = {
    Trigger.CANCEL: "cancelled",
    Trigger.COMPLETE: "completed",
    Trigger.CONFIRM: "confirmed",
    Trigger.REQUEST_RECONFIRMATION: "requestReconfirmation",
    Trigger.SHIP: "shipped",
    Trigger.DELIVER: "delivered",
}
_ROUTE_OF: Final = {trigger: route for route, (trigger, _) in LINE_ACTIONS.items()}
_IN_PROGRESS_REQUEST: Final = {
    InProgressStatus.OPEN_SUPPLIER_PROPOSAL: "proposal",
    InProgressStatus.OPEN_SUPPLIER_REOPEN_REQUEST: "reopenRequest",
}


def _request(schedule: list[dict[str, Any]]) -> dict[str, Any]:
    return {"deliverySchedule": schedule, "prices": PRICE, "status": "Open"}


def _state(
    process: str,
    logistics: str,
    *,
    requested: list[dict[str, Any]] = REQUESTED,
    confirmed: list[dict[str, Any]] | None = REQUESTED,
    propose_when_accepted: bool = False,
    auto_confirm: bool = False,
    buyer_reopen: bool = False,
) -> dict[str, Any]:
    """An order with line 0001 in the given status, its requests as the status implies."""
    head, _, tail = process.partition(SEP)
    status: dict[str, Any] = {"processStatus": head, "logisticsStatus": logistics}
    buyer_line: dict[str, Any] = {
        "position": POSITION,
        "deliverySchedule": requested,
        "prices": PRICE,
    }
    if propose_when_accepted:
        buyer_line["indicators"] = {"proposeWhenAccepted": True}
    line: dict[str, Any] = {"buyerLine": buyer_line, "status": status}
    if tail:
        in_progress = InProgressStatus(tail)
        status["inProgressStatus"] = tail
        if in_progress in _IN_PROGRESS_REQUEST:
            line["supplierLine"] = {
                "requests": {_IN_PROGRESS_REQUEST[in_progress]: _request(OTHER)}
            }
        if in_progress is InProgressStatus.OPEN_BUYER_REOPEN_REQUEST:
            buyer_line["requests"] = {"reopenRequest": _request(requested)}
    if buyer_reopen:
        buyer_line["requests"] = {"reopenRequest": _request(requested)}
    if confirmed is not None:
        line["confirmedLine"] = {"deliverySchedule": confirmed, "prices": PRICE}
    header: dict[str, Any] = {"purchaseOrderNumber": PO}
    if auto_confirm:
        header["indicators"] = {"autoConfirm": True}
    return {"buyerOrder": header, "lines": [line]}


def _respond(line: dict[str, Any]) -> dict[str, Any]:
    header = {"buyerAccountNumber": "BUYER-1", "purchaseOrderNumber": PO}
    return {"order": header, "lines": [{"purchaseOrderLinePosition": POSITION, **line}]}


def _case(
    trigger: Trigger, process: str, logistics: str
) -> tuple[Route, dict[str, Any] | None, dict[str, Any]]:
    """A state and a message that pull ``trigger`` on line 0001 in the given statuses."""
    state = _state(process, logistics)
    if trigger in _INDICATOR_OF:
        body = {
            "order": {"purchaseOrderNumber": PO},
            "lines": [{"position": POSITION, "indicators": {_INDICATOR_OF[trigger]: True}}],
        }
        return Route.ORDER_INDICATORS, state, body
    if trigger is Trigger.REJECT_PROPOSAL_REOPEN_OPEN:
        # A proposal that answered the buyer's own reopen request, still open.
        state = _state(process, logistics, buyer_reopen=True)
        return Route.REJECT_PROPOSAL, state, {"linePositions": [POSITION], "reason": "vector"}
    if trigger in _ROUTE_OF:
        return _ROUTE_OF[trigger], state, {"linePositions": [POSITION], "reason": "vector"}
    if trigger is Trigger.UPDATE:
        body = {
            "order": {"purchaseOrderNumber": PO},
            "lines": [{"position": POSITION, "deliverySchedule": OTHER}],
        }
        return Route.ORDER, state, body
    if trigger is Trigger.UPDATE_FIELDS:
        body = {
            "order": {"purchaseOrderNumber": PO},
            "lines": [{"position": POSITION, "description": "changed description"}],
        }
        return Route.ORDER, state, body
    if trigger is Trigger.UPDATE_TO_CONFIRMED:
        state = _state(process, logistics, requested=OTHER, confirmed=REQUESTED)
        body = {
            "order": {"purchaseOrderNumber": PO},
            "lines": [{"position": POSITION, "deliverySchedule": REQUESTED}],
        }
        return Route.ORDER, state, body
    if trigger is Trigger.RESPOND_ACCEPT:
        return Route.ORDER_RESPONSE, state, _respond({"indicators": {"accepted": True}})
    if trigger is Trigger.RESPOND_ACCEPT_AS_PROPOSAL:
        state = _state(process, logistics, propose_when_accepted=True)
        return Route.ORDER_RESPONSE, state, _respond({"indicators": {"accepted": True}})
    if trigger is Trigger.RESPOND_REJECT:
        return Route.ORDER_RESPONSE, state, _respond({"indicators": {"rejected": True}})
    if trigger is Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED:
        return Route.ORDER_RESPONSE, state, _respond({"deliverySchedule": REQUESTED})
    if trigger is Trigger.RESPOND_AS_REQUESTED:
        state = _state(process, logistics, confirmed=OTHER)
        return Route.ORDER_RESPONSE, state, _respond({"deliverySchedule": REQUESTED})
    if trigger is Trigger.RESPOND_AS_CONFIRMED:
        state = _state(process, logistics, confirmed=OTHER)
        return Route.ORDER_RESPONSE, state, _respond({"deliverySchedule": OTHER})
    if trigger is Trigger.RESPOND_OTHER:
        return Route.ORDER_RESPONSE, state, _respond({"deliverySchedule": THIRD})
    if trigger is Trigger.AUTO_CONFIRM:
        # Reached through a response: a proposal from Issued, a reopen request from Confirmed.
        start = ProcessStatus.CONFIRMED.value if "Reopen" in process else ProcessStatus.ISSUED.value
        state = _state(start, logistics, auto_confirm=True)
        return Route.ORDER_RESPONSE, state, _respond({"deliverySchedule": THIRD})
    raise AssertionError(f"no vector recipe for {trigger}")  # pragma: no cover


def _expected(
    route: Route,
    state: dict[str, Any] | None,
    body: dict[str, Any],
    *,
    verification: bool = True,
    today: str | None = None,
) -> dict[str, Any]:
    outcome = apply(
        None if state is None else parse_order(state),
        parse_message(route, body),
        verification_available=verification,
        today=None if today is None else datetime.date.fromisoformat(today),
    )
    shape = dump_outcome(outcome)
    return {key: shape[key] for key in ("httpStatus", "order", "decisions", "events")}


def _vector(
    name: str,
    rule: str,
    route: Route,
    state: dict[str, Any] | None,
    body: dict[str, Any],
    **kwargs: Any,
) -> dict[str, Any]:
    return {
        "name": name,
        "rule": rule,
        "source": RULES[rule].page,
        "route": route.value,
        "state": state,
        "message": body,
        "expected": _expected(route, state, body, **kwargs),
        **({"verification": "unavailable"} if kwargs.get("verification") is False else {}),
        **({"today": kwargs["today"]} if kwargs.get("today") else {}),
    }


def _representatives(source: str, trigger: Trigger, rule: str, moves: Any) -> Iterator[str]:
    """The leaf state(s) of ``source`` whose move for ``trigger`` is this row's: the source
    itself when it is a leaf, else its first sub-state the row governs."""
    states = [state for state, t in moves if t is trigger]
    # A parent state (InProgress without its sub-state, decision D14) represents no row.
    leaves = [state for state in states if not any(o.startswith(state + SEP) for o in states)]
    if source in leaves:
        yield source
        return
    for leaf in leaves:
        if leaf.startswith(source + SEP) and moves[(leaf, trigger)].rule.id == rule:
            yield leaf
            return


def _row_vectors(rows: Any, moves: Any, *, logistics: bool) -> Iterator[dict[str, Any]]:
    for row in rows:
        refused = isinstance(row, RefusalSpec)
        assert isinstance(row, RefusalSpec | TransitionSpec)
        if (row.rule, row.trigger) in UNREACHABLE:
            continue
        for source in row.sources:
            for leaf in _representatives(source, row.trigger, row.rule, moves):
                if logistics:
                    cancelled = leaf == LogisticsStatus.CANCELLED.value
                    process = (
                        ProcessStatus.CANCELLED.value
                        if cancelled
                        else ProcessStatus.CONFIRMED.value
                    )
                    route, state, body = _case(row.trigger, process, leaf)
                else:
                    cancelled = leaf == ProcessStatus.CANCELLED.value
                    logistic = (
                        LogisticsStatus.CANCELLED.value if cancelled else LogisticsStatus.OPEN.value
                    )
                    route, state, body = _case(row.trigger, leaf, logistic)
                kind = "refused" if refused else "applied"
                table = "logistics" if logistics else "process"
                name = f"{table}.{row.rule}.{row.trigger.value}.from-{leaf}".replace("_", "-")
                vector = _vector(name, row.rule, route, state, body)
                decided = [
                    d["rule"] for d in vector["expected"]["decisions"] if d["position"] == POSITION
                ]
                assert row.rule in decided, (name, kind, decided)
                yield vector


def _edge_cases() -> Iterator[dict[str, Any]]:
    three = {
        "buyerOrder": {"purchaseOrderNumber": PO},
        "lines": [
            _state(s, "Open")["lines"][0]
            | {"buyerLine": {"position": p, "deliverySchedule": REQUESTED}}
            for p, s in (("0001", "Issued"), ("0002", "Confirmed"), ("0003", "Completed"))
        ],
    }
    order = {"purchaseOrderNumber": PO}
    cases: list[tuple[str, str, Route, dict[str, Any] | None, dict[str, Any], dict[str, Any]]] = [
        (
            "scope-order-message-lines-only",
            "scope.order.message-lines",
            Route.ORDER,
            three,
            {
                "order": {**order, "indicators": {"cancelled": True}},
                "lines": [{"position": "0001"}],
            },
            {},
        ),
        (
            "scope-indicators-all-lines",
            "scope.indicators.all-lines",
            Route.ORDER_INDICATORS,
            three,
            {"order": {**order, "indicators": {"cancelled": True}}},
            {},
        ),
        (
            "precedence-line-false-over-order-true",
            "precedence.line-over-order",
            Route.ORDER_INDICATORS,
            three,
            {
                "order": {**order, "indicators": {"cancelled": True}},
                "lines": [{"position": "0002", "indicators": {"cancelled": False}}],
            },
            {},
        ),
        (
            "precedence-complete-over-cancel",
            "precedence.complete-over-cancel",
            Route.ORDER_INDICATORS,
            three,
            {"order": {**order, "indicators": {"cancelled": True, "completed": True}}},
            {},
        ),
        (
            "precedence-between-indicators",
            "precedence.indicators",
            Route.ORDER_INDICATORS,
            three,
            {"order": {**order, "indicators": {"cancelled": True, "confirmed": True}}},
            {},
        ),
        (
            "cancel-line-when-missing",
            "scope.cancel-line-when-missing",
            Route.ORDER,
            three,
            {
                "order": {**order, "indicators": {"cancelLineWhenMissing": True}},
                "lines": [{"position": "0002"}],
            },
            {},
        ),
        (
            "cancel-line-when-missing-without-lines",
            "scope.cancel-line-when-missing",
            Route.ORDER,
            three,
            {"order": {**order, "indicators": {"cancelLineWhenMissing": True}}},
            {},
        ),
        (
            "new-order-issued",
            "issue.new-order",
            Route.ORDER,
            None,
            {"order": order, "lines": [{"position": "0001", "deliverySchedule": REQUESTED}]},
            {},
        ),
        (
            "new-line-issued-and-cancelled",
            "issue.new-line",
            Route.ORDER,
            three,
            {
                "order": {**order, "indicators": {"cancelled": True}},
                "lines": [{"position": "0004"}],
            },
            {},
        ),
        (
            "indicators-unknown-position",
            "position.unknown",
            Route.ORDER_INDICATORS,
            three,
            {"order": order, "lines": [{"position": "0099", "indicators": {"cancelled": True}}]},
            {},
        ),
        (
            "indicators-order-not-found",
            "verification.not-found",
            Route.ORDER_INDICATORS,
            None,
            {"order": {**order, "indicators": {"cancelled": True}}},
            {},
        ),
        (
            "indicators-other-order-not-found",
            "verification.not-found",
            Route.ORDER_INDICATORS,
            three,
            {"order": {"purchaseOrderNumber": "PO-OTHER", "indicators": {"cancelled": True}}},
            {},
        ),
        (
            "indicators-queued",
            "verification.queued",
            Route.ORDER_INDICATORS,
            three,
            {"order": {**order, "indicators": {"cancelled": True}}},
            {"verification": False},
        ),
        (
            "response-header-accepted-line-rejected",
            "response.scope",
            Route.ORDER_RESPONSE,
            three,
            {
                "order": {
                    "buyerAccountNumber": "BUYER-1",
                    **order,
                    "indicators": {"accepted": True},
                },
                "lines": [
                    {"purchaseOrderLinePosition": "0001"},
                    {"purchaseOrderLinePosition": "0002", "indicators": {"rejected": True}},
                ],
            },
            {},
        ),
        (
            "response-order-not-found",
            "response.not-found",
            Route.ORDER_RESPONSE,
            None,
            _respond({"indicators": {"accepted": True}}),
            {},
        ),
        (
            "line-action-order-not-found",
            "line-action.not-found",
            Route.APPROVE_PROPOSAL,
            None,
            {"linePositions": ["0001"]},
            {},
        ),
    ]
    cases.extend(_delivery_cases())
    cases.extend(_single_delivery_cases())
    for name, rule, route, state, body, options in cases:
        yield _vector(f"edge.{name}", rule, route, state, body, **options)


def _delivery_cases() -> list[
    tuple[str, str, Route, dict[str, Any] | None, dict[str, Any], dict[str, Any]]
]:
    """The delivery routes, delivery-line logistics and overdue (order/buyer/receive-goods.md)."""
    two = [
        {"position": "1", "date": "2027-01-10", "quantity": 60},
        {"position": "2", "date": "2027-02-10", "quantity": 40},
    ]
    received = [{"position": "A", "date": "2027-01-12", "quantity": 50}]
    lines = []
    for position in ("0001", "0002"):
        line = _state("Confirmed", "Open", requested=two, confirmed=two)["lines"][0]
        line["buyerLine"] = {**line["buyerLine"], "position": position}
        lines.append(line)
    confirmed = {"buyerOrder": {"purchaseOrderNumber": PO}, "lines": lines}
    with_history = {
        **confirmed,
        "lines": [
            {**line, "buyerLine": {**line["buyerLine"], "deliveryHistory": received}}
            for line in lines
        ],
    }
    order = {"purchaseOrderNumber": PO}

    def deliveries(field: str, *sent: tuple[str, list[dict[str, Any]]]) -> dict[str, Any]:
        return {"order": order, "lines": [{"position": p, field: d} for p, d in sent]}

    more = [{"date": "2027-02-01", "quantity": 50}]
    full = [{"date": "2027-01-01", "quantity": 1}] * MAX_COLLECTION
    logistics = [{**two[0], "status": "Shipped", "eta": "2027-01-09"}, two[1]]
    return [
        (
            "deliveries-append-partial-overdue",
            "history.append",
            Route.ORDER_DELIVERIES,
            confirmed,
            deliveries("deliveries", ("0001", received)),
            {"today": "2027-01-20"},
        ),
        (
            "deliveries-append-rest-delivered",
            "history.append",
            Route.ORDER_DELIVERIES,
            with_history,
            deliveries("deliveries", ("0001", more)),
            {"today": "2027-03-01"},
        ),
        (
            "deliveries-append-refused-too-long",
            "history.append.refused-too-long",
            Route.ORDER_DELIVERIES,
            {
                **confirmed,
                "lines": [
                    {**line, "buyerLine": {**line["buyerLine"], "deliveryHistory": full}}
                    for line in lines
                ],
            },
            deliveries("deliveries", ("0001", received)),
            {},
        ),
        (
            "deliveries-unknown-position",
            "position.unknown",
            Route.ORDER_DELIVERIES,
            confirmed,
            deliveries("deliveries", ("0099", received)),
            {},
        ),
        (
            "deliveries-order-not-found",
            "deliveries.not-found",
            Route.ORDER_DELIVERIES,
            None,
            deliveries("deliveries", ("0001", received)),
            {},
        ),
        (
            "delivery-history-replace-only-lines-sent",
            "history.replace",
            Route.ORDER_DELIVERY_HISTORY,
            with_history,
            deliveries("deliveryHistory", ("0002", more)),
            {"today": "2027-01-20"},
        ),
        (
            "delivery-history-empty-clears",
            "history.replace",
            Route.ORDER_DELIVERY_HISTORY,
            with_history,
            deliveries("deliveryHistory", ("0001", [])),
            {"today": "2027-01-20"},
        ),
        (
            "delivery-history-order-not-found",
            "deliveries.not-found",
            Route.ORDER_DELIVERY_HISTORY,
            None,
            deliveries("deliveryHistory", ("0001", [])),
            {},
        ),
        (
            "order-delivery-history-replaces",
            "history.order",
            Route.ORDER,
            with_history,
            {"order": order, "lines": [{"position": "0001", "deliveryHistory": more}]},
            {"today": "2027-01-20"},
        ),
        (
            "order-delivery-line-logistics",
            "delivery-lines.logistics",
            Route.ORDER,
            confirmed,
            {"order": order, "lines": [{"position": "0001", "deliverySchedule": logistics}]},
            {},
        ),
    ]


def _single_delivery_cases() -> list[
    tuple[str, str, Route, dict[str, Any] | None, dict[str, Any], dict[str, Any]]
]:
    """order/single-delivery: split lines, their indicators, delivery-line status and the actual
    delivery as delivery history (api/delivery-schedule.md, order/buyer/receive-goods.md)."""
    first = {"date": "2027-01-10", "quantity": 60}
    second = {"date": "2027-02-10", "quantity": 40}
    order = {"purchaseOrderNumber": PO}

    def body(*lines: dict[str, Any]) -> dict[str, Any]:
        return {"order": order, "lines": list(lines)}

    def primary(**fields: Any) -> dict[str, Any]:
        return {"position": "0001", "scheduledDelivery": first, "prices": PRICE, **fields}

    def split(**fields: Any) -> dict[str, Any]:
        return {
            "position": "0002",
            "originalPosition": "0001",
            "scheduledDelivery": second,
            **fields,
        }

    issued = body(primary(), split())
    outcome = apply(None, parse_message(Route.ORDER_SINGLE_DELIVERY, issued))
    assert outcome.order is not None
    state = dump_order(outcome.order)
    actual = {"date": "2027-01-10", "quantity": 60}
    return [
        ("single-delivery-split-line", "single-delivery.accepted", Route.ORDER_SINGLE_DELIVERY,
         None, issued, {}),
        ("single-delivery-cancel-split-line", "single-delivery.cancel-split",
         Route.ORDER_SINGLE_DELIVERY, state, body(primary(), split(indicators={"cancelled": True})),
         {}),
        ("single-delivery-cancel-primary-refused", "single-delivery.cancel-primary.refused",
         Route.ORDER_SINGLE_DELIVERY, state, body(primary(indicators={"cancelled": True}), split()),
         {}),
        ("single-delivery-complete-part", "single-delivery.all-lines", Route.ORDER_SINGLE_DELIVERY,
         state, body(primary(), split(indicators={"completed": True})), {}),
        ("single-delivery-delivered-split-line", "single-delivery.delivery-line-status",
         Route.ORDER_SINGLE_DELIVERY, state, body(split(indicators={"delivered": True})),
         {"today": "2027-03-01"}),
        ("single-delivery-scheduled-status", "delivery-lines.logistics",
         Route.ORDER_SINGLE_DELIVERY, state,
         body(primary(scheduledDelivery={**first, "status": "Shipped"})), {}),
        ("single-delivery-actual-delivery-overdue", "history.order", Route.ORDER_SINGLE_DELIVERY,
         state, body(primary(actualDelivery=actual), split()), {"today": "2027-03-01"}),
        ("single-delivery-actual-delivery-all-delivered", "history.order",
         Route.ORDER_SINGLE_DELIVERY, state,
         body(primary(actualDelivery=actual), split(actualDelivery=second)),
         {"today": "2027-03-01"}),
    ]  # fmt: skip


def vectors() -> dict[str, dict[str, Any]]:
    """Every conformance vector, by name (names are unique and stable)."""
    found: dict[str, dict[str, Any]] = {}
    sources: list[Callable[[], Iterator[dict[str, Any]]]] = [
        lambda: _row_vectors(
            (*PROCESS_TRANSITIONS, *PROCESS_REFUSALS), machine.PROCESS_MOVES, logistics=False
        ),
        lambda: _row_vectors(
            (*LOGISTICS_TRANSITIONS, *LOGISTICS_REFUSALS), machine.LOGISTICS_MOVES, logistics=True
        ),
        _edge_cases,
    ]
    for source in sources:
        for vector in source():
            assert vector["name"] not in found, vector["name"]
            found[vector["name"]] = vector
    return found
