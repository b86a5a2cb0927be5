"""A second, independent reading of the indicator and response rules, compared with the library.

The model below is written from Tradecloud's pages, sentence by sentence, without reading
``machine.py`` or ``apply.py``: order/buyer/issue/indicators.md (every buyer indicator, "line
indicators have precedence over order indicators"), order/buyer/cancel.md (``/order/indicators``
at order level: all lines), order/supplier/send-order-response/README.md (the response rules per
status), order/buyer/reopen.md and order/supplier/reopen.md (reopen requests),
order/buyer/issue/propose-when-accepted.md. Where a page is silent the model follows the choice
recorded in docs/decisions.md, named beside the line that makes it.

States and messages are generated here as Tradecloud JSON (not with the library's testing kit),
read with ``parse_order`` / ``parse_message``, applied, and every line's statuses after are
compared with the model's.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tradecloud_domain import apply, parse_message, parse_order

from .helpers import examples

PO = "PO-MODEL"

PROCESS = ("Issued", "InProgress", "Confirmed", "Rejected", "Completed", "Cancelled")
IN_PROGRESS = (
    "OpenSupplierProposal",
    "RejectedSupplierProposal",
    "ReissuedRejectedLine",
    "OpenBuyerReopenRequest",
    "OpenSupplierReopenRequest",
    "OpenBuyerReconfirmationRequest",
    "OpenSupplierShipmentRescheduleRequest",
    "ApprovedDeliverySchedule",
    "RejectedDeliverySchedule",
    "RevertedCompletedLine",
    "RevertedCancelledLine",
)
LOGISTICS = ("Open", "Produced", "ReadyToShip", "Shipped", "Delivered")

#: indicators.md / cancel.md / complete.md: the process statuses each indicator starts from.
ACTIVE = ("Issued", "InProgress", "Rejected", "Confirmed")
PROCESS_INDICATORS = {
    # "Completing has precedence over cancelling at the same time."
    "completed": (ACTIVE, "Completed"),
    "cancelled": (ACTIVE, "Cancelled"),
    # "The order or line must have process status Issued and will become Confirmed."
    "confirmed": (("Issued",), "Confirmed"),
    # "must have process status Confirmed and will become InProgress" (OpenBuyerReconfirmation...)
    "requestReconfirmation": (("Confirmed",), "InProgress"),
}
#: "having logistics status Open, Produced, ReadyToShip (or Shipped) will become ..."
LOGISTICS_INDICATORS = {
    "delivered": (("Open", "Produced", "ReadyToShip", "Shipped"), "Delivered"),
    "shipped": (("Open", "Produced", "ReadyToShip"), "Shipped"),
}

Status = tuple[str, str | None, str]  # process, inProgressStatus, logistics


# -- generated states ------------------------------------------------------------------------------


@st.composite
def statuses(draw: st.DrawFn) -> Status:
    """A line status as order/status.md describes one: an in-progress status exactly while
    InProgress, logistics Cancelled exactly when Cancelled."""
    process = draw(st.sampled_from(PROCESS))
    if process == "Cancelled":
        return process, None, "Cancelled"
    in_progress = draw(st.sampled_from(IN_PROGRESS)) if process == "InProgress" else None
    return process, in_progress, draw(st.sampled_from(LOGISTICS))


def status_json(status: Status) -> dict[str, str]:
    process, in_progress, logistics = status
    shape = {"processStatus": process, "logisticsStatus": logistics}
    if in_progress is not None:
        shape["inProgressStatus"] = in_progress
    return shape


def positions(count: int) -> list[str]:
    return [f"{n:03d}" for n in range(1, count + 1)]


# -- the indicator rules -------------------------------------------------------------------------


def model_indicators(status: Status, indicators: dict[str, bool]) -> Status:
    """A line's statuses after the indicators that are in force for it."""
    process, in_progress, logistics = status
    # Process group: the strongest indicator that applies to the line's status acts (D15).
    for name, (sources, target) in PROCESS_INDICATORS.items():
        if indicators.get(name) and process in sources:
            process = target
            in_progress = "OpenBuyerReconfirmationRequest" if target == "InProgress" else None
            if target == "Cancelled":  # "logistics Cancelled: the line is cancelled by the buyer"
                logistics = "Cancelled"
            break
    # Logistics group, on the result: delivered covers shipped (D15); a cancelled line is not
    # shipped or delivered.
    for name, (sources, target) in LOGISTICS_INDICATORS.items():
        if indicators.get(name) and logistics in sources and process != "Cancelled":
            logistics = target
            break
    return process, in_progress, logistics


INDICATOR_NAMES = (*PROCESS_INDICATORS, *LOGISTICS_INDICATORS)
maybe_bool = st.sampled_from((None, True, False))


