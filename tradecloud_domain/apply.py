"""Pure use-cases: ``apply(order, message) -> Outcome``.

This module decides *which* trigger reaches *which* line (scope and precedence of indicators,
matching lines by position, comparing values); :mod:`tradecloud_domain.machine` decides what the
trigger does. Nothing here mutates its inputs: the outcome holds a new :class:`Order`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

import attrs

from .entities import BuyerLine, BuyerOrder, ConfirmedLine, DeliveryLine, Line, LineStatus, Order
from .errors import InvalidInput, Problem
from .machine import RULES, Rule, Trigger, step
from .messages import (
    LineIndicators,
    Message,
    MessageLine,
    OrderIndicators,
    OrderIndicatorsMessage,
    OrderMessage,
)

__all__ = ["Decision", "Outcome", "Result", "apply"]


class Result(StrEnum):
    """What became of one action on one line."""

    APPLIED = "applied"  # the rule's transition was taken (the status may stay the same)
    REFUSED = "refused"  # the rule forbids it in the line's status; nothing changed
    SKIPPED = "skipped"  # precedence kept the line out (an explicit line-level false)


@attrs.frozen
class Decision:
    """One step taken (or refused) on one line, and the rule that decided it.

    ``scope`` is the rule that brought the line into the action (line-level indicator, order-level
    indicator on /order or on /order/indicators, cancelLineWhenMissing), when there is one.
    """

    position: str
    action: str
    result: Result
    before: LineStatus | None
    after: LineStatus | None
    rule: Rule
    scope: Rule | None
    reason: str


@attrs.frozen
class Outcome:
    """What Tradecloud does with a message: the HTTP status, the order after, and why."""

    http_status: int
    order: Order | None
    decisions: tuple[Decision, ...]
    rule: Rule


#: The buyer indicators that move a line, strongest first: completing has precedence over
#: cancelling (rule ``precedence.complete-over-cancel``).
INDICATOR_TRIGGERS: Final = (("completed", Trigger.COMPLETE), ("cancelled", Trigger.CANCEL))


def _reason(*rules: Rule | None) -> str:
    return " ".join(rule.text for rule in rules if rule is not None)


def _act(
    line: Line, trigger: Trigger, scope: Rule | None, note: Rule | None, out: list[Decision]
) -> tuple[Line, bool]:
    """Run ``trigger`` on ``line`` through the compiled machine and record the decision.

    Returns the line after and whether the machine allowed the step.
    """
    result = step(line.status, trigger)
    out.append(
        Decision(
            position=line.position,
            action=trigger.value,
            result=Result.APPLIED if result.allowed else Result.REFUSED,
            before=line.status,
            after=result.after,
            rule=result.rule,
            scope=scope,
            reason=_reason(scope, result.rule, note),
        )
    )
    if result.after == line.status:
        return line, result.allowed
    return attrs.evolve(line, status=result.after), result.allowed


def _indicators(
    line: Line,
    own: LineIndicators | None,
    header: OrderIndicators,
    order_scope: Rule,
    out: list[Decision],
) -> Line:
    """Resolve the line's indicators against the header's and act on the strongest one that is
    true. A line-level value, ``false`` included, wins over the order-level one."""
    wanted: list[tuple[Trigger, Rule]] = []
    overruled: list[Trigger] = []
    for name, trigger in INDICATOR_TRIGGERS:
        line_value: bool | None = getattr(own, name) if own is not None else None
        order_value: bool | None = getattr(header, name)
        if line_value is not None:
            if line_value:
                wanted.append((trigger, RULES["scope.line"]))
            elif order_value:
                overruled.append(trigger)
        elif order_value:
            wanted.append((trigger, order_scope))
    if wanted:
        (trigger, scope), *weaker = wanted
        note = RULES["precedence.complete-over-cancel"] if weaker else None
        return _act(line, trigger, scope, note, out)[0]
    for trigger in overruled:
        precedence = RULES["precedence.line-over-order"]
        out.append(
            Decision(
                line.position,
                trigger.value,
                Result.SKIPPED,
                line.status,
                line.status,
                precedence,
                order_scope,
                _reason(precedence),
            )
        )
    return line


def _schedule_key(schedule: Iterable[DeliveryLine]) -> list[tuple[str, object, object]]:
    return sorted(
        ((d.position or "", d.date, d.quantity) for d in schedule),
        key=lambda k: (k[0], k[1]),
    )


def _matches_confirmed(requested: BuyerLine, confirmed: ConfirmedLine | None) -> bool:
    """Requested delivery schedule and prices equal to the confirmed ones, by value."""
    return (
        confirmed is not None
        and requested.prices == confirmed.prices
        and _schedule_key(requested.delivery_schedule) == _schedule_key(confirmed.delivery_schedule)
    )


def _update(line: Line, sent: MessageLine, out: list[Decision]) -> Line:
    """An /order line for an existing position: fields sent replace, fields left out stay."""
    current = line.buyer_line
    requested = BuyerLine(
        position=current.position,
        item=current.item if sent.item is None else sent.item,
        delivery_schedule=(
            current.delivery_schedule if sent.delivery_schedule is None else sent.delivery_schedule
        ),
        prices=current.prices if sent.prices is None else sent.prices,
    )
    if requested == current:
        return line
    trigger = (
        Trigger.UPDATE_TO_CONFIRMED
        if _matches_confirmed(requested, line.confirmed_line)
        else Trigger.UPDATE
    )
    updated, allowed = _act(line, trigger, None, None, out)
    return attrs.evolve(updated, buyer_line=requested) if allowed else line


def _issue(sent: MessageLine, out: list[Decision]) -> Line:
    line = Line(
        BuyerLine(
            position=sent.position,
            item=sent.item,
            delivery_schedule=sent.delivery_schedule or (),
            prices=sent.prices,
        )
    )
    rule = RULES["issue.new-line"]
    out.append(
        Decision(line.position, "issue", Result.APPLIED, None, line.status, rule, None, rule.text)
    )
    return line


def _apply_order(order: Order | None, message: OrderMessage) -> Outcome:
    header = message.order
    if order is not None and order.purchase_order_number != header.purchase_order_number:
        raise InvalidInput(
            [
                Problem(
                    "order.purchaseOrderNumber",
                    "state.mismatch",
                    f"message is for order {header.purchase_order_number!r} but the state given "
                    f"is order {order.purchase_order_number!r}",
                )
            ]
        )
    header_indicators = header.indicators
    in_message = RULES["scope.order.message-lines"]
    sent = {line.position: line for line in message.lines}
    steps: dict[str, list[Decision]] = {}

    def existing(line: Line) -> Line:
        out = steps.setdefault(line.position, [])
        update = sent.get(line.position)
        if update is not None:
            line = _update(line, update, out)
            return _indicators(line, update.indicators, header_indicators, in_message, out)
        if header_indicators.cancel_line_when_missing:
            missing = RULES["scope.cancel-line-when-missing"]
            return _act(line, Trigger.CANCEL, missing, None, out)[0]
        return line

    def new(sent_line: MessageLine) -> Line:
        out = steps.setdefault(sent_line.position, [])
        line = _issue(sent_line, out)
        return _indicators(line, sent_line.indicators, header_indicators, in_message, out)

    current = order.lines if order is not None else ()
    known = {line.position for line in current}
    lines = [existing(line) for line in current]
    lines.extend(new(line) for line in message.lines if line.position not in known)
    buyer_order = order.buyer_order if order is not None else _new_buyer_order(message)
    decisions = tuple(d for line in lines for d in steps.get(line.position, ()))
    return Outcome(200, Order(buyer_order, tuple(lines)), decisions, RULES["order.accepted"])


def _new_buyer_order(message: OrderMessage) -> BuyerOrder:
    header = message.order
    return BuyerOrder(
        purchase_order_number=header.purchase_order_number,
        supplier_account_number=header.supplier_account_number,
        description=header.description,
    )


def _apply_indicators(
    order: Order | None, message: OrderIndicatorsMessage, verification_available: bool
) -> Outcome:
    found = order is not None and order.purchase_order_number == message.order.purchase_order_number
    if not verification_available:
        http, rule = 202, RULES["verification.queued"]
    elif found:
        http, rule = 200, RULES["verification.found"]
    else:
        return Outcome(404, order, (), RULES["verification.not-found"])
    if not found or order is None:
        return Outcome(http, order, (), rule)
    header = message.order.indicators
    scope = RULES["scope.indicators.all-lines"]
    sent = {line.position: line.indicators for line in message.lines}
    decisions: list[Decision] = []
    lines = tuple(
        _indicators(line, sent.get(line.position), header, scope, decisions) for line in order.lines
    )
    known = {line.position for line in order.lines}
    unknown = RULES["position.unknown"]
    decisions.extend(
        Decision(
            line.position, "indicators", Result.REFUSED, None, None, unknown, None, unknown.text
        )
        for line in message.lines
        if line.position not in known
    )
    return Outcome(http, attrs.evolve(order, lines=lines), tuple(decisions), rule)


def apply(order: Order | None, message: Message, *, verification_available: bool = True) -> Outcome:
    """What Tradecloud does with ``message`` given the current ``order`` (``None``: no such order).

    ``verification_available=False`` models ``/order/indicators`` finding its verification service
    down: the indicators are queued (202) and, per decision D7, the outcome shows the order as it
    will be once they are processed. ``/order`` does no such verification.

    Raises :class:`InvalidInput` when an ``/order`` message names another purchase order than the
    ``order`` given (decision D3).
    """
    if isinstance(message, OrderMessage):
        return _apply_order(order, message)
    return _apply_indicators(order, message, verification_available)
