"""Pure use-cases: ``apply(order, message) -> Outcome``.

This module decides *which* trigger reaches *which* line (scope and precedence of indicators,
matching lines by position, comparing values); :mod:`tradecloud_domain.machine` decides what the
trigger does. Nothing here mutates its inputs: the outcome holds a new :class:`Order`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs

from .entities import (
    BuyerLine,
    BuyerLineIndicators,
    BuyerOrder,
    BuyerOrderIndicators,
    ConfirmedLine,
    DeliveryLine,
    Line,
    LineStatus,
    Order,
)
from .errors import InvalidInput, Problem
from .machine import PRECEDENCE, RULES, Rule, Trigger, step
from .messages import (
    LineIndicators,
    Message,
    MessageLine,
    MessageOrder,
    OrderIndicators,
    OrderIndicatorsMessage,
    OrderMessage,
    RevertCancelledLinesMessage,
    RevertLinesMessage,
)

__all__ = ["Decision", "Event", "Outcome", "Result", "apply"]


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
class Event:
    """A webhook event Tradecloud emits for the change, with the line positions it covers."""

    name: str
    positions: tuple[str, ...]


@attrs.frozen
class Outcome:
    """What Tradecloud does with a message: the HTTP status, the order after, why, and the events
    it emits."""

    http_status: int
    order: Order | None
    decisions: tuple[Decision, ...]
    rule: Rule
    events: tuple[Event, ...] = ()


def _reason(*rules: Rule | None) -> str:
    return " ".join(rule.text for rule in rules if rule is not None)


def _act(
    line: Line, trigger: Trigger, scope: Rule | None, note: Rule | None, out: list[Decision]
) -> tuple[Line, bool]:
    """Run ``trigger`` on ``line`` through the compiled machine and record the decision.

    Returns the line after and whether the machine allowed the step. Confirming by the buyer also
    makes the requested values the confirmed ones (decision D18).
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
    if not result.allowed:
        return line, False
    if trigger is Trigger.CONFIRM:
        confirmed = ConfirmedLine(line.buyer_line.delivery_schedule, line.buyer_line.prices)
        return attrs.evolve(line, status=result.after, confirmed_line=confirmed), True
    if result.after == line.status:
        return line, True
    return attrs.evolve(line, status=result.after), True


def _indicators(
    line: Line,
    own: LineIndicators | None,
    header: OrderIndicators | None,
    order_scope: Rule,
    out: list[Decision],
) -> Line:
    """Resolve the line's indicators against the header's and act on them.

    Per precedence group, the strongest indicator that is true acts; a line-level value,
    ``false`` included, wins over the order-level one.
    """
    for group in PRECEDENCE:
        wanted: list[tuple[Trigger, Rule]] = []
        overruled: list[Trigger] = []
        for indicator in group:
            assert indicator.trigger is not None
            line_value: bool | None = getattr(own, indicator.attribute, None)
            order_value: bool | None = getattr(header, indicator.attribute, None)
            if line_value is not None:
                if line_value:
                    wanted.append((indicator.trigger, RULES["scope.line"]))
                elif order_value:
                    overruled.append(indicator.trigger)
            elif order_value:
                wanted.append((indicator.trigger, order_scope))
        if wanted:
            (trigger, scope), *weaker = wanted
            note = None
            if weaker:
                documented = trigger is Trigger.COMPLETE and weaker[0][0] is Trigger.CANCEL
                note = RULES[
                    "precedence.complete-over-cancel" if documented else "precedence.indicators"
                ]
            line = _act(line, trigger, scope, note, out)[0]
        else:
            precedence = RULES["precedence.line-over-order"]
            out.extend(
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
                for trigger in overruled
            )
    return line


def _settings(current: BuyerLineIndicators, sent: LineIndicators | None) -> BuyerLineIndicators:
    """The line settings after a message: those it sends replace, the others stay."""
    if sent is None:
        return current
    return BuyerLineIndicators(
        no_delivery_expected=(
            current.no_delivery_expected
            if sent.no_delivery_expected is None
            else sent.no_delivery_expected
        ),
        propose_when_accepted=(
            current.propose_when_accepted
            if sent.propose_when_accepted is None
            else sent.propose_when_accepted
        ),
    )


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
        indicators=_settings(current.indicators, sent.indicators),
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


def _issue(sent: MessageLine, rule: Rule, out: list[Decision]) -> Line:
    line = Line(
        BuyerLine(
            position=sent.position,
            item=sent.item,
            delivery_schedule=sent.delivery_schedule or (),
            prices=sent.prices,
            indicators=_settings(BuyerLineIndicators(), sent.indicators),
        )
    )
    out.append(
        Decision(line.position, "issue", Result.APPLIED, None, line.status, rule, None, rule.text)
    )
    return line


def _header(current: BuyerOrder | None, sent: MessageOrder) -> BuyerOrder:
    """The order header after an /order message: fields sent replace, fields left out stay."""
    auto_confirm = sent.indicators.auto_confirm
    if current is None:
        return BuyerOrder(
            purchase_order_number=sent.purchase_order_number,
            supplier_account_number=sent.supplier_account_number,
            description=sent.description,
            indicators=BuyerOrderIndicators(auto_confirm),
        )
    return attrs.evolve(
        current,
        supplier_account_number=sent.supplier_account_number or current.supplier_account_number,
        description=current.description if sent.description is None else sent.description,
        indicators=_order_settings(current.indicators, sent.indicators),
    )


