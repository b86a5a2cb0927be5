"""The codec's two structuring passes agree.

Valid input is structured by a fast pass (generated code, no bookkeeping); input it refuses is
structured again by the detailed pass, which collects every problem with its JSON path. These
properties pin that the split changes nothing a caller can see: over valid and broken inputs alike,
what the public functions return or raise is exactly what the detailed pass alone gives.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecloud_domain import InvalidInput, Problem, codec, dump_order, parse_order
from tradecloud_domain.messages import MESSAGE_TYPES
from tradecloud_domain.statuses import Route
from tradecloud_domain.testing.strategies import message_bodies, orders

#: Values that break some rule wherever they land: wrong JSON types, nulls, whitespace in
#: identifiers, negative or malformed numbers and dates, unknown status values.
BAD_VALUES: list[Any] = [
    None,
    "",
    " 1",
    "a b",
    "Unknown",
    "2026-13-45",
    "NaN",
    Decimal(-1),
    Decimal("1.5"),
    1.5,
    True,
    [],
    [{}],
    {},
    {"position": None},
]


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every object and array inside ``value``, ``value`` itself first."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _containers(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _containers(item, (*path, index))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def broken(draw: st.DrawFn, body: Any) -> Any:
    """``body`` with one to three changes: a value replaced, a field removed, an array item
    repeated (a duplicate position) or an array grown past its limit."""
    body = copy.deepcopy(body)
    for _ in range(draw(st.integers(1, 3))):
        container = _at(body, draw(st.sampled_from(_containers(body))))
        if isinstance(container, dict) and container:
            key = draw(st.sampled_from(sorted(container)))
            if draw(st.booleans()):
                del container[key]
            else:
                container[key] = copy.deepcopy(draw(st.sampled_from(BAD_VALUES)))
        elif isinstance(container, list) and container:
            index = draw(st.integers(0, len(container) - 1))
            change = draw(st.sampled_from(["replace", "repeat", "grow"]))
            if change == "replace":
                container[index] = copy.deepcopy(draw(st.sampled_from(BAD_VALUES)))
            elif change == "repeat":
                container.append(copy.deepcopy(container[index]))
            else:
                container.extend(copy.deepcopy(container[index]) for _ in range(101))
    return body


def _outcome(structure: Any, data: Any, kind: Any) -> tuple[str, object]:
    try:
        return "value", structure(data, kind)
    except InvalidInput as invalid:
        return "problems", invalid.problems


def _same_as_detailed(data: Any, kind: Any) -> tuple[str, object]:
    public = _outcome(codec.structure, data, kind)
    assert public == _outcome(codec._structure_detailed, data, kind)
    return public


@given(st.data())
def test_a_broken_state_gets_the_problems_of_the_detailed_pass(data: st.DataObject) -> None:
    body = dump_order(data.draw(orders(max_lines=4)))
    kind, result = _same_as_detailed(data.draw(broken(body)), codec._OrderDocument)
    if kind == "problems":
        assert result, "a refusal names its problems"
        assert all(isinstance(problem, Problem) for problem in result)  # type: ignore[attr-defined]


@given(st.data(), st.sampled_from(list(Route)))
def test_a_broken_message_gets_the_problems_of_the_detailed_pass(
    data: st.DataObject, route: Route
) -> None:
    order = data.draw(orders(min_lines=1, max_lines=3))
    body = data.draw(message_bodies(route, order))
    _same_as_detailed(data.draw(broken(body)), MESSAGE_TYPES[route])


@given(st.data(), st.sampled_from(list(Route)))
def test_valid_input_takes_the_fast_pass(data: st.DataObject, route: Route) -> None:
    order = data.draw(orders(min_lines=1, max_lines=4))
    state = dump_order(order)
    fast = codec._fast_hook(codec._OrderDocument)(state, codec._OrderDocument)
    assert fast == codec._structure_detailed(state, codec._OrderDocument)
    assert parse_order(state) == order
    body = data.draw(message_bodies(route, order))
    kind: Any = MESSAGE_TYPES[route]
    assert codec._fast_hook(kind)(body, kind) == codec._structure_detailed(body, kind)


def test_the_fast_pass_refuses_what_is_not_an_object() -> None:
    """A string holds no keys, so a class whose fields all have defaults could be built from one;
    the fast pass hands it to the detailed pass instead, which names the problem."""
    kind = codec._OrderDocument
    state = {"buyerOrder": {"purchaseOrderNumber": "P", "indicators": "autoConfirm"}}
    with pytest.raises(codec._NotFast):
        codec._fast_hook(kind)(state, kind)
    outcome, problems = _same_as_detailed(state, kind)
    assert outcome == "problems"
    assert [(p.path, p.code) for p in problems] == [  # type: ignore[attr-defined]
        ("buyerOrder.indicators", "type.object")
    ]


def _nested(levels: int, innermost: Any) -> Any:
    value = innermost
    for level in range(levels):
        value = [value] if level % 2 else {"deeper": value}
    return value


@pytest.mark.parametrize("levels", [*range(40, 70), 200])
@pytest.mark.parametrize("where", ["header", "line", "schedule line"])
def test_depth_in_fields_not_read_is_judged_as_the_detailed_pass_judges_it(
    levels: int, where: str
) -> None:
    """The fast pass measures only the fields it does not read, and hands anything near the
    limit to the detailed pass, which measures the whole document: the verdict is the same."""
    deep = _nested(levels, "x")
    line: dict[str, Any] = {
        "buyerLine": {
            "position": "1",
            "deliverySchedule": [{"position": "1", "date": "2027-01-01", "quantity": 1}],
        }
    }
    state: dict[str, Any] = {"buyerOrder": {"purchaseOrderNumber": "P"}, "lines": [line]}
    target = {
        "header": state["buyerOrder"],
        "line": line,
        "schedule line": line["buyerLine"]["deliverySchedule"][0],
    }[where]
    target["unknownField"] = deep
    outcome, result = _same_as_detailed(state, codec._OrderDocument)
    if levels <= 50 or levels >= 70:  # between them lies the limit, wherever it falls exactly
        assert (outcome == "problems") == (levels >= 70)
    if outcome == "problems":
        assert [p.code for p in result] == ["json.too-deep"]  # type: ignore[attr-defined]


def test_to_json_writes_decimals_exactly_and_refuses_what_json_cannot_hold() -> None:
    value = {"q": Decimal("12345678901234567890.123456789"), "e": Decimal("1E+3"), "t": ("a",)}
    assert (
        codec.to_json(value, indent=0) == '{"q":12345678901234567890.123456789,"e":1E+3,"t":["a"]}'
    )
    for number in (Decimal("NaN"), Decimal("-Infinity"), float("nan")):
        with pytest.raises(ValueError):
            codec.to_json({"q": number})
