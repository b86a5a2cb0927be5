"""Nothing but the library's own error, whatever comes in (issue: a fuzzed core that never crashes).

Arbitrary JSON, and valid messages mutated at random, go through validate, parse_message,
parse_order and apply; the only exception allowed is InvalidInput. When input is accepted, apply
keeps its promises: it mutates nothing, loses and invents no line, is deterministic, and the JSON
it emits reads back to an equal order.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradecloud_domain import (
    InvalidInput,
    Route,
    apply,
    dump_order,
    dump_outcome,
    entities,
    from_json,
    messages,
    parse_message,
    parse_order,
    to_json,
    validate,
    validate_order,
)
from tradecloud_domain._names import json_name

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STATE = from_json((EXAMPLES / "order.json").read_text())
BODIES: list[tuple[str, Any]] = [
    ("order", from_json((EXAMPLES / "cancel-lines-in-message.order.json").read_text())),
    ("order", from_json((EXAMPLES / "cancel-missing-lines.order.json").read_text())),
    ("order", from_json((EXAMPLES / "new-order.order.json").read_text())),
    ("order/indicators", from_json((EXAMPLES / "cancel-all-lines.indicators.json").read_text())),
    ("order/indicators", from_json((EXAMPLES / "confirm-and-ship.indicators.json").read_text())),
    (
        "order/revert-cancelled-lines",
        from_json((EXAMPLES / "revert-cancelled-lines.json").read_text()),
    ),
    (
        "order-response",
        from_json((EXAMPLES / "respond-with-other-dates.order-response.json").read_text()),
    ),
    (
        "order/approve-reopen-request",
        from_json((EXAMPLES / "approve-reopen-request.json").read_text()),
    ),
]


def _field_names() -> list[str]:
    names = set()
    for module in (entities, messages):
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value):
                names |= {json_name(a.name) for a in attrs.fields(value)}
    return sorted(names)


KEYS = st.sampled_from(_field_names()) | st.text(max_size=6)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        ["Issued", "InProgress", "Cancelled", "Open", "2026-01-05", "0001", "PO-1001"]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=30,
)
ROUTES = st.sampled_from([r.value for r in Route])


def only_invalid_input(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except InvalidInput as invalid:
        assert invalid.problems
        return None


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ROUTES, JSON)
def test_arbitrary_json_message(route: str, data: Any) -> None:
    problems = validate(route, data)
    message = only_invalid_input(parse_message, route, data)
    assert (message is None) == bool(problems)
    if message is not None:
        state = parse_order(STATE)
        only_invalid_input(apply, state, message)
        only_invalid_input(apply, None, message)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_arbitrary_json_state(data: Any) -> None:
    problems = validate_order(data)
    order = only_invalid_input(parse_order, data)
    assert (order is None) == bool(problems)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """``document`` with a few places replaced by arbitrary JSON, or removed."""
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(result) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = result
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON)
    return result


@st.composite
def mutated_cases(draw: st.DrawFn) -> tuple[str, Any, Any]:
    route, body = draw(st.sampled_from(BODIES))
    state = draw(st.one_of(st.just(STATE), mutated(STATE), st.none()))
    return route, draw(st.one_of(st.just(body), mutated(body))), state


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(mutated_cases())
def test_mutated_valid_messages(case: tuple[str, Any, Any]) -> None:
    route, body, state_data = case
    message = only_invalid_input(parse_message, route, body)
    state = None if state_data is None else only_invalid_input(parse_order, state_data)
    if message is None or (state_data is not None and state is None):
        return
    snapshot = copy.deepcopy(state)
    outcome = only_invalid_input(apply, state, message)
    if outcome is None:
        return
    assert state == snapshot  # never mutated
    assert apply(state, message) == outcome  # deterministic
    if state is not None and outcome.order is not None:
        before = [line.position for line in state.lines]
        assert [line.position for line in outcome.order.lines][: len(before)] == before
    emitted = json.loads(to_json(dump_outcome(outcome)), parse_float=Decimal)
    if outcome.order is not None:
        assert parse_order(emitted["order"]) == outcome.order
        assert parse_order(from_json(to_json(dump_order(outcome.order)))) == outcome.order


def test_huge_array_is_refused_before_it_is_read() -> None:
    lines = [{"position": str(n), "deliverySchedule": "not even checked"} for n in range(100_000)]
    problems = validate("order", {"order": {"purchaseOrderNumber": "P"}, "lines": lines})
    assert [(p.path, p.code) for p in problems] == [("lines", "collection.too-long")]


def test_deep_nesting_anywhere_is_refused() -> None:
    deep: Any = {}
    for _ in range(10_000):
        deep = {"item": deep}
    problems = validate("order", {"order": {"purchaseOrderNumber": "P"}, "lines": [deep]})
    assert [p.code for p in problems] == ["json.too-deep"]
    problems = validate_order({"buyerOrder": deep})
    assert [p.code for p in problems] == ["json.too-deep"]