def _order_settings(current: BuyerOrderIndicators, sent: OrderIndicators) -> BuyerOrderIndicators:
    if sent.auto_confirm is None:
        return current
    return BuyerOrderIndicators(auto_confirm=sent.auto_confirm)


def _events(decisions: Iterable[Decision]) -> tuple[Event, ...]:
    """Group the applied decisions by the event their rule emits, in order of appearance."""
    grouped: dict[str, list[str]] = {}
    for decision in decisions:
        event = decision.rule.event
        if decision.result is Result.APPLIED and event is not None:
            positions = grouped.setdefault(event, [])
            if decision.position not in positions:
                positions.append(decision.position)
    return tuple(Event(name, tuple(positions)) for name, positions in grouped.items())


def _outcome(http: int, order: Order | None, decisions: Iterable[Decision], rule: Rule) -> Outcome:
    decided = tuple(decisions)
    return Outcome(http, order, decided, rule, _events(decided))


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
    issue = RULES["issue.new-order" if order is None else "issue.new-line"]
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
        line = _issue(sent_line, issue, out)
        return _indicators(line, sent_line.indicators, header_indicators, in_message, out)

    current = order.lines if order is not None else ()
    known = {line.position for line in current}
    lines = [existing(line) for line in current]
    lines.extend(new(line) for line in message.lines if line.position not in known)
    buyer_order = _header(order.buyer_order if order is not None else None, header)
    decisions = (d for line in lines for d in steps.get(line.position, ()))
    return _outcome(200, Order(buyer_order, tuple(lines)), decisions, RULES["order.accepted"])


def _unknown_positions(positions: Iterable[str], order: Order, action: str) -> list[Decision]:
    known = {line.position for line in order.lines}
    unknown = RULES["position.unknown"]
    return [
        Decision(position, action, Result.REFUSED, None, None, unknown, None, unknown.text)
        for position in positions
        if position not in known
    ]


def _apply_indicators(
    order: Order | None, message: OrderIndicatorsMessage, verification_available: bool
) -> Outcome:
    found = order is not None and order.purchase_order_number == message.order.purchase_order_number
    if not verification_available:
        http, rule = 202, RULES["verification.queued"]
    elif found:
        http, rule = 200, RULES["verification.found"]
    else:
        return _outcome(404, order, (), RULES["verification.not-found"])
    if not found or order is None:
        return _outcome(http, order, (), rule)
    header = message.order.indicators
    scope = RULES["scope.indicators.all-lines"]
    sent = {line.position: line.indicators for line in message.lines}
    decisions: list[Decision] = []

    def indicate(line: Line) -> Line:
        own = sent.get(line.position)
        line = _indicators(line, own, header, scope, decisions)
        settings = _settings(line.buyer_line.indicators, own)
        if settings == line.buyer_line.indicators:
            return line
        stored = RULES["setting.stored"]
        decisions.append(
            Decision(
                line.position,
                "store",
                Result.APPLIED,
                line.status,
                line.status,
                stored,
                RULES["scope.line"],
                stored.text,
            )
        )
        return attrs.evolve(line, buyer_line=attrs.evolve(line.buyer_line, indicators=settings))

    lines = tuple(indicate(line) for line in order.lines)
    decisions.extend(_unknown_positions(sent, order, "indicators"))
    buyer_order = attrs.evolve(
        order.buyer_order, indicators=_order_settings(order.buyer_order.indicators, header)
    )
    return _outcome(http, Order(buyer_order, lines), decisions, rule)


def _apply_revert(order: Order | None, message: RevertLinesMessage) -> Outcome:
    if order is None:
        return _outcome(404, None, (), RULES["revert.not-found"])
    trigger = (
        Trigger.REVERT_CANCELLATION
        if isinstance(message, RevertCancelledLinesMessage)
        else Trigger.REVERT_COMPLETION
    )
    named = set(message.line_positions)
    scope = RULES["scope.revert-lines"]
    decisions: list[Decision] = []
    lines = tuple(
        _act(line, trigger, scope, None, decisions)[0] if line.position in named else line
        for line in order.lines
    )
    decisions.extend(_unknown_positions(message.line_positions, order, trigger.value))
    return _outcome(200, attrs.evolve(order, lines=lines), decisions, RULES["revert.accepted"])


def apply(order: Order | None, message: Message, *, verification_available: bool = True) -> Outcome:
    """What Tradecloud does with ``message`` given the current ``order`` (``None``: no such order).

    ``verification_available=False`` models ``/order/indicators`` finding its verification service
    down: the indicators are queued (202) and, per decision D7, the outcome shows the order as it
    will be once they are processed. Other routes do no such verification.

    Raises :class:`InvalidInput` when an ``/order`` message names another purchase order than the
    ``order`` given (decision D9).
    """
    if isinstance(message, OrderMessage):
        return _apply_order(order, message)
    if isinstance(message, OrderIndicatorsMessage):
        return _apply_indicators(order, message, verification_available)
    return _apply_revert(order, message)