@st.composite
def indicator_cases(draw: st.DrawFn) -> tuple[list[Status], dict[str, Any], dict[str, Any]]:
    lines = draw(st.lists(statuses(), min_size=1, max_size=4))
    names = positions(len(lines))
    state = {
        "buyerOrder": {"purchaseOrderNumber": PO},
        "lines": [
            {"buyerLine": {"position": p}, "status": status_json(s)}
            for p, s in zip(names, lines, strict=True)
        ],
    }
    header = {n: v for n in INDICATOR_NAMES if (v := draw(maybe_bool)) is not None}
    sent = []
    for position in draw(st.lists(st.sampled_from(names), unique=True)):
        own = {n: v for n in INDICATOR_NAMES if (v := draw(maybe_bool)) is not None}
        sent.append({"position": position, "indicators": own})
    body = {"order": {"purchaseOrderNumber": PO, "indicators": header}, "lines": sent}
    return lines, state, body


# 400: the combinations of line statuses and indicators on both levels are many more than 100.
@settings(max_examples=examples(400))
@given(indicator_cases())
def test_indicators_agree_with_an_independent_reading(
    case: tuple[list[Status], dict[str, Any], dict[str, Any]],
) -> None:
    lines, state, body = case
    outcome = apply(parse_order(state), parse_message("order/indicators", body))
    assert outcome.http_status == 200  # "200 OK - the purchase order number exists" (D7)
    assert outcome.order is not None
    header = body["order"]["indicators"]
    own = {line["position"]: line["indicators"] for line in body["lines"]}
    for position, before, after in zip(
        positions(len(lines)), lines, outcome.order.lines, strict=True
    ):
        # "Line indicators have precedence over (overrule) order indicators"; on
        # /order/indicators an order-level indicator concerns all lines (cancel.md).
        in_force = {**header, **own.get(position, {})}
        expected = model_indicators(before, in_force)
        got = after.status
        actual = (
            got.process_status.value,
            got.in_progress_status and got.in_progress_status.value,
            got.logistics_status.value,
        )
        assert actual == expected, (before, in_force)


# -- the response rules --------------------------------------------------------------------------

#: Delivery schedules and prices a line may request, confirm or be answered with.
SCHEDULES = (
    (("1", "2027-01-10", "100"),),
    (("1", "2027-02-01", "100"),),
    (("1", "2027-01-10", "60"), ("2", "2027-02-01", "40")),
)
PRICES = ("2.50", "2.75")
Delivery = tuple[str | None, str, str]  # position (None: left out), date, quantity
Values = tuple[tuple[Delivery, ...], str]


def schedule_json(schedule: Any) -> list[dict[str, str]]:
    return [
        {"date": d, "quantity": q} | ({} if p is None else {"position": p}) for p, d, q in schedule
    ]


def prices_json(value: str) -> dict[str, Any]:
    return {"netPrice": {"priceInTransactionCurrency": {"value": value, "currencyIso": "EUR"}}}


def same_schedule(one: Any, other: Any) -> bool:
    """Delivery lines pair up by date and quantity; a position, where both give one, must agree
    ("Echo the position from the buyer, OR leave empty": an empty one matches any; D29)."""
    if len(one) != len(other):
        return False
    return any(
        all(
            (a[1], a[2]) == (b[1], b[2]) and (a[0] is None or b[0] is None or a[0] == b[0])
            for a, b in zip(one, arrangement, strict=True)
        )
        for arrangement in itertools.permutations(other)
    )


def model_response(
    status: Status,
    requested: Values,
    confirmed: Values | None,
    answer: dict[str, Any],
    *,
    propose_when_accepted: bool,
    auto_confirm: bool,
) -> Status:
    """A line's statuses after the supplier's response line ``answer`` (its indicators already
    resolved: a line's own accepted/rejected override the header's)."""
    process, in_progress, logistics = status
    proposal: Status = ("InProgress", "OpenSupplierProposal", logistics)
    supplier_reopen: Status = ("InProgress", "OpenSupplierReopenRequest", logistics)
    confirmed_now: Status = ("Confirmed", None, logistics)
    if process in ("Completed", "Cancelled"):
        return status  # "The process status will not change."
    if answer["rejected"]:
        if process == "Confirmed":
            return status  # D22: an agreement is not rejected, the supplier asks to reopen it
        if in_progress == "OpenBuyerReopenRequest":
            return confirmed_now  # D22: rejecting the buyer's reopen request
        return ("Rejected", None, logistics)
    # "accepts (confirms with requested values)" - propose-when-accepted.md, D26.
    schedule = requested[0] if answer["schedule"] is None else answer["schedule"]
    price = requested[1] if answer["price"] is None else answer["price"]  # D23
    as_requested = same_schedule(schedule, requested[0]) and price == requested[1]
    as_confirmed = (
        confirmed is not None and same_schedule(schedule, confirmed[0]) and price == confirmed[1]
    )
    accepts = answer["accepted"] or as_requested
    if process == "Confirmed":
        # "Become InProgress if responded values differ from confirmed values ... Stay Confirmed
        # if responded values match the confirmed values"; accepting keeps what was agreed.
        result = status if answer["accepted"] or as_confirmed else supplier_reopen
    elif accepts and propose_when_accepted:
        result = proposal  # "Every Accepted by supplier line becomes a proposal"
    elif answer["accepted"]:
        result = confirmed_now
    elif in_progress == "OpenSupplierReopenRequest":
        # send-order-response: confirmed "if responded values match the requested values, OR the
        # line has an open supplier reopen request and responded values match the confirmed
        # values again"; otherwise the request is changed (supplier/reopen.md).
        result = confirmed_now if as_requested or as_confirmed else supplier_reopen
    elif in_progress == "OpenBuyerReconfirmationRequest":
        # indicators.md: "reconfirms the order line with requested values or alternatively does a
        # reopen request with different values".
        result = confirmed_now if as_requested or as_confirmed else supplier_reopen
    elif as_requested:
        result = confirmed_now  # approving a buyer reopen request too (buyer/reopen.md)
    else:
        result = proposal  # a proposal task for the buyer (D27 on a buyer reopen request)
    if auto_confirm and result[1] in ("OpenSupplierProposal", "OpenSupplierReopenRequest"):
        # "the order lines will be automatically confirmed in case of a supplier proposal or
        # reopen request" (indicators.md, autoConfirm).
        result = confirmed_now
    return result


