"""Pure use-cases: ``apply(order, message) -> Outcome``.

This module decides *which* trigger reaches *which* line (scope and precedence of indicators,
matching lines by position, comparing values); :mod:`tradecloud_domain.machine` decides what the
trigger does. Nothing here mutates its inputs: the outcome holds a new :class:`Order`.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from ._values import frozen
from .deliveries import line_logistics_status, logistics_fields, same_schedule
from .entities import (
    BUYER_LINE_FIELDS,
    BUYER_ORDER_FIELDS,
    MAX_COLLECTION,
    SUPPLIER_LINE_FIELDS,
    SUPPLIER_ORDER_FIELDS,
    BuyerLine,
    BuyerLineIndicators,
    BuyerOrder,
    BuyerOrderIndicators,
    BuyerRequests,
    ConfirmedLine,
    Delivery,
    DeliveryLine,
    Line,
    LineStatus,
    Order,
    Prices,
    Request,
    ScheduleLine,
    SupplierLine,
    SupplierOrder,
    SupplierRequests,
)
from .errors import InvalidInput, Problem, shown
from .machine import (
    BULK_ANSWERS,
    DELIVERY_ROUTES,
    LINE_ACTIONS,
    PRECEDENCE,
    RULES,
    STEP_TABLES,
    VERIFICATION,
    Effect,
    Rule,
    Step,
    Trigger,
)
from .messages import (
    LineIndicators,
    OrderIndicators,
    OrderIndicatorsMessage,
    is_message,
)
from .readmodel import EventDates, Instant, LineFacts
from .statuses import InProgressStatus, LogisticsStatus, ProcessStatus, RequestStatus, Route

if TYPE_CHECKING:
    from .messages import (
        DeliveryMessage,
        LineActionMessage,
        Message,
        MessageLine,
        MessageOrder,
        OrderDeliveriesMessage,
        OrderDeliveryHistoryMessage,
        OrderMessage,
        OrderResponseMessage,
        ResponseIndicators,
        ResponseLine,
        SingleDeliveryOrderMessage,
    )

__all__ = ["Decision", "Event", "Outcome", "Result", "WebhookDelivery", "apply"]


class Result(StrEnum):
    """What became of one action on one line."""

    APPLIED = "applied"  # the rule's transition was taken (the status may stay the same)
    REFUSED = "refused"  # the rule forbids it in the line's status; nothing changed
    SKIPPED = "skipped"  # precedence kept the line out (an explicit line-level false)


APPLIED, REFUSED, SKIPPED = Result.APPLIED, Result.REFUSED, Result.SKIPPED


@frozen
class Decision:
    """One step taken (or refused) on one line, and the rule that decided it.

    ``scope`` is the rule that brought the line into the action (line-level indicator, order-level
    indicator on /order or on /order/indicators, cancelLineWhenMissing), when there is one;
    ``note`` a rule that also weighed in (a precedence between indicators).
    """

    position: str
    action: str
    result: Result
    before: LineStatus | None
    after: LineStatus | None
    rule: Rule
    scope: Rule | None = None
    note: Rule | None = None

    @property
    def reason(self) -> str:
        """The decision in words: the scope, the rule and the note, in that order."""
        return " ".join(r.text for r in (self.scope, self.rule, self.note) if r is not None)


@frozen
class Event:
    """A webhook event Tradecloud emits for the change, with the line positions it covers."""

    name: str
    positions: tuple[str, ...]


@frozen
class WebhookDelivery:
    """A webhook delivery Tradecloud would POST for the change: the event's name and the order
    after the change (order/buyer/receive/README.md, "The webhook body contains")."""

    event_name: str
    order_event: Order


#: A decision as ``apply`` records it: the fields of :class:`Decision`, in order.
Record = tuple[
    str, str, Result, LineStatus | None, LineStatus | None, Rule, Rule | None, Rule | None
]

#: A weaker indicator of the same precedence group: its trigger, compiled table and scope rule.
Alternative = tuple[Trigger, Mapping[int, Step], Rule | None]

#: One step of a plan: the trigger, its compiled table, the scope rule, a note rule, the values
#: the message carries for the line (a supplier's responded delivery schedule and prices), and the
#: weaker indicators to try, in order, when the line's status refuses this one (decision D15).
PlannedStep = tuple[
    Trigger, Mapping[int, Step], Rule | None, Rule | None, Request | None, tuple[Alternative, ...]
]


@frozen
class _Segment:
    """Machine steps run on some lines, kept so their decisions can be replayed when read."""

    lines: tuple[Line, ...]
    plans: tuple[tuple[PlannedStep, ...], ...]


#: What an outcome keeps to explain itself: decisions recorded as they were taken, and segments of
#: machine steps to replay. The compiled rules are pure, so a replay yields exactly the decisions
#: the run took; an oracle run that reads only the order never pays for them.
TraceItem = Record | _Segment


@frozen
class Outcome:
    """What Tradecloud does with a message: the HTTP status, the order after, the decisions that
    explain it and the events it emits.

    - ``http_status``: 200, 202 or 404, as Tradecloud answers; ``rule`` says why.
    - ``order``: the order after the message (``None`` when there is none to show).
    - ``decisions``: one :class:`Decision` per step taken, refused or skipped, in line order.
    - ``events``: the webhook events of the applied steps, each with the positions it covers.
    - ``today``: the as-of date the overdue indicators are computed for (``None``: not shown;
      decision D87).

    ``decisions`` and ``events`` are built from ``trace`` the first time they are read.
    """

    http_status: int
    order: Order | None
    rule: Rule
    trace: tuple[TraceItem, ...] = attrs.field(default=(), repr=False)
    #: Rules applied to the order header rather than to lines (their events cover no position).
    order_rules: tuple[Rule, ...] = ()
    today: datetime.date | None = None

    @functools.cached_property
    def decisions(self) -> tuple[Decision, ...]:
        """One decision per step taken, refused or skipped, in line order."""
        records: list[Record] = []
        for item in self.trace:
            if isinstance(item, _Segment):
                _run_lines(item.lines, item.plans, records)
            else:
                records.append(item)
        return tuple(Decision(*record) for record in records)

    @functools.cached_property
    def events(self) -> tuple[Event, ...]:
        """The webhook events of the applied steps, each with the positions it covers."""
        return _events(self.decisions, self.order_rules)

    @property
    def deliveries(self) -> tuple[WebhookDelivery, ...]:
        """The webhook deliveries Tradecloud would POST: one per event, each with the order after
        the change (none without an order)."""
        if self.order is None:
            return ()
        return tuple(WebhookDelivery(event.name, self.order) for event in self.events)


def _run_lines(
    lines: Iterable[Line], plans: Iterable[Iterable[PlannedStep]], out: list[Record] | None
) -> list[Line]:
    """Run each line's planned steps through the compiled machine; record each decision in
    ``out`` unless it is ``None``.

    The hot path of every route: per step one table lookup, and a new line only when something
    changed. Confirming by the buyer also makes the requested values the confirmed ones
    (decision D18). Lines come in bulk so that a 500-line order costs one call, not 500.
    """
    result_lines: list[Line] = []
    add_line = result_lines.append
    for given, steps in zip(lines, plans, strict=True):  # pragma: no mutate - a guard only
        line = given
        for strongest, table, strongest_scope, note, values, weaker in steps:
            status = line.status
            trigger, result, scope = strongest, table[status.code], strongest_scope
            if not result.allowed and weaker:
                # The strongest indicator that applies to the line's status acts (D15).
                for alternative, alternative_table, alternative_scope in weaker:
                    if alternative_table[status.code].allowed:
                        trigger, result = alternative, alternative_table[status.code]
                        scope = alternative_scope
                        break
            if out is not None:
                out.append(
                    (
                        line.buyer_line.position,
                        trigger,
                        APPLIED if result.allowed else REFUSED,
                        status,
                        result.after,  # a refusal's "after" is the status it started from
                        result.rule,
                        scope,
                        note,
                    )
                )
            if not result.allowed:
                continue
            if result.rule.effect is not None or (
                result.closes_requests
                and (line.supplier_line is not None or line.buyer_line.requests.reopen_request)
            ):
                line = _settle(line, result, values)
            elif result.changes:
                line = Line(  # Line.but, inlined: the hot path
                    line.buyer_line,
                    result.after,
                    line.confirmed_line,
                    line.supplier_line,
                    line.facts,
                )
        add_line(line)
    return result_lines


def _with_status(request: Request | None, status: RequestStatus) -> Request | None:
    return None if request is None else attrs.evolve(request, status=status)


def _close(request: Request | None) -> Request | None:
    """A request still open when its line leaves InProgress is no longer relevant: Closed."""
    if request is None or request.status is not RequestStatus.OPEN:
        return request
    return attrs.evolve(request, status=RequestStatus.CLOSED)


def _settle(line: Line, result: Step, values: Request | None) -> Line:
    """The line after a step whose rule changes its values (:class:`Effect`), or that leaves
    InProgress with requests still open."""
    buyer = line.buyer_line
    confirmed = line.confirmed_line
    supplier = line.supplier_line.requests if line.supplier_line else SupplierRequests()
    proposal, supplier_reopen = supplier.proposal, supplier.reopen_request
    buyer_reopen = buyer.requests.reopen_request
    requested = Request(
        tuple(map(ScheduleLine.of, buyer.delivery_schedule)),
        buyer.prices,
        charge_lines=buyer.charge_lines,
    )
    effect = result.rule.effect
    if effect is Effect.CONFIRM_REQUESTED:
        # A response that confirms with the requested values agrees on the charge lines it sends
        # with them; left out (or ignored, with an indicator), the requested ones (D142).
        charges = buyer.charge_lines
        if values is not None and values.charge_lines is not None:
            charges = values.charge_lines
        confirmed = ConfirmedLine.of(buyer.delivery_schedule, buyer.prices, charges)
    elif effect is Effect.OPEN_PROPOSAL:
        proposal = values
    elif effect is Effect.OPEN_PROPOSAL_AS_REQUESTED:
        proposal = attrs.evolve(requested, reason=values.reason if values else None)
    elif effect is Effect.OPEN_SUPPLIER_REOPEN:
        supplier_reopen = values
    elif effect is Effect.APPROVE_PROPOSAL and proposal is not None:
        confirmed = ConfirmedLine.of(
            proposal.delivery_schedule, proposal.prices, proposal.charge_lines
        )
        proposal = _with_status(proposal, RequestStatus.APPROVED)
    elif effect is Effect.REJECT_PROPOSAL:
        proposal = _with_status(proposal, RequestStatus.REJECTED)
    elif effect is Effect.APPROVE_SUPPLIER_REOPEN and supplier_reopen is not None:
        confirmed = ConfirmedLine.of(
            supplier_reopen.delivery_schedule, supplier_reopen.prices, supplier_reopen.charge_lines
        )
        supplier_reopen = _with_status(supplier_reopen, RequestStatus.APPROVED)
    elif effect is Effect.REJECT_SUPPLIER_REOPEN:
        supplier_reopen = _with_status(supplier_reopen, RequestStatus.REJECTED)
    elif effect is Effect.CLOSE_SUPPLIER_REOPEN:
        supplier_reopen = _with_status(supplier_reopen, RequestStatus.CLOSED)
    elif effect is Effect.OPEN_BUYER_REOPEN:
        buyer_reopen = requested
    elif effect is Effect.CLOSE_BUYER_REOPEN:
        buyer_reopen = _with_status(buyer_reopen, RequestStatus.CLOSED)
    elif effect is Effect.APPROVE_BUYER_REOPEN:
        confirmed = ConfirmedLine.of(buyer.delivery_schedule, buyer.prices, buyer.charge_lines)
        buyer_reopen = _with_status(buyer_reopen, RequestStatus.APPROVED)
    elif effect is Effect.REJECT_BUYER_REOPEN:
        buyer_reopen = _with_status(buyer_reopen, RequestStatus.REJECTED)
    if result.closes_requests:
        proposal, supplier_reopen, buyer_reopen = map(
            _close, (proposal, supplier_reopen, buyer_reopen)
        )
    if buyer_reopen is not buyer.requests.reopen_request:
        buyer = attrs.evolve(buyer, requests=BuyerRequests(buyer_reopen))
    requests = SupplierRequests(proposal, supplier_reopen)
    supplier_line = line.supplier_line
    if requests != supplier:
        supplier_line = (
            SupplierLine(requests)
            if supplier_line is None
            else attrs.evolve(supplier_line, requests=requests)
        )
    return line.but(buyer, result.after, confirmed, supplier_line)


def _run_traced(
    lines: tuple[Line, ...], plans: tuple[tuple[PlannedStep, ...], ...], trace: list[TraceItem]
) -> list[Line]:
    """Run lines through their plans and keep the segment for the decisions (see Outcome)."""
    trace.append(_Segment(lines, plans))
    return _run_lines(lines, plans, None)


def _run(line: Line, steps: tuple[PlannedStep, ...], trace: list[TraceItem]) -> Line:
    """Run planned steps on one line."""
    return _run_traced((line,), (steps,), trace)[0]


def _act(
    line: Line,
    trigger: Trigger,
    scope: Rule | None,
    note: Rule | None,
    trace: list[TraceItem],
    *,
    values: Request | None = None,
) -> tuple[Line, bool]:
    """Run one trigger on ``line``; also say whether the machine allowed it."""
    table = STEP_TABLES[trigger]
    allowed = table[line.status.code].allowed
    return _run(line, ((trigger, table, scope, note, values, ()),), trace), allowed


#: A resolved indicator plan for one line: the steps to run and which order-level triggers an
#: explicit line-level false kept out.
Plan = tuple[tuple[PlannedStep, ...], tuple[Trigger, ...]]


@functools.lru_cache(maxsize=4096)  # pure, and its arguments are frozen values
def _plan(own: LineIndicators | None, header: OrderIndicators | None, order_scope: Rule) -> Plan:
    """Resolve a line's indicators against the header's, once per distinct set of line indicators.

    Per precedence group, the strongest indicator that is true and applies to the line's status
    acts (the weaker ones are tried in order when the line's status refuses the strongest:
    decision D15); a line-level value, ``false`` included, wins over the order-level one.
    """
    run: list[PlannedStep] = []
    overruled: list[Trigger] = []
    for group in PRECEDENCE:
        wanted: list[tuple[Trigger, Rule]] = []
        kept_out: list[Trigger] = []
        for indicator in group:
            assert indicator.trigger is not None
            line_value: bool | None = getattr(own, indicator.attribute, None)
            order_value: bool | None = getattr(header, indicator.attribute, None)
            if line_value is not None:
                if line_value:
                    wanted.append((indicator.trigger, RULES["scope.line"]))
                elif order_value:
                    kept_out.append(indicator.trigger)
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
            alternatives = tuple((t, STEP_TABLES[t], s) for t, s in weaker)
            run.append((trigger, STEP_TABLES[trigger], scope, note, None, alternatives))
        else:
            overruled.extend(kept_out)
    return tuple(run), tuple(overruled)


class _Planner:
    """Runs the indicators of one message's header, and of each of its lines, on lines."""

    def __init__(self, header: OrderIndicators | None, order_scope: Rule) -> None:
        self.header = header
        self.order_scope = order_scope

    def plan(self, own: LineIndicators | None) -> Plan:
        return _plan(own, self.header, self.order_scope)

    def run(self, line: Line, own: LineIndicators | None, out: list[TraceItem]) -> Line:
        steps, overruled = self.plan(own)
        line = _run(line, steps, out)
        if overruled:
            precedence = RULES["precedence.line-over-order"]
            out.extend(
                (
                    line.buyer_line.position,
                    trigger,
                    SKIPPED,
                    line.status,
                    line.status,
                    precedence,
                    self.order_scope,
                    None,
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
        delivered=current.delivered,
    )


DeliveryKey = tuple[datetime.date | None, Decimal | None]


def _schedule_key(
    schedule: Iterable[DeliveryLine | ScheduleLine],
) -> tuple[Counter[tuple[str, datetime.date | None, Decimal | None]], Counter[DeliveryKey]]:
    """A delivery schedule as comparable values: its positioned delivery lines, and the date and
    quantity of its unpositioned ones; order-free, dates and decimals by value
    (``Decimal("100")`` and ``Decimal("100.00")`` are equal, and hash alike). A delivery line's
    logistics fields (status, etd, eta) are not part of it."""
    positioned: Counter[tuple[str, datetime.date | None, Decimal | None]] = Counter()
    unpositioned: Counter[DeliveryKey] = Counter()
    for line in schedule:
        if line.position is None:
            unpositioned[(line.date, line.quantity)] += 1
        else:
            positioned[(line.position, line.date, line.quantity)] += 1
    return positioned, unpositioned


def _same_schedule(
    one: Iterable[DeliveryLine | ScheduleLine], other: Iterable[DeliveryLine | ScheduleLine]
) -> bool:
    """Whether two delivery schedules hold the same deliveries (decision D29).

    Delivery lines are matched by position; a delivery line without a position (a supplier's
    minimal response, a split the buyer has not numbered yet) matches any one delivery line of
    the other schedule with the same date and quantity.
    """
    one_positioned, one_free = _schedule_key(one)
    other_positioned, other_free = _schedule_key(other)
    common = one_positioned & other_positioned
    one_left: Counter[DeliveryKey] = Counter()
    other_left: Counter[DeliveryKey] = Counter()
    for (_, date, quantity), count in (one_positioned - common).items():
        one_left[(date, quantity)] += count
    for (_, date, quantity), count in (other_positioned - common).items():
        other_left[(date, quantity)] += count
    # Positioned lines left on one side can only pair with unpositioned ones on the other.
    return (
        all(count <= other_free[key] for key, count in one_left.items())
        and all(count <= one_free[key] for key, count in other_left.items())
        and one_left + one_free == other_left + other_free
    )


def _matches_confirmed(requested: BuyerLine, confirmed: ConfirmedLine | None) -> bool:
    """Requested delivery schedule and prices equal to the confirmed ones, by value."""
    return (
        confirmed is not None
        and requested.prices == confirmed.prices
        and _same_schedule(requested.delivery_schedule, confirmed.delivery_schedule)
    )


def _echoed(current: object, sent: object, names: Iterable[str]) -> dict[str, Any]:
    """The fields named that ``sent`` gives and that differ from ``current``'s (echo: a field sent
    replaces, a field left out stays; decision D10)."""
    return {
        name: value
        for name in names
        if (value := getattr(sent, name)) is not None and value != getattr(current, name)
    }


def _update(line: Line, sent: MessageLine, out: list[TraceItem]) -> Line:
    """An /order line for an existing position: fields sent replace, fields left out stay.

    A change of the requested values (item, delivery schedule, prices, settings) is an update
    the rules weigh; a change of only the other fields is stored without a status change
    (``update.fields``, decision D75); a change of only the delivery lines' logistics fields
    moves the logistics status (``delivery-lines.logistics``). The delivery history, when sent,
    replaces the line's (rule ``history.order``).
    """
    current = line.buyer_line
    fields = _echoed(current, sent, BUYER_LINE_FIELDS)
    facts = line.facts or LineFacts()
    own = _echoed(facts, sent, ("line_type", "charge_reason_code"))
    requested = BuyerLine(
        position=current.position,
        item=current.item if sent.item is None else sent.item,
        delivery_schedule=(
            current.delivery_schedule if sent.delivery_schedule is None else sent.delivery_schedule
        ),
        prices=current.prices if sent.prices is None else sent.prices,
        indicators=_settings(current.indicators, sent.indicators),
        requests=current.requests,
        delivery_history=current.delivery_history,
        **{name: fields.get(name, getattr(current, name)) for name in BUYER_LINE_FIELDS},
    )
    if requested != current or own:
        line = _update_values(
            line,
            requested,
            attrs.evolve(facts, **own) if own else line.facts,
            out,
            others_changed=bool(fields or own),
        )
    history = sent.delivery_history
    if history is not None and history != line.buyer_line.delivery_history:
        line = _set_history(line, history, RULES["history.order"], out)
    return line


def _values_changed(requested: BuyerLine, current: BuyerLine) -> bool:
    """Whether an update changes the values the rules weigh: the item, prices, settings, or the
    delivery schedule beyond its delivery lines' logistics fields (decision D85)."""
    return (
        requested.item != current.item
        or requested.prices != current.prices
        or requested.indicators != current.indicators
        or (
            requested.delivery_schedule != current.delivery_schedule
            and not same_schedule(requested.delivery_schedule, current.delivery_schedule)
        )
    )


def _update_values(
    line: Line,
    requested: BuyerLine,
    facts: LineFacts | None,
    out: list[TraceItem],
    *,
    others_changed: bool,
) -> Line:
    """The update step of a line whose requested values, other fields (``others_changed``) or
    delivery-line logistics changed."""
    current = line.buyer_line
    before = current.delivery_schedule
    if _values_changed(requested, current):
        trigger = (
            Trigger.UPDATE_TO_CONFIRMED
            if _matches_confirmed(requested, line.confirmed_line)
            else Trigger.UPDATE
        )
    elif not others_changed:  # only delivery-line logistics fields changed
        if line.status.process_status in _ENDED:
            status = line.status
            ignored = RULES["delivery-lines.logistics.ignored"]
            out.append((line.position, "logistics", REFUSED, status, status, ignored, None, None))
            return line
        changed = line.but(requested, line.status, line.confirmed_line, line.supplier_line)
        return _follow_delivery_lines(before, changed, out)
    else:
        trigger = Trigger.UPDATE_FIELDS
    # The step sees the line with its new requested values: a reopen request is made of them.
    candidate = Line(requested, line.status, line.confirmed_line, line.supplier_line, facts)
    updated, allowed = _act(candidate, trigger, None, None, out)
    return _follow_delivery_lines(before, updated, out) if allowed else line


_ENDED: Final = frozenset({ProcessStatus.COMPLETED, ProcessStatus.CANCELLED})


def _follow_delivery_lines(
    before: Iterable[DeliveryLine], line: Line, out: list[TraceItem]
) -> Line:
    """When the delivery lines' logistics fields changed, the line's logistics status follows
    from them (rule ``delivery-lines.logistics``); never its process status."""
    if logistics_fields(before) == logistics_fields(line.buyer_line.delivery_schedule):
        return line
    status = line.status
    follows = line_logistics_status(line.buyer_line.delivery_schedule)
    if follows is not None and status.logistics_status is not LogisticsStatus.CANCELLED:
        line = attrs.evolve(
            line, status=LineStatus(status.process_status, follows, status.in_progress_status)
        )
    rule = RULES["delivery-lines.logistics"]
    out.append((line.position, "logistics", APPLIED, status, line.status, rule, None, None))
    return line


def _set_history(
    line: Line, history: tuple[Delivery, ...], rule: Rule, out: list[TraceItem]
) -> Line:
    """The line with ``history`` as its delivery history; its statuses never change."""
    status = line.status
    out.append((line.position, "history", APPLIED, status, status, rule, None, None))
    return attrs.evolve(line, buyer_line=attrs.evolve(line.buyer_line, delivery_history=history))


def _issue(sent: MessageLine, rule: Rule, out: list[TraceItem]) -> Line:
    schedule = sent.delivery_schedule or ()
    line = Line(
        BuyerLine(
            position=sent.position,
            item=sent.item,
            delivery_schedule=schedule,
            prices=sent.prices,
            indicators=_settings(BuyerLineIndicators(), sent.indicators),
            delivery_history=sent.delivery_history or (),
            **{name: getattr(sent, name) for name in BUYER_LINE_FIELDS},
        ),
        # The logistics status follows from the delivery lines sent (rule delivery-lines.logistics).
        LineStatus(logistics_status=line_logistics_status(schedule) or LogisticsStatus.OPEN),
        facts=(
            LineFacts(line_type=sent.line_type, charge_reason_code=sent.charge_reason_code)
            if sent.line_type is not None or sent.charge_reason_code is not None
            else None
        ),
    )
    out.append((line.position, "issue", APPLIED, None, line.status, rule, None, None))
    return line


def _header(current: BuyerOrder | None, sent: MessageOrder) -> BuyerOrder:
    """The order header after an /order message: fields sent replace, fields left out stay."""
    auto_confirm = sent.indicators.auto_confirm
    if current is None:
        return BuyerOrder(
            purchase_order_number=sent.purchase_order_number,
            indicators=BuyerOrderIndicators(auto_confirm),
            **{name: getattr(sent, name) for name in BUYER_ORDER_FIELDS},
        )
    return attrs.evolve(
        current,
        indicators=_order_settings(current.indicators, sent.indicators),
        **_echoed(current, sent, BUYER_ORDER_FIELDS),
    )


def _order_settings(current: BuyerOrderIndicators, sent: OrderIndicators) -> BuyerOrderIndicators:
    if sent.auto_confirm is None:
        return current
    return BuyerOrderIndicators(auto_confirm=sent.auto_confirm)


def _events(decisions: Iterable[Decision], order_rules: Iterable[Rule] = ()) -> tuple[Event, ...]:
    """Group the applied decisions by the event their rule emits, in order of appearance; the
    events of rules applied to the header first, covering the positions of lines that share
    them."""
    grouped: dict[str, dict[str, None]] = {}  # dicts as ordered sets
    for rule in order_rules:
        if rule.event is not None:
            grouped.setdefault(rule.event, {})
    for decision in decisions:
        event = decision.rule.event
        if event is not None and decision.result is Result.APPLIED:
            grouped.setdefault(event, {}).setdefault(decision.position)
    return tuple(Event(name, tuple(positions)) for name, positions in grouped.items())


def _outcome(
    http: int,
    order: Order | None,
    trace: Iterable[TraceItem],
    rule: Rule,
    order_rules: tuple[Rule, ...] = (),
) -> Outcome:
    return Outcome(http, order, rule, tuple(trace), order_rules)


def _apply_order(order: Order | None, message: OrderMessage) -> Outcome:
    header = message.order
    if order is not None and order.purchase_order_number != header.purchase_order_number:
        raise InvalidInput(
            [
                Problem(
                    "order.purchaseOrderNumber",
                    "state.mismatch",
                    f"message is for order {shown(header.purchase_order_number)} but the state "
                    f"given is order {shown(order.purchase_order_number)}",
                )
            ]
        )
    header_indicators = header.indicators
    planner = _Planner(header_indicators, RULES["scope.order.message-lines"])
    issue = RULES["issue.new-order" if order is None else "issue.new-line"]
    sent = {line.position: line for line in message.lines}
    steps: dict[str, list[TraceItem]] = {}

    def existing(line: Line) -> Line:
        out = steps.setdefault(line.position, [])
        update = sent.get(line.position)
        if update is not None:
            return planner.run(_update(line, update, out), update.indicators, out)
        if header_indicators.cancel_line_when_missing:
            missing = RULES["scope.cancel-line-when-missing"]
            return _act(line, Trigger.CANCEL, missing, None, out)[0]
        return line

    def new(sent_line: MessageLine) -> Line:
        out = steps.setdefault(sent_line.position, [])
        return planner.run(_issue(sent_line, issue, out), sent_line.indicators, out)

    current = order.lines if order is not None else ()
    known = {line.position for line in current}
    lines = [existing(line) for line in current]
    lines.extend(new(line) for line in message.lines if line.position not in known)
    buyer_order = _header(order.buyer_order if order is not None else None, header)
    decisions = (d for line in lines for d in steps[line.position])
    if order is None:
        return _outcome(200, Order(buyer_order, tuple(lines)), decisions, RULES["order.accepted"])
    fields_changed = any(
        getattr(buyer_order, name) != getattr(order.buyer_order, name)
        for name in BUYER_ORDER_FIELDS
    )
    after = order.but(buyer_order, tuple(lines))
    order_rules = (RULES["update.order-fields"],) if fields_changed else ()
    return _outcome(200, after, decisions, RULES["order.accepted"], order_rules)


def _apply_single_delivery(order: Order | None, message: SingleDeliveryOrderMessage) -> Outcome:
    """order/single-delivery: translated into the /order message it means, and applied as that
    (api/delivery-schedule.md); the order is in single-delivery mode from then on (D100)."""
    if order is not None and order.purchase_order_number != message.order.purchase_order_number:
        from ._order_messages import OrderMessage  # noqa: PLC0415 - defined with this route's

        return _apply_order(order, OrderMessage(message.order))  # refused: state.mismatch (D9)
    from .single_delivery import translate  # noqa: PLC0415 - the route's own module, when used

    translation = translate(order, message)  # actualDelivery: in the lines' history (D111)
    outcome = _apply_order(translation.order, translation.message)
    assert outcome.order is not None  # /order always shows the order
    buyer_order = attrs.evolve(outcome.order.buyer_order, single_delivery_per_order_line=True)
    marked = attrs.evolve(outcome.order, buyer_order=buyer_order)
    before = {line.position: line.status for line in order.lines} if order is not None else {}
    after = {line.position: line.status for line in marked.lines}
    notes = [
        (
            note.position,
            note.action,
            Result(note.result),
            before.get(note.original),
            after.get(note.original),
            RULES[note.rule],
            None,
            None,
        )
        for note in translation.notes
    ]
    return _outcome(200, marked, (*outcome.trace, *notes), RULES["single-delivery.accepted"])


def _unknown_positions(positions: Iterable[str], order: Order, action: str) -> list[TraceItem]:
    known = {line.position for line in order.lines}
    unknown = RULES["position.unknown"]
    return [
        (position, action, REFUSED, None, None, unknown, None, None)
        for position in positions
        if position not in known
    ]


def _verify(
    order: Order | None, route: Route, purchase_order_number: str, verification_available: bool
) -> Outcome | tuple[Order, int, Rule]:
    """Tradecloud's check of the purchase order number (``VERIFICATION``): the order to process
    with the HTTP status and rule to answer, or the outcome when there is nothing to process."""
    found_id, queued_id, not_found_id = VERIFICATION[route]
    found = order is not None and order.purchase_order_number == purchase_order_number
    if not verification_available:
        http, rule = 202, RULES[queued_id]
    elif found:
        http, rule = 200, RULES[found_id]
    else:
        return _outcome(404, order, (), RULES[not_found_id])
    if not found or order is None:
        return _outcome(http, order, (), rule)
    return order, http, rule


def _apply_indicators(
    order: Order, message: OrderIndicatorsMessage, http: int, rule: Rule
) -> Outcome:
    header = message.order.indicators
    planner = _Planner(header, RULES["scope.indicators.all-lines"])
    sent = {line.position: line.indicators for line in message.lines}
    decisions: list[TraceItem] = []

    def indicate(line: Line, own: LineIndicators | None) -> Line:
        line = planner.run(line, own, decisions)
        if own is None:
            return line
        settings = _settings(line.buyer_line.indicators, own)
        if settings == line.buyer_line.indicators:
            return line
        stored = RULES["setting.stored"]
        decisions.append(
            (
                line.position,
                "store",
                APPLIED,
                line.status,
                line.status,
                stored,
                RULES["scope.line"],
                None,
            )
        )
        return attrs.evolve(line, buyer_line=attrs.evolve(line.buyer_line, indicators=settings))

    if sent:
        lines = tuple(indicate(line, sent.get(line.buyer_line.position)) for line in order.lines)
        decisions.extend(_unknown_positions(sent, order, "indicators"))
    else:  # the common order-level case: one plan for every line, run in bulk
        steps, _ = planner.plan(None)  # no line-level indicator: nothing is overruled
        lines = tuple(_run_traced(order.lines, (steps,) * len(order.lines), decisions))
    settings = _order_settings(order.buyer_order.indicators, header)
    buyer_order = order.buyer_order
    if settings != buyer_order.indicators:
        buyer_order = attrs.evolve(buyer_order, indicators=settings)
    return _outcome(http, order.but(buyer_order, lines), decisions, rule)


def _answer(line: Line, trigger: Trigger) -> Trigger:
    """The trigger an answer pulls on ``line``: rejecting a proposal that answered the buyer's own
    reopen request, still open, returns the line to that request (order/status.md:
    RejectedSupplierProposal means "no other requests are open")."""
    if trigger is Trigger.REJECT_PROPOSAL:
        reopen = line.buyer_line.requests.reopen_request
        if reopen is not None and reopen.status is RequestStatus.OPEN:
            return Trigger.REJECT_PROPOSAL_REOPEN_OPEN
    return trigger


def _apply_bulk_answer(order: Order, message: LineActionMessage) -> Outcome:
    """The buyer's bulk answer: on each line named (none named: every line with an open supplier
    request), the answer to whatever supplier request is open (decision D31)."""
    answers = BULK_ANSWERS[message.route]
    positions: tuple[str, ...] | None = message.line_positions
    named = (
        {
            line.position
            for line in order.lines
            if line.status.process_status is ProcessStatus.IN_PROGRESS
            and line.status.in_progress_status in answers
        }
        if positions is None
        else set(positions)
    )
    scope = RULES["scope.answer-requests"]
    nothing_open = RULES["answer.requests.none-open"]
    decisions: list[TraceItem] = []

    def answer(line: Line) -> Line:
        status = line.status
        open_request = status.in_progress_status
        trigger = None if open_request is None else answers.get(open_request)
        if trigger is None or status.process_status is not ProcessStatus.IN_PROGRESS:
            unknown = status.process_status is ProcessStatus.IN_PROGRESS and (
                status.in_progress_status is None
            )
            rule = RULES["in-progress.unknown"] if unknown else nothing_open
            action = message.route.value.rsplit("/", 1)[-1] + "_requests"
            decisions.append((line.position, action, REFUSED, status, status, rule, scope, None))
            return line
        return _act(line, _answer(line, trigger), scope, None, decisions)[0]

    lines = tuple(answer(line) if line.position in named else line for line in order.lines)
    if positions is not None:
        decisions.extend(_unknown_positions(positions, order, "answer_requests"))
    return _outcome(200, attrs.evolve(order, lines=lines), decisions, RULES["line-action.accepted"])


def _apply_line_action(order: Order | None, message: LineActionMessage) -> Outcome:
    """A portal action on named lines: reverts, and answers to proposals and reopen requests."""
    if order is None:
        return _outcome(404, None, (), RULES["line-action.not-found"])
    if message.version is not None and order.version not in (None, message.version):
        return _outcome(409, order, (), RULES["line-action.stale-version"])
    if message.route in BULK_ANSWERS:
        return _apply_bulk_answer(order, message)
    trigger, scope_id = LINE_ACTIONS[message.route]
    named = set(message.line_positions)
    scope = RULES[scope_id]
    decisions: list[TraceItem] = []
    lines = tuple(
        _act(line, _answer(line, trigger), scope, None, decisions)[0]
        if line.position in named
        else line
        for line in order.lines
    )
    decisions.extend(_unknown_positions(message.line_positions, order, trigger.value))
    return _outcome(
        200, order.but(order.buyer_order, lines), decisions, RULES["line-action.accepted"]
    )


def _apply_deliveries(order: Order | None, message: DeliveryMessage) -> Outcome:
    """/order/deliveries (append) and /order/deliveryHistory (replace), per line sent
    (order/buyer/receive-goods.md). The order must exist (404 otherwise)."""
    if order is None or order.purchase_order_number != message.order.purchase_order_number:
        return _outcome(404, order, (), RULES["deliveries.not-found"])
    rule = RULES[DELIVERY_ROUTES[message.route]]
    appending = message.route is Route.ORDER_DELIVERIES
    sent: dict[str, tuple[Delivery, ...]] = (
        {line.position: line.deliveries for line in cast("OrderDeliveriesMessage", message).lines}
        if appending
        else {
            line.position: line.delivery_history
            for line in cast("OrderDeliveryHistoryMessage", message).lines
        }
    )
    decisions: list[TraceItem] = []

    def deliver(line: Line, deliveries: tuple[Delivery, ...]) -> Line:
        history = deliveries
        if appending:
            history = line.buyer_line.delivery_history + deliveries
            if len(history) > MAX_COLLECTION:
                status = line.status
                too_long = RULES["history.append.refused-too-long"]
                decisions.append(
                    (line.position, "history", REFUSED, status, status, too_long, None, None)
                )
                return line
        return _set_history(line, history, rule, decisions)

    lines = tuple(
        line if (deliveries := sent.get(line.position)) is None else deliver(line, deliveries)
        for line in order.lines
    )
    decisions.extend(_unknown_positions(sent, order, "history"))
    return _outcome(
        200, order.but(order.buyer_order, lines), decisions, RULES["deliveries.accepted"]
    )


def _filled_prices(sent: Prices | None, reference: Prices | None) -> Prices | None:
    """Responded prices; left out, the reference's; their units copied from the reference when
    left empty (send-order-response: "copied from buyer if empty")."""
    if sent is None:
        return reference
    if reference is None:
        return sent
    return attrs.evolve(
        sent,
        price_unit_of_measure_iso=sent.price_unit_of_measure_iso
        or reference.price_unit_of_measure_iso,
        price_unit_quantity=(
            reference.price_unit_quantity
            if sent.price_unit_quantity is None
            else sent.price_unit_quantity
        ),
    )


def _same(
    values: Request, schedule: Iterable[DeliveryLine | ScheduleLine], prices: Prices | None
) -> bool:
    """Whether the responded values (parts left out already filled in, D23) equal these delivery
    schedule and prices, by value."""
    return values.prices == prices and _same_schedule(values.delivery_schedule, schedule)


def _response_step(
    line: Line, sent: ResponseLine, header: ResponseIndicators
) -> tuple[Trigger, Request]:
    """Which trigger a response line pulls on ``line``, and the values it responds with.

    A line's own indicators override the header's; an indicator ignores the values sent. Otherwise
    the responded values are compared, by value, with the requested and the confirmed ones.
    """
    buyer = line.buyer_line
    indicators = sent.indicators if sent.indicators.given else header
    schedule = sent.delivery_schedule
    values = Request(
        tuple(map(ScheduleLine.of, buyer.delivery_schedule)) if schedule is None else schedule,
        _filled_prices(sent.prices, buyer.prices),
        sent.reason,
        charge_lines=sent.charge_lines,
    )
    if indicators.rejected:
        return Trigger.RESPOND_REJECT, values
    proposes = bool(buyer.indicators.propose_when_accepted)
    if indicators.accepted:
        # An accepted line ignores the values sent with it, its charge lines too (D142).
        values = attrs.evolve(values, charge_lines=None)
        return (Trigger.RESPOND_ACCEPT_AS_PROPOSAL if proposes else Trigger.RESPOND_ACCEPT), values
    as_requested = _same(values, buyer.delivery_schedule, buyer.prices)
    if as_requested and proposes and line.status.process_status is not ProcessStatus.CONFIRMED:
        # Accepting "confirms with requested values" (propose-when-accepted.md): decision D26.
        return Trigger.RESPOND_ACCEPT_AS_PROPOSAL, values
    confirmed = line.confirmed_line
    as_confirmed = confirmed is not None and _same(
        values, confirmed.delivery_schedule, confirmed.prices
    )
    if as_requested and as_confirmed:
        return Trigger.RESPOND_AS_REQUESTED_AND_CONFIRMED, values
    if as_requested:
        return Trigger.RESPOND_AS_REQUESTED, values
    if as_confirmed:
        return Trigger.RESPOND_AS_CONFIRMED, values
    return Trigger.RESPOND_OTHER, values


AUTO_CONFIRMED: Final = frozenset(
    {InProgressStatus.OPEN_SUPPLIER_PROPOSAL, InProgressStatus.OPEN_SUPPLIER_REOPEN_REQUEST}
)


def _apply_response(order: Order, message: OrderResponseMessage, http: int, rule: Rule) -> Outcome:
    header = message.order.indicators
    sent = {line.position: line for line in message.lines}
    scope = RULES["response.scope"]
    auto_confirm = bool(order.buyer_order.indicators.auto_confirm)
    decisions: list[TraceItem] = []
    reached: list[str] = []

    def respond(line: Line, answer: ResponseLine) -> Line:
        trigger, values = _response_step(line, answer, header)
        line, allowed = _act(line, trigger, scope, None, decisions, values=values)
        if allowed and auto_confirm and line.status.in_progress_status in AUTO_CONFIRMED:
            line = _act(line, Trigger.AUTO_CONFIRM, None, None, decisions)[0]
        if not allowed:
            return line
        reached.append(line.position)
        return _supplier_fields(line, answer, decisions)

    lines = tuple(
        line if (answer := sent.get(line.position)) is None else respond(line, answer)
        for line in order.lines
    )
    decisions.extend(_unknown_positions(sent, order, "respond"))
    # The header is stored once the response acts on a line of the order; its buyer account
    # number is the connection's identifier, echoed without an event of its own (decision D76).
    current = order.supplier_order or SupplierOrder()
    fields = _echoed(current, message.order, SUPPLIER_ORDER_FIELDS) if reached else {}
    supplier_order = attrs.evolve(current, **fields) if fields else order.supplier_order
    order_rules = (
        (RULES["respond.order-fields"],) if fields.keys() - {"buyer_account_number"} else ()
    )
    after = attrs.evolve(order, lines=lines, supplier_order=supplier_order)
    return _outcome(http, after, decisions, rule, order_rules)


def _check_arguments(order: object, message: object) -> None:
    """Refuse what is not an order and a message as invalid input (decision D44)."""
    problems = []
    if order is not None and not isinstance(order, Order):
        problems.append(
            Problem("", "type.object", f"the order must come from parse_order, got {shown(order)}")
        )
    if not is_message(message):
        problems.append(
            Problem(
                "", "type.object", f"the message must come from parse_message, got {shown(message)}"
            )
        )
    if problems:
        raise InvalidInput(problems)


def _supplier_fields(line: Line, sent: ResponseLine, out: list[TraceItem]) -> Line:
    """Store a response line's other fields in the supplier line (decision D76): item details
    that change are ``respond.item-details``, the others ``respond.fields``."""
    current = line.supplier_line or SupplierLine()
    position = sent.sales_order_position or sent.sales_order_line_position
    fields = _echoed(
        current, attrs.evolve(sent, sales_order_position=position), SUPPLIER_LINE_FIELDS
    )
    if not fields:
        return line
    status = line.status
    for rule_id, changed in (
        ("respond.item-details", "item_details" in fields),
        ("respond.fields", bool(fields.keys() - {"item_details"})),
    ):
        if changed:
            out.append(
                (line.position, "store", APPLIED, status, status, RULES[rule_id], None, None)
            )
    return attrs.evolve(line, supplier_line=attrs.evolve(current, **fields))


def apply(
    order: Order | None,
    message: Message,
    *,
    verification_available: bool = True,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Outcome:
    """What Tradecloud does with ``message`` given the current ``order`` (``None``: no such order).

    ``verification_available=False`` models ``/order/indicators`` finding its verification service
    down: the indicators are queued (202) and, per decision D7, the outcome shows the order as it
    will be once they are processed. Other routes do no such verification.

    ``today`` is the as-of date of the overdue indicators the outcome shows; there is no hidden
    clock, so without it none are shown (decision D87).

    Every change, and every outcome that emits an event, increments the order's ``version`` (a
    new order starts at 1; decisions D77, D143). There is no clock inside: with ``now`` the
    changed order and lines get ``lastUpdatedAt`` and the events emitted get their
    ``eventDates`` (decision D74); without it they stay as they were.

    Raises :class:`InvalidInput` when an ``/order`` message names another purchase order than the
    ``order`` given (decision D9), or when ``order`` or ``message`` is not what
    :func:`~tradecloud_domain.parse_order` or :func:`~tradecloud_domain.parse_message` returns.
    """
    _check_arguments(order, message)
    if order is not None and order.buyer_order.single_delivery_per_order_line:
        # An order in single-delivery mode refuses some routes; the module that says which is
        # imported by the calls that need it.
        from .single_delivery import check_supported  # noqa: PLC0415

        check_supported(order, message.route.value, message)
    outcome = _dispatch(order, message, verification_available)
    after = outcome.order
    if (now is None and order is not None and order.version is None) or (
        after is None or not (outcome.events or _changed(order, after))
    ):
        # No version to count and no clock to stamp, or nothing changed and no event recorded
        # (an event is counted and stamped even when it changes no field: decision D143).
        return outcome if today is None else attrs.evolve(outcome, today=today)
    if order is None:
        after = attrs.evolve(after, version=1)
    elif order.version is not None:
        after = attrs.evolve(after, version=order.version + 1)
    if now is not None:
        after = _stamped(order, after, outcome.events, Instant.of(now))
    return Outcome(
        outcome.http_status, after, outcome.rule, outcome.trace, outcome.order_rules, today
    )


def _differ(a: object, b: object) -> bool:
    return a is not b and a != b


def _changed(before: Order | None, after: Order) -> bool:
    """Whether ``after`` differs from ``before``: parts that are the same object are equal, so
    only the parts a message replaced are compared (every message pays for this check)."""
    if before is None:
        return True
    if after is before:
        return False
    return (
        len(after.lines) != len(before.lines)
        or _differ(after.buyer_order, before.buyer_order)
        or _differ(after.supplier_order, before.supplier_order)
        or any(map(_differ, after.lines, before.lines))
        or (after.id, after.version, after.event_dates, after.last_updated_at)
        != (before.id, before.version, before.event_dates, before.last_updated_at)
    )


def _stamped(before: Order | None, after: Order, events: Iterable[Event], now: Instant) -> Order:
    """``after`` with ``now`` as the last update of the order and of each line that changed, and
    as the date of every event emitted, on the order and on the lines each covers."""
    names = tuple(event.name for event in events)
    by_line: dict[str, list[str]] = {}
    for event in events:
        for position in event.positions:
            by_line.setdefault(position, []).append(event.name)
    old = {line.position: line for line in before.lines} if before is not None else {}
    lines = []
    for given in after.lines:
        line = given
        covered = tuple(by_line.get(line.position, ()))
        if covered or old.get(line.position) != line:
            facts = line.facts or LineFacts()
            stamped = attrs.evolve(
                facts,
                event_dates=(facts.event_dates or EventDates()).stamped(covered, now)
                if covered
                else facts.event_dates,
                last_updated_at=now,
            )
            line = attrs.evolve(line, facts=stamped)
        lines.append(line)
    return attrs.evolve(
        after,
        lines=tuple(lines),
        event_dates=(after.event_dates or EventDates()).stamped(names, now)
        if names
        else after.event_dates,
        last_updated_at=now,
    )


def _dispatch(order: Order | None, message: Message, verification_available: bool) -> Outcome:
    # The classes of other routes than the message's need not be defined: by name.
    if is_message(message, "OrderMessage"):
        return _apply_order(order, cast("OrderMessage", message))
    if is_message(message, "SingleDeliveryOrderMessage"):
        return _apply_single_delivery(order, cast("SingleDeliveryOrderMessage", message))
    if is_message(message, "LineActionMessage"):
        return _apply_line_action(order, cast("LineActionMessage", message))
    if is_message(message, "OrderDeliveriesMessage", "OrderDeliveryHistoryMessage"):
        return _apply_deliveries(order, cast("DeliveryMessage", message))
    answer = cast("OrderIndicatorsMessage | OrderResponseMessage", message)
    checked = _verify(
        order, answer.route, answer.order.purchase_order_number, verification_available
    )
    if isinstance(checked, Outcome):
        return checked
    verified, http, rule = checked
    if isinstance(answer, OrderIndicatorsMessage):
        return _apply_indicators(verified, answer, http, rule)
    return _apply_response(verified, answer, http, rule)