def needs_confirmed_values(status: Status) -> bool:
    return status[0] == "Confirmed" or status[1] in (
        "OpenBuyerReopenRequest",
        "OpenSupplierReopenRequest",
        "OpenBuyerReconfirmationRequest",
    )


values = st.tuples(st.sampled_from(SCHEDULES), st.sampled_from(PRICES))


@st.composite
def answered_schedules(draw: st.DrawFn) -> Any:
    schedule: tuple[Delivery, ...] = draw(st.sampled_from(SCHEDULES))
    if draw(st.booleans()):  # the SDK's minimal response leaves the positions out
        schedule = tuple((None, d, q) for _, d, q in schedule)
    return schedule


@st.composite
def response_cases(draw: st.DrawFn) -> Any:
    count = draw(st.integers(1, 4))
    names = positions(count)
    lines = []
    state_lines = []
    for position in names:
        status = draw(statuses())
        requested = draw(values)
        confirmed = draw(values) if needs_confirmed_values(status) else draw(st.none() | values)
        pwa = draw(st.booleans())
        buyer_line: dict[str, Any] = {
            "position": position,
            "deliverySchedule": schedule_json(requested[0]),
            "prices": prices_json(requested[1]),
            "indicators": {"proposeWhenAccepted": pwa},
        }
        line: dict[str, Any] = {"buyerLine": buyer_line, "status": status_json(status)}
        if confirmed is not None:
            line["confirmedLine"] = {
                "deliverySchedule": schedule_json(confirmed[0]),
                "prices": prices_json(confirmed[1]),
            }
        lines.append((status, requested, confirmed, pwa))
        state_lines.append(line)
    auto_confirm = draw(st.booleans())
    state = {
        "buyerOrder": {"purchaseOrderNumber": PO, "indicators": {"autoConfirm": auto_confirm}},
        "lines": state_lines,
    }
    header = draw(st.sampled_from(({}, {"accepted": True}, {"rejected": True})))
    answers = {}
    body_lines = []
    for position in draw(st.lists(st.sampled_from(names), min_size=1, unique=True)):
        own = draw(
            st.sampled_from(({}, {"accepted": True}, {"rejected": True}, {"accepted": False}))
        )
        schedule = draw(st.none() | answered_schedules())
        price = draw(st.none() | st.sampled_from(PRICES))
        body_line: dict[str, Any] = {"purchaseOrderLinePosition": position, "indicators": own}
        if schedule is not None:
            body_line["deliverySchedule"] = schedule_json(schedule)
        if price is not None:
            body_line["prices"] = prices_json(price)
        body_lines.append(body_line)
        # "Line-level indicators override this header indicator when present."
        indicators = own or header
        answers[position] = {
            "accepted": bool(indicators.get("accepted")),
            "rejected": bool(indicators.get("rejected")),
            "schedule": schedule,
            "price": price,
        }
    body = {
        "order": {"buyerAccountNumber": "B-1", "purchaseOrderNumber": PO, "indicators": header},
        "lines": body_lines,
    }
    return names, lines, auto_confirm, answers, state, body


# 400: the combinations of line statuses, answers and reopen requests are many more than 100.
@settings(max_examples=examples(400))
@given(response_cases())
def test_responses_agree_with_an_independent_reading(case: Any) -> None:
    names, lines, auto_confirm, answers, state, body = case
    outcome = apply(parse_order(state), parse_message("order-response", body))
    assert outcome.http_status == 200
    assert outcome.order is not None
    for position, (status, requested, confirmed, pwa), after in zip(
        names, lines, outcome.order.lines, strict=True
    ):
        answer = answers.get(position)
        expected = (
            status
            if answer is None
            else model_response(
                status,
                requested,
                confirmed,
                answer,
                propose_when_accepted=pwa,
                auto_confirm=auto_confirm,
            )
        )
        got = after.status
        actual = (
            got.process_status.value,
            got.in_progress_status and got.in_progress_status.value,
            got.logistics_status.value,
        )
        assert actual == expected, (position, status, requested, confirmed, pwa, answer)
